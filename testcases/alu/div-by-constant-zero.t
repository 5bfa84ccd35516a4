# a constant zero divisor is rejected up front; a register divisor is not (see div-by-register)
-- asm
r0 = 1
r0 /= 0
exit
-- expect
verdict: reject
insn: 1
message: div by zero
