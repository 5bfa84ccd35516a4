/* Tests of the program-type tables: context access rules, packet rights, return ranges and
 * capability requirements. Expected answers were checked against kernel 6.18. */
#include <check.h>
#include <string.h>

#include "bpf_defs.h"
#include "progtype.h"

static int acc(u32 pt, u32 at, s32 off, u32 size, bool write, struct ctx_access *out)
{
	struct ctx_query q = {
		.prog_type = pt, .attach_type = at, .off = off, .size = size, .write = write};

	return progtype_ctx_access(&q, out);
}

START_TEST(test_xdp_ctx)
{
	struct ctx_access a;

	ck_assert_int_eq(acc(BPF_PROG_TYPE_XDP, 0, 0, 4, false, &a), CTX_OK);
	ck_assert_uint_eq(a.reg_type, PTR_TO_PACKET);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_XDP, 0, 4, 4, false, &a), CTX_OK);
	ck_assert_uint_eq(a.reg_type, PTR_TO_PACKET_END);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_XDP, 0, 8, 4, false, &a), CTX_OK);
	ck_assert_uint_eq(a.reg_type, PTR_TO_PACKET_META);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_XDP, 0, 12, 4, false, &a), CTX_OK);
	ck_assert_uint_eq(a.reg_type, SCALAR_VALUE);
	/* u32 fields only, no writes, egress_ifindex only for devmap programs */
	ck_assert_int_eq(acc(BPF_PROG_TYPE_XDP, 0, 0, 8, false, &a), CTX_DENIED);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_XDP, 0, 12, 2, false, &a), CTX_DENIED);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_XDP, 0, 12, 4, true, &a), CTX_DENIED);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_XDP, 0, 20, 4, false, &a), CTX_DENIED);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, 20, 4, false, &a), CTX_OK);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_XDP, 0, 24, 4, false, &a), CTX_DENIED);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_XDP, 0, -4, 4, false, &a), CTX_DENIED);
}
END_TEST

START_TEST(test_skb_ctx)
{
	struct ctx_access a;

	/* tc: packet pointers, writes to mark, not to len */
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SCHED_CLS, 0, 76, 4, false, &a), CTX_OK);
	ck_assert_uint_eq(a.reg_type, PTR_TO_PACKET);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SCHED_CLS, 0, 140, 4, false, &a), CTX_OK);
	ck_assert_uint_eq(a.reg_type, PTR_TO_PACKET_META);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SCHED_CLS, 0, 76, 2, false, &a), CTX_DENIED);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SCHED_CLS, 0, 8, 4, true, &a), CTX_OK);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SCHED_CLS, 0, 0, 4, true, &a), CTX_DENIED);
	/* narrow loads of u32 fields record the field size */
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SCHED_CLS, 0, 2, 2, false, &a), CTX_OK);
	ck_assert_uint_eq(a.ctx_field_size, 4);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SCHED_CLS, 0, 0, 8, false, &a), CTX_DENIED);
	/* sk pointer */
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SCHED_CLS, 0, 168, 8, false, &a), CTX_OK);
	ck_assert_uint_eq(a.reg_type, PTR_TO_SOCK_COMMON_OR_NULL);
	/* tstamp_type byte for tc only */
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SCHED_CLS, 0, 180, 1, false, &a), CTX_OK);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_CGROUP_SKB, 0, 180, 1, false, &a), CTX_DENIED);
	/* socket filter: no packet pointers, writes only to cb[] */
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SOCKET_FILTER, 0, 76, 4, false, &a), CTX_DENIED);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SOCKET_FILTER, 0, 48, 4, true, &a), CTX_OK);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SOCKET_FILTER, 0, 8, 4, true, &a), CTX_DENIED);
	/* cgroup_skb: data needs CAP_BPF; no data_meta */
	ck_assert_int_eq(acc(BPF_PROG_TYPE_CGROUP_SKB, 0, 76, 4, false, &a), CTX_OK);
	ck_assert_uint_eq(a.reg_type, PTR_TO_PACKET);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_CGROUP_SKB, 0, 140, 4, false, &a), CTX_DENIED);
	struct ctx_query q = {
		.prog_type = BPF_PROG_TYPE_CGROUP_SKB, .off = 76, .size = 4, .unpriv = true};

	ck_assert_int_eq(progtype_ctx_access(&q, &a), CTX_DENIED);
	/* flow dissector: flow_keys */
	ck_assert_int_eq(acc(BPF_PROG_TYPE_FLOW_DISSECTOR, 0, 144, 8, false, &a), CTX_OK);
	ck_assert_uint_eq(a.reg_type, PTR_TO_FLOW_KEYS);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_FLOW_DISSECTOR, 0, 0, 4, false, &a), CTX_DENIED);
	/* sk_skb: no mark */
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SK_SKB, 0, 8, 4, false, &a), CTX_DENIED);
}
END_TEST

START_TEST(test_tracing_ctx)
{
	struct ctx_access a;

	ck_assert_int_eq(acc(BPF_PROG_TYPE_KPROBE, 0, 112, 8, false, &a), CTX_OK);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_KPROBE, 0, 112, 8, true, &a), CTX_DENIED);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_KPROBE, 0, 168, 8, false, &a), CTX_DENIED);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_TRACEPOINT, 0, 0, 8, false, &a), CTX_DENIED);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_TRACEPOINT, 0, 8, 8, false, &a), CTX_OK);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_RAW_TRACEPOINT, 0, 88, 8, false, &a), CTX_OK);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_RAW_TRACEPOINT, 0, 96, 8, false, &a), CTX_DENIED);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, 0, 8, false, &a), CTX_OK);
	ck_assert_uint_eq(a.reg_type, PTR_TO_TP_BUFFER);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, 0, 8, false, &a), CTX_BTF);
}
END_TEST

START_TEST(test_sock_access)
{
	u32 fs;

	/* bpf_sock: family at its start only, narrow; dst_port is a __be16 */
	ck_assert(progtype_sock_access(PTR_TO_SOCKET, 4, 4, &fs));
	ck_assert_uint_eq(fs, 4);
	ck_assert(progtype_sock_access(PTR_TO_SOCKET, 4, 1, NULL));
	ck_assert(!progtype_sock_access(PTR_TO_SOCKET, 5, 1, NULL));
	ck_assert(progtype_sock_access(PTR_TO_SOCKET, 48, 2, &fs));
	ck_assert_uint_eq(fs, 2);
	ck_assert(!progtype_sock_access(PTR_TO_SOCKET, 50, 2, NULL));
	ck_assert(!progtype_sock_access(PTR_TO_SOCKET, 80, 4, NULL));
	/* sock_common lacks type..priority */
	ck_assert(progtype_sock_access(PTR_TO_SOCKET, 8, 4, NULL));
	ck_assert(!progtype_sock_access(PTR_TO_SOCK_COMMON, 8, 4, NULL));
	/* tcp_sock: u64 counters */
	ck_assert(progtype_sock_access(PTR_TO_TCP_SOCK, 80, 8, NULL));
	ck_assert(!progtype_sock_access(PTR_TO_TCP_SOCK, 80, 4, NULL));
	ck_assert(progtype_sock_access(PTR_TO_TCP_SOCK, 0, 4, NULL));
	ck_assert(!progtype_sock_access(PTR_TO_TCP_SOCK, 0, 2, NULL));
	ck_assert(!progtype_sock_access(PTR_TO_TCP_SOCK, 112, 4, NULL));
	ck_assert(progtype_sock_access(PTR_TO_XDP_SOCK, 0, 4, NULL));
	ck_assert(!progtype_sock_access(PTR_TO_CTX, 0, 4, NULL));
}
END_TEST

START_TEST(test_other_ctx)
{
	struct ctx_access a;

	/* cgroup_sock: mark writable only at sock_create/release */
	ck_assert_int_eq(
		acc(BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, 16, 4, true, &a),
		CTX_OK);
	ck_assert_int_eq(
		acc(BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, 16, 4, true, &a),
		CTX_DENIED);
	/* sock_addr: user_ip4 only for v4 hooks, wide loads of user_ip6 */
	ck_assert_int_eq(
		acc(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, 4, 4, true, &a),
		CTX_OK);
	ck_assert_int_eq(
		acc(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, 4, 4, false, &a),
		CTX_DENIED);
	ck_assert_int_eq(
		acc(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, 8, 8, false, &a),
		CTX_OK);
	ck_assert_int_eq(
		acc(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, 64, 8, false, &a),
		CTX_OK);
	ck_assert_uint_eq(a.reg_type, PTR_TO_SOCKET);
	/* sock_ops: sk may be NULL, packet pointers */
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SOCK_OPS, 0, 184, 8, false, &a), CTX_OK);
	ck_assert_uint_eq(a.reg_type, PTR_TO_SOCKET_OR_NULL);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SOCK_OPS, 0, 192, 8, false, &a), CTX_OK);
	ck_assert_uint_eq(a.reg_type, PTR_TO_PACKET);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SOCK_OPS, 0, 4, 4, true, &a), CTX_OK);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SOCK_OPS, 0, 0, 4, true, &a), CTX_DENIED);
	/* sk_msg, sk_lookup, sockopt */
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SK_MSG, 0, 8, 8, false, &a), CTX_OK);
	ck_assert_uint_eq(a.reg_type, PTR_TO_PACKET_END);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, 0, 8, false, &a), CTX_OK);
	ck_assert_uint_eq(a.reg_type, PTR_TO_SOCKET_OR_NULL);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, 36, 4, false, &a), CTX_OK);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, 8, 8, false, &a),
			 CTX_OK);
	ck_assert_uint_eq(a.reg_type, PTR_TO_PACKET);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, 36, 4, true, &a),
			 CTX_OK);
	ck_assert_int_eq(acc(BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT, 36, 4, true, &a),
			 CTX_DENIED);
	/* netfilter: trusted BTF pointers */
	ck_assert_int_eq(acc(BPF_PROG_TYPE_NETFILTER, BPF_NETFILTER, 8, 8, false, &a), CTX_OK);
	ck_assert_uint_eq(a.reg_type, PTR_TO_BTF_ID | PTR_TRUSTED);
	ck_assert_str_eq(a.btf_type, "sk_buff");
	ck_assert_int_eq(acc(BPF_PROG_TYPE_LIRC_MODE2, 0, 0, 4, false, &a), CTX_UNSUPPORTED);
}
END_TEST

START_TEST(test_pkt_rights)
{
	ck_assert_uint_eq(progtype_pkt_rights(BPF_PROG_TYPE_XDP), PKT_RW);
	ck_assert_uint_eq(progtype_pkt_rights(BPF_PROG_TYPE_SCHED_CLS), PKT_RW);
	ck_assert_uint_eq(progtype_pkt_rights(BPF_PROG_TYPE_CGROUP_SKB), PKT_READ);
	ck_assert_uint_eq(progtype_pkt_rights(BPF_PROG_TYPE_LWT_IN), PKT_READ);
	ck_assert_uint_eq(progtype_pkt_rights(BPF_PROG_TYPE_SOCKET_FILTER), PKT_NONE);
	ck_assert_uint_eq(progtype_pkt_rights(BPF_PROG_TYPE_KPROBE), PKT_NONE);
}
END_TEST

static struct ret_range ret(u32 pt, u32 at)
{
	struct ret_query q = {.prog_type = pt, .attach_type = at};
	struct ret_range r;

	ck_assert(progtype_return_range(&q, &r));
	return r;
}

START_TEST(test_return_ranges)
{
	struct ret_range r;

	r = ret(BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS);
	ck_assert(r.checked);
	ck_assert_int_eq(r.min, 0);
	ck_assert_int_eq(r.max, 1);
	r = ret(BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS);
	ck_assert_int_eq(r.max, 3);
	r = ret(BPF_PROG_TYPE_XDP, 0);
	ck_assert(!r.checked);
	r = ret(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG);
	ck_assert(r.checked);
	ck_assert_int_eq(r.min, 1);
	ck_assert_int_eq(r.max, 1);
	r = ret(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND);
	ck_assert_int_eq(r.max, 3);
	r = ret(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY);
	ck_assert(r.checked);
	ck_assert_int_eq(r.max, 0);
	r = ret(BPF_PROG_TYPE_LSM, BPF_LSM_MAC);
	ck_assert(r.checked && r.check_32bit);
	ck_assert_int_eq(r.min, -4095);
	ck_assert_uint_eq(progtype_lsm_hook_kind("task_free"), RET_HOOK_VOID);
	ck_assert_uint_eq(progtype_lsm_hook_kind("bpf_lsm_sb_delete"), RET_HOOK_VOID);
	ck_assert_uint_eq(progtype_lsm_hook_kind("inode_xattr_skipcap"), RET_HOOK_BOOL);
	ck_assert_uint_eq(progtype_lsm_hook_kind("file_open"), RET_HOOK_INT);
	ck_assert_uint_eq(progtype_lsm_hook_kind(NULL), RET_HOOK_UNKNOWN);
	struct ret_query q = {.prog_type = BPF_PROG_TYPE_MAX};

	ck_assert(!progtype_return_range(&q, &r));
}
END_TEST

START_TEST(test_caps_sizes)
{
	ck_assert_uint_eq(progtype_required_caps(BPF_PROG_TYPE_SOCKET_FILTER), PROGTYPE_CAP_NONE);
	ck_assert(progtype_required_caps(BPF_PROG_TYPE_XDP) & PROGTYPE_CAP_NET_ADMIN);
	ck_assert(progtype_required_caps(BPF_PROG_TYPE_KPROBE) & PROGTYPE_CAP_PERFMON);
	ck_assert_uint_eq(progtype_ctx_size(BPF_PROG_TYPE_SCHED_CLS, 0), 192);
	ck_assert_uint_eq(progtype_ctx_size(BPF_PROG_TYPE_XDP, 0), 24);
	ck_assert_str_eq(progtype_ctx_name(BPF_PROG_TYPE_XDP), "xdp_md");
	ck_assert(!progtype_valid(0));
	ck_assert(progtype_valid(BPF_PROG_TYPE_NETFILTER));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("progtype");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_xdp_ctx);
	tcase_add_test(tc, test_skb_ctx);
	tcase_add_test(tc, test_tracing_ctx);
	tcase_add_test(tc, test_sock_access);
	tcase_add_test(tc, test_other_ctx);
	tcase_add_test(tc, test_pkt_rights);
	tcase_add_test(tc, test_return_ranges);
	tcase_add_test(tc, test_caps_sizes);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
