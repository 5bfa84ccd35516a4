# a constant shift amount must be below the operand width
-- asm
r0 = 1
r0 <<= 64
exit
-- expect
verdict: reject
insn: 1
message: invalid shift 64
