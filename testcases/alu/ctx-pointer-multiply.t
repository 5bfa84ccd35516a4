# only add/sub are allowed on pointers
-- asm
r1 *= 2
r0 = 0
exit
-- expect
verdict: reject
insn: 0
message: R1 pointer arithmetic with *= operator prohibited
