# reading a register nothing wrote
-- asm
r0 = r2
exit
-- expect
verdict: reject
insn: 0
message: R2 !read_ok
