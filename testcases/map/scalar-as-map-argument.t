# the first argument of bpf_map_lookup_elem must be a map
-- asm
r1 = 0
r2 = r10
r2 += -8
call bpf_map_lookup_elem#1
r0 = 0
exit
-- expect
verdict: reject
insn: 3
message: R1 type=scalar expected=map_ptr
