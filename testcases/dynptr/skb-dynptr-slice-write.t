# a bpf_dynptr_slice result is read-only memory
-- meta
requires: kernel-btf
program: skb_slice_write
-- file
dynptr/obj/skb_slice.bpf.o
-- expect
verdict: reject
message: R0 cannot write into rdonly_mem
