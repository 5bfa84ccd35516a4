/* Unit tests of the SEC() name table (frontends/secname.c) against libbpf's conventions. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "secname.h"

struct case_ {
	const char *sec;
	bool known;
	u32 type;
	u32 attach;
	u32 flags;
	const char *target;
};

static const struct case_ cases[] = {
	{"socket", true, BPF_PROG_TYPE_SOCKET_FILTER, 0, 0, NULL},
	{"socket/x", false, 0, 0, 0, NULL}, /* exact-match entries take no suffix */
	{"xdp", true, BPF_PROG_TYPE_XDP, BPF_XDP, 0, NULL},
	{"xdp.frags", true, BPF_PROG_TYPE_XDP, BPF_XDP, BPF_F_XDP_HAS_FRAGS, NULL},
	{"xdp.frags/devmap", true, BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, BPF_F_XDP_HAS_FRAGS,
	 "devmap"},
	{"xdp/cpumap", true, BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, 0, "cpumap"},
	{"tc", true, BPF_PROG_TYPE_SCHED_CLS, 0, 0, NULL},
	{"tc/ingress", true, BPF_PROG_TYPE_SCHED_CLS, BPF_TCX_INGRESS, 0, "ingress"},
	{"classifier", true, BPF_PROG_TYPE_SCHED_CLS, 0, 0, NULL},
	{"action", true, BPF_PROG_TYPE_SCHED_ACT, 0, 0, NULL},
	{"kprobe/do_sys_open", true, BPF_PROG_TYPE_KPROBE, 0, 0, "do_sys_open"},
	{"kprobe", true, BPF_PROG_TYPE_KPROBE, 0, 0, NULL},
	{"kprobex", false, 0, 0, 0, NULL},
	{"kprobe.multi/foo*", true, BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, 0, "foo*"},
	{"uprobe.s/lib:fn", true, BPF_PROG_TYPE_KPROBE, 0, BPF_F_SLEEPABLE, "lib:fn"},
	{"tp/syscalls/sys_enter_x", true, BPF_PROG_TYPE_TRACEPOINT, 0, 0, "syscalls/sys_enter_x"},
	{"tracepoint/a/b", true, BPF_PROG_TYPE_TRACEPOINT, 0, 0, "a/b"},
	{"raw_tp/sys_enter", true, BPF_PROG_TYPE_RAW_TRACEPOINT, 0, 0, "sys_enter"},
	{"raw_tp.w/x", true, BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, 0, "x"},
	{"tp_btf/sched_switch", true, BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, 0, "sched_switch"},
	{"fentry/f", true, BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, 0, "f"},
	{"fentry.s/f", true, BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, BPF_F_SLEEPABLE, "f"},
	{"fexit/f", true, BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, 0, "f"},
	{"fmod_ret/f", true, BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, 0, "f"},
	{"freplace/g", true, BPF_PROG_TYPE_EXT, 0, 0, "g"},
	{"lsm/file_open", true, BPF_PROG_TYPE_LSM, BPF_LSM_MAC, 0, "file_open"},
	{"lsm.s/bprm", true, BPF_PROG_TYPE_LSM, BPF_LSM_MAC, BPF_F_SLEEPABLE, "bprm"},
	{"lsm_cgroup/x", true, BPF_PROG_TYPE_LSM, BPF_LSM_CGROUP, 0, "x"},
	{"iter/task", true, BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, 0, "task"},
	{"iter.s/bpf_map", true, BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, BPF_F_SLEEPABLE, "bpf_map"},
	{"syscall", true, BPF_PROG_TYPE_SYSCALL, 0, BPF_F_SLEEPABLE, NULL},
	{"struct_ops/test_1", true, BPF_PROG_TYPE_STRUCT_OPS, 0, 0, "test_1"},
	{"struct_ops.s/x", true, BPF_PROG_TYPE_STRUCT_OPS, 0, BPF_F_SLEEPABLE, "x"},
	{"cgroup/skb", true, BPF_PROG_TYPE_CGROUP_SKB, 0, 0, "skb"},
	{"cgroup_skb/egress", true, BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS, 0, "egress"},
	{"cgroup/sock", true, BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, 0, "sock"},
	{"cgroup/connect4", true, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, 0,
	 "connect4"},
	{"cgroup/getsockopt", true, BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, 0,
	 "getsockopt"},
	{"cgroup/dev", true, BPF_PROG_TYPE_CGROUP_DEVICE, BPF_CGROUP_DEVICE, 0, "dev"},
	{"sockops", true, BPF_PROG_TYPE_SOCK_OPS, BPF_CGROUP_SOCK_OPS, 0, NULL},
	{"sk_skb/stream_parser", true, BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_PARSER, 0,
	 "stream_parser"},
	{"sk_skb", true, BPF_PROG_TYPE_SK_SKB, 0, 0, NULL},
	{"sk_msg", true, BPF_PROG_TYPE_SK_MSG, BPF_SK_MSG_VERDICT, 0, NULL},
	{"sk_reuseport/migrate", true, BPF_PROG_TYPE_SK_REUSEPORT,
	 BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, 0, "migrate"},
	{"sk_lookup", true, BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, 0, NULL},
	{"flow_dissector", true, BPF_PROG_TYPE_FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, 0, NULL},
	{"lwt_xmit", true, BPF_PROG_TYPE_LWT_XMIT, 0, 0, NULL},
	{"perf_event", true, BPF_PROG_TYPE_PERF_EVENT, 0, 0, NULL},
	{"netfilter", true, BPF_PROG_TYPE_NETFILTER, BPF_NETFILTER, 0, NULL},
	{"usdt/lib:p:n", true, BPF_PROG_TYPE_KPROBE, BPF_TRACE_UPROBE_MULTI, 0, "lib:p:n"},
	{"netkit/peer", true, BPF_PROG_TYPE_SCHED_CLS, BPF_NETKIT_PEER, 0, "peer"},
	{"?tc", true, BPF_PROG_TYPE_SCHED_CLS, 0, 0, NULL},
	{"mysection", false, 0, 0, 0, NULL},
	{"", false, 0, 0, 0, NULL},
};

START_TEST(table_cases)
{
	const struct case_ *c = &cases[_i];
	struct secname_info si;
	bool known = secname_lookup(c->sec, &si);

	ck_assert_msg(known == c->known, "%s: known %d", c->sec, known);
	ck_assert_msg(si.prog_type == c->type, "%s: type %u", c->sec, si.prog_type);
	ck_assert_msg(si.attach_type == c->attach, "%s: attach %u", c->sec, si.attach_type);
	ck_assert_msg(si.prog_flags == c->flags, "%s: flags %u", c->sec, si.prog_flags);
	if (c->target)
		ck_assert_str_eq(si.target, c->target);
	else if (known)
		ck_assert_msg(si.target == NULL, "%s: target %s", c->sec, si.target);
	ck_assert_int_eq(si.autoload, c->sec[0] != '?');
	ck_assert_str_eq(si.name, c->sec[0] == '?' ? c->sec + 1 : c->sec);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("secname");
	TCase *t = tcase_create("table");

	tcase_add_loop_test(t, table_cases, 0, sizeof(cases) / sizeof(cases[0]));
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(suite());
	int failed;

	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
