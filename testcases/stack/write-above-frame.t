# nothing above the frame pointer belongs to the program
-- asm
r1 = 0
*(u64 *)(r10 +0) = r1
r0 = 0
exit
-- expect
verdict: reject
insn: 1
message: invalid write to stack R10 off=0 size=8
