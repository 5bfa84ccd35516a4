# a bpf_user_ringbuf_drain callback gets a const dynptr it cannot release
-- meta
map: user_ringbuf:0:0:4096
-- asm
main:
.func main global int
.func cb static int scalar scalar
r1 = map[0]
r2 = func[cb]
r3 = 0
r4 = 0
call bpf_user_ringbuf_drain#209
r0 = 0
exit
cb:
r2 = 0
call bpf_ringbuf_discard_dynptr#200
r0 = 0
exit
-- expect
verdict: reject
message: cannot release unowned const bpf_dynptr
