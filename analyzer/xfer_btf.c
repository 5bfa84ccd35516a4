/* Pointers to kernel objects typed by the kernel's BTF (PTR_TO_BTF_ID): loads and stores through
 * them (the kernel's check_ptr_to_btf_access() and btf_struct_access()), through map pointers
 * (check_ptr_to_map_access(): struct bpf_array, bpf_htab, ...), the trust flags a walked pointer
 * gets (trusted / RCU / untrusted, from the kernel's __safe_trusted and __safe_rcu lists, which
 * live in the kernel BTF itself), and BTF-typed results of helpers and context loads. Without a
 * kernel BTF every such program is "unsupported: ... needs kernel BTF", never guessed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "btf_int.h"
#include "kbtf.h"
#include "struct_ops.h"
#include "xfer_graph.h"

int xbtf_need(struct engine *e, const char *what)
{
	if (kbtf_ready(e->opts ? e->opts->kbtf : NULL) == 0)
		return 0;
	return unsupported(e, "%s needs kernel BTF (--kernel-btf FILE)", what);
}

static struct kbtf *kb(struct engine *e)
{
	return e->opts->kbtf;
}

void xbtf_mark_ptr(struct engine *e, struct reg *r, u32 type, u32 struct_id)
{
	reg_mark_ptr(r, type);
	r->btf_id = struct_id;
	r->btf = kbtf_name(kb(e), struct_id);
	if (type & PTR_MAYBE_NULL)
		r->id = ++e->id_gen;
}

s64 xbtf_reg_id(struct engine *e, struct reg *r, const char *what)
{
	s64 id;
	int err = xbtf_need(e, what);

	if (err)
		return err;
	/* a program-allocated object's id is one of the program's BTF (xfer_graph.c) */
	if (r->type & MEM_ALLOC)
		return unsupported(e, "%s of a program-allocated object", what);
	if (r->btf_id)
		return r->btf_id;
	if (!r->btf)
		return unsupported(e, "%s of a BTF pointer without type", what);
	/* the kernel resolves kptr targets in the kernel's BTF first (btf_parse_kptr) */
	id = kbtf_find(kb(e), r->btf, KBTF_STRUCT);
	if (id <= 0)
		return unsupported(e, "%s of program-local type %s", what, r->btf);
	r->btf_id = (u32)id;
	r->btf = kbtf_name(kb(e), (u32)id);
	return id;
}

bool xbtf_is_trusted(const struct reg *r)
{
	u32 fl = type_flag(r->type);
	u32 trusted_mods = MEM_ALLOC | PTR_TRUSTED | NON_OWN_REF;

	if (r->ref_obj_id)
		return true;
	return (fl & trusted_mods) && !(fl & ~trusted_mods);
}

bool xbtf_in_rcu_cs(struct engine *e)
{
	return e->cur->active_rcu || e->cur->active_locks ||
	       !(e->prog->sleepable || (e->prog_flags & BPF_F_SLEEPABLE));
}

/* mark_btf_ld_reg() */
static void mark_ld(struct engine *e, s32 value_regno, int walk, u32 id, u32 flags)
{
	struct reg *d;

	if (value_regno < 0)
		return;
	d = &cur_regs(e)[value_regno];
	if (walk == KBTF_WALK_SCALAR) {
		reg_mark_unknown(d);
		return;
	}
	xbtf_mark_ptr(e, d, PTR_TO_BTF_ID | flags, id);
}

/* program types whose verifier ops have a btf_struct_access callback for writes */
static bool has_struct_write_op(u32 prog_type)
{
	return prog_type == BPF_PROG_TYPE_SCHED_CLS || prog_type == BPF_PROG_TYPE_SCHED_ACT ||
	       prog_type == BPF_PROG_TYPE_XDP || prog_type == BPF_PROG_TYPE_STRUCT_OPS;
}

int xbtf_check_access(struct engine *e, u32 regno, s32 off, int size, bool write, s32 value_regno)
{
	struct reg *r = &cur_regs(e)[regno];
	u32 flag = 0, next = 0;
	const char *tname, *field = NULL;
	char msg[256];
	s64 id;
	int ret;

	if (r->type & MEM_ALLOC)
		return xgraph_access(e, regno, off, size, write, value_regno);
	id = xbtf_reg_id(e, r, "BTF pointer access");
	if (id < 0)
		return (int)id;
	tname = kbtf_name(kb(e), (u32)id);
	if (!e->allow_ptr_leaks) {
		verr(e, "'struct %s' access is allowed only to CAP_PERFMON and CAP_SYS_ADMIN",
		     tname);
		return ERR_REJECT;
	}
	if (!e->prog->gpl_compatible) {
		verr(e, "Cannot access kernel 'struct %s' from non-GPL compatible program", tname);
		return ERR_REJECT;
	}
	if (off < 0) {
		verr(e, "R%u is ptr_%s invalid negative access: off=%d", regno, tname, off);
		return ERR_REJECT;
	}
	if (!tnum_is_const(r->s.var_off) || r->s.var_off.value) {
		struct strbuf sb = STRBUF_INIT;

		tnum_fmt(r->s.var_off, &sb);
		verr(e, "R%u is ptr_%s invalid variable offset: off=%d, var_off=%s", regno, tname,
		     off, strbuf_str(&sb));
		strbuf_free(&sb);
		return ERR_REJECT;
	}
	if (r->type & MEM_USER) {
		verr(e, "R%u is ptr_%s access user memory: off=%d", regno, tname, off);
		return ERR_REJECT;
	}
	if (r->type & MEM_PERCPU) {
		verr(e, "R%u is ptr_%s access percpu memory: off=%d", regno, tname, off);
		return ERR_REJECT;
	}
	if (write && (r->type & PTR_UNTRUSTED)) {
		verr(e, "only read is supported");
		return ERR_REJECT;
	}
	if (write && e->prog_type == BPF_PROG_TYPE_STRUCT_OPS) {
		int w = stops_btf_write(e, (u32)id, off, size);

		if (w <= 0)
			return w;
	}
	if (write && has_struct_write_op(e->prog_type))
		return unsupported(e, "store into kernel struct %s (program type's own rules)",
				   tname);
	if (write) {
		verr(e, "only read is supported");
		return ERR_REJECT;
	}
	flag = type_flag(r->type) & PTR_UNTRUSTED;
	ret = kbtf_struct_access(kb(e), (u32)id, off, size, &flag, &next, &field, msg, sizeof(msg));
	if (ret == -ENOTSUP)
		return unsupported(e, "%s", msg + strlen("unsupported: "));
	if (ret < 0) {
		verr(e, "%s", msg);
		return ERR_REJECT;
	}
	if (ret != KBTF_WALK_PTR) {
		/* a scalar */
	} else if (r->type & PTR_UNTRUSTED) {
		flag = PTR_UNTRUSTED;
	} else if (xbtf_is_trusted(r) || (r->type & MEM_RCU)) {
		if (kbtf_nested_trusted(kb(e), (u32)id, field, next, "__safe_trusted")) {
			flag |= PTR_TRUSTED;
		} else if (kbtf_nested_trusted(kb(e), (u32)id, field, next,
					       "__safe_trusted_or_null")) {
			flag |= PTR_TRUSTED | PTR_MAYBE_NULL;
		} else if (xbtf_in_rcu_cs(e) && !(r->type & PTR_MAYBE_NULL)) {
			bool rcu_or_null = kbtf_nested_trusted(kb(e), (u32)id, field, next,
							       "__safe_rcu_or_null");

			if (kbtf_nested_trusted(kb(e), (u32)id, field, next, "__safe_rcu")) {
				flag |= MEM_RCU;
			} else if ((flag & MEM_RCU) || rcu_or_null) {
				flag |= MEM_RCU | PTR_MAYBE_NULL;
				if (rcu_or_null)
					flag &= ~PTR_UNTRUSTED;
			} else if (flag & (MEM_PERCPU | MEM_USER)) {
				/* kept as they are */
			} else {
				flag &= ~(PTR_TRUSTED | MEM_RCU | PTR_MAYBE_NULL | PTR_UNTRUSTED);
			}
		} else {
			flag = PTR_UNTRUSTED;
		}
	} else {
		/* old, deprecated plain PTR_TO_BTF_ID: clear_trusted_flags() */
		flag &= ~(PTR_TRUSTED | MEM_RCU);
	}
	mark_ld(e, value_regno, ret, next, flag);
	return 0;
}

/* map->ops->map_btf_id of each map type (the kernel's BTF_ID_LIST_SINGLE(..._btf_ids) lists) */
static const char *map_struct_name(u32 map_type)
{
	switch (map_type) {
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
		return "bpf_array";
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
		return "bpf_htab";
	case BPF_MAP_TYPE_STACK_TRACE:
		return "bpf_stack_map";
	case BPF_MAP_TYPE_LPM_TRIE:
		return "lpm_trie";
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
		return "bpf_dtab";
	case BPF_MAP_TYPE_SOCKMAP:
		return "bpf_stab";
	case BPF_MAP_TYPE_SOCKHASH:
		return "bpf_shtab";
	case BPF_MAP_TYPE_CPUMAP:
		return "bpf_cpu_map";
	case BPF_MAP_TYPE_XSKMAP:
		return "xsk_map";
	case BPF_MAP_TYPE_CGROUP_STORAGE:
	case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
		return "bpf_cgroup_storage_map";
	case BPF_MAP_TYPE_REUSEPORT_SOCKARRAY:
		return "reuseport_array";
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		return "bpf_queue_stack";
	case BPF_MAP_TYPE_SK_STORAGE:
	case BPF_MAP_TYPE_INODE_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
	case BPF_MAP_TYPE_CGRP_STORAGE:
		return "bpf_local_storage_map";
	case BPF_MAP_TYPE_STRUCT_OPS:
		return "bpf_struct_ops_map";
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
		return "bpf_ringbuf_map";
	case BPF_MAP_TYPE_BLOOM_FILTER:
		return "bpf_bloom_filter";
	case BPF_MAP_TYPE_ARENA:
		return "bpf_arena";
	default:
		return NULL;
	}
}

int xbtf_map_access(struct engine *e, u32 regno, s32 off, int size, bool write, s32 value_regno)
{
	struct reg *r = &cur_regs(e)[regno];
	const struct map_def *m = reg_map(e, r);
	const char *sname, *tname;
	u32 flag = 0, next = 0;
	char msg[256];
	s64 id;
	int ret, err;

	if (!m)
		return unsupported(e, "map pointer of an unknown map");
	err = xbtf_need(e, "map pointer field access");
	if (err)
		return err;
	sname = map_struct_name(m->type);
	if (!sname)
		return unsupported(e, "map pointer field access for map type %u", m->type);
	id = kbtf_find(kb(e), sname, KBTF_STRUCT);
	if (id <= 0)
		return unsupported(e, "kernel BTF has no struct %s", sname);
	tname = kbtf_name(kb(e), (u32)id);
	if (!e->allow_ptr_leaks) {
		verr(e, "'struct %s' access is allowed only to CAP_PERFMON and CAP_SYS_ADMIN",
		     tname);
		return ERR_REJECT;
	}
	if (off < 0) {
		verr(e, "R%u is %s invalid negative access: off=%d", regno, tname, off);
		return ERR_REJECT;
	}
	if (write) {
		verr(e, "only read from %s is supported", tname);
		return ERR_REJECT;
	}
	ret = kbtf_struct_access(kb(e), (u32)id, off, size, &flag, &next, NULL, msg, sizeof(msg));
	if (ret == -ENOTSUP)
		return unsupported(e, "%s", msg + strlen("unsupported: "));
	if (ret < 0) {
		verr(e, "%s", msg);
		return ERR_REJECT;
	}
	mark_ld(e, value_regno, ret, next, flag);
	return 0;
}

int xbtf_helper_ret(struct engine *e, const char *helper, const char *struct_name, u32 flags)
{
	char what[96];
	s64 id;
	int err;

	snprintf(what, sizeof(what), "helper %s return type", helper);
	err = xbtf_need(e, what);
	if (err)
		return err;
	if (!struct_name)
		return unsupported(e, "helper %s return type without BTF struct", helper);
	id = kbtf_find(kb(e), struct_name, KBTF_STRUCT);
	if (id <= 0)
		return unsupported(e, "kernel BTF has no struct %s", struct_name);
	/* the engine gives maybe-NULL results their id after the return-type switch */
	reg_mark_ptr(&cur_regs(e)[0], PTR_TO_BTF_ID | flags);
	cur_regs(e)[0].btf_id = (u32)id;
	cur_regs(e)[0].btf = kbtf_name(kb(e), (u32)id);
	return 0;
}

int xbtf_ctx_ptr(struct engine *e, s32 value_regno, u32 type, const char *struct_name)
{
	s64 id;
	int err = xbtf_need(e, "context field of BTF pointer type");

	if (err)
		return err;
	if (!struct_name)
		return unsupported(e, "context field of BTF pointer type without struct");
	id = kbtf_find(kb(e), struct_name, KBTF_STRUCT);
	if (id <= 0)
		return unsupported(e, "kernel BTF has no struct %s", struct_name);
	if (value_regno >= 0)
		xbtf_mark_ptr(e, &cur_regs(e)[value_regno], type, (u32)id);
	return 0;
}

bool xbtf_ids_match(struct engine *e, u32 id, s32 off, u32 want, bool strict)
{
	char msg[160];

	if (off == 0 && id == want)
		return true;
	if (strict || off < 0)
		return false;
	for (int depth = 0; depth < 32; depth++) {
		u32 tid = id, next = 0, flags = 0;
		int o = off;

		if (kbtf_struct_walk(kb(e), &tid, &o, 1, &next, &flags, NULL, msg, sizeof(msg)) !=
		    KBTF_WALK_STRUCT)
			return false;
		if (tid == want)
			return true;
		id = tid;
		off = 0;
	}
	return false;
}

/* The PTR_TO_BTF_ID part of check_reg_type() ("found:") and check_func_arg_reg_off() for a
 * helper argument whose register type already matched the argument's compatible types. */
int xbtf_helper_arg(struct engine *e, u32 regno, u32 arg_type, bool mem_arg, const char *want,
		    const char *helper, bool sk_release)
{
	struct reg *r = &cur_regs(e)[regno];
	bool release = arg_type & OBJ_RELEASE;
	u32 t = r->type;
	s64 id, want_id;
	int err;

	if (mem_arg) {
		if (!(arg_type & MEM_RDONLY)) {
			verr(e, "%s() may write into memory pointed by R%u type=%s", helper, regno,
			     type_str(e, r->type));
			return ERR_REJECT;
		}
		return unsupported(e, "BTF pointer as helper memory");
	}
	if (t & (MEM_ALLOC | MEM_PERCPU))
		return unsupported(e, "allocated or per-CPU BTF pointer passed to a helper");
	if ((t & PTR_MAYBE_NULL) && (!(arg_type & PTR_MAYBE_NULL) || release)) {
		verr(e, "Possibly NULL pointer passed to helper arg%u", regno);
		return ERR_REJECT;
	}
	if (!want)
		return unsupported(e, "helper %s argument without BTF type", helper);
	id = xbtf_reg_id(e, r, "BTF pointer passed to a helper");
	if (id < 0)
		return (int)id;
	want_id = kbtf_find(kb(e), want, KBTF_STRUCT);
	if (want_id <= 0)
		return unsupported(e, "kernel BTF has no struct %s", want);
	if (!xbtf_ids_match(e, (u32)id, r->off, (u32)want_id, release && !sk_release)) {
		verr(e, "R%u is of type %s but %s is expected", regno, kbtf_name(kb(e), (u32)id),
		     kbtf_name(kb(e), (u32)want_id));
		return ERR_REJECT;
	}
	/* check_func_arg_reg_off() */
	if (release) {
		if (r->off) {
			verr(e,
			     "R%u must have zero offset when passed to release func or trusted "
			     "arg to kfunc",
			     regno);
			return ERR_REJECT;
		}
		return check_ptr_off_reg(e, r, regno, false);
	}
	err = check_ptr_off_reg(e, r, regno, true);
	return err;
}

/* The kernel struct a global function's argument type names: CO-RE flavors ("task_struct___local")
 * stand for the struct without the suffix (bpf_core_essential_name_len()). */
static s64 arg_struct_id(struct engine *e, const char *name)
{
	char buf[128];
	const char *flavor;

	if (!name)
		return -ENOENT;
	flavor = strstr(name, "___");
	if (flavor) {
		snprintf(buf, sizeof(buf), "%.*s", (int)(flavor - name), name);
		name = buf;
	}
	return kbtf_find(kb(e), name, KBTF_STRUCT);
}

/* A global function's __arg_trusted argument at the function's entry (do_check_common(): the
 * argument is PTR_TO_BTF_ID | PTR_TRUSTED [| PTR_MAYBE_NULL] of the kernel struct of that name). */
int xbtf_global_arg_entry(struct engine *e, struct reg *r, const struct func_arg *fa)
{
	s64 id;
	int err = xbtf_need(e, "global function argument of kernel type");

	if (err)
		return err;
	id = arg_struct_id(e, fa->type_name);
	if (id <= 0)
		return unsupported(e, "global function argument of type %s not in the kernel BTF",
				   fa->type_name ? fa->type_name : "?");
	reg_mark_ptr(r, PTR_TO_BTF_ID | PTR_TRUSTED | (fa->nullable ? PTR_MAYBE_NULL : 0));
	r->btf_id = (u32)id;
	r->btf = kbtf_name(kb(e), (u32)id);
	r->id = ++e->id_gen;
	return 0;
}

/* The caller's register for such an argument (btf_check_func_arg_match(): check_reg_type() with
 * ARG_PTR_TO_BTF_ID | PTR_TRUSTED, then check_func_arg_reg_off()). ERR_REJECT: the caller adds
 * "Caller passes invalid args ...". */
int xbtf_global_arg_call(struct engine *e, u32 regno, const struct func_arg *fa)
{
	static const u32 compat[] = {PTR_TO_BTF_ID, PTR_TO_BTF_ID | PTR_TRUSTED,
				     PTR_TO_BTF_ID | MEM_RCU};
	struct reg *r = &cur_regs(e)[regno];
	u32 t = r->type, i;
	s64 id, want;
	int err;

	if (reg_is_null(r) && fa->nullable)
		return 0;
	if (fa->nullable)
		t &= ~PTR_MAYBE_NULL;
	for (i = 0; i < ARRAY_SIZE(compat); i++)
		if (t == compat[i])
			break;
	if (i == ARRAY_SIZE(compat)) {
		char a[64], b[64], c[64], d[64];

		if (r->type == SCALAR_VALUE && r->btf_unknown)
			return unsupported(e,
					   "BTF-typed context value passed to a global function");
		verr(e, "R%u type=%s expected=%s, %s, %s", regno,
		     regtype_str(r->type, a, sizeof(a)), regtype_str(compat[0], b, sizeof(b)),
		     regtype_str(compat[1], c, sizeof(c)), regtype_str(compat[2], d, sizeof(d)));
		return ERR_REJECT;
	}
	err = xbtf_need(e, "global function argument of kernel type");
	if (err)
		return err;
	id = xbtf_reg_id(e, r, "global function argument");
	if (id < 0)
		return (int)id;
	want = arg_struct_id(e, fa->type_name);
	if (want <= 0)
		return unsupported(e, "global function argument of type %s not in the kernel BTF",
				   fa->type_name ? fa->type_name : "?");
	if (!xbtf_ids_match(e, (u32)id, r->off, (u32)want, false)) {
		verr(e, "R%u is of type %s but %s is expected", regno, kbtf_name(kb(e), (u32)id),
		     kbtf_name(kb(e), (u32)want));
		return ERR_REJECT;
	}
	return check_ptr_off_reg(e, r, regno, true);
}

/* raw_tp_null_args[] of kernel/bpf/btf.c (6.12): tracepoints whose arguments may be NULL (bit
 * 4*i) or an ERR_PTR (bit 4*i+1). */
static const struct {
	const char *func;
	u64 mask;
} raw_tp_null_args[] = {
	{"sched_pi_setprio", 0x10},
	{"sched_process_wait", 0x1},
	{"sched_stick_numa", 0x100},
	{"sched_swap_numa", 0x100},
	{"afs_make_fs_call", 0x10},
	{"afs_make_fs_calli", 0x10},
	{"afs_make_fs_call1", 0x10},
	{"afs_make_fs_call2", 0x10},
	{"afs_protocol_error", 0x1},
	{"afs_flock_ev", 0x10},
	{"cachefiles_lookup", 0x1 | 0x200},
	{"cachefiles_unlink", 0x1},
	{"cachefiles_rename", 0x1},
	{"cachefiles_prep_read", 0x1},
	{"cachefiles_mark_active", 0x1},
	{"cachefiles_mark_failed", 0x1},
	{"cachefiles_mark_inactive", 0x1},
	{"cachefiles_vfs_error", 0x1},
	{"cachefiles_io_error", 0x1},
	{"cachefiles_ondemand_open", 0x1},
	{"cachefiles_ondemand_copen", 0x1},
	{"cachefiles_ondemand_close", 0x1},
	{"cachefiles_ondemand_read", 0x1},
	{"cachefiles_ondemand_cread", 0x1},
	{"cachefiles_ondemand_fd_write", 0x1},
	{"cachefiles_ondemand_fd_release", 0x1},
	{"ext4_mballoc_discard", 0x10},
	{"ext4_mballoc_free", 0x10},
	{"fib_table_lookup", 0x100},
	{"posix_lock_inode", 0x10},
	{"fcntl_setlk", 0x10},
	{"locks_remove_posix", 0x10},
	{"flock_lock_inode", 0x10},
	{"break_lease_noblock", 0x10},
	{"break_lease_block", 0x10},
	{"break_lease_unblock", 0x10},
	{"generic_delete_lease", 0x10},
	{"time_out_leases", 0x10},
	{"host1x_cdma_push_gather", 0x10000},
	{"mm_khugepaged_scan_pmd", 0x10},
	{"mm_collapse_huge_page_isolate", 0x1},
	{"mm_khugepaged_scan_file", 0x10},
	{"mm_khugepaged_collapse_file", 0x10},
	{"mm_page_alloc", 0x1},
	{"mm_page_pcpu_drain", 0x1},
	{"mm_page_alloc_zone_locked", 0x1},
	{"netfs_failure", 0x10},
	{"device_pm_callback_start", 0x10},
	{"qdisc_dequeue", 0x1000},
	{"rxrpc_recvdata", 0x1},
	{"rxrpc_resend", 0x10},
	{"signal_generate", 0x20},
	{"signal_deliver", 0x20},
	{"xs_stream_read_data", 0x1},
	{"xprt_reserve_cong", 0x10},
	{"xprt_release_cong", 0x10},
	{"xprt_get_cong", 0x10},
	{"xprt_put_cong", 0x10},
	{"tcp_send_reset", 0x11},
	{"tegra_dma_tx_status", 0x100},
	{"tmigr_update_events", 0x1},
};

/* untrusted_lsm_hooks of kernel/bpf/bpf_lsm.c: their arguments are not trusted */
static bool lsm_untrusted(const char *hook)
{
	static const char *const hooks[] = {
		"bpf_map_free",	      "bpf_prog_free",	   "file_alloc_security",
		"file_free_security", "sk_alloc_security", "sk_free_security",
		"task_free"};

	if (!strncmp(hook, "bpf_lsm_", 8))
		hook += 8;
	for (size_t i = 0; i < ARRAY_SIZE(hooks); i++)
		if (!strcmp(hook, hooks[i]))
			return true;
	return false;
}

/* The ctx_arg_info of the BPF iterator targets whose context pointers are all kernel structs
 * (bpf_iter_reg registrations, 6.12): type flags of arguments 1 and 2 (0: no entry). Targets
 * with buffer arguments (bpf_map_elem, sockmap, bpf_sk_storage_map) are not modelled. */
static const struct {
	const char *target;
	u32 flags[3];
} iter_ctx_args[] = {
	{"bpf_prog", {0, PTR_MAYBE_NULL, 0}},
	{"cgroup", {0, PTR_MAYBE_NULL | PTR_TRUSTED, 0}},
	{"task", {0, PTR_MAYBE_NULL | PTR_TRUSTED, 0}},
	{"task_file", {0, PTR_MAYBE_NULL, PTR_MAYBE_NULL}},
	{"task_vma", {0, PTR_MAYBE_NULL, PTR_MAYBE_NULL}},
	{"bpf_map", {0, PTR_MAYBE_NULL | PTR_TRUSTED, 0}},
	{"bpf_link", {0, PTR_MAYBE_NULL, 0}},
	{"netlink", {0, PTR_MAYBE_NULL, 0}},
	{"ipv6_route", {0, PTR_MAYBE_NULL, 0}},
	{"unix", {0, PTR_MAYBE_NULL, 0}},
	{"tcp", {0, PTR_MAYBE_NULL | PTR_TRUSTED, 0}},
	{"udp", {0, PTR_MAYBE_NULL | PTR_TRUSTED, 0}},
};

static int iter_target(const char *target)
{
	for (size_t i = 0; i < ARRAY_SIZE(iter_ctx_args); i++)
		if (!strcmp(target, iter_ctx_args[i].target))
			return (int)i;
	return -1;
}

/* The attach target's FUNC_PROTO id (bpf_check_attach_target()), 0 when bpfvet does not model the
 * attach kind, negative when the kernel BTF lacks it. *skip: arguments to skip (tp_btf's void
 * *__data). */
static s64 attach_proto(struct engine *e, const char *target, u32 *skip, char *tname, size_t tlen)
{
	u32 at = e->prog->expected_attach_type;
	char name[256];
	struct kbtf_type t;
	s64 id;

	*skip = 0;
	snprintf(tname, tlen, "%s", target);
	if (e->prog_type == BPF_PROG_TYPE_TRACING &&
	    (at == BPF_TRACE_FENTRY || at == BPF_TRACE_FEXIT || at == BPF_MODIFY_RETURN)) {
		if (strchr(target, ':'))
			return 0; /* another BPF program or a module function */
		id = kbtf_find(kb(e), target, KBTF_FUNC);
		if (id <= 0 || kbtf_type(kb(e), (u32)id, &t))
			return -ENOENT;
		return t.type;
	}
	if (e->prog_type == BPF_PROG_TYPE_TRACING && at == BPF_TRACE_RAW_TP) {
		snprintf(name, sizeof(name), "btf_trace_%s", target);
		id = kbtf_find(kb(e), name, KBTF_TYPEDEF);
		if (id <= 0 || kbtf_type(kb(e), (u32)id, &t) || kbtf_type(kb(e), t.type, &t) ||
		    t.kind != KBTF_PTR)
			return -ENOENT;
		*skip = 1;
		return t.type;
	}
	if (e->prog_type == BPF_PROG_TYPE_TRACING && at == BPF_TRACE_ITER) {
		if (iter_target(target) < 0)
			return 0;
		snprintf(name, sizeof(name), "bpf_iter_%s", target);
		snprintf(tname, tlen, "%s", name);
		id = kbtf_find(kb(e), name, KBTF_FUNC);
		if (id <= 0 || kbtf_type(kb(e), (u32)id, &t))
			return -ENOENT;
		return t.type;
	}
	if (e->prog_type == BPF_PROG_TYPE_LSM && at == BPF_LSM_MAC) {
		if (!strncmp(target, "bpf_lsm_", 8))
			target += 8;
		snprintf(name, sizeof(name), "bpf_lsm_%s", target);
		snprintf(tname, tlen, "%s", name);
		id = kbtf_find(kb(e), name, KBTF_FUNC);
		if (id <= 0 || kbtf_type(kb(e), (u32)id, &t))
			return -ENOENT;
		return t.type;
	}
	return 0;
}

/* get_ctx_arg_idx() */
static u32 ctx_arg_idx(struct engine *e, u32 proto, const struct kbtf_type *pt, u32 skip, int off)
{
	u32 offset = 0;

	for (u32 i = skip; i < pt->vlen; i++) {
		struct kbtf_member p;
		struct kbtf_type t;

		if (kbtf_member(kb(e), proto, i, &p) || kbtf_skip_mods(kb(e), p.type, NULL, &t))
			return UINT32_MAX;
		offset += t.kind == KBTF_PTR ? 8 : (t.size + 7) / 8 * 8;
		if ((u32)off < offset)
			return i - skip;
	}
	return (u32)off / 8 - offset / 8 + (pt->vlen - skip);
}

int xbtf_ctx_arg(struct engine *e, s32 off, int size, bool write, s32 value_regno)
{
	const char *target = e->prog->attach_target;
	char fname[256];
	struct kbtf_type pt, t;
	struct kbtf_member p = {.name = ""};
	u32 skip, arg, nr, type = PTR_TO_BTF_ID, tid, at = e->prog->expected_attach_type;
	bool trusted, ptr_err = false;
	bool st_ops = e->prog_type == BPF_PROG_TYPE_STRUCT_OPS;
	s64 proto;

	if (st_ops)
		at = 0; /* the member index: none of the attach kinds below */
	if (write || !target ||
	    (!st_ops && at != BPF_TRACE_FENTRY && at != BPF_TRACE_FEXIT &&
	     at != BPF_MODIFY_RETURN && at != BPF_TRACE_RAW_TP && at != BPF_LSM_MAC &&
	     at != BPF_TRACE_ITER))
		return 1;
	if (kbtf_ready(kb(e)))
		return 1; /* without kernel BTF: the BTF-free treatment (typeless scalars) */
	if (st_ops) {
		/* check_struct_ops_btf_id() took the member's prototype */
		const char *colon = strchr(target, ':');

		skip = 0;
		snprintf(fname, sizeof(fname), "%s", colon ? colon + 1 : target);
		proto = stops_member_proto(e);
	} else {
		proto = attach_proto(e, target, &skip, fname, sizeof(fname));
	}
	if (proto == 0)
		return 1;
	if (proto < 0)
		return unsupported(e, "attach target %s not in the kernel BTF", target);
	if (kbtf_type(kb(e), (u32)proto, &pt) || pt.kind != KBTF_FUNC_PROTO || pt.vlen < skip)
		return unsupported(e, "attach target %s prototype unreadable", target);
	if (off % 8) {
		verr(e, "func '%s' offset %d is not multiple of 8", fname, off);
		verr(e, "invalid bpf_context access off=%d size=%d", off, size);
		return ERR_REJECT;
	}
	arg = ctx_arg_idx(e, (u32)proto, &pt, skip, off);
	nr = pt.vlen - skip;
	if (arg == UINT32_MAX)
		return unsupported(e, "attach target %s prototype unreadable", target);
	if (arg > nr ||
	    (arg == nr && at != BPF_TRACE_FEXIT && at != BPF_MODIFY_RETURN && at != BPF_LSM_MAC)) {
		verr(e, "func '%s' doesn't have %u-th argument", fname, arg + 1);
		verr(e, "invalid bpf_context access off=%d size=%d", off, size);
		return ERR_REJECT;
	}
	if (arg == nr) {
		if (at == BPF_LSM_MAC)
			return 1; /* the return value, with its range: the old path */
		tid = pt.type;
		if (at == BPF_MODIFY_RETURN) {
			if (kbtf_skip_mods(kb(e), tid, NULL, &t))
				return unsupported(e, "attach target %s prototype unreadable",
						   target);
			if (t.kind != KBTF_INT || t.size > 8) {
				verr(e, "ret type %s not allowed for fmod_ret",
				     kbtf_kind_str(t.kind));
				verr(e, "invalid bpf_context access off=%d size=%d", off, size);
				return ERR_REJECT;
			}
		}
	} else {
		if (kbtf_member(kb(e), (u32)proto, arg + skip, &p))
			return unsupported(e, "attach target %s prototype unreadable", target);
		tid = p.type;
	}
	if (kbtf_skip_mods(kb(e), tid, NULL, &t))
		return unsupported(e, "attach target %s prototype unreadable", target);
	if ((t.kind == KBTF_INT && t.size <= 8) || t.kind == KBTF_ENUM || t.kind == KBTF_ENUM64 ||
	    t.kind == KBTF_STRUCT || t.kind == KBTF_UNION || tid == 0) {
		if (value_regno >= 0)
			reg_mark_unknown(&cur_regs(e)[value_regno]);
		return 0;
	}
	if (t.kind != KBTF_PTR) {
		verr(e, "func '%s' arg%u '%s' has type %s. Only pointer access is allowed", fname,
		     arg, t.name, kbtf_kind_str(t.kind));
		verr(e, "invalid bpf_context access off=%d size=%d", off, size);
		return ERR_REJECT;
	}
	if (size != 8) {
		verr(e, "func '%s' size %d must be 8", fname, size);
		verr(e, "invalid bpf_context access off=%d size=%d", off, size);
		return ERR_REJECT;
	}
	{
		struct kbtf_type pointee;

		if (t.type == 0 ||
		    (!kbtf_skip_mods(kb(e), t.type, NULL, &pointee) && pointee.kind == KBTF_INT)) {
			/* void * and int *: scalars */
			if (value_regno >= 0)
				reg_mark_unknown(&cur_regs(e)[value_regno]);
			return 0;
		}
	}
	trusted = st_ops || at == BPF_TRACE_RAW_TP || at == BPF_TRACE_ITER ||
		  (at == BPF_LSM_MAC && !lsm_untrusted(target));
	if (at == BPF_TRACE_ITER && arg >= 1 && arg <= 2 &&
	    iter_ctx_args[iter_target(target)].flags[arg]) {
		/* the target's ctx_arg_info decides */
		type |= iter_ctx_args[iter_target(target)].flags[arg];
		trusted = false;
	}
	if (trusted)
		type |= PTR_TRUSTED;
	if (st_ops) {
		int fl = stops_arg_flags(e, arg);

		if (fl < 0)
			return unsupported(e, "struct_ops argument %u of %s: stub flags", arg,
					   target);
		type |= (u32)fl;
	}
	{
		size_t n = strlen(p.name);

		if (n >= 10 && !strcmp(p.name + n - 10, "__nullable"))
			type |= PTR_MAYBE_NULL;
	}
	if (at == BPF_TRACE_RAW_TP) {
		for (size_t i = 0; i < ARRAY_SIZE(raw_tp_null_args); i++) {
			if (strcmp(target, raw_tp_null_args[i].func))
				continue;
			if (raw_tp_null_args[i].mask & (0x1ULL << (arg * 4)))
				type |= PTR_MAYBE_NULL;
			if (raw_tp_null_args[i].mask & (0x2ULL << (arg * 4)))
				ptr_err = true;
			break;
		}
	}
	{
		struct kbtf_type tag, st;
		u32 sid;

		if (!kbtf_type(kb(e), t.type, &tag) && tag.kind == KBTF_TYPE_TAG) {
			if (!strcmp(tag.name, "user"))
				type |= MEM_USER;
			if (!strcmp(tag.name, "percpu"))
				type |= MEM_PERCPU;
		}
		if (kbtf_skip_mods(kb(e), t.type, &sid, &st))
			return unsupported(e, "attach target %s prototype unreadable", target);
		if (st.kind != KBTF_STRUCT && st.kind != KBTF_UNION) {
			verr(e, "func '%s' arg%u type %s is not a struct", fname, arg,
			     kbtf_kind_str(st.kind));
			verr(e, "invalid bpf_context access off=%d size=%d", off, size);
			return ERR_REJECT;
		}
		if (value_regno < 0)
			return 0;
		if (ptr_err) {
			reg_mark_unknown(&cur_regs(e)[value_regno]);
			return 0;
		}
		if (st_ops)
			sid = stops_promote_arg(e, sid);
		xbtf_mark_ptr(e, &cur_regs(e)[value_regno], type, sid);
	}
	return 0;
}

/* map_kptr_match_type(): may reg (PTR_TO_BTF_ID or not) be stored into / exchanged with the kptr
 * field kf? 0, ERR_REJECT with the kernel's message, or ERR_UNSUPPORTED. */
int xbtf_kptr_match(struct engine *e, u32 regno, const struct map_field *kf)
{
	struct reg *r = &cur_regs(e)[regno];
	u32 perm = PTR_MAYBE_NULL | PTR_TRUSTED | MEM_RCU;
	const char *rname = "";
	char a[64], b[64], c[64];
	s64 target, id;
	int err;

	err = xbtf_need(e, "kptr field");
	if (err)
		return err;
	target = kf->target ? kbtf_find(kb(e), kf->target, KBTF_STRUCT) : -ENOENT;
	if (target <= 0)
		return unsupported(e, "kptr to program-local type %s",
				   kf->target ? kf->target : "?");
	if (kf->kind == MAP_FIELD_KPTR_UNREF)
		perm |= PTR_UNTRUSTED;
	if (base_type(r->type) != PTR_TO_BTF_ID || (type_flag(r->type) & ~perm))
		goto bad_type;
	id = xbtf_reg_id(e, r, "kptr field");
	if (id < 0)
		return (int)id;
	rname = kbtf_name(kb(e), (u32)id);
	err = check_ptr_off_reg(e, r, regno, true);
	if (err)
		return err;
	if (!xbtf_ids_match(e, (u32)id, r->off, (u32)target, kf->kind != MAP_FIELD_KPTR_UNREF))
		goto bad_type;
	return 0;
bad_type:
	if (kf->kind == MAP_FIELD_KPTR_UNREF)
		verr(e, "invalid kptr access, R%u type=%s%s expected=%s%s or %s%s", regno,
		     regtype_str(r->type, a, sizeof(a)), rname,
		     regtype_str(PTR_TO_BTF_ID, b, sizeof(b)), kf->target,
		     regtype_str(PTR_TO_BTF_ID | PTR_UNTRUSTED, c, sizeof(c)), kf->target);
	else
		verr(e, "invalid kptr access, R%u type=%s%s expected=%s%s", regno,
		     regtype_str(r->type, a, sizeof(a)), rname,
		     regtype_str(PTR_TO_BTF_ID, b, sizeof(b)), kf->target);
	return ERR_REJECT;
}

/* process_kptr_func(): bpf_kptr_xchg's destination (a map value pointing at a referenced kptr). */
int xbtf_kptr_dest(struct engine *e, u32 regno, const struct map_field **out)
{
	struct reg *r = &cur_regs(e)[regno];
	const struct map_def *m;
	const struct map_field *kf = NULL;
	bool any = false;
	s64 off;

	*out = NULL;
	if (r->type != PTR_TO_MAP_VALUE)
		return unsupported(e, "bpf_kptr_xchg into an allocated object");
	m = reg_map(e, r);
	if (!m)
		return unsupported(e, "map value of unknown map");
	if (!m->has_btf) {
		verr(e, "map '%s' has to have BTF in order to use bpf_kptr_xchg", m->name);
		return ERR_REJECT;
	}
	if (!tnum_is_const(r->s.var_off)) {
		verr(e, "R%u doesn't have constant offset. kptr has to be at the constant offset",
		     regno);
		return ERR_REJECT;
	}
	off = (s64)r->off + (s64)r->s.var_off.value;
	for (u32 i = 0; i < m->field_cnt; i++) {
		u32 k = m->fields[i].kind;

		if (k != MAP_FIELD_KPTR_UNREF && k != MAP_FIELD_KPTR_REF &&
		    k != MAP_FIELD_KPTR_PERCPU)
			continue;
		any = true;
		if ((s64)m->fields[i].off == off)
			kf = &m->fields[i];
	}
	if (!any) {
		verr(e, "R%u has no valid kptr", regno);
		return ERR_REJECT;
	}
	if (!kf) {
		verr(e, "off=%d doesn't point to kptr", (int)off);
		return ERR_REJECT;
	}
	if (kf->kind != MAP_FIELD_KPTR_REF && kf->kind != MAP_FIELD_KPTR_PERCPU) {
		verr(e, "off=%d kptr isn't referenced kptr", (int)off);
		return ERR_REJECT;
	}
	if (kf->kind == MAP_FIELD_KPTR_PERCPU)
		return unsupported(e, "per-CPU kptr");
	*out = kf;
	return 0;
}

/* bpf_kptr_xchg's new value: check_reg_type()'s kptr case and check_func_arg_reg_off(). */
int xbtf_kptr_xchg_src(struct engine *e, u32 regno, u32 arg_type, const struct map_field *kf)
{
	struct reg *r = &cur_regs(e)[regno];
	int err;

	if (!kf)
		return unsupported(e, "bpf_kptr_xchg without a destination kptr");
	if (r->type & (MEM_ALLOC | MEM_PERCPU))
		return unsupported(e, "allocated object passed to bpf_kptr_xchg");
	if ((r->type & PTR_MAYBE_NULL) &&
	    (!(arg_type & PTR_MAYBE_NULL) || (arg_type & OBJ_RELEASE))) {
		verr(e, "Possibly NULL pointer passed to helper arg%u", regno);
		return ERR_REJECT;
	}
	err = xbtf_kptr_match(e, regno, kf);
	if (err)
		return err;
	if ((arg_type & OBJ_RELEASE) && r->off) {
		verr(e,
		     "R%u must have zero offset when passed to release func or trusted arg to "
		     "kfunc",
		     regno);
		return ERR_REJECT;
	}
	return check_ptr_off_reg(e, r, regno, !(arg_type & OBJ_RELEASE));
}

/* check_pseudo_btf_id() + the BPF_PSEUDO_BTF_ID case of check_ld_imm(): a typed ksym (a kernel
 * variable or function named by the program's extern ext). */
int xbtf_ld_ksym(struct engine *e, struct reg *dst, s32 ext)
{
	const char *name =
		ext >= 0 && (u32)ext < e->prog->extern_cnt ? e->prog->externs[ext].name : NULL;
	struct kbtf_type var, t, sec;
	s64 id, sid;
	bool percpu = false;
	u32 size, tid;
	int err;

	if (!name)
		return unsupported(e, "ld_imm64 of an unknown kernel symbol");
	err = xbtf_need(e, "kernel symbol");
	if (err)
		return err;
	id = kbtf_find(kb(e), name, KBTF_VAR);
	if (id <= 0) {
		if (kbtf_find(kb(e), name, KBTF_FUNC) > 0) {
			reg_mark_ptr(dst, PTR_TO_MEM | MEM_RDONLY);
			dst->mem_size = 0;
			return 0;
		}
		return unsupported(e, "kernel symbol %s not in the kernel BTF", name);
	}
	if (kbtf_type(kb(e), (u32)id, &var))
		return unsupported(e, "kernel symbol %s unreadable", name);
	switch (kbtf_kallsyms_has(kb(e), name)) {
	case 1:
		break;
	case 0:
		verr(e, "ldimm64 failed to find the address for kernel symbol '%s'.", name);
		return ERR_REJECT;
	default:
		return unsupported(e, "kernel symbol %s: its kallsyms address is unknown", name);
	}
	sid = kbtf_find(kb(e), ".data..percpu", KBTF_DATASEC);
	if (sid > 0 && !kbtf_type(kb(e), (u32)sid, &sec)) {
		for (u32 i = 0; i < sec.vlen; i++) {
			struct kbtf_member m;

			if (!kbtf_member(kb(e), (u32)sid, i, &m) && m.type == (u32)id) {
				percpu = true;
				break;
			}
		}
	}
	if (kbtf_skip_mods(kb(e), var.type, &tid, &t))
		return unsupported(e, "kernel symbol %s unreadable", name);
	if (percpu) {
		xbtf_mark_ptr(e, dst, PTR_TO_BTF_ID | MEM_PERCPU, var.type);
	} else if (t.kind != KBTF_STRUCT && t.kind != KBTF_UNION) {
		if (kbtf_resolve_size(kb(e), var.type, &size)) {
			verr(e, "ldimm64 unable to resolve the size of type '%s': %d", t.name,
			     -EINVAL);
			return ERR_REJECT;
		}
		reg_mark_ptr(dst, PTR_TO_MEM | MEM_RDONLY);
		dst->mem_size = size;
	} else {
		xbtf_mark_ptr(e, dst, PTR_TO_BTF_ID, var.type);
	}
	return 0;
}

/* RET_PTR_TO_MEM_OR_BTF_ID of bpf_per_cpu_ptr / bpf_this_cpu_ptr: the type of the per-CPU
 * argument (btf_id) as memory of its size, or as a struct pointer. */
int xbtf_helper_ret_mem_or_btf(struct engine *e, const char *helper, u32 btf_id, u32 flags)
{
	struct reg *r0 = &cur_regs(e)[0];
	struct kbtf_type t;
	u32 size;
	int err = xbtf_need(e, helper);

	if (err)
		return err;
	if (!btf_id || kbtf_skip_mods(kb(e), btf_id, NULL, &t))
		return unsupported(e, "helper %s without a per-CPU type", helper);
	if (t.kind != KBTF_STRUCT && t.kind != KBTF_UNION) {
		if (kbtf_resolve_size(kb(e), btf_id, &size)) {
			verr(e, "unable to resolve the size of type '%s': %d", t.name, -EINVAL);
			return ERR_REJECT;
		}
		reg_mark_ptr(r0, PTR_TO_MEM | flags);
		r0->mem_size = size;
		return 0;
	}
	reg_mark_ptr(r0, PTR_TO_BTF_ID | (flags & ~MEM_RDONLY));
	r0->btf_id = btf_id;
	r0->btf = kbtf_name(kb(e), btf_id);
	return 0;
}

/* ARG_PTR_TO_PERCPU_BTF_ID of check_func_arg(): remember the per-CPU type (meta->ret_btf_id). */
int xbtf_percpu_arg(struct engine *e, u32 regno, u32 *btf_id)
{
	struct reg *r = &cur_regs(e)[regno];
	s64 id;

	if (!r->btf_id && !r->btf) {
		verr(e, "Helper has invalid btf_id in R%u", regno);
		return ERR_REJECT;
	}
	id = xbtf_reg_id(e, r, "per-CPU pointer");
	if (id < 0)
		return (int)id;
	*btf_id = (u32)id;
	return 0;
}
