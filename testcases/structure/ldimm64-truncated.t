# an ld_imm64 missing its second slot: the kernel first notices the program does not end in exit
-- raw
b700000000000000
9500000000000000
1801000000000000
-- expect
verdict: reject
message: last insn is not an exit or jmp
