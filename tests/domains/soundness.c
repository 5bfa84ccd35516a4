/* Soundness of the value domains against concrete execution. Random abstract scalars are built
 * together with concrete members (as the hull of a few concrete values, then loosened, refined
 * by a branch and pushed through an ALU op the way the verifier's states arise); every operation
 * is then applied to the abstract values and to every pair of members, and each concrete result
 * must be a member of the abstract result (tnum and all four ranges). Branch decisions must never
 * contradict a concrete pair, and refinement must keep every pair that satisfies the condition.
 * The exhaustive part enumerates all small tnums. */
#include "soundness.h"

#include <stdio.h>
#include <string.h>

#include "ops.h"

static const u8 alu_ops[] = {OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_OR,  OP_AND,
			     OP_LSH, OP_RSH, OP_MOD, OP_XOR, OP_ARSH};
static const u8 jmp_ops[] = {J_JEQ,  J_JGT, J_JGE, J_JSET, J_JNE,  J_JSGT,
			     J_JSGE, J_JLT, J_JLE, J_JSLT, J_JSLE, J_NOT_JSET};

u64 rng_next(struct rng *r)
{
	u64 z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static u64 rng_below(struct rng *r, u64 n)
{
	return n ? rng_next(r) % n : 0;
}

/* BPF semantics (the interpreter's): shift counts are masked to the width, division by zero
 * gives 0, modulo by zero leaves dst (truncated to 32 bits for ALU32). */
u64 conc_alu(u64 dst, u64 src, u8 op, bool alu32, s16 off)
{
	u64 r;

	if (alu32) {
		u32 d = (u32)dst, s = (u32)src;
		u32 x;

		switch (op) {
		case OP_ADD:
			x = d + s;
			break;
		case OP_SUB:
			x = d - s;
			break;
		case OP_MUL:
			x = d * s;
			break;
		case OP_OR:
			x = d | s;
			break;
		case OP_AND:
			x = d & s;
			break;
		case OP_XOR:
			x = d ^ s;
			break;
		case OP_LSH:
			x = d << (s & 31);
			break;
		case OP_RSH:
			x = d >> (s & 31);
			break;
		case OP_ARSH:
			x = (u32)((s32)d >> (s & 31));
			break;
		case OP_NEG:
			x = 0 - d;
			break;
		case OP_DIV:
			if (!s)
				x = 0;
			else if (off && (s32)s == -1)
				x = 0 - d;
			else if (off)
				x = (u32)((s32)d / (s32)s);
			else
				x = d / s;
			break;
		case OP_MOD:
			if (!s)
				x = d;
			else if (off && (s32)s == -1)
				x = 0;
			else if (off)
				x = (u32)((s32)d % (s32)s);
			else
				x = d % s;
			break;
		default:
			x = 0;
			break;
		}
		return x;
	}
	switch (op) {
	case OP_ADD:
		r = dst + src;
		break;
	case OP_SUB:
		r = dst - src;
		break;
	case OP_MUL:
		r = dst * src;
		break;
	case OP_OR:
		r = dst | src;
		break;
	case OP_AND:
		r = dst & src;
		break;
	case OP_XOR:
		r = dst ^ src;
		break;
	case OP_LSH:
		r = dst << (src & 63);
		break;
	case OP_RSH:
		r = dst >> (src & 63);
		break;
	case OP_ARSH:
		r = (u64)((s64)dst >> (src & 63));
		break;
	case OP_NEG:
		r = 0 - dst;
		break;
	case OP_DIV:
		if (!src)
			r = 0;
		else if (off && (s64)src == -1)
			r = 0 - dst;
		else if (off)
			r = (u64)((s64)dst / (s64)src);
		else
			r = dst / src;
		break;
	case OP_MOD:
		if (!src)
			r = dst;
		else if (off && (s64)src == -1)
			r = 0;
		else if (off)
			r = (u64)((s64)dst % (s64)src);
		else
			r = dst % src;
		break;
	default:
		r = 0;
		break;
	}
	return r;
}

bool conc_cond(u64 a, u64 b, u8 op, bool is32)
{
	u64 ua = is32 ? (u32)a : a, ub = is32 ? (u32)b : b;
	s64 sa = is32 ? (s32)a : (s64)a, sb = is32 ? (s32)b : (s64)b;

	switch (op) {
	case J_JEQ:
		return ua == ub;
	case J_JNE:
		return ua != ub;
	case J_JGT:
		return ua > ub;
	case J_JGE:
		return ua >= ub;
	case J_JLT:
		return ua < ub;
	case J_JLE:
		return ua <= ub;
	case J_JSGT:
		return sa > sb;
	case J_JSGE:
		return sa >= sb;
	case J_JSLT:
		return sa < sb;
	case J_JSLE:
		return sa <= sb;
	case J_JSET:
		return (ua & ub) != 0;
	case J_NOT_JSET:
		return (ua & ub) == 0;
	default:
		return false;
	}
}

static const u64 interesting[] = {
	0,
	1,
	2,
	3,
	7,
	8,
	15,
	16,
	31,
	32,
	63,
	64,
	0xff,
	0x100,
	0x7fff,
	0x8000,
	0xffff,
	0x7fffffff,
	0x80000000,
	0xffffffff,
	0x100000000,
	0x7fffffffffffffff,
	0x8000000000000000,
	0xffffffff80000000,
	0xffffffff00000000,
	~(u64)0,
	~(u64)1,
	~(u64)0xff,
	0x12345678,
	0xfedcba9876543210,
};

static u64 rand_value(struct rng *r)
{
	switch (rng_below(r, 6)) {
	case 0:
	case 1:
		return interesting[rng_below(r, ARRAY_SIZE(interesting))];
	case 2:
		return rng_below(r, 600) - 300;
	case 3:
		return rng_next(r) & 0xffffffff;
	case 4:
		return interesting[rng_below(r, ARRAY_SIZE(interesting))] + rng_below(r, 5) - 2;
	default:
		return rng_next(r);
	}
}

static struct scalar hull(const u64 *m, int n)
{
	struct scalar s;
	int i;

	s.var_off = tnum_const(m[0]);
	s.umin = s.umax = m[0];
	s.smin = s.smax = (s64)m[0];
	s.u32_min = s.u32_max = (u32)m[0];
	s.s32_min = s.s32_max = (s32)m[0];
	for (i = 1; i < n; i++) {
		u64 v = m[i];

		s.var_off = tnum_union(s.var_off, tnum_const(v));
		s.umin = MIN(s.umin, v);
		s.umax = MAX(s.umax, v);
		s.smin = MIN(s.smin, (s64)v);
		s.smax = MAX(s.smax, (s64)v);
		s.u32_min = MIN(s.u32_min, (u32)v);
		s.u32_max = MAX(s.u32_max, (u32)v);
		s.s32_min = MIN(s.s32_min, (s32)v);
		s.s32_max = MAX(s.s32_max, (s32)v);
	}
	return s;
}

static void fail(struct sound_stats *st, const char *what, const struct scalar *res, u64 v, u64 a,
		 u64 b, int op, int w)
{
	st->failures++;
	if (st->failures == 1) {
		struct strbuf sb = STRBUF_INIT;

		scalar_fmt_value(res, &sb);
		snprintf(st->first_failure, sizeof(st->first_failure),
			 "%s op=%#x w=%d a=%#llx b=%#llx: %#llx not in %s", what, op, w,
			 (unsigned long long)a, (unsigned long long)b, (unsigned long long)v,
			 strbuf_str(&sb));
		strbuf_free(&sb);
	}
}

static void check_member(struct sound_stats *st, const char *what, const struct scalar *res, u64 v,
			 u64 a, u64 b, int op, int w)
{
	st->checks++;
	if (!scalar_contains(res, v))
		fail(st, what, res, v, a, b, op, w);
}

/* Keep only the members satisfying "m OP c". */
static int filter(u64 *m, int n, u64 c, u8 op, bool is32)
{
	int i, k = 0;

	for (i = 0; i < n; i++)
		if (conc_cond(m[i], c, op, is32))
			m[k++] = m[i];
	return k;
}

void sample_random(struct rng *r, struct sample *out)
{
	u64 base = rand_value(r), span, mask;
	int i, n = 1 + (int)rng_below(r, SAMPLE_MAX);
	unsigned int mode = (unsigned int)rng_below(r, 8);

	span = rng_below(r, 4) ? ((u64)1 << rng_below(r, 20)) : ((u64)1 << rng_below(r, 64));
	mask = rng_next(r) & rng_next(r);
	if (rng_below(r, 2))
		mask &= ((u64)1 << rng_below(r, 64)) - 1;
	for (i = 0; i < n; i++) {
		switch (mode) {
		case 0: /* constant */
			out->members[i] = base;
			break;
		case 1:
		case 2: /* small interval */
			out->members[i] = base + rng_below(r, span);
			break;
		case 3: /* some unknown bits */
			out->members[i] = (base & ~mask) | (rng_next(r) & mask);
			break;
		case 4: /* around zero */
			/* unsigned arithmetic: span may be 2^63, whose negation overflows s64 */
			out->members[i] = rng_below(r, 2 * span) - span;
			break;
		case 5: /* 32-bit value, upper half zero or a sign extension */
			out->members[i] = rng_below(r, 2)
						  ? (u32)(base + rng_below(r, span))
						  : (u64)(s64)(s32)(base + rng_below(r, span));
			break;
		default:
			out->members[i] = rand_value(r);
			break;
		}
	}
	out->n = n;
	out->abs = hull(out->members, n);
	/* loosen: forget some facts, as the kernel often does */
	switch (rng_below(r, 6)) {
	case 0:
		out->abs.var_off = tnum_unknown;
		break;
	case 1:
		scalar_unbound64(&out->abs);
		break;
	case 2:
		scalar_unbound32(&out->abs);
		break;
	case 3:
		out->abs.var_off = tnum_range(out->abs.umin, out->abs.umax);
		scalar_unbound32(&out->abs);
		out->abs.smin = INT64_MIN;
		out->abs.smax = INT64_MAX;
		break;
	default:
		break;
	}
	scalar_sync(&out->abs);
	/* refine by a random branch that some members take */
	if (rng_below(r, 2)) {
		u8 op = jmp_ops[rng_below(r, ARRAY_SIZE(jmp_ops))];
		bool is32 = rng_below(r, 3) == 0;
		u64 c = rng_below(r, 2) ? out->members[rng_below(r, (u64)n)] + rng_below(r, 3) - 1
					: rand_value(r);
		u64 keep[SAMPLE_MAX];
		int k;

		memcpy(keep, out->members, sizeof(keep));
		k = filter(keep, n, c, op, is32);
		if (k) {
			struct scalar cs = scalar_const(c);

			scalar_refine(&out->abs, &cs, op, is32);
			memcpy(out->members, keep, sizeof(keep));
			out->n = k;
		}
	}
	/* push through an ALU op with a constant */
	if (rng_below(r, 3) == 0) {
		u8 op = alu_ops[rng_below(r, ARRAY_SIZE(alu_ops))];
		bool alu32 = rng_below(r, 2);
		u64 c = rng_below(r, 2) ? rng_below(r, alu32 ? 32 : 64) : rand_value(r);
		struct scalar cs = scalar_const(c);

		if (op != OP_DIV && op != OP_MOD) {
			scalar_alu(&out->abs, &cs, op, alu32, 0);
			for (i = 0; i < out->n; i++)
				out->members[i] = conc_alu(out->members[i], c, op, alu32, 0);
		}
	}
	/* a contradictory (dead-branch) state gets its ranges forgotten, as the kernel does */
	scalar_check_invariants(&out->abs, "gen", NULL);
}

static u64 bswap_n(u64 v, int bits)
{
	return bits == 16   ? __builtin_bswap16((u16)v)
	       : bits == 32 ? __builtin_bswap32((u32)v)
			    : __builtin_bswap64(v);
}

static u64 sext_n(u64 v, int size)
{
	return size == 1 ? (u64)(s64)(s8)v : size == 2 ? (u64)(s64)(s16)v : (u64)(s64)(s32)v;
}

static void check_unary(struct sound_stats *st, const struct sample *a, struct rng *r)
{
	static const u8 sizes[] = {1, 2, 4};
	struct scalar res;
	int i, w, k;

	for (w = 0; w < 2; w++) {
		res = a->abs;
		scalar_neg(&res, w);
		for (i = 0; i < a->n; i++)
			check_member(st, "neg", &res, conc_alu(a->members[i], 0, OP_NEG, w, 0),
				     a->members[i], 0, OP_NEG, w ? 32 : 64);
	}
	for (k = 0; k < 3; k++) {
		u8 size = sizes[k];
		u64 m = size == 4 ? 0xffffffff : ((u64)1 << (size * 8)) - 1;

		res = a->abs;
		scalar_zext(&res, size);
		for (i = 0; i < a->n; i++)
			check_member(st, "zext", &res, a->members[i] & m, a->members[i], size, 0,
				     64);
		res = a->abs;
		scalar_sext(&res, size);
		for (i = 0; i < a->n; i++)
			check_member(st, "sext", &res, sext_n(a->members[i], size), a->members[i],
				     size, 0, 64);
		if (size < 4) {
			res = a->abs;
			scalar_sext32(&res, size);
			for (i = 0; i < a->n; i++)
				check_member(st, "sext32", &res, (u32)sext_n(a->members[i], size),
					     a->members[i], size, 0, 32);
		}
	}
	res = a->abs;
	scalar_mov32(&res);
	for (i = 0; i < a->n; i++)
		check_member(st, "mov32", &res, (u32)a->members[i], a->members[i], 0, 0, 32);
	for (k = 0; k < 3; k++) {
		int bits = 16 << k;
		bool swap = rng_below(r, 2);

		res = a->abs;
		scalar_bswap(&res, (u8)bits, swap);
		for (i = 0; i < a->n; i++) {
			u64 v = swap ? bswap_n(a->members[i], bits) : a->members[i];

			if (bits < 64)
				v &= ((u64)1 << bits) - 1;
			check_member(st, "bswap", &res, v, a->members[i], (u64)bits, swap, 64);
		}
	}
}

static void check_binary(struct sound_stats *st, const struct sample *a, const struct sample *b)
{
	struct scalar res;
	size_t k;
	int i, j, w;

	for (k = 0; k < ARRAY_SIZE(alu_ops); k++) {
		u8 op = alu_ops[k];

		for (w = 0; w < 2; w++) {
			s16 off = (op == OP_DIV || op == OP_MOD) ? (s16)(k & 1) : 0;

			res = a->abs;
			scalar_alu(&res, &b->abs, op, w, off);
			for (i = 0; i < a->n; i++)
				for (j = 0; j < b->n; j++)
					check_member(
						st, "alu", &res,
						conc_alu(a->members[i], b->members[j], op, w, off),
						a->members[i], b->members[j], op, w ? 32 : 64);
			/* dst and src the same register */
			res = a->abs;
			scalar_alu(&res, &res, op, w, off);
			for (i = 0; i < a->n; i++)
				check_member(st, "alu-self", &res,
					     conc_alu(a->members[i], a->members[i], op, w, off),
					     a->members[i], a->members[i], op, w ? 32 : 64);
		}
	}
}

static void check_branches(struct sound_stats *st, const struct sample *a, const struct sample *b)
{
	size_t k;
	int i, j, w;

	for (k = 0; k < ARRAY_SIZE(jmp_ops); k++) {
		u8 op = jmp_ops[k];

		for (w = 0; w < 2; w++) {
			int taken = scalar_branch_taken(&a->abs, &b->abs, op, w);
			struct scalar t1 = a->abs, t2 = b->abs, f1 = a->abs, f2 = b->abs;

			scalar_refine(&t1, &t2, op, w);
			scalar_refine(&f1, &f2, jmp_negate(op), w);
			for (i = 0; i < a->n; i++) {
				for (j = 0; j < b->n; j++) {
					u64 x = a->members[i], y = b->members[j];
					bool c = conc_cond(x, y, op, w);

					st->checks++;
					if ((taken == 1 && !c) || (taken == 0 && c))
						fail(st, "branch_taken", &a->abs, x, x, y, op,
						     w ? 32 : 64);
					check_member(st, c ? "refine-true-a" : "refine-false-a",
						     c ? &t1 : &f1, x, x, y, op, w ? 32 : 64);
					check_member(st, c ? "refine-true-b" : "refine-false-b",
						     c ? &t2 : &f2, y, x, y, op, w ? 32 : 64);
				}
			}
		}
	}
}

void sound_run_random(u64 seed, u64 rounds, struct sound_stats *st)
{
	struct rng r = {seed};
	struct sample a, b;
	u64 n;
	int i;

	for (n = 0; n < rounds; n++) {
		sample_random(&r, &a);
		sample_random(&r, &b);
		for (i = 0; i < a.n; i++)
			check_member(st, "sample", &a.abs, a.members[i], a.members[i], 0, 0, 0);
		check_unary(st, &a, &r);
		check_binary(st, &a, &b);
		check_branches(st, &a, &b);
	}
}

/* ---- exhaustive tnum checks -------------------------------------------------------------- */

/* The smallest tnum containing the given set of values (the optimal abstraction). */
struct hullacc {
	u64 and_, or_;
	bool any;
};

static void hull_add(struct hullacc *h, u64 v)
{
	if (!h->any) {
		h->and_ = h->or_ = v;
		h->any = true;
		return;
	}
	h->and_ &= v;
	h->or_ |= v;
}

static bool tnum_eq(struct tnum a, struct tnum b)
{
	return a.value == b.value && a.mask == b.mask;
}

/* next member of t after the member m (enumerating subsets of the mask); false at the end */
static bool next_member(struct tnum t, u64 *m)
{
	u64 sub = *m & t.mask;

	if (sub == t.mask)
		return false;
	sub = (sub - t.mask) & t.mask; /* next subset in increasing order */
	*m = t.value | sub;
	return true;
}

static void tnum_fail(struct sound_stats *st, const char *what, struct tnum a, struct tnum b,
		      struct tnum res, u64 v)
{
	st->failures++;
	if (st->failures == 1)
		snprintf(st->first_failure, sizeof(st->first_failure),
			 "%s a=(%#llx;%#llx) b=(%#llx;%#llx) res=(%#llx;%#llx) v=%#llx", what,
			 (unsigned long long)a.value, (unsigned long long)a.mask,
			 (unsigned long long)b.value, (unsigned long long)b.mask,
			 (unsigned long long)res.value, (unsigned long long)res.mask,
			 (unsigned long long)v);
}

typedef struct tnum (*tnum_binop)(struct tnum, struct tnum);

static void exhaust_binop(struct sound_stats *st, struct tnum a, struct tnum b, tnum_binop f, u8 op,
			  bool optimal, const char *name)
{
	struct tnum res = f(a, b);
	struct hullacc h = {0, 0, false};
	u64 x = a.value, y;

	do {
		y = b.value;
		do {
			u64 v = conc_alu(x, y, op, false, 0);

			st->checks++;
			if (!tnum_contains(res, v))
				tnum_fail(st, name, a, b, res, v);
			hull_add(&h, v);
		} while (next_member(b, &y));
	} while (next_member(a, &x));
	if (optimal && !tnum_eq(res, TNUM(h.and_, h.and_ ^ h.or_)))
		tnum_fail(st, name, a, b, res, h.and_);
}

static void exhaust_pair(struct sound_stats *st, struct tnum a, struct tnum b, int bits)
{
	struct tnum u = tnum_union(a, b), in;
	struct hullacc h = {0, 0, false};
	bool sub_ab = true, common = false;
	u64 x, y;

	exhaust_binop(st, a, b, tnum_add, OP_ADD, true, "add");
	exhaust_binop(st, a, b, tnum_sub, OP_SUB, true, "sub");
	exhaust_binop(st, a, b, tnum_and, OP_AND, true, "and");
	exhaust_binop(st, a, b, tnum_or, OP_OR, true, "or");
	exhaust_binop(st, a, b, tnum_xor, OP_XOR, true, "xor");
	exhaust_binop(st, a, b, tnum_mul, OP_MUL, false, "mul");

	/* union: optimal hull of both sets */
	x = a.value;
	do
		hull_add(&h, x);
	while (next_member(a, &x));
	y = b.value;
	do
		hull_add(&h, y);
	while (next_member(b, &y));
	st->checks++;
	if (!tnum_eq(u, TNUM(h.and_, h.and_ ^ h.or_)))
		tnum_fail(st, "union", a, b, u, 0);

	/* intersect keeps every common member; overlap iff a common member exists; in(a, b) iff
	 * every member of b is in a */
	in = tnum_intersect(a, b);
	y = b.value;
	do {
		st->checks++;
		if (tnum_contains(a, y)) {
			common = true;
			if (!tnum_contains(in, y))
				tnum_fail(st, "intersect", a, b, in, y);
		} else {
			sub_ab = false;
		}
	} while (next_member(b, &y));
	st->checks += 2;
	if (tnum_overlap(a, b) != common)
		tnum_fail(st, "overlap", a, b, TNUM(0, 0), common);
	if (tnum_in(a, b) != sub_ab)
		tnum_fail(st, "in", a, b, TNUM(0, 0), sub_ab);
	(void)bits;
}

static void exhaust_single(struct sound_stats *st, struct tnum a, int bits)
{
	u64 lim = (u64)1 << bits, z, x;
	int k;

	/* shifts: exact, so optimal */
	for (k = 0; k <= bits; k++) {
		struct tnum l = tnum_lshift(a, (u8)k), rr = tnum_rshift(a, (u8)k);
		/* arithmetic shift of the tnum moved to the top of the word, so the sign bit is
		 * one of its bits */
		struct tnum top = TNUM(a.value << (64 - bits), a.mask << (64 - bits));
		struct tnum ar = tnum_arshift(top, (u8)k, 64);
		struct tnum top32 =
			TNUM((u32)(a.value << (32 - bits)), (u32)(a.mask << (32 - bits)));
		struct tnum ar32 = tnum_arshift(top32, (u8)k, 32);
		struct hullacc hl = {0, 0, false}, hr = {0, 0, false}, ha = {0, 0, false};
		struct hullacc ha32 = {0, 0, false};

		x = a.value;
		do {
			u64 t = x << (64 - bits);
			u32 t32 = (u32)(x << (32 - bits));

			hull_add(&hl, x << k);
			hull_add(&hr, x >> k);
			hull_add(&ha, (u64)((s64)t >> k));
			hull_add(&ha32, (u32)((s32)t32 >> k));
		} while (next_member(a, &x));
		st->checks += 4;
		if (!tnum_eq(l, TNUM(hl.and_, hl.and_ ^ hl.or_)))
			tnum_fail(st, "lshift", a, TNUM(k, 0), l, 0);
		if (!tnum_eq(rr, TNUM(hr.and_, hr.and_ ^ hr.or_)))
			tnum_fail(st, "rshift", a, TNUM(k, 0), rr, 0);
		if (!tnum_eq(ar, TNUM(ha.and_, ha.and_ ^ ha.or_)))
			tnum_fail(st, "arshift", a, TNUM(k, 0), ar, 0);
		if (!tnum_eq(ar32, TNUM(ha32.and_, ha32.and_ ^ ha32.or_)))
			tnum_fail(st, "arshift32", a, TNUM(k, 0), ar32, 0);
	}
	/* neg: sound and optimal (it is sub from a constant) */
	{
		struct tnum n = tnum_neg(a);
		struct hullacc h = {0, 0, false};

		x = a.value;
		do
			hull_add(&h, 0 - x);
		while (next_member(a, &x));
		st->checks++;
		if (!tnum_eq(n, TNUM(h.and_, h.and_ ^ h.or_)))
			tnum_fail(st, "neg", a, a, n, 0);
	}
	/* tnum_step against a brute-force search */
	for (z = 0; z < lim + 2; z++) {
		u64 tmax = a.value | a.mask, want = tmax, got = tnum_step(a, z);

		if (z < a.value) {
			want = a.value;
		} else if (z < tmax) {
			for (x = z + 1; x <= tmax; x++)
				if (tnum_contains(a, x)) {
					want = x;
					break;
				}
		}
		st->checks++;
		if (got != want)
			tnum_fail(st, "step", a, TNUM(z, 0), TNUM(got, 0), want);
	}
	/* casts, alignment */
	st->checks++;
	if (tnum_is_aligned(a, 4) != !((a.value | a.mask) & 3))
		tnum_fail(st, "aligned", a, a, a, 4);
}

void sound_tnum_exhaustive(int bits, struct sound_stats *st)
{
	u64 lim = (u64)1 << bits, va, ma, vb, mb, lo, hi;

	for (ma = 0; ma < lim; ma++) {
		for (va = 0; va < lim; va++) {
			if (va & ma)
				continue;
			exhaust_single(st, TNUM(va, ma), bits);
			for (mb = 0; mb < lim; mb++)
				for (vb = 0; vb < lim; vb++)
					if (!(vb & mb))
						exhaust_pair(st, TNUM(va, ma), TNUM(vb, mb), bits);
		}
	}
	/* tnum_range: optimal hull of [lo, hi] */
	for (lo = 0; lo < lim; lo++) {
		for (hi = lo; hi < lim; hi++) {
			struct tnum t = tnum_range(lo, hi);
			u64 a = lo, o = lo, v;

			for (v = lo; v <= hi; v++) {
				a &= v;
				o |= v;
			}
			st->checks++;
			if (!tnum_eq(t, TNUM(a, a ^ o)))
				tnum_fail(st, "range", TNUM(lo, 0), TNUM(hi, 0), t, 0);
		}
	}
}
