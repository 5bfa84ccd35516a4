# the stack is 512 bytes
-- asm
r1 = 0
*(u64 *)(r10 -520) = r1
r0 = 0
exit
-- expect
verdict: reject
insn: 1
message: invalid write to stack R10 off=-520 size=8
