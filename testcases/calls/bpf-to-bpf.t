# a static subprogram returning its argument
-- asm
r1 = 1
call pc+1
exit
r0 = r1
exit
-- expect
verdict: accept
