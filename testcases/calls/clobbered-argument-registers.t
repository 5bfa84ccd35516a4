# R1-R5 are not preserved across a helper call
-- asm
r1 = 5
call bpf_ktime_get_ns#5
r0 = r1
exit
-- expect
verdict: reject
insn: 2
message: R1 !read_ok
