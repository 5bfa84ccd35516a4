/* Tristate numbers (tnums): per-bit knowledge of a 64-bit value. Each operation here is the
 * abstract counterpart of a machine operation with the kernel's exact precision (mirrors
 * kernel/bpf/tnum.c as of 6.18), because bpfvet must compute the same bit knowledge as the kernel,
 * neither more nor less. All functions are pure and total; no allocation. */
#include "tnum.h"

#include <inttypes.h>

#include "strbuf.h"

const struct tnum tnum_unknown = {.value = 0, .mask = ~(u64)0};

struct tnum tnum_const(u64 value)
{
	return TNUM(value, 0);
}

/* Mirrors tnum_range(): the common high-order prefix of min and max is known, everything from
 * the highest differing bit down is unknown. */
struct tnum tnum_range(u64 min, u64 max)
{
	u64 chi = min ^ max;
	u64 delta;

	if (!chi)
		return TNUM(min, 0);
	if (chi >> 63)
		return tnum_unknown;
	/* all ones from the highest set bit of chi down */
	delta = ~(u64)0 >> __builtin_clzll(chi);
	return TNUM(min & ~delta, delta);
}

struct tnum tnum_lshift(struct tnum a, u8 shift)
{
	/* Callers pass shift < 64; mask the count so that a bad one is not undefined behaviour. */
	shift &= 63;
	return TNUM(a.value << shift, a.mask << shift);
}

struct tnum tnum_rshift(struct tnum a, u8 shift)
{
	shift &= 63;
	return TNUM(a.value >> shift, a.mask >> shift);
}

/* Mirrors tnum_arshift(): shifting value and mask as signed numbers smears an unknown sign bit
 * into unknown high bits, a known sign bit into known ones. */
struct tnum tnum_arshift(struct tnum a, u8 min_shift, u8 insn_bitness)
{
	if (insn_bitness == 32) {
		min_shift &= 31;
		return TNUM((u32)((s32)(u32)a.value >> min_shift),
			    (u32)((s32)(u32)a.mask >> min_shift));
	}
	min_shift &= 63;
	return TNUM((u64)((s64)a.value >> min_shift), (u64)((s64)a.mask >> min_shift));
}

/* Mirrors tnum_add(): bits where the all-unknown-zero sum and the all-unknown-one sum differ may
 * receive a carry, so they are unknown too (sound and optimal, Vishwanathan et al. CGO'22). */
struct tnum tnum_add(struct tnum a, struct tnum b)
{
	u64 sm = a.mask + b.mask;
	u64 sv = a.value + b.value;
	u64 sigma = sm + sv;
	u64 mu = (sigma ^ sv) | a.mask | b.mask;

	return TNUM(sv & ~mu, mu);
}

/* Mirrors tnum_sub(): the same idea with the two extreme borrows. */
struct tnum tnum_sub(struct tnum a, struct tnum b)
{
	u64 dv = a.value - b.value;
	u64 alpha = dv + a.mask;
	u64 beta = dv - b.mask;
	u64 mu = (alpha ^ beta) | a.mask | b.mask;

	return TNUM(dv & ~mu, mu);
}

/* Mirrors tnum_neg() (6.18): 0 - a. */
struct tnum tnum_neg(struct tnum a)
{
	return tnum_sub(TNUM(0, 0), a);
}

struct tnum tnum_and(struct tnum a, struct tnum b)
{
	u64 alpha = a.value | a.mask;
	u64 beta = b.value | b.mask;
	u64 v = a.value & b.value;

	return TNUM(v, alpha & beta & ~v);
}

struct tnum tnum_or(struct tnum a, struct tnum b)
{
	u64 v = a.value | b.value;
	u64 mu = a.mask | b.mask;

	return TNUM(v, mu & ~v);
}

struct tnum tnum_xor(struct tnum a, struct tnum b)
{
	u64 v = a.value ^ b.value;
	u64 mu = a.mask | b.mask;

	return TNUM(v & ~mu, mu);
}

/* Mirrors tnum_mul() (6.18 version): long multiplication over the bits of a with a tnum
 * accumulator. For a bit of a that is known 1 the (shifted) b is added; for an unknown bit the
 * accumulator becomes the union of "not added" and "added". The loop order matters for the exact
 * result (tnum_add is not associative in precision), so it follows the kernel's. */
struct tnum tnum_mul(struct tnum a, struct tnum b)
{
	struct tnum acc = TNUM(0, 0);

	while (a.value || a.mask) {
		if (a.value & 1)
			acc = tnum_add(acc, b);
		else if (a.mask & 1)
			acc = tnum_union(acc, tnum_add(acc, b));
		a = TNUM(a.value >> 1, a.mask >> 1);
		b = TNUM(b.value << 1, b.mask << 1);
	}
	return acc;
}

/* Mirrors tnum_intersect(): a bit known in either is known. If a and b contradict (a known 0
 * against a known 1) the result has a known 1 there, as in the kernel. */
struct tnum tnum_intersect(struct tnum a, struct tnum b)
{
	u64 v = a.value | b.value;
	u64 mu = a.mask & b.mask;

	return TNUM(v & ~mu, mu);
}

struct tnum tnum_union(struct tnum a, struct tnum b)
{
	u64 mu = a.mask | b.mask | (a.value ^ b.value);

	return TNUM(a.value & ~mu, mu);
}

/* Mirrors tnum_overlap(): false when some bit is known in both and differs, i.e. no value is a
 * member of both. */
bool tnum_overlap(struct tnum a, struct tnum b)
{
	u64 mu = ~a.mask & ~b.mask;

	return (a.value & mu) == (b.value & mu);
}

struct tnum tnum_cast(struct tnum a, u8 size)
{
	u64 m = size >= 8 ? ~(u64)0 : ((u64)1 << (size * 8)) - 1;

	return TNUM(a.value & m, a.mask & m);
}

bool tnum_is_const(struct tnum a)
{
	return !a.mask;
}

bool tnum_equals_const(struct tnum a, u64 b)
{
	return !a.mask && a.value == b;
}

bool tnum_is_unknown(struct tnum a)
{
	return !~a.mask;
}

bool tnum_is_aligned(struct tnum a, u64 size)
{
	if (!size)
		return true;
	return !((a.value | a.mask) & (size - 1));
}

bool tnum_in(struct tnum a, struct tnum b)
{
	if (b.mask & ~a.mask)
		return false;
	return a.value == (b.value & ~a.mask);
}

bool tnum_contains(struct tnum a, u64 v)
{
	return (v & ~a.mask) == a.value;
}

struct tnum tnum_subreg(struct tnum a)
{
	return TNUM((u32)a.value, (u32)a.mask);
}

struct tnum tnum_clear_subreg(struct tnum a)
{
	return TNUM(a.value & ~(u64)0xffffffff, a.mask & ~(u64)0xffffffff);
}

struct tnum tnum_with_subreg(struct tnum reg, struct tnum subreg)
{
	return tnum_or(tnum_clear_subreg(reg), tnum_subreg(subreg));
}

struct tnum tnum_const_subreg(struct tnum a, u32 value)
{
	return tnum_with_subreg(a, tnum_const(value));
}

bool tnum_subreg_is_const(struct tnum a)
{
	return !(u32)a.mask;
}

/* The kernel's tnum_strn() (kernel/bpf/log.c in 6.18): a constant prints as a number (decimal
 * up to 65535, else hex), otherwise "(value; mask)" in hex. */
void tnum_fmt(struct tnum a, struct strbuf *sb)
{
	if (!a.mask) {
		if (a.value <= 0xffff)
			strbuf_printf(sb, "%" PRIu64, a.value);
		else
			strbuf_printf(sb, "0x%" PRIx64, a.value);
		return;
	}
	/* The kernel's "%#llx" prints zero as "0x0" (glibc would print "0"). */
	strbuf_printf(sb, "(0x%" PRIx64 "; 0x%" PRIx64 ")", a.value, a.mask);
}
