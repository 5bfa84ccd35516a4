# socket filters cannot adjust XDP headers
-- asm
r2 = 0
call bpf_xdp_adjust_head#44
r0 = 0
exit
-- expect
verdict: reject
insn: 1
message: program of this type cannot use helper bpf_xdp_adjust_head#44
