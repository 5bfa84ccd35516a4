/* struct_ops member checks (analyzer/struct_ops.c): check_struct_ops_btf_id()'s license,
 * cfi_stubs and check_member rules, through analyze_program() on tiny programs. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "helpers.h"
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

/* UAPI helper ids (include/uapi/linux/bpf.h) */
enum {
	FN_get_socket_cookie = 46,
	FN_setsockopt = 49,
	FN_getsockopt = 57,
	FN_tcp_send_ack = 116,
};

/* Helper availability the struct_ops / iterator / sk_reuseport fixes rely on. */
START_TEST(test_helper_tables)
{
	struct helper_ctx tcp = { .attach_func = "tcp" }, task = { .attach_func = "task" };
	struct helper_ctx ca = { .attach_func = "tcp_congestion_ops:init",
				 .struct_ops_family = STRUCT_OPS_TCP_CONGESTION };
	struct helper_ctx rel = { .attach_func = "tcp_congestion_ops:release",
				  .struct_ops_family = STRUCT_OPS_TCP_CONGESTION };
	const struct helper_proto *p;

	/* bpf_iter_tcp/unix_get_func_proto() */
	p = helper_proto_get(FN_setsockopt, BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, &tcp);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->proto, "bpf_sk_setsockopt_proto");
	ck_assert_ptr_null(helper_proto_get(FN_getsockopt, BPF_PROG_TYPE_TRACING,
					    BPF_TRACE_ITER, &task));
	/* sk_reuseport_func_proto(): a socket pointer, not the ctx */
	p = helper_proto_get(FN_get_socket_cookie, BPF_PROG_TYPE_SK_REUSEPORT, 0, NULL);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->proto, "bpf_get_socket_ptr_cookie_proto");
	/* bpf_tcp_ca_get_func_proto(): no socket options in release() */
	ck_assert_ptr_nonnull(helper_proto_get(FN_setsockopt, BPF_PROG_TYPE_STRUCT_OPS, 0,
					       &ca));
	ck_assert_ptr_null(helper_proto_get(FN_setsockopt, BPF_PROG_TYPE_STRUCT_OPS, 0,
					    &rel));
	ck_assert_ptr_nonnull(helper_proto_get(FN_tcp_send_ack, BPF_PROG_TYPE_STRUCT_OPS, 0,
					       &rel));
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
	tcase_add_test(tc, test_helper_tables);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
