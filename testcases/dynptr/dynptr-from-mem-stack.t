# bpf_dynptr_from_mem takes map value memory only
-- asm
r1 = r10
r1 += -8
r2 = 0
*(u64 *)(r10 -8) = r2
r2 = 8
r3 = 0
r4 = r10
r4 += -24
call bpf_dynptr_from_mem#197
r0 = 0
exit
-- expect
verdict: reject
message: Unsupported reg type fp for bpf_dynptr_from_mem data
