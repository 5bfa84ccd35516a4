# a variable-offset stack write reaching a referenced dynptr is refused
-- meta
map: ringbuf:0:0:4096
-- asm
r1 = map[0]
r2 = 8
r3 = 0
r4 = r10
r4 += -16
call bpf_ringbuf_reserve_dynptr#198
call bpf_get_prandom_u32#7
r0 &= 8
r2 = r10
r2 += -16
r2 += r0
r1 = 0
*(u8 *)(r2 +0) = r1
r1 = r10
r1 += -16
r2 = 0
call bpf_ringbuf_discard_dynptr#200
r0 = 0
exit
-- expect
verdict: reject
message: cannot overwrite referenced dynptr
