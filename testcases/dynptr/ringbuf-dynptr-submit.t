# reserve a ringbuf dynptr, write through it, submit it
-- meta
map: ringbuf:0:0:4096
-- asm
r1 = map[0]
r2 = 8
r3 = 0
r4 = r10
r4 += -16
call bpf_ringbuf_reserve_dynptr#198
r1 = r10
r1 += -16
r2 = 0
r3 = r10
r3 += -24
*(u64 *)(r10 -24) = r2
r4 = 8
r5 = 0
call bpf_dynptr_write#202
r1 = r10
r1 += -16
r2 = 0
call bpf_ringbuf_submit_dynptr#199
r0 = 0
exit
-- expect
verdict: accept
