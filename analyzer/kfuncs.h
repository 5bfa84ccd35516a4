/* Facts about kernel functions callable from BPF (kfuncs): their KF_* flags and the program types
 * that may call them, as the kernel registers them with BTF_ID_FLAGS / register_btf_kfunc_id_set
 * (transcribed from 6.12: kernel/bpf/helpers.c, cpumask.c, net/bpf/test_run.c,
 * net/core/filter.c). A kfunc missing
 * from the table is not modelled ("unsupported"), never assumed allowed. */
#ifndef BPFVET_KFUNCS_H
#define BPFVET_KFUNCS_H

#include "compiler.h"

/* KF_* flags (include/linux/btf.h numbering) */
enum {
	KF_ACQUIRE = 1u << 0,
	KF_RELEASE = 1u << 1,
	KF_RET_NULL = 1u << 2,
	KF_TRUSTED_ARGS = 1u << 4,
	KF_SLEEPABLE = 1u << 5,
	KF_DESTRUCTIVE = 1u << 6,
	KF_RCU = 1u << 7,
	KF_ITER_NEW = 1u << 8,
	KF_ITER_NEXT = 1u << 9,
	KF_ITER_DESTROY = 1u << 10,
	KF_RCU_PROTECTED = 1u << 11,
};

/* The kfunc id sets, each registered for some program-type hooks. */
enum kfunc_set {
	KFSET_COMMON,	  /* common_kfunc_set: BPF_PROG_TYPE_UNSPEC, i.e. every type */
	KFSET_GENERIC,	  /* generic_kfunc_set: tracing, tc, xdp, struct_ops, syscall, cgroup */
	KFSET_CPUMASK,	  /* cpumask_kfunc_set: tracing, struct_ops, syscall */
	KFSET_TEST_RUN,	  /* bpf_prog_test_kfunc_set: sched_cls, tracing, syscall */
	KFSET_STRUCT_OPS, /* sets registered for BPF_PROG_TYPE_STRUCT_OPS only (tcp_ca) */
	KFSET_SKB,	  /* bpf_kfunc_set_skb (net/core/filter.c): the skb program hooks */
	KFSET_XDP,	  /* bpf_kfunc_set_xdp (net/core/filter.c): xdp only */
};

struct kfunc_info {
	const char *name;
	u32 flags; /* KF_* */
	u32 set;   /* enum kfunc_set */
};

/* The table entry of a kfunc, or NULL when bpfvet does not know it. */
const struct kfunc_info *kfunc_lookup(const char *name);
/* Whether a program of prog_type may call kfuncs of this set (btf_kfunc_id_set_contains() through
 * bpf_prog_type_to_kfunc_hook()). For BPF_PROG_TYPE_EXT pass the target's type. */
bool kfunc_set_allowed(u32 set, u32 prog_type);

#endif
