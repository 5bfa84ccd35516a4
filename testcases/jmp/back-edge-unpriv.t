# without CAP_BPF loops are not allowed at all
-- meta
args: --unpriv
-- asm
r0 = 0
r1 = 0
r1 += 1
if r1 < 10 goto pc-2
exit
-- expect
verdict: reject
message: back-edge from insn 3 to 2
