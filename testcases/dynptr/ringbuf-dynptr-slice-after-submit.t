# a bpf_dynptr_data slice of a ringbuf dynptr dies with the submit
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
r6 = r0
r1 = r10
r1 += -16
r2 = 0
call bpf_ringbuf_submit_dynptr#199
if r6 == 0 goto pc+1
r0 = *(u64 *)(r6 +0)
r0 = 0
exit
-- expect
verdict: reject
message: R6 invalid mem access 'scalar'
