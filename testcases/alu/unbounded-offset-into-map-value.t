# without the AND the offset is unbounded
-- meta
map: array:4:48:1
-- asm
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call bpf_map_lookup_elem#1
if r0 == 0 goto pc+3
r1 = *(u64 *)(r0 +0)
r0 += r1
r1 = *(u64 *)(r0 +0)
r0 = 0
exit
-- expect
verdict: reject
insn: 9
message: math between map_value pointer and register with unbounded min value is not allowed
