/* A scalar register value: the reduced product of a tnum and the four ranges (u64, s64, u32,
 * s32) with the kernel's bounds synchronisation, and its transfer functions. This mirrors the
 * scalar half of the kernel's struct bpf_reg_state and the functions of kernel/bpf/verifier.c that
 * compute on it (adjust_scalar_min_max_vals, reg_bounds_sync, is_scalar_branch_taken,
 * regs_refine_cond_op, range_within, ...), so that bpfvet computes exactly the kernel's bounds.
 * Pure functions on values; no I/O. Opcodes are the BPF_OP() values of bpf_defs.h-style numbers
 * (BPF_ADD 0x00 ... BPF_END 0xd0; jumps BPF_JEQ 0x10 ... BPF_JSLE 0xd0). */
#ifndef BPFVET_SCALAR_H
#define BPFVET_SCALAR_H

#include "strbuf.h"
#include "tnum.h"

struct scalar {
	struct tnum var_off;
	s64 smin, smax;
	u64 umin, umax;
	s32 s32_min, s32_max;
	u32 u32_min, u32_max;
};

/* Every 64-bit value. */
struct scalar scalar_unknown(void);
/* Exactly v. */
struct scalar scalar_const(u64 v);
/* Low 32 bits known to be v, upper 32 bits unknown (the kernel's __mark_reg32_known). */
void scalar_mark_known32(struct scalar *s, u32 v);
/* Forget the 32-bit ranges / 64-bit ranges (set to the widest), as __mark_reg32_unbounded /
 * __mark_reg64_unbounded. */
void scalar_unbound32(struct scalar *s);
void scalar_unbound64(struct scalar *s);

bool scalar_is_const(const struct scalar *s);
bool scalar_subreg_is_const(const struct scalar *s); /* low 32 bits known */
/* A value the kernel considers "unbounded / unknown": var_off unknown and ranges widest. */
bool scalar_is_unknown(const struct scalar *s);

/* The kernel's reg_bounds_sync(): refine the five facts from each other until stable
 * (__update_reg_bounds, __reg_deduce_bounds, __reg_bound_offset). */
void scalar_sync(struct scalar *s);
/* reg_bounds_sanity_check(): false when the facts contradict each other (empty set). */
bool scalar_is_sane(const struct scalar *s);

/* dst = dst OP src for a scalar src, as adjust_scalar_min_max_vals() (which also handles the
 * "not safe to compute" cases by making dst unknown). op is BPF_OP(code); alu32 is the BPF_ALU
 * class (32-bit, result zero-extended); off is the insn's off field (1 = signed div/mod).
 * BPF_MOV/BPF_NEG/BPF_END are not handled here: see the functions below. */
void scalar_alu(struct scalar *dst, const struct scalar *src, u8 op, bool alu32, s16 off);
/* Truncate to size bytes, zero-extending (coerce_reg_to_size). size 1, 2, 4. */
void scalar_zext(struct scalar *s, u8 size);
/* Sign-extend from size bytes to 64 bits (coerce_reg_to_size_sx), and the 32-bit form
 * (coerce_subreg_to_size_sx: sign-extend into the low 32 bits, upper 32 zero). */
void scalar_sext(struct scalar *s, u8 size);
void scalar_sext32(struct scalar *s, u8 size);
/* w = w (32-bit move): keep the low 32 bits, zero the upper half (zext_32_to_64 + bounds). */
void scalar_mov32(struct scalar *s);

/* Branch decision for "a OP b" (OP a conditional jump op; is32 for JMP32): 1 always taken,
 * 0 never taken, -1 unknown. Mirrors is_scalar_branch_taken(). */
int scalar_branch_taken(const struct scalar *a, const struct scalar *b, u8 op, bool is32);
/* Refine a and b assuming "a OP b" holds (regs_refine_cond_op + reg_bounds_sync on both).
 * For the other outcome pass jmp_negate(op). */
void scalar_refine(struct scalar *a, struct scalar *b, u8 op, bool is32);
/* The opposite condition (JEQ<->JNE, JGT<->JLE, ...). JSET has no negation in the op set: the
 * kernel refines the false branch of JSET itself; jmp_negate(BPF_JSET) returns BPF_JSET | 0x01
 * as a private marker meaning "not JSET", which scalar_refine/scalar_branch_taken accept. */
u8 jmp_negate(u8 op);
/* The same condition with operands swapped (a > b <=> b < a). */
u8 jmp_flip(u8 op);

/* Pruning helpers: cur's ranges and tnum lie within old's (range_within && tnum_in). */
bool scalar_within(const struct scalar *old, const struct scalar *cur);
bool scalar_equal(const struct scalar *a, const struct scalar *b);

/* Print as the kernel's log does inside "scalar(...)": e.g. "smin=-5,smax=5,var_off=(0x0; 0xff)"
 * with the kernel's rules for omitting defaults and merging equal signed/unsigned bounds
 * (print_scalar_ranges). Nothing is printed for a constant; use scalar_fmt_value for the whole
 * register value text: a constant prints as its signed decimal value ("-1", "42"), otherwise
 * "scalar(...)" (or "scalar()" when completely unknown). */
void scalar_fmt_ranges(const struct scalar *s, struct strbuf *sb);
void scalar_fmt_value(const struct scalar *s, struct strbuf *sb);

/* ---- Added by the domains owner (everything above is the original contract) ---- */
/* Notes on the contract above, as implemented: scalar_alu() also accepts BPF_NEG (src ignored)
 * and BPF_DIV/BPF_MOD (6.18 does not track them: dst becomes unknown in all 64 bits, for ALU32
 * too, as for any "unsafe" op such as a shift by a non-constant or >= width). A constant prints
 * with the kernel's verbose_snum() rule: decimal in [-32768, 32767], else "0x" + 64-bit hex
 * ("-1", "42", "0x9c40", "0xffffffffffffff00"). */

/* Low 32 bits unknown, upper 32 bits zero (the result of an unknown 32-bit operation, e.g.
 * a u32 load); and the value range [umin, umax] (unsigned) with its tnum, synced. */
struct scalar scalar_unknown32(void);
struct scalar scalar_urange(u64 umin, u64 umax);
/* Is the concrete value v a member (tnum and all four ranges)? */
bool scalar_contains(const struct scalar *s, u64 v);
/* dst = -dst (BPF_NEG; 6.18 tracks it as 0 - dst), alu32 zero-extends. Same as
 * scalar_alu(s, s, BPF_NEG, alu32, 0). */
void scalar_neg(struct scalar *s, bool alu32);
/* BPF_END (6.18 tracks it): bits is insn->imm (16, 32, 64); swap tells whether the bytes are
 * swapped: true for BPF_ALU64 "bswapN" (0xd7) and, on a little-endian target, for "beN" (0xdc);
 * false for "leN" (0xd4) on little-endian (then 16/32 only truncate, 64 is a no-op). Never
 * zero-extends as a 32-bit op: "le64" in the BPF_ALU class keeps all 64 bits. */
void scalar_bswap(struct scalar *s, u8 bits, bool swap);
/* maybe_fork_scalars() (6.18): for BPF_AND / BPF_OR with a constant source (tnum_is_const on
 * the full 64-bit source, whatever the insn class), the kernel first forks the state when dst
 * is in [-1, 0]: returns 64 when s64 range is [-1, 0] (push a branch with dst = 0, continue
 * with dst = -1, both 64-bit constants), 32 when only the s32 range is [-1, 0] (the same with
 * scalar_mark_known32(0) / scalar_mark_known32(0xffffffff)), else 0 (no fork). The engine
 * does the fork, then applies scalar_alu to each copy. */
int scalar_fork_width(const struct scalar *dst);
/* The kernel's verbose_snum / verbose_unum number format: decimal when in [-32768, 32767]
 * (unsigned: <= 65535), else "0x" hex of the 64-bit pattern. */
void scalar_fmt_snum(s64 v, struct strbuf *sb);
void scalar_fmt_unum(u64 v, struct strbuf *sb);
/* Like scalar_fmt_ranges (ranges then var_off, even for a constant tnum; prints nothing for a
 * completely unknown value) but for use after other attributes (id=1, off=...): when need_sep
 * a ',' precedes the first item. Returns true when anything (or a previous item) was printed,
 * i.e. the next attribute needs a ','. The engine prints pointer variable offsets with it too. */
bool scalar_fmt_ranges_sep(const struct scalar *s, struct strbuf *sb, bool need_sep);
/* reg_bounds_sanity_check(): which invariant s violates ("range bounds violation", "const tnum
 * out of sync with range bounds", "const subreg tnum out of sync with range bounds"), or NULL.
 * 6.18 checks after every ALU/MOV insn (ctx "alu", on dst) and after a conditional jump's
 * refinement of both branches (ctx "true_reg1", "true_reg2", "false_reg1", "false_reg2", in
 * this order, each checked). On a violation it does not reject: it prints a line and forgets
 * the ranges (var_off kept), and verification goes on. scalar_check_invariants() does exactly
 * that: appends "verifier bug: REG INVARIANTS VIOLATION (<ctx>): <msg> u64=[..] ...\n" to log
 * (when log is not NULL), unbounds the ranges, returns false; returns true if s is sane.
 * Neither scalar_alu nor scalar_refine call it: the engine must (it owns the log). */
const char *scalar_invariant_violation(const struct scalar *s);
bool scalar_check_invariants(struct scalar *s, const char *ctx, struct strbuf *log);
/* reg_set_min_max() for two scalars, all of it: (f1, f2) are the registers of the fall-through
 * state (refined with jmp_negate(op)), (t1, t2) those of the jump target's state (refined with
 * op); then the four invariant checks and their log lines in the kernel's order. For a BPF_K
 * jump pass copies of a scalar_const((u64)(s64)imm) as t2/f2. t1 == t2 (and f1 == f2) is fine
 * ("if r1 < r1"): 6.18 refines the register against itself. Call it only when
 * scalar_branch_taken() said -1 (the kernel does not refine a decided branch). */
void scalar_branch_refine(struct scalar *t1, struct scalar *t2, struct scalar *f1,
			  struct scalar *f2, u8 op, bool is32, struct strbuf *log);

#endif
