# the smallest accepted program
-- asm
r0 = 0
exit
-- expect
verdict: accept
