# r10 cannot be written
-- asm
r10 = 0
r0 = 0
exit
-- expect
verdict: reject
insn: 0
message: frame pointer is read only
