# an ELF object with a BTF-defined map, a bounds check and an atomic add
-- file
../examples/xdp_pass.bpf.o
-- expect
verdict: accept
