# a global function taking struct bpf_dynptr *: the caller passes an initialised dynptr, the
# callee reads through it (a const local dynptr)
-- meta
map: ringbuf:0:0:4096
-- asm
main:
.func main global int
.func gf global int dynptr
r1 = map[0]
r2 = 8
r3 = 0
r4 = r10
r4 += -16
call bpf_ringbuf_reserve_dynptr#198
r1 = r10
r1 += -16
call gf
r1 = r10
r1 += -16
r2 = 0
call bpf_ringbuf_discard_dynptr#200
r0 = 0
exit
gf:
r3 = r1
r1 = r10
r1 += -8
r2 = 8
r4 = 0
r5 = 0
call bpf_dynptr_read#201
r0 = 0
exit
-- expect
verdict: accept
