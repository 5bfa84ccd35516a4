# an async callback must return 0 (kernel 6.18 message, checked with bpftool)
-- meta
program: timer_bad_ret
-- file
async/timer_cb.bpf.o
-- expect
verdict: reject
insn: 21
message: At async callback return the register R0 has smin=1 smax=1 should have been in [0, 0]
