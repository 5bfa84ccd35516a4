# __sk_buff.len is read-only
-- asm
r2 = 0
*(u32 *)(r1 +0) = r2
r0 = 0
exit
-- expect
verdict: reject
insn: 1
message: invalid bpf_context access off=0 size=4
