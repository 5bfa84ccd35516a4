# 0xff is not an instruction
-- raw
ff00000000000000
b700000000000000
9500000000000000
-- expect
verdict: reject
insn: 0
message: unknown opcode ff
