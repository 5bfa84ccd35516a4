/* Exception callbacks (analyzer/xfer_throw.c, cfg.c, engine.c): a subprogram named by the main
 * function's "exception_callback:" tag (program->exception_cb_off) is reachable without a call,
 * verified on its own with one scalar argument and a scalar return type, and may not be called
 * directly; several tags are refused. Programs are built by hand, verified with
 * analyze_program() (no kernel BTF needed). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"

#define INSN(c, d, s, o, i)                                                                        \
	((struct insn){.code = (c), .dst = (d), .src = (s), .off = (o), .imm = (i)})
#define MOV64_IMM(d, i) INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define CALL_PC(o)	INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, o)
#define EXIT()		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

struct cb_shape {
	u32 cb_off; /* first insn of the callback */
	u32 nargs;  /* its scalar arguments */
	bool ret_scalar;
	bool multi; /* several tags */
};

static u32 run(const struct insn *insns, u32 cnt, const struct cb_shape *cs, char *msg,
	       size_t msglen)
{
	struct object *obj = object_new("test", INPUT_RAW);
	struct analyze_opts opts = {0};
	struct program *p;
	struct result r;
	u32 v;

	ck_assert_ptr_nonnull(obj);
	p = object_add_program(obj);
	p->name = strdup("main");
	p->section = strdup("socket");
	p->prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	p->gpl_compatible = true;
	p->insns = malloc(cnt * sizeof(*insns));
	memcpy(p->insns, insns, cnt * sizeof(*insns));
	p->insn_cnt = p->main_insn_cnt = cnt;
	p->obj = obj;
	p->funcs = calloc(2, sizeof(*p->funcs));
	p->func_cnt = 2;
	p->funcs[0].name = strdup("main");
	p->funcs[0].global = true;
	p->funcs[0].returns_scalar = true;
	p->funcs[0].arg_cnt = 1;
	p->funcs[0].args[0].kind = FUNC_ARG_PTR_TO_CTX;
	p->funcs[1].name = strdup("cb");
	p->funcs[1].insn_off = cs->cb_off;
	p->funcs[1].global = true;
	p->funcs[1].returns_scalar = cs->ret_scalar;
	p->funcs[1].arg_cnt = cs->nargs;
	for (u32 i = 0; i < cs->nargs; i++)
		p->funcs[1].args[i].kind = FUNC_ARG_SCALAR;
	p->exception_cb_off = cs->multi ? 0 : cs->cb_off;
	p->exception_cb_multi = cs->multi;
	result_init(&r);
	analyze_program(p, &opts, &r);
	v = r.verdict;
	snprintf(msg, msglen, "%s", r.message ? r.message : "");
	result_fini(&r);
	object_free(obj);
	return v;
}

#define RUN(cs, ...)                                                                               \
	({                                                                                         \
		const struct insn _p[] = {__VA_ARGS__};                                            \
		run(_p, ARRAY_SIZE(_p), cs, msg, sizeof(msg));                                     \
	})

START_TEST(test_uncalled_cb_is_verified)
{
	char msg[256];
	struct cb_shape ok = {.cb_off = 2, .nargs = 1, .ret_scalar = true};
	struct cb_shape two = {.cb_off = 2, .nargs = 2, .ret_scalar = true};
	struct cb_shape ptr = {.cb_off = 2, .nargs = 1, .ret_scalar = false};

	/* reachable although nothing calls it (not "unreachable insn 2") */
	ck_assert_uint_eq(RUN(&ok, MOV64_IMM(0, 0), EXIT(), MOV64_IMM(0, 0), EXIT()),
			  VERDICT_ACCEPT);
	/* verified on its own: its R0 must be set */
	ck_assert_uint_eq(RUN(&ok, MOV64_IMM(0, 0), EXIT(), EXIT()), VERDICT_REJECT);
	ck_assert_str_eq(msg, "R0 !read_ok");
	ck_assert_uint_eq(RUN(&two, MOV64_IMM(0, 0), EXIT(), MOV64_IMM(0, 0), EXIT()),
			  VERDICT_REJECT);
	ck_assert_str_eq(msg, "exception cb only supports single integer argument");
	ck_assert_uint_eq(RUN(&ptr, MOV64_IMM(0, 0), EXIT(), MOV64_IMM(0, 0), EXIT()),
			  VERDICT_REJECT);
	ck_assert_str_eq(msg, "Global function cb() doesn't return scalar. Only those are "
			      "supported.");
}
END_TEST

START_TEST(test_direct_call_and_tags)
{
	char msg[256];
	struct cb_shape ok = {.cb_off = 4, .nargs = 1, .ret_scalar = true};
	struct cb_shape multi = {.cb_off = 4, .nargs = 1, .ret_scalar = true, .multi = true};

	ck_assert_uint_eq(RUN(&ok, MOV64_IMM(1, 0), CALL_PC(2), MOV64_IMM(0, 0), EXIT(),
			      MOV64_IMM(0, 0), EXIT()),
			  VERDICT_REJECT);
	ck_assert_str_eq(msg, "insn 1 cannot call exception cb directly");
	ck_assert_uint_eq(RUN(&multi, MOV64_IMM(1, 0), CALL_PC(2), MOV64_IMM(0, 0), EXIT(),
			      MOV64_IMM(0, 0), EXIT()),
			  VERDICT_REJECT);
	ck_assert_str_eq(msg, "multiple exception callback tags for main subprog");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("exceptions");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_uncalled_cb_is_verified);
	tcase_add_test(tc, test_direct_call_and_tags);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
