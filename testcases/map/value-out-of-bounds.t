# an 8-byte value has no byte 8
-- meta
map: hash:4:8:16
-- asm
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call bpf_map_lookup_elem#1
if r0 == 0 goto pc+1
r0 = *(u64 *)(r0 +8)
r0 = 0
exit
-- expect
verdict: reject
insn: 8
message: invalid access to map value, value_size=8 off=8 size=8
