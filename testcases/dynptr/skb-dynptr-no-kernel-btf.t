# without kernel BTF a kfunc call is not guessed: verdict error, unsupported
-- meta
args: --kernel-btf /nonexistent
program: skb_slice_read
-- file
dynptr/obj/skb_slice.bpf.o
-- expect
verdict: error
message: needs kernel BTF (--kernel-btf FILE)
