# a ringbuf dynptr holds a reference: exiting without submit/discard leaks it
-- meta
map: ringbuf:0:0:4096
-- asm
r1 = map[0]
r2 = 8
r3 = 0
r4 = r10
r4 += -16
call bpf_ringbuf_reserve_dynptr#198
r0 = 0
exit
-- expect
verdict: reject
message: BPF_EXIT instruction in main prog would lead to reference leak
