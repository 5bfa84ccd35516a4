/* struct_ops member checks (analyzer/struct_ops.c): check_struct_ops_btf_id()'s license,
 * cfi_stubs and check_member rules, through analyze_program() on tiny programs. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "struct_ops.h"

static const struct insn ret0[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst = 0, .imm = 0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

static u32 run(const char *target, bool gpl, bool sleepable, char *msg, size_t msglen)
{
	struct object *obj = object_new("test", INPUT_RAW);
	struct analyze_opts opts = { 0 };
	struct program *p;
	struct result r;
	u32 v;

	ck_assert_ptr_nonnull(obj);
	p = object_add_program(obj);
	p->name = strdup("t");
	p->section = strdup("struct_ops");
	p->prog_type = BPF_PROG_TYPE_STRUCT_OPS;
	p->gpl_compatible = gpl;
	p->sleepable = sleepable;
	p->attach_target = strdup(target);
	p->insns = malloc(sizeof(ret0));
	memcpy(p->insns, ret0, sizeof(ret0));
	p->insn_cnt = p->main_insn_cnt = ARRAY_SIZE(ret0);
	p->obj = obj;
	result_init(&r);
	analyze_program(p, &opts, &r);
	v = r.verdict;
	snprintf(msg, msglen, "%s", r.message ? r.message : "");
	result_fini(&r);
	object_free(obj);
	return v;
}

START_TEST(test_member_supported)
{
	ck_assert(!stops_member_supported("tcp_congestion_ops", "get_info", false));
	ck_assert(stops_member_supported("tcp_congestion_ops", "cwnd_event", false));
	ck_assert(!stops_member_supported("bpf_dummy_ops", "test_2", true));
	ck_assert(stops_member_supported("bpf_dummy_ops", "test_2", false));
	ck_assert(stops_member_supported("bpf_dummy_ops", "test_sleepable", true));
	ck_assert(stops_member_supported("sched_ext_ops", "enqueue", true));
}
END_TEST

START_TEST(test_engine_checks)
{
	char msg[256];

	ck_assert_uint_eq(run("tcp_congestion_ops:get_info", true, false, msg, sizeof(msg)),
			  VERDICT_REJECT);
	ck_assert_str_eq(msg, "attach to unsupported member get_info of struct tcp_congestion_ops");
	ck_assert_uint_eq(run("bpf_dummy_ops:test_2", true, true, msg, sizeof(msg)),
			  VERDICT_REJECT);
	ck_assert_str_eq(msg, "attach to unsupported member test_2 of struct bpf_dummy_ops");
	ck_assert_uint_eq(run("tcp_congestion_ops:init", false, false, msg, sizeof(msg)),
			  VERDICT_REJECT);
	ck_assert_str_eq(msg, "struct ops programs must have a GPL compatible license");
	ck_assert_uint_eq(run("bpf_dummy_ops:test_sleepable", true, true, msg, sizeof(msg)),
			  VERDICT_ACCEPT);
	ck_assert_uint_eq(run("tcp_congestion_ops:ssthresh", true, false, msg, sizeof(msg)),
			  VERDICT_ACCEPT);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("struct_ops");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_member_supported);
	tcase_add_test(tc, test_engine_checks);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
