# R0 must be written before exit
-- asm
exit
-- expect
verdict: reject
insn: 0
message: R0 !read_ok
