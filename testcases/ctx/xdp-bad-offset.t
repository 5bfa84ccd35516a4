# xdp_md has no field at offset 100
-- meta
type: xdp
-- asm
r0 = *(u32 *)(r1 +100)
r0 = 2
exit
-- expect
verdict: reject
insn: 0
message: invalid bpf_context access off=100 size=4
