# a dynptr's stack bytes cannot be read directly
-- meta
map: ringbuf:0:0:4096
-- asm
r1 = map[0]
r2 = 8
r3 = 0
r4 = r10
r4 += -16
call bpf_ringbuf_reserve_dynptr#198
r6 = *(u32 *)(r10 -16)
r1 = r10
r1 += -16
r2 = 0
call bpf_ringbuf_discard_dynptr#200
r0 = 0
exit
-- expect
verdict: reject
message: invalid read from stack off -16+0 size 4
