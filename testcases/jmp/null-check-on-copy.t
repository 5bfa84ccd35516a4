# a NULL check on a copy of the pointer makes the original safe too (same id)
-- meta
map: hash:4:8:16
-- asm
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call bpf_map_lookup_elem#1
r6 = r0
if r6 == 0 goto pc+1
r0 = *(u64 *)(r0 +0)
r0 = 0
exit
-- expect
verdict: accept
