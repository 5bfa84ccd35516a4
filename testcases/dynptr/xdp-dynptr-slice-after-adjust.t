# an xdp dynptr slice dies when bpf_xdp_adjust_head may change the packet
-- meta
requires: kernel-btf
program: xdp_slice_after_adjust
-- file
dynptr/obj/skb_slice.bpf.o
-- expect
verdict: reject
message: R7 invalid mem access 'scalar'
