/* The SEC() naming convention as data: one row per libbpf section definition (libbpf 6.12
 * section_defs[], in the same order, since the first match wins). A pattern ending in '+' matches
 * the name itself or the name followed by "/anything"; one ending in '/' needs a suffix; any other
 * pattern must match exactly. */
#include "secname.h"

#include <string.h>

#define A  SECDEF_ATTACHABLE
#define AO (SECDEF_ATTACHABLE | SECDEF_ATTACH_OPT)
#define B  SECDEF_ATTACH_BTF
#define S  SECDEF_SLEEPABLE
#define F  SECDEF_XDP_FRAGS
#define U  SECDEF_USDT

struct secdef {
	const char *pattern;
	u8 prog_type;
	u8 attach_type;
	u8 flags;
};

#define T(x) BPF_PROG_TYPE_##x

static const struct secdef secdefs[] = {
	{"socket", T(SOCKET_FILTER), 0, 0},
	{"sk_reuseport/migrate", T(SK_REUSEPORT), BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, A},
	{"sk_reuseport", T(SK_REUSEPORT), BPF_SK_REUSEPORT_SELECT, A},
	{"kprobe+", T(KPROBE), 0, 0},
	{"uprobe+", T(KPROBE), 0, 0},
	{"uprobe.s+", T(KPROBE), 0, S},
	{"kretprobe+", T(KPROBE), 0, 0},
	{"uretprobe+", T(KPROBE), 0, 0},
	{"uretprobe.s+", T(KPROBE), 0, S},
	{"kprobe.multi+", T(KPROBE), BPF_TRACE_KPROBE_MULTI, 0},
	{"kretprobe.multi+", T(KPROBE), BPF_TRACE_KPROBE_MULTI, 0},
	{"kprobe.session+", T(KPROBE), BPF_TRACE_KPROBE_SESSION, 0},
	{"uprobe.multi+", T(KPROBE), BPF_TRACE_UPROBE_MULTI, 0},
	{"uretprobe.multi+", T(KPROBE), BPF_TRACE_UPROBE_MULTI, 0},
	{"uprobe.multi.s+", T(KPROBE), BPF_TRACE_UPROBE_MULTI, S},
	{"uretprobe.multi.s+", T(KPROBE), BPF_TRACE_UPROBE_MULTI, S},
	{"ksyscall+", T(KPROBE), 0, 0},
	{"kretsyscall+", T(KPROBE), 0, 0},
	{"usdt+", T(KPROBE), 0, U},
	{"usdt.s+", T(KPROBE), 0, U | S},
	{"tc/ingress", T(SCHED_CLS), BPF_TCX_INGRESS, 0},
	{"tc/egress", T(SCHED_CLS), BPF_TCX_EGRESS, 0},
	{"tcx/ingress", T(SCHED_CLS), BPF_TCX_INGRESS, 0},
	{"tcx/egress", T(SCHED_CLS), BPF_TCX_EGRESS, 0},
	{"tc", T(SCHED_CLS), 0, 0},
	{"classifier", T(SCHED_CLS), 0, 0},
	{"action", T(SCHED_ACT), 0, 0},
	{"netkit/primary", T(SCHED_CLS), BPF_NETKIT_PRIMARY, 0},
	{"netkit/peer", T(SCHED_CLS), BPF_NETKIT_PEER, 0},
	{"tracepoint+", T(TRACEPOINT), 0, 0},
	{"tp+", T(TRACEPOINT), 0, 0},
	{"raw_tracepoint+", T(RAW_TRACEPOINT), 0, 0},
	{"raw_tp+", T(RAW_TRACEPOINT), 0, 0},
	{"raw_tracepoint.w+", T(RAW_TRACEPOINT_WRITABLE), 0, 0},
	{"raw_tp.w+", T(RAW_TRACEPOINT_WRITABLE), 0, 0},
	{"tp_btf+", T(TRACING), BPF_TRACE_RAW_TP, B},
	{"fentry+", T(TRACING), BPF_TRACE_FENTRY, B},
	{"fmod_ret+", T(TRACING), BPF_MODIFY_RETURN, B},
	{"fexit+", T(TRACING), BPF_TRACE_FEXIT, B},
	{"fentry.s+", T(TRACING), BPF_TRACE_FENTRY, B | S},
	{"fmod_ret.s+", T(TRACING), BPF_MODIFY_RETURN, B | S},
	{"fexit.s+", T(TRACING), BPF_TRACE_FEXIT, B | S},
	{"freplace+", T(EXT), 0, B},
	{"lsm+", T(LSM), BPF_LSM_MAC, B},
	{"lsm.s+", T(LSM), BPF_LSM_MAC, B | S},
	{"lsm_cgroup+", T(LSM), BPF_LSM_CGROUP, B},
	{"iter+", T(TRACING), BPF_TRACE_ITER, B},
	{"iter.s+", T(TRACING), BPF_TRACE_ITER, B | S},
	{"syscall", T(SYSCALL), 0, S},
	{"xdp.frags/devmap", T(XDP), BPF_XDP_DEVMAP, F},
	{"xdp/devmap", T(XDP), BPF_XDP_DEVMAP, A},
	{"xdp.frags/cpumap", T(XDP), BPF_XDP_CPUMAP, F},
	{"xdp/cpumap", T(XDP), BPF_XDP_CPUMAP, A},
	{"xdp.frags", T(XDP), BPF_XDP, F},
	{"xdp", T(XDP), BPF_XDP, AO},
	{"perf_event", T(PERF_EVENT), 0, 0},
	{"lwt_in", T(LWT_IN), 0, 0},
	{"lwt_out", T(LWT_OUT), 0, 0},
	{"lwt_xmit", T(LWT_XMIT), 0, 0},
	{"lwt_seg6local", T(LWT_SEG6LOCAL), 0, 0},
	{"sockops", T(SOCK_OPS), BPF_CGROUP_SOCK_OPS, AO},
	{"sk_skb/stream_parser", T(SK_SKB), BPF_SK_SKB_STREAM_PARSER, AO},
	{"sk_skb/stream_verdict", T(SK_SKB), BPF_SK_SKB_STREAM_VERDICT, AO},
	{"sk_skb/verdict", T(SK_SKB), BPF_SK_SKB_VERDICT, AO},
	{"sk_skb", T(SK_SKB), 0, 0},
	{"sk_msg", T(SK_MSG), BPF_SK_MSG_VERDICT, AO},
	{"lirc_mode2", T(LIRC_MODE2), BPF_LIRC_MODE2, AO},
	{"flow_dissector", T(FLOW_DISSECTOR), BPF_FLOW_DISSECTOR, AO},
	{"cgroup_skb/ingress", T(CGROUP_SKB), BPF_CGROUP_INET_INGRESS, AO},
	{"cgroup_skb/egress", T(CGROUP_SKB), BPF_CGROUP_INET_EGRESS, AO},
	{"cgroup/skb", T(CGROUP_SKB), 0, 0},
	{"cgroup/sock_create", T(CGROUP_SOCK), BPF_CGROUP_INET_SOCK_CREATE, A},
	{"cgroup/sock_release", T(CGROUP_SOCK), BPF_CGROUP_INET_SOCK_RELEASE, A},
	{"cgroup/sock", T(CGROUP_SOCK), BPF_CGROUP_INET_SOCK_CREATE, AO},
	{"cgroup/post_bind4", T(CGROUP_SOCK), BPF_CGROUP_INET4_POST_BIND, A},
	{"cgroup/post_bind6", T(CGROUP_SOCK), BPF_CGROUP_INET6_POST_BIND, A},
	{"cgroup/bind4", T(CGROUP_SOCK_ADDR), BPF_CGROUP_INET4_BIND, A},
	{"cgroup/bind6", T(CGROUP_SOCK_ADDR), BPF_CGROUP_INET6_BIND, A},
	{"cgroup/connect4", T(CGROUP_SOCK_ADDR), BPF_CGROUP_INET4_CONNECT, A},
	{"cgroup/connect6", T(CGROUP_SOCK_ADDR), BPF_CGROUP_INET6_CONNECT, A},
	{"cgroup/connect_unix", T(CGROUP_SOCK_ADDR), BPF_CGROUP_UNIX_CONNECT, A},
	{"cgroup/sendmsg4", T(CGROUP_SOCK_ADDR), BPF_CGROUP_UDP4_SENDMSG, A},
	{"cgroup/sendmsg6", T(CGROUP_SOCK_ADDR), BPF_CGROUP_UDP6_SENDMSG, A},
	{"cgroup/sendmsg_unix", T(CGROUP_SOCK_ADDR), BPF_CGROUP_UNIX_SENDMSG, A},
	{"cgroup/recvmsg4", T(CGROUP_SOCK_ADDR), BPF_CGROUP_UDP4_RECVMSG, A},
	{"cgroup/recvmsg6", T(CGROUP_SOCK_ADDR), BPF_CGROUP_UDP6_RECVMSG, A},
	{"cgroup/recvmsg_unix", T(CGROUP_SOCK_ADDR), BPF_CGROUP_UNIX_RECVMSG, A},
	{"cgroup/getpeername4", T(CGROUP_SOCK_ADDR), BPF_CGROUP_INET4_GETPEERNAME, A},
	{"cgroup/getpeername6", T(CGROUP_SOCK_ADDR), BPF_CGROUP_INET6_GETPEERNAME, A},
	{"cgroup/getpeername_unix", T(CGROUP_SOCK_ADDR), BPF_CGROUP_UNIX_GETPEERNAME, A},
	{"cgroup/getsockname4", T(CGROUP_SOCK_ADDR), BPF_CGROUP_INET4_GETSOCKNAME, A},
	{"cgroup/getsockname6", T(CGROUP_SOCK_ADDR), BPF_CGROUP_INET6_GETSOCKNAME, A},
	{"cgroup/getsockname_unix", T(CGROUP_SOCK_ADDR), BPF_CGROUP_UNIX_GETSOCKNAME, A},
	{"cgroup/sysctl", T(CGROUP_SYSCTL), BPF_CGROUP_SYSCTL, A},
	{"cgroup/getsockopt", T(CGROUP_SOCKOPT), BPF_CGROUP_GETSOCKOPT, A},
	{"cgroup/setsockopt", T(CGROUP_SOCKOPT), BPF_CGROUP_SETSOCKOPT, A},
	{"cgroup/dev", T(CGROUP_DEVICE), BPF_CGROUP_DEVICE, AO},
	{"struct_ops+", T(STRUCT_OPS), 0, 0},
	{"struct_ops.s+", T(STRUCT_OPS), 0, S},
	{"sk_lookup", T(SK_LOOKUP), BPF_SK_LOOKUP, A},
	{"netfilter", T(NETFILTER), BPF_NETFILTER, 0},
};

static bool secdef_matches(const char *pattern, const char *name)
{
	size_t len = strlen(pattern);

	if (pattern[len - 1] == '/')
		return strncmp(name, pattern, len) == 0;
	if (pattern[len - 1] == '+') {
		len--;
		return strncmp(name, pattern, len) == 0 && (name[len] == '\0' || name[len] == '/');
	}
	return strcmp(name, pattern) == 0;
}

bool secname_lookup(const char *sec, struct secname_info *info)
{
	const char *slash;

	memset(info, 0, sizeof(*info));
	info->autoload = true;
	if (sec[0] == '?') {
		/* libbpf: "?" only disables autoload; the rest is an ordinary section name */
		info->autoload = false;
		sec++;
	}
	info->name = sec;
	slash = strchr(sec, '/');
	info->target = slash ? slash + 1 : NULL;
	for (size_t i = 0; i < ARRAY_SIZE(secdefs); i++) {
		const struct secdef *d = &secdefs[i];

		if (!secdef_matches(d->pattern, sec))
			continue;
		info->pattern = d->pattern;
		info->prog_type = d->prog_type;
		info->attach_type = d->attach_type;
		info->def_flags = d->flags;
		if (d->flags & S)
			info->prog_flags |= BPF_F_SLEEPABLE;
		if ((d->flags & F) && d->prog_type == BPF_PROG_TYPE_XDP)
			info->prog_flags |= BPF_F_XDP_HAS_FRAGS;
		/* libbpf switches usdt programs to uprobe.multi links on kernels that have them */
		if (d->flags & U)
			info->attach_type = BPF_TRACE_UPROBE_MULTI;
		return true;
	}
	return false;
}
