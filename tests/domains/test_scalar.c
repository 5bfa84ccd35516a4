/* Unit tests of the scalar domain: agreement with the live kernel's level-2 logs on recorded
 * programs (kernel_cases.h, replayed by replay.c), the log syntax, the kernel's corner cases
 * (shifts by >= width, 32-bit zero extension, sign extension, division, 32-bit branch views,
 * JSET, invariant violations), and the domain-level part of the range-tracking CVEs listed in
 * kernel-verifier-inventory.md section 5.3. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay.h"
#include "scalar.h"

#include "kernel_cases.h"

enum {
	ADD = 0x00,
	SUB = 0x10,
	MUL = 0x20,
	DIV = 0x30,
	OR = 0x40,
	AND = 0x50,
	LSH = 0x60,
	RSH = 0x70,
	MOD = 0x90,
	XOR = 0xa0,
	ARSH = 0xc0,
	JEQ = 0x10,
	JGT = 0x20,
	JGE = 0x30,
	JSET = 0x40,
	JNE = 0x50,
	JSGT = 0x60,
	JSGE = 0x70,
	JLT = 0xa0,
	JLE = 0xb0,
	JSLT = 0xc0,
	JSLE = 0xd0,
};

static void val_is(const struct scalar *s, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	scalar_fmt_value(s, &sb);
	ck_assert_str_eq(strbuf_str(&sb), want);
	strbuf_free(&sb);
}

static struct scalar alu_k(struct scalar s, u8 op, bool alu32, s64 imm)
{
	struct scalar k = scalar_const((u64)imm);

	scalar_alu(&s, &k, op, alu32, 0);
	return s;
}

/* refine s assuming "s OP imm" holds */
static struct scalar cond_k(struct scalar s, u8 op, bool is32, s64 imm)
{
	struct scalar k = scalar_const((u64)imm);

	scalar_refine(&s, &k, op, is32);
	return s;
}

/* ---- agreement with the kernel --------------------------------------------------------- */

START_TEST(kernel_logs)
{
	struct strbuf sb = STRBUF_INIT;
	int bad = 0, total = 0;
	size_t i;
	int j;

	for (i = 0; i < ARRAY_SIZE(kernel_cases); i++) {
		const struct kcase *kc = &kernel_cases[i];

		for (j = 0; j < kc->nlines; j++) {
			const struct kcase_line *l = &kc->lines[j];
			int rc;

			strbuf_reset(&sb);
			rc = replay_reg_at(kc->hex, l->idx, l->reg, &sb);
			total++;
			if (rc || strcmp(strbuf_str(&sb), l->text)) {
				if (bad++ < 5)
					fprintf(stderr, "%s insn %d R%d: kernel %s, bpfvet %s\n",
						kc->name, l->idx, l->reg, l->text,
						rc ? "(not reached)" : strbuf_str(&sb));
			}
		}
	}
	strbuf_free(&sb);
	ck_assert_int_gt(total, 500);
	ck_assert_msg(bad == 0, "%d of %d register states differ from the kernel's", bad, total);
}
END_TEST

/* ---- printing -------------------------------------------------------------------------- */

START_TEST(print_constants)
{
	struct scalar s = scalar_const((u64)-1);

	val_is(&s, "-1");
	s = scalar_const(40000);
	val_is(&s, "0x9c40");
	s = scalar_const(32767);
	val_is(&s, "32767");
	s = scalar_const((u64)-32768);
	val_is(&s, "-32768");
	s = scalar_const((u64)-32769);
	val_is(&s, "0xffffffffffff7fff");
	s = scalar_const(0xffffffff80000000);
	val_is(&s, "0xffffffff80000000");
	s = scalar_unknown();
	val_is(&s, "scalar()");
	ck_assert(scalar_is_unknown(&s));
}
END_TEST

START_TEST(print_ranges)
{
	struct scalar s = scalar_unknown32();
	struct strbuf sb = STRBUF_INIT;

	/* a u32 load, as in the inventory's capture */
	val_is(&s, "scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))");
	s = scalar_urange(0, 255);
	val_is(&s, "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))");
	/* signed bounds only, negative ones not merged with unsigned ones */
	s = cond_k(cond_k(scalar_unknown(), JSGE, false, -5), JSLE, false, 5);
	val_is(&s, "scalar(smin=smin32=-5,smax=smax32=5)");
	/* after other attributes */
	s = scalar_urange(0, 1);
	strbuf_puts(&sb, "scalar(id=1");
	ck_assert(scalar_fmt_ranges_sep(&s, &sb, true));
	strbuf_putc(&sb, ')');
	ck_assert_str_eq(strbuf_str(&sb),
			 "scalar(id=1,smin=smin32=0,smax=umax=smax32=umax32=1,var_off=(0x0; 0x1))");
	strbuf_reset(&sb);
	s = scalar_unknown();
	ck_assert(!scalar_fmt_ranges_sep(&s, &sb, false));
	ck_assert_str_eq(strbuf_str(&sb), "");
	s = scalar_const(5);
	scalar_fmt_ranges(&s, &sb);
	ck_assert_str_eq(strbuf_str(&sb), "");
	strbuf_reset(&sb);
	scalar_fmt_snum(-40000, &sb);
	strbuf_putc(&sb, ' ');
	scalar_fmt_unum(65535, &sb);
	strbuf_putc(&sb, ' ');
	scalar_fmt_unum(65536, &sb);
	ck_assert_str_eq(strbuf_str(&sb), "0xffffffffffff63c0 65535 0x10000");
	strbuf_free(&sb);
}
END_TEST

/* the <<32, s>>32 sign-extension idiom and the branches after it, as in the inventory's t4.c
 * capture (6.18.44) */
START_TEST(print_capture_sequence)
{
	struct scalar s = alu_k(scalar_unknown(), LSH, false, 32);

	val_is(&s,
	       "scalar(smax=0x7fffffff00000000,umax=0xffffffff00000000,smin32=0,smax32=umax32=0,"
	       "var_off=(0x0; 0xffffffff00000000))");
	s = alu_k(s, ARSH, false, 32);
	val_is(&s, "scalar(smin=0xffffffff80000000,smax=0x7fffffff)");
	{
		struct scalar f = cond_k(s, jmp_negate(JSGT), false, 10);
		struct scalar t = cond_k(s, JSGT, false, 10);

		val_is(&f, "scalar(smin=0xffffffff80000000,smax=smax32=10)");
		val_is(&t, "scalar(smin=umin=smin32=umin32=11,smax=umax=umax32=0x7fffffff,"
			   "var_off=(0x0; 0x7fffffff))");
	}
}
END_TEST

/* ---- ALU corner cases ------------------------------------------------------------------ */

START_TEST(shift_by_width_or_unknown_is_unknown)
{
	struct scalar s = scalar_urange(0, 255), k, r;

	r = alu_k(s, LSH, false, 64);
	ck_assert(scalar_is_unknown(&r));
	/* 32-bit shift by 32: unknown in all 64 bits (not zero-extended), as the kernel */
	r = alu_k(s, LSH, true, 32);
	ck_assert(scalar_is_unknown(&r));
	r = alu_k(s, RSH, true, 31);
	val_is(&r, "0");
	/* a non-constant shift amount */
	k = scalar_urange(0, 3);
	r = s;
	scalar_alu(&r, &k, LSH, false, 0);
	ck_assert(scalar_is_unknown(&r));
	/* 32-bit shift whose source has a constant low half but not a constant 64-bit value */
	k = scalar_const(0x100000003);
	r = s;
	scalar_alu(&r, &k, LSH, true, 0);
	ck_assert(scalar_is_unknown(&r));
	/* valid shifts */
	r = alu_k(s, LSH, false, 4);
	val_is(&r, "scalar(smin=smin32=0,smax=umax=smax32=umax32=4080,var_off=(0x0; 0xff0))");
	r = alu_k(scalar_const((u64)-16), ARSH, true, 2);
	val_is(&r, "0xfffffffc");
	r = alu_k(scalar_const((u64)-16), ARSH, false, 2);
	val_is(&r, "-4");
}
END_TEST

START_TEST(alu32_zero_extends)
{
	struct scalar r = alu_k(scalar_unknown(), ADD, true, 1);

	val_is(&r, "scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))");
	ck_assert(!scalar_contains(&r, 0x100000000));
	r = alu_k(scalar_const(0xffffffff), ADD, true, 1);
	val_is(&r, "0");
	r = alu_k(scalar_const(0x1234567800000005), MUL, true, 3);
	val_is(&r, "15");
	r = scalar_const(0xffffffffffffffff);
	scalar_mov32(&r);
	val_is(&r, "0xffffffff");
	/* NEG: 64-bit and 32-bit forms */
	r = scalar_urange(0, 255);
	scalar_neg(&r, false);
	val_is(&r, "scalar(smin=smin32=-255,smax=smax32=0)");
	r = scalar_urange(0, 255);
	scalar_neg(&r, true);
	val_is(&r, "scalar(smin=0,smax=umax=0xffffffff,smin32=-255,smax32=0,var_off=(0x0; "
		   "0xffffffff))");
}
END_TEST

START_TEST(sign_extension)
{
	struct scalar r = scalar_unknown();

	scalar_sext(&r, 2);
	val_is(&r, "scalar(smin=smin32=-32768,smax=smax32=32767)");
	r = scalar_urange(0, 255);
	scalar_sext(&r, 1); /* crosses the sign at 0x80 */
	val_is(&r, "scalar(smin=smin32=-128,smax=smax32=127)");
	r = scalar_urange(0x10, 0x20);
	scalar_sext(&r, 1);
	val_is(&r,
	       "scalar(smin=umin=smin32=umin32=16,smax=umax=smax32=umax32=32,var_off=(0x0; 0x3f))");
	r = scalar_const(0x80);
	scalar_sext(&r, 1);
	val_is(&r, "-128");
	r = scalar_const(0x123480000000);
	scalar_sext(&r, 4);
	val_is(&r, "0xffffffff80000000");
	/* w = (s8)w: sign extension inside the low half, upper half zero */
	r = scalar_const(0xff);
	scalar_sext32(&r, 1);
	val_is(&r, "0xffffffff");
	r = scalar_unknown();
	scalar_sext32(&r, 1);
	val_is(&r, "scalar(smin=0,smax=umax=0xffffffff,smin32=-128,smax32=127,var_off=(0x0; "
		   "0xffffffff))");
	/* zero extension (narrow loads, le16/le32) */
	r = scalar_urange(0x1fe, 0x201);
	scalar_zext(&r, 1);
	val_is(&r, "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))");
}
END_TEST

START_TEST(div_mod_unknown)
{
	struct scalar s = scalar_urange(0, 255), z = scalar_urange(0, 3), r;

	/* 6.18 does not track division: any divisor, even a constant, gives unknown */
	r = s;
	scalar_alu(&r, &z, DIV, false, 0);
	ck_assert(scalar_is_unknown(&r));
	r = alu_k(s, DIV, false, 3);
	ck_assert(scalar_is_unknown(&r));
	r = alu_k(s, MOD, true, 7);
	ck_assert(scalar_is_unknown(&r));
	r = s;
	scalar_alu(&r, &z, MOD, false, 1);
	ck_assert(scalar_is_unknown(&r));
}
END_TEST

START_TEST(bswap)
{
	struct scalar r = scalar_urange(0, 255);

	scalar_bswap(&r, 16, true); /* be16 on little-endian */
	val_is(&r, "scalar(smin=smin32=0,smax=umax=smax32=umax32=0xff00,var_off=(0x0; 0xff00))");
	r = alu_k(scalar_unknown(), AND, false, 0x100000fff);
	scalar_bswap(&r, 64, false); /* le64: nothing, and no 32-bit truncation */
	val_is(&r, "scalar(smin=smin32=0,smax=umax=0x100000fff,smax32=umax32=4095,"
		   "var_off=(0x0; 0x100000fff))");
	scalar_bswap(&r, 64, true);
	val_is(&r, "scalar(smax=0x7f0f000001000000,umax=0xff0f000001000000,smin32=0,"
		   "smax32=umax32=0x1000000,var_off=(0x0; 0xff0f000001000000))");
	scalar_bswap(&r, 32, false); /* le32: truncation */
	val_is(&r,
	       "scalar(smin=smin32=0,smax=umax=smax32=umax32=0x1000000,var_off=(0x0; 0x1000000))");
	r = scalar_const(0x1122334455667788);
	scalar_bswap(&r, 16, true);
	val_is(&r, "0x8877");
}
END_TEST

START_TEST(add_sub_mul_6_18)
{
	/* [-3,-1] + S64_MIN: every sum wraps, so the u64 range survives (6.17+) */
	struct scalar s = alu_k(
		alu_k(cond_k(alu_k(scalar_unknown(), AND, false, 3), JLE, false, 2), SUB, false, 3),
		ADD, false, INT64_MIN);

	val_is(&s,
	       "scalar(smin=umin=0x7ffffffffffffffd,umax=0x7fffffffffffffff,smin32=-3,smax32=-1,"
	       "umin32=0xfffffffd,var_off=(0x7ffffffffffffffc; 0x3))");
	/* signed multiplication by corner products (6.14+) */
	s = alu_k(alu_k(alu_k(scalar_unknown(), AND, false, 3), SUB, false, 2), MUL, false, 3);
	val_is(&s, "scalar(smin=smin32=-6,smax=smax32=3)");
	/* tnum_mul's 6.18 algorithm, from a live-kernel log: r8 *= 75 */
	s = alu_k(scalar_urange(0xfffffffe, 0xffffffff), MUL, false, 75);
	val_is(&s, "scalar(smin=umin=0x4affffff6a,smax=umax=0x4affffffb5,smin32=-150,smax32=-75,"
		   "umin32=0xffffff6a,umax32=0xffffffb5,var_off=(0x4affffff00; 0xff))");
	/* a single common member of the tnum and the u64 range makes a constant (6.17+) */
	s = cond_k(cond_k(alu_k(scalar_unknown(), AND, false, 0x101), JGE, false, 2), JLE, false,
		   256);
	val_is(&s, "256");
}
END_TEST

/* ---- branches -------------------------------------------------------------------------- */

START_TEST(branch_tables)
{
	static const u8 ops[] = {JEQ, JGT, JGE, JSET, JNE, JSGT, JSGE, JLT, JLE, JSLT, JSLE};
	size_t i;

	ck_assert_uint_eq(jmp_negate(JEQ), JNE);
	ck_assert_uint_eq(jmp_negate(JGT), JLE);
	ck_assert_uint_eq(jmp_negate(JSGE), JSLT);
	ck_assert_uint_eq(jmp_negate(JSET), JSET | 1);
	ck_assert_uint_eq(jmp_flip(JGT), JLT);
	ck_assert_uint_eq(jmp_flip(JSLE), JSGE);
	ck_assert_uint_eq(jmp_flip(JSET), JSET);
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		ck_assert_uint_eq(jmp_negate(jmp_negate(ops[i])), ops[i]);
		ck_assert_uint_eq(jmp_flip(jmp_flip(ops[i])), ops[i]);
	}
}
END_TEST

START_TEST(branch_decisions)
{
	struct scalar a = scalar_urange(0, 10), k;

	k = scalar_const(10);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JGT, false), 0);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JLE, false), 1);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JLT, false), -1);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JEQ, false), -1);
	k = scalar_const(11);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JEQ, false), 0);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JNE, false), 1);
	/* tnum says no: (0; 0x101) never equals 2 */
	a = alu_k(scalar_unknown(), AND, false, 0x101);
	k = scalar_const(2);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JEQ, false), 0);
	/* 32-bit views */
	a = scalar_const(0x100000005);
	k = scalar_const(5);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JEQ, true), 1);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JEQ, false), 0);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JGT, false), 1);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JGT, true), 0);
	a = scalar_unknown();
	scalar_mark_known32(&a, 5);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JEQ, true), 1);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JEQ, false), -1);
	k = scalar_const((u64)-1);
	a = scalar_const(0xffffffff);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JSGT, true), 0);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JSGT, false), 1);
	/* the 64-bit JEQ also looks at the 32-bit ranges */
	a = alu_k(scalar_unknown(), OR, true, 0x10);
	scalar_unbound64(&a);
	a.var_off = tnum_unknown;
	k = scalar_const(1);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JEQ, false), 0);
}
END_TEST

START_TEST(jset)
{
	struct scalar a = scalar_urange(0, 15), k = scalar_const(0x10), r, b;

	ck_assert_int_eq(scalar_branch_taken(&a, &k, JSET, false), 0);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, jmp_negate(JSET), false), 1);
	/* constant on the left is swapped */
	ck_assert_int_eq(scalar_branch_taken(&k, &a, JSET, false), 0);
	k = scalar_const(3);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JSET, false), -1);
	a = alu_k(scalar_urange(0, 15), OR, false, 2);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JSET, false), 1);
	/* neither side constant */
	b = scalar_urange(0, 3);
	ck_assert_int_eq(scalar_branch_taken(&a, &b, JSET, false), -1);
	/* true branch learns a single bit, false branch clears the tested bits */
	r = cond_k(scalar_urange(0, 15), JSET, false, 4);
	val_is(&r,
	       "scalar(smin=umin=smin32=umin32=4,smax=umax=smax32=umax32=15,var_off=(0x4; 0xb))");
	r = cond_k(scalar_urange(0, 15), JSET, false, 3);
	val_is(&r, "scalar(smin=smin32=0,smax=umax=smax32=umax32=15,var_off=(0x0; 0xf))");
	r = cond_k(scalar_urange(0, 15), jmp_negate(JSET), false, 3);
	val_is(&r, "scalar(smin=smin32=0,smax=umax=smax32=umax32=12,var_off=(0x0; 0xc))");
	/* JMP32 JSET looks at the low half only */
	a = scalar_const(0x100000000);
	k = scalar_const(0x100000000);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JSET, true), 0);
	ck_assert_int_eq(scalar_branch_taken(&a, &k, JSET, false), 1);
}
END_TEST

START_TEST(refinements)
{
	struct scalar a = scalar_urange(0, 10), b = scalar_urange(5, 20), r;

	r = cond_k(a, JNE, false, 0);
	val_is(&r,
	       "scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=10,var_off=(0x0; 0xf))");
	r = cond_k(a, JNE, false, 10);
	val_is(&r, "scalar(smin=smin32=0,smax=umax=smax32=umax32=9,var_off=(0x0; 0xf))");
	r = cond_k(a, JNE, false, 5);
	val_is(&r, "scalar(smin=smin32=0,smax=umax=smax32=umax32=10,var_off=(0x0; 0xf))");
	scalar_refine(&a, &b, JEQ, false);
	val_is(&a,
	       "scalar(smin=umin=smin32=umin32=5,smax=umax=smax32=umax32=10,var_off=(0x0; 0xf))");
	ck_assert(scalar_equal(&a, &b));
	a = scalar_urange(0, 10);
	b = scalar_urange(5, 20);
	scalar_refine(&a, &b, JGT, false); /* a > b: a in [6,10], b in [5,9] */
	val_is(&a,
	       "scalar(smin=umin=smin32=umin32=6,smax=umax=smax32=umax32=10,var_off=(0x0; 0xf))");
	val_is(&b,
	       "scalar(smin=umin=smin32=umin32=5,smax=umax=smax32=umax32=9,var_off=(0x0; 0xf))");
	r = cond_k(scalar_unknown(), JSLT, false, 0);
	val_is(&r, "scalar(smax=-1,umin=0x8000000000000000,var_off=(0x8000000000000000; "
		   "0x7fffffffffffffff))");
	r = cond_k(scalar_unknown(), JLT, true, 16);
	val_is(&r,
	       "scalar(smax=0x7fffffff0000000f,umax=0xffffffff0000000f,smin32=0,smax32=umax32=15,"
	       "var_off=(0x0; 0xffffffff0000000f))");
}
END_TEST

START_TEST(invariants)
{
	struct scalar s = scalar_const(0);
	struct strbuf sb = STRBUF_INIT;

	ck_assert(scalar_is_sane(&s));
	ck_assert(scalar_check_invariants(&s, "alu", &sb));
	ck_assert_str_eq(strbuf_str(&sb), "");
	s.u32_min = 1; /* the state of a live-kernel log line */
	ck_assert(!scalar_is_sane(&s));
	ck_assert_str_eq(scalar_invariant_violation(&s), "range bounds violation");
	ck_assert(!scalar_check_invariants(&s, "false_reg1", &sb));
	ck_assert_str_eq(
		strbuf_str(&sb),
		"verifier bug: REG INVARIANTS VIOLATION (false_reg1): range bounds violation "
		"u64=[0x0, 0x0] s64=[0x0, 0x0] u32=[0x1, 0x0] s32=[0x0, 0x0] "
		"var_off=(0x0, 0x0)\n");
	/* ranges forgotten, tnum kept */
	ck_assert(tnum_equals_const(s.var_off, 0));
	ck_assert_uint_eq(s.umax, ~0ull);
	s = scalar_urange(0, 10);
	s.var_off = tnum_const(3);
	ck_assert_str_eq(scalar_invariant_violation(&s),
			 "const tnum out of sync with range bounds");
	s = scalar_urange(0, 10);
	s.var_off = TNUM(3, 0xf00000000);
	ck_assert_str_eq(scalar_invariant_violation(&s),
			 "const subreg tnum out of sync with range bounds");
	strbuf_free(&sb);
}
END_TEST

/* a dead fall-through from a live-kernel run (6.18.44): the log line is the kernel's */
START_TEST(branch_refine_dead_branch_message)
{
	struct scalar r = scalar_unknown(), k = scalar_const(0x93c023e5);
	struct scalar t1, t2, f1, f2;
	struct strbuf sb = STRBUF_INIT;

	r.var_off = TNUM(0, 0xffffffff00000000ull);
	r.umin = 1;
	r.umax = 0xffffffff00000000ull;
	r.smax = 0x7fffffff00000000ll;
	r.s32_min = r.s32_max = 0;
	r.u32_min = r.u32_max = 0;
	scalar_sync(&r);
	val_is(&r, "scalar(smax=0x7fffffff00000000,umin=1,umax=0xffffffff00000000,smin32=0,"
		   "smax32=umax32=0,var_off=(0x0; 0xffffffff00000000))");
	t1 = f1 = r;
	t2 = f2 = k;
	scalar_branch_refine(&t1, &t2, &f1, &f2, JGT, false, &sb); /* if r6 > r8 */
	ck_assert_str_eq(
		strbuf_str(&sb),
		"verifier bug: REG INVARIANTS VIOLATION (false_reg1): range bounds violation "
		"u64=[0x0, 0x0] s64=[0x0, 0x0] u32=[0x1, 0x0] s32=[0x0, 0x0] "
		"var_off=(0x0, 0x0)\n");
	val_is(&f1, "0"); /* what the kernel printed for R6 after the jump */
	/* and for the jump target ("from 30 to 45: ... R6=...") */
	val_is(&t1,
	       "scalar(smax=0x7fffffff00000000,umin=0x93c023e6,umax=0xffffffff00000000,smin32=0,"
	       "smax32=umax32=0,var_off=(0x0; 0xffffffff00000000))");
	strbuf_free(&sb);
}
END_TEST

START_TEST(pruning_and_fork)
{
	struct scalar old = scalar_urange(0, 100), cur = scalar_urange(10, 20);

	ck_assert(scalar_within(&old, &cur));
	ck_assert(!scalar_within(&cur, &old));
	ck_assert(scalar_within(&old, &old));
	cur = scalar_urange(10, 200);
	ck_assert(!scalar_within(&old, &cur));
	ck_assert(!scalar_equal(&old, &cur));
	/* [-1, 0]: the kernel forks before AND/OR with a constant */
	cur = alu_k(scalar_urange(0, 1), SUB, false, 1);
	ck_assert_int_eq(scalar_fork_width(&cur), 64);
	cur = alu_k(scalar_urange(0, 1), SUB, true, 1);
	ck_assert_int_eq(scalar_fork_width(&cur), 32);
	ck_assert_int_eq(scalar_fork_width(&old), 0);
}
END_TEST

/* ---- CVE reproducers, domain-level part (inventory 5.3) ---------------------------------- */

/* CVE-2017-16995: "w0 = -1" zero-extends; "if r0 == -1" (64-bit) is known not taken */
START_TEST(cve_2017_16995)
{
	struct scalar r = scalar_const((u32)-1), k = scalar_const((u64)-1);

	ck_assert_int_eq(scalar_branch_taken(&r, &k, JEQ, false), 0);
	ck_assert_int_eq(scalar_branch_taken(&r, &k, JEQ, true), 1);
}
END_TEST

/* CVE-2018-18445: a 32-bit right shift must use the truncated value, not the 64-bit bounds */
START_TEST(cve_2018_18445)
{
	struct scalar r = alu_k(scalar_unknown(), AND, false, 0xffffffff000000ffll), s;

	r = alu_k(r, OR, false, 0x100000000ll); /* garbage upper half, low in [0, 255] */
	s = alu_k(r, RSH, true, 4);
	val_is(&s, "scalar(smin=smin32=0,smax=umax=smax32=umax32=15,var_off=(0x0; 0xf))");
	ck_assert(scalar_contains(&s, 0xff >> 4));
	ck_assert(!scalar_contains(&s, 0x100000000 >> 4));
}
END_TEST

/* CVE-2020-8835: a 64-bit range crossing 2^32 boundaries narrowed by JMP32 compares must not make
 * the low half constant */
START_TEST(cve_2020_8835)
{
	struct scalar r = cond_k(cond_k(scalar_unknown(), JGE, false, 1), JLE, false, 0x200000001);

	r = cond_k(r, JGE, true, 1);
	r = cond_k(r, JLE, true, 2);
	ck_assert(!scalar_subreg_is_const(&r));
	ck_assert(scalar_contains(&r, 0x100000001));
	ck_assert(scalar_contains(&r, 0x100000002));
	ck_assert(scalar_contains(&r, 2));
}
END_TEST

/* CVE-2020-27194: 32-bit OR of ranged values must keep correct s32 bounds */
START_TEST(cve_2020_27194)
{
	struct scalar a = cond_k(cond_k(scalar_unknown(), JSGE, true, -4), JSLE, true, 3), r;
	s32 x, y;

	for (x = -4; x <= 3; x++) {
		for (y = 0; y < 64; y += 7) {
			struct scalar k = scalar_const((u64)(u32)y);

			r = a;
			scalar_alu(&r, &k, OR, true, 0);
			ck_assert(scalar_contains(&r, (u32)(x | y)));
			ck_assert(scalar_is_sane(&r));
		}
	}
}
END_TEST

/* CVE-2021-3490: known low half, unknown upper half; AND/OR/XOR with a 64-bit constant must keep
 * the 32-bit bounds consistent with the (constant) low half */
START_TEST(cve_2021_3490)
{
	static const u8 ops[] = {AND, OR, XOR};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		struct scalar r = scalar_unknown(), k = scalar_const(0x100000002);
		u32 want = ops[i] == AND ? (1 & 2) : ops[i] == OR ? (1 | 2) : (1 ^ 2);

		scalar_mark_known32(&r, 1);
		scalar_sync(&r);
		scalar_alu(&r, &k, ops[i], false, 0);
		ck_assert(scalar_is_sane(&r));
		ck_assert(scalar_subreg_is_const(&r));
		ck_assert_uint_eq(r.u32_min, want);
		ck_assert_uint_eq(r.u32_max, want);
		ck_assert_int_eq(r.s32_min, (s32)want);
		ck_assert_int_eq(r.s32_max, (s32)want);
	}
}
END_TEST

/* CVE-2021-31440: "if r >= 1" on an unbounded value, then "if w <= 1" must not give w in [1, 1] */
START_TEST(cve_2021_31440)
{
	struct scalar r = cond_k(cond_k(scalar_unknown(), JGE, false, 1), JLE, true, 1);

	ck_assert_uint_eq(r.u32_min, 0);
	ck_assert(scalar_contains(&r, 0x100000000));
	val_is(&r, "scalar(smax=0x7fffffff00000001,umin=1,umax=0xffffffff00000001,smin32=0,"
		   "smax32=umax32=1,var_off=(0x0; 0xffffffff00000001))");
}
END_TEST

/* CVE-2021-3444 / CVE-2021-3600: 32-bit div/mod by a maybe-zero register with garbage upper halves:
 * the result is unknown (6.18 does not track division), so it holds whatever the CPU computes */
START_TEST(cve_2021_3600)
{
	struct scalar d = scalar_const(0xdead00000007), z = scalar_const(0xbeef00000000), r;

	r = d;
	scalar_alu(&r, &z, MOD, true, 0);
	ck_assert(scalar_contains(&r, 7));		/* the 32-bit semantics */
	ck_assert(scalar_contains(&r, 0xdead00000007)); /* what a broken JIT left */
	r = d;
	scalar_alu(&r, &z, DIV, true, 0);
	ck_assert(scalar_contains(&r, 0));
}
END_TEST

/* CVE-2021-45402: "w1 = w2" with s64 bounds outside the s32 range */
START_TEST(cve_2021_45402)
{
	struct scalar r = cond_k(cond_k(scalar_unknown(), JSGE, false, -0x100000001ll), JSLE, false,
				 -0xffffffffll);
	u64 v;

	scalar_mov32(&r);
	ck_assert(scalar_is_sane(&r));
	for (v = (u64)-0x100000001ll; v != (u64)-0xfffffffell; v++)
		ck_assert(scalar_contains(&r, (u32)v));
	ck_assert_int_ge(r.smin, 0);
	ck_assert_uint_le(r.umax, 0xffffffff);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("domain-scalar");
	TCase *tk = tcase_create("kernel"), *tp = tcase_create("print"), *ta = tcase_create("alu");
	TCase *tb = tcase_create("branch"), *tc = tcase_create("cve");
	SRunner *sr;
	int failed;

	tcase_add_test(tk, kernel_logs);
	tcase_add_test(tp, print_constants);
	tcase_add_test(tp, print_ranges);
	tcase_add_test(tp, print_capture_sequence);
	tcase_add_test(ta, shift_by_width_or_unknown_is_unknown);
	tcase_add_test(ta, alu32_zero_extends);
	tcase_add_test(ta, sign_extension);
	tcase_add_test(ta, div_mod_unknown);
	tcase_add_test(ta, bswap);
	tcase_add_test(ta, add_sub_mul_6_18);
	tcase_add_test(tb, branch_tables);
	tcase_add_test(tb, branch_decisions);
	tcase_add_test(tb, jset);
	tcase_add_test(tb, refinements);
	tcase_add_test(tb, invariants);
	tcase_add_test(tb, branch_refine_dead_branch_message);
	tcase_add_test(tb, pruning_and_fork);
	tcase_add_test(tc, cve_2017_16995);
	tcase_add_test(tc, cve_2018_18445);
	tcase_add_test(tc, cve_2020_8835);
	tcase_add_test(tc, cve_2020_27194);
	tcase_add_test(tc, cve_2021_3490);
	tcase_add_test(tc, cve_2021_31440);
	tcase_add_test(tc, cve_2021_3600);
	tcase_add_test(tc, cve_2021_45402);
	suite_add_tcase(s, tk);
	suite_add_tcase(s, tp);
	suite_add_tcase(s, ta);
	suite_add_tcase(s, tb);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
