# a bpf_dynptr_data slice: null-checked, then accessed within its size
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
r3 = 8
call bpf_dynptr_data#203
if r0 == 0 goto pc+2
r1 = 7
*(u64 *)(r0 +0) = r1
r1 = r10
r1 += -16
r2 = 0
call bpf_ringbuf_submit_dynptr#199
r0 = 0
exit
-- expect
verdict: accept
