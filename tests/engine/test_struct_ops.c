/* struct_ops member checks (analyzer/struct_ops.c): check_struct_ops_btf_id()'s license,
 * cfi_stubs and check_member rules, through analyze_program() on tiny programs. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "analyzer.h"
#include "fe_kbtf.h"
#include "helpers.h"
#include "struct_ops.h"

static const struct insn ret0[] = {
	{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst = 0, .imm = 0},
	{.code = BPF_JMP | BPF_EXIT},
};

static u32 run(const char *target, bool gpl, bool sleepable, char *msg, size_t msglen)
{
	struct object *obj = object_new("test", INPUT_RAW);
	struct analyze_opts opts = {0};
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
	struct helper_ctx tcp = {.attach_func = "tcp"}, task = {.attach_func = "task"};
	struct helper_ctx ca = {.attach_func = "tcp_congestion_ops:init",
				.struct_ops_family = STRUCT_OPS_TCP_CONGESTION};
	struct helper_ctx rel = {.attach_func = "tcp_congestion_ops:release",
				 .struct_ops_family = STRUCT_OPS_TCP_CONGESTION};
	const struct helper_proto *p;

	/* bpf_iter_tcp/unix_get_func_proto() */
	p = helper_proto_get(FN_setsockopt, BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, &tcp);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->proto, "bpf_sk_setsockopt_proto");
	ck_assert_ptr_null(
		helper_proto_get(FN_getsockopt, BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, &task));
	/* sk_reuseport_func_proto(): a socket pointer, not the ctx */
	p = helper_proto_get(FN_get_socket_cookie, BPF_PROG_TYPE_SK_REUSEPORT, 0, NULL);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->proto, "bpf_get_socket_ptr_cookie_proto");
	/* bpf_tcp_ca_get_func_proto(): no socket options in release() */
	ck_assert_ptr_nonnull(helper_proto_get(FN_setsockopt, BPF_PROG_TYPE_STRUCT_OPS, 0, &ca));
	ck_assert_ptr_null(helper_proto_get(FN_setsockopt, BPF_PROG_TYPE_STRUCT_OPS, 0, &rel));
	ck_assert_ptr_nonnull(helper_proto_get(FN_tcp_send_ack, BPF_PROG_TYPE_STRUCT_OPS, 0, &rel));
}
END_TEST

/*
 * A miniature kernel BTF:
 * struct sock { u64 pad; u64 sk_pacing_rate; u32 sk_pacing_status; u32 pad2; }     size 24
 * struct ack { u8 x; u8 pending; }                                                 size 2
 * struct inet_connection_sock { struct sock icsk_inet; u8 icsk_ca_priv[16];
 *                               struct ack icsk_ack; }                             size 48
 * struct tcp_sock { struct inet_connection_sock inet_conn; u32 snd_cwnd @48; snd_cwnd_cnt @52;
 *                   snd_cwnd_stamp @56; snd_ssthresh @60; u8 ecn_flags @64;
 *                   u32 app_limited @68; }                                         size 72
 * struct tcp_congestion_ops { void (*init)(struct sock *); u32 (*ssthresh)(struct sock *); }
 */
static struct kbtf *make_kbtf(void)
{
	struct btf *b = btf__new_empty();
	int t8, t32, t64, sock, ack, icsk, tcp, arr, psock, pinit, pssth, ops;
	const void *raw;
	__u32 size;
	struct kbtf *k;

	ck_assert_ptr_nonnull(b);
	t8 = btf__add_int(b, "u8", 1, 0);
	t32 = btf__add_int(b, "u32", 4, 0);
	t64 = btf__add_int(b, "u64", 8, 0);
	sock = btf__add_struct(b, "sock", 24);
	btf__add_field(b, "pad", t64, 0, 0);
	btf__add_field(b, "sk_pacing_rate", t64, 64, 0);
	btf__add_field(b, "sk_pacing_status", t32, 128, 0);
	btf__add_field(b, "pad2", t32, 160, 0);
	ack = btf__add_struct(b, "ack", 2);
	btf__add_field(b, "x", t8, 0, 0);
	btf__add_field(b, "pending", t8, 8, 0);
	arr = btf__add_array(b, t32, t8, 16);
	icsk = btf__add_struct(b, "inet_connection_sock", 48);
	btf__add_field(b, "icsk_inet", sock, 0, 0);
	btf__add_field(b, "icsk_ca_priv", arr, 24 * 8, 0);
	btf__add_field(b, "icsk_ack", ack, 40 * 8, 0);
	tcp = btf__add_struct(b, "tcp_sock", 72);
	btf__add_field(b, "inet_conn", icsk, 0, 0);
	btf__add_field(b, "snd_cwnd", t32, 48 * 8, 0);
	btf__add_field(b, "snd_cwnd_cnt", t32, 52 * 8, 0);
	btf__add_field(b, "snd_cwnd_stamp", t32, 56 * 8, 0);
	btf__add_field(b, "snd_ssthresh", t32, 60 * 8, 0);
	btf__add_field(b, "ecn_flags", t8, 64 * 8, 0);
	btf__add_field(b, "app_limited", t32, 68 * 8, 0);
	psock = btf__add_ptr(b, sock);
	pinit = btf__add_func_proto(b, 0);
	btf__add_func_param(b, "", psock);
	pinit = btf__add_ptr(b, pinit);
	pssth = btf__add_func_proto(b, t32);
	btf__add_func_param(b, "", psock);
	pssth = btf__add_ptr(b, pssth);
	ops = btf__add_struct(b, "tcp_congestion_ops", 16);
	btf__add_field(b, "init", pinit, 0, 0);
	btf__add_field(b, "ssthresh", pssth, 64, 0);
	ck_assert_int_gt(ops, 0);
	(void)tcp;
	raw = btf__raw_data(b, &size);
	ck_assert_ptr_nonnull(raw);
	k = fe_kbtf_from_raw(raw, size);
	btf__free(b);
	ck_assert_ptr_nonnull(k);
	return k;
}

/* r1 = ctx[0] (sk); r2 = 1; *(size *)(r1 + off) = r2; [r0 = 0;] exit */
static u32 run_ca(struct kbtf *k, const char *target, s16 off, u8 sz, bool set_r0, char *msg,
		  size_t msglen)
{
	struct insn prog[] = {
		{.code = BPF_LDX | BPF_DW | BPF_MEM, .dst = 1, .src = 1, .off = 0},
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst = 2, .imm = 1},
		{.code = BPF_STX | sz | BPF_MEM, .dst = 1, .src = 2, .off = off},
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst = 0, .imm = 0},
		{.code = BPF_JMP | BPF_EXIT},
	};
	struct object *obj = object_new("test", INPUT_RAW);
	struct analyze_opts opts = {.kbtf = k};
	struct program *p;
	struct result r;
	u32 v;

	if (!set_r0)
		prog[3] = (struct insn){.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst = 3, .imm = 0};
	ck_assert_ptr_nonnull(obj);
	p = object_add_program(obj);
	p->name = strdup("t");
	p->section = strdup("struct_ops");
	p->prog_type = BPF_PROG_TYPE_STRUCT_OPS;
	p->gpl_compatible = true;
	p->attach_target = strdup(target);
	p->insns = malloc(sizeof(prog));
	memcpy(p->insns, prog, sizeof(prog));
	p->insn_cnt = p->main_insn_cnt = ARRAY_SIZE(prog);
	p->obj = obj;
	result_init(&r);
	analyze_program(p, &opts, &r);
	v = r.verdict;
	snprintf(msg, msglen, "%s", r.message ? r.message : "");
	result_fini(&r);
	object_free(obj);
	return v;
}

START_TEST(test_tcp_ca_writes)
{
	struct kbtf *k = make_kbtf();
	char msg[256];

	/* snd_cwnd, sk_pacing_rate, inside icsk_ca_priv, icsk_ack.pending */
	ck_assert_uint_eq(run_ca(k, "tcp_congestion_ops:init", 48, BPF_W, true, msg, sizeof(msg)),
			  VERDICT_ACCEPT);
	ck_assert_uint_eq(run_ca(k, "tcp_congestion_ops:init", 8, BPF_DW, true, msg, sizeof(msg)),
			  VERDICT_ACCEPT);
	ck_assert_uint_eq(run_ca(k, "tcp_congestion_ops:init", 28, BPF_DW, true, msg, sizeof(msg)),
			  VERDICT_ACCEPT);
	ck_assert_uint_eq(run_ca(k, "tcp_congestion_ops:init", 41, BPF_B, true, msg, sizeof(msg)),
			  VERDICT_ACCEPT);
	ck_assert_uint_eq(run_ca(k, "tcp_congestion_ops:init", 0, BPF_DW, true, msg, sizeof(msg)),
			  VERDICT_REJECT);
	ck_assert_str_eq(msg, "no write support to tcp_sock at off 0");
	ck_assert_uint_eq(run_ca(k, "tcp_congestion_ops:init", 36, BPF_DW, true, msg, sizeof(msg)),
			  VERDICT_REJECT);
	ck_assert_str_eq(msg, "write access at off 36 with size 8 beyond the member of tcp_sock "
			      "ended at 40");
	/* init returns void: R0 is not read; ssthresh returns u32 */
	ck_assert_uint_eq(run_ca(k, "tcp_congestion_ops:init", 48, BPF_W, false, msg, sizeof(msg)),
			  VERDICT_ACCEPT);
	ck_assert_uint_eq(
		run_ca(k, "tcp_congestion_ops:ssthresh", 48, BPF_W, false, msg, sizeof(msg)),
		VERDICT_REJECT);
	ck_assert_str_eq(msg, "R0 !read_ok");
	fe_kbtf_close(k);
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
	tcase_add_test(tc, test_tcp_ca_writes);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
