# a checked read-only bpf_dynptr_slice of an skb dynptr (stack buffer) is accepted
-- meta
requires: kernel-btf
program: skb_slice_read
-- file
dynptr/obj/skb_slice.bpf.o
-- expect
verdict: accept
