/* The scalar value domain: the reduced product of a tnum and four intervals (u64, s64, u32,
 * s32), with the kernel verifier's transfer functions for ALU operations, sign/zero extension,
 * conditional-jump decisions and refinements, and its bounds synchronisation. bpfvet must compute
 * exactly the kernel's bounds (a more precise analysis would accept programs the kernel rejects),
 * so every function here follows the kernel's algorithm step by step, including its imprecision;
 * the comment on each names the kernel function it mirrors (kernel/bpf/verifier.c, 6.18 as
 * observed on the live kernel: NEG and BPF_END are tracked, DIV/MOD are not, ADD/SUB use the
 * "all or no overflow" rule, MUL uses signed products, a tnum/u64 overlap in a single value
 * makes the register constant). Pure functions; no allocation, no I/O beyond strbuf. */
#include "scalar.h"

#include <inttypes.h>

#define S64_MIN INT64_MIN
#define S64_MAX INT64_MAX
#define U64_MAX UINT64_MAX
#define S32_MIN INT32_MIN
#define S32_MAX INT32_MAX
#define U32_MAX UINT32_MAX

#include "ops.h"

#define umax64(a, b) ((u64)(a) > (u64)(b) ? (u64)(a) : (u64)(b))
#define umin64(a, b) ((u64)(a) < (u64)(b) ? (u64)(a) : (u64)(b))
#define smax64(a, b) ((s64)(a) > (s64)(b) ? (s64)(a) : (s64)(b))
#define smin64(a, b) ((s64)(a) < (s64)(b) ? (s64)(a) : (s64)(b))
#define umax32(a, b) ((u32)(a) > (u32)(b) ? (u32)(a) : (u32)(b))
#define umin32(a, b) ((u32)(a) < (u32)(b) ? (u32)(a) : (u32)(b))
#define smax32(a, b) ((s32)(a) > (s32)(b) ? (s32)(a) : (s32)(b))
#define smin32(a, b) ((s32)(a) < (s32)(b) ? (s32)(a) : (s32)(b))

/* ---- construction ---------------------------------------------------------------------- */

static void set_known(struct scalar *s, u64 v)
{
	s->var_off = tnum_const(v);
	s->smin = s->smax = (s64)v;
	s->umin = s->umax = v;
	s->s32_min = s->s32_max = (s32)v;
	s->u32_min = s->u32_max = (u32)v;
}

void scalar_unbound64(struct scalar *s)
{
	s->smin = S64_MIN;
	s->smax = S64_MAX;
	s->umin = 0;
	s->umax = U64_MAX;
}

void scalar_unbound32(struct scalar *s)
{
	s->s32_min = S32_MIN;
	s->s32_max = S32_MAX;
	s->u32_min = 0;
	s->u32_max = U32_MAX;
}

static void unbound_all(struct scalar *s)
{
	scalar_unbound64(s);
	scalar_unbound32(s);
}

struct scalar scalar_unknown(void)
{
	struct scalar s;

	s.var_off = tnum_unknown;
	unbound_all(&s);
	return s;
}

struct scalar scalar_const(u64 v)
{
	struct scalar s;

	set_known(&s, v);
	return s;
}

/* mirrors __mark_reg32_known() */
void scalar_mark_known32(struct scalar *s, u32 v)
{
	s->var_off = tnum_const_subreg(s->var_off, v);
	s->s32_min = s->s32_max = (s32)v;
	s->u32_min = s->u32_max = v;
}

struct scalar scalar_unknown32(void)
{
	struct scalar s = scalar_unknown();

	scalar_mov32(&s);
	return s;
}

struct scalar scalar_urange(u64 umin, u64 umax)
{
	struct scalar s = scalar_unknown();

	s.umin = umin;
	s.umax = umax;
	s.var_off = tnum_range(umin, umax);
	scalar_sync(&s);
	return s;
}

bool scalar_is_const(const struct scalar *s)
{
	return tnum_is_const(s->var_off);
}

bool scalar_subreg_is_const(const struct scalar *s)
{
	return tnum_subreg_is_const(s->var_off);
}

bool scalar_is_unknown(const struct scalar *s)
{
	return tnum_is_unknown(s->var_off) && s->smin == S64_MIN && s->smax == S64_MAX &&
	       s->umin == 0 && s->umax == U64_MAX && s->s32_min == S32_MIN &&
	       s->s32_max == S32_MAX && s->u32_min == 0 && s->u32_max == U32_MAX;
}

bool scalar_contains(const struct scalar *s, u64 v)
{
	return tnum_contains(s->var_off, v) && v >= s->umin && v <= s->umax && (s64)v >= s->smin &&
	       (s64)v <= s->smax && (u32)v >= s->u32_min && (u32)v <= s->u32_max &&
	       (s32)v >= s->s32_min && (s32)v <= s->s32_max;
}

/* ---- synchronisation ------------------------------------------------------------------- */

/* The smallest member of t greater than z; t.value when z is below every member; the largest
 * member when there is none above z. The kernel's tnum_step() (6.18). */
u64 tnum_step(struct tnum t, u64 z)
{
	u64 tmax = t.value | t.mask;
	u64 x, d, low, up;
	int h, i;

	if (z >= tmax)
		return tmax;
	if (z < t.value)
		return t.value;
	x = z + 1;		     /* no overflow: z < tmax */
	d = (x ^ t.value) & ~t.mask; /* fixed bits that x gets wrong */
	if (!d)
		return x;
	h = 63 - __builtin_clzll(d);
	low = h == 63 ? U64_MAX : ((u64)2 << h) - 1; /* bits h..0 */
	if (!(x >> h & 1)) /* the fixed bit is 1: take it, everything below minimal */
		return (x & ~low) | (t.value & low);
	/* the fixed bit is 0 where x has 1: carry into the lowest free 0 bit above h */
	up = ~x & t.mask & ~low;
	if (!up)
		return tmax;
	i = __builtin_ctzll(up);
	low = ((u64)1 << i) - 1;
	return (x & ~low & ~((u64)1 << i)) | ((u64)1 << i) | (t.value & low);
}

/* mirrors __update_reg32_bounds() */
static void update_bounds32(struct scalar *s)
{
	struct tnum t = tnum_subreg(s->var_off);
	u32 v = (u32)t.value, m = (u32)t.mask;

	s->s32_min = smax32(s->s32_min, (s32)(v | (m & 0x80000000u)));
	s->s32_max = smin32(s->s32_max, (s32)(v | (m & 0x7fffffffu)));
	s->u32_min = umax32(s->u32_min, v);
	s->u32_max = umin32(s->u32_max, v | m);
}

/* mirrors __update_reg64_bounds() (6.18), including the detection of a single common member
 * of the tnum and the u64 range, which makes the register a constant */
static void update_bounds64(struct scalar *s)
{
	struct tnum t = s->var_off;
	u64 tmax = t.value | t.mask, next;
	bool umin_in;

	s->smin = smax64(s->smin, (s64)(t.value | (t.mask & (u64)S64_MIN)));
	s->smax = smin64(s->smax, (s64)(t.value | (t.mask & (u64)S64_MAX)));
	s->umin = umax64(s->umin, t.value);
	s->umax = umin64(s->umax, tmax);

	/* no shortcut for a constant tnum: then the second case below resets every range to the
	 * constant when umin is not it, which repairs a contradictory (dead-branch) state the way
	 * the kernel does */
	next = tnum_step(t, s->umin);
	umin_in = tnum_contains(t, s->umin);
	if (umin_in && next > s->umax)
		set_known(s, s->umin);
	else if (!umin_in && next == tmax)
		set_known(s, tmax);
	else if (!umin_in && next <= s->umax && tnum_step(t, next) > s->umax)
		set_known(s, next);
}

static void update_bounds(struct scalar *s)
{
	update_bounds32(s);
	update_bounds64(s);
}

/* mirrors __reg32_deduce_bounds() */
static void deduce_bounds32(struct scalar *s)
{
	if ((s->umin >> 32) == (s->umax >> 32)) {
		s->u32_min = umax32(s->u32_min, (u32)s->umin);
		s->u32_max = umin32(s->u32_max, (u32)s->umax);
		if ((s32)s->umin <= (s32)s->umax) {
			s->s32_min = smax32(s->s32_min, (s32)s->umin);
			s->s32_max = smin32(s->s32_max, (s32)s->umax);
		}
	}
	if ((s->smin >> 32) == (s->smax >> 32)) {
		if ((u32)s->smin <= (u32)s->smax) {
			s->u32_min = umax32(s->u32_min, (u32)s->smin);
			s->u32_max = umin32(s->u32_max, (u32)s->smax);
		}
		if ((s32)s->smin <= (s32)s->smax) {
			s->s32_min = smax32(s->s32_min, (s32)s->smin);
			s->s32_max = smin32(s->s32_max, (s32)s->smax);
		}
	}
	/* upper halves are two consecutive numbers and the low halves cross zero as s32 */
	if ((u32)(s->umin >> 32) + 1 == (u32)(s->umax >> 32) && (s32)s->umin < 0 &&
	    (s32)s->umax >= 0) {
		s->s32_min = smax32(s->s32_min, (s32)s->umin);
		s->s32_max = smin32(s->s32_max, (s32)s->umax);
	}
	if ((u32)((u64)s->smin >> 32) + 1 == (u32)((u64)s->smax >> 32) && (s32)s->smin < 0 &&
	    (s32)s->smax >= 0) {
		s->s32_min = smax32(s->s32_min, (s32)s->smin);
		s->s32_max = smin32(s->s32_max, (s32)s->smax);
	}
	if ((s32)s->u32_min <= (s32)s->u32_max) {
		s->s32_min = smax32(s->s32_min, (s32)s->u32_min);
		s->s32_max = smin32(s->s32_max, (s32)s->u32_max);
	}
	if ((u32)s->s32_min <= (u32)s->s32_max) {
		s->u32_min = umax32(s->u32_min, (u32)s->s32_min);
		s->u32_max = umin32(s->u32_max, (u32)s->s32_max);
	} else if (s->u32_max < (u32)s->s32_min) {
		/* u32 range meets only the non-negative part of the s32 range */
		s->s32_min = (s32)s->u32_min;
		s->u32_max = umin32(s->u32_max, (u32)s->s32_max);
	} else if ((u32)s->s32_max < s->u32_min) {
		/* u32 range meets only the negative part */
		s->s32_max = (s32)s->u32_max;
		s->u32_min = umax32(s->u32_min, (u32)s->s32_min);
	}
}

/* mirrors __reg64_deduce_bounds() */
static void deduce_bounds64(struct scalar *s)
{
	if ((s64)s->umin <= (s64)s->umax) {
		s->smin = smax64(s->smin, (s64)s->umin);
		s->smax = smin64(s->smax, (s64)s->umax);
	}
	if ((u64)s->smin <= (u64)s->smax) {
		s->umin = umax64(s->umin, (u64)s->smin);
		s->umax = umin64(s->umax, (u64)s->smax);
	} else if (s->umax < (u64)s->smin) {
		s->smin = (s64)s->umin;
		s->umax = umin64(s->umax, (u64)s->smax);
	} else if ((u64)s->smax < s->umin) {
		s->smax = (s64)s->umax;
		s->umin = umax64(s->umin, (u64)s->smin);
	}
}

/* mirrors __reg_deduce_mixed_bounds() */
static void deduce_mixed(struct scalar *s)
{
	const u64 hi = ~(u64)0xffffffff;
	u64 nu_min, nu_max;
	s64 ns_min, ns_max;

	nu_min = (s->umin & hi) | s->u32_min;
	nu_max = (s->umax & hi) | s->u32_max;
	s->umin = umax64(s->umin, nu_min);
	s->umax = umin64(s->umax, nu_max);
	ns_min = (s64)(((u64)s->smin & hi) | s->u32_min);
	ns_max = (s64)(((u64)s->smax & hi) | s->u32_max);
	s->smin = smax64(s->smin, ns_min);
	s->smax = smin64(s->smax, ns_max);

	if ((u32)s->s32_min <= (u32)s->s32_max) {
		nu_min = (s->umin & hi) | (u32)s->s32_min;
		nu_max = (s->umax & hi) | (u32)s->s32_max;
		s->umin = umax64(s->umin, nu_min);
		s->umax = umin64(s->umax, nu_max);
		ns_min = (s64)(((u64)s->smin & hi) | (u32)s->s32_min);
		ns_max = (s64)(((u64)s->smax & hi) | (u32)s->s32_max);
		s->smin = smax64(s->smin, ns_min);
		s->smax = smin64(s->smax, ns_max);
	}

	/* a sign-extended 32-bit value whose low half is known non-negative cannot have the
	 * upper half all ones */
	if (s->s32_min >= 0 && s->smin >= S32_MIN && s->smax <= S32_MAX) {
		s->smin = s->s32_min;
		s->smax = s->s32_max;
		s->umin = (u64)(s64)s->s32_min;
		s->umax = (u64)(s64)s->s32_max;
		s->var_off = tnum_intersect(s->var_off, tnum_range((u64)s->smin, (u64)s->smax));
	}
}

static void deduce_bounds(struct scalar *s)
{
	deduce_bounds32(s);
	deduce_bounds64(s);
	deduce_mixed(s);
}

/* mirrors __reg_bound_offset() */
static void bound_offset(struct scalar *s)
{
	struct tnum t64 = tnum_intersect(s->var_off, tnum_range(s->umin, s->umax));
	struct tnum t32 = tnum_intersect(tnum_subreg(t64), tnum_range(s->u32_min, s->u32_max));

	s->var_off = tnum_or(tnum_clear_subreg(t64), t32);
}

/* mirrors reg_bounds_sync() */
static bool same_ranges(const struct scalar *a, const struct scalar *b)
{
	return a->smin == b->smin && a->smax == b->smax && a->umin == b->umin &&
	       a->umax == b->umax && a->s32_min == b->s32_min && a->s32_max == b->s32_max &&
	       a->u32_min == b->u32_min && a->u32_max == b->u32_max &&
	       a->var_off.value == b->var_off.value && a->var_off.mask == b->var_off.mask;
}

/* mirrors reg_bounds_sync(): the kernel runs __reg_deduce_bounds() three times; a round that
 * changes nothing makes the later ones no-ops (it is a function of the state), so they are
 * skipped, as is everything for a consistent constant -- same result, less work */
void scalar_sync(struct scalar *s)
{
	struct scalar prev;
	int round;

	if (!s->var_off.mask) {
		u64 v = s->var_off.value;

		if (s->umin == v && s->umax == v && s->smin == (s64)v && s->smax == (s64)v &&
		    s->u32_min == (u32)v && s->u32_max == (u32)v && s->s32_min == (s32)v &&
		    s->s32_max == (s32)v)
			return;
	}
	update_bounds(s);
	for (round = 0; round < 3; round++) {
		prev = *s;
		deduce_bounds(s);
		if (same_ranges(&prev, s))
			break;
	}
	bound_offset(s);
	update_bounds(s);
}

/* mirrors reg_bounds_sanity_check() (the conditions, not the message) */
bool scalar_is_sane(const struct scalar *s)
{
	return !scalar_invariant_violation(s);
}

static void fmt_hex(struct strbuf *sb, u64 v)
{
	/* the kernel's "%#llx" prints zero as "0x0" */
	strbuf_printf(sb, "0x%" PRIx64, v);
}

const char *scalar_invariant_violation(const struct scalar *s)
{
	if (s->umin > s->umax || s->smin > s->smax || s->u32_min > s->u32_max ||
	    s->s32_min > s->s32_max)
		return "range bounds violation";
	if (tnum_is_const(s->var_off)) {
		u64 v = s->var_off.value;

		if (s->umin != v || s->umax != v || s->smin != (s64)v || s->smax != (s64)v)
			return "const tnum out of sync with range bounds";
	}
	if (tnum_subreg_is_const(s->var_off)) {
		u32 v = (u32)s->var_off.value;

		if (s->u32_min != v || s->u32_max != v || s->s32_min != (s32)v ||
		    s->s32_max != (s32)v)
			return "const subreg tnum out of sync with range bounds";
	}
	return NULL;
}

/* mirrors reg_bounds_sanity_check() of 6.18 without test_reg_invariants: report through
 * verifier_bug() and continue with the ranges forgotten (var_off kept) */
bool scalar_check_invariants(struct scalar *s, const char *ctx, struct strbuf *log)
{
	const char *msg = scalar_invariant_violation(s);

	if (!msg)
		return true;
	if (log) {
		strbuf_printf(log, "verifier bug: REG INVARIANTS VIOLATION (%s): %s u64=[", ctx,
			      msg);
		fmt_hex(log, s->umin);
		strbuf_puts(log, ", ");
		fmt_hex(log, s->umax);
		strbuf_puts(log, "] s64=[");
		fmt_hex(log, (u64)s->smin);
		strbuf_puts(log, ", ");
		fmt_hex(log, (u64)s->smax);
		strbuf_puts(log, "] u32=[");
		fmt_hex(log, s->u32_min);
		strbuf_puts(log, ", ");
		fmt_hex(log, s->u32_max);
		strbuf_puts(log, "] s32=[");
		fmt_hex(log, (u32)s->s32_min);
		strbuf_puts(log, ", ");
		fmt_hex(log, (u32)s->s32_max);
		strbuf_puts(log, "] var_off=(");
		fmt_hex(log, s->var_off.value);
		strbuf_puts(log, ", ");
		fmt_hex(log, s->var_off.mask);
		strbuf_puts(log, ")\n");
	}
	unbound_all(s);
	return false;
}

/* ---- ALU ------------------------------------------------------------------------------- */

/* mirrors scalar32_min_max_add() (6.18: the u32 range survives when all or none of the sums
 * wrap) */
static void add32(struct scalar *d, const struct scalar *s)
{
	s32 a, b;
	u32 ua, ub;
	bool omin, omax;

	if (__builtin_add_overflow(d->s32_min, s->s32_min, &a) |
	    __builtin_add_overflow(d->s32_max, s->s32_max, &b)) {
		d->s32_min = S32_MIN;
		d->s32_max = S32_MAX;
	} else {
		d->s32_min = a;
		d->s32_max = b;
	}
	omin = __builtin_add_overflow(d->u32_min, s->u32_min, &ua);
	omax = __builtin_add_overflow(d->u32_max, s->u32_max, &ub);
	if (!omin && omax) {
		d->u32_min = 0;
		d->u32_max = U32_MAX;
	} else {
		d->u32_min = ua;
		d->u32_max = ub;
	}
}

/* mirrors scalar_min_max_add() (6.18) */
static void add64(struct scalar *d, const struct scalar *s)
{
	s64 a, b;
	u64 ua, ub;
	bool omin, omax;

	if (__builtin_add_overflow(d->smin, s->smin, &a) |
	    __builtin_add_overflow(d->smax, s->smax, &b)) {
		d->smin = S64_MIN;
		d->smax = S64_MAX;
	} else {
		d->smin = a;
		d->smax = b;
	}
	omin = __builtin_add_overflow(d->umin, s->umin, &ua);
	omax = __builtin_add_overflow(d->umax, s->umax, &ub);
	if (!omin && omax) {
		d->umin = 0;
		d->umax = U64_MAX;
	} else {
		d->umin = ua;
		d->umax = ub;
	}
}

/* mirrors scalar32_min_max_sub() (6.18: the u32 range survives when all or none of the
 * differences wrap) */
static void sub32(struct scalar *d, const struct scalar *s)
{
	s32 a, b;
	u32 ua, ub;
	bool omin, omax;

	if (__builtin_sub_overflow(d->s32_min, s->s32_max, &a) |
	    __builtin_sub_overflow(d->s32_max, s->s32_min, &b)) {
		d->s32_min = S32_MIN;
		d->s32_max = S32_MAX;
	} else {
		d->s32_min = a;
		d->s32_max = b;
	}
	omin = __builtin_sub_overflow(d->u32_min, s->u32_max, &ua);
	omax = __builtin_sub_overflow(d->u32_max, s->u32_min, &ub);
	if (omin && !omax) {
		d->u32_min = 0;
		d->u32_max = U32_MAX;
	} else {
		d->u32_min = ua;
		d->u32_max = ub;
	}
}

/* mirrors scalar_min_max_sub() (6.18) */
static void sub64(struct scalar *d, const struct scalar *s)
{
	s64 a, b;
	u64 ua, ub;
	bool omin, omax;

	if (__builtin_sub_overflow(d->smin, s->smax, &a) |
	    __builtin_sub_overflow(d->smax, s->smin, &b)) {
		d->smin = S64_MIN;
		d->smax = S64_MAX;
	} else {
		d->smin = a;
		d->smax = b;
	}
	omin = __builtin_sub_overflow(d->umin, s->umax, &ua);
	omax = __builtin_sub_overflow(d->umax, s->umin, &ub);
	if (omin && !omax) {
		d->umin = 0;
		d->umax = U64_MAX;
	} else {
		d->umin = ua;
		d->umax = ub;
	}
}

/* mirrors scalar32_min_max_mul() (6.18: unsigned products of the extremes, signed min/max of
 * the four corner products, each unbounded on overflow) */
static void mul32(struct scalar *d, const struct scalar *s)
{
	u32 ua, ub;
	s32 p[4];
	bool o;

	if (__builtin_mul_overflow(d->u32_max, s->u32_max, &ub) |
	    __builtin_mul_overflow(d->u32_min, s->u32_min, &ua)) {
		d->u32_min = 0;
		d->u32_max = U32_MAX;
	} else {
		d->u32_min = ua;
		d->u32_max = ub;
	}
	o = __builtin_mul_overflow(d->s32_min, s->s32_min, &p[0]);
	o |= __builtin_mul_overflow(d->s32_min, s->s32_max, &p[1]);
	o |= __builtin_mul_overflow(d->s32_max, s->s32_min, &p[2]);
	o |= __builtin_mul_overflow(d->s32_max, s->s32_max, &p[3]);
	if (o) {
		d->s32_min = S32_MIN;
		d->s32_max = S32_MAX;
	} else {
		d->s32_min = smin32(smin32(p[0], p[1]), smin32(p[2], p[3]));
		d->s32_max = smax32(smax32(p[0], p[1]), smax32(p[2], p[3]));
	}
}

/* mirrors scalar_min_max_mul() (6.18) */
static void mul64(struct scalar *d, const struct scalar *s)
{
	u64 ua, ub;
	s64 p[4];
	bool o;

	if (__builtin_mul_overflow(d->umax, s->umax, &ub) |
	    __builtin_mul_overflow(d->umin, s->umin, &ua)) {
		d->umin = 0;
		d->umax = U64_MAX;
	} else {
		d->umin = ua;
		d->umax = ub;
	}
	o = __builtin_mul_overflow(d->smin, s->smin, &p[0]);
	o |= __builtin_mul_overflow(d->smin, s->smax, &p[1]);
	o |= __builtin_mul_overflow(d->smax, s->smin, &p[2]);
	o |= __builtin_mul_overflow(d->smax, s->smax, &p[3]);
	if (o) {
		d->smin = S64_MIN;
		d->smax = S64_MAX;
	} else {
		d->smin = smin64(smin64(p[0], p[1]), smin64(p[2], p[3]));
		d->smax = smax64(smax64(p[0], p[1]), smax64(p[2], p[3]));
	}
}

/* The s32 (s64) range is the u32 (u64) one when that does not cross the sign boundary. */
static void s32_from_u32(struct scalar *d)
{
	if ((s32)d->u32_min <= (s32)d->u32_max) {
		d->s32_min = (s32)d->u32_min;
		d->s32_max = (s32)d->u32_max;
	} else {
		d->s32_min = S32_MIN;
		d->s32_max = S32_MAX;
	}
}

static void s64_from_u64(struct scalar *d)
{
	if ((s64)d->umin <= (s64)d->umax) {
		d->smin = (s64)d->umin;
		d->smax = (s64)d->umax;
	} else {
		d->smin = S64_MIN;
		d->smax = S64_MAX;
	}
}

/* mirrors scalar32_min_max_and/or/xor(): var_off already holds the result tnum */
static void bitop32(struct scalar *d, const struct scalar *s, u8 op, bool src_known)
{
	struct tnum t = tnum_subreg(d->var_off);

	if (src_known && tnum_subreg_is_const(d->var_off)) {
		scalar_mark_known32(d, (u32)t.value);
		return;
	}
	if (op == OP_AND) {
		d->u32_min = (u32)t.value;
		d->u32_max = umin32(d->u32_max, s->u32_max);
	} else if (op == OP_OR) {
		d->u32_min = umax32(d->u32_min, s->u32_min);
		d->u32_max = (u32)(t.value | t.mask);
	} else {
		d->u32_min = (u32)t.value;
		d->u32_max = (u32)(t.value | t.mask);
	}
	s32_from_u32(d);
}

/* mirrors scalar_min_max_and/or/xor() */
static void bitop64(struct scalar *d, const struct scalar *s, u8 op, bool src_known)
{
	struct tnum t = d->var_off;

	if (src_known && tnum_is_const(t)) {
		set_known(d, t.value);
		return;
	}
	if (op == OP_AND) {
		d->umin = t.value;
		d->umax = umin64(d->umax, s->umax);
	} else if (op == OP_OR) {
		d->umin = umax64(d->umin, s->umin);
		d->umax = t.value | t.mask;
	} else {
		d->umin = t.value;
		d->umax = t.value | t.mask;
	}
	s64_from_u64(d);
	update_bounds(d);
}

/* mirrors __scalar32_min_max_lsh() */
static void lsh32_ranges(struct scalar *d, u64 umin_val, u64 umax_val)
{
	d->s32_min = S32_MIN;
	d->s32_max = S32_MAX;
	if (umax_val > 31 || d->u32_max > (u64)1 << (31 - umax_val)) {
		d->u32_min = 0;
		d->u32_max = U32_MAX;
	} else {
		d->u32_min <<= umin_val;
		d->u32_max <<= umax_val;
	}
}

/* mirrors __scalar64_min_max_lsh() */
static void lsh64_ranges(struct scalar *d, u64 umin_val, u64 umax_val)
{
	/* <<32 of a sign-extended subregister keeps the s32 bounds, shifted */
	if (umin_val == 32 && umax_val == 32) {
		d->smax = (s64)((u64)(s64)d->s32_max << 32);
		d->smin = (s64)((u64)(s64)d->s32_min << 32);
	} else {
		d->smax = S64_MAX;
		d->smin = S64_MIN;
	}
	if (d->umax > (u64)1 << (63 - umax_val)) {
		d->umin = 0;
		d->umax = U64_MAX;
	} else {
		d->umin <<= umin_val;
		d->umax <<= umax_val;
	}
}

static void lsh32(struct scalar *d, const struct scalar *s)
{
	struct tnum sub = tnum_subreg(d->var_off);

	lsh32_ranges(d, s->u32_min & 31, s->u32_max & 31);
	d->var_off = tnum_subreg(tnum_lshift(sub, (u8)(s->u32_min & 31)));
	scalar_unbound64(d);
	update_bounds32(d);
}

static void lsh64(struct scalar *d, const struct scalar *s)
{
	lsh64_ranges(d, s->umin & 63, s->umax & 63);
	lsh32_ranges(d, s->umin & 63, s->umax & 63);
	d->var_off = tnum_lshift(d->var_off, (u8)s->umin);
	update_bounds(d);
}

static void rsh32(struct scalar *d, const struct scalar *s)
{
	struct tnum sub = tnum_subreg(d->var_off);

	d->s32_min = S32_MIN;
	d->s32_max = S32_MAX;
	/* counts are < 32 here (safe_to_compute); the masks only keep C defined on a
	 * contradictory (dead-branch) state */
	d->var_off = tnum_rshift(sub, (u8)s->u32_min);
	d->u32_min >>= s->u32_max & 31;
	d->u32_max >>= s->u32_min & 31;
	scalar_unbound64(d);
	update_bounds32(d);
}

static void rsh64(struct scalar *d, const struct scalar *s)
{
	d->smin = S64_MIN;
	d->smax = S64_MAX;
	d->var_off = tnum_rshift(d->var_off, (u8)s->umin);
	d->umin >>= s->umax & 63;
	d->umax >>= s->umin & 63;
	scalar_unbound32(d);
	update_bounds(d);
}

static void arsh32(struct scalar *d, const struct scalar *s)
{
	u8 n = (u8)(s->u32_min & 31);

	d->s32_min = d->s32_min >> n;
	d->s32_max = d->s32_max >> n;
	d->var_off = tnum_arshift(tnum_subreg(d->var_off), n, 32);
	d->u32_min = 0;
	d->u32_max = U32_MAX;
	scalar_unbound64(d);
	update_bounds32(d);
}

static void arsh64(struct scalar *d, const struct scalar *s)
{
	u8 n = (u8)(s->umin & 63);

	d->smin >>= n;
	d->smax >>= n;
	d->var_off = tnum_arshift(d->var_off, n, 64);
	d->umin = 0;
	d->umax = U64_MAX;
	scalar_unbound32(d);
	update_bounds(d);
}

/* mirrors zext_32_to_64() = __reg_assign_32_into_64() after truncating the tnum */
static void zext_32_to_64(struct scalar *s)
{
	s->var_off = tnum_subreg(s->var_off);
	s->umin = s->u32_min;
	s->umax = s->u32_max;
	if (s->s32_min >= 0 && s->s32_max >= 0) {
		s->smin = s->s32_min;
		s->smax = s->s32_max;
	} else {
		s->smin = 0;
		s->smax = U32_MAX;
	}
}

/* mirrors is_safe_to_compute_dst_reg_range() */
static bool safe_to_compute(const struct scalar *src, u8 op, bool alu32)
{
	bool src_const;

	switch (op) {
	case OP_ADD:
	case OP_SUB:
	case OP_AND:
	case OP_XOR:
	case OP_OR:
	case OP_MUL:
	case OP_NEG:
	case OP_END:
		return true;
	case OP_LSH:
	case OP_RSH:
	case OP_ARSH:
		if (alu32)
			src_const = tnum_subreg_is_const(src->var_off) &&
				    src->s32_min == src->s32_max && src->u32_min == src->u32_max;
		else
			src_const = tnum_is_const(src->var_off) && src->smin == src->smax &&
				    src->umin == src->umax;
		return src_const && src->umax < (alu32 ? 32u : 64u);
	default:
		return false;
	}
}

/* mirrors adjust_scalar_min_max_vals() for two scalars */
void scalar_alu(struct scalar *dst, const struct scalar *src_in, u8 op, bool alu32, s16 off)
{
	struct scalar src = *src_in; /* dst and src may alias */

	(void)off; /* signed div/mod: not tracked, like unsigned */
	if (!safe_to_compute(&src, op, alu32)) {
		*dst = scalar_unknown();
		return;
	}
	switch (op) {
	case OP_ADD:
		add32(dst, &src);
		add64(dst, &src);
		dst->var_off = tnum_add(dst->var_off, src.var_off);
		break;
	case OP_SUB:
		sub32(dst, &src);
		sub64(dst, &src);
		dst->var_off = tnum_sub(dst->var_off, src.var_off);
		break;
	case OP_MUL:
		dst->var_off = tnum_mul(dst->var_off, src.var_off);
		mul32(dst, &src);
		mul64(dst, &src);
		break;
	case OP_AND:
		dst->var_off = tnum_and(dst->var_off, src.var_off);
		bitop32(dst, &src, OP_AND, tnum_subreg_is_const(src.var_off));
		bitop64(dst, &src, OP_AND, tnum_is_const(src.var_off));
		break;
	case OP_OR:
		dst->var_off = tnum_or(dst->var_off, src.var_off);
		bitop32(dst, &src, OP_OR, tnum_subreg_is_const(src.var_off));
		bitop64(dst, &src, OP_OR, tnum_is_const(src.var_off));
		break;
	case OP_XOR:
		dst->var_off = tnum_xor(dst->var_off, src.var_off);
		bitop32(dst, &src, OP_XOR, tnum_subreg_is_const(src.var_off));
		bitop64(dst, &src, OP_XOR, tnum_is_const(src.var_off));
		break;
	case OP_LSH:
		if (alu32)
			lsh32(dst, &src);
		else
			lsh64(dst, &src);
		break;
	case OP_RSH:
		if (alu32)
			rsh32(dst, &src);
		else
			rsh64(dst, &src);
		break;
	case OP_ARSH:
		if (alu32)
			arsh32(dst, &src);
		else
			arsh64(dst, &src);
		break;
	case OP_NEG: {
		/* 6.18: dst = 0 - dst with the SUB transfer functions */
		struct scalar old = *dst;

		set_known(dst, 0);
		sub32(dst, &old);
		sub64(dst, &old);
		dst->var_off = tnum_neg(old.var_off);
		break;
	}
	default:
		break;
	}
	if (alu32)
		zext_32_to_64(dst);
	scalar_sync(dst);
}

void scalar_neg(struct scalar *s, bool alu32)
{
	scalar_alu(s, s, OP_NEG, alu32, 0);
}

/* mirrors the test of maybe_fork_scalars() (6.18) */
int scalar_fork_width(const struct scalar *dst)
{
	if (dst->smin == -1 && dst->smax == 0)
		return 64;
	if (dst->s32_min == -1 && dst->s32_max == 0)
		return 32;
	return 0;
}

/* mirrors coerce_reg_to_size() */
void scalar_zext(struct scalar *s, u8 size)
{
	u64 mask = size >= 8 ? U64_MAX : ((u64)1 << (size * 8)) - 1;

	s->var_off = tnum_cast(s->var_off, size);
	if ((s->umin & ~mask) == (s->umax & ~mask)) {
		s->umin &= mask;
		s->umax &= mask;
	} else {
		s->umin = 0;
		s->umax = mask;
	}
	s->smin = (s64)s->umin;
	s->smax = (s64)s->umax;
	if (size < 4)
		scalar_unbound32(s);
	scalar_sync(s);
}

static u64 bswap_n(u64 v, u8 bits)
{
	switch (bits) {
	case 16:
		return __builtin_bswap16((u16)v);
	case 32:
		return __builtin_bswap32((u32)v);
	default:
		return __builtin_bswap64(v);
	}
}

/* BPF_END (6.18): a byte swap permutes the tnum's bytes and forgets the ranges (they are
 * recomputed from the tnum); a 16/32-bit form then truncates. No 32-bit zero extension step:
 * "le64" in the 32-bit class keeps all 64 bits. */
void scalar_bswap(struct scalar *s, u8 bits, bool swap)
{
	if (swap) {
		s->var_off = TNUM(bswap_n(s->var_off.value, bits), bswap_n(s->var_off.mask, bits));
		unbound_all(s);
	}
	/* coerce_reg_to_size() syncs, then adjust_scalar_min_max_vals() syncs again */
	if (bits == 16 || bits == 32)
		scalar_zext(s, bits / 8);
	scalar_sync(s);
}

/* mirrors set_sext64_default_val() */
static void sext64_default(struct scalar *s, u8 size)
{
	s64 lo = size == 1 ? INT8_MIN : size == 2 ? INT16_MIN : S32_MIN;
	s64 hi = size == 1 ? INT8_MAX : size == 2 ? INT16_MAX : S32_MAX;

	s->smin = lo;
	s->s32_min = (s32)lo;
	s->smax = hi;
	s->s32_max = (s32)hi;
	s->umin = 0;
	s->u32_min = 0;
	s->umax = U64_MAX;
	s->u32_max = U32_MAX;
	s->var_off = tnum_unknown;
}

static s64 sext_from(u64 v, u8 size)
{
	return size == 1 ? (s64)(s8)v : size == 2 ? (s64)(s16)v : (s64)(s32)v;
}

/* mirrors coerce_reg_to_size_sx() */
void scalar_sext(struct scalar *s, u8 size)
{
	unsigned int bits = size * 8u;
	s64 a, b, lo, hi;

	if (size >= 8)
		return;
	if (tnum_is_const(s->var_off)) {
		set_known(s, (u64)sext_from(s->var_off.value, size));
		return;
	}
	if (((u64)s->smax >> bits) != ((u64)s->smin >> bits)) {
		sext64_default(s, size);
		return;
	}
	a = sext_from((u64)s->smax, size);
	b = sext_from((u64)s->smin, size);
	hi = smax64(a, b);
	lo = smin64(a, b);
	if ((hi >= 0) == (lo >= 0)) {
		s->smin = lo;
		s->s32_min = (s32)lo;
		s->smax = hi;
		s->s32_max = (s32)hi;
		s->umin = (u64)lo;
		s->u32_min = (u32)lo;
		s->umax = (u64)hi;
		s->u32_max = (u32)hi;
		s->var_off = tnum_range((u64)lo, (u64)hi);
		return;
	}
	sext64_default(s, size);
}

/* mirrors coerce_subreg_to_size_sx(); the caller's 32-bit move then zero-extends
 * (scalar_sext32 does that too, as check_alu_op does after it) */
static void subreg_sext(struct scalar *s, u8 size)
{
	unsigned int bits = size * 8u;
	s32 a, b, lo, hi;

	if (tnum_is_const(s->var_off)) {
		u32 v = (u32)s->var_off.value;
		u64 c = (u64)(size == 1 ? (s64)(s8)v : (s64)(s16)v);

		s->var_off = tnum_const(c);
		s->s32_min = s->s32_max = (s32)c;
		s->u32_min = s->u32_max = (u32)c;
		return;
	}
	if (((u32)s->s32_max >> bits) != ((u32)s->s32_min >> bits))
		goto out;
	a = size == 1 ? (s8)s->s32_max : (s16)s->s32_max;
	b = size == 1 ? (s8)s->s32_min : (s16)s->s32_min;
	hi = smax32(a, b);
	lo = smin32(a, b);
	if ((lo >= 0) == (hi >= 0)) {
		s->s32_min = lo;
		s->s32_max = hi;
		s->u32_min = (u32)lo;
		s->u32_max = (u32)hi;
		s->var_off = tnum_subreg(tnum_range((u64)(s64)lo, (u64)(s64)hi));
		return;
	}
out:
	s->s32_min = size == 1 ? INT8_MIN : INT16_MIN;
	s->s32_max = size == 1 ? INT8_MAX : INT16_MAX;
	s->u32_min = 0;
	s->u32_max = U32_MAX;
	s->var_off = tnum_subreg(tnum_unknown);
}

void scalar_sext32(struct scalar *s, u8 size)
{
	if (size == 1 || size == 2)
		subreg_sext(s, size);
	scalar_mov32(s);
}

/* w = w: zext_32_to_64() then reg_bounds_sync(), as check_alu_op() does for BPF_ALU MOV */
void scalar_mov32(struct scalar *s)
{
	zext_32_to_64(s);
	scalar_sync(s);
}

/* ---- branches -------------------------------------------------------------------------- */

u8 jmp_negate(u8 op)
{
	switch (op) {
	case J_JEQ:
		return J_JNE;
	case J_JNE:
		return J_JEQ;
	case J_JSET:
		return J_NOT_JSET;
	case J_NOT_JSET:
		return J_JSET;
	case J_JGE:
		return J_JLT;
	case J_JGT:
		return J_JLE;
	case J_JLE:
		return J_JGT;
	case J_JLT:
		return J_JGE;
	case J_JSGE:
		return J_JSLT;
	case J_JSGT:
		return J_JSLE;
	case J_JSLE:
		return J_JSGT;
	case J_JSLT:
		return J_JSGE;
	default:
		return 0;
	}
}

u8 jmp_flip(u8 op)
{
	switch (op) {
	case J_JGE:
		return J_JLE;
	case J_JGT:
		return J_JLT;
	case J_JLE:
		return J_JGE;
	case J_JLT:
		return J_JGT;
	case J_JSGE:
		return J_JSLE;
	case J_JSGT:
		return J_JSLT;
	case J_JSLE:
		return J_JSGE;
	case J_JSLT:
		return J_JSGT;
	default:
		return op; /* JEQ, JNE, JSET are symmetric */
	}
}

static bool is_const_w(const struct scalar *s, bool is32)
{
	return is32 ? tnum_subreg_is_const(s->var_off) : tnum_is_const(s->var_off);
}

static u64 const_val_w(const struct scalar *s, bool is32)
{
	return is32 ? (u32)s->var_off.value : s->var_off.value;
}

/* mirrors is_scalar_branch_taken() */
int scalar_branch_taken(const struct scalar *r1, const struct scalar *r2, u8 op, bool is32)
{
	struct tnum t1 = is32 ? tnum_subreg(r1->var_off) : r1->var_off;
	struct tnum t2 = is32 ? tnum_subreg(r2->var_off) : r2->var_off;
	u64 umin1 = is32 ? r1->u32_min : r1->umin, umax1 = is32 ? r1->u32_max : r1->umax;
	s64 smin1 = is32 ? r1->s32_min : r1->smin, smax1 = is32 ? r1->s32_max : r1->smax;
	u64 umin2 = is32 ? r2->u32_min : r2->umin, umax2 = is32 ? r2->u32_max : r2->umax;
	s64 smin2 = is32 ? r2->s32_min : r2->smin, smax2 = is32 ? r2->s32_max : r2->smax;
	int eq;

	switch (op) {
	case J_JEQ:
	case J_JNE:
		eq = -1;
		if (tnum_is_const(t1) && tnum_is_const(t2))
			eq = t1.value == t2.value;
		else if (!tnum_overlap(t1, t2) || umin1 > umax2 || umax1 < umin2 || smin1 > smax2 ||
			 smax1 < smin2)
			eq = 0;
		else if (!is32 && (r1->u32_min > r2->u32_max || r1->u32_max < r2->u32_min ||
				   r1->s32_min > r2->s32_max || r1->s32_max < r2->s32_min))
			eq = 0;
		if (eq < 0)
			return -1;
		return op == J_JEQ ? eq : !eq;
	case J_JSET:
	case J_NOT_JSET: {
		int r = -1;

		if (!is_const_w(r2, is32)) {
			struct tnum tt = t1;

			t1 = t2;
			t2 = tt;
			if (!is_const_w(r1, is32))
				return -1;
		}
		if (t1.value & t2.value) /* t1.value has only known-1 bits */
			r = 1;
		else if (!((t1.mask | t1.value) & t2.value))
			r = 0;
		if (r < 0 || op == J_JSET)
			return r;
		return !r;
	}
	case J_JGT:
		if (umin1 > umax2)
			return 1;
		if (umax1 <= umin2)
			return 0;
		break;
	case J_JSGT:
		if (smin1 > smax2)
			return 1;
		if (smax1 <= smin2)
			return 0;
		break;
	case J_JLT:
		if (umax1 < umin2)
			return 1;
		if (umin1 >= umax2)
			return 0;
		break;
	case J_JSLT:
		if (smax1 < smin2)
			return 1;
		if (smin1 >= smax2)
			return 0;
		break;
	case J_JGE:
		if (umin1 >= umax2)
			return 1;
		if (umax1 < umin2)
			return 0;
		break;
	case J_JSGE:
		if (smin1 >= smax2)
			return 1;
		if (smax1 < smin2)
			return 0;
		break;
	case J_JLE:
		if (umax1 <= umin2)
			return 1;
		if (umin1 > umax2)
			return 0;
		break;
	case J_JSLE:
		if (smax1 <= smin2)
			return 1;
		if (smin1 > smax2)
			return 0;
		break;
	default:
		break;
	}
	return -1;
}

/* mirrors regs_refine_cond_op() */
static void refine_cond(struct scalar *r1, struct scalar *r2, u8 op, bool is32)
{
	struct scalar *tmp;
	struct tnum t;
	u64 val;

	switch (op) {
	case J_JGE:
	case J_JGT:
	case J_JSGE:
	case J_JSGT:
		op = jmp_flip(op);
		tmp = r1;
		r1 = r2;
		r2 = tmp;
		break;
	default:
		break;
	}

	switch (op) {
	case J_JEQ:
		if (is32) {
			r1->u32_min = umax32(r1->u32_min, r2->u32_min);
			r1->u32_max = umin32(r1->u32_max, r2->u32_max);
			r1->s32_min = smax32(r1->s32_min, r2->s32_min);
			r1->s32_max = smin32(r1->s32_max, r2->s32_max);
			r2->u32_min = r1->u32_min;
			r2->u32_max = r1->u32_max;
			r2->s32_min = r1->s32_min;
			r2->s32_max = r1->s32_max;
			t = tnum_intersect(tnum_subreg(r1->var_off), tnum_subreg(r2->var_off));
			r1->var_off = tnum_with_subreg(r1->var_off, t);
			r2->var_off = tnum_with_subreg(r2->var_off, t);
		} else {
			r1->umin = umax64(r1->umin, r2->umin);
			r1->umax = umin64(r1->umax, r2->umax);
			r1->smin = smax64(r1->smin, r2->smin);
			r1->smax = smin64(r1->smax, r2->smax);
			r2->umin = r1->umin;
			r2->umax = r1->umax;
			r2->smin = r1->smin;
			r2->smax = r1->smax;
			r1->var_off = tnum_intersect(r1->var_off, r2->var_off);
			r2->var_off = r1->var_off;
		}
		break;
	case J_JNE:
		if (!is_const_w(r2, is32)) {
			tmp = r1;
			r1 = r2;
			r2 = tmp;
		}
		if (!is_const_w(r2, is32))
			break;
		/* a constant at the edge of the other's range shrinks it by one */
		val = const_val_w(r2, is32);
		if (is32) {
			if (r1->u32_min == (u32)val)
				r1->u32_min++;
			if (r1->u32_max == (u32)val)
				r1->u32_max--;
			/* wrapping, as the kernel (built with -fno-strict-overflow) does; the range is
			 * empty then and the caller's sanity check catches it */
			if (r1->s32_min == (s32)val)
				r1->s32_min = (s32)((u32)r1->s32_min + 1);
			if (r1->s32_max == (s32)val)
				r1->s32_max = (s32)((u32)r1->s32_max - 1);
		} else {
			if (r1->umin == val)
				r1->umin++;
			if (r1->umax == val)
				r1->umax--;
			if (r1->smin == (s64)val)
				r1->smin = (s64)((u64)r1->smin + 1);
			if (r1->smax == (s64)val)
				r1->smax = (s64)((u64)r1->smax - 1);
		}
		break;
	case J_JSET:
		if (!is_const_w(r2, is32)) {
			tmp = r1;
			r1 = r2;
			r2 = tmp;
		}
		if (!is_const_w(r2, is32))
			break;
		val = const_val_w(r2, is32);
		/* only a single tested bit tells which bit is set */
		if (!val || (val & (val - 1)))
			break;
		if (is32) {
			t = tnum_or(tnum_subreg(r1->var_off), tnum_const(val));
			r1->var_off = tnum_with_subreg(r1->var_off, t);
		} else {
			r1->var_off = tnum_or(r1->var_off, tnum_const(val));
		}
		break;
	case J_NOT_JSET:
		if (!is_const_w(r2, is32)) {
			tmp = r1;
			r1 = r2;
			r2 = tmp;
		}
		if (!is_const_w(r2, is32))
			break;
		val = const_val_w(r2, is32);
		/* forget the ranges first: on a dead branch they could contradict the tnum */
		unbound_all(r1);
		if (is32) {
			t = tnum_and(tnum_subreg(r1->var_off), tnum_const(~val));
			r1->var_off = tnum_with_subreg(r1->var_off, t);
		} else {
			r1->var_off = tnum_and(r1->var_off, tnum_const(~val));
		}
		break;
	case J_JLE:
		if (is32) {
			r1->u32_max = umin32(r1->u32_max, r2->u32_max);
			r2->u32_min = umax32(r1->u32_min, r2->u32_min);
		} else {
			r1->umax = umin64(r1->umax, r2->umax);
			r2->umin = umax64(r1->umin, r2->umin);
		}
		break;
	case J_JLT:
		/* wrapping of max - 1 / min + 1 is as in the kernel (only on dead branches) */
		if (is32) {
			r1->u32_max = umin32(r1->u32_max, r2->u32_max - 1);
			r2->u32_min = umax32(r1->u32_min + 1, r2->u32_min);
		} else {
			r1->umax = umin64(r1->umax, r2->umax - 1);
			r2->umin = umax64(r1->umin + 1, r2->umin);
		}
		break;
	case J_JSLE:
		if (is32) {
			r1->s32_max = smin32(r1->s32_max, r2->s32_max);
			r2->s32_min = smax32(r1->s32_min, r2->s32_min);
		} else {
			r1->smax = smin64(r1->smax, r2->smax);
			r2->smin = smax64(r1->smin, r2->smin);
		}
		break;
	case J_JSLT:
		if (is32) {
			r1->s32_max = smin32(r1->s32_max, (s32)((u32)r2->s32_max - 1));
			r2->s32_min = smax32((s32)((u32)r1->s32_min + 1), r2->s32_min);
		} else {
			r1->smax = smin64(r1->smax, (s64)((u64)r2->smax - 1));
			r2->smin = smax64((s64)((u64)r1->smin + 1), r2->smin);
		}
		break;
	default:
		break;
	}
}

void scalar_refine(struct scalar *a, struct scalar *b, u8 op, bool is32)
{
	/* a and b may be the same register ("if r1 < r1"): the kernel refines and syncs it twice
	 * then, and so do we */
	refine_cond(a, b, op, is32);
	scalar_sync(a);
	scalar_sync(b);
}

/* mirrors reg_set_min_max() for two scalars: the false branch (f1, f2) is refined with the
 * negated condition and the true branch (t1, t2) with op, each pair synced, then the four
 * invariant checks in the kernel's order */
void scalar_branch_refine(struct scalar *t1, struct scalar *t2, struct scalar *f1,
			  struct scalar *f2, u8 op, bool is32, struct strbuf *log)
{
	scalar_refine(f1, f2, jmp_negate(op), is32);
	scalar_refine(t1, t2, op, is32);
	scalar_check_invariants(t1, "true_reg1", log);
	scalar_check_invariants(t2, "true_reg2", log);
	scalar_check_invariants(f1, "false_reg1", log);
	scalar_check_invariants(f2, "false_reg2", log);
}

/* ---- pruning --------------------------------------------------------------------------- */

/* mirrors range_within() && tnum_in() */
bool scalar_within(const struct scalar *old, const struct scalar *cur)
{
	return old->umin <= cur->umin && old->umax >= cur->umax && old->smin <= cur->smin &&
	       old->smax >= cur->smax && old->u32_min <= cur->u32_min &&
	       old->u32_max >= cur->u32_max && old->s32_min <= cur->s32_min &&
	       old->s32_max >= cur->s32_max && tnum_in(old->var_off, cur->var_off);
}

bool scalar_equal(const struct scalar *a, const struct scalar *b)
{
	return a->var_off.value == b->var_off.value && a->var_off.mask == b->var_off.mask &&
	       a->smin == b->smin && a->smax == b->smax && a->umin == b->umin &&
	       a->umax == b->umax && a->s32_min == b->s32_min && a->s32_max == b->s32_max &&
	       a->u32_min == b->u32_min && a->u32_max == b->u32_max;
}

/* ---- printing -------------------------------------------------------------------------- */

static bool snum_decimal(s64 v)
{
	return v >= -32768 && v <= 32767;
}

/* The kernel's verbose_snum()/verbose_unum(): decimal when small, else hex ("0x..."). */
void scalar_fmt_snum(s64 v, struct strbuf *sb)
{
	if (snum_decimal(v))
		strbuf_printf(sb, "%" PRId64, v);
	else
		strbuf_printf(sb, "0x%" PRIx64, (u64)v);
}

void scalar_fmt_unum(u64 v, struct strbuf *sb)
{
	if (v <= 65535)
		strbuf_printf(sb, "%" PRIu64, v);
	else
		strbuf_printf(sb, "0x%" PRIx64, v);
}

/* mirrors print_scalar_ranges() followed by the var_off item of print_reg_state() */
bool scalar_fmt_ranges_sep(const struct scalar *s, struct strbuf *sb, bool need_sep)
{
	static const char *const names[8] = {"smin",   "smax",	 "umin",   "umax",
					     "smin32", "smax32", "umin32", "umax32"};
	u64 val[8];
	bool omit[8];
	int i, j;

	/* 32-bit signed bounds that print in hex are printed as their u32 pattern */
	val[0] = (u64)s->smin;
	val[1] = (u64)s->smax;
	val[2] = s->umin;
	val[3] = s->umax;
	val[4] = snum_decimal(s->s32_min) ? (u64)(s64)s->s32_min : (u64)(u32)s->s32_min;
	val[5] = snum_decimal(s->s32_max) ? (u64)(s64)s->s32_max : (u64)(u32)s->s32_max;
	val[6] = s->u32_min;
	val[7] = s->u32_max;
	omit[0] = s->smin == S64_MIN;
	omit[1] = s->smax == S64_MAX;
	omit[2] = s->umin == 0;
	omit[3] = s->umax == U64_MAX;
	omit[4] = s->s32_min == S32_MIN;
	omit[5] = s->s32_max == S32_MAX;
	omit[6] = s->u32_min == 0;
	omit[7] = s->u32_max == U32_MAX;

	for (i = 0; i < 8; i++) {
		bool neg1;

		if (omit[i])
			continue;
		neg1 = names[i][0] == 's' && (s64)val[i] < 0;
		if (need_sep)
			strbuf_putc(sb, ',');
		need_sep = true;
		strbuf_puts(sb, names[i]);
		strbuf_putc(sb, '=');
		/* later bounds of the same kind (min or max) with the same value merge in */
		for (j = i + 2; j < 8; j += 2) {
			bool neg2;

			if (omit[j] || val[j] != val[i])
				continue;
			neg2 = names[j][0] == 's' && (s64)val[j] < 0;
			if (neg2 != neg1)
				continue;
			omit[j] = true;
			strbuf_puts(sb, names[j]);
			strbuf_putc(sb, '=');
		}
		if (names[i][0] == 's')
			scalar_fmt_snum((s64)val[i], sb);
		else
			scalar_fmt_unum(val[i], sb);
	}
	if (!tnum_is_unknown(s->var_off)) {
		if (need_sep)
			strbuf_putc(sb, ',');
		need_sep = true;
		strbuf_puts(sb, "var_off=");
		tnum_fmt(s->var_off, sb);
	}
	return need_sep;
}

void scalar_fmt_ranges(const struct scalar *s, struct strbuf *sb)
{
	if (tnum_is_const(s->var_off))
		return;
	scalar_fmt_ranges_sep(s, sb, false);
}

void scalar_fmt_value(const struct scalar *s, struct strbuf *sb)
{
	if (tnum_is_const(s->var_off)) {
		scalar_fmt_snum((s64)s->var_off.value, sb);
		return;
	}
	strbuf_puts(sb, "scalar(");
	scalar_fmt_ranges_sep(s, sb, false);
	strbuf_putc(sb, ')');
}
