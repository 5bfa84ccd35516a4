/* The operation codes the domain functions take: BPF_OP() values of ALU and conditional-jump
 * instructions. Spelled here rather than taken from analyzer/bpf_defs.h because domains/ depends on
 * nothing above it; the numbers are the instruction set's. */
#ifndef BPFVET_DOMAIN_OPS_H
#define BPFVET_DOMAIN_OPS_H

enum {
	OP_ADD = 0x00,
	OP_SUB = 0x10,
	OP_MUL = 0x20,
	OP_DIV = 0x30,
	OP_OR = 0x40,
	OP_AND = 0x50,
	OP_LSH = 0x60,
	OP_RSH = 0x70,
	OP_NEG = 0x80,
	OP_MOD = 0x90,
	OP_XOR = 0xa0,
	OP_MOV = 0xb0,
	OP_ARSH = 0xc0,
	OP_END = 0xd0,
};

enum {
	J_JEQ = 0x10,
	J_JGT = 0x20,
	J_JGE = 0x30,
	J_JSET = 0x40,
	J_JNE = 0x50,
	J_JSGT = 0x60,
	J_JSGE = 0x70,
	J_JLT = 0xa0,
	J_JLE = 0xb0,
	J_JSLT = 0xc0,
	J_JSLE = 0xd0,
	J_NOT_JSET = 0x41, /* private marker, see jmp_negate() */
};

#endif
