# an AND with a constant bounds a value well enough to index a map value
-- meta
map: array:4:48:1
-- asm
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call bpf_map_lookup_elem#1
if r0 == 0 goto pc+4
r1 = *(u64 *)(r0 +0)
r1 &= 31
r0 += r1
r1 = *(u64 *)(r0 +0)
r0 = 0
exit
-- expect
verdict: accept
