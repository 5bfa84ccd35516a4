/* Instruction encoding rules: which opcodes exist (the kernel's bpf_opcode_in_insntable(), here
 * as rules per class rather than a table) and which fields each instruction must leave zero.
 * Messages are the kernel's (verifier.c, 6.12, checked against 6.18). See insn_check.h for where
 * each check sits in the kernel's processing order. */
#include "insn_check.h"

#include <errno.h>

static bool alu_op_valid(u8 op)
{
	switch (op) {
	case BPF_ADD:
	case BPF_SUB:
	case BPF_MUL:
	case BPF_DIV:
	case BPF_OR:
	case BPF_AND:
	case BPF_LSH:
	case BPF_RSH:
	case BPF_MOD:
	case BPF_XOR:
	case BPF_MOV:
	case BPF_ARSH:
		return true;
	default:
		return false;
	}
}

static bool jmp_cond_op(u8 op)
{
	switch (op) {
	case BPF_JEQ:
	case BPF_JGT:
	case BPF_JGE:
	case BPF_JSET:
	case BPF_JNE:
	case BPF_JSGT:
	case BPF_JSGE:
	case BPF_JLT:
	case BPF_JLE:
	case BPF_JSLT:
	case BPF_JSLE:
		return true;
	default:
		return false;
	}
}

bool insn_opcode_valid(u8 code)
{
	u8 op = BPF_OP(code), src = BPF_SRC(code), mode = BPF_MODE(code), size = BPF_SIZE(code);

	switch (BPF_CLASS(code)) {
	case BPF_ALU:
	case BPF_ALU64:
		if (alu_op_valid(op))
			return true;
		if (op == BPF_NEG)
			return src == BPF_K;
		if (op == BPF_END)
			/* ALU64 has only the unconditional byte swap (encoded as to_le) */
			return BPF_CLASS(code) == BPF_ALU || src == BPF_TO_LE;
		return false;
	case BPF_JMP:
		if (jmp_cond_op(op))
			return true;
		return src == BPF_K &&
		       (op == BPF_JA || op == BPF_CALL || op == BPF_EXIT || op == BPF_JCOND);
	case BPF_JMP32:
		if (jmp_cond_op(op))
			return true;
		return op == BPF_JA && src == BPF_K;
	case BPF_STX:
		/* 6.15+: 8/16-bit atomics exist for load-acquire/store-release */
		return mode == BPF_MEM || mode == BPF_ATOMIC;
	case BPF_ST:
		return mode == BPF_MEM;
	case BPF_LDX:
		return mode == BPF_MEM || (mode == BPF_MEMSX && size != BPF_DW);
	case BPF_LD:
		if (mode == BPF_IMM)
			return size == BPF_DW;
		return (mode == BPF_ABS || mode == BPF_IND) && size != BPF_DW;
	}
	return false;
}

static int reject(struct result *r, u32 idx, const char *msg)
{
	result_set(r, VERDICT_REJECT, (s32)idx, "%s", msg);
	return -EINVAL;
}

static int check_alu_fields(const struct insn *in, u32 idx, struct result *r)
{
	u8 op = BPF_OP(in->code);
	bool x = BPF_SRC(in->code) == BPF_X, alu64 = BPF_CLASS(in->code) == BPF_ALU64;

	if (op == BPF_NEG) {
		if (x || in->src || in->off || in->imm)
			return reject(r, idx, "BPF_NEG uses reserved fields");
		return 0;
	}
	if (op == BPF_END) {
		if (in->src || in->off || (in->imm != 16 && in->imm != 32 && in->imm != 64) ||
		    (alu64 && BPF_SRC(in->code) != BPF_TO_LE))
			return reject(r, idx, "BPF_END uses reserved fields");
		return 0;
	}
	if (op == BPF_MOV) {
		if (!x) {
			if (in->src || in->off)
				return reject(r, idx, "BPF_MOV uses reserved fields");
			return 0;
		}
		if (!alu64) {
			if ((in->off != 0 && in->off != 8 && in->off != 16) || in->imm)
				return reject(r, idx, "BPF_MOV uses reserved fields");
			return 0;
		}
		if (in->off == BPF_ADDR_SPACE_CAST) {
			/* the arena requirement that follows is the engine's (it needs the maps) */
			if (in->imm != 1 && in->imm != 1 << 16)
				return reject(
					r, idx,
					"addr_space_cast insn can only convert between address "
					"space 1 and 0");
			return 0;
		}
		if ((in->off != 0 && in->off != 8 && in->off != 16 && in->off != 32) || in->imm)
			return reject(r, idx, "BPF_MOV uses reserved fields");
		return 0;
	}
	if (op > BPF_END) {
		result_set(r, VERDICT_REJECT, (s32)idx, "invalid BPF_ALU opcode %x", op);
		return -EINVAL;
	}
	/* off 1 is the signed form of div/mod */
	if ((in->off != 0 && in->off != 1) || (in->off == 1 && op != BPF_MOD && op != BPF_DIV) ||
	    (x ? in->imm != 0 : in->src != 0))
		return reject(r, idx, "BPF_ALU uses reserved fields");
	return 0;
}

static int check_jmp_fields(const struct insn *in, u32 idx, struct result *r)
{
	u8 op = BPF_OP(in->code);
	bool jmp32 = BPF_CLASS(in->code) == BPF_JMP32;

	switch (op) {
	case BPF_CALL:
		if (BPF_SRC(in->code) != BPF_K ||
		    (in->src != BPF_PSEUDO_KFUNC_CALL && in->off != 0) ||
		    (in->src != 0 && in->src != BPF_PSEUDO_CALL &&
		     in->src != BPF_PSEUDO_KFUNC_CALL) ||
		    in->dst != 0 || jmp32)
			return reject(r, idx, "BPF_CALL uses reserved fields");
		return 0;
	case BPF_JA:
		if (BPF_SRC(in->code) != BPF_K || in->src || in->dst || (!jmp32 && in->imm != 0) ||
		    (jmp32 && in->off != 0))
			return reject(r, idx, "BPF_JA uses reserved fields");
		return 0;
	case BPF_EXIT:
		if (BPF_SRC(in->code) != BPF_K || in->imm || in->src || in->dst || jmp32)
			return reject(r, idx, "BPF_EXIT uses reserved fields");
		return 0;
	case BPF_JCOND:
		/* 6.18 allows off 0 and names only imm (6.12: "invalid may_goto off %d imm %d") */
		if (in->code != (BPF_JMP | BPF_JCOND) || in->src != BPF_MAY_GOTO || in->dst ||
		    in->imm) {
			result_set(r, VERDICT_REJECT, (s32)idx, "invalid may_goto imm %d", in->imm);
			return -EINVAL;
		}
		return 0;
	default:
		if (op > BPF_JCOND) {
			result_set(r, VERDICT_REJECT, (s32)idx, "invalid BPF_JMP/JMP32 opcode %x",
				   op);
			return -EINVAL;
		}
		/* conditional jumps: their field check comes later (insn_check_jmp_fields) */
		return 0;
	}
}

static int check_atomic_fields(const struct insn *in, u32 idx, struct result *r)
{
	switch (in->imm) {
	case BPF_ADD:
	case BPF_ADD | BPF_FETCH:
	case BPF_AND:
	case BPF_AND | BPF_FETCH:
	case BPF_OR:
	case BPF_OR | BPF_FETCH:
	case BPF_XOR:
	case BPF_XOR | BPF_FETCH:
	case BPF_XCHG:
	case BPF_CMPXCHG:
		if (BPF_SIZE(in->code) != BPF_W && BPF_SIZE(in->code) != BPF_DW)
			return reject(r, idx, "invalid atomic operand size");
		return 0;
	case BPF_LOAD_ACQ:
	case BPF_STORE_REL:
		/* any size on x86-64; the register/pointer rules are the engine's */
		return 0;
	default:
		result_set(r, VERDICT_REJECT, (s32)idx,
			   "BPF_ATOMIC uses invalid atomic opcode %02x", in->imm);
		return -EINVAL;
	}
}

int insn_check_fields(const struct program *prog, u32 idx, struct result *r)
{
	const struct insn *in;

	if (idx >= prog->insn_cnt) {
		result_set(r, VERDICT_REJECT, (s32)idx, "invalid insn idx %u insn_cnt %u", idx,
			   prog->insn_cnt);
		return -EINVAL;
	}
	in = &prog->insns[idx];
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return check_alu_fields(in, idx, r);
	case BPF_LDX:
		/* checked up front by cfg_build (resolve_pseudo_ldimm64); repeated for safety */
		if ((BPF_MODE(in->code) != BPF_MEM && BPF_MODE(in->code) != BPF_MEMSX) || in->imm)
			return reject(r, idx, "BPF_LDX uses reserved fields");
		return 0;
	case BPF_STX:
		if (BPF_MODE(in->code) == BPF_ATOMIC)
			return check_atomic_fields(in, idx, r);
		if (BPF_MODE(in->code) != BPF_MEM || in->imm)
			return reject(r, idx, "BPF_STX uses reserved fields");
		return 0;
	case BPF_ST:
		if (BPF_MODE(in->code) != BPF_MEM || in->src)
			return reject(r, idx, "BPF_ST uses reserved fields");
		return 0;
	case BPF_JMP:
	case BPF_JMP32:
		return check_jmp_fields(in, idx, r);
	case BPF_LD:
		switch (BPF_MODE(in->code)) {
		case BPF_ABS:
		case BPF_IND:
			return 0; /* insn_check_ld_abs_fields, later */
		case BPF_IMM:
			if (BPF_SIZE(in->code) != BPF_DW)
				return reject(r, idx, "invalid BPF_LD_IMM insn");
			if (in->off)
				return reject(r, idx, "BPF_LD_IMM64 uses reserved fields");
			return 0;
		default:
			return reject(r, idx, "invalid BPF_LD mode");
		}
	}
	return 0;
}

int insn_check_alu_const(const struct program *prog, u32 idx, struct result *r)
{
	const struct insn *in = &prog->insns[idx];
	u8 op = BPF_OP(in->code);
	s32 bits = BPF_CLASS(in->code) == BPF_ALU64 ? 64 : 32;

	if (BPF_SRC(in->code) != BPF_K)
		return 0;
	if ((op == BPF_DIV || op == BPF_MOD) && in->imm == 0)
		return reject(r, idx, "div by zero");
	if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) &&
	    (in->imm < 0 || in->imm >= bits)) {
		result_set(r, VERDICT_REJECT, (s32)idx, "invalid shift %d", in->imm);
		return -EINVAL;
	}
	return 0;
}

int insn_check_jmp_fields(const struct program *prog, u32 idx, struct result *r)
{
	const struct insn *in = &prog->insns[idx];

	if (BPF_SRC(in->code) == BPF_X ? in->imm != 0 : in->src != 0)
		return reject(r, idx, "BPF_JMP/JMP32 uses reserved fields");
	return 0;
}

int insn_check_ld_abs_fields(const struct program *prog, u32 idx, struct result *r)
{
	const struct insn *in = &prog->insns[idx];

	if (in->dst || in->off || BPF_SIZE(in->code) == BPF_DW ||
	    (BPF_MODE(in->code) == BPF_ABS && in->src))
		return reject(r, idx, "BPF_LD_[ABS|IND] uses reserved fields");
	return 0;
}
