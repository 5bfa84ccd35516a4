# division by a register that is zero is defined at run time (x/0 = 0): accepted
-- asm
r0 = 1
r1 = 0
r0 /= r1
exit
-- expect
verdict: accept
