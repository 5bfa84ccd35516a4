# a reference held by the caller across bpf_loop: the callback's exit does not leak it
-- meta
map: ringbuf:0:0:4096
-- asm
main:
.func main global int
.func cb static int scalar scalar
r1 = map[0]
r2 = 8
r3 = 0
call bpf_ringbuf_reserve#131
if r0 == 0 goto out
r6 = r0
r1 = 1
r2 = func[cb]
r3 = 0
r4 = 0
call bpf_loop#181
r1 = r6
r2 = 0
call bpf_ringbuf_submit#132
out:
r0 = 0
exit
cb:
r0 = 0
exit
-- expect
verdict: accept
