# a global function's struct bpf_dynptr * argument must be an initialised dynptr
-- asm
main:
.func main global int
.func gf global int dynptr
r1 = r10
r1 += -16
call gf
r0 = 0
exit
gf:
r0 = 0
exit
-- expect
verdict: reject
message: Caller passes invalid args into func#1 ('gf')
