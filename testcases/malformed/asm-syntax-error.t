# assembly that is not assembly
-- asm
r0 = = 1
exit
-- expect
exit: 2
