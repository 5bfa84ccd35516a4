# an ld_imm64 map reference holding an fd that names no map (what the kernel sees for fd 1)
-- meta
map: hash:4:8:16
-- asm
r1 = map[fd:1]
r0 = 0
exit
-- expect
verdict: reject
insn: 0
message: fd 1 is not pointing to valid bpf_map
