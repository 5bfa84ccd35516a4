# bpf_dynptr_slice_rdwr needs packet write access, which cgroup_skb lacks
-- meta
requires: kernel-btf
program: cg_slice_rdwr
-- file
dynptr/obj/skb_slice.bpf.o
-- expect
verdict: reject
message: the prog does not allow writes to packet data
