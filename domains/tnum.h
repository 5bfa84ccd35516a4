/* Tristate numbers: a 64-bit value in which each bit is known 0, known 1 or unknown, as the
 * kernel's kernel/bpf/tnum.c defines them. (value, mask): a bit set in mask is unknown; a bit set in
 * value is known 1; value & mask == 0 always. All functions are total and pure. */
#ifndef BPFVET_TNUM_H
#define BPFVET_TNUM_H

#include "compiler.h"

struct tnum {
	u64 value;
	u64 mask;
};

#define TNUM(v, m) ((struct tnum){.value = (v), .mask = (m)})

extern const struct tnum tnum_unknown;

struct tnum tnum_const(u64 value);
/* The smallest tnum containing every value of [min, max] (unsigned). */
struct tnum tnum_range(u64 min, u64 max);
struct tnum tnum_lshift(struct tnum a, u8 shift);
struct tnum tnum_rshift(struct tnum a, u8 shift);
/* Arithmetic shift right at width insn_bitness (32 or 64), as the kernel's tnum_arshift(). */
struct tnum tnum_arshift(struct tnum a, u8 min_shift, u8 insn_bitness);
struct tnum tnum_add(struct tnum a, struct tnum b);
struct tnum tnum_sub(struct tnum a, struct tnum b);
struct tnum tnum_neg(struct tnum a);
struct tnum tnum_and(struct tnum a, struct tnum b);
struct tnum tnum_or(struct tnum a, struct tnum b);
struct tnum tnum_xor(struct tnum a, struct tnum b);
struct tnum tnum_mul(struct tnum a, struct tnum b);
/* Values in both a and b (a and b must have a common member for the result to be meaningful). */
struct tnum tnum_intersect(struct tnum a, struct tnum b);
/* Smallest tnum containing every member of a and of b. */
struct tnum tnum_union(struct tnum a, struct tnum b);
/* Truncate to the low `size` bytes (size 1, 2, 4 or 8). */
struct tnum tnum_cast(struct tnum a, u8 size);
bool tnum_is_const(struct tnum a);
bool tnum_equals_const(struct tnum a, u64 b);
bool tnum_is_unknown(struct tnum a);
/* Every member of a is a multiple of size (size a power of two). */
bool tnum_is_aligned(struct tnum a, u64 size);
/* b is a subset of a (every member of b is a member of a). */
bool tnum_in(struct tnum a, struct tnum b);
/* Is the concrete value v a member of a? */
bool tnum_contains(struct tnum a, u64 v);
/* 32-bit views: low half; upper half cleared; upper half of a with low half of b; constant low half. */
struct tnum tnum_subreg(struct tnum a);
struct tnum tnum_clear_subreg(struct tnum a);
struct tnum tnum_with_subreg(struct tnum reg, struct tnum subreg);
struct tnum tnum_const_subreg(struct tnum a, u32 value);
bool tnum_subreg_is_const(struct tnum a);

/* Added by the domains owner: */
/* False when a and b have no common member (some bit known in both and different); the
 * kernel's tnum_overlap(), used for JEQ/JNE decisions. */
bool tnum_overlap(struct tnum a, struct tnum b);
/* The smallest member of a greater than z (a.value if z is below all members, the largest
 * member if none is above z); the kernel's tnum_step() (6.18). */
u64 tnum_step(struct tnum a, u64 z);
struct strbuf;
/* The kernel's tnum_strn(): a constant as a number (decimal up to 65535, else 0x hex),
 * otherwise "(0x<value>; 0x<mask>)" -- the text after "var_off=" in the log. */
void tnum_fmt(struct tnum a, struct strbuf *sb);

#endif
