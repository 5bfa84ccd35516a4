# bpf_dynptr_from_skb is not registered for kprobe programs
-- meta
requires: kernel-btf
program: kprobe_from_skb
-- file
dynptr/obj/skb_slice.bpf.o
-- expect
verdict: reject
message: calling kernel function bpf_dynptr_from_skb is not allowed
