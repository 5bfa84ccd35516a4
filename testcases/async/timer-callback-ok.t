# bpf_timer_set_callback: the callback (R1 map, R2 key, R3 value) returns 0 (kernel 6.18: accepted)
-- meta
program: timer_ok
-- file
async/timer_cb.bpf.o
-- expect
verdict: accept
