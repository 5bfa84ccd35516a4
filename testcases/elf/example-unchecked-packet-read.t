# an ELF object: the tc program reads the packet without checking its length
-- meta
program: read_unchecked
-- file
../examples/bad_packet.bpf.o
-- expect
verdict: reject
insn: 1
message: R1 offset is outside of the packet
