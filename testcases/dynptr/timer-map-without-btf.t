# bpf_timer helpers need a map created with BTF
-- meta
map: array:4:16:1
-- asm
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call bpf_map_lookup_elem#1
if r0 == 0 goto pc+4
r1 = r0
r2 = map[0]
r3 = 1
call bpf_timer_init#169
r0 = 0
exit
-- expect
verdict: reject
message: has to have BTF in order to use bpf_timer
