# a jump past the end of the program
-- asm
r0 = 0
if r0 == 0 goto pc+5
exit
-- expect
verdict: reject
message: jump out of range from insn 1 to 7
