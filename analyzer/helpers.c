/* Helper prototypes and their availability. The data lives in three tables: helpers_ids.inc
 * (ids and names), helpers_table.inc (every prototype object of the kernel, in our format) and
 * helpers_avail.inc (which ids each program type may call). This file answers the engine's
 * questions from them: which prototype a program of a given type gets for a call (the kernel's
 * get_func_proto() chain, including the per-type variants of one helper), whether a map type fits
 * a helper (check_map_func_compatibility()), and the few per-helper facts the verifier hard-codes
 * by id. Everything is constant data: no state, no allocation. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_defs.h"
#include "helpers.h"

enum helper_id {
	BPF_FUNC_unspec = 0,
#define HID(n, i) BPF_FUNC_##n = i,
#include "helpers_ids.inc"
#undef HID
};

static const char *const func_names[HELPER_ID_MAX + 1] = {
#define HID(n, i) [i] = "bpf_" #n,
#include "helpers_ids.inc"
#undef HID
};

#define H(n) .func_id = BPF_FUNC_##n, .name = "bpf_" #n
static const struct helper_proto protos[] = {
#include "helpers_table.inc"
	/* 6.18 additions (not in the 6.12 source): measured on the live kernel */
	{.proto = "bpf_get_netns_cookie_proto",
	 H(get_netns_cookie),
	 .ret_type = RET_INTEGER,
	 .arg_type = {ARG_PTR_TO_CTX_OR_NULL}},
	/* drivers/media/rc/bpf-lirc.c (not in the extracted source tree; lirc_mode2 programs) */
	{.proto = "rc_repeat_proto",
	 H(rc_repeat),
	 .ret_type = RET_INTEGER,
	 .gpl_only = true,
	 .arg_type = {ARG_PTR_TO_CTX}},
	{.proto = "rc_keydown_proto",
	 H(rc_keydown),
	 .ret_type = RET_INTEGER,
	 .gpl_only = true,
	 .arg_type = {ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING}},
	{.proto = "rc_pointer_rel_proto",
	 H(rc_pointer_rel),
	 .ret_type = RET_INTEGER,
	 .gpl_only = true,
	 .arg_type = {ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING}},
};
#undef H

/* Availability sets, sorted by id (helpers_avail.inc lists them in id order). */
#define ATTACH_ANY		0xffffffffu
#define F(n)			BPF_FUNC_##n,
#define AVAIL(pt, at, set, ...) static const u8 set[] = {__VA_ARGS__};
#include "helpers_avail.inc"
#undef AVAIL

struct avail_row {
	u32 prog_type;
	u32 attach_type;
	const u8 *ids;
	u32 cnt;
};

static const struct avail_row avail_rows[] = {
#define AVAIL(pt, at, set, ...) {BPF_PROG_TYPE_##pt, at, set, ARRAY_SIZE(set)},
#include "helpers_avail.inc"
#undef AVAIL
};
#undef F

bool helper_id_valid(u32 func_id)
{
	return func_id >= 1 && func_id <= HELPER_ID_MAX;
}

const char *helper_func_name(u32 func_id)
{
	return helper_id_valid(func_id) ? func_names[func_id] : NULL;
}

const struct helper_proto *helper_table(u32 *cnt)
{
	*cnt = ARRAY_SIZE(protos);
	return protos;
}

static const struct helper_proto *proto_by_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(protos); i++)
		if (!strcmp(protos[i].proto, name))
			return &protos[i];
	return NULL;
}

static bool set_has(const u8 *ids, u32 cnt, u32 func_id)
{
	u32 lo = 0, hi = cnt;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (ids[mid] == func_id)
			return true;
		if (ids[mid] < func_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static bool in_list(u32 v, const u32 *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == v)
			return true;
	return false;
}
#define IN(v, ...)                                                                                 \
	in_list((v), (const u32[]){__VA_ARGS__}, ARRAY_SIZE(((const u32[]){__VA_ARGS__})))

/* bpf_base_func_proto() offers these only with CAP_BPF (6.12 list; the helpers 6.18 moved into
 * the base set that need no CAP_PERFMON are assumed to be behind CAP_BPF too: unprivileged
 * loading is disabled on the reference machine, so this part is not measured) ... */
static const u32 base_cap_bpf[] = {
	BPF_FUNC_spin_lock,
	BPF_FUNC_spin_unlock,
	BPF_FUNC_jiffies64,
	BPF_FUNC_per_cpu_ptr,
	BPF_FUNC_this_cpu_ptr,
	BPF_FUNC_timer_init,
	BPF_FUNC_timer_set_callback,
	BPF_FUNC_timer_start,
	BPF_FUNC_timer_cancel,
	BPF_FUNC_kptr_xchg,
	BPF_FUNC_for_each_map_elem,
	BPF_FUNC_loop,
	BPF_FUNC_user_ringbuf_drain,
	BPF_FUNC_ringbuf_reserve_dynptr,
	BPF_FUNC_ringbuf_submit_dynptr,
	BPF_FUNC_ringbuf_discard_dynptr,
	BPF_FUNC_dynptr_from_mem,
	BPF_FUNC_dynptr_read,
	BPF_FUNC_dynptr_write,
	BPF_FUNC_dynptr_data,
	BPF_FUNC_cgrp_storage_get,
	BPF_FUNC_cgrp_storage_delete,
	BPF_FUNC_get_current_cgroup_id,
	BPF_FUNC_get_current_ancestor_cgroup_id,
	BPF_FUNC_get_current_uid_gid,
	BPF_FUNC_current_task_under_cgroup,
	BPF_FUNC_task_storage_get,
	BPF_FUNC_task_storage_delete,
	BPF_FUNC_get_cgroup_classid,
	BPF_FUNC_sock_from_file,
};
/* ... and these only with CAP_PERFMON: measured on 6.18 by loading socket_filter, tc, xdp and
 * cgroup_skb programs with CAP_BPF + CAP_NET_ADMIN only (28 helpers, identical for the four). */
static const u32 base_cap_perfmon[] = {
	BPF_FUNC_trace_printk,
	BPF_FUNC_get_current_comm,
	BPF_FUNC_perf_event_read,
	BPF_FUNC_get_current_task,
	BPF_FUNC_perf_event_read_value,
	BPF_FUNC_send_signal,
	BPF_FUNC_probe_read_user,
	BPF_FUNC_probe_read_kernel,
	BPF_FUNC_probe_read_user_str,
	BPF_FUNC_probe_read_kernel_str,
	BPF_FUNC_send_signal_thread,
	BPF_FUNC_skc_to_tcp6_sock,
	BPF_FUNC_skc_to_tcp_sock,
	BPF_FUNC_skc_to_tcp_timewait_sock,
	BPF_FUNC_skc_to_tcp_request_sock,
	BPF_FUNC_skc_to_udp6_sock,
	BPF_FUNC_get_task_stack,
	BPF_FUNC_copy_from_user,
	BPF_FUNC_snprintf_btf,
	BPF_FUNC_get_current_task_btf,
	BPF_FUNC_snprintf,
	BPF_FUNC_task_pt_regs,
	BPF_FUNC_get_branch_snapshot,
	BPF_FUNC_trace_vprintk,
	BPF_FUNC_skc_to_unix_sock,
	BPF_FUNC_find_vma,
	BPF_FUNC_copy_from_user_task,
	BPF_FUNC_skc_to_mptcp_sock,
};

static bool is_tracing_type(u32 prog_type)
{
	return IN(prog_type, BPF_PROG_TYPE_TRACING, BPF_PROG_TYPE_LSM);
}

/* Which prototype object a program type gets for func_id: the per-type variants of the kernel's
 * get_func_proto() functions (filter.c, bpf_trace.c, cgroup.c, bpf_lsm.c, 6.12 + 6.18). */
static const char *variant(u32 func_id, u32 pt, u32 at, const struct helper_ctx *hc)
{
	bool skb_type = IN(pt, BPF_PROG_TYPE_SOCKET_FILTER, BPF_PROG_TYPE_SCHED_CLS,
			   BPF_PROG_TYPE_SCHED_ACT, BPF_PROG_TYPE_CGROUP_SKB, BPF_PROG_TYPE_LWT_IN,
			   BPF_PROG_TYPE_LWT_OUT, BPF_PROG_TYPE_LWT_XMIT,
			   BPF_PROG_TYPE_LWT_SEG6LOCAL, BPF_PROG_TYPE_SK_SKB);

	switch (func_id) {
	case BPF_FUNC_check_mtu:
		return pt == BPF_PROG_TYPE_XDP ? "bpf_xdp_check_mtu_proto"
					       : "bpf_skb_check_mtu_proto";
	case BPF_FUNC_fib_lookup:
		return pt == BPF_PROG_TYPE_XDP ? "bpf_xdp_fib_lookup_proto"
					       : "bpf_skb_fib_lookup_proto";
	case BPF_FUNC_redirect:
		return pt == BPF_PROG_TYPE_XDP ? "bpf_xdp_redirect_proto" : "bpf_redirect_proto";
	case BPF_FUNC_redirect_map:
		return "bpf_xdp_redirect_map_proto";
	case BPF_FUNC_sk_lookup_tcp:
	case BPF_FUNC_sk_lookup_udp:
	case BPF_FUNC_skc_lookup_tcp: {
		static const char *const tc[] = {"bpf_tc_sk_lookup_tcp_proto",
						 "bpf_tc_sk_lookup_udp_proto",
						 "bpf_tc_skc_lookup_tcp_proto"};
		static const char *const xdp[] = {"bpf_xdp_sk_lookup_tcp_proto",
						  "bpf_xdp_sk_lookup_udp_proto",
						  "bpf_xdp_skc_lookup_tcp_proto"};
		static const char *const sa[] = {"bpf_sock_addr_sk_lookup_tcp_proto",
						 "bpf_sock_addr_sk_lookup_udp_proto",
						 "bpf_sock_addr_skc_lookup_tcp_proto"};
		static const char *const gen[] = {"bpf_sk_lookup_tcp_proto",
						  "bpf_sk_lookup_udp_proto",
						  "bpf_skc_lookup_tcp_proto"};
		int k = func_id == BPF_FUNC_sk_lookup_tcp   ? 0
			: func_id == BPF_FUNC_sk_lookup_udp ? 1
							    : 2;

		if (IN(pt, BPF_PROG_TYPE_SCHED_CLS, BPF_PROG_TYPE_SCHED_ACT))
			return tc[k];
		if (pt == BPF_PROG_TYPE_XDP)
			return xdp[k];
		if (pt == BPF_PROG_TYPE_CGROUP_SOCK_ADDR)
			return sa[k];
		return gen[k];
	}
	case BPF_FUNC_get_attach_cookie:
		if (pt == BPF_PROG_TYPE_KPROBE) {
			if (at == BPF_TRACE_KPROBE_MULTI || at == BPF_TRACE_KPROBE_SESSION)
				return "bpf_get_attach_cookie_proto_kmulti";
			if (at == BPF_TRACE_UPROBE_MULTI)
				return "bpf_get_attach_cookie_proto_umulti";
			return "bpf_get_attach_cookie_proto";
		}
		if (IN(pt, BPF_PROG_TYPE_TRACEPOINT, BPF_PROG_TYPE_RAW_TRACEPOINT,
		       BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE))
			return "bpf_get_attach_cookie_proto_trace";
		if (pt == BPF_PROG_TYPE_PERF_EVENT)
			return "bpf_get_attach_cookie_proto_pe";
		if (pt == BPF_PROG_TYPE_LSM)
			return "bpf_get_attach_cookie_proto";
		return "bpf_get_attach_cookie_proto_tracing";
	case BPF_FUNC_get_cgroup_classid:
		/* the skb variant only for tc and lwt (measured on 6.18) */
		return IN(pt, BPF_PROG_TYPE_SCHED_CLS, BPF_PROG_TYPE_SCHED_ACT,
			  BPF_PROG_TYPE_LWT_IN, BPF_PROG_TYPE_LWT_OUT, BPF_PROG_TYPE_LWT_XMIT,
			  BPF_PROG_TYPE_LWT_SEG6LOCAL)
			       ? "bpf_get_cgroup_classid_proto"
			       : "bpf_get_cgroup_classid_curr_proto";
	case BPF_FUNC_get_func_ip:
		if (pt == BPF_PROG_TYPE_KPROBE) {
			if (at == BPF_TRACE_KPROBE_MULTI || at == BPF_TRACE_KPROBE_SESSION)
				return "bpf_get_func_ip_proto_kprobe_multi";
			if (at == BPF_TRACE_UPROBE_MULTI)
				return "bpf_get_func_ip_proto_uprobe_multi";
			return "bpf_get_func_ip_proto_kprobe";
		}
		return "bpf_get_func_ip_proto_tracing";
	case BPF_FUNC_get_netns_cookie:
		switch (pt) {
		case BPF_PROG_TYPE_SK_MSG:
			return "bpf_get_netns_cookie_sk_msg_proto";
		case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
			return "bpf_get_netns_cookie_sock_addr_proto";
		case BPF_PROG_TYPE_SOCK_OPS:
			return "bpf_get_netns_cookie_sock_ops_proto";
		case BPF_PROG_TYPE_CGROUP_SOCK:
			return "bpf_get_netns_cookie_sock_proto";
		case BPF_PROG_TYPE_CGROUP_SOCKOPT:
			return "bpf_get_netns_cookie_sockopt_proto";
		default:
			return "bpf_get_netns_cookie_proto";
		}
	case BPF_FUNC_get_smp_processor_id:
		return IN(pt, BPF_PROG_TYPE_KPROBE, BPF_PROG_TYPE_TRACEPOINT,
			  BPF_PROG_TYPE_PERF_EVENT, BPF_PROG_TYPE_RAW_TRACEPOINT,
			  BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, BPF_PROG_TYPE_TRACING,
			  BPF_PROG_TYPE_LSM)
			       ? "bpf_get_raw_smp_processor_id_proto"
			       : "bpf_get_smp_processor_id_proto";
	case BPF_FUNC_get_socket_cookie:
		switch (pt) {
		case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
			return "bpf_get_socket_cookie_sock_addr_proto";
		case BPF_PROG_TYPE_SOCK_OPS:
			return "bpf_get_socket_cookie_sock_ops_proto";
		case BPF_PROG_TYPE_CGROUP_SOCK:
			return "bpf_get_socket_cookie_sock_proto";
		case BPF_PROG_TYPE_TRACING:
		case BPF_PROG_TYPE_LSM:
		case BPF_PROG_TYPE_STRUCT_OPS:
		case BPF_PROG_TYPE_SK_REUSEPORT: /* sk_reuseport_func_proto() */
			return "bpf_get_socket_ptr_cookie_proto";
		default:
			return "bpf_get_socket_cookie_proto";
		}
	case BPF_FUNC_get_stack:
		if (pt == BPF_PROG_TYPE_TRACEPOINT)
			return "bpf_get_stack_proto_tp";
		if (IN(pt, BPF_PROG_TYPE_RAW_TRACEPOINT, BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE) ||
		    (pt == BPF_PROG_TYPE_TRACING && at == BPF_TRACE_RAW_TP))
			return "bpf_get_stack_proto_raw_tp";
		if (pt == BPF_PROG_TYPE_PERF_EVENT)
			return "bpf_get_stack_proto_pe";
		return hc->sleepable ? "bpf_get_stack_sleepable_proto" : "bpf_get_stack_proto";
	case BPF_FUNC_get_stackid:
		if (pt == BPF_PROG_TYPE_TRACEPOINT)
			return "bpf_get_stackid_proto_tp";
		if (IN(pt, BPF_PROG_TYPE_RAW_TRACEPOINT, BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE) ||
		    (pt == BPF_PROG_TYPE_TRACING && at == BPF_TRACE_RAW_TP))
			return "bpf_get_stackid_proto_raw_tp";
		if (pt == BPF_PROG_TYPE_PERF_EVENT)
			return "bpf_get_stackid_proto_pe";
		return "bpf_get_stackid_proto";
	case BPF_FUNC_get_task_stack:
		return hc->sleepable ? "bpf_get_task_stack_sleepable_proto"
				     : "bpf_get_task_stack_proto";
	case BPF_FUNC_getsockopt:
	case BPF_FUNC_setsockopt: {
		bool get = func_id == BPF_FUNC_getsockopt;

		if (pt == BPF_PROG_TYPE_SOCK_OPS)
			return get ? "bpf_sock_ops_getsockopt_proto"
				   : "bpf_sock_ops_setsockopt_proto";
		if (pt == BPF_PROG_TYPE_CGROUP_SOCK_ADDR)
			return get ? "bpf_sock_addr_getsockopt_proto"
				   : "bpf_sock_addr_setsockopt_proto";
		return get ? "bpf_sk_getsockopt_proto" : "bpf_sk_setsockopt_proto";
	}
	case BPF_FUNC_lwt_push_encap:
		return pt == BPF_PROG_TYPE_LWT_IN ? "bpf_lwt_in_push_encap_proto"
						  : "bpf_lwt_xmit_push_encap_proto";
	case BPF_FUNC_perf_event_output:
		switch (pt) {
		case BPF_PROG_TYPE_KPROBE:
			return "bpf_perf_event_output_proto";
		case BPF_PROG_TYPE_TRACEPOINT:
		case BPF_PROG_TYPE_PERF_EVENT:
			return "bpf_perf_event_output_proto_tp";
		case BPF_PROG_TYPE_RAW_TRACEPOINT:
		case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		case BPF_PROG_TYPE_TRACING:
		case BPF_PROG_TYPE_LSM:
			return "bpf_perf_event_output_proto_raw_tp";
		case BPF_PROG_TYPE_XDP:
			return "bpf_xdp_event_output_proto";
		default:
			return skb_type || pt == BPF_PROG_TYPE_FLOW_DISSECTOR
				       ? "bpf_skb_event_output_proto"
				       : "bpf_event_output_data_proto";
		}
	case BPF_FUNC_sk_assign:
		return pt == BPF_PROG_TYPE_SK_LOOKUP ? "bpf_sk_lookup_assign_proto"
						     : "bpf_sk_assign_proto";
	case BPF_FUNC_sk_storage_get:
		if (pt == BPF_PROG_TYPE_TRACING)
			return "bpf_sk_storage_get_tracing_proto";
		if (pt == BPF_PROG_TYPE_CGROUP_SOCK)
			return "bpf_sk_storage_get_cg_sock_proto";
		return "bpf_sk_storage_get_proto";
	case BPF_FUNC_sk_storage_delete:
		return pt == BPF_PROG_TYPE_TRACING ? "bpf_sk_storage_delete_tracing_proto"
						   : "bpf_sk_storage_delete_proto";
	case BPF_FUNC_skb_adjust_room:
		return pt == BPF_PROG_TYPE_SK_SKB ? "sk_skb_adjust_room_proto"
						  : "bpf_skb_adjust_room_proto";
	case BPF_FUNC_skb_change_head:
		return pt == BPF_PROG_TYPE_SK_SKB ? "sk_skb_change_head_proto"
						  : "bpf_skb_change_head_proto";
	case BPF_FUNC_skb_change_tail:
		return pt == BPF_PROG_TYPE_SK_SKB ? "sk_skb_change_tail_proto"
						  : "bpf_skb_change_tail_proto";
	case BPF_FUNC_skb_pull_data:
		return pt == BPF_PROG_TYPE_SK_SKB ? "sk_skb_pull_data_proto"
						  : "bpf_skb_pull_data_proto";
	case BPF_FUNC_skb_load_bytes:
		if (pt == BPF_PROG_TYPE_FLOW_DISSECTOR)
			return "bpf_flow_dissector_load_bytes_proto";
		if (pt == BPF_PROG_TYPE_SK_REUSEPORT)
			return "sk_reuseport_load_bytes_proto";
		return "bpf_skb_load_bytes_proto";
	case BPF_FUNC_skb_load_bytes_relative:
		return pt == BPF_PROG_TYPE_SK_REUSEPORT ? "sk_reuseport_load_bytes_relative_proto"
							: "bpf_skb_load_bytes_relative_proto";
	case BPF_FUNC_task_storage_get:
	case BPF_FUNC_task_storage_delete: {
		/* bpf_prog_check_recur(): tracing programs other than iterators */
		bool recur = pt == BPF_PROG_TYPE_TRACING && at != BPF_TRACE_ITER;

		if (func_id == BPF_FUNC_task_storage_get)
			return recur ? "bpf_task_storage_get_recur_proto"
				     : "bpf_task_storage_get_proto";
		return recur ? "bpf_task_storage_delete_recur_proto"
			     : "bpf_task_storage_delete_proto";
	}
	case BPF_FUNC_xdp_get_buff_len:
		return is_tracing_type(pt) ? "bpf_xdp_get_buff_len_trace_proto"
					   : "bpf_xdp_get_buff_len_proto";
	default:
		return NULL;
	}
}

/* Conditions of the get_func_proto() functions that the measured sets cannot express. */
static bool condition_ok(u32 func_id, u32 pt, u32 at, const struct helper_ctx *hc)
{
	/* an unprivileged loader has neither CAP_BPF nor CAP_PERFMON */
	if (hc->unpriv && (in_list(func_id, base_cap_bpf, ARRAY_SIZE(base_cap_bpf)) ||
			   in_list(func_id, base_cap_perfmon, ARRAY_SIZE(base_cap_perfmon))))
		return false;
	switch (pt) {
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		/* sock_addr_func_proto(): bind only from connect hooks; retval helpers only where
		 * the hook can fail (measured on 6.18) */
		if (func_id == BPF_FUNC_bind)
			return IN(at, BPF_CGROUP_INET4_CONNECT, BPF_CGROUP_INET6_CONNECT);
		if (func_id == BPF_FUNC_get_retval || func_id == BPF_FUNC_set_retval)
			return IN(at, BPF_CGROUP_INET4_BIND, BPF_CGROUP_INET6_BIND,
				  BPF_CGROUP_INET4_CONNECT, BPF_CGROUP_INET6_CONNECT,
				  BPF_CGROUP_UDP4_SENDMSG, BPF_CGROUP_UDP6_SENDMSG,
				  BPF_CGROUP_UNIX_CONNECT, BPF_CGROUP_UNIX_SENDMSG);
		break;
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		if (func_id == BPF_FUNC_setsockopt || func_id == BPF_FUNC_getsockopt)
			return at == BPF_CGROUP_SETSOCKOPT;
		break;
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_TRACING:
		break;
	default:
		break;
	}
	return true;
}

static const struct avail_row *find_row(u32 pt, u32 at)
{
	for (size_t i = 0; i < ARRAY_SIZE(avail_rows); i++)
		if (avail_rows[i].prog_type == pt &&
		    (avail_rows[i].attach_type == ATTACH_ANY || avail_rows[i].attach_type == at))
			return &avail_rows[i];
	return NULL;
}

/* Iterators on tcp and unix sockets: bpf_iter_tcp/unix_get_func_proto() add the socket option
 * helpers (bpf_sk_setsockopt_proto / bpf_sk_getsockopt_proto) to the tracing set. */
static bool iter_sockopt_extra(u32 func_id, u32 prog_type, u32 attach_type, const char *target)
{
	return prog_type == BPF_PROG_TYPE_TRACING && attach_type == BPF_TRACE_ITER && target &&
	       (!strcmp(target, "tcp") || !strcmp(target, "unix")) &&
	       IN(func_id, BPF_FUNC_setsockopt, BPF_FUNC_getsockopt);
}

/* struct_ops for tcp_congestion_ops: bpf_tcp_ca_get_func_proto() adds these to the base set
 * (the socket option helpers not to release()). */
static bool tcp_ca_extra(u32 func_id)
{
	return IN(func_id, BPF_FUNC_tcp_send_ack, BPF_FUNC_sk_storage_get,
		  BPF_FUNC_sk_storage_delete, BPF_FUNC_setsockopt, BPF_FUNC_getsockopt,
		  BPF_FUNC_ktime_get_coarse_ns);
}

const struct helper_proto *helper_proto_get(u32 func_id, u32 prog_type, u32 attach_type,
					    const struct helper_ctx *hc)
{
	static const struct helper_ctx defaults;
	const struct avail_row *row;
	const char *name;

	if (!hc)
		hc = &defaults;
	if (!helper_id_valid(func_id))
		return NULL;
	row = find_row(prog_type, attach_type);
	if (!row)
		return NULL;
	if (!set_has(row->ids, row->cnt, func_id) &&
	    !(prog_type == BPF_PROG_TYPE_STRUCT_OPS &&
	      hc->struct_ops_family == STRUCT_OPS_TCP_CONGESTION && tcp_ca_extra(func_id) &&
	      !(IN(func_id, BPF_FUNC_setsockopt, BPF_FUNC_getsockopt) && hc->attach_func &&
		!strcmp(hc->attach_func, "tcp_congestion_ops:release"))) &&
	    !iter_sockopt_extra(func_id, prog_type, attach_type, hc->attach_func))
		return NULL;
	if (!condition_ok(func_id, prog_type, attach_type, hc))
		return NULL;
	name = variant(func_id, prog_type, attach_type, hc);
	if (name)
		return proto_by_name(name);
	/* the single (or default) prototype: the first entry with this id named bpf_<name>_proto,
	 * else the first entry with this id */
	const struct helper_proto *first = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(protos); i++) {
		if (protos[i].func_id != func_id)
			continue;
		if (!first)
			first = &protos[i];
		size_t n = strlen(protos[i].name);

		if (!strncmp(protos[i].proto, protos[i].name, n) &&
		    !strcmp(protos[i].proto + n, "_proto"))
			return &protos[i];
	}
	return first;
}

/* check_map_func_compatibility(), map side: map types restricted to a list of helpers. */
struct map_rule {
	u32 map_type;
	u32 funcs[8];
};
static const struct map_rule map_rules[] = {
	{BPF_MAP_TYPE_PROG_ARRAY, {BPF_FUNC_tail_call}},
	{BPF_MAP_TYPE_PERF_EVENT_ARRAY,
	 {BPF_FUNC_perf_event_read, BPF_FUNC_perf_event_output, BPF_FUNC_skb_output,
	  BPF_FUNC_perf_event_read_value, BPF_FUNC_xdp_output}},
	{BPF_MAP_TYPE_RINGBUF,
	 {BPF_FUNC_ringbuf_output, BPF_FUNC_ringbuf_reserve, BPF_FUNC_ringbuf_query,
	  BPF_FUNC_ringbuf_reserve_dynptr, BPF_FUNC_ringbuf_submit_dynptr,
	  BPF_FUNC_ringbuf_discard_dynptr}},
	{BPF_MAP_TYPE_USER_RINGBUF, {BPF_FUNC_user_ringbuf_drain}},
	{BPF_MAP_TYPE_STACK_TRACE, {BPF_FUNC_get_stackid}},
	{BPF_MAP_TYPE_CGROUP_ARRAY,
	 {BPF_FUNC_skb_under_cgroup, BPF_FUNC_current_task_under_cgroup}},
	{BPF_MAP_TYPE_CGROUP_STORAGE, {BPF_FUNC_get_local_storage}},
	{BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE, {BPF_FUNC_get_local_storage}},
	{BPF_MAP_TYPE_DEVMAP, {BPF_FUNC_redirect_map, BPF_FUNC_map_lookup_elem}},
	{BPF_MAP_TYPE_DEVMAP_HASH, {BPF_FUNC_redirect_map, BPF_FUNC_map_lookup_elem}},
	{BPF_MAP_TYPE_CPUMAP, {BPF_FUNC_redirect_map}},
	{BPF_MAP_TYPE_XSKMAP, {BPF_FUNC_redirect_map, BPF_FUNC_map_lookup_elem}},
	{BPF_MAP_TYPE_ARRAY_OF_MAPS, {BPF_FUNC_map_lookup_elem}},
	{BPF_MAP_TYPE_HASH_OF_MAPS, {BPF_FUNC_map_lookup_elem}},
	/* sockmap/sockhash: plus map_update/delete where may_update_sockmap() says so */
	{BPF_MAP_TYPE_SOCKMAP,
	 {BPF_FUNC_sk_redirect_map, BPF_FUNC_sock_map_update, BPF_FUNC_msg_redirect_map,
	  BPF_FUNC_sk_select_reuseport, BPF_FUNC_map_lookup_elem}},
	{BPF_MAP_TYPE_SOCKHASH,
	 {BPF_FUNC_sk_redirect_hash, BPF_FUNC_sock_hash_update, BPF_FUNC_msg_redirect_hash,
	  BPF_FUNC_sk_select_reuseport, BPF_FUNC_map_lookup_elem}},
	{BPF_MAP_TYPE_REUSEPORT_SOCKARRAY, {BPF_FUNC_sk_select_reuseport}},
	{BPF_MAP_TYPE_QUEUE,
	 {BPF_FUNC_map_peek_elem, BPF_FUNC_map_pop_elem, BPF_FUNC_map_push_elem}},
	{BPF_MAP_TYPE_STACK,
	 {BPF_FUNC_map_peek_elem, BPF_FUNC_map_pop_elem, BPF_FUNC_map_push_elem}},
	{BPF_MAP_TYPE_SK_STORAGE,
	 {BPF_FUNC_sk_storage_get, BPF_FUNC_sk_storage_delete, BPF_FUNC_kptr_xchg}},
	{BPF_MAP_TYPE_INODE_STORAGE,
	 {BPF_FUNC_inode_storage_get, BPF_FUNC_inode_storage_delete, BPF_FUNC_kptr_xchg}},
	{BPF_MAP_TYPE_TASK_STORAGE,
	 {BPF_FUNC_task_storage_get, BPF_FUNC_task_storage_delete, BPF_FUNC_kptr_xchg}},
	{BPF_MAP_TYPE_CGRP_STORAGE,
	 {BPF_FUNC_cgrp_storage_get, BPF_FUNC_cgrp_storage_delete, BPF_FUNC_kptr_xchg}},
	{BPF_MAP_TYPE_BLOOM_FILTER, {BPF_FUNC_map_peek_elem, BPF_FUNC_map_push_elem}},
};

/* Function side: helpers restricted to a list of map types. */
struct func_rule {
	u32 func_id;
	u32 maps[4];
};
static const struct func_rule func_rules[] = {
	{BPF_FUNC_tail_call, {BPF_MAP_TYPE_PROG_ARRAY}},
	{BPF_FUNC_perf_event_read, {BPF_MAP_TYPE_PERF_EVENT_ARRAY}},
	{BPF_FUNC_perf_event_output, {BPF_MAP_TYPE_PERF_EVENT_ARRAY}},
	{BPF_FUNC_perf_event_read_value, {BPF_MAP_TYPE_PERF_EVENT_ARRAY}},
	{BPF_FUNC_skb_output, {BPF_MAP_TYPE_PERF_EVENT_ARRAY}},
	{BPF_FUNC_xdp_output, {BPF_MAP_TYPE_PERF_EVENT_ARRAY}},
	{BPF_FUNC_ringbuf_output, {BPF_MAP_TYPE_RINGBUF}},
	{BPF_FUNC_ringbuf_reserve, {BPF_MAP_TYPE_RINGBUF}},
	{BPF_FUNC_ringbuf_query, {BPF_MAP_TYPE_RINGBUF}},
	{BPF_FUNC_ringbuf_reserve_dynptr, {BPF_MAP_TYPE_RINGBUF}},
	{BPF_FUNC_ringbuf_submit_dynptr, {BPF_MAP_TYPE_RINGBUF}},
	{BPF_FUNC_ringbuf_discard_dynptr, {BPF_MAP_TYPE_RINGBUF}},
	{BPF_FUNC_user_ringbuf_drain, {BPF_MAP_TYPE_USER_RINGBUF}},
	{BPF_FUNC_get_stackid, {BPF_MAP_TYPE_STACK_TRACE}},
	{BPF_FUNC_current_task_under_cgroup, {BPF_MAP_TYPE_CGROUP_ARRAY}},
	{BPF_FUNC_skb_under_cgroup, {BPF_MAP_TYPE_CGROUP_ARRAY}},
	{BPF_FUNC_redirect_map,
	 {BPF_MAP_TYPE_DEVMAP, BPF_MAP_TYPE_DEVMAP_HASH, BPF_MAP_TYPE_CPUMAP, BPF_MAP_TYPE_XSKMAP}},
	{BPF_FUNC_sk_redirect_map, {BPF_MAP_TYPE_SOCKMAP}},
	{BPF_FUNC_msg_redirect_map, {BPF_MAP_TYPE_SOCKMAP}},
	{BPF_FUNC_sock_map_update, {BPF_MAP_TYPE_SOCKMAP}},
	{BPF_FUNC_sk_redirect_hash, {BPF_MAP_TYPE_SOCKHASH}},
	{BPF_FUNC_msg_redirect_hash, {BPF_MAP_TYPE_SOCKHASH}},
	{BPF_FUNC_sock_hash_update, {BPF_MAP_TYPE_SOCKHASH}},
	{BPF_FUNC_get_local_storage,
	 {BPF_MAP_TYPE_CGROUP_STORAGE, BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE}},
	{BPF_FUNC_sk_select_reuseport,
	 {BPF_MAP_TYPE_REUSEPORT_SOCKARRAY, BPF_MAP_TYPE_SOCKMAP, BPF_MAP_TYPE_SOCKHASH}},
	{BPF_FUNC_map_pop_elem, {BPF_MAP_TYPE_QUEUE, BPF_MAP_TYPE_STACK}},
	{BPF_FUNC_map_peek_elem,
	 {BPF_MAP_TYPE_QUEUE, BPF_MAP_TYPE_STACK, BPF_MAP_TYPE_BLOOM_FILTER}},
	{BPF_FUNC_map_push_elem,
	 {BPF_MAP_TYPE_QUEUE, BPF_MAP_TYPE_STACK, BPF_MAP_TYPE_BLOOM_FILTER}},
	{BPF_FUNC_map_lookup_percpu_elem,
	 {BPF_MAP_TYPE_PERCPU_ARRAY, BPF_MAP_TYPE_PERCPU_HASH, BPF_MAP_TYPE_LRU_PERCPU_HASH}},
	{BPF_FUNC_sk_storage_get, {BPF_MAP_TYPE_SK_STORAGE}},
	{BPF_FUNC_sk_storage_delete, {BPF_MAP_TYPE_SK_STORAGE}},
	{BPF_FUNC_inode_storage_get, {BPF_MAP_TYPE_INODE_STORAGE}},
	{BPF_FUNC_inode_storage_delete, {BPF_MAP_TYPE_INODE_STORAGE}},
	{BPF_FUNC_task_storage_get, {BPF_MAP_TYPE_TASK_STORAGE}},
	{BPF_FUNC_task_storage_delete, {BPF_MAP_TYPE_TASK_STORAGE}},
	{BPF_FUNC_cgrp_storage_get, {BPF_MAP_TYPE_CGRP_STORAGE}},
	{BPF_FUNC_cgrp_storage_delete, {BPF_MAP_TYPE_CGRP_STORAGE}},
};

/* Mirrors may_update_sockmap() (6.12/6.18). */
static bool may_update_sockmap(u32 func_id, u32 pt, u32 at)
{
	if (func_id != BPF_FUNC_map_update_elem && func_id != BPF_FUNC_map_delete_elem)
		return false;
	switch (pt) {
	case BPF_PROG_TYPE_TRACING:
		return at == BPF_TRACE_ITER;
	case BPF_PROG_TYPE_SOCK_OPS:
		return func_id == BPF_FUNC_map_delete_elem;
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_SK_LOOKUP:
		return true;
	default:
		return false;
	}
}

static bool list_has(const u32 *list, size_t n, u32 v)
{
	for (size_t i = 0; i < n && list[i]; i++)
		if (list[i] == v)
			return true;
	return false;
}

int helper_map_compatible(u32 map_type, u32 func_id, u32 prog_type, u32 attach_type)
{
	for (size_t i = 0; i < ARRAY_SIZE(map_rules); i++) {
		const struct map_rule *r = &map_rules[i];

		if (r->map_type != map_type)
			continue;
		if (list_has(r->funcs, ARRAY_SIZE(r->funcs), func_id))
			break;
		if ((map_type == BPF_MAP_TYPE_SOCKMAP || map_type == BPF_MAP_TYPE_SOCKHASH) &&
		    (func_id == BPF_FUNC_map_update_elem || func_id == BPF_FUNC_map_delete_elem)) {
			/* the kernel prints "cannot update sockmap in this context" first */
			if (may_update_sockmap(func_id, prog_type, attach_type))
				break;
			return -EACCES;
		}
		return -EINVAL;
	}
	for (size_t i = 0; i < ARRAY_SIZE(func_rules); i++) {
		const struct func_rule *r = &func_rules[i];

		if (r->func_id != func_id)
			continue;
		if (!list_has(r->maps, ARRAY_SIZE(r->maps), map_type))
			return -EINVAL;
		break;
	}
	return 0;
}

int helper_resolve_map_arg(u32 map_type, u32 func_id, u32 *arg_type)
{
	switch (map_type) {
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
		if (*arg_type != ARG_PTR_TO_MAP_VALUE)
			return -EINVAL;
		*arg_type = ARG_PTR_TO_BTF_ID_SOCK_COMMON;
		return 0;
	case BPF_MAP_TYPE_BLOOM_FILTER:
		if (func_id == BPF_FUNC_map_peek_elem)
			*arg_type = ARG_PTR_TO_MAP_VALUE;
		return 0;
	default:
		return 0;
	}
}

/* bpf_helper_changes_pkt_data() (net/core/filter.c, 6.18). */
bool helper_changes_pkt_data(u32 func_id)
{
	return IN(func_id, BPF_FUNC_clone_redirect, BPF_FUNC_l3_csum_replace,
		  BPF_FUNC_l4_csum_replace, BPF_FUNC_lwt_push_encap, BPF_FUNC_lwt_seg6_action,
		  BPF_FUNC_lwt_seg6_adjust_srh, BPF_FUNC_lwt_seg6_store_bytes,
		  BPF_FUNC_msg_pop_data, BPF_FUNC_msg_pull_data, BPF_FUNC_msg_push_data,
		  BPF_FUNC_skb_adjust_room, BPF_FUNC_skb_change_head, BPF_FUNC_skb_change_proto,
		  BPF_FUNC_skb_change_tail, BPF_FUNC_skb_pull_data, BPF_FUNC_skb_store_bytes,
		  BPF_FUNC_skb_vlan_pop, BPF_FUNC_skb_vlan_push, BPF_FUNC_store_hdr_opt,
		  BPF_FUNC_xdp_adjust_head, BPF_FUNC_xdp_adjust_meta, BPF_FUNC_xdp_adjust_tail,
		  /* a tail-called program may call any of the above */
		  BPF_FUNC_tail_call);
}

/* is_acquire_function() (verifier.c): helpers whose result carries a reference. */
bool helper_is_acquire(u32 func_id, u32 map_type)
{
	if (IN(func_id, BPF_FUNC_sk_lookup_tcp, BPF_FUNC_sk_lookup_udp, BPF_FUNC_skc_lookup_tcp,
	       BPF_FUNC_ringbuf_reserve, BPF_FUNC_kptr_xchg))
		return true;
	return func_id == BPF_FUNC_map_lookup_elem &&
	       (map_type == BPF_MAP_TYPE_SOCKMAP || map_type == BPF_MAP_TYPE_SOCKHASH);
}

/* is_ptr_cast_function() (verifier.c). */
bool helper_is_ptr_cast(u32 func_id)
{
	return IN(func_id, BPF_FUNC_tcp_sock, BPF_FUNC_sk_fullsock, BPF_FUNC_skc_to_tcp_sock,
		  BPF_FUNC_skc_to_tcp6_sock, BPF_FUNC_skc_to_udp6_sock, BPF_FUNC_skc_to_mptcp_sock,
		  BPF_FUNC_skc_to_tcp_timewait_sock, BPF_FUNC_skc_to_tcp_request_sock);
}

/* is_sync_callback_calling_function() (verifier.c). */
bool helper_is_sync_callback(u32 func_id)
{
	return IN(func_id, BPF_FUNC_for_each_map_elem, BPF_FUNC_find_vma, BPF_FUNC_loop,
		  BPF_FUNC_user_ringbuf_drain);
}

/* is_async_callback_calling_function() (verifier.c). */
bool helper_is_async_callback(u32 func_id)
{
	return func_id == BPF_FUNC_timer_set_callback;
}

int helper_callback_arg(u32 func_id)
{
	switch (func_id) {
	case BPF_FUNC_for_each_map_elem:  /* (map, callback_fn, ctx, flags) */
	case BPF_FUNC_loop:		  /* (nr_loops, callback_fn, ctx, flags) */
	case BPF_FUNC_timer_set_callback: /* (timer, callback_fn) */
	case BPF_FUNC_user_ringbuf_drain: /* (map, callback_fn, ctx, flags) */
		return 1;
	case BPF_FUNC_find_vma: /* (task, addr, callback_fn, ctx, flags) */
		return 2;
	default:
		return -1;
	}
}

bool helper_callback_info(u32 func_id, struct helper_callback *out)
{
	memset(out, 0, sizeof(*out));
	out->arg = helper_callback_arg(func_id);
	if (out->arg < 0)
		return false;
	out->ret_min = 0;
	out->ret_max = 1;
	for (int i = 0; i < 5; i++)
		out->cb_reg[i] = NOT_INIT;
	switch (func_id) {
	case BPF_FUNC_for_each_map_elem: /* cb(map, key, value, ctx) */
		out->cb_reg[0] = CONST_PTR_TO_MAP;
		out->cb_reg[1] = PTR_TO_MAP_KEY;
		out->cb_reg[2] = PTR_TO_MAP_VALUE;
		out->cb_copy[3] = 3;
		break;
	case BPF_FUNC_loop: /* cb(index, ctx) */
		out->cb_reg[0] = SCALAR_VALUE;
		out->cb_copy[1] = 3;
		break;
	case BPF_FUNC_timer_set_callback: /* cb(map, key, value) */
		out->async = true;
		out->ret_max = 0;
		out->cb_reg[0] = CONST_PTR_TO_MAP;
		out->cb_reg[1] = PTR_TO_MAP_KEY;
		out->cb_reg[2] = PTR_TO_MAP_VALUE;
		break;
	case BPF_FUNC_find_vma: /* cb(task, vma, ctx) */
		out->cb_copy[0] = 1;
		out->cb_reg[1] = PTR_TO_BTF_ID;
		out->cb_btf[1] = "vm_area_struct";
		out->cb_copy[2] = 4;
		break;
	case BPF_FUNC_user_ringbuf_drain: /* cb(dynptr, ctx) */
		out->cb_reg[0] = CONST_PTR_TO_DYNPTR | DYNPTR_TYPE_LOCAL;
		out->cb_copy[1] = 3;
		break;
	default:
		return false;
	}
	return true;
}

bool helper_for_each_map_ok(u32 map_type)
{
	return IN(map_type, BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_PERCPU_HASH, BPF_MAP_TYPE_LRU_HASH,
		  BPF_MAP_TYPE_LRU_PERCPU_HASH, BPF_MAP_TYPE_ARRAY, BPF_MAP_TYPE_PERCPU_ARRAY);
}

/* sleepable_lsm_hooks of kernel/bpf/bpf_lsm.c (6.12), without the "bpf_lsm_" prefix, sorted */
static const char *const sleepable_lsm[] = {
	"bpf",
	"bpf_map",
	"bpf_map_create",
	"bpf_map_free",
	"bpf_prog",
	"bpf_prog_load",
	"bpf_token_capable",
	"bpf_token_cmd",
	"bpf_token_create",
	"bpf_token_free",
	"bprm_check_security",
	"bprm_committed_creds",
	"bprm_committing_creds",
	"bprm_creds_for_exec",
	"bprm_creds_from_file",
	"capget",
	"capset",
	"cred_prepare",
	"current_getsecid_subj",
	"file_ioctl",
	"file_lock",
	"file_open",
	"file_post_open",
	"file_receive",
	"inode_create",
	"inode_free_security",
	"inode_getattr",
	"inode_getxattr",
	"inode_mknod",
	"inode_need_killpriv",
	"inode_post_setxattr",
	"inode_readlink",
	"inode_rename",
	"inode_rmdir",
	"inode_setattr",
	"inode_setxattr",
	"inode_symlink",
	"inode_unlink",
	"kernel_module_request",
	"kernel_read_file",
	"kernfs_init_security",
	"mmap_file",
	"netlink_send",
	"path_chmod",
	"path_chown",
	"path_link",
	"path_mkdir",
	"path_notify",
	"path_rename",
	"path_rmdir",
	"path_symlink",
	"path_truncate",
	"path_unlink",
	"release_secctx",
	"sb_alloc_security",
	"sb_eat_lsm_opts",
	"sb_kern_mount",
	"sb_mount",
	"sb_remount",
	"sb_set_mnt_opts",
	"sb_show_options",
	"sb_statfs",
	"sb_umount",
	"settime",
	"socket_accept",
	"socket_bind",
	"socket_connect",
	"socket_create",
	"socket_getpeername",
	"socket_getpeersec_dgram",
	"socket_getsockname",
	"socket_getsockopt",
	"socket_listen",
	"socket_post_create",
	"socket_recvmsg",
	"socket_sendmsg",
	"socket_shutdown",
	"socket_socketpair",
	"syslog",
	"task_alloc",
	"task_getsecid_obj",
	"task_prctl",
	"task_setscheduler",
	"userns_create",
};

/* btf_allowlist_d_path of kernel/trace/bpf_trace.c (6.12) */
static const char *const d_path_allow[] = {
	"security_file_permission",
	"security_inode_getattr",
	"security_file_open",
	"security_path_truncate",
	"vfs_truncate",
	"vfs_fallocate",
	"dentry_open",
	"vfs_getattr",
	"filp_close",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool helper_lsm_hook_sleepable(const char *hook)
{
	if (!hook)
		return false;
	if (!strncmp(hook, "bpf_lsm_", 8))
		hook += 8;
	return bsearch(&hook, sleepable_lsm, ARRAY_SIZE(sleepable_lsm), sizeof(sleepable_lsm[0]),
		       cmp_str) != NULL;
}

bool helper_allowed(const struct helper_proto *p, u32 prog_type, u32 attach_type,
		    const struct helper_ctx *hc)
{
	static const struct helper_ctx defaults;
	const char *fn;

	if (!p->has_allowed)
		return true;
	if (!hc)
		hc = &defaults;
	fn = hc->attach_func;
	if (!strcmp(p->proto, "bpf_d_path_proto")) {
		/* bpf_d_path_allowed() */
		if (prog_type == BPF_PROG_TYPE_TRACING && attach_type == BPF_TRACE_ITER)
			return true;
		if (prog_type == BPF_PROG_TYPE_LSM)
			return helper_lsm_hook_sleepable(fn);
		for (size_t i = 0; fn && i < ARRAY_SIZE(d_path_allow); i++)
			if (!strcmp(fn, d_path_allow[i]))
				return true;
		return false;
	}
	if (!strcmp(p->proto, "bpf_ima_inode_hash_proto") ||
	    !strcmp(p->proto, "bpf_ima_file_hash_proto"))
		return helper_lsm_hook_sleepable(fn); /* bpf_ima_inode_hash_allowed() */
	if (!strcmp(p->proto, "bpf_sk_storage_get_tracing_proto") ||
	    !strcmp(p->proto, "bpf_sk_storage_delete_tracing_proto")) {
		/* bpf_sk_storage_tracing_allowed(); freplace targets (dst_prog) are refused */
		switch (attach_type) {
		case BPF_TRACE_ITER:
		case BPF_TRACE_RAW_TP:
			return true;
		case BPF_TRACE_FENTRY:
		case BPF_TRACE_FEXIT:
			return !fn || strncmp(fn, "bpf_sk_storage", 14) != 0;
		default:
			return false;
		}
	}
	return true;
}

struct type_name {
	u32 value;
	const char *name;
};

static const struct type_name arg_names[] = {
	{ARG_DONTCARE, "ARG_DONTCARE"},
	{ARG_CONST_MAP_PTR, "ARG_CONST_MAP_PTR"},
	{ARG_PTR_TO_MAP_KEY, "ARG_PTR_TO_MAP_KEY"},
	{ARG_PTR_TO_MAP_VALUE, "ARG_PTR_TO_MAP_VALUE"},
	{ARG_PTR_TO_MEM, "ARG_PTR_TO_MEM"},
	{ARG_PTR_TO_ARENA, "ARG_PTR_TO_ARENA"},
	{ARG_CONST_SIZE, "ARG_CONST_SIZE"},
	{ARG_CONST_SIZE_OR_ZERO, "ARG_CONST_SIZE_OR_ZERO"},
	{ARG_PTR_TO_CTX, "ARG_PTR_TO_CTX"},
	{ARG_ANYTHING, "ARG_ANYTHING"},
	{ARG_SCALAR, "ARG_SCALAR"},
	{ARG_PTR_TO_SPIN_LOCK, "ARG_PTR_TO_SPIN_LOCK"},
	{ARG_PTR_TO_SOCK_COMMON, "ARG_PTR_TO_SOCK_COMMON"},
	{ARG_PTR_TO_SOCKET, "ARG_PTR_TO_SOCKET"},
	{ARG_PTR_TO_BTF_ID, "ARG_PTR_TO_BTF_ID"},
	{ARG_PTR_TO_RINGBUF_MEM, "ARG_PTR_TO_RINGBUF_MEM"},
	{ARG_CONST_ALLOC_SIZE_OR_ZERO, "ARG_CONST_ALLOC_SIZE_OR_ZERO"},
	{ARG_PTR_TO_BTF_ID_SOCK_COMMON, "ARG_PTR_TO_BTF_ID_SOCK_COMMON"},
	{ARG_PTR_TO_PERCPU_BTF_ID, "ARG_PTR_TO_PERCPU_BTF_ID"},
	{ARG_PTR_TO_FUNC, "ARG_PTR_TO_FUNC"},
	{ARG_PTR_TO_STACK, "ARG_PTR_TO_STACK"},
	{ARG_PTR_TO_CONST_STR, "ARG_PTR_TO_CONST_STR"},
	{ARG_PTR_TO_TIMER, "ARG_PTR_TO_TIMER"},
	{ARG_KPTR_XCHG_DEST, "ARG_KPTR_XCHG_DEST"},
	{ARG_PTR_TO_DYNPTR, "ARG_PTR_TO_DYNPTR"},
	{ARG_PTR_TO_MAP_VALUE_OR_NULL, "ARG_PTR_TO_MAP_VALUE_OR_NULL"},
	{ARG_PTR_TO_MEM_OR_NULL, "ARG_PTR_TO_MEM_OR_NULL"},
	{ARG_PTR_TO_CTX_OR_NULL, "ARG_PTR_TO_CTX_OR_NULL"},
	{ARG_PTR_TO_SOCKET_OR_NULL, "ARG_PTR_TO_SOCKET_OR_NULL"},
	{ARG_PTR_TO_STACK_OR_NULL, "ARG_PTR_TO_STACK_OR_NULL"},
	{ARG_PTR_TO_BTF_ID_OR_NULL, "ARG_PTR_TO_BTF_ID_OR_NULL"},
	{ARG_PTR_TO_UNINIT_MEM, "ARG_PTR_TO_UNINIT_MEM"},
	{ARG_PTR_TO_FIXED_SIZE_MEM, "ARG_PTR_TO_FIXED_SIZE_MEM"},
};

static const struct type_name ret_names[] = {
	{RET_INTEGER, "RET_INTEGER"},
	{RET_VOID, "RET_VOID"},
	{RET_PTR_TO_MAP_VALUE, "RET_PTR_TO_MAP_VALUE"},
	{RET_PTR_TO_SOCKET, "RET_PTR_TO_SOCKET"},
	{RET_PTR_TO_TCP_SOCK, "RET_PTR_TO_TCP_SOCK"},
	{RET_PTR_TO_SOCK_COMMON, "RET_PTR_TO_SOCK_COMMON"},
	{RET_PTR_TO_MEM, "RET_PTR_TO_MEM"},
	{RET_PTR_TO_MEM_OR_BTF_ID, "RET_PTR_TO_MEM_OR_BTF_ID"},
	{RET_PTR_TO_BTF_ID, "RET_PTR_TO_BTF_ID"},
	{RET_PTR_TO_MAP_VALUE_OR_NULL, "RET_PTR_TO_MAP_VALUE_OR_NULL"},
	{RET_PTR_TO_SOCKET_OR_NULL, "RET_PTR_TO_SOCKET_OR_NULL"},
	{RET_PTR_TO_TCP_SOCK_OR_NULL, "RET_PTR_TO_TCP_SOCK_OR_NULL"},
	{RET_PTR_TO_SOCK_COMMON_OR_NULL, "RET_PTR_TO_SOCK_COMMON_OR_NULL"},
	{RET_PTR_TO_RINGBUF_MEM_OR_NULL, "RET_PTR_TO_RINGBUF_MEM_OR_NULL"},
	{RET_PTR_TO_DYNPTR_MEM_OR_NULL, "RET_PTR_TO_DYNPTR_MEM_OR_NULL"},
	{RET_PTR_TO_BTF_ID_OR_NULL, "RET_PTR_TO_BTF_ID_OR_NULL"},
	{RET_PTR_TO_BTF_ID_TRUSTED, "RET_PTR_TO_BTF_ID_TRUSTED"},
};

static const struct type_name flag_names[] = {
	{PTR_MAYBE_NULL, "PTR_MAYBE_NULL"},
	{MEM_RDONLY, "MEM_RDONLY"},
	{MEM_RINGBUF, "MEM_RINGBUF"},
	{MEM_USER, "MEM_USER"},
	{MEM_PERCPU, "MEM_PERCPU"},
	{OBJ_RELEASE, "OBJ_RELEASE"},
	{PTR_UNTRUSTED, "PTR_UNTRUSTED"},
	{MEM_UNINIT, "MEM_UNINIT"},
	{DYNPTR_TYPE_LOCAL, "DYNPTR_TYPE_LOCAL"},
	{DYNPTR_TYPE_RINGBUF, "DYNPTR_TYPE_RINGBUF"},
	{MEM_FIXED_SIZE, "MEM_FIXED_SIZE"},
	{MEM_ALLOC, "MEM_ALLOC"},
	{PTR_TRUSTED, "PTR_TRUSTED"},
	{MEM_RCU, "MEM_RCU"},
	{NON_OWN_REF, "NON_OWN_REF"},
	{DYNPTR_TYPE_SKB, "DYNPTR_TYPE_SKB"},
	{DYNPTR_TYPE_XDP, "DYNPTR_TYPE_XDP"},
	{MEM_ALIGNED, "MEM_ALIGNED"},
	{MEM_WRITE, "MEM_WRITE"},
};

/* The exact composite name when there is one, else the base name and "|FLAG" per extra flag. */
static char *type_str(u32 t, const struct type_name *names, size_t n, char *buf, size_t len)
{
	size_t used;

	if (!len)
		return buf;
	for (size_t i = 0; i < n; i++) {
		if (names[i].value == t) {
			snprintf(buf, len, "%s", names[i].name);
			return buf;
		}
	}
	snprintf(buf, len, "%u", base_type(t));
	for (size_t i = 0; i < n; i++)
		if (names[i].value == base_type(t))
			snprintf(buf, len, "%s", names[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(flag_names); i++) {
		if (!(type_flag(t) & flag_names[i].value))
			continue;
		used = strlen(buf);
		if (used < len)
			snprintf(buf + used, len - used, "|%s", flag_names[i].name);
	}
	return buf;
}

char *helper_arg_type_str(u32 arg_type, char *buf, size_t len)
{
	return type_str(arg_type, arg_names, ARRAY_SIZE(arg_names), buf, len);
}

char *helper_ret_type_str(u32 ret_type, char *buf, size_t len)
{
	return type_str(ret_type, ret_names, ARRAY_SIZE(ret_names), buf, len);
}
