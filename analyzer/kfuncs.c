/* The kfunc table (see kfuncs.h): names, KF_* flags and id sets, transcribed from the 6.12
 * sources listed per block; and the program-type hooks each set is registered for. */
#include <string.h>

#include "bpf_defs.h"
#include "kfuncs.h"

static const struct kfunc_info kfunc_table[] = {
	/* kernel/bpf/helpers.c: generic_btf_ids */
	{"crash_kexec", KF_DESTRUCTIVE, KFSET_GENERIC},
	{"bpf_obj_new_impl", KF_ACQUIRE | KF_RET_NULL, KFSET_GENERIC},
	{"bpf_percpu_obj_new_impl", KF_ACQUIRE | KF_RET_NULL, KFSET_GENERIC},
	{"bpf_obj_drop_impl", KF_RELEASE, KFSET_GENERIC},
	{"bpf_percpu_obj_drop_impl", KF_RELEASE, KFSET_GENERIC},
	{"bpf_refcount_acquire_impl", KF_ACQUIRE | KF_RET_NULL | KF_RCU, KFSET_GENERIC},
	{"bpf_list_push_front_impl", 0, KFSET_GENERIC},
	{"bpf_list_push_back_impl", 0, KFSET_GENERIC},
	{"bpf_list_pop_front", KF_ACQUIRE | KF_RET_NULL, KFSET_GENERIC},
	{"bpf_list_pop_back", KF_ACQUIRE | KF_RET_NULL, KFSET_GENERIC},
	{"bpf_task_acquire", KF_ACQUIRE | KF_RCU | KF_RET_NULL, KFSET_GENERIC},
	{"bpf_task_release", KF_RELEASE, KFSET_GENERIC},
	{"bpf_rbtree_remove", KF_ACQUIRE | KF_RET_NULL, KFSET_GENERIC},
	{"bpf_rbtree_add_impl", 0, KFSET_GENERIC},
	{"bpf_rbtree_first", KF_RET_NULL, KFSET_GENERIC},
	{"bpf_cgroup_acquire", KF_ACQUIRE | KF_RCU | KF_RET_NULL, KFSET_GENERIC},
	{"bpf_cgroup_release", KF_RELEASE, KFSET_GENERIC},
	{"bpf_cgroup_ancestor", KF_ACQUIRE | KF_RCU | KF_RET_NULL, KFSET_GENERIC},
	{"bpf_cgroup_from_id", KF_ACQUIRE | KF_RET_NULL, KFSET_GENERIC},
	{"bpf_task_under_cgroup", KF_RCU, KFSET_GENERIC},
	{"bpf_task_get_cgroup1", KF_ACQUIRE | KF_RCU | KF_RET_NULL, KFSET_GENERIC},
	{"bpf_task_from_pid", KF_ACQUIRE | KF_RET_NULL, KFSET_GENERIC},
	{"bpf_throw", 0, KFSET_GENERIC},

	/* net/ipv4/bpf_tcp_ca.c, tcp_cubic.c, tcp_dctcp.c, tcp_bbr.c: congestion control kfuncs
	 * registered for struct_ops (no flags); absent from the kernel BTF when built as modules */
	{"tcp_reno_ssthresh", 0, KFSET_STRUCT_OPS},
	{"tcp_reno_cong_avoid", 0, KFSET_STRUCT_OPS},
	{"tcp_reno_undo_cwnd", 0, KFSET_STRUCT_OPS},
	{"tcp_slow_start", 0, KFSET_STRUCT_OPS},
	{"tcp_cong_avoid_ai", 0, KFSET_STRUCT_OPS},
	{"cubictcp_init", 0, KFSET_STRUCT_OPS},
	{"cubictcp_recalc_ssthresh", 0, KFSET_STRUCT_OPS},
	{"cubictcp_cong_avoid", 0, KFSET_STRUCT_OPS},
	{"cubictcp_state", 0, KFSET_STRUCT_OPS},
	{"cubictcp_cwnd_event", 0, KFSET_STRUCT_OPS},
	{"cubictcp_acked", 0, KFSET_STRUCT_OPS},
	{"dctcp_init", 0, KFSET_STRUCT_OPS},
	{"dctcp_update_alpha", 0, KFSET_STRUCT_OPS},
	{"dctcp_cwnd_event", 0, KFSET_STRUCT_OPS},
	{"dctcp_ssthresh", 0, KFSET_STRUCT_OPS},
	{"dctcp_cwnd_undo", 0, KFSET_STRUCT_OPS},
	{"dctcp_state", 0, KFSET_STRUCT_OPS},
	{"bbr_init", 0, KFSET_STRUCT_OPS},
	{"bbr_main", 0, KFSET_STRUCT_OPS},
	{"bbr_sndbuf_expand", 0, KFSET_STRUCT_OPS},
	{"bbr_undo_cwnd", 0, KFSET_STRUCT_OPS},
	{"bbr_cwnd_event", 0, KFSET_STRUCT_OPS},
	{"bbr_ssthresh", 0, KFSET_STRUCT_OPS},
	{"bbr_min_tso_segs", 0, KFSET_STRUCT_OPS},
	{"bbr_set_state", 0, KFSET_STRUCT_OPS},

	/* kernel/bpf/helpers.c: common_btf_ids */
	{"bpf_cast_to_kern_ctx", 0, KFSET_COMMON},
	{"bpf_rdonly_cast", 0, KFSET_COMMON},
	{"bpf_rcu_read_lock", 0, KFSET_COMMON},
	{"bpf_rcu_read_unlock", 0, KFSET_COMMON},
	{"bpf_dynptr_slice", KF_RET_NULL, KFSET_COMMON},
	{"bpf_dynptr_slice_rdwr", KF_RET_NULL, KFSET_COMMON},
	{"bpf_iter_num_new", KF_ITER_NEW, KFSET_COMMON},
	{"bpf_iter_num_next", KF_ITER_NEXT | KF_RET_NULL, KFSET_COMMON},
	{"bpf_iter_num_destroy", KF_ITER_DESTROY, KFSET_COMMON},
	{"bpf_iter_task_vma_new", KF_ITER_NEW | KF_RCU, KFSET_COMMON},
	{"bpf_iter_task_vma_next", KF_ITER_NEXT | KF_RET_NULL, KFSET_COMMON},
	{"bpf_iter_task_vma_destroy", KF_ITER_DESTROY, KFSET_COMMON},
	{"bpf_iter_css_task_new", KF_ITER_NEW | KF_TRUSTED_ARGS, KFSET_COMMON},
	{"bpf_iter_css_task_next", KF_ITER_NEXT | KF_RET_NULL, KFSET_COMMON},
	{"bpf_iter_css_task_destroy", KF_ITER_DESTROY, KFSET_COMMON},
	{"bpf_iter_css_new", KF_ITER_NEW | KF_TRUSTED_ARGS | KF_RCU_PROTECTED, KFSET_COMMON},
	{"bpf_iter_css_next", KF_ITER_NEXT | KF_RET_NULL, KFSET_COMMON},
	{"bpf_iter_css_destroy", KF_ITER_DESTROY, KFSET_COMMON},
	{"bpf_iter_task_new", KF_ITER_NEW | KF_TRUSTED_ARGS | KF_RCU_PROTECTED, KFSET_COMMON},
	{"bpf_iter_task_next", KF_ITER_NEXT | KF_RET_NULL, KFSET_COMMON},
	{"bpf_iter_task_destroy", KF_ITER_DESTROY, KFSET_COMMON},
	{"bpf_dynptr_adjust", 0, KFSET_COMMON},
	{"bpf_dynptr_is_null", 0, KFSET_COMMON},
	{"bpf_dynptr_is_rdonly", 0, KFSET_COMMON},
	{"bpf_dynptr_size", 0, KFSET_COMMON},
	{"bpf_dynptr_clone", 0, KFSET_COMMON},
	{"bpf_modify_return_test_tp", 0, KFSET_COMMON},
	{"bpf_wq_init", 0, KFSET_COMMON},
	{"bpf_wq_set_callback_impl", 0, KFSET_COMMON},
	{"bpf_wq_start", 0, KFSET_COMMON},
	{"bpf_preempt_disable", 0, KFSET_COMMON},
	{"bpf_preempt_enable", 0, KFSET_COMMON},
	{"bpf_iter_bits_new", KF_ITER_NEW, KFSET_COMMON},
	{"bpf_iter_bits_next", KF_ITER_NEXT | KF_RET_NULL, KFSET_COMMON},
	{"bpf_iter_bits_destroy", KF_ITER_DESTROY, KFSET_COMMON},
	{"bpf_copy_from_user_str", KF_SLEEPABLE, KFSET_COMMON},

	/* kernel/bpf/cpumask.c: cpumask_kfunc_btf_ids */
	{"bpf_cpumask_create", KF_ACQUIRE | KF_RET_NULL, KFSET_CPUMASK},
	{"bpf_cpumask_release", KF_RELEASE, KFSET_CPUMASK},
	{"bpf_cpumask_acquire", KF_ACQUIRE | KF_TRUSTED_ARGS, KFSET_CPUMASK},
	{"bpf_cpumask_first", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_first_zero", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_first_and", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_set_cpu", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_clear_cpu", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_test_cpu", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_test_and_set_cpu", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_test_and_clear_cpu", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_setall", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_clear", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_and", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_or", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_xor", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_equal", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_intersects", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_subset", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_empty", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_full", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_copy", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_any_distribute", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_any_and_distribute", KF_RCU, KFSET_CPUMASK},
	{"bpf_cpumask_weight", KF_RCU, KFSET_CPUMASK},

	/* net/core/filter.c: bpf_kfunc_check_set_skb, bpf_kfunc_check_set_xdp */
	{"bpf_dynptr_from_skb", KF_TRUSTED_ARGS, KFSET_SKB},
	{"bpf_dynptr_from_xdp", 0, KFSET_XDP},

	/* net/bpf/test_run.c: test_sk_check_kfunc_ids (the KF_* flagged ones) */
	{"bpf_kfunc_call_test_release", KF_RELEASE, KFSET_TEST_RUN},
	{"bpf_kfunc_call_memb_release", KF_RELEASE, KFSET_TEST_RUN},
};

const struct kfunc_info *kfunc_lookup(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(kfunc_table); i++)
		if (!strcmp(kfunc_table[i].name, name))
			return &kfunc_table[i];
	return NULL;
}

/* bpf_prog_type_to_kfunc_hook(): the hook a program type's kfunc lookups use */
enum kfunc_hook {
	HOOK_NONE,
	HOOK_XDP,
	HOOK_TC,
	HOOK_STRUCT_OPS,
	HOOK_TRACING,
	HOOK_SYSCALL,
	HOOK_CGROUP,
	HOOK_OTHER, /* sched_act, sk_skb, socket_filter, lwt, netfilter */
	HOOK_KPROBE,
};

static u32 prog_hook(u32 prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_XDP:
		return HOOK_XDP;
	case BPF_PROG_TYPE_SCHED_CLS:
		return HOOK_TC;
	case BPF_PROG_TYPE_STRUCT_OPS:
		return HOOK_STRUCT_OPS;
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_LSM:
		return HOOK_TRACING;
	case BPF_PROG_TYPE_SYSCALL:
		return HOOK_SYSCALL;
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
		return HOOK_CGROUP;
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_NETFILTER:
		return HOOK_OTHER;
	case BPF_PROG_TYPE_KPROBE:
		return HOOK_KPROBE;
	default:
		return HOOK_NONE;
	}
}

bool kfunc_set_allowed(u32 set, u32 prog_type)
{
	u32 h = prog_hook(prog_type);

	switch (set) {
	case KFSET_COMMON:
		return true;
	case KFSET_GENERIC:
		return h == HOOK_TRACING || h == HOOK_TC || h == HOOK_XDP || h == HOOK_STRUCT_OPS ||
		       h == HOOK_SYSCALL || h == HOOK_CGROUP;
	case KFSET_CPUMASK:
		return h == HOOK_TRACING || h == HOOK_STRUCT_OPS || h == HOOK_SYSCALL;
	case KFSET_TEST_RUN:
		return h == HOOK_TC || h == HOOK_TRACING || h == HOOK_SYSCALL;
	case KFSET_STRUCT_OPS:
		return h == HOOK_STRUCT_OPS;
	case KFSET_SKB:
		/* registered for sched_cls, sched_act, sk_skb, socket_filter, cgroup_skb (the
		 * whole cgroup hook), the lwt types, netfilter and tracing (the tracing hook) */
		return h == HOOK_TC || h == HOOK_OTHER || h == HOOK_CGROUP || h == HOOK_TRACING;
	case KFSET_XDP:
		return h == HOOK_XDP;
	default:
		return false;
	}
}
