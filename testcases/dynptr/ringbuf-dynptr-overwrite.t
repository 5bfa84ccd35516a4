# a store over a referenced (ringbuf) dynptr's stack slot is rejected
-- meta
map: ringbuf:0:0:4096
-- asm
r1 = map[0]
r2 = 8
r3 = 0
r4 = r10
r4 += -16
call bpf_ringbuf_reserve_dynptr#198
r1 = 0
*(u64 *)(r10 -8) = r1
r1 = r10
r1 += -16
r2 = 0
call bpf_ringbuf_discard_dynptr#200
r0 = 0
exit
-- expect
verdict: reject
insn: 8
message: cannot overwrite referenced dynptr
