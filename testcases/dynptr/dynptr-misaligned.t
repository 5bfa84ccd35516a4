# a dynptr must take two whole stack slots
-- meta
map: ringbuf:0:0:4096
-- asm
r1 = map[0]
r2 = 8
r3 = 0
r4 = r10
r4 += -8
call bpf_ringbuf_reserve_dynptr#198
r0 = 0
exit
-- expect
verdict: reject
message: Dynptr has to be an uninitialized dynptr
