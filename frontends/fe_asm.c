/* The assembly text frontend: BPF instructions written in the syntax of the kernel verifier log
 * (what analyzer/disasm.c prints) or of `llvm-objdump -d`, so that a snippet pasted from either
 * loads as a program. One file holds one program.
 *
 * File layout
 *   An optional block of directives, then instructions. Blank lines and comments are ignored:
 *   ";" and "//" start a comment anywhere, "#" at the start of a line or after a blank (so
 *   "call bpf_map_lookup_elem#1" keeps its "#1").
 *
 * Directives (before the first instruction; options given on the command line apply only when
 * the file has none of its own):
 *   .type NAME          program type, libbpf's name ("xdp", "socket_filter", "sched_cls", ...);
 *                       default: --type, else socket_filter
 *   .attach NAME        expected attach type ("cgroup_inet_ingress", ...); default --attach-type
 *   .name NAME          program (and section) name; default "prog"
 *   .section SEC        a libbpf SEC() name ("xdp", "tc", "cgroup/skb", "fentry/do_unlinkat",
 *                       "lsm.s/file_open", ...): program type, attach type, load flags and
 *                       attach target as libbpf derives them
 *   .license TEXT       default "GPL"
 *   .flags A,B,...      BPF_F_* load flags by lower-case name without prefix ("strict_alignment",
 *                       "any_alignment", "sleepable", ...) or a number
 *   .map NAME TYPE key=K value=V entries=N [flags=F] [extra=X] [inner=MAP] [readonly]
 *        [data=HEX]     a map; its index is its position among the .map lines. TYPE is libbpf's
 *                       map type name; F a number or no_prealloc,rdonly_prog,... joined by ',';
 *                       extra is map_extra; inner names the inner map template (declared
 *                       before) of a map-in-map; readonly and data= describe global data as
 *                       libbpf loads .rodata (frozen, with these initial bytes, zero-padded).
 *                       Without any .map line the maps of --map apply, named map0, map1, ...
 *   .func LABEL [global|static] [int|void] [ARG...]
 *                       BTF func_info for the subprogram at LABEL (without any .func the
 *                       program has no func_info, as a load without BTF); ARG is scalar, ctx,
 *                       mem:SIZE, mem!:SIZE (__arg_nonnull), dynptr, arena, btf:STRUCT,
 *                       btf?:STRUCT (__arg_nullable) or unsupported
 *   .kfunc NAME / .ksym NAME
 *                       declare a kfunc / ksym extern (otherwise externs are created in order of
 *                       first use)
 * Anywhere among the instructions:
 *   .insn CODE DST SRC OFF IMM     one raw instruction (numbers), e.g. to write reserved fields
 *   NAME:                          a label (may precede an instruction on the same line)
 *
 * Instructions
 *   Every text the kernel prints (see disasm.c), and objdump's variants of them: spaces inside
 *   "(r10 - 4)", decimal jump immediates, "goto +3 <LBB0_2>", "call 7" (helper by number),
 *   "r1 = 0 ll", "xchg_64(r1 + 0, r2)", "cmpxchg32_32(...)", w registers for 32-bit loads and
 *   stores. Jump and call targets are "pc+N" / "+N" / "-N" (relative) or a label; calls are
 *   "call NAME#ID", "call NAME" (helper by name, else a label, else a kfunc), "call ID",
 *   "call pc+N", "call #N" (kfunc by raw id; a '#' before a digit is never a comment). Map
 *   references: "r1 = map[NAME]" or "map[INDEX]", "r1 = map[NAME][0]+OFF" (address of the
 *   value), "map[fd:N]" (a literal fd naming no map); ksyms "r1 = ksym[NAME]"; function
 *   pointers "r1 = func[LABEL]" or "func[pc+N]"; LLVM's "ld_pseudo r1, SRC, IMM".
 *   A 64-bit "rN = 0x..." (hex, as the kernel prints ld_imm64) or any "rN = ... ll", or a value
 *   that does not fit in 32 bits, is ld_imm64; a decimal "rN = 5" is a mov.
 *
 * Line prefixes
 *   "12: (b7) r0 = 0" (verifier log; the index places the instruction, so a level-2 log that
 *   prints an instruction several times loads once; the opcode is checked against the text and
 *   settles what the text leaves open), "12: b7 00 00 00 ... r0 = 0" (objdump: the bytes are
 *   the instruction, since objdump's text leaves fields out and varies between LLVM versions;
 *   the text is only checked against the opcode when readable; the first index is the
 *   program's start, so one function can be cut out of a section's listing), objdump's
 *   headers, "..." (left out zero bytes: filled up to the next address), "<sym>:" label lines
 *   and relocation lines
 *   ("R_BPF_64_64 NAME": NAME must be a declared map; a section name such as ".rodata" makes the
 *   address of its value at the instruction's offset). When the text contains verifier log
 *   instruction lines ("12: (b7) ..."), it is read as a log: only those lines (and directives)
 *   count, so a whole log with its states and error messages can be pasted. Note that such a log
 *   shows map and ksym references as kernel addresses ("r1 = 0xffff888100000000"), which load
 *   as the plain constants they read as: replace them with map[NAME] / ksym[NAME].
 *
 * Errors are "FILE:LINE: COL: message" with -EBADMSG. */
#include "frontend.h"
#include "disasm.h"
#include "secname.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* More instructions than any kernel accepts (1M processed insns); protects the allocations. */
#define ASM_MAX_INSNS (1u << 20)
/* Far above what the kernel takes (64 maps, 256 kfuncs per program); keeps name lookups cheap. */
#define ASM_MAX_MAPS	256
#define ASM_MAX_EXTERNS 1024

enum fixup_kind {
	FIX_JMP_OFF, /* insn.off = target - (i + 1) */
	FIX_JMP_IMM, /* gotol: insn.imm = target - (i + 1) */
	FIX_CALL,    /* "call NAME": label (pc call), else helper, else kfunc */
	FIX_FUNC,    /* ld_imm64 func[LABEL] */
};

struct fixup {
	u32 insn;
	u32 kind;
	char *name;
	u32 line;
	u32 col;
};

/* A .func declaration, resolved against the labels at the end. */
struct func_decl {
	struct func_info fi; /* fi.name is the label */
	u32 line;
	u32 col;
};

struct label {
	char *name;
	u32 insn;
	u32 line;
	u32 col;
	u32 seq; /* definition order, to report the second of two definitions */
};

struct asm_ctx {
	const char *path;
	const struct load_opts *opts;
	struct diag *d;
	struct object *obj;
	struct insn *insns;
	u32 *insn_line; /* source line of each instruction */
	u32 cnt;
	u32 cap;
	struct label *labels;
	u32 label_cnt;
	u32 label_cap;
	struct fixup *fixups;
	u32 fixup_cnt;
	u32 fixup_cap;
	struct func_decl *funcs;
	u32 func_cnt;
	/* directives */
	char *name;
	char *section;	     /* .section: libbpf SEC() name */
	char *attach_target; /* from .section, e.g. "do_unlinkat" of "fentry/do_unlinkat" */
	char *license;
	int prog_type;
	int attach_type;
	u32 prog_flags;
	bool body;	      /* an instruction was seen: directives are over */
	bool objdump_section; /* "Disassembly of section" seen */
	bool zero_gap;	      /* objdump's "..." (zero bytes left out) before the next line */
	bool log_mode;	      /* the text is a verifier log: only "N: (xx) ..." lines count */
	s32 last_insn;	      /* index of the last instruction statement, for relocations */
	s64 idx_base;	      /* first "N:" index of an objdump listing (-1 before) */
	/* current line */
	u32 line;
	const char *line_start;
	struct program scratch; /* holds externs while parsing */
};

/* One parsed statement: one or two instruction slots and maybe a label to resolve. */
struct stmt {
	struct insn in[2];
	u32 n;
	int hint_code; /* opcode from "(xx)" or objdump bytes, -1 if none */
	int hint_src;  /* src register from objdump bytes, -1 if none */
	u32 fix_kind;
	const char *fix_name; /* points into the line */
	size_t fix_len;
	const char *fix_at;
};

struct cur {
	const char *p;
};

static int asm_err(struct asm_ctx *c, const char *at, const char *fmt, ...) PRINTF_LIKE(3, 4);

static int asm_err(struct asm_ctx *c, const char *at, const char *fmt, ...)
{
	char msg[384];
	va_list ap;
	u32 col = at && c->line_start && at >= c->line_start ? (u32)(at - c->line_start) + 1 : 1;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return diag_error(c->d, -EBADMSG, "%s:%u: %u: %s", c->path, c->line, col, msg);
}

/* ---- lexical helpers ---------------------------------------------------------------------- */

static bool starts_with(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static void skip_ws(struct cur *k)
{
	while (*k->p == ' ' || *k->p == '\t')
		k->p++;
}

static bool at_end(struct cur *k)
{
	skip_ws(k);
	return *k->p == '\0';
}

/* Accept a literal token (after blanks); words must not run into an identifier character. */
static bool accept(struct cur *k, const char *tok)
{
	size_t n = strlen(tok);

	skip_ws(k);
	if (strncmp(k->p, tok, n) != 0)
		return false;
	if (isalnum((unsigned char)tok[n - 1]) || tok[n - 1] == '_') {
		char next = k->p[n];

		if (isalnum((unsigned char)next) || next == '_')
			return false;
	}
	k->p += n;
	return true;
}

static bool is_ident_start(char ch)
{
	return isalpha((unsigned char)ch) || ch == '_' || ch == '.' || ch == '$';
}

static bool is_ident_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '.' || ch == '$';
}

/* An identifier; returns its length (0 if none) and leaves k after it. */
static size_t ident(struct cur *k, const char **start)
{
	const char *s;

	skip_ws(k);
	s = k->p;
	if (!is_ident_start(*s))
		return 0;
	while (is_ident_char(*k->p))
		k->p++;
	*start = s;
	return (size_t)(k->p - s);
}

/* A number: decimal or 0x hex, optional sign. Values are kept as the 64-bit pattern; *neg tells
 * whether a '-' was given. Returns false if there is no number here or it overflows 64 bits. */
static bool number(struct cur *k, u64 *val, bool *neg)
{
	const char *p;
	u64 v = 0;
	bool any = false, minus = false;

	skip_ws(k);
	p = k->p;
	if (*p == '-' || *p == '+') {
		minus = *p == '-';
		p++;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		p += 2;
		while (isxdigit((unsigned char)*p)) {
			int dv = isdigit((unsigned char)*p) ? *p - '0' : (tolower(*p) - 'a' + 10);

			if (v >> 60)
				return false;
			v = v * 16 + (u64)dv;
			p++;
			any = true;
		}
	} else {
		while (isdigit((unsigned char)*p)) {
			u64 dv = (u64)(*p - '0');

			if (v > (UINT64_MAX - dv) / 10)
				return false;
			v = v * 10 + dv;
			p++;
			any = true;
		}
	}
	if (!any || is_ident_char(*p))
		return false;
	if (minus && v > (u64)INT64_MAX + 1)
		return false;
	*val = minus ? (u64)0 - v : v;
	if (neg)
		*neg = minus;
	k->p = p;
	return true;
}

/* A number that must fit a signed or unsigned 32-bit field (kernel prints jump immediates as
 * unsigned hex, ALU immediates as signed decimal). */
static int imm32(struct asm_ctx *c, struct cur *k, s32 *out)
{
	const char *at;
	bool neg;
	u64 v;

	skip_ws(k);
	at = k->p;
	if (!number(k, &v, &neg))
		return asm_err(c, at, "expected a number");
	if (neg ? (s64)v < INT32_MIN : v > UINT32_MAX)
		return asm_err(c, at, "immediate %.*s does not fit in 32 bits", (int)(k->p - at),
			       at);
	*out = (s32)(u32)v;
	return 0;
}

/* A register "rN" or "wN" (N up to 15: the encoding's limit; the verifier judges the rest).
 * *w is set for w registers. Returns false (k unchanged) if there is none. */
static bool reg(struct cur *k, u8 *r, bool *w)
{
	const char *p;
	unsigned n = 0;

	skip_ws(k);
	p = k->p;
	if ((*p != 'r' && *p != 'w') || !isdigit((unsigned char)p[1]))
		return false;
	p++;
	while (isdigit((unsigned char)*p)) {
		n = n * 10 + (unsigned)(*p - '0');
		if (n > 15)
			return false;
		p++;
	}
	if (is_ident_char(*p))
		return false;
	*w = k->p[0] == 'w';
	*r = (u8)n;
	k->p = p;
	return true;
}

static int expect(struct asm_ctx *c, struct cur *k, const char *tok)
{
	if (!accept(k, tok)) {
		skip_ws(k);
		return asm_err(c, k->p, "expected '%s'", tok);
	}
	return 0;
}

static int want_reg(struct asm_ctx *c, struct cur *k, u8 *r, bool *w)
{
	skip_ws(k);
	if (!reg(k, r, w))
		return asm_err(c, k->p, "expected a register");
	return 0;
}

/* "u8"/"u16"/"u32"/"u64" (sx: also "s8"/"s16"/"s32") -> BPF_SIZE; *is_sx for s-sizes. */
static int size_kw(struct asm_ctx *c, struct cur *k, u8 *size, bool *is_sx)
{
	static const struct {
		const char *kw;
		u8 size;
		bool sx;
	} t[] = {
		{"u8", BPF_B, false},	{"u16", BPF_H, false},	  {"u32", BPF_W, false},
		{"u64", BPF_DW, false}, {"s8", BPF_B, true},	  {"s16", BPF_H, true},
		{"s32", BPF_W, true},	{"(null)", BPF_DW, true}, /* the kernel's "s64" */
	};

	for (u32 i = 0; i < ARRAY_SIZE(t); i++)
		if (accept(k, t[i].kw)) {
			*size = t[i].size;
			*is_sx = t[i].sx;
			return 0;
		}
	skip_ws(k);
	return asm_err(c, k->p, "expected an access size (u8, u16, u32, u64)");
}

/* "(rN +off)" / "(rN - 4)" / "rN + 0" (objdump's xchg form, parens optional). */
static int mem_operand(struct asm_ctx *c, struct cur *k, u8 *r, s16 *off, bool parens)
{
	bool w, minus;
	int err;

	if (parens && (err = expect(c, k, "(")))
		return err;
	if ((err = want_reg(c, k, r, &w)))
		return err;
	if (w)
		return asm_err(c, k->p, "an address register must be an r register");
	skip_ws(k);
	if (*k->p == '+' || *k->p == '-') {
		const char *at;
		u64 v;

		minus = *k->p == '-';
		k->p++;
		skip_ws(k);
		at = k->p;
		if (*k->p == '-' || *k->p == '+' || !number(k, &v, NULL))
			return asm_err(c, at, "expected an offset");
		/* "-32768" is the lowest offset; the sign is apart from the digits here */
		if (v > (minus ? 32768u : 32767u))
			return asm_err(c, at, "offset %.*s does not fit in 16 bits",
				       (int)(k->p - at), at);
		*off = (s16)(minus ? -(s32)v : (s32)v);
	} else if (parens && *k->p != ')') {
		return asm_err(c, k->p, "expected '+' or '-' and an offset");
	} else {
		*off = 0;
	}
	if (parens && (err = expect(c, k, ")")))
		return err;
	return 0;
}

/* "*(u32 *)(r2 +4)" after the '*' has been read: size and address. */
static int deref(struct asm_ctx *c, struct cur *k, u8 *size, bool *sx, u8 *r, s16 *off)
{
	int err;

	if ((err = expect(c, k, "(")) || (err = size_kw(c, k, size, sx)) ||
	    (err = expect(c, k, "*")) || (err = expect(c, k, ")")))
		return err;
	return mem_operand(c, k, r, off, true);
}

/* A jump target: "pc+N", "pc-N", "+N", "-N", "N" (relative), or a label (fixup). An objdump
 * "<LBB0_2>" annotation after it is ignored. */
static int jump_target(struct asm_ctx *c, struct cur *k, struct stmt *s, s64 *rel, bool *is_label)
{
	const char *at, *name;
	size_t n;
	bool neg;
	u64 v;

	skip_ws(k);
	at = k->p;
	*is_label = false;
	if (strncmp(k->p, "pc", 2) == 0 && (k->p[2] == '+' || k->p[2] == '-'))
		k->p += 2;
	if (number(k, &v, &neg)) {
		*rel = (s64)v;
	} else if ((n = ident(k, &name))) {
		*is_label = true;
		s->fix_name = name;
		s->fix_len = n;
		s->fix_at = at;
		*rel = 0;
	} else {
		return asm_err(c, at, "expected a jump target (pc+N or a label)");
	}
	skip_ws(k);
	if (*k->p == '<') {
		const char *e = strchr(k->p, '>');

		if (!e)
			return asm_err(c, k->p, "unterminated '<'");
		k->p = e + 1;
	}
	return 0;
}

static int set_off_target(struct asm_ctx *c, struct cur *k, struct stmt *s, struct insn *in)
{
	const char *at;
	bool lab;
	s64 rel;
	int err;

	skip_ws(k);
	at = k->p;
	if ((err = jump_target(c, k, s, &rel, &lab)))
		return err;
	if (lab) {
		s->fix_kind = FIX_JMP_OFF;
	} else {
		if (rel < INT16_MIN || rel > INT16_MAX)
			return asm_err(c, at,
				       "jump offset %lld does not fit in 16 bits (use gotol)",
				       (long long)rel);
		in->off = (s16)rel;
	}
	return 0;
}

/* ---- externs and maps ---------------------------------------------------------------------- */

static int extern_index(struct asm_ctx *c, const char *name, size_t len, bool is_func)
{
	struct program *p = &c->scratch;
	struct extern_ref *n;

	for (u32 i = 0; i < p->extern_cnt; i++)
		if (strlen(p->externs[i].name) == len &&
		    strncmp(p->externs[i].name, name, len) == 0)
			return (int)i;
	if (p->extern_cnt >= ASM_MAX_EXTERNS)
		return -E2BIG;
	n = realloc(p->externs, (p->extern_cnt + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	p->externs = n;
	n = &p->externs[p->extern_cnt];
	memset(n, 0, sizeof(*n));
	n->name = strndup(name, len);
	if (!n->name)
		return -ENOMEM;
	n->is_func = is_func;
	return (int)p->extern_cnt++;
}

/* "NAME", "N" or "fd:N" inside map[...]; returns the imm for the model. */
static int map_ref(struct asm_ctx *c, struct cur *k, s32 *imm)
{
	const char *at, *name;
	size_t n;
	bool neg;
	u64 v;
	int err;

	if ((err = expect(c, k, "[")))
		return err;
	skip_ws(k);
	at = k->p;
	if (accept(k, "fd:")) {
		s32 fd;

		if ((err = imm32(c, k, &fd)))
			return err;
		if (fd < 0)
			return asm_err(c, at, "a map fd is not negative");
		*imm = -1 - fd;
	} else if (accept(k, "id:")) {
		return asm_err(
			c, at,
			"map ids (bpftool's map[id:N]) name maps of a running kernel: declare the "
			"map with .map and write map[NAME]");
	} else if (number(k, &v, &neg)) {
		if (neg || v >= c->obj->map_cnt)
			return asm_err(c, at, "map index %.*s out of range (%u maps declared)",
				       (int)(k->p - at), at, c->obj->map_cnt);
		*imm = (s32)v;
	} else {
		/* map names may contain '-' (ELF sections of global data are named so) */
		name = k->p;
		while (is_ident_char(*k->p) || *k->p == '-')
			k->p++;
		n = (size_t)(k->p - name);
		if (!n)
			return asm_err(c, at, "expected a map name or index");
		*imm = -1;
		for (u32 i = 0; i < c->obj->map_cnt; i++) {
			const char *mn = c->obj->maps[i].name;

			if (mn && strlen(mn) == n && strncmp(mn, name, n) == 0) {
				*imm = (s32)i;
				break;
			}
		}
		if (*imm < 0)
			return asm_err(c, at, "unknown map '%.*s'", (int)n, name);
	}
	return expect(c, k, "]");
}

/* ---- statements ----------------------------------------------------------------------------- */

static void set_insn(struct insn *in, u8 code, u8 dst, u8 src, s16 off, s32 imm)
{
	in->code = code;
	in->dst = dst & 0xf;
	in->src = src & 0xf;
	in->off = off;
	in->imm = imm;
}

/* "(null)" is how the kernel prints an operation without a name (opcodes 0xe0, 0xf0); the "(xx)"
 * opcode of the log line then says which (see fix_opcode()). */
static const char *const alu_tokens[] = {
	/* longest first so that "<<=" is not read as "<" */
	"s>>=", "s/=", "s%=", "<<=", ">>=", "+=", "-=",
	"*=",	"/=",  "|=",  "&=",  "%=",  "^=", "(null)",
};
static const u8 alu_codes[] = {
	BPF_ARSH, BPF_DIV, BPF_MOD, BPF_LSH, BPF_RSH, BPF_ADD, BPF_SUB,
	BPF_MUL,  BPF_DIV, BPF_OR,  BPF_AND, BPF_MOD, BPF_XOR, 0xe0,
};

static const char *const jmp_tokens[] = {
	"s>=", "s<=", "s>", "s<", "==", "!=", ">=", "<=", ">", "<", "&", "jmp", "exit", "(null)",
};
static const u8 jmp_codes[] = {
	BPF_JSGE, BPF_JSLE, BPF_JSGT, BPF_JSLT, BPF_JEQ, BPF_JNE,  BPF_JGE,
	BPF_JLE,  BPF_JGT,  BPF_JLT,  BPF_JSET, BPF_JA,	 BPF_EXIT, BPF_JCOND,
};

/* if rD OP rS|imm goto target */
static int stmt_if(struct asm_ctx *c, struct cur *k, struct stmt *s)
{
	struct insn *in = &s->in[0];
	u8 dst, src = 0, op = 0;
	bool w, w2;
	s32 imm = 0;
	u32 i;
	int err;

	if ((err = want_reg(c, k, &dst, &w)))
		return err;
	skip_ws(k);
	for (i = 0; i < ARRAY_SIZE(jmp_tokens); i++)
		if (accept(k, jmp_tokens[i])) {
			op = jmp_codes[i];
			break;
		}
	if (i == ARRAY_SIZE(jmp_tokens))
		return asm_err(c, k->p, "expected a comparison (==, !=, >, s>, &, ...)");
	skip_ws(k);
	if (reg(k, &src, &w2)) {
		if (w2 != w)
			return asm_err(c, k->p, "both operands must be r or both w registers");
		op |= BPF_X;
	} else if ((err = imm32(c, k, &imm))) {
		return err;
	}
	if ((err = expect(c, k, "goto")))
		return err;
	set_insn(in, (u8)((w ? BPF_JMP32 : BPF_JMP) | op), dst, src, 0, imm);
	s->n = 1;
	return set_off_target(c, k, s, in);
}

static int stmt_call(struct asm_ctx *c, struct cur *k, struct stmt *s)
{
	struct insn *in = &s->in[0];
	const char *at, *name;
	size_t n;
	s32 id;
	int err;

	s->n = 1;
	set_insn(in, BPF_JMP | BPF_CALL, 0, 0, 0, 0);
	skip_ws(k);
	at = k->p;
	if (strncmp(k->p, "pc", 2) == 0 && (k->p[2] == '+' || k->p[2] == '-')) {
		k->p += 2;
		in->src = BPF_PSEUDO_CALL;
		return imm32(c, k, &in->imm);
	}
	if (*k->p == '#') { /* kfunc by raw BTF id, as the kernel prints an unnamed one */
		k->p++;
		in->src = BPF_PSEUDO_KFUNC_CALL;
		return imm32(c, k, &in->imm);
	}
	if (*k->p == '-' || *k->p == '+' || isdigit((unsigned char)*k->p)) {
		/* objdump "call 7": a helper id; "call -1" of a relocated subprogram call shows
		 * only in the bytes */
		if ((err = imm32(c, k, &in->imm)))
			return err;
		/* helper ids are not negative: objdump prints a subprogram call so */
		if (s->hint_src >= 0)
			in->src = (u8)s->hint_src;
		else if (in->imm < 0)
			in->src = BPF_PSEUDO_CALL;
		return 0;
	}
	/* names may contain '-' ("kernel-function#5") */
	name = k->p;
	while (is_ident_char(*k->p) || *k->p == '-')
		k->p++;
	n = (size_t)(k->p - name);
	if (!n)
		return asm_err(c, at, "expected a call target");
	if (*k->p != '#') {
		/* resolved at the end: a label, a helper, or a kfunc */
		s->fix_kind = FIX_CALL;
		s->fix_name = name;
		s->fix_len = n;
		s->fix_at = at;
		return 0;
	}
	k->p++;
	if ((err = imm32(c, k, &id)))
		return err;
	in->imm = id;
	if (n == 7 && strncmp(name, "unknown", 7) == 0)
		return 0; /* helper id the kernel has no name for */
	if (n == 15 && strncmp(name, "kernel-function", 15) == 0) {
		in->src = BPF_PSEUDO_KFUNC_CALL;
		return 0;
	}
	for (s32 h = 0; helper_name(h); h++) {
		const char *hn = helper_name(h);

		if (hn && strlen(hn) == n && strncmp(hn, name, n) == 0) {
			if (h != id)
				return asm_err(c, at, "%s is helper #%d, not #%d", hn, h, id);
			return 0;
		}
	}
	/* a kfunc: the number is the kernel's BTF id, which we do not keep */
	in->src = BPF_PSEUDO_KFUNC_CALL;
	err = extern_index(c, name, n, true);
	if (err < 0)
		return asm_err(c, at, "too many externs");
	in->imm = err;
	return 0;
}

/* lock *(size *)(rD +off) OP rS */
static int stmt_lock(struct asm_ctx *c, struct cur *k, struct stmt *s)
{
	static const char *const ops[] = {"+=", "&=", "|=", "^="};
	static const s32 imms[] = {BPF_ADD, BPF_AND, BPF_OR, BPF_XOR};
	u8 size, dst, src;
	bool sx, w;
	s16 off;
	u32 i;
	int err;

	if ((err = expect(c, k, "*")) || (err = deref(c, k, &size, &sx, &dst, &off)))
		return err;
	if (sx)
		return asm_err(c, k->p, "atomic operations take unsigned sizes");
	skip_ws(k);
	for (i = 0; i < ARRAY_SIZE(ops); i++)
		if (accept(k, ops[i]))
			break;
	if (i == ARRAY_SIZE(ops))
		return asm_err(c, k->p, "expected an atomic operation (+=, &=, |=, ^=)");
	if ((err = want_reg(c, k, &src, &w)))
		return err;
	set_insn(&s->in[0], BPF_STX | BPF_ATOMIC | size, dst, src, off, imms[i]);
	s->n = 1;
	return 0;
}

/* *(size *)(rD +off) = rS | imm */
static int stmt_store(struct asm_ctx *c, struct cur *k, struct stmt *s)
{
	u8 size, dst, src;
	bool sx, w;
	s16 off;
	s32 imm;
	int err;

	if ((err = deref(c, k, &size, &sx, &dst, &off)))
		return err;
	if (sx)
		return asm_err(c, k->p, "stores take unsigned sizes");
	if ((err = expect(c, k, "=")))
		return err;
	s->n = 1;
	skip_ws(k);
	if (reg(k, &src, &w)) {
		set_insn(&s->in[0], BPF_STX | BPF_MEM | size, dst, src, off, 0);
		return 0;
	}
	if ((err = imm32(c, k, &imm)))
		return err;
	set_insn(&s->in[0], BPF_ST | BPF_MEM | size, dst, 0, off, imm);
	return 0;
}

/* store_release((size *)(rD +off), rS) */
static int stmt_store_release(struct asm_ctx *c, struct cur *k, struct stmt *s)
{
	u8 size, dst, src;
	bool sx, w;
	s16 off;
	int err;

	if ((err = expect(c, k, "(")) || (err = deref(c, k, &size, &sx, &dst, &off)) ||
	    (err = expect(c, k, ",")) || (err = want_reg(c, k, &src, &w)) ||
	    (err = expect(c, k, ")")))
		return err;
	set_insn(&s->in[0], BPF_STX | BPF_ATOMIC | size, dst, src, off, BPF_STORE_REL);
	s->n = 1;
	return 0;
}

/* The right-hand sides of "rD = atomic[64]_fetch_OP(...)", "xchg"/"cmpxchg" (kernel and objdump
 * spellings). 'name' is the word read after '='. */
static int rhs_atomic(struct asm_ctx *c, struct cur *k, struct stmt *s, u8 dst, const char *name,
		      size_t n, const char *at)
{
	static const struct {
		const char *op;
		s32 imm;
	} fetch[] = {{"add", BPF_ADD}, {"and", BPF_AND}, {"or", BPF_OR}, {"xor", BPF_XOR}};
	u8 size = 0, adst, src, src2;
	bool sx, w, paren_form;
	s32 imm = 0;
	s16 off;
	int err;
	char word[40];

	if (n >= sizeof(word))
		return asm_err(c, at, "unknown operation '%.*s'", (int)n, at);
	memcpy(word, at, n);
	word[n] = 0;
	(void)name;
	paren_form = true;
	if (strncmp(word, "atomic", 6) == 0) {
		const char *w2 = word + 6;
		bool is64 = strncmp(w2, "64", 2) == 0;

		if (is64)
			w2 += 2;
		if (strncmp(w2, "_fetch_", 7) == 0) {
			u32 i;

			for (i = 0; i < ARRAY_SIZE(fetch); i++)
				if (strcmp(w2 + 7, fetch[i].op) == 0)
					break;
			if (i == ARRAY_SIZE(fetch))
				return asm_err(c, at, "unknown atomic operation '%s'", word);
			imm = fetch[i].imm | BPF_FETCH;
		} else if (strcmp(w2, "_xchg") == 0) {
			imm = BPF_XCHG;
		} else if (strcmp(w2, "_cmpxchg") == 0) {
			imm = BPF_CMPXCHG;
		} else {
			return asm_err(c, at, "unknown atomic operation '%s'", word);
		}
	} else if (strcmp(word, "xchg_64") == 0 || strcmp(word, "xchg32_32") == 0) {
		imm = BPF_XCHG;
		paren_form = false;
		size = word[4] == '_' ? BPF_DW : BPF_W;
	} else if (strcmp(word, "cmpxchg_64") == 0 || strcmp(word, "cmpxchg32_32") == 0) {
		imm = BPF_CMPXCHG;
		paren_form = false;
		size = word[7] == '_' ? BPF_DW : BPF_W;
	} else {
		return asm_err(c, at, "unknown operation '%s'", word);
	}
	if ((err = expect(c, k, "(")))
		return err;
	if (paren_form) {
		if ((err = deref(c, k, &size, &sx, &adst, &off)))
			return err;
		if (sx)
			return asm_err(c, at, "atomic operations take unsigned sizes");
	} else if ((err = mem_operand(c, k, &adst, &off, false))) {
		return err;
	}
	if ((err = expect(c, k, ",")))
		return err;
	if (imm == BPF_CMPXCHG) {
		if ((err = want_reg(c, k, &src2, &w)))
			return err;
		if (src2 != 0)
			return asm_err(c, k->p, "cmpxchg compares with r0");
		if ((err = expect(c, k, ",")))
			return err;
	}
	if ((err = want_reg(c, k, &src, &w)) || (err = expect(c, k, ")")))
		return err;
	if (imm == BPF_CMPXCHG ? dst != 0 : dst != src)
		return asm_err(c, at, "the result register must be %s",
			       imm == BPF_CMPXCHG ? "r0" : "the source register");
	set_insn(&s->in[0], BPF_STX | BPF_ATOMIC | size, adst, src, off, imm);
	s->n = 1;
	return 0;
}

/* ld_imm64 with an explicit src and 64-bit value */
static void set_ld64(struct stmt *s, u8 dst, u8 src, u64 v)
{
	set_insn(&s->in[0], BPF_LD | BPF_IMM | BPF_DW, dst, src, 0, (s32)(u32)v);
	set_insn(&s->in[1], 0, 0, 0, 0, (s32)(u32)(v >> 32));
	s->n = 2;
}

/* rD = ... (after '='); w tells whether the destination was a w register */
static int stmt_assign(struct asm_ctx *c, struct cur *k, struct stmt *s, u8 dst, bool w)
{
	u8 cls = w ? BPF_ALU : BPF_ALU64;
	const char *at, *name;
	u8 src, size;
	bool w2, sx, neg;
	s16 off;
	size_t n;
	u64 v;
	int err;

	s->n = 1;
	skip_ws(k);
	at = k->p;
	/* rD = -rD */
	if (*k->p == '-' && (k->p[1] == 'r' || k->p[1] == 'w')) {
		struct cur k2 = {k->p + 1};

		if (reg(&k2, &src, &w2)) {
			if (src != dst || w2 != w)
				return asm_err(c, at, "negation works in place: %c%d = -%c%d",
					       w ? 'w' : 'r', dst, w ? 'w' : 'r', dst);
			k->p = k2.p;
			set_insn(&s->in[0], cls | BPF_NEG, dst, 0, 0, 0);
			return 0;
		}
	}
	/* movsx: rD = (s8)rS */
	if (accept(k, "(s8)") || accept(k, "(s16)") || accept(k, "(s32)")) {
		off = at[2] == '8' ? 8 : at[2] == '1' ? 16 : 32;
		if ((err = want_reg(c, k, &src, &w2)))
			return err;
		if (w2 != w)
			return asm_err(c, at, "both registers must be r or both w");
		set_insn(&s->in[0], cls | BPF_MOV | BPF_X, dst, src, off, 0);
		return 0;
	}
	if (reg(k, &src, &w2)) {
		if (w2 != w)
			return asm_err(c, at, "both registers must be r or both w");
		set_insn(&s->in[0], cls | BPF_MOV | BPF_X, dst, src, 0, 0);
		return 0;
	}
	/* loads: rD = *(size *)(rS +off), rD = *(size *)skb[...] */
	if (accept(k, "*")) {
		struct cur k2;

		if ((err = expect(c, k, "(")) || (err = size_kw(c, k, &size, &sx)) ||
		    (err = expect(c, k, "*")) || (err = expect(c, k, ")")))
			return err;
		skip_ws(k);
		k2 = *k;
		if (accept(&k2, "skb")) {
			s32 imm;

			*k = k2;
			if (sx)
				return asm_err(c, at, "packet loads take unsigned sizes");
			if (dst != 0 || w)
				return asm_err(c, at, "packet loads always load into r0");
			if ((err = expect(c, k, "[")))
				return err;
			skip_ws(k);
			if (reg(k, &src, &w2)) {
				/* LLVM prints "skb[r7]" without the immediate */
				imm = 0;
				skip_ws(k);
				if (*k->p != ']' &&
				    ((err = expect(c, k, "+")) || (err = imm32(c, k, &imm))))
					return err;
				set_insn(&s->in[0], BPF_LD | BPF_IND | size, 0, src, 0, imm);
			} else {
				if ((err = imm32(c, k, &imm)))
					return err;
				set_insn(&s->in[0], BPF_LD | BPF_ABS | size, 0, 0, 0, imm);
			}
			return expect(c, k, "]");
		}
		if ((err = mem_operand(c, k, &src, &off, true)))
			return err;
		set_insn(&s->in[0], BPF_LDX | (sx ? BPF_MEMSX : BPF_MEM) | size, dst, src, off, 0);
		return 0;
	}
	/* rD = &(void __percpu *)(rS) */
	if (accept(k, "&")) {
		if ((err = expect(c, k, "(")) || (err = expect(c, k, "void")) ||
		    (err = expect(c, k, "__percpu")) || (err = expect(c, k, "*")) ||
		    (err = expect(c, k, ")")) || (err = expect(c, k, "(")) ||
		    (err = want_reg(c, k, &src, &w2)) || (err = expect(c, k, ")")))
			return err;
		set_insn(&s->in[0], BPF_ALU64 | BPF_MOV | BPF_X, dst, src, -1, 0);
		return 0;
	}
	if (number(k, &v, &neg)) {
		bool hex = starts_with(at, "0x") || starts_with(at, "-0x");
		bool ll = accept(k, "ll");
		bool fits = neg ? (s64)v >= INT32_MIN : v <= INT32_MAX;
		bool ld64;

		/* the opcode, when given, settles it; else the kernel's convention: ld_imm64 is
		 * printed in hex, mov in decimal */
		if (s->hint_code == (BPF_LD | BPF_IMM | BPF_DW))
			ld64 = true;
		else if (s->hint_code >= 0 && BPF_CLASS(s->hint_code) != BPF_LD)
			ld64 = false;
		else
			ld64 = ll || (!w && (!fits || hex)); /* a w register takes any 32 bits */
		if (ld64) {
			if (w)
				return asm_err(c, at, "a 64-bit immediate needs an r register");
			set_ld64(s, dst, s->hint_src > 0 ? (u8)s->hint_src : 0, v);
			return 0;
		}
		/* mov: the kernel prints %d of the 32-bit imm; accept its unsigned twin too */
		if (neg ? (s64)v < INT32_MIN : v > UINT32_MAX)
			return asm_err(c, at, "immediate does not fit in 32 bits");
		set_insn(&s->in[0], cls | BPF_MOV | BPF_K, dst, 0, 0, (s32)(u32)v);
		return 0;
	}
	n = ident(k, &name);
	if (!n)
		return asm_err(c, at, "cannot parse the right-hand side");
	if ((n == 3 && strncmp(name, "map", 3) == 0)) {
		s32 imm = 0, hi = 0;

		if (w)
			return asm_err(c, at, "a map reference needs an r register");
		if ((err = map_ref(c, k, &imm)))
			return err;
		skip_ws(k);
		if (accept(k, "[")) {
			if ((err = expect(c, k, "0")) || (err = expect(c, k, "]")) ||
			    (err = expect(c, k, "+")) || (err = imm32(c, k, &hi)))
				return err;
			set_ld64(s, dst, BPF_PSEUDO_MAP_VALUE, 0);
		} else {
			if (accept(k, "+") && (err = imm32(c, k, &hi)))
				return err;
			set_ld64(s, dst, BPF_PSEUDO_MAP_FD, 0);
		}
		s->in[0].imm = imm;
		s->in[1].imm = hi;
		return 0;
	}
	if (n == 4 && strncmp(name, "ksym", 4) == 0) {
		const char *nm;
		s32 imm = 0, hi = 0;
		size_t nl;

		if (w)
			return asm_err(c, at, "a ksym reference needs an r register");
		if ((err = expect(c, k, "[")))
			return err;
		skip_ws(k);
		if (accept(k, "#")) {
			if ((err = imm32(c, k, &imm)))
				return err;
		} else {
			nl = ident(k, &nm);
			if (!nl)
				return asm_err(c, k->p, "expected a ksym name");
			imm = extern_index(c, nm, nl, false);
			if (imm < 0)
				return asm_err(c, nm, "too many externs");
		}
		if ((err = expect(c, k, "]")))
			return err;
		if (accept(k, "+") && (err = imm32(c, k, &hi)))
			return err;
		set_ld64(s, dst, BPF_PSEUDO_BTF_ID, 0);
		s->in[0].imm = imm;
		s->in[1].imm = hi;
		return 0;
	}
	if (n == 4 && strncmp(name, "func", 4) == 0) {
		bool lab;
		s64 rel;

		if (w)
			return asm_err(c, at, "a function pointer needs an r register");
		if ((err = expect(c, k, "[")) || (err = jump_target(c, k, s, &rel, &lab)) ||
		    (err = expect(c, k, "]")))
			return err;
		if (rel < INT32_MIN || rel > INT32_MAX)
			return asm_err(c, at, "offset does not fit in 32 bits");
		set_ld64(s, dst, BPF_PSEUDO_FUNC, (u64)(u32)(s32)rel);
		if (lab)
			s->fix_kind = FIX_FUNC;
		return 0;
	}
	/* byte swaps: rD = be16 rD / le32 rD / bswap64 rD */
	{
		static const struct {
			const char *kw;
			u8 code;
		} sw[] = {
			{"be", BPF_ALU | BPF_END | BPF_TO_BE},
			{"le", BPF_ALU | BPF_END | BPF_TO_LE},
			{"bswap", BPF_ALU64 | BPF_END | BPF_TO_LE},
		};

		for (u32 i = 0; i < ARRAY_SIZE(sw); i++) {
			size_t kl = strlen(sw[i].kw);
			struct cur kn = {name + kl};
			bool bneg;
			u64 bits;

			/* the width is the imm printed with %d, so it may be negative */
			if (strncmp(name, sw[i].kw, kl) != 0 ||
			    !(n > kl ? isdigit((unsigned char)name[kl]) : name[kl] == '-'))
				continue;
			if (!number(&kn, &bits, &bneg) ||
			    (bneg ? (s64)bits < INT32_MIN : bits > INT32_MAX))
				return asm_err(c, at, "bad byte swap '%.*s'", (int)n, name);
			k->p = kn.p;
			if ((err = want_reg(c, k, &src, &w2)))
				return err;
			if (src != dst)
				return asm_err(c, at, "byte swaps work in place");
			/* the kernel prints 'r' for the 32-bit ALU class too */
			set_insn(&s->in[0], sw[i].code, dst, 0, 0, (s32)bits);
			return 0;
		}
	}
	if (n == 15 && strncmp(name, "addr_space_cast", 15) == 0) {
		s32 a, b;

		if ((err = expect(c, k, "(")) || (err = want_reg(c, k, &src, &w2)) ||
		    (err = expect(c, k, ",")) || (err = imm32(c, k, &a)) ||
		    (err = expect(c, k, ",")) || (err = imm32(c, k, &b)) ||
		    (err = expect(c, k, ")")))
			return err;
		if ((u32)a > 0xffff || (u32)b > 0xffff)
			return asm_err(c, at, "address spaces are 16-bit numbers");
		set_insn(&s->in[0], BPF_ALU64 | BPF_MOV | BPF_X, dst, src, BPF_ADDR_SPACE_CAST,
			 (s32)(((u32)a << 16) | (u32)b));
		return 0;
	}
	if (n == 12 && strncmp(name, "load_acquire", 12) == 0) {
		if ((err = expect(c, k, "(")) || (err = deref(c, k, &size, &sx, &src, &off)) ||
		    (err = expect(c, k, ")")))
			return err;
		set_insn(&s->in[0], BPF_STX | BPF_ATOMIC | size, dst, src, off, BPF_LOAD_ACQ);
		return 0;
	}
	return rhs_atomic(c, k, s, dst, name, n, name);
}

/* A statement starting with a register: assignment or compound ALU operation. */
static int stmt_reg(struct asm_ctx *c, struct cur *k, struct stmt *s)
{
	u8 dst, src, cls;
	bool w, w2;
	s32 imm;
	u32 i;
	int err;

	if ((err = want_reg(c, k, &dst, &w)))
		return err;
	cls = w ? BPF_ALU : BPF_ALU64;
	skip_ws(k);
	for (i = 0; i < ARRAY_SIZE(alu_tokens); i++)
		if (accept(k, alu_tokens[i]))
			break;
	if (i == ARRAY_SIZE(alu_tokens)) {
		if (accept(k, "="))
			return stmt_assign(c, k, s, dst, w);
		return asm_err(c, k->p, "expected an assignment or ALU operator");
	}
	s->n = 1;
	skip_ws(k);
	/* signed division is the plain opcode with off = 1 */
	if (reg(k, &src, &w2)) {
		if (w2 != w)
			return asm_err(c, k->p, "both registers must be r or both w");
		set_insn(&s->in[0], cls | alu_codes[i] | BPF_X, dst, src, i == 1 || i == 2, 0);
		return 0;
	}
	if ((err = imm32(c, k, &imm)))
		return err;
	set_insn(&s->in[0], cls | alu_codes[i] | BPF_K, dst, 0, i == 1 || i == 2, imm);
	return 0;
}

static int parse_stmt(struct asm_ctx *c, struct cur *k, struct stmt *s)
{
	const char *at;
	u8 r;
	bool w;
	int err;

	skip_ws(k);
	at = k->p;
	if (accept(k, "exit")) {
		set_insn(&s->in[0], BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
		s->n = 1;
	} else if (accept(k, "goto")) {
		set_insn(&s->in[0], BPF_JMP | BPF_JA, 0, 0, 0, 0);
		s->n = 1;
		if ((err = set_off_target(c, k, s, &s->in[0])))
			return err;
	} else if (accept(k, "gotol")) {
		bool lab;
		s64 rel;

		set_insn(&s->in[0], BPF_JMP32 | BPF_JA, 0, 0, 0, 0);
		s->n = 1;
		if ((err = jump_target(c, k, s, &rel, &lab)))
			return err;
		if (lab)
			s->fix_kind = FIX_JMP_IMM;
		else if (rel < INT32_MIN || rel > INT32_MAX)
			return asm_err(c, at, "jump offset does not fit in 32 bits");
		s->in[0].imm = (s32)rel;
	} else if (accept(k, "may_goto")) {
		set_insn(&s->in[0], BPF_JMP | BPF_JCOND, 0, BPF_MAY_GOTO, 0, 0);
		s->n = 1;
		if ((err = set_off_target(c, k, s, &s->in[0])))
			return err;
	} else if (accept(k, "if")) {
		if ((err = stmt_if(c, k, s)))
			return err;
	} else if (accept(k, "call")) {
		if ((err = stmt_call(c, k, s)))
			return err;
	} else if (accept(k, "lock")) {
		if ((err = stmt_lock(c, k, s)))
			return err;
	} else if (accept(k, "store_release")) {
		if ((err = stmt_store_release(c, k, s)))
			return err;
	} else if (accept(k, "*")) {
		if ((err = stmt_store(c, k, s)))
			return err;
	} else if (accept(k, "ld_pseudo")) {
		/* LLVM's text for an ld_imm64 with a src register: "ld_pseudo r1, 2, 5" */
		u64 v;
		u8 dst;
		s32 src;
		bool w32;

		if ((err = want_reg(c, k, &dst, &w32)) || (err = expect(c, k, ",")) ||
		    (err = imm32(c, k, &src)) || (err = expect(c, k, ",")))
			return err;
		if (src < 0 || src > 15)
			return asm_err(c, at, "the pseudo source is a register number 0..15");
		skip_ws(k);
		if (!number(k, &v, NULL))
			return asm_err(c, k->p, "expected a number");
		set_ld64(s, dst, (u8)src, v);
	} else if (accept(k, "nospec")) {
		set_insn(&s->in[0], BPF_ST | 0xc0, 0, 0, 0, 0);
		s->n = 1;
	} else if (strncmp(k->p, "BUG_", 4) == 0) {
		/* the kernel's text for a malformed instruction names only its opcode: load that
		 * opcode with zero fields */
		const char *h = k->p + 4;

		if (starts_with(h, "st_") || starts_with(h, "ld_"))
			h += 3;
		else if (starts_with(h, "ldx_"))
			h += 4;
		if (!isxdigit((unsigned char)h[0]) || !isxdigit((unsigned char)h[1]) ||
		    is_ident_char(h[2]))
			return asm_err(c, at, "malformed BUG_ text");
		set_insn(&s->in[0], (u8)strtoul((char[]){h[0], h[1], 0}, NULL, 16), 0, 0, 0, 0);
		s->n = 1;
		k->p = h + 2;
	} else if (reg(k, &r, &w)) {
		k->p = at;
		if ((err = stmt_reg(c, k, s)))
			return err;
	} else {
		return asm_err(c, at, "unknown instruction");
	}
	if (!at_end(k))
		return asm_err(c, k->p, "unexpected text after the instruction");
	return 0;
}

/* .insn CODE DST SRC OFF IMM */
static int stmt_raw(struct asm_ctx *c, struct cur *k, struct stmt *s)
{
	u64 v[5];
	bool neg;
	static const u64 maxv[4] = {0xff, 0xf, 0xf, 0xffff};

	for (int i = 0; i < 5; i++) {
		const char *at;

		skip_ws(k);
		at = k->p;
		if (!number(k, &v[i], &neg))
			return asm_err(c, at, ".insn takes CODE DST SRC OFF IMM (numbers)");
		if (i < 4 && (neg ? (i != 3 || (s64)v[i] < INT16_MIN) : v[i] > maxv[i]))
			return asm_err(c, at, "value out of range");
		if (i == 4 && (neg ? (s64)v[i] < INT32_MIN : v[i] > UINT32_MAX))
			return asm_err(c, at, "value out of range");
	}
	if (!at_end(k))
		return asm_err(c, k->p, "unexpected text after .insn");
	set_insn(&s->in[0], (u8)v[0], (u8)v[1], (u8)v[2], (s16)(u16)v[3], (s32)(u32)v[4]);
	s->n = 1;
	return 0;
}

/* ---- directives ----------------------------------------------------------------------------- */

static const char *const prog_flag_names[] = {
	"strict_alignment", "any_alignment", "test_rnd_hi32",	   "test_state_freq",
	"sleepable",	    "xdp_has_frags", "xdp_dev_bound_only", "test_reg_invariants",
};
static const char *const map_flag_names[] = {
	"no_prealloc",	  "no_common_lru",  "numa_node",   "rdonly",	  "wronly",
	"stack_build_id", "zero_seed",	    "rdonly_prog", "wronly_prog", "clone",
	"mmapable",	  "preserve_elems", "inner_map",
};

/* "a,b,c" of flag names, or a number. */
static int flag_list(struct asm_ctx *c, struct cur *k, const char *const *names, u32 cnt, u32 *out)
{
	u64 v;

	skip_ws(k);
	if (number(k, &v, NULL)) {
		if (v > UINT32_MAX)
			return asm_err(c, k->p, "flags do not fit in 32 bits");
		*out = (u32)v;
		return 0;
	}
	*out = 0;
	do {
		const char *nm;
		size_t n = ident(k, &nm);
		u32 i;

		if (!n)
			return asm_err(c, k->p, "expected a flag name");
		for (i = 0; i < cnt; i++)
			if (strlen(names[i]) == n && strncmp(names[i], nm, n) == 0)
				break;
		if (i == cnt)
			return asm_err(c, nm, "unknown flag '%.*s'", (int)n, nm);
		*out |= 1u << i;
	} while (accept(k, ","));
	return 0;
}

static int word_dup(struct asm_ctx *c, struct cur *k, char **out, const char *what)
{
	const char *s;
	size_t n;

	skip_ws(k);
	s = k->p;
	while (*k->p && *k->p != ' ' && *k->p != '\t')
		k->p++;
	n = (size_t)(k->p - s);
	if (!n)
		return asm_err(c, s, "expected %s", what);
	free(*out);
	*out = strndup(s, n);
	return *out ? 0 : -ENOMEM;
}

static int dir_map(struct asm_ctx *c, struct cur *k)
{
	struct map_def *m;
	char *name = NULL, *type = NULL;
	const char *at;
	bool key = false, val = false, ents = false;
	const char *data = NULL;
	size_t data_len = 0;
	int t, err;

	if ((err = word_dup(c, k, &name, "a map name")))
		return err;
	skip_ws(k);
	at = k->p;
	if ((err = word_dup(c, k, &type, "a map type"))) {
		free(name);
		return err;
	}
	t = map_type_from_name(type);
	free(type);
	if (t < 0) {
		free(name);
		return asm_err(c, at, "unknown map type");
	}
	for (u32 i = 0; i < c->obj->map_cnt; i++)
		if (strcmp(c->obj->maps[i].name, name) == 0) {
			free(name);
			return asm_err(c, at, "map declared twice");
		}
	if (c->obj->map_cnt >= ASM_MAX_MAPS) {
		free(name);
		return asm_err(c, at, "too many maps (limit %u)", ASM_MAX_MAPS);
	}
	m = object_add_map(c->obj);
	if (!m) {
		free(name);
		return -ENOMEM;
	}
	m->name = name;
	m->type = (u32)t;
	while (!at_end(k)) {
		const char *kat = k->p;
		u32 *field = NULL;
		u64 v;

		if (accept(k, "key=")) {
			field = &m->key_size;
			key = true;
		} else if (accept(k, "value=")) {
			field = &m->value_size;
			val = true;
		} else if (accept(k, "entries=")) {
			field = &m->max_entries;
			ents = true;
		} else if (accept(k, "flags=")) {
			if ((err = flag_list(c, k, map_flag_names, ARRAY_SIZE(map_flag_names),
					     &m->flags)))
				return err;
			continue;
		} else if (accept(k, "extra=")) {
			if (!number(k, &v, NULL))
				return asm_err(c, k->p, "expected a number");
			m->map_extra = v;
			continue;
		} else if (accept(k, "inner=")) {
			const char *in;
			size_t il = ident(k, &in);
			u32 i;

			for (i = 0; il && i + 1 < c->obj->map_cnt; i++)
				if (strlen(c->obj->maps[i].name) == il &&
				    strncmp(c->obj->maps[i].name, in, il) == 0)
					break;
			if (!il || i + 1 >= c->obj->map_cnt)
				return asm_err(c, kat,
					       "inner= names a map declared before this one");
			m->inner_map = (s32)i;
			continue;
		} else if (accept(k, "readonly")) {
			/* global read-only data as libbpf loads it: frozen, BPF_F_RDONLY_PROG */
			m->readonly = true;
			m->flags |= BPF_F_RDONLY_PROG;
			continue;
		} else if (accept(k, "data=")) {
			data = k->p;
			while (isxdigit((unsigned char)*k->p))
				k->p++;
			data_len = (size_t)(k->p - data);
			if (data_len % 2 || (*k->p && *k->p != ' ' && *k->p != '\t'))
				return asm_err(c, data, "data= takes hex bytes");
			continue;
		} else {
			return asm_err(c, kat,
				       "expected key=, value=, entries=, flags=, extra=, "
				       "inner=, readonly or data=");
		}
		if (!number(k, &v, NULL) || v > UINT32_MAX)
			return asm_err(c, kat, "expected a 32-bit size");
		*field = (u32)v;
	}
	if (!key || !val || !ents)
		return asm_err(c, at, ".map needs key=, value= and entries=");
	if (data) {
		if (data_len / 2 > m->value_size)
			return asm_err(c, data, "data= is longer than the value (%u bytes)",
				       m->value_size);
		m->init_data = calloc(1, m->value_size);
		if (!m->init_data)
			return -ENOMEM;
		for (size_t i = 0; i < data_len / 2; i++)
			m->init_data[i] =
				(u8)strtoul((char[]){data[2 * i], data[2 * i + 1], 0}, NULL, 16);
	}
	return 0;
}

/* .func LABEL [global|static] [int|void] [ARG...]: what BTF func_info would say about the
 * subprogram at LABEL. ARG: scalar, ctx, mem:SIZE (may be NULL), mem!:SIZE (__arg_nonnull),
 * dynptr, arena, btf:STRUCT (trusted), btf?:STRUCT (trusted, __arg_nullable), unsupported. */
static int dir_func(struct asm_ctx *c, struct cur *k)
{
	struct func_decl *fd;
	const char *at, *nm;
	size_t n;

	skip_ws(k);
	at = k->p;
	n = ident(k, &nm);
	if (!n)
		return asm_err(c, at, "expected the label of the function");
	if (c->func_cnt >= BPF_MAX_SUBPROGS)
		return asm_err(c, at, "too many functions (limit %u)", BPF_MAX_SUBPROGS);
	fd = realloc(c->funcs, (c->func_cnt + 1) * sizeof(*fd));
	if (!fd)
		return -ENOMEM;
	c->funcs = fd;
	fd = &fd[c->func_cnt];
	memset(fd, 0, sizeof(*fd));
	fd->fi.name = strndup(nm, n);
	if (!fd->fi.name)
		return -ENOMEM;
	c->func_cnt++;
	fd->line = c->line;
	fd->col = (u32)(at - c->line_start) + 1;
	while (!at_end(k)) {
		struct func_arg *a;
		const char *w = k->p;
		u64 v;

		if (accept(k, "global")) {
			fd->fi.global = true;
			continue;
		}
		if (accept(k, "static")) {
			fd->fi.global = false;
			continue;
		}
		if (accept(k, "void")) {
			fd->fi.returns_void = true;
			continue;
		}
		if (accept(k, "int")) {
			fd->fi.returns_void = false;
			continue;
		}
		if (fd->fi.arg_cnt >= ARRAY_SIZE(fd->fi.args))
			return asm_err(c, w, "a function takes at most 5 arguments");
		a = &fd->fi.args[fd->fi.arg_cnt++];
		if (accept(k, "scalar")) {
			a->kind = FUNC_ARG_SCALAR;
		} else if (accept(k, "ctx")) {
			a->kind = FUNC_ARG_PTR_TO_CTX;
		} else if (accept(k, "dynptr")) {
			a->kind = FUNC_ARG_PTR_TO_DYNPTR;
		} else if (accept(k, "arena")) {
			a->kind = FUNC_ARG_PTR_TO_ARENA;
		} else if (accept(k, "unsupported")) {
			a->kind = FUNC_ARG_UNSUPPORTED;
		} else if (accept(k, "mem:") || accept(k, "mem!:")) {
			a->kind = FUNC_ARG_PTR_TO_MEM;
			a->nonnull = w[3] == '!';
			a->nullable = !a->nonnull;
			if (!number(k, &v, NULL) || v > UINT32_MAX)
				return asm_err(c, k->p, "expected the memory size");
			a->mem_size = (u32)v;
		} else if (accept(k, "btf:") || accept(k, "btf?:")) {
			const char *tn;
			size_t tl;

			a->kind = FUNC_ARG_PTR_TO_BTF_ID;
			a->nullable = w[3] == '?';
			tl = ident(k, &tn);
			if (!tl)
				return asm_err(c, k->p, "expected a struct name");
			{
				char *t = strndup(tn, tl);

				if (!t)
					return -ENOMEM;
				a->type_name = object_intern(c->obj, t);
				free(t);
				if (!a->type_name)
					return -ENOMEM;
			}
		} else {
			return asm_err(c, w,
				       "unknown argument kind (scalar, ctx, mem:N, mem!:N, "
				       "dynptr, arena, btf:NAME, btf?:NAME, unsupported)");
		}
	}
	return 0;
}

static int directive(struct asm_ctx *c, struct cur *k)
{
	const char *at = k->p;
	const char *nm;
	size_t n = ident(k, &nm);
	int err, v;

	if (n == 5 && strncmp(nm, ".insn", 5) == 0)
		return 1; /* an instruction: the caller handles it */
	if (c->body)
		return asm_err(c, at, "directives come before the first instruction");
	if (n == 5 && strncmp(nm, ".type", 5) == 0) {
		char *t = NULL;

		skip_ws(k);
		at = k->p;
		if ((err = word_dup(c, k, &t, "a program type")))
			return err;
		v = prog_type_from_name(t);
		free(t);
		if (v < 0)
			return asm_err(c, at, "unknown program type");
		c->prog_type = v;
	} else if (n == 7 && strncmp(nm, ".attach", 7) == 0) {
		char *t = NULL;

		skip_ws(k);
		at = k->p;
		if ((err = word_dup(c, k, &t, "an attach type")))
			return err;
		v = attach_type_from_name(t);
		free(t);
		if (v < 0)
			return asm_err(c, at, "unknown attach type");
		c->attach_type = v;
	} else if (n == 5 && strncmp(nm, ".name", 5) == 0) {
		if ((err = word_dup(c, k, &c->name, "a name")))
			return err;
	} else if (n == 8 && strncmp(nm, ".section", 8) == 0) {
		struct secname_info si;

		skip_ws(k);
		at = k->p;
		if ((err = word_dup(c, k, &c->section, "a section name")))
			return err;
		if (!secname_lookup(c->section, &si))
			return asm_err(c, at,
				       "section '%s' names no program type (libbpf's SEC() "
				       "names: xdp, tc, kprobe/..., fentry/..., ...)",
				       c->section);
		c->prog_type = (int)si.prog_type;
		c->attach_type = (int)si.attach_type; /* libbpf always passes it */
		c->prog_flags |= si.prog_flags;
		free(c->attach_target);
		c->attach_target = NULL;
		if ((si.def_flags & SECDEF_ATTACH_BTF) && si.target && *si.target &&
		    !(c->attach_target = strdup(si.target)))
			return -ENOMEM;
	} else if (n == 8 && strncmp(nm, ".license", 8) == 0) {
		skip_ws(k);
		if (!*k->p)
			return asm_err(c, k->p, "expected a license");
		free(c->license);
		c->license = strdup(k->p);
		if (!c->license)
			return -ENOMEM;
		k->p += strlen(k->p);
		/* trailing blanks are not part of the license */
		for (size_t l = strlen(c->license); l && isspace((unsigned char)c->license[l - 1]);)
			c->license[--l] = 0;
	} else if (n == 6 && strncmp(nm, ".flags", 6) == 0) {
		if ((err = flag_list(c, k, prog_flag_names, ARRAY_SIZE(prog_flag_names),
				     &c->prog_flags)))
			return err;
	} else if (n == 4 && strncmp(nm, ".map", 4) == 0) {
		if ((err = dir_map(c, k)))
			return err;
	} else if ((n == 6 && strncmp(nm, ".kfunc", 6) == 0) ||
		   (n == 5 && strncmp(nm, ".ksym", 5) == 0)) {
		const char *en;
		size_t el = ident(k, &en);

		if (!el)
			return asm_err(c, k->p, "expected a name");
		if ((err = extern_index(c, en, el, n == 6)) < 0)
			return asm_err(c, en, "too many externs");
	} else if (n == 5 && strncmp(nm, ".func", 5) == 0) {
		if ((err = dir_func(c, k)))
			return err;
	} else {
		return asm_err(c, at, "unknown directive '%.*s'", (int)(n ? n : 1), at);
	}
	if (!at_end(k))
		return asm_err(c, k->p, "unexpected text after the directive");
	return 0;
}

/* ---- lines ---------------------------------------------------------------------------------- */

/* Grow *arr (of *cap elements) so that one more fits; doubling keeps a big file linear. */
static int grow(void **arr, u32 *cap, u32 cnt, size_t elem)
{
	u32 ncap;
	void *n;

	if (cnt < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	n = realloc(*arr, (size_t)ncap * elem);
	if (!n)
		return -ENOMEM;
	*arr = n;
	*cap = ncap;
	return 0;
}

/* Labels are checked for duplicates once all are known (sorted), see sort_labels(). */
static int add_label(struct asm_ctx *c, const char *name, size_t n, const char *at)
{
	struct label *l;

	if (c->label_cnt >= ASM_MAX_INSNS)
		return asm_err(c, at, "too many labels");
	if (grow((void **)&c->labels, &c->label_cap, c->label_cnt, sizeof(*l)))
		return -ENOMEM;
	l = &c->labels[c->label_cnt];
	l->name = strndup(name, n);
	if (!l->name)
		return -ENOMEM;
	l->insn = c->cnt;
	l->line = c->line;
	l->col = (u32)(at - c->line_start) + 1;
	l->seq = c->label_cnt++;
	return 0;
}

static int add_fixup(struct asm_ctx *c, const struct stmt *s, u32 insn)
{
	struct fixup *f;

	if (grow((void **)&c->fixups, &c->fixup_cap, c->fixup_cnt, sizeof(*f)))
		return -ENOMEM;
	f = &c->fixups[c->fixup_cnt];
	f->insn = insn;
	f->kind = s->fix_kind;
	f->line = c->line;
	f->col = (u32)(s->fix_at - c->line_start) + 1;
	f->name = strndup(s->fix_name, s->fix_len);
	if (!f->name)
		return -ENOMEM;
	c->fixup_cnt++;
	return 0;
}

/* Make room for instruction slots [0, need); new slots are holes (insn_line 0). */
static int reserve(struct asm_ctx *c, u32 need)
{
	u32 cap = c->cap ? c->cap : 64;

	while (cap < need)
		cap *= 2;
	if (cap != c->cap) {
		struct insn *ni = realloc(c->insns, (size_t)cap * sizeof(*ni));
		u32 *nl;

		if (!ni)
			return -ENOMEM;
		c->insns = ni;
		nl = realloc(c->insn_line, (size_t)cap * sizeof(*nl));
		if (!nl)
			return -ENOMEM;
		c->insn_line = nl;
		c->cap = cap;
	}
	for (u32 i = c->cnt; i < need; i++) {
		memset(&c->insns[i], 0, sizeof(c->insns[i]));
		/* objdump's "..." stands for zero instructions: those are given, not holes */
		c->insn_line[i] = c->zero_gap ? c->line : 0;
	}
	if (need > c->cnt)
		c->cnt = need;
	return 0;
}

/* Place a parsed statement at index 'idx' (-1: after the last one). A verifier log prints
 * instructions in the order of the paths it walks, some several times: a slot given again must
 * say the same thing, and slots never given stay holes (an error at the end). */
static int place(struct asm_ctx *c, struct stmt *s, s64 idx, const char *at)
{
	u32 i0;
	int err;

	if (idx < 0)
		idx = c->cnt;
	if ((u64)idx + s->n > ASM_MAX_INSNS)
		return asm_err(c, at, "too many instructions (limit %u)", ASM_MAX_INSNS);
	i0 = (u32)idx;
	if (i0 > c->cnt && !c->zero_gap && !c->log_mode)
		return asm_err(c, at, "instruction %u given, but %u is missing", i0, c->cnt);
	if (c->zero_gap && (err = reserve(c, i0)))
		return err;
	c->zero_gap = false;
	if ((err = reserve(c, i0 + s->n)))
		return err;
	if (c->insn_line[i0]) {
		for (u32 i = 0; i < s->n; i++) {
			const struct insn *a = &c->insns[i0 + i], *b = &s->in[i];
			bool same = a->code == b->code && a->dst == b->dst && a->src == b->src;

			if (!s->fix_name) /* label targets were resolved separately */
				same = same && a->off == b->off && a->imm == b->imm;
			if (!same || !c->insn_line[i0 + i])
				return asm_err(c, at,
					       "instruction %u was already given differently", i0);
		}
		c->last_insn = (s32)i0;
		return 0;
	}
	for (u32 i = 0; i < s->n; i++)
		if (c->insn_line[i0 + i])
			return asm_err(c, at, "instruction %u overlaps instruction %u", i0, i0 + i);
	if (s->fix_name && (err = add_fixup(c, s, i0)))
		return err;
	c->last_insn = (s32)i0;
	for (u32 i = 0; i < s->n; i++) {
		c->insn_line[i0 + i] = c->line;
		c->insns[i0 + i] = s->in[i];
	}
	return 0;
}

/* Every slot up to the last instruction must have been given (a log of one path may leave some
 * out). */
static int check_holes(struct asm_ctx *c)
{
	for (u32 i = 0; i < c->cnt; i++) {
		u32 j = i;

		if (c->insn_line[i])
			continue;
		while (j < c->cnt && !c->insn_line[j])
			j++;
		return diag_error(c->d, -EBADMSG,
				  "%s:%u: 1: instruction %u is missing (a log shows only "
				  "the instructions it visited)",
				  c->path, c->insn_line[j], i);
	}
	return 0;
}

/* objdump's "R_BPF_64_64 NAME" line: the previous ld_imm64 refers to map NAME. */
static int relocation(struct asm_ctx *c, struct cur *k, const char *type, size_t tl)
{
	const char *name;
	size_t n = ident(k, &name);
	struct insn *in;

	if (!n)
		return asm_err(c, k->p, "expected a symbol after the relocation type");
	if (c->last_insn < 0)
		return asm_err(c, type, "relocation before any instruction");
	in = &c->insns[c->last_insn];
	if (tl != 11 || strncmp(type, "R_BPF_64_64", 11) != 0 ||
	    in->code != (BPF_LD | BPF_IMM | BPF_DW) || (u32)c->last_insn + 1 >= c->cnt)
		return asm_err(c, type,
			       "unsupported: relocation %.*s against '%.*s' (load the "
			       "object file itself, or write the reference as map[NAME])",
			       (int)tl, type, (int)n, name);
	for (u32 i = 0; i < c->obj->map_cnt; i++)
		if (strlen(c->obj->maps[i].name) == n &&
		    strncmp(c->obj->maps[i].name, name, n) == 0) {
			/* a section symbol (".rodata", ".data", ".bss"...) addresses global data:
			 * the instruction's imm is the offset into it, as libbpf reads it */
			if (name[0] == '.') {
				c->insns[c->last_insn + 1].imm = in->imm;
				in->src = BPF_PSEUDO_MAP_VALUE;
			} else {
				in->src = BPF_PSEUDO_MAP_FD;
			}
			in->imm = (s32)i;
			return 0;
		}
	return asm_err(c, name,
		       "relocation against '%.*s', which is not a declared map (.map %.*s ...); "
		       "for a global variable write map[.data][0]+OFFSET (its section and offset)",
		       (int)n, name, (int)n, name);
}

/* Lines of a verifier log that are not instructions. */
static bool log_noise(const char *p)
{
	static const char *const pfx[] = {
		"from ",      "processed ",	   "func#",	   "Live regs",	    "caller:",
		"callee:",    "returning from",	   "to caller at", "mark_precise:", "Validating ",
		"Func#",      "verification time", "stack depth",  "last_idx",	    "frame ",
		"cur state:", "old state:",
	};

	for (u32 i = 0; i < ARRAY_SIZE(pfx); i++)
		if (starts_with(p, pfx[i]))
			return true;
	return false;
}

/* Two lowercase/uppercase hex digits followed by a blank or the end. */
static bool hex_byte(const char *p, u8 *out)
{
	if (!isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1]) ||
	    (p[2] != ' ' && p[2] != '\t' && p[2] != '\0'))
		return false;
	*out = (u8)strtoul((char[]){p[0], p[1], 0}, NULL, 16);
	return true;
}

/* Does the text contain a verifier log instruction line, "N: (xx) ..." at the start of a line? */
static bool looks_like_log(const char *t, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i;

		while (j < len && (t[j] == ' ' || t[j] == '\t'))
			j++;
		if (j < len && isdigit((unsigned char)t[j])) {
			while (j < len && isdigit((unsigned char)t[j]))
				j++;
			if (j + 2 <= len && t[j] == ':' && t[j + 1] == ' ') {
				size_t m = j + 2;

				/* the live-register mask of "Live regs" lines */
				while (m < len && (isdigit((unsigned char)t[m]) || t[m] == '.'))
					m++;
				while (m > j + 2 && m < len && t[m] == ' ')
					m++;
				if (m + 4 <= len && t[m] == '(' &&
				    isxdigit((unsigned char)t[m + 1]) &&
				    isxdigit((unsigned char)t[m + 2]) && t[m + 3] == ')')
					return true;
			}
		}
		while (i < len && t[i] != '\n')
			i++;
		i++;
	}
	return false;
}

/* Whitespace-insensitive equality of two texts. */
static bool same_text(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' || *a == '\t')
			a++;
		while (*b == ' ' || *b == '\t')
			b++;
		if (*a != *b)
			return false;
		if (!*a)
			return true;
		a++;
		b++;
	}
}

/* Several opcodes print alike (the kernel ignores the X bit of a call, prints "(null)" for
 * unnamed operations, "bswap" for every 64-bit byte swap): when the "(xx)" opcode differs from
 * what the text suggests but the kernel prints that opcode with these fields as this very text,
 * the opcode wins. */
static bool fix_opcode(struct stmt *s, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	struct insn try[2];
	bool ok;

	if (s->n != 1 || s->fix_name || s->in[0].code == (BPF_LD | BPF_IMM | BPF_DW) ||
	    s->hint_code == (BPF_LD | BPF_IMM | BPF_DW))
		return false;
	try[0] = s->in[0];
	try[0].code = (u8)s->hint_code;
	disasm_insn(NULL, try, 1, 0, &sb);
	ok = sb.len && same_text(strbuf_str(&sb), text);
	strbuf_free(&sb);
	if (ok)
		s->in[0] = try[0];
	return ok;
}

/* The first instruction ends the directives: maps from the command line apply now (so that
 * "map[map0]" resolves) when the file declared none. */
static int begin_body(struct asm_ctx *c)
{
	if (c->body)
		return 0;
	c->body = true;
	if (c->obj->map_cnt || !c->opts || !c->opts->map_cnt)
		return 0;
	for (u32 i = 0; i < c->opts->map_cnt && i < 4096; i++) {
		const struct cli_map *cm = &c->opts->maps[i];
		struct map_def *m = object_add_map(c->obj);
		char nm[24];

		if (!m)
			return -ENOMEM;
		snprintf(nm, sizeof(nm), "map%u", i);
		m->name = strdup(nm);
		if (!m->name)
			return -ENOMEM;
		m->type = cm->type;
		m->key_size = cm->key_size;
		m->value_size = cm->value_size;
		m->max_entries = cm->max_entries;
		m->flags = cm->flags;
	}
	return 0;
}

static int parse_line(struct asm_ctx *c, char *line)
{
	struct stmt s;
	struct cur k = {line};
	const char *at, *name;
	s64 idx = -1;
	u8 bytes[16];
	u32 nb = 0;
	size_t n;
	int err;

	memset(&s, 0, sizeof(s));
	s.hint_code = -1;
	s.hint_src = -1;

	/* comments: ';' and '//' anywhere, '#' at the start or after a blank unless a digit follows
	 * (the "#1" of "call bpf_map_lookup_elem#1" follows no blank; "call #0" is a kfunc) */
	for (char *p = line; *p; p++) {
		if (*p == ';' || (p[0] == '/' && p[1] == '/') ||
		    (*p == '#' && (p == line || p[-1] == ' ' || p[-1] == '\t') &&
		     !isdigit((unsigned char)p[1]))) {
			*p = 0;
			break;
		}
	}
	if (at_end(&k))
		return 0;
	at = k.p;
	if (log_noise(at))
		return 0;
	if (starts_with(at, "...") && strspn(at, ". \t") == strlen(at)) {
		/* objdump left out a run of zero bytes; the next address says how many */
		c->zero_gap = true;
		return 0;
	}
	if (starts_with(at, "Disassembly of section")) {
		if (c->objdump_section && c->cnt)
			return asm_err(c, at, "a second section: one program per file");
		c->objdump_section = true;
		return 0;
	}
	if (strstr(at, "file format ") && at[strcspn(at, ":")] == ':' &&
	    strstr(at, ":") < strstr(at, "file format "))
		return 0; /* "t.o:	file format elf64-bpf" */
	/* objdump symbol line "0000000000000018 <LBB1_2>:" */
	{
		struct cur k2 = k;
		u64 v;

		if (isxdigit((unsigned char)*k2.p)) {
			const char *p = k2.p;

			while (isxdigit((unsigned char)*p))
				p++;
			if (p - k2.p == 16 && (*p == ' ' || *p == '\t')) {
				k2.p = p;
				skip_ws(&k2);
				if (*k2.p == '<') {
					const char *e = strchr(k2.p, '>');

					if (!e || e[1] != ':')
						return asm_err(c, k2.p, "malformed symbol line");
					/* a listing cut at a symbol starts at the symbol's address */
					if (!c->cnt && c->idx_base < 0 && !c->log_mode)
						c->idx_base = (s64)(strtoull(at, NULL, 16) / 8);
					return add_label(c, k2.p + 1, (size_t)(e - k2.p - 1), at);
				}
				/* relocation "0000000000000020:  R_BPF_64_64	m" is below */
			}
			if (p - k2.p == 16 && *p == ':') {
				k2.p = p + 1;
				skip_ws(&k2);
				n = ident(&k2, &name);
				if (n && starts_with(name, "R_BPF_"))
					return relocation(c, &k2, name, n);
				return asm_err(c, at, "unexpected objdump line");
			}
		}
		/* index prefix "12:"; 6.18's "Live regs" lines put a loop (SCC) number before it */
		if (c->log_mode && isdigit((unsigned char)*k2.p)) {
			struct cur k3 = k2;
			u64 scc;

			if (number(&k3, &scc, NULL) && (*k3.p == ' ' || *k3.p == '\t')) {
				skip_ws(&k3);
				if (isdigit((unsigned char)*k3.p))
					k2 = k3;
			}
		}
		if (number(&k2, &v, NULL) && *k2.p == ':' && v < ASM_MAX_INSNS) {
			k2.p++;
			skip_ws(&k2);
			idx = (s64)v;
			/* objdump numbers from the start of the section: a pasted function starts
			 * wherever it was */
			if (!c->log_mode) {
				if (c->idx_base < 0)
					c->idx_base = c->cnt ? 0 : idx;
				if (idx < c->idx_base)
					return asm_err(c, at,
						       "instruction %lld comes before the first "
						       "one (%lld)",
						       (long long)idx, (long long)c->idx_base);
				idx -= c->idx_base;
			}
			/* verifier state after the index: not an instruction */
			if ((k2.p[0] == 'R' && isdigit((unsigned char)k2.p[1])) ||
			    starts_with(k2.p, "frame") || starts_with(k2.p, "safe"))
				return 0;
			/* the live-register mask of a 6.18 "Live regs before insn:" line */
			if (strspn(k2.p, "0123456789.") >= 10 &&
			    k2.p[strspn(k2.p, "0123456789.")] == ' ') {
				k2.p += strspn(k2.p, "0123456789.");
				skip_ws(&k2);
			}
			/* objdump bytes (no instruction text starts with two hex digits and a blank) */
			while (nb < 16 && hex_byte(k2.p, &bytes[nb])) {
				nb++;
				k2.p += 2;
				skip_ws(&k2);
			}
			if (nb && nb != 8 && nb != 16)
				return asm_err(c, k2.p, "expected 8 or 16 instruction bytes");
			if (nb) {
				s.hint_code = bytes[0];
				s.hint_src = bytes[1] >> 4;
			}
			k = k2;
		}
	}
	/* opcode "(b7)" */
	skip_ws(&k);
	if (k.p[0] == '(' && isxdigit((unsigned char)k.p[1]) && isxdigit((unsigned char)k.p[2]) &&
	    k.p[3] == ')') {
		s.hint_code = (int)strtoul((char[]){k.p[1], k.p[2], 0}, NULL, 16);
		k.p += 4;
	} else if (c->log_mode && *k.p != '.' && (idx < 0 || strncmp(k.p, "BUG_", 4) != 0)) {
		/* a verifier log: the error messages and state dumps between its instruction lines
		 * are not instructions; but an instruction without index would be lost silently */
		struct diag saved = *c->d;
		struct stmt t;
		struct cur k2 = k;
		bool is_insn;

		memset(&t, 0, sizeof(t));
		t.hint_code = t.hint_src = -1;
		is_insn = idx < 0 && parse_stmt(c, &k2, &t) == 0;
		*c->d = saved;
		if (is_insn)
			return asm_err(
				c, k.p,
				"an instruction without its index among verifier log "
				"lines (\"N: (xx) ...\"): number it or remove the log lines");
		return 0;
	}
	/* label "name:" (possibly followed by an instruction) */
	{
		struct cur k2 = k;

		n = ident(&k2, &name);
		skip_ws(&k2);
		if (n && *k2.p == ':' && name[0] != '.') {
			if (idx >= 0)
				return asm_err(c, name, "a label after an instruction index");
			if ((err = add_label(c, name, n, name)))
				return err;
			k.p = k2.p + 1;
			if (at_end(&k))
				return 0;
		}
	}
	skip_ws(&k);
	at = k.p;
	if (*k.p == '.') {
		err = directive(c, &k);
		if (err <= 0)
			return err;
		if ((err = begin_body(c)))
			return err;
		k.p = at + 5;
		if ((err = stmt_raw(c, &k, &s)))
			return err;
	} else if ((err = begin_body(c))) {
		return err;
	} else if (nb) {
		/* objdump's bytes are the instruction; its text (which differs between LLVM versions
		 * and leaves out fields, e.g. the imm of "skb[r7]") is only checked when we can read
		 * it */
		struct diag saved = *c->d;

		if (parse_stmt(c, &k, &s) == 0 && s.in[0].code != bytes[0])
			return asm_err(c, at,
				       "the bytes (%02x) do not match the instruction text (%02x)",
				       bytes[0], s.in[0].code);
		*c->d = saved;
		memcpy(s.in, bytes, nb);
		s.n = nb / 8;
		s.fix_name = NULL;
		return place(c, &s, idx, at);
	} else if ((err = parse_stmt(c, &k, &s))) {
		return err;
	}
	if (s.hint_code >= 0 && s.in[0].code != s.hint_code && !fix_opcode(&s, at))
		return asm_err(c, at,
			       "the opcode (%02x) does not match the instruction text (%02x)",
			       s.hint_code, s.in[0].code);
	return place(c, &s, idx, at);
}

/* ---- resolution and the program ------------------------------------------------------------- */

static int label_cmp(const void *a, const void *b)
{
	const struct label *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	return r ? r : x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int label_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct label *)elem)->name);
}

/* Sort the labels by name; two definitions of a name at different places are an error (the
 * same place twice is harmless: a log may repeat a line). */
static int sort_labels(struct asm_ctx *c)
{
	if (c->label_cnt)
		qsort(c->labels, c->label_cnt, sizeof(*c->labels), label_cmp);
	for (u32 i = 1; i < c->label_cnt; i++) {
		const struct label *a = &c->labels[i - 1], *b = &c->labels[i];

		if (strcmp(a->name, b->name) == 0 && a->insn != b->insn)
			return diag_error(c->d, -EBADMSG, "%s:%u: %u: label '%s' defined twice",
					  c->path, b->line, b->col, b->name);
	}
	return 0;
}

static const struct label *find_label(const struct asm_ctx *c, const char *name)
{
	if (!c->label_cnt)
		return NULL;
	return bsearch(name, c->labels, c->label_cnt, sizeof(*c->labels), label_key_cmp);
}

static int resolve(struct asm_ctx *c)
{
	int err = sort_labels(c);

	if (err)
		return err;
	for (u32 i = 0; i < c->fixup_cnt; i++) {
		const struct fixup *f = &c->fixups[i];
		const struct label *l = find_label(c, f->name);
		struct insn *in = &c->insns[f->insn];
		s64 rel = l ? (s64)l->insn - (s64)f->insn - 1 : 0;

		c->line = f->line;
		c->line_start = NULL;
		if (f->kind == FIX_CALL && !l) {
			int e;

			for (s32 h = 0; helper_name(h); h++)
				if (strcmp(helper_name(h), f->name) == 0) {
					in->imm = h;
					goto next;
				}
			in->src = BPF_PSEUDO_KFUNC_CALL;
			e = extern_index(c, f->name, strlen(f->name), true);
			if (e < 0)
				return diag_error(c->d, -EBADMSG, "%s:%u: %u: too many externs",
						  c->path, f->line, f->col);
			in->imm = e;
			goto next;
		}
		if (!l)
			return diag_error(c->d, -EBADMSG, "%s:%u: %u: unknown label '%s'", c->path,
					  f->line, f->col, f->name);
		switch (f->kind) {
		case FIX_JMP_OFF:
			if (rel < INT16_MIN || rel > INT16_MAX)
				return diag_error(c->d, -EBADMSG,
						  "%s:%u: %u: jump to '%s' is too far for a 16-bit "
						  "offset (use gotol)",
						  c->path, f->line, f->col, f->name);
			in->off = (s16)rel;
			break;
		case FIX_CALL:
			in->src = BPF_PSEUDO_CALL;
			/* fallthrough */
		default:
			in->imm = (s32)rel;
			break;
		}
	next:;
	}
	return 0;
}

static int func_cmp(const void *a, const void *b)
{
	const struct func_info *x = a, *y = b;

	return x->insn_off < y->insn_off ? -1 : x->insn_off > y->insn_off;
}

/* The .func declarations as the program's func_info, sorted, with the main function added when
 * not declared (the kernel requires a record at instruction 0). */
static int build_funcs(struct asm_ctx *c, struct program *p)
{
	bool have_main = false;
	u32 n = 0;

	if (!c->func_cnt)
		return 0;
	p->funcs = calloc(c->func_cnt + 1, sizeof(*p->funcs));
	if (!p->funcs)
		return -ENOMEM;
	for (u32 i = 0; i < c->func_cnt; i++) {
		struct func_decl *fd = &c->funcs[i];
		const struct label *l = find_label(c, fd->fi.name);

		if (!l)
			return diag_error(c->d, -EBADMSG,
					  "%s:%u: %u: .func names unknown label '%s'", c->path,
					  fd->line, fd->col, fd->fi.name);
		for (u32 j = 0; j < n; j++)
			if (p->funcs[j].insn_off == l->insn)
				return diag_error(
					c->d, -EBADMSG,
					"%s:%u: %u: two .func declarations for instruction %u",
					c->path, fd->line, fd->col, l->insn);
		p->funcs[n] = fd->fi;
		p->funcs[n].insn_off = l->insn;
		fd->fi.name = NULL; /* moved */
		have_main |= l->insn == 0;
		n++;
	}
	if (!have_main) {
		p->funcs[n].name = strdup(p->name);
		if (!p->funcs[n].name)
			return -ENOMEM;
		n++;
	}
	p->func_cnt = n;
	qsort(p->funcs, n, sizeof(*p->funcs), func_cmp);
	for (u32 i = 0; i < n; i++)
		p->funcs[i].type_id = i + 1; /* a made-up BTF id: there is no BTF */
	return 0;
}

static int build_object(struct asm_ctx *c, const char *path, struct object **out)
{
	struct program *p;
	int err;
	const char *file;
	u32 main_cnt;

	if (!c->cnt)
		return diag_error(c->d, -EBADMSG, "%s: no instructions", path);
	p = object_add_program(c->obj);
	if (!p)
		return -ENOMEM;
	p->name = strdup(c->name ? c->name : "prog");
	p->section = strdup(c->section ? c->section : c->name ? c->name : "prog");
	p->attach_target = c->attach_target;
	c->attach_target = NULL;
	c->obj->license = strdup(c->license ? c->license : "GPL");
	if (!p->name || !p->section || !c->obj->license)
		return -ENOMEM;
	p->prog_type = c->prog_type >= 0		    ? (u32)c->prog_type
		       : c->opts && c->opts->prog_type >= 0 ? (u32)c->opts->prog_type
							    : BPF_PROG_TYPE_SOCKET_FILTER;
	p->expected_attach_type = c->attach_type >= 0			 ? (u32)c->attach_type
				  : c->opts && c->opts->attach_type >= 0 ? (u32)c->opts->attach_type
									 : 0;
	if (c->opts && c->opts->program && strcmp(c->opts->program, p->name) != 0 &&
	    strcmp(c->opts->program, p->section) != 0)
		return diag_error(c->d, -ENOENT,
				  "%s: no program named '%s' (the asm program is '%s')", path,
				  c->opts->program, p->name);
	p->prog_flags = c->prog_flags;
	p->sleepable = c->prog_flags & BPF_F_SLEEPABLE;
	p->gpl_compatible = license_is_gpl_compatible(c->obj->license);
	p->insns = c->insns;
	p->insn_cnt = c->cnt;
	c->insns = NULL;
	p->externs = c->scratch.externs;
	p->extern_cnt = c->scratch.extern_cnt;
	c->scratch.externs = NULL;
	c->scratch.extern_cnt = 0;
	/* the main function ends where the first subprogram starts */
	main_cnt = p->insn_cnt;
	for (u32 i = 0; i < p->insn_cnt; i++) {
		const struct insn *in = &p->insns[i];
		s64 t = -1;

		if (in->code == (BPF_JMP | BPF_CALL) && in->src == BPF_PSEUDO_CALL)
			t = (s64)i + in->imm + 1;
		else if (in->code == (BPF_LD | BPF_IMM | BPF_DW) && in->src == BPF_PSEUDO_FUNC)
			t = (s64)i + in->imm + 1;
		if (t > 0 && t < main_cnt)
			main_cnt = (u32)t;
	}
	p->main_insn_cnt = main_cnt;
	if ((err = build_funcs(c, p)))
		return err;
	/* every instruction's source line, for reports */
	file = object_intern(c->obj, path);
	p->lines = calloc(p->insn_cnt, sizeof(*p->lines));
	if (!file || !p->lines)
		return -ENOMEM;
	for (u32 i = 0; i < p->insn_cnt; i++) {
		if (i && c->insn_line[i] == c->insn_line[i - 1])
			continue; /* second slot of ld_imm64 */
		p->lines[p->line_cnt].insn_off = i;
		p->lines[p->line_cnt].loc.file = file;
		p->lines[p->line_cnt].loc.line = c->insn_line[i];
		p->lines[p->line_cnt].loc.col = 1;
		p->line_cnt++;
	}
	*out = c->obj;
	c->obj = NULL;
	return 0;
}

static void ctx_fini(struct asm_ctx *c)
{
	for (u32 i = 0; i < c->func_cnt; i++)
		free(c->funcs[i].fi.name);
	free(c->funcs);
	for (u32 i = 0; i < c->label_cnt; i++)
		free(c->labels[i].name);
	free(c->labels);
	for (u32 i = 0; i < c->fixup_cnt; i++)
		free(c->fixups[i].name);
	free(c->fixups);
	free(c->insns);
	free(c->insn_line);
	free(c->name);
	free(c->section);
	free(c->attach_target);
	free(c->license);
	for (u32 i = 0; i < c->scratch.extern_cnt; i++)
		free(c->scratch.externs[i].name);
	free(c->scratch.externs);
	object_free(c->obj);
}

int fe_asm_load(const char *path, const char *text, size_t len, const struct load_opts *opts,
		struct object **out, struct diag *d)
{
	struct asm_ctx c;
	char *line = NULL;
	size_t pos = 0;
	int err = 0;

	memset(&c, 0, sizeof(c));
	c.path = path ? path : "<asm>";
	c.opts = opts;
	c.d = d;
	c.prog_type = -1;
	c.attach_type = -1;
	c.last_insn = -1;
	c.idx_base = -1;
	*out = NULL;
	c.obj = object_new(c.path, INPUT_ASM);
	if (!c.obj)
		return diag_error(d, -ENOMEM, "%s: out of memory", c.path);
	c.log_mode = looks_like_log(text, len);
	while (pos < len && !err) {
		size_t e = pos;

		while (e < len && text[e] != '\n')
			e++;
		c.line++;
		line = strndup(text + pos, e - pos);
		if (!line) {
			err = -ENOMEM;
			break;
		}
		if (memchr(text + pos, '\0', e - pos)) {
			c.line_start = line;
			err = asm_err(&c, line + strlen(line), "NUL byte in the text");
		} else {
			for (char *p = line; *p; p++) /* CR of CRLF files, and other controls */
				if (*p == '\r' || *p == '\v' || *p == '\f')
					*p = ' ';
			c.line_start = line;
			err = parse_line(&c, line);
		}
		free(line);
		c.line_start = NULL;
		pos = e + 1;
	}
	if (!err && c.zero_gap)
		err = diag_error(d, -EBADMSG,
				 "%s:%u: 1: objdump left out zero bytes at the end "
				 "('...'): disassemble with llvm-objdump -z",
				 c.path, c.line);
	if (!err)
		err = check_holes(&c);
	if (!err)
		err = resolve(&c);
	if (!err)
		err = build_object(&c, c.path, out);
	if (err == -ENOMEM)
		diag_error(d, err, "%s: out of memory", c.path);
	else if (err && !d->err)
		diag_error(d, err, "%s: cannot load", c.path);
	ctx_fini(&c);
	return err;
}
