/* Helper function prototypes as the verifier sees them (the kernel's struct bpf_func_proto), the
 * per-program-type availability of each helper (every get_func_proto() switch of the kernel), and
 * the map-type / helper compatibility rule. Data: helpers_table.inc (the 272 prototype objects of
 * 6.12, checked field by field against the kernel source by tools/check_helpers.py),
 * helpers_ids.inc (ids and names), helpers_avail.inc (availability per program type: measured on
 * 6.18 where a program of the type could be loaded, else derived from the 6.12 source, as its
 * comments say). Argument and return types use the kernel's numbering
 * (enum bpf_arg_type, enum bpf_return_type of include/linux/bpf.h) with the type flags of
 * regtype.h, so the engine can test them exactly as the kernel does. Kernel 6.18 is the reference
 * where it differs from 6.12. */
#ifndef BPFVET_HELPERS_H
#define BPFVET_HELPERS_H

#include "compiler.h"
#include "regtype.h"

/* Function argument constraints (enum bpf_arg_type, kernel numbering). */
enum bpf_arg_type {
	ARG_DONTCARE = 0,
	ARG_CONST_MAP_PTR,
	ARG_PTR_TO_MAP_KEY,
	ARG_PTR_TO_MAP_VALUE,
	ARG_PTR_TO_MEM,
	ARG_PTR_TO_ARENA,
	ARG_CONST_SIZE,
	ARG_CONST_SIZE_OR_ZERO,
	ARG_PTR_TO_CTX,
	ARG_ANYTHING,
	ARG_SCALAR,
	ARG_PTR_TO_SPIN_LOCK,
	ARG_PTR_TO_SOCK_COMMON,
	ARG_PTR_TO_SOCKET,
	ARG_PTR_TO_BTF_ID,
	ARG_PTR_TO_RINGBUF_MEM,
	ARG_CONST_ALLOC_SIZE_OR_ZERO,
	ARG_PTR_TO_BTF_ID_SOCK_COMMON,
	ARG_PTR_TO_PERCPU_BTF_ID,
	ARG_PTR_TO_FUNC,
	ARG_PTR_TO_STACK,
	ARG_PTR_TO_CONST_STR,
	ARG_PTR_TO_TIMER,
	ARG_KPTR_XCHG_DEST,
	ARG_PTR_TO_DYNPTR,
	BPF_ARG_TYPE_MAX, /* number of base argument types */

	/* composite forms (base type | flags of regtype.h) */
	ARG_PTR_TO_MAP_VALUE_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_MAP_VALUE,
	ARG_PTR_TO_MEM_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_MEM,
	ARG_PTR_TO_CTX_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_CTX,
	ARG_PTR_TO_SOCKET_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_SOCKET,
	ARG_PTR_TO_STACK_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_STACK,
	ARG_PTR_TO_BTF_ID_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_BTF_ID,
	/* the helper fills all bytes (or clears them on error): memory need not be initialised */
	ARG_PTR_TO_UNINIT_MEM = MEM_UNINIT | MEM_WRITE | ARG_PTR_TO_MEM,
	/* memory of a size known at compile time: helper_proto.arg_size[] */
	ARG_PTR_TO_FIXED_SIZE_MEM = MEM_FIXED_SIZE | ARG_PTR_TO_MEM,
};

/* Helper return types (enum bpf_return_type, kernel numbering). */
enum bpf_return_type {
	RET_INTEGER,
	RET_VOID,
	RET_PTR_TO_MAP_VALUE,
	RET_PTR_TO_SOCKET,
	RET_PTR_TO_TCP_SOCK,
	RET_PTR_TO_SOCK_COMMON,
	RET_PTR_TO_MEM,
	RET_PTR_TO_MEM_OR_BTF_ID,
	RET_PTR_TO_BTF_ID,
	BPF_RET_TYPE_MAX,

	RET_PTR_TO_MAP_VALUE_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_MAP_VALUE,
	RET_PTR_TO_SOCKET_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_SOCKET,
	RET_PTR_TO_TCP_SOCK_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_TCP_SOCK,
	RET_PTR_TO_SOCK_COMMON_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_SOCK_COMMON,
	RET_PTR_TO_RINGBUF_MEM_OR_NULL = PTR_MAYBE_NULL | MEM_RINGBUF | RET_PTR_TO_MEM,
	RET_PTR_TO_DYNPTR_MEM_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_MEM,
	RET_PTR_TO_BTF_ID_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_BTF_ID,
	RET_PTR_TO_BTF_ID_TRUSTED = PTR_TRUSTED | RET_PTR_TO_BTF_ID,
};

/* Highest helper id known (BPF_FUNC_cgrp_storage_delete = 211 in 6.12 and 6.18). */
#define HELPER_ID_MAX 211

/* One prototype (struct bpf_func_proto). Several prototypes may exist for one func_id (tracing vs
 * networking perf_event_output, the sleepable/non-sleepable variants ...). */
struct helper_proto {
	const char *name;  /* kernel name as printed in the log: "bpf_map_lookup_elem" */
	const char *proto; /* the kernel's prototype object: "bpf_map_lookup_elem_proto" */
	u32 func_id;	   /* BPF_FUNC_* */
	u32 ret_type;	   /* enum bpf_return_type (with flags) */
	u32 arg_type[5];   /* enum bpf_arg_type (with flags); ARG_DONTCARE after the last */
	u32 arg_size[5];   /* for MEM_FIXED_SIZE arguments: the fixed size in bytes */
	const char *arg_btf_type[5]; /* ARG_PTR_TO_BTF_ID*: kernel struct name ("sock_common",
					 * "task_struct", ...), NULL otherwise */
	const char *ret_btf_type;    /* RET_PTR_TO_BTF_ID*, RET_PTR_TO_MEM_OR_BTF_ID: struct name */
	u32 ret_mem_size;	     /* RET_PTR_TO_MEM with a fixed size (none in 6.12: 0) */
	bool gpl_only;
	bool pkt_access;  /* may take packet pointers as memory arguments */
	bool might_sleep; /* only sleepable programs may call it */
	bool allow_fastcall;
	bool has_allowed; /* the kernel attaches an allowed(prog) callback (see notes) */
};

/* What a program's get_func_proto() looks at besides the program type. Fill what is known; a
 * zeroed struct means "privileged loader (CAP_BPF, CAP_PERFMON), not sleepable, no BTF target". */
struct helper_ctx {
	u32 prog_flags; /* BPF_F_* */
	bool unpriv;	/* loader lacks CAP_BPF / CAP_PERFMON / CAP_NET_ADMIN */
	bool sleepable;
	bool has_attach_btf;	 /* raw_tracepoint / cgroup-lsm loaded with an attach BTF id */
	const char *attach_func; /* tracing/lsm/struct_ops target function or member name */
	u32 struct_ops_family;	 /* enum helper_struct_ops_family, for STRUCT_OPS */
};

/* struct_ops programs get their helpers from the struct_ops family they implement. */
enum helper_struct_ops_family {
	STRUCT_OPS_UNKNOWN = 0,	   /* treated as the generic struct_ops set (base protos) */
	STRUCT_OPS_TCP_CONGESTION, /* tcp_congestion_ops */
	STRUCT_OPS_SCHED_EXT,	   /* sched_ext_ops */
	STRUCT_OPS_HID,		   /* hid_bpf_ops */
};

/* The prototype program type prog_type would get from its get_func_proto() for func_id, or NULL
 * when it may not call that helper (the engine then prints "program of this type cannot use
 * helper %s#%d"). hc may be NULL (privileged defaults). For BPF_PROG_TYPE_EXT pass the target's
 * program type. */
const struct helper_proto *helper_proto_get(u32 func_id, u32 prog_type, u32 attach_type,
					    const struct helper_ctx *hc);
/* The prototype's allowed(prog) callback (has_allowed): false when the kernel prints "helper call
 * is not allowed in probe" (d_path outside its allowlist, ima_*_hash outside sleepable LSM
 * hooks, the tracing sk_storage helpers outside iter/tp_btf/fentry/fexit). hc->attach_func names
 * the attach target ("file_open" or "bpf_lsm_file_open" for LSM). */
bool helper_allowed(const struct helper_proto *p, u32 prog_type, u32 attach_type,
		    const struct helper_ctx *hc);
/* An LSM hook in the kernel's sleepable_lsm_hooks set (with or without "bpf_lsm_" prefix). */
bool helper_lsm_hook_sleepable(const char *hook);
/* 1 <= func_id <= HELPER_ID_MAX. */
bool helper_id_valid(u32 func_id);
/* The kernel's name of a helper id ("bpf_map_lookup_elem"), NULL when invalid. */
const char *helper_func_name(u32 func_id);

/* Mirrors check_map_func_compatibility() (6.12 = 6.18), both directions: 0 when a map of map_type
 * may be passed to helper func_id by a program of prog_type / attach_type; -EINVAL when the kernel
 * prints "cannot pass map_type %d into func %s#%d"; -EACCES for map_update/delete_elem on a
 * sockmap/sockhash where may_update_sockmap() refuses (the kernel first prints "cannot update
 * sockmap in this context", then the same "cannot pass map_type" line). Call it after the
 * arguments were checked, for the map of the call's ARG_CONST_MAP_PTR argument. Measured against
 * 6.18: 1924 conclusive (prog type, helper, map type) loads, no difference. */
int helper_map_compatible(u32 map_type, u32 func_id, u32 prog_type, u32 attach_type);

/* Mirrors resolve_map_arg_type(): for an argument with base type ARG_PTR_TO_MAP_VALUE, the type it
 * really takes with this map: sockmap/sockhash values are sockets
 * (ARG_PTR_TO_BTF_ID_SOCK_COMMON, BTF type "sock_common"), bloom filter peek needs an initialised
 * value (ARG_PTR_TO_MAP_VALUE). Returns 0 with *arg_type updated, or -EINVAL when the kernel
 * prints "invalid arg_type for sockmap/sockhash". */
int helper_resolve_map_arg(u32 map_type, u32 func_id, u32 *arg_type);

/* Facts the verifier hard-codes per func_id (6.18), outside the prototypes. */
bool helper_changes_pkt_data(u32 func_id);	   /* bpf_helper_changes_pkt_data() */
bool helper_is_acquire(u32 func_id, u32 map_type); /* is_acquire_function() */
bool helper_is_ptr_cast(u32 func_id);		   /* is_ptr_cast_function(): skc_to_* etc. */
bool helper_is_sync_callback(u32 func_id);	   /* bpf_loop, for_each_map_elem, find_vma, ... */
bool helper_is_async_callback(u32 func_id);	   /* timer_set_callback */
/* Index (0..4) of the callback argument of a callback-calling helper, or -1. */
int helper_callback_arg(u32 func_id);

/* The callee's view of a callback-calling helper (the kernel's set_*_callback_state(), 6.12/6.18).
 * cb_reg[i] describes callee register r(i+1): a register type (SCALAR_VALUE unknown,
 * CONST_PTR_TO_MAP / PTR_TO_MAP_KEY / PTR_TO_MAP_VALUE of the map passed in caller r1,
 * PTR_TO_BTF_ID with cb_btf[i], CONST_PTR_TO_DYNPTR | DYNPTR_TYPE_LOCAL), NOT_INIT, or a copy of
 * the caller's register cb_copy[i] (1..5) when cb_copy[i] != 0. */
struct helper_callback {
	int arg;	      /* index (0..4) of the callback argument (ARG_PTR_TO_FUNC) */
	bool async;	      /* runs later (timer): "At async callback return" range [0, 0] */
	s32 ret_min, ret_max; /* range R0 must be in at the callback's exit */
	u32 cb_reg[5];
	u8 cb_copy[5];
	const char *cb_btf[5];
};
/* Fills *out for bpf_loop, for_each_map_elem, timer_set_callback, find_vma, user_ringbuf_drain;
 * false for other helpers. */
bool helper_callback_info(u32 func_id, struct helper_callback *out);
/* Map types whose elements bpf_for_each_map_elem can walk (map_set_for_each_callback_args);
 * other maps give "callback function not allowed for map". */
bool helper_for_each_map_ok(u32 map_type);

/* The whole table, for consistency checks and dumping (tools/check_helpers.py). */
const struct helper_proto *helper_table(u32 *cnt);
/* The kernel's enumerator name of an argument / return type ("ARG_PTR_TO_MAP_KEY",
 * "ARG_PTR_TO_UNINIT_MEM", "RET_PTR_TO_MAP_VALUE_OR_NULL"); flags not in a named composite are
 * appended with '|'. Writes at most len bytes (NUL terminated); returns buf. */
char *helper_arg_type_str(u32 arg_type, char *buf, size_t len);
char *helper_ret_type_str(u32 ret_type, char *buf, size_t len);

#endif
