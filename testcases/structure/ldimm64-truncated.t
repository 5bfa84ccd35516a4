# an ld_imm64 needs its second slot
-- raw
b700000000000000
9500000000000000
1801000000000000
-- expect
verdict: reject
message: invalid bpf_ld_imm64 insn
