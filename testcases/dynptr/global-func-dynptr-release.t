# a global function cannot release the dynptr it was given (a const dynptr)
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
r2 = 0
call bpf_ringbuf_submit_dynptr#199
r0 = 0
exit
-- expect
verdict: reject
message: cannot release unowned const bpf_dynptr
