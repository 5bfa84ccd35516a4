# a branch that can never be taken is not verified (r2 is never read)
-- asm
r0 = 0
r1 = 0
if r1 == 1 goto pc+1
exit
r0 = *(u64 *)(r2 +0)
exit
-- expect
verdict: accept
