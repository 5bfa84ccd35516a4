/* Instruction text in the syntax of the kernel verifier log (print_bpf_insn() in
 * kernel/bpf/disasm.c as driven by do_check(), Linux 6.18): every opcode, including the malformed
 * ones, prints the way the kernel would print it, down to its "BUG_xx" and "(null)" texts.
 *
 * Where the kernel prints a run-time address that a static tool does not have (ld_imm64 of a map
 * or of a ksym), we print a symbolic text instead, modelled on bpftool's xlated dump:
 *   BPF_PSEUDO_MAP_FD      r1 = map[NAME]           (NAME = map name, or its index if unnamed)
 *   BPF_PSEUDO_MAP_VALUE   r1 = map[NAME][0]+OFF
 *   literal fd (imm < 0)   r1 = map[fd:N]            (resp. map[fd:N][0]+OFF)
 *   BPF_PSEUDO_BTF_ID      r1 = ksym[NAME]           (ksym[#N] when the extern is unknown)
 * kfunc calls print "call NAME#IDX" with the extern index where the kernel prints the BTF id, and
 * "call #N" when the index names no extern (as the kernel prints BTF id 0).
 * The asm frontend (frontends/fe_asm.c) reads all of these back. */
#include "disasm.h"

#include <ctype.h>
#include <string.h>

/* Texts the kernel indexes with opcode bits; a hole is printed as the kernel's vsnprintf prints
 * a NULL string: "(null)". */
static const char *const alu_ops[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=", "endian",
};
static const char *const jmp_ops[16] = {
	"jmp", "==", ">", ">=", "&", "!=", "s>", "s>=", "call", "exit", "<", "<=", "s<", "s<=",
};
static const char *const atomic_names[16] = {
	[BPF_ADD >> 4] = "add",
	[BPF_AND >> 4] = "and",
	[BPF_OR >> 4] = "or",
	[BPF_XOR >> 4] = "xor",
};
static const char *const size_names[4] = {"u32", "u16", "u8", "u64"};
static const char *const sx_size_names[4] = {"s32", "s16", "s8", NULL};

static const char *nn(const char *s)
{
	return s ? s : "(null)";
}

static const char *size_name(u8 code)
{
	return size_names[BPF_SIZE(code) >> 3];
}

/* A map name usable inside "map[...]": something the asm frontend reads back unambiguously
 * (not empty, not starting with a digit, no brackets or blanks). */
static bool map_name_printable(const struct program *prog, u32 idx)
{
	const char *name = prog->obj->maps[idx].name;

	if (!name || !*name || isdigit((unsigned char)name[0]) || strncmp(name, "fd:", 3) == 0)
		return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.' && *p != '-' && *p != '$')
			return false;
	/* a duplicate name would read back as the first map of that name */
	for (u32 j = 0; j < idx; j++)
		if (prog->obj->maps[j].name && strcmp(prog->obj->maps[j].name, name) == 0)
			return false;
	return true;
}

static void print_map_ref(const struct program *prog, s32 imm, struct strbuf *sb)
{
	if (imm < 0)
		strbuf_printf(sb, "map[fd:%d]", -(imm + 1));
	else if (prog && prog->obj && (u32)imm < prog->obj->map_cnt &&
		 map_name_printable(prog, (u32)imm))
		strbuf_printf(sb, "map[%s]", prog->obj->maps[imm].name);
	else
		strbuf_printf(sb, "map[%d]", imm);
}

static void print_ld_imm64(const struct program *prog, const struct insn *insns, u32 cnt, u32 i,
			   struct strbuf *sb)
{
	const struct insn *in = &insns[i];
	s32 hi = i + 1 < cnt ? insns[i + 1].imm : 0;
	u64 val = ((u64)(u32)hi << 32) | (u32)in->imm;

	strbuf_printf(sb, "r%d = ", in->dst);
	switch (in->src) {
	case BPF_PSEUDO_MAP_FD:
		print_map_ref(prog, in->imm, sb);
		if (hi) /* the kernel rejects this; keep the bytes visible */
			strbuf_printf(sb, "+%u", (u32)hi);
		return;
	case BPF_PSEUDO_MAP_VALUE:
		print_map_ref(prog, in->imm, sb);
		strbuf_printf(sb, "[0]+%u", (u32)hi);
		return;
	case BPF_PSEUDO_BTF_ID:
		if (prog && in->imm >= 0 && (u32)in->imm < prog->extern_cnt &&
		    prog->externs[in->imm].name)
			strbuf_printf(sb, "ksym[%s]", prog->externs[in->imm].name);
		else
			strbuf_printf(sb, "ksym[#%d]", in->imm);
		if (hi)
			strbuf_printf(sb, "+%u", (u32)hi);
		return;
	default:
		/* BPF_PSEUDO_FUNC keeps its relative offset until after verification, so the kernel
		 * prints the raw value, as for every other src_reg */
		strbuf_printf(sb, "0x%llx", (unsigned long long)val);
		return;
	}
}

static void print_call(const struct program *prog, const struct insn *in, struct strbuf *sb)
{
	const char *name = NULL;

	if (in->src == BPF_PSEUDO_CALL) {
		strbuf_printf(sb, "call pc%+d", in->imm);
		return;
	}
	if (in->src == 0)
		name = helper_name(in->imm);
	else if (in->src == BPF_PSEUDO_KFUNC_CALL) {
		if (prog && in->imm >= 0 && (u32)in->imm < prog->extern_cnt &&
		    prog->externs[in->imm].name)
			name = prog->externs[in->imm].name;
		else /* the kernel names BTF id 0 (void) "": "call #0" */
			name = "";
	}
	strbuf_printf(sb, "call %s#%d", name ? name : "unknown", in->imm);
}

static void print_alu(const struct insn *in, u8 cls, struct strbuf *sb)
{
	char r = cls == BPF_ALU ? 'w' : 'r';
	u8 op = BPF_OP(in->code);
	const char *ops;

	if (op == BPF_END) {
		if (cls == BPF_ALU64)
			strbuf_printf(sb, "r%d = bswap%d r%d", in->dst, in->imm, in->dst);
		else
			strbuf_printf(sb, "r%d = %s%d r%d", in->dst,
				      BPF_SRC(in->code) == BPF_TO_BE ? "be" : "le", in->imm,
				      in->dst);
		return;
	}
	if (op == BPF_NEG) {
		strbuf_printf(sb, "%c%d = -%c%d", r, in->dst, r, in->dst);
		return;
	}
	if (in->code == (BPF_ALU64 | BPF_MOV | BPF_X) && in->off == BPF_ADDR_SPACE_CAST) {
		strbuf_printf(sb, "r%d = addr_space_cast(r%d, %u, %u)", in->dst, in->src,
			      (u32)in->imm >> 16, (u16)in->imm);
		return;
	}
	if (in->code == (BPF_ALU64 | BPF_MOV | BPF_X) && in->off == -1) {
		/* BPF_ADDR_PERCPU: kernel-internal, but printable if someone feeds it to us */
		strbuf_printf(sb, "r%d = &(void __percpu *)(r%d)", in->dst, in->src);
		return;
	}
	ops = alu_ops[op >> 4];
	if ((op == BPF_DIV || op == BPF_MOD) && in->off == 1)
		ops = op == BPF_DIV ? "s/=" : "s%=";
	if (BPF_SRC(in->code) == BPF_X) {
		const char *sx = "";

		if (op == BPF_MOV && (in->off == 8 || in->off == 16 || in->off == 32))
			sx = in->off == 8 ? "(s8)" : in->off == 16 ? "(s16)" : "(s32)";
		strbuf_printf(sb, "%c%d %s %s%c%d", r, in->dst, nn(ops), sx, r, in->src);
	} else {
		strbuf_printf(sb, "%c%d %s %d", r, in->dst, nn(ops), in->imm);
	}
}

/* Returns false when the kernel prints a bare "BUG_xx" (already appended) instead. */
static bool print_stx(const struct insn *in, struct strbuf *sb)
{
	const char *sz = size_name(in->code);
	const char *w64 = BPF_SIZE(in->code) == BPF_DW ? "64" : "";
	s32 imm = in->imm;

	if (BPF_MODE(in->code) == BPF_MEM) {
		strbuf_printf(sb, "*(%s *)(r%d %+d) = r%d", sz, in->dst, in->off, in->src);
		return true;
	}
	if (BPF_MODE(in->code) != BPF_ATOMIC)
		goto bug;
	if (imm == BPF_ADD || imm == BPF_AND || imm == BPF_OR || imm == BPF_XOR)
		strbuf_printf(sb, "lock *(%s *)(r%d %+d) %s r%d", sz, in->dst, in->off,
			      alu_ops[imm >> 4], in->src);
	else if (imm == (BPF_ADD | BPF_FETCH) || imm == (BPF_AND | BPF_FETCH) ||
		 imm == (BPF_OR | BPF_FETCH) || imm == (BPF_XOR | BPF_FETCH))
		strbuf_printf(sb, "r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)", in->src, w64,
			      atomic_names[imm >> 4], sz, in->dst, in->off, in->src);
	else if (imm == BPF_CMPXCHG)
		strbuf_printf(sb, "r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)", w64, sz,
			      in->dst, in->off, in->src);
	else if (imm == BPF_XCHG)
		strbuf_printf(sb, "r%d = atomic%s_xchg((%s *)(r%d %+d), r%d)", in->src, w64, sz,
			      in->dst, in->off, in->src);
	else if (imm == BPF_LOAD_ACQ)
		strbuf_printf(sb, "r%d = load_acquire((%s *)(r%d %+d))", in->dst, sz, in->src,
			      in->off);
	else if (imm == BPF_STORE_REL)
		strbuf_printf(sb, "store_release((%s *)(r%d %+d), r%d)", sz, in->dst, in->off,
			      in->src);
	else
		goto bug;
	return true;
bug:
	strbuf_printf(sb, "BUG_%02x", in->code);
	return false;
}

static void print_jmp(const struct program *prog, const struct insn *in, u8 cls, struct strbuf *sb)
{
	char r = cls == BPF_JMP32 ? 'w' : 'r';
	u8 op = BPF_OP(in->code);

	if (op == BPF_CALL)
		print_call(prog, in, sb);
	else if (in->code == (BPF_JMP | BPF_JA))
		strbuf_printf(sb, "goto pc%+d", in->off);
	else if (in->code == (BPF_JMP | BPF_JCOND) && in->src == BPF_MAY_GOTO)
		strbuf_printf(sb, "may_goto pc%+d", in->off);
	else if (in->code == (BPF_JMP32 | BPF_JA))
		strbuf_printf(sb, "gotol pc%+d", in->imm);
	else if (in->code == (BPF_JMP | BPF_EXIT))
		strbuf_puts(sb, "exit");
	else if (BPF_SRC(in->code) == BPF_X)
		strbuf_printf(sb, "if %c%d %s %c%d goto pc%+d", r, in->dst, nn(jmp_ops[op >> 4]), r,
			      in->src, in->off);
	else
		strbuf_printf(sb, "if %c%d %s 0x%x goto pc%+d", r, in->dst, nn(jmp_ops[op >> 4]),
			      (u32)in->imm, in->off);
}

/* The kernel's text for insns[i], appended to sb; with_code adds the "(xx) " opcode prefix,
 * which the kernel omits for its BUG_ texts. */
static void disasm_text(const struct program *prog, const struct insn *insns, u32 cnt, u32 i,
			struct strbuf *sb, bool with_code)
{
	const struct insn *in = &insns[i];
	u8 cls = BPF_CLASS(in->code);
	u8 mode = BPF_MODE(in->code);
	size_t start = sb->len, body_at;
	bool ok = true;

	if (with_code)
		strbuf_printf(sb, "(%02x) ", in->code);
	body_at = sb->len;

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		print_alu(in, cls, sb);
		break;
	case BPF_STX:
		ok = print_stx(in, sb);
		break;
	case BPF_ST:
		if (mode == BPF_MEM)
			strbuf_printf(sb, "*(%s *)(r%d %+d) = %d", size_name(in->code), in->dst,
				      in->off, in->imm);
		else if (mode == 0xc0) /* BPF_NOSPEC: kernel-internal */
			strbuf_puts(sb, "nospec");
		else
			ok = (strbuf_printf(sb, "BUG_st_%02x", in->code), false);
		break;
	case BPF_LDX:
		if (mode == BPF_MEM || mode == BPF_MEMSX)
			strbuf_printf(sb, "r%d = *(%s *)(r%d %+d)", in->dst,
				      nn(mode == BPF_MEM ? size_name(in->code)
							 : sx_size_names[BPF_SIZE(in->code) >> 3]),
				      in->src, in->off);
		else
			ok = (strbuf_printf(sb, "BUG_ldx_%02x", in->code), false);
		break;
	case BPF_LD:
		if (mode == BPF_ABS)
			strbuf_printf(sb, "r0 = *(%s *)skb[%d]", size_name(in->code), in->imm);
		else if (mode == BPF_IND)
			strbuf_printf(sb, "r0 = *(%s *)skb[r%d + %d]", size_name(in->code), in->src,
				      in->imm);
		else if (mode == BPF_IMM && BPF_SIZE(in->code) == BPF_DW)
			print_ld_imm64(prog, insns, cnt, i, sb);
		else
			ok = (strbuf_printf(sb, "BUG_ld_%02x", in->code), false);
		break;
	default: /* BPF_JMP, BPF_JMP32 */
		print_jmp(prog, in, cls, sb);
		break;
	}
	if (!ok && body_at > start) {
		/* the kernel's BUG_ texts come without the opcode prefix */
		memmove(sb->buf + start, sb->buf + body_at, sb->len - body_at + 1);
		sb->len -= body_at - start;
	}
}

void disasm_insn(const struct program *prog, const struct insn *insns, u32 cnt, u32 i,
		 struct strbuf *sb)
{
	if (i >= cnt)
		return;
	disasm_text(prog, insns, cnt, i, sb, false);
}

void disasm_insn_log(const struct program *prog, const struct insn *insns, u32 cnt, u32 i,
		     struct strbuf *sb)
{
	if (i >= cnt)
		return;
	strbuf_printf(sb, "%u: ", i);
	disasm_text(prog, insns, cnt, i, sb, true);
}
