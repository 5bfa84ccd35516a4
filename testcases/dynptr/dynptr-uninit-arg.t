# bpf_dynptr_read needs an initialised dynptr
-- asm
r1 = r10
r1 += -32
r2 = 8
r3 = r10
r3 += -16
r4 = 0
r5 = 0
call bpf_dynptr_read#201
r0 = 0
exit
-- expect
verdict: reject
message: Expected an initialized dynptr as arg #2
