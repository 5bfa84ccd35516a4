/* Engine tests: programs built from instruction arrays (macros in the style of the kernel's
 * filter.h, written here), verified with analyze_program(), checked for verdict and message. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"

#define INSN(c, d, s, o, i)                                                                        \
	((struct insn){.code = (c), .dst = (d), .src = (s), .off = (o), .imm = (i)})
#define MOV64_IMM(d, i)	     INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s)	     INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ALU64_IMM(op, d, i)  INSN(BPF_ALU64 | (op) | BPF_K, d, 0, 0, i)
#define ALU64_REG(op, d, s)  INSN(BPF_ALU64 | (op) | BPF_X, d, s, 0, 0)
#define ALU32_IMM(op, d, i)  INSN(BPF_ALU | (op) | BPF_K, d, 0, 0, i)
#define LDX_MEM(sz, d, s, o) INSN(BPF_LDX | (sz) | BPF_MEM, d, s, o, 0)
#define STX_MEM(sz, d, s, o) INSN(BPF_STX | (sz) | BPF_MEM, d, s, o, 0)
#define ST_MEM(sz, d, o, i)  INSN(BPF_ST | (sz) | BPF_MEM, d, 0, o, i)
#define JMP_IMM(op, d, i, o) INSN(BPF_JMP | (op) | BPF_K, d, 0, o, i)
#define JMP_REG(op, d, s, o) INSN(BPF_JMP | (op) | BPF_X, d, s, o, 0)
#define JA(o)		     INSN(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define CALL(id)	     INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define CALL_PC(o)	     INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, o)
#define LD_MAP(d, idx)                                                                             \
	INSN(BPF_LD | BPF_DW | BPF_IMM, d, BPF_PSEUDO_MAP_FD, 0, idx), INSN(0, 0, 0, 0, 0)
#define ATOMIC(sz, op, d, s, o) INSN(BPF_STX | (sz) | BPF_ATOMIC, d, s, o, op)
#define EXIT()			INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

struct outcome {
	u32 verdict;
	char msg[256];
	s32 insn;
	u64 processed;
};

struct extra {
	u32 prog_flags;
	u32 func_offs[4]; /* static subprograms (BTF func_info) starting here; 0 ends */
};

static struct outcome run_prog_ex(u32 prog_type, const struct insn *insns, u32 cnt, bool with_map,
				  const struct extra *x);

static struct outcome run_prog(u32 prog_type, const struct insn *insns, u32 cnt, bool with_map)
{
	return run_prog_ex(prog_type, insns, cnt, with_map, NULL);
}

static struct outcome run_prog_ex(u32 prog_type, const struct insn *insns, u32 cnt, bool with_map,
				  const struct extra *x)
{
	struct object *obj = object_new("test", INPUT_RAW);
	struct program *p;
	struct analyze_opts opts = {0};
	struct result r;
	struct outcome o = {0};

	ck_assert_ptr_nonnull(obj);
	if (with_map) {
		struct map_def *m = object_add_map(obj);

		m->name = strdup("m");
		m->type = BPF_MAP_TYPE_HASH;
		m->key_size = 8;
		m->value_size = 8;
		m->max_entries = 1;
		m->inner_map = -1;
	}
	p = object_add_program(obj);
	p->name = strdup("t");
	p->section = strdup("t");
	p->prog_type = prog_type;
	p->gpl_compatible = true;
	p->insns = malloc(cnt * sizeof(*insns));
	memcpy(p->insns, insns, cnt * sizeof(*insns));
	p->insn_cnt = cnt;
	p->main_insn_cnt = cnt;
	p->obj = obj;
	if (x) {
		u32 n = 1;

		p->prog_flags = x->prog_flags;
		while (n < 5 && x->func_offs[n - 1])
			n++;
		p->funcs = calloc(n, sizeof(*p->funcs));
		p->func_cnt = n;
		for (u32 i = 1; i < n; i++)
			p->funcs[i].insn_off = x->func_offs[i - 1];
		for (u32 i = 0; i < n; i++)
			p->funcs[i].name = strdup(i ? "cb" : "t");
	}
	result_init(&r);
	analyze_program(p, &opts, &r);
	o.verdict = r.verdict;
	o.insn = r.error_insn;
	o.processed = r.stats.processed_insns;
	if (r.message)
		snprintf(o.msg, sizeof(o.msg), "%s", r.message);
	result_fini(&r);
	object_free(obj);
	return o;
}

#define RUN(type, map, ...)                                                                        \
	({                                                                                         \
		const struct insn _p[] = {__VA_ARGS__};                                            \
		run_prog(type, _p, ARRAY_SIZE(_p), map);                                           \
	})

static void expect_reject(struct outcome o, const char *msg)
{
	ck_assert_msg(o.verdict == VERDICT_REJECT, "expected reject '%s', got %s '%s'", msg,
		      verdict_name(o.verdict), o.msg);
	ck_assert_str_eq(o.msg, msg);
}

static void expect_accept(struct outcome o)
{
	ck_assert_msg(o.verdict == VERDICT_ACCEPT, "expected accept, got %s '%s'",
		      verdict_name(o.verdict), o.msg);
}

#define SF  BPF_PROG_TYPE_SOCKET_FILTER
#define XDP BPF_PROG_TYPE_XDP

START_TEST(test_basic)
{
	expect_accept(RUN(SF, false, MOV64_IMM(0, 0), EXIT()));
	expect_reject(RUN(SF, false, EXIT()), "R0 !read_ok");
	expect_reject(RUN(SF, false, MOV64_REG(0, 2), EXIT()), "R2 !read_ok");
	expect_reject(RUN(SF, false, MOV64_IMM(10, 0), EXIT()), "frame pointer is read only");
}
END_TEST

START_TEST(test_alu)
{
	expect_reject(RUN(SF, false, MOV64_IMM(0, 1), ALU64_IMM(BPF_DIV, 0, 0), EXIT()),
		      "div by zero");
	expect_reject(RUN(SF, false, MOV64_IMM(0, 1), ALU64_IMM(BPF_LSH, 0, 64), EXIT()),
		      "invalid shift 64");
	expect_accept(RUN(SF, false, MOV64_IMM(0, 1), ALU32_IMM(BPF_LSH, 0, 31), EXIT()));
}
END_TEST

START_TEST(test_pointer_arith)
{
	expect_reject(
		RUN(SF, false, MOV64_REG(0, 10), ALU64_IMM(BPF_AND, 0, 8), MOV64_IMM(0, 0), EXIT()),
		"R0 bitwise operator &= on pointer prohibited");
	expect_reject(RUN(SF, false, MOV64_IMM(0, 1), ALU64_REG(BPF_SUB, 0, 10), EXIT()),
		      "R0 tried to subtract pointer from scalar");
	expect_reject(
		RUN(SF, false, MOV64_REG(1, 10), ALU64_IMM(BPF_SUB, 1, 8), MOV64_IMM(0, 0), EXIT()),
		"R1 subtraction from stack pointer prohibited");
}
END_TEST

START_TEST(test_stack)
{
	/* spill and fill a pointer */
	expect_accept(RUN(SF, false, STX_MEM(BPF_DW, 10, 1, -8), LDX_MEM(BPF_DW, 2, 10, -8),
			  LDX_MEM(BPF_W, 0, 2, 0), MOV64_IMM(0, 0), EXIT()));
	expect_reject(RUN(SF, false, ST_MEM(BPF_DW, 10, 0, 0), MOV64_IMM(0, 0), EXIT()),
		      "invalid write to stack R10 off=0 size=8");
	expect_reject(RUN(SF, false, ST_MEM(BPF_DW, 10, -520, 0), MOV64_IMM(0, 0), EXIT()),
		      "invalid write to stack R10 off=-520 size=8");
	expect_reject(RUN(SF, false, STX_MEM(BPF_DW, 10, 1, -8), LDX_MEM(BPF_W, 0, 10, -8), EXIT()),
		      "invalid size of register fill");
	expect_reject(RUN(SF, false, ST_MEM(BPF_W, 10, -6, 0), MOV64_IMM(0, 0), EXIT()),
		      "misaligned stack access off 0+0+-6 size 4");
}
END_TEST

START_TEST(test_ctx)
{
	/* __sk_buff->len at 0 is readable, off 1000 is not */
	expect_accept(RUN(SF, false, LDX_MEM(BPF_W, 0, 1, 0), EXIT()));
	expect_reject(RUN(SF, false, LDX_MEM(BPF_W, 0, 1, 1000), EXIT()),
		      "invalid bpf_context access off=1000 size=4");
	expect_reject(RUN(SF, false, LDX_MEM(BPF_W, 0, 0, 0), EXIT()), "R0 !read_ok");
	expect_reject(RUN(SF, false, MOV64_IMM(1, 0), LDX_MEM(BPF_W, 0, 1, 0), EXIT()),
		      "R1 invalid mem access 'scalar'");
}
END_TEST

START_TEST(test_packet)
{
	/* xdp: data at 0, data_end at 4 */
	expect_accept(RUN(XDP, false, LDX_MEM(BPF_W, 2, 1, 0), LDX_MEM(BPF_W, 3, 1, 4),
			  MOV64_REG(4, 2), ALU64_IMM(BPF_ADD, 4, 8), JMP_REG(BPF_JGT, 4, 3, 2),
			  LDX_MEM(BPF_DW, 0, 2, 0), MOV64_IMM(0, 2), MOV64_IMM(0, 2), EXIT()));
	expect_reject(RUN(XDP, false, LDX_MEM(BPF_W, 2, 1, 0), LDX_MEM(BPF_W, 3, 1, 4),
			  MOV64_REG(4, 2), ALU64_IMM(BPF_ADD, 4, 8), JMP_REG(BPF_JGT, 4, 3, 2),
			  LDX_MEM(BPF_DW, 0, 2, 4), MOV64_IMM(0, 2), MOV64_IMM(0, 2), EXIT()),
		      "R2 offset is outside of the packet");
}
END_TEST

START_TEST(test_map_lookup)
{
	/* lookup without null check is rejected, with it accepted */
	expect_reject(RUN(SF, true, ST_MEM(BPF_DW, 10, -8, 0), MOV64_REG(2, 10),
			  ALU64_IMM(BPF_ADD, 2, -8), LD_MAP(1, 0), CALL(1),
			  LDX_MEM(BPF_DW, 0, 0, 0), EXIT()),
		      "R0 invalid mem access 'map_value_or_null'");
	expect_accept(RUN(SF, true, ST_MEM(BPF_DW, 10, -8, 0), MOV64_REG(2, 10),
			  ALU64_IMM(BPF_ADD, 2, -8), LD_MAP(1, 0), CALL(1),
			  JMP_IMM(BPF_JEQ, 0, 0, 1), LDX_MEM(BPF_DW, 0, 0, 0), MOV64_IMM(0, 0),
			  EXIT()));
	expect_reject(RUN(SF, true, ST_MEM(BPF_DW, 10, -8, 0), MOV64_REG(2, 10),
			  ALU64_IMM(BPF_ADD, 2, -8), LD_MAP(1, 0), CALL(1),
			  JMP_IMM(BPF_JEQ, 0, 0, 1), LDX_MEM(BPF_DW, 0, 0, 4), MOV64_IMM(0, 0),
			  EXIT()),
		      "R0 min value is outside of the allowed memory range");
	/* uninitialised key for an unprivileged-style read is fine privileged, but a missing key
	 * pointer is not */
	expect_reject(
		RUN(SF, true, LD_MAP(1, 0), MOV64_IMM(2, 0), CALL(1), MOV64_IMM(0, 0), EXIT()),
		"R2 type=scalar expected=fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, "
		"buf, trusted_ptr_");
}
END_TEST

START_TEST(test_branches)
{
	/* the dead branch reading r9 is never explored */
	expect_accept(RUN(SF, false, MOV64_IMM(0, 1), JMP_IMM(BPF_JEQ, 0, 1, 1), MOV64_REG(0, 9),
			  EXIT()));
	/* the live one is */
	expect_reject(
		RUN(SF, false, MOV64_IMM(0, 1), JMP_IMM(BPF_JEQ, 0, 2, 1), MOV64_REG(0, 9), EXIT()),
		"R9 !read_ok");
	/* refinement: r0 in [0, 7] after the check, so a 1-byte stack read stays in bounds */
	expect_accept(RUN(SF, false, CALL(7), JMP_IMM(BPF_JGT, 0, 7, 5), ST_MEM(BPF_DW, 10, -8, 0),
			  MOV64_REG(1, 10), ALU64_IMM(BPF_ADD, 1, -8), ALU64_REG(BPF_ADD, 1, 0),
			  LDX_MEM(BPF_B, 0, 1, 0), MOV64_IMM(0, 0), EXIT()));
}
END_TEST

START_TEST(test_loops)
{
	/* bounded loop: accepted; infinite loop: detected */
	expect_accept(RUN(SF, false, MOV64_IMM(0, 0), ALU64_IMM(BPF_ADD, 0, 1),
			  JMP_IMM(BPF_JLT, 0, 10, -2), EXIT()));
	{
		/* the report is "infinite loop detected at insn 1", "cur state: ...", "old state: ..." */
		struct outcome o =
			RUN(SF, false, MOV64_IMM(0, 0), JMP_IMM(BPF_JEQ, 0, 1, 1), JA(-2), EXIT());

		ck_assert_int_eq(o.verdict, VERDICT_REJECT);
		ck_assert_int_eq(o.insn, 1);
		ck_assert_msg(!strncmp(o.msg, "old state:", 10), "got '%s'", o.msg);
	}
	{
		struct outcome o = RUN(SF, false, MOV64_IMM(0, 0), ALU64_IMM(BPF_ADD, 0, 1),
				       JMP_IMM(BPF_JLT, 0, 10000000, -2), EXIT());

		expect_reject(o, "BPF program is too large. Processed 1000001 insn");
	}
}
END_TEST

START_TEST(test_calls)
{
	expect_accept(RUN(SF, false, MOV64_IMM(1, 1), CALL_PC(1), EXIT(), MOV64_REG(0, 1), EXIT()));
	expect_reject(RUN(SF, false, CALL_PC(1), EXIT(), MOV64_REG(0, 10), EXIT()),
		      "cannot return stack pointer to the caller");
	expect_reject(RUN(SF, false, MOV64_IMM(0, 0), CALL(0x7fff), EXIT()),
		      "invalid func unknown#32767");
}
END_TEST

START_TEST(test_atomic)
{
	expect_accept(RUN(SF, false, ST_MEM(BPF_DW, 10, -8, 1), MOV64_IMM(1, 2),
			  ATOMIC(BPF_DW, BPF_ADD | BPF_FETCH, 10, 1, -8), MOV64_REG(0, 1), EXIT()));
	expect_reject(RUN(SF, false, MOV64_IMM(0, 0), ATOMIC(BPF_DW, BPF_ADD, 1, 0, 0), EXIT()),
		      "BPF_ATOMIC stores into R1 ctx is not allowed");
}
END_TEST

START_TEST(test_return_range)
{
	/* cgroup_skb must return 0 or 1 */
	expect_reject(
		RUN(BPF_PROG_TYPE_CGROUP_SKB, false, MOV64_IMM(0, 3), EXIT()),
		"At program exit the register R0 has smin=3 smax=3 should have been in [0, 1]");
	expect_accept(RUN(BPF_PROG_TYPE_CGROUP_SKB, false, MOV64_IMM(0, 1), EXIT()));
}
END_TEST

#define RUNX(type, x, ...)                                                                         \
	({                                                                                         \
		const struct insn _p[] = {__VA_ARGS__};                                            \
		run_prog_ex(type, _p, ARRAY_SIZE(_p), false, x);                                   \
	})
#define LD_FUNC(d, off)                                                                            \
	INSN(BPF_LD | BPF_DW | BPF_IMM, d, BPF_PSEUDO_FUNC, 0, off), INSN(0, 0, 0, 0, 0)
#define MAY_GOTO(o) INSN(BPF_JMP | BPF_JCOND, 0, 0, o, 0)

START_TEST(test_callbacks)
{
	struct extra x = {.func_offs = {7}};

	/* bpf_loop(3, cb, NULL, 0) with cb returning 0 / 5 */
	expect_accept(RUNX(SF, &x, MOV64_IMM(1, 3), LD_FUNC(2, 5), MOV64_IMM(3, 0), MOV64_IMM(4, 0),
			   CALL(181), EXIT(), MOV64_IMM(0, 0), EXIT()));
	expect_reject(
		RUNX(SF, &x, MOV64_IMM(1, 3), LD_FUNC(2, 5), MOV64_IMM(3, 0), MOV64_IMM(4, 0),
		     CALL(181), EXIT(), MOV64_IMM(0, 5), EXIT()),
		"At callback return the register R0 has smin=5 smax=5 should have been in [0, 1]");
}
END_TEST

START_TEST(test_may_goto)
{
	/* r0 grows forever, but may_goto bounds the loop: widening makes it converge */
	struct outcome o = RUN(SF, false, MOV64_IMM(0, 0), MAY_GOTO(2), ALU64_IMM(BPF_ADD, 0, 1),
			       JA(-3), EXIT());

	expect_accept(o);
	ck_assert_msg(o.processed < 100, "processed %llu", (unsigned long long)o.processed);
}
END_TEST

START_TEST(test_linked_scalars)
{
	/* r1 = r0; if r0 > 7: r1 is known to be in [0, 7] too (sync_linked_regs) */
	expect_accept(RUN(SF, false, CALL(7), MOV64_REG(1, 0), JMP_IMM(BPF_JGT, 0, 7, 5),
			  ST_MEM(BPF_DW, 10, -8, 0), MOV64_REG(2, 10), ALU64_IMM(BPF_ADD, 2, -8),
			  ALU64_REG(BPF_ADD, 2, 1), LDX_MEM(BPF_B, 0, 2, 0), MOV64_IMM(0, 0),
			  EXIT()));
	/* without the link the index is unbounded */
	expect_reject(
		RUN(SF, false, CALL(7), MOV64_IMM(1, 0), ALU64_REG(BPF_ADD, 1, 0),
		    JMP_IMM(BPF_JGT, 0, 7, 5), ST_MEM(BPF_DW, 10, -8, 0), MOV64_REG(2, 10),
		    ALU64_IMM(BPF_ADD, 2, -8), ALU64_REG(BPF_ADD, 2, 1), LDX_MEM(BPF_B, 0, 2, 0),
		    MOV64_IMM(0, 0), EXIT()),
		"math between fp pointer and register with unbounded min value is not allowed");
}
END_TEST

START_TEST(test_load_checks)
{
	struct extra x = {.prog_flags = BPF_F_SLEEPABLE};

	expect_reject(
		RUNX(SF, &x, MOV64_IMM(0, 0), EXIT()),
		"Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops programs can be "
		"sleepable");
	/* a kfunc call with imm 0 that survives is rejected after verification */
	expect_reject(RUN(SF, false, INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 0),
			  MOV64_IMM(0, 0), EXIT()),
		      "invalid kernel function call not eliminated in verifier pass");
}
END_TEST

static Suite *engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_basic);
	tcase_add_test(tc, test_alu);
	tcase_add_test(tc, test_pointer_arith);
	tcase_add_test(tc, test_stack);
	tcase_add_test(tc, test_ctx);
	tcase_add_test(tc, test_packet);
	tcase_add_test(tc, test_map_lookup);
	tcase_add_test(tc, test_branches);
	tcase_add_test(tc, test_loops);
	tcase_add_test(tc, test_calls);
	tcase_add_test(tc, test_atomic);
	tcase_add_test(tc, test_return_range);
	tcase_add_test(tc, test_callbacks);
	tcase_add_test(tc, test_may_goto);
	tcase_add_test(tc, test_linked_scalars);
	tcase_add_test(tc, test_load_checks);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(engine_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
