/* Function prototypes from program BTF, pre-digested for the analyzer: for every func_info record
 * the frontend knows the function's name, whether it is global (verified on its own against its
 * prototype) and what each argument is. The argument classification follows the kernel's
 * btf_prepare_func_args() and btf_is_prog_ctx_type() (6.12): "arg:" decl tags first, then
 * pointer-to-context by struct name, bpf_dynptr, and sized memory for global functions. */
#include "fe_btf_func.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libbpf reports malformed BTF through a global print callback; frontends never print.
 * <bpf/libbpf.h> cannot be included next to bpf_defs.h (it brings <linux/bpf.h>), so the two
 * declarations needed are repeated as libbpf defines them (as fe_elf.c does). */
enum libbpf_print_level {
	LIBBPF_WARN,
	LIBBPF_INFO,
	LIBBPF_DEBUG,
};
typedef int (*libbpf_print_fn_t)(enum libbpf_print_level level, const char *, va_list ap);
libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn);

static int silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

void fe_btf_quiet(void)
{
	libbpf_set_print(silent_print);
}

#define TAG_CTX	     (1u << 0)
#define TAG_TRUSTED  (1u << 1)
#define TAG_NONNULL  (1u << 2)
#define TAG_NULLABLE (1u << 3)
#define TAG_ARENA    (1u << 4)
#define TAG_UNKNOWN  (1u << 5)

/* The kernel's bpf_types.h pairs (UAPI context, kernel context). The kernel compares the BTF
 * struct name with the UAPI name; sk_buff and xdp_buff are accepted as projections, and kprobe
 * takes the bpf_user_pt_regs_t typedef or the struct it names. */
struct ctx_names {
	u32 prog_type;
	const char *uapi;
	const char *kern;
};

static const struct ctx_names ctx_table[] = {
	{BPF_PROG_TYPE_SOCKET_FILTER, "__sk_buff", "sk_buff"},
	{BPF_PROG_TYPE_SCHED_CLS, "__sk_buff", "sk_buff"},
	{BPF_PROG_TYPE_SCHED_ACT, "__sk_buff", "sk_buff"},
	{BPF_PROG_TYPE_XDP, "xdp_md", "xdp_buff"},
	{BPF_PROG_TYPE_CGROUP_SKB, "__sk_buff", "sk_buff"},
	{BPF_PROG_TYPE_CGROUP_SOCK, "bpf_sock", NULL},
	{BPF_PROG_TYPE_CGROUP_SOCK_ADDR, "bpf_sock_addr", NULL},
	{BPF_PROG_TYPE_LWT_IN, "__sk_buff", "sk_buff"},
	{BPF_PROG_TYPE_LWT_OUT, "__sk_buff", "sk_buff"},
	{BPF_PROG_TYPE_LWT_XMIT, "__sk_buff", "sk_buff"},
	{BPF_PROG_TYPE_LWT_SEG6LOCAL, "__sk_buff", "sk_buff"},
	{BPF_PROG_TYPE_SOCK_OPS, "bpf_sock_ops", NULL},
	{BPF_PROG_TYPE_SK_SKB, "__sk_buff", "sk_buff"},
	{BPF_PROG_TYPE_SK_MSG, "sk_msg_md", NULL},
	{BPF_PROG_TYPE_FLOW_DISSECTOR, "__sk_buff", "sk_buff"},
	{BPF_PROG_TYPE_KPROBE, "bpf_user_pt_regs_t", "pt_regs"},
	{BPF_PROG_TYPE_PERF_EVENT, "bpf_perf_event_data", NULL},
	{BPF_PROG_TYPE_RAW_TRACEPOINT, "bpf_raw_tracepoint_args", NULL},
	{BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, "bpf_raw_tracepoint_args", NULL},
	{BPF_PROG_TYPE_CGROUP_DEVICE, "bpf_cgroup_dev_ctx", NULL},
	{BPF_PROG_TYPE_CGROUP_SYSCTL, "bpf_sysctl", NULL},
	{BPF_PROG_TYPE_CGROUP_SOCKOPT, "bpf_sockopt", NULL},
	{BPF_PROG_TYPE_SK_REUSEPORT, "sk_reuseport_md", NULL},
	{BPF_PROG_TYPE_SK_LOOKUP, "bpf_sk_lookup", NULL},
	{BPF_PROG_TYPE_NETFILTER, "bpf_nf_ctx", NULL},
};

bool fe_btf_is_ctx_name(u32 prog_type, const char *name)
{
	if (!name || !*name)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(ctx_table); i++) {
		const struct ctx_names *c = &ctx_table[i];

		if (c->prog_type != prog_type)
			continue;
		return strcmp(name, c->uapi) == 0 || (c->kern && strcmp(name, c->kern) == 0);
	}
	return false;
}

/* typedef, const, volatile, restrict, type_tag: what the kernel's btf_type_is_modifier() skips */
static bool is_modifier(const struct btf_type *t)
{
	return btf_is_mod(t) || btf_is_typedef(t);
}

/* Follow modifiers from type id, bounded so that a cyclic blob cannot loop us forever. */
static const struct btf_type *skip_mods(const struct btf *btf, u32 id, u32 *out_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	for (int n = 0; t && is_modifier(t) && n < 64; n++) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (t && is_modifier(t))
		t = NULL;
	if (out_id)
		*out_id = id;
	return t;
}

static u32 arg_tags(const struct btf *btf, u32 fn_id, u32 arg)
{
	u32 n = btf__type_cnt(btf), tags = 0;

	for (u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name;

		if (!t || !btf_is_decl_tag(t) || t->type != fn_id ||
		    btf_decl_tag(t)->component_idx != (int)arg)
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		if (!name || strncmp(name, "arg:", 4) != 0)
			continue;
		name += 4;
		if (strcmp(name, "ctx") == 0)
			tags |= TAG_CTX;
		else if (strcmp(name, "trusted") == 0)
			tags |= TAG_TRUSTED;
		else if (strcmp(name, "nonnull") == 0)
			tags |= TAG_NONNULL;
		else if (strcmp(name, "nullable") == 0)
			tags |= TAG_NULLABLE;
		else if (strcmp(name, "arena") == 0)
			tags |= TAG_ARENA;
		else
			tags |= TAG_UNKNOWN;
	}
	return tags;
}

static const char *kind_str(const struct btf_type *t)
{
	static const char *const names[] = {
		"UNKNOWN", "INT",     "PTR",	  "ARRAY",    "STRUCT",	  "UNION",  "ENUM",
		"FWD",	   "TYPEDEF", "VOLATILE", "CONST",    "RESTRICT", "FUNC",   "FUNC_PROTO",
		"VAR",	   "DATASEC", "FLOAT",	  "DECL_TAG", "TYPE_TAG", "ENUM64",
	};
	u32 k = btf_kind(t);

	return k < ARRAY_SIZE(names) ? names[k] : "UNKNOWN";
}

/* Is the pointer t (a PTR type) a pointer to the program type's context? */
static bool ptr_is_ctx(const struct btf *btf, const struct btf_type *t, u32 prog_type)
{
	const struct btf_type *p = btf__type_by_id(btf, t->type);

	if (prog_type == BPF_PROG_TYPE_KPROBE) {
		for (int n = 0; p && btf_is_mod(p) && n < 64; n++)
			p = btf__type_by_id(btf, p->type);
		if (p && btf_is_typedef(p) &&
		    strcmp(btf__name_by_offset(btf, p->name_off) ?: "", "bpf_user_pt_regs_t") == 0)
			return true;
	}
	p = skip_mods(btf, t->type, NULL);
	if (!p || !btf_is_struct(p))
		return false;
	return fe_btf_is_ctx_name(prog_type, btf__name_by_offset(btf, p->name_off));
}

static bool ptr_is_dynptr(const struct btf *btf, const struct btf_type *t)
{
	const struct btf_type *p = skip_mods(btf, t->type, NULL);

	if (!p || !(btf_is_struct(p) || (btf_is_fwd(p) && !btf_kflag(p))))
		return false;
	return strcmp(btf__name_by_offset(btf, p->name_off) ?: "", "bpf_dynptr") == 0;
}

static void classify_arg(const struct btf *btf, u32 fn_id, u32 arg, u32 arg_type, bool global,
			 u32 prog_type, struct object *obj, struct func_arg *a)
{
	u32 tags = global ? arg_tags(btf, fn_id, arg) : 0;
	const struct btf_type *t = skip_mods(btf, arg_type, NULL);

	a->kind = FUNC_ARG_UNSUPPORTED;
	if (!t)
		return;
	a->type_name = object_intern(obj, kind_str(t));
	if (tags & TAG_UNKNOWN)
		return;
	if (btf_is_ptr(t)) {
		const struct btf_type *p;
		u32 pid;
		s64 sz;

		if ((tags & TAG_CTX) || ptr_is_ctx(btf, t, prog_type)) {
			if (!(tags & ~TAG_CTX))
				a->kind = FUNC_ARG_PTR_TO_CTX;
			return;
		}
		if (ptr_is_dynptr(btf, t)) {
			if (!tags)
				a->kind = FUNC_ARG_PTR_TO_DYNPTR;
			return;
		}
		p = skip_mods(btf, t->type, &pid);
		if (tags & TAG_TRUSTED) {
			if (tags & TAG_NONNULL)
				return;
			if (!p || !btf_is_struct(p))
				return;
			a->kind = FUNC_ARG_PTR_TO_BTF_ID;
			a->nullable = tags & TAG_NULLABLE;
			a->type_name =
				object_intern(obj, btf__name_by_offset(btf, p->name_off) ?: "");
			return;
		}
		if (tags & TAG_ARENA) {
			if (!(tags & ~TAG_ARENA))
				a->kind = FUNC_ARG_PTR_TO_ARENA;
			return;
		}
		if (!global) {
			/* static functions are verified in their caller's context */
			a->kind = FUNC_ARG_SCALAR;
			return;
		}
		if (tags & TAG_NULLABLE)
			return;
		sz = p ? btf__resolve_size(btf, pid) : -EINVAL;
		if (sz < 0 || sz > UINT32_MAX)
			return;
		a->kind = FUNC_ARG_PTR_TO_MEM;
		a->mem_size = (u32)sz;
		a->nullable = !(tags & TAG_NONNULL);
		a->nonnull = tags & TAG_NONNULL;
		return;
	}
	if (tags)
		return;
	if (btf_is_int(t) || btf_is_any_enum(t))
		a->kind = FUNC_ARG_SCALAR;
}

int fe_btf_func_decode(const struct btf *btf, u32 type_id, u32 prog_type, struct object *obj,
		       struct func_info *fi, char *msg, size_t msg_len)
{
	const struct btf_type *fn = btf__type_by_id(btf, type_id), *proto;
	const struct btf_param *params;
	u32 n;

	if (!fn || !btf_is_func(fn)) {
		snprintf(msg, msg_len, "BTF type %u is not a FUNC", type_id);
		return -EINVAL;
	}
	proto = btf__type_by_id(btf, fn->type);
	if (!proto || !btf_is_func_proto(proto)) {
		snprintf(msg, msg_len, "BTF FUNC %u does not point to a FUNC_PROTO", type_id);
		return -EINVAL;
	}
	fi->type_id = type_id;
	fi->name = strdup(btf__name_by_offset(btf, fn->name_off) ?: "");
	if (!fi->name)
		return -ENOMEM;
	fi->global = btf_vlen(fn) == BTF_FUNC_GLOBAL;
	fi->returns_void = proto->type == 0;
	{
		const struct btf_type *rt = proto->type ? skip_mods(btf, proto->type, NULL) : NULL;

		fi->returns_scalar = rt && (btf_is_int(rt) || btf_is_any_enum(rt));
	}
	n = btf_vlen(proto);
	params = btf_params(proto);
	/* the model holds at most 5 arguments (the kernel's limit for BPF functions): a longer
	 * prototype is cut, with its last kept argument marked unsupported so that the analyzer
	 * cannot mistake the signature for a valid one */
	fi->arg_cnt = MIN(n, (u32)ARRAY_SIZE(fi->args));
	for (u32 i = 0; i < fi->arg_cnt; i++)
		classify_arg(btf, type_id, i, params[i].type, fi->global, prog_type, obj,
			     &fi->args[i]);
	if (n > ARRAY_SIZE(fi->args))
		fi->args[ARRAY_SIZE(fi->args) - 1].kind = FUNC_ARG_UNSUPPORTED;
	return 0;
}
