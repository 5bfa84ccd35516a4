# the context may only be accessed through the unmodified pointer plus a constant offset
-- asm
r1 += 4
r0 = *(u32 *)(r1 +0)
r0 = 0
exit
-- expect
verdict: reject
insn: 1
message: dereference of modified ctx ptr R1 off=4 disallowed
