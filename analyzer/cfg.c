/* Structural verification and the control-flow graph. Reproduces, in the kernel's order, what
 * the kernel rejects before its abstract interpreter starts (6.12 sources, checked against the
 * 6.18 kernel): bpf_prog_load()'s own refusals (length, flags, attach type), func_info records
 * (check_btf_func_early), subprogram discovery and kfunc calls (add_subprog_and_kfunc), jump
 * ranges and subprogram ends (check_subprogs), func_info against the subprograms
 * (check_btf_func), ld_imm64 / map references / reserved LDX fields / the opcode table
 * (resolve_pseudo_ldimm64), the DFS of check_cfg with its prune-point marking, and the
 * BTF-free part of check_attach_btf_id. Then it builds basic blocks and edges for the engine
 * and the reports. Encoding checks the kernel makes only on reachable paths are in
 * insn_check.c. */
#include "cfg.h"
#include "insn_check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BPF_FUNC_TAIL_CALL	    12
#define BPF_FUNC_FOR_EACH_MAP_ELEM  164
#define BPF_FUNC_TIMER_SET_CALLBACK 170
#define BPF_FUNC_FIND_VMA	    180
#define BPF_FUNC_LOOP		    181
#define BPF_FUNC_USER_RINGBUF_DRAIN 209

#define BPF_MAX_VAR_OFF (1u << 29)
#define MAX_KFUNC_DESCS 256

/* check_cfg()'s insn_state values */
#define ST_DISCOVERED 0x10
#define ST_EXPLORED   0x20
#define E_FALLTHROUGH 1
#define E_BRANCH      2

struct cfg_ctx {
	const struct program *prog;
	bool unpriv;
	struct cfg *c;
	struct result *r;
	u32 *starts; /* sorted subprogram starts, [cnt] = insn_cnt (the fake exit) */
	u32 start_cnt;
	u8 *state; /* check_cfg insn_state */
	u32 *stack;
	u32 sp;
	u8 *back; /* per insn: E_FALLTHROUGH / E_BRANCH edges found to be back-edges */
};

static int reject(struct cfg_ctx *x, s32 insn, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int reject(struct cfg_ctx *x, s32 insn, int err, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	result_set(x->r, VERDICT_REJECT, insn, "%s", buf);
	return err;
}

/* A kernel error report of two lines: the message is the first (what the kernel's log shows
 * first), the block holds both. */
static int reject2(struct cfg_ctx *x, s32 insn, int err, const char *l1, const char *l2)
{
	size_t n1 = strlen(l1), n2 = strlen(l2);

	result_set(x->r, VERDICT_REJECT, insn, "%s", l1);
	if (!x->r->message_block) {
		x->r->message_block = malloc(n1 + n2 + 2);
		if (x->r->message_block) {
			memcpy(x->r->message_block, l1, n1);
			x->r->message_block[n1] = '\n';
			memcpy(x->r->message_block + n1 + 1, l2, n2 + 1);
		}
	}
	return err;
}

static bool is_ldimm64(const struct insn *in)
{
	return in->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static bool is_pseudo_func(const struct insn *in)
{
	return is_ldimm64(in) && in->src == BPF_PSEUDO_FUNC;
}

static bool is_pseudo_call(const struct insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL) && in->src == BPF_PSEUDO_CALL;
}

static bool is_kfunc_call(const struct insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL) && in->src == BPF_PSEUDO_KFUNC_CALL;
}

static bool is_helper_call(const struct insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL) && in->src == 0;
}

static const char *kfunc_name(const struct program *prog, const struct insn *in)
{
	if (in->off == 0 && in->imm >= 0 && (u32)in->imm < prog->extern_cnt)
		return prog->externs[in->imm].name;
	return NULL;
}

static bool name_is(const char *s, const char *want)
{
	return s && strcmp(s, want) == 0;
}

/* ---- bpf_prog_load() refusals, and func_info records (check_btf_func_early) ---- */

/* The load flags 6.18 knows (BPF_F_TOKEN_FD is 1 << 16). */
#define KNOWN_PROG_FLAGS (0xffu | (1u << 16))

/* bpf_prog_load_check_attach(), after bpf_prog_load_fixup_attach_type() turned 0 into the
 * default for cgroup_sock and sk_reuseport */
static bool attach_type_ok(u32 pt, u32 at)
{
	switch (pt) {
	case BPF_PROG_TYPE_CGROUP_SOCK:
		return at == 0 || at == BPF_CGROUP_INET_SOCK_CREATE ||
		       at == BPF_CGROUP_INET_SOCK_RELEASE || at == BPF_CGROUP_INET4_POST_BIND ||
		       at == BPF_CGROUP_INET6_POST_BIND;
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		switch (at) {
		case BPF_CGROUP_INET4_BIND:
		case BPF_CGROUP_INET6_BIND:
		case BPF_CGROUP_INET4_CONNECT:
		case BPF_CGROUP_INET6_CONNECT:
		case BPF_CGROUP_UNIX_CONNECT:
		case BPF_CGROUP_INET4_GETPEERNAME:
		case BPF_CGROUP_INET6_GETPEERNAME:
		case BPF_CGROUP_UNIX_GETPEERNAME:
		case BPF_CGROUP_INET4_GETSOCKNAME:
		case BPF_CGROUP_INET6_GETSOCKNAME:
		case BPF_CGROUP_UNIX_GETSOCKNAME:
		case BPF_CGROUP_UDP4_SENDMSG:
		case BPF_CGROUP_UDP6_SENDMSG:
		case BPF_CGROUP_UNIX_SENDMSG:
		case BPF_CGROUP_UDP4_RECVMSG:
		case BPF_CGROUP_UDP6_RECVMSG:
		case BPF_CGROUP_UNIX_RECVMSG:
			return true;
		default:
			return false;
		}
	case BPF_PROG_TYPE_CGROUP_SKB:
		return at == BPF_CGROUP_INET_INGRESS || at == BPF_CGROUP_INET_EGRESS;
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return at == BPF_CGROUP_SETSOCKOPT || at == BPF_CGROUP_GETSOCKOPT;
	case BPF_PROG_TYPE_SK_LOOKUP:
		return at == BPF_SK_LOOKUP;
	case BPF_PROG_TYPE_SK_REUSEPORT:
		return at == 0 || at == BPF_SK_REUSEPORT_SELECT ||
		       at == BPF_SK_REUSEPORT_SELECT_OR_MIGRATE;
	case BPF_PROG_TYPE_NETFILTER:
		return at == BPF_NETFILTER;
	case BPF_PROG_TYPE_SYSCALL:
	case BPF_PROG_TYPE_EXT:
		return at == 0;
	default:
		return true;
	}
}

/* What bpf_prog_load() refuses before bpf_check() runs: the log stays empty, so the messages
 * are bpfvet's, naming the errno the loader sees. */
static int check_load_attr(struct cfg_ctx *x)
{
	const struct program *p = x->prog;
	u32 limit = x->unpriv ? BPF_MAXINSNS : BPF_COMPLEXITY_LIMIT_INSNS;

	if (p->prog_flags & ~KNOWN_PROG_FLAGS)
		return reject(
			x, -1, -EINVAL,
			"prog_flags 0x%x has unknown bits: the kernel refuses the load (EINVAL) "
			"before verification",
			p->prog_flags);
	if (p->insn_cnt == 0 || p->insn_cnt > limit)
		return reject(x, -1, -E2BIG,
			      "program of %u insns: the kernel refuses 0 or more than %u (E2BIG) "
			      "before verification",
			      p->insn_cnt, limit);
	if (x->unpriv && p->prog_type != BPF_PROG_TYPE_SOCKET_FILTER &&
	    p->prog_type != BPF_PROG_TYPE_CGROUP_SKB)
		return reject(x, -1, -EPERM,
			      "unprivileged loaders may only load socket_filter and cgroup_skb "
			      "programs: the kernel refuses the load (EPERM) before verification");
	if (!attach_type_ok(p->prog_type, p->expected_attach_type))
		return reject(
			x, -1, -EINVAL,
			"expected_attach_type %u is invalid for this program type: the kernel "
			"refuses the load (EINVAL) before verification",
			p->expected_attach_type);
	return 0;
}

/* check_attach_btf_id(), the part that needs no kernel BTF (it runs right after check_cfg) */
static int check_attach(struct cfg_ctx *x)
{
	const struct program *p = x->prog;
	u32 pt = p->prog_type, at = p->expected_attach_type;
	bool sleepable = p->sleepable || (p->prog_flags & BPF_F_SLEEPABLE), can;

	if (pt == BPF_PROG_TYPE_SYSCALL) {
		if (sleepable)
			return 0;
		return reject(x, -1, -EINVAL, "Syscall programs can only be sleepable");
	}
	if (pt == BPF_PROG_TYPE_TRACING)
		can = at == BPF_TRACE_FENTRY || at == BPF_TRACE_FEXIT || at == BPF_MODIFY_RETURN ||
		      at == BPF_TRACE_ITER;
	else if (pt == BPF_PROG_TYPE_LSM)
		can = at != BPF_LSM_CGROUP;
	else
		can = pt == BPF_PROG_TYPE_KPROBE || pt == BPF_PROG_TYPE_STRUCT_OPS;
	if (sleepable && !can)
		return reject(
			x, -1, -EINVAL,
			"Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops programs "
			"can be sleepable");
	if ((pt == BPF_PROG_TYPE_TRACING || pt == BPF_PROG_TYPE_LSM || pt == BPF_PROG_TYPE_EXT) &&
	    !p->attach_target)
		return reject(x, -1, -EINVAL, "Tracing programs must provide btf_id");
	/* the target's existence and prototype need the kernel's BTF: the engine's part */
	return 0;
}

static int check_func_info_early(struct cfg_ctx *x)
{
	const struct program *p = x->prog;
	u32 prev = 0;

	for (u32 i = 0; i < p->func_cnt; i++) {
		const struct func_info *f = &p->funcs[i];

		/* the kernel's texts for these three end without a newline */
		if (i == 0 && f->insn_off)
			return reject(x, -1, -EINVAL,
				      "nonzero insn_off %u for the first func info record",
				      f->insn_off);
		if (i > 0 && f->insn_off <= prev)
			return reject(x, -1, -EINVAL,
				      "same or smaller insn offset (%u) than previous func info "
				      "record (%u)",
				      f->insn_off, prev);
		if (!f->name)
			return reject(x, -1, -EINVAL, "invalid type id %d in func info",
				      (int)f->type_id);
		prev = f->insn_off;
	}
	return 0;
}

/* ---- add_subprog_and_kfunc ---- */

static int find_start(const struct cfg_ctx *x, u32 off)
{
	u32 lo = 0, hi = x->start_cnt;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (x->starts[mid] == off)
			return (int)mid;
		if (x->starts[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int add_subprog(struct cfg_ctx *x, s64 off)
{
	u32 i;

	if (off < 0 || off >= x->prog->insn_cnt)
		return reject(x, -1, -EINVAL, "call to invalid destination");
	if (find_start(x, (u32)off) >= 0)
		return 0;
	if (x->start_cnt >= BPF_MAX_SUBPROGS)
		return reject(x, -1, -E2BIG, "too many subprograms");
	/* insertion keeps the starts sorted, as the kernel's sort() after each add */
	for (i = x->start_cnt; i > 0 && x->starts[i - 1] > (u32)off; i--)
		x->starts[i] = x->starts[i - 1];
	x->starts[i] = (u32)off;
	x->start_cnt++;
	return 0;
}

struct kfunc_desc {
	s32 imm;
	s16 off;
};

static int add_kfunc_call(struct cfg_ctx *x, const struct insn *in, struct kfunc_desc *descs,
			  u32 *desc_cnt, bool *tab_made)
{
	const struct program *p = x->prog;

	if (!*tab_made) {
		if (!p->gpl_compatible)
			return reject(
				x, -1, -EINVAL,
				"cannot call kernel function from non-GPL compatible program");
		*tab_made = true;
	}
	/* id 0 is rejected only if the call survives dead code elimination */
	if (in->imm == 0 && in->off == 0 && p->extern_cnt == 0)
		return 0;
	if (in->off < 0)
		return reject2(x, -1, -EINVAL,
			       "negative offset disallowed for kernel module function call",
			       "failed to find BTF for kernel function");
	if (in->off > 0)
		/* module kfuncs need fd_array, which no bpfvet input carries */
		return reject2(x, -1, -EPROTO, "kfunc offset > 0 without fd_array is invalid",
			       "failed to find BTF for kernel function");
	for (u32 i = 0; i < *desc_cnt; i++)
		if (descs[i].imm == in->imm && descs[i].off == in->off)
			return 0;
	if (*desc_cnt >= MAX_KFUNC_DESCS)
		return reject(x, -1, -E2BIG, "too many different kernel function calls");
	if (in->imm < 0)
		/* past 2^31: no BTF is that large */
		return reject(x, -1, -EINVAL, "kernel btf_id %u is not a function", (u32)in->imm);
	if ((u32)in->imm >= p->extern_cnt) {
		/* a literal BTF id: what it names depends on the running kernel's BTF */
		result_set(
			x->r, VERDICT_ERROR, -1,
			"unsupported: call of kernel function by literal BTF id %d (what it names "
			"depends on the kernel's BTF)",
			in->imm);
		return -EINVAL;
	}
	/* whether the named kfunc exists in the running kernel is the engine's question */
	descs[*desc_cnt].imm = in->imm;
	descs[*desc_cnt].off = in->off;
	(*desc_cnt)++;
	return 0;
}

static int add_subprogs_and_kfuncs(struct cfg_ctx *x)
{
	const struct program *p = x->prog;
	struct kfunc_desc *descs;
	u32 desc_cnt = 0;
	bool tab_made = false;
	int err = 0;

	descs = calloc(MAX_KFUNC_DESCS, sizeof(*descs));
	if (!descs)
		return -ENOMEM;
	err = add_subprog(x, 0);
	/* every slot is looked at, second halves of ld_imm64 included, as the kernel does */
	for (u32 i = 0; !err && i < p->insn_cnt; i++) {
		const struct insn *in = &p->insns[i];

		if (!is_pseudo_func(in) && !is_pseudo_call(in) && !is_kfunc_call(in))
			continue;
		if (x->unpriv) {
			err = reject(
				x, (s32)i, -EPERM,
				"loading/calling other bpf or kernel functions are allowed for "
				"CAP_BPF and CAP_SYS_ADMIN");
			break;
		}
		if (is_kfunc_call(in))
			err = add_kfunc_call(x, in, descs, &desc_cnt, &tab_made);
		else
			err = add_subprog(x, (s64)i + in->imm + 1);
		if (err && x->r->error_insn < 0)
			x->r->error_insn = (s32)i;
	}
	free(descs);
	if (err)
		return err;
	/* the exception callback named by the main function's BTF decl tag is a subprogram even
	 * when nothing calls it (add_subprog_and_kfunc) */
	if (p->exception_cb_multi)
		return reject(x, -1, -EINVAL, "multiple exception callback tags for main subprog");
	if (p->exception_cb_off && (err = add_subprog(x, p->exception_cb_off)))
		return err;
	x->starts[x->start_cnt] = p->insn_cnt;
	return 0;
}

/* ---- check_subprogs ---- */

static int check_subprogs(struct cfg_ctx *x)
{
	const struct program *p = x->prog;
	struct subprog *sub = x->c->subprogs;
	u32 cur = 0, start = x->starts[0], end = x->starts[1];

	for (u32 i = 0; i < p->insn_cnt; i++) {
		const struct insn *in = &p->insns[i];
		u8 code = in->code, cls = BPF_CLASS(code);
		s64 off;

		if (is_helper_call(in) && in->imm == BPF_FUNC_TAIL_CALL)
			sub[cur].has_tail_call = true;
		if (cls == BPF_LD && (BPF_MODE(code) == BPF_ABS || BPF_MODE(code) == BPF_IND))
			sub[cur].has_ld_abs = true;
		if ((cls == BPF_JMP || cls == BPF_JMP32) && BPF_OP(code) != BPF_EXIT &&
		    BPF_OP(code) != BPF_CALL) {
			if (code == (BPF_JMP32 | BPF_JA))
				off = (s64)i + in->imm + 1;
			else
				off = (s64)i + in->off + 1;
			if (off < start || off >= end)
				return reject(x, (s32)i, -EINVAL,
					      "jump out of range from insn %u to %d", i, (int)off);
		}
		if (i == end - 1) {
			/* no fall-through from one subprogram into the next */
			if (code != (BPF_JMP | BPF_EXIT) && code != (BPF_JMP32 | BPF_JA) &&
			    code != (BPF_JMP | BPF_JA))
				return reject(x, (s32)i, -EINVAL,
					      "last insn is not an exit or jmp");
			start = end;
			cur++;
			if (cur < x->start_cnt)
				end = x->starts[cur + 1];
		}
	}
	return 0;
}

/* ---- check_btf_info: func_info against the subprograms ---- */

static int check_func_info(struct cfg_ctx *x)
{
	const struct program *p = x->prog;
	struct subprog *sub = x->c->subprogs;

	if (p->func_cnt == 0) {
		/* check_abnormal_return() */
		for (u32 i = 1; i < x->start_cnt; i++) {
			if (sub[i].has_ld_abs)
				return reject(x, -1, -EINVAL,
					      "LD_ABS is not allowed in subprogs without BTF");
			if (sub[i].has_tail_call)
				return reject(x, -1, -EINVAL,
					      "tail_call is not allowed in subprogs without BTF");
		}
		return 0;
	}
	if (p->func_cnt != x->start_cnt)
		return reject(x, -1, -EINVAL,
			      "number of funcs in func_info doesn't match number of subprogs");
	for (u32 i = 0; i < p->func_cnt; i++) {
		const struct func_info *f = &p->funcs[i];

		if (f->insn_off != x->starts[i])
			return reject(x, -1, -EINVAL,
				      "func_info BTF section doesn't match subprog layout in BPF "
				      "program");
		/* the model knows "returns void", the common non-scalar return */
		if (i && f->returns_void && sub[i].has_ld_abs)
			return reject(x, -1, -EINVAL,
				      "LD_ABS is only allowed in functions that return 'int'.");
		if (i && f->returns_void && sub[i].has_tail_call)
			return reject(x, -1, -EINVAL,
				      "tail_call is only allowed in functions that return 'int'.");
		sub[i].is_global = f->global;
	}
	return 0;
}

/* check_btf_line(): the line_info records the loader passes (the model keeps them resolved, so
 * the BTF string-offset check has nothing left to look at) */
static int check_line_info(struct cfg_ctx *x)
{
	const struct program *p = x->prog;
	u32 prev = 0, s = 0;

	for (u32 i = 0; i < p->line_cnt; i++) {
		u32 off = p->lines[i].insn_off;

		if ((i && off <= prev) || off >= p->insn_cnt)
			return reject(
				x, -1, -EINVAL,
				"Invalid line_info[%u].insn_off:%u (prev_offset:%u prog->len:%u)",
				i, off, prev, p->insn_cnt);
		if (!p->insns[off].code)
			return reject(x, -1, -EINVAL, "Invalid insn code at line_info[%u].insn_off",
				      i);
		if (s != x->start_cnt) {
			if (off == x->starts[s])
				s++;
			else if (x->starts[s] < off)
				return reject(x, -1, -EINVAL, "missing bpf_line_info for func#%u",
					      s);
		}
		prev = off;
	}
	if (p->line_cnt && s != x->start_cnt)
		return reject(x, -1, -EINVAL,
			      "missing bpf_line_info for %u funcs starting from func#%u",
			      x->start_cnt - s, s);
	return 0;
}

/* ---- resolve_pseudo_ldimm64 ---- */

static bool is_tracing_prog_type(u32 t)
{
	return t == BPF_PROG_TYPE_KPROBE || t == BPF_PROG_TYPE_TRACEPOINT ||
	       t == BPF_PROG_TYPE_PERF_EVENT || t == BPF_PROG_TYPE_RAW_TRACEPOINT ||
	       t == BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE;
}

static bool map_has_field(const struct map_def *m, u32 kind)
{
	for (u32 i = 0; i < m->field_cnt; i++)
		if (m->fields[i].kind == kind)
			return true;
	return false;
}

/* check_map_prog_compatibility() */
static int check_map_compat(struct cfg_ctx *x, const struct map_def *m, u32 idx)
{
	const struct program *p = x->prog;
	u32 pt = p->prog_type;
	bool sleepable = p->sleepable || (p->prog_flags & BPF_F_SLEEPABLE);

	if ((map_has_field(m, MAP_FIELD_LIST_HEAD) || map_has_field(m, MAP_FIELD_RB_ROOT)) &&
	    is_tracing_prog_type(pt))
		return reject(x, (s32)idx, -EINVAL,
			      "tracing progs cannot use bpf_{list_head,rb_root} yet");
	if (map_has_field(m, MAP_FIELD_SPIN_LOCK)) {
		if (pt == BPF_PROG_TYPE_SOCKET_FILTER)
			return reject(x, (s32)idx, -EINVAL,
				      "socket filter progs cannot use bpf_spin_lock yet");
		if (is_tracing_prog_type(pt))
			return reject(x, (s32)idx, -EINVAL,
				      "tracing progs cannot use bpf_spin_lock yet");
	}
	if (map_has_field(m, MAP_FIELD_TIMER) && is_tracing_prog_type(pt))
		return reject(x, (s32)idx, -EINVAL, "tracing progs cannot use bpf_timer yet");
	if (map_has_field(m, MAP_FIELD_WORKQUEUE) && is_tracing_prog_type(pt))
		return reject(x, (s32)idx, -EINVAL, "tracing progs cannot use bpf_wq yet");
	if (m->type == BPF_MAP_TYPE_STRUCT_OPS)
		return reject(x, (s32)idx, -EINVAL, "bpf_struct_ops map cannot be used in prog");
	if (sleepable) {
		switch (m->type) {
		case BPF_MAP_TYPE_HASH:
		case BPF_MAP_TYPE_LRU_HASH:
		case BPF_MAP_TYPE_ARRAY:
		case BPF_MAP_TYPE_PERCPU_HASH:
		case BPF_MAP_TYPE_PERCPU_ARRAY:
		case BPF_MAP_TYPE_LRU_PERCPU_HASH:
		case BPF_MAP_TYPE_ARRAY_OF_MAPS:
		case BPF_MAP_TYPE_HASH_OF_MAPS:
		case BPF_MAP_TYPE_RINGBUF:
		case BPF_MAP_TYPE_USER_RINGBUF:
		case BPF_MAP_TYPE_INODE_STORAGE:
		case BPF_MAP_TYPE_SK_STORAGE:
		case BPF_MAP_TYPE_TASK_STORAGE:
		case BPF_MAP_TYPE_CGRP_STORAGE:
		case BPF_MAP_TYPE_QUEUE:
		case BPF_MAP_TYPE_STACK:
		case BPF_MAP_TYPE_ARENA:
			break;
		default:
			return reject(x, (s32)idx, -EINVAL,
				      "Sleepable programs can only use array, hash, ringbuf and "
				      "local storage maps");
		}
	}
	return 0;
}

/* map_direct_value_addr(): 0, or the kernel's rejection for this offset */
static int check_direct_value(struct cfg_ctx *x, const struct map_def *m, u32 off, u32 idx)
{
	bool ok;

	if (off >= BPF_MAX_VAR_OFF)
		return reject(x, (s32)idx, -EINVAL, "direct value offset of %u is not allowed",
			      off);
	switch (m->type) {
	case BPF_MAP_TYPE_ARRAY:
		ok = m->max_entries == 1 && off < m->value_size;
		break;
	case BPF_MAP_TYPE_ARENA:
		/* the arena's user address is set by the loader; any offset in its pages */
		ok = (u64)off < (u64)m->max_entries * 4096;
		break;
	default:
		return reject(x, (s32)idx, -EINVAL,
			      "no direct value access support for this map type");
	}
	if (!ok)
		return reject(x, (s32)idx, -EINVAL,
			      "invalid access to map value pointer, value_size=%u off=%u",
			      m->value_size, off);
	return 0;
}

static int resolve_ldimm64(struct cfg_ctx *x)
{
	const struct program *p = x->prog;
	const struct object *obj = p->obj;
	u32 map_cnt = obj ? obj->map_cnt : 0;
	bool *used = NULL;
	u32 used_cnt = 0;
	bool cgroup_storage[2] = {false, false};
	int err = 0;

	if (map_cnt) {
		used = calloc(map_cnt, sizeof(*used));
		if (!used)
			return -ENOMEM;
	}
	for (u32 i = 0; i < p->insn_cnt && !err; i++) {
		const struct insn *in = &p->insns[i];
		const struct map_def *m;
		s32 k;

		if (BPF_CLASS(in->code) == BPF_LDX &&
		    ((BPF_MODE(in->code) != BPF_MEM && BPF_MODE(in->code) != BPF_MEMSX) ||
		     in->imm)) {
			err = reject(x, (s32)i, -EINVAL, "BPF_LDX uses reserved fields");
			break;
		}
		if (!is_ldimm64(in)) {
			if (!insn_opcode_valid(in->code))
				err = reject(x, (s32)i, -EINVAL, "unknown opcode %02x", in->code);
			continue;
		}
		if (i == p->insn_cnt - 1 || in[1].code || in[1].dst || in[1].src || in[1].off) {
			err = reject(x, (s32)i, -EINVAL, "invalid bpf_ld_imm64 insn");
			break;
		}
		x->c->insn_flags[i + 1] |= INSN_LDIMM64_HI;
		switch (in->src) {
		case 0:
		case BPF_PSEUDO_FUNC:
			i++;
			continue;
		case BPF_PSEUDO_BTF_ID:
			/* check_pseudo_btf_id(): a module BTF fd in the second slot first */
			if (in[1].imm) {
				err = reject(x, (s32)i, -EINVAL,
					     "invalid module BTF object FD specified.");
				break;
			}
			/* an extern: whether the kernel has it, and of which kind, is the
			 * engine's question (it has the name) */
			if (in->imm >= 0 && (u32)in->imm < p->extern_cnt) {
				i++;
				continue;
			}
			/* a literal BTF id: 0 is void, ids past 2^31 exceed any BTF; anything
			 * else depends on the running kernel's BTF */
			if (in->imm == 0)
				err = reject(
					x, (s32)i, -EINVAL,
					"pseudo btf_id 0 in ldimm64 isn't KIND_VAR or KIND_FUNC");
			else if (in->imm < 0)
				err = reject(x, (s32)i, -ENOENT,
					     "ldimm64 insn specifies invalid btf_id %d.", in->imm);
			else {
				result_set(
					x->r, VERDICT_ERROR, (s32)i,
					"unsupported: ld_imm64 of literal BTF id %d (what it names "
					"depends on the kernel's BTF)",
					in->imm);
				err = -EINVAL;
			}
			break;
		case BPF_PSEUDO_MAP_VALUE:
		case BPF_PSEUDO_MAP_IDX_VALUE:
			break;
		case BPF_PSEUDO_MAP_FD:
		case BPF_PSEUDO_MAP_IDX:
			if (in[1].imm == 0)
				break;
			/* fall through */
		default:
			err = reject(x, (s32)i, -EINVAL, "unrecognized bpf_ld_imm64 insn");
			break;
		}
		if (err)
			break;
		if (in->src == BPF_PSEUDO_MAP_IDX || in->src == BPF_PSEUDO_MAP_IDX_VALUE) {
			/* no bpfvet input carries an fd_array */
			err = reject(x, (s32)i, -EPROTO, "fd_idx without fd_array is invalid");
			break;
		}
		k = in->imm;
		if (k < 0 || (u32)k >= map_cnt) {
			/* prog.h: -1-fd is a literal fd that names no map */
			err = reject(x, (s32)i, -EBADF, "fd %d is not pointing to valid bpf_map",
				     k < 0 ? -1 - k : k);
			break;
		}
		m = &obj->maps[k];
		if (!used[k] && used_cnt >= MAX_USED_MAPS) {
			err = reject(
				x, (s32)i, -E2BIG,
				"The total number of maps per program has reached the limit of %u",
				MAX_USED_MAPS);
			break;
		}
		err = check_map_compat(x, m, i);
		if (!err && in->src == BPF_PSEUDO_MAP_VALUE)
			err = check_direct_value(x, m, (u32)in[1].imm, i);
		if (err)
			break;
		if (!used[k]) {
			used[k] = true;
			used_cnt++;
			if (m->type == BPF_MAP_TYPE_CGROUP_STORAGE ||
			    m->type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE) {
				bool *seen =
					&cgroup_storage[m->type != BPF_MAP_TYPE_CGROUP_STORAGE];

				if (*seen) {
					err = reject(
						x, (s32)i, -EBUSY,
						"only one cgroup storage of each type is allowed");
					break;
				}
				*seen = true;
			}
			if (m->type == BPF_MAP_TYPE_ARENA) {
				if (x->c->uses_arena) {
					err = reject(x, (s32)i, -EBUSY,
						     "Only one arena per program");
					break;
				}
				if (x->unpriv) {
					err = reject(x, (s32)i, -EPERM,
						     "CAP_BPF and CAP_PERFMON are required to use "
						     "arena");
					break;
				}
				x->c->uses_arena = true;
			}
		}
		i++;
	}
	x->c->used_map_cnt = used_cnt;
	free(used);
	return err;
}

/* ---- check_cfg ---- */

static void mark(struct cfg_ctx *x, u32 i, u8 flags)
{
	x->c->insn_flags[i] |= flags;
}

/* push_insn(): returns 1 to keep exploring from w, 0 when done with this edge, <0 on error */
static int push_insn(struct cfg_ctx *x, u32 t, s64 w, int e)
{
	u8 *st = x->state;

	if (e == E_FALLTHROUGH && st[t] >= (ST_DISCOVERED | E_FALLTHROUGH))
		return 0;
	if (e == E_BRANCH && st[t] >= (ST_DISCOVERED | E_BRANCH))
		return 0;
	if (w < 0 || w >= x->prog->insn_cnt)
		return reject(x, (s32)t, -EINVAL, "jump out of range from insn %u to %d", t,
			      (int)w);
	if (e == E_BRANCH)
		mark(x, (u32)w, INSN_PRUNE_POINT | INSN_JMP_POINT);
	if (st[w] == 0) {
		st[t] = ST_DISCOVERED | e;
		st[w] = ST_DISCOVERED;
		if (x->sp >= x->prog->insn_cnt)
			return reject(x, (s32)t, -E2BIG, "insn stack overflow");
		x->stack[x->sp++] = (u32)w;
		return 1;
	}
	if ((st[w] & 0xf0) == ST_DISCOVERED) {
		x->back[t] |= (u8)e;
		mark(x, (u32)w, INSN_BACK_EDGE_TARGET);
		if (!x->unpriv)
			return 0;
		return reject(x, (s32)t, -EINVAL, "back-edge from insn %u to %u", t, (u32)w);
	}
	/* forward or cross edge */
	st[t] = ST_DISCOVERED | e;
	return 0;
}

static int visit_call(struct cfg_ctx *x, u32 t, bool visit_callee)
{
	const struct insn *in = &x->prog->insns[t];
	u32 sz = is_ldimm64(in) ? 2 : 1;
	int ret;

	ret = push_insn(x, t, (s64)t + sz, E_FALLTHROUGH);
	if (ret)
		return ret;
	/* the return site: states are compared there, and jump history recorded */
	if (t + sz < x->prog->insn_cnt)
		mark(x, t + sz, INSN_PRUNE_POINT | INSN_JMP_POINT);
	if (visit_callee) {
		mark(x, t, INSN_PRUNE_POINT);
		ret = push_insn(x, t, (s64)t + in->imm + 1, E_BRANCH);
	}
	return ret;
}

static bool is_sync_callback_call(const struct program *p, const struct insn *in)
{
	if (is_helper_call(in))
		return in->imm == BPF_FUNC_FOR_EACH_MAP_ELEM || in->imm == BPF_FUNC_FIND_VMA ||
		       in->imm == BPF_FUNC_LOOP || in->imm == BPF_FUNC_USER_RINGBUF_DRAIN;
	if (is_kfunc_call(in))
		return name_is(kfunc_name(p, in), "bpf_rbtree_add_impl");
	return false;
}

static bool is_async_callback_call(const struct program *p, const struct insn *in)
{
	if (is_helper_call(in))
		return in->imm == BPF_FUNC_TIMER_SET_CALLBACK;
	if (is_kfunc_call(in)) {
		const char *n = kfunc_name(p, in);

		/* 6.18 adds the task_work kfuncs (spelled with and without _impl over time) */
		return name_is(n, "bpf_wq_set_callback_impl") ||
		       name_is(n, "bpf_task_work_schedule_signal_impl") ||
		       name_is(n, "bpf_task_work_schedule_resume_impl") ||
		       name_is(n, "bpf_task_work_schedule_signal") ||
		       name_is(n, "bpf_task_work_schedule_resume");
	}
	return false;
}

/* KF_ITER_NEXT kfuncs: every open-coded iterator's next is named bpf_iter_<type>_next */
static bool is_iter_next_kfunc(const struct program *p, const struct insn *in)
{
	const char *n = is_kfunc_call(in) ? kfunc_name(p, in) : NULL;
	size_t len;

	if (!n || strncmp(n, "bpf_iter_", 9) != 0)
		return false;
	len = strlen(n);
	return len > 14 && strcmp(n + len - 5, "_next") == 0;
}

static int visit_insn(struct cfg_ctx *x, u32 t)
{
	const struct program *p = x->prog;
	const struct insn *in = &p->insns[t];
	u8 cls = BPF_CLASS(in->code);
	s64 off;
	int ret;

	if (is_pseudo_func(in))
		return visit_call(x, t, true);
	if (cls != BPF_JMP && cls != BPF_JMP32)
		return push_insn(x, t, (s64)t + (is_ldimm64(in) ? 2 : 1), E_FALLTHROUGH);

	switch (BPF_OP(in->code)) {
	case BPF_EXIT:
		return 0;
	case BPF_CALL:
		if (is_async_callback_call(p, in))
			mark(x, t, INSN_PRUNE_POINT);
		if (is_sync_callback_call(p, in))
			mark(x, t,
			     INSN_CALLS_CALLBACK | INSN_FORCE_CHECKPOINT | INSN_PRUNE_POINT |
				     INSN_JMP_POINT);
		if (is_iter_next_kfunc(p, in))
			mark(x, t, INSN_PRUNE_POINT | INSN_FORCE_CHECKPOINT);
		return visit_call(x, t, in->src == BPF_PSEUDO_CALL);
	case BPF_JA:
		if (BPF_SRC(in->code) != BPF_K)
			return reject(x, (s32)t, -EINVAL, "unknown opcode %02x", in->code);
		off = cls == BPF_JMP ? in->off : in->imm;
		ret = push_insn(x, t, (s64)t + off + 1, E_FALLTHROUGH);
		if (ret)
			return ret;
		mark(x, (u32)((s64)t + off + 1), INSN_PRUNE_POINT | INSN_JMP_POINT);
		return 0;
	default:
		mark(x, t, INSN_PRUNE_POINT);
		if (in->code == (BPF_JMP | BPF_JCOND) && in->src == BPF_MAY_GOTO)
			mark(x, t, INSN_FORCE_CHECKPOINT);
		ret = push_insn(x, t, (s64)t + 1, E_FALLTHROUGH);
		if (ret)
			return ret;
		return push_insn(x, t, (s64)t + in->off + 1, E_BRANCH);
	}
}

static int check_cfg(struct cfg_ctx *x)
{
	const struct program *p = x->prog;
	u32 n = p->insn_cnt;

	x->state = calloc(n, 1);
	x->stack = calloc(n, sizeof(*x->stack));
	x->back = calloc(n, 1);
	if (!x->state || !x->stack || !x->back)
		return -ENOMEM;
	/* the walk starts at insn 0, then at the exception callback (never called, yet reachable:
	 * the kernel's second walk_cfg round) */
	for (int root = 0; root < 2; root++) {
		u32 r = root ? p->exception_cb_off : 0;

		if (root && (!r || r >= n || x->state[r] == ST_EXPLORED))
			break;
		x->state[r] = ST_DISCOVERED;
		x->stack[0] = r;
		x->sp = 1;
		while (x->sp > 0) {
			u32 t = x->stack[x->sp - 1];
			int ret = visit_insn(x, t);

			if (ret < 0)
				return ret;
			if (ret == 0) {
				x->state[t] = ST_EXPLORED;
				x->sp--;
			}
		}
	}
	for (u32 i = 0; i < n; i++) {
		if (x->state[i] != ST_EXPLORED)
			return reject(x, (s32)i, -EINVAL, "unreachable insn %u", i);
		if (is_ldimm64(&p->insns[i])) {
			if (i + 1 < n && x->state[i + 1] != 0)
				return reject(x, (s32)i, -EINVAL,
					      "jump into the middle of ldimm64 insn %u", i);
			i++;
		}
	}
	return 0;
}

/* ---- strongly connected components (compute_scc, 6.17+) ---- */

/* The instruction's successors inside its function, in the kernel's order (insn_successors():
 * fall-through first, then the jump target); returns how many. */
static u32 insn_succs(const struct program *p, u32 i, u32 succ[2])
{
	const struct insn *in = &p->insns[i];
	u8 cls = BPF_CLASS(in->code);

	if (is_ldimm64(in)) {
		succ[0] = i + 2;
		return 1;
	}
	if (cls != BPF_JMP && cls != BPF_JMP32) {
		succ[0] = i + 1;
		return 1;
	}
	switch (BPF_OP(in->code)) {
	case BPF_EXIT:
		return 0;
	case BPF_CALL:
		succ[0] = i + 1;
		return 1;
	case BPF_JA:
		succ[0] = (u32)((s64)i + (cls == BPF_JMP ? in->off : in->imm) + 1);
		return 1;
	default:
		succ[0] = i + 1;
		succ[1] = (u32)((s64)i + in->off + 1);
		return succ[1] == succ[0] ? 1 : 2;
	}
}

/* Tarjan's algorithm, iteratively, roots in instruction order: an id is given when a component
 * completes, and only to components that are loops, which reproduces the kernel's numbering. */
static int compute_scc(struct cfg_ctx *x)
{
	const struct program *p = x->prog;
	u32 n = p->insn_cnt, counter = 0, sp = 0, fp = 0;
	u32 *idx = calloc(n, sizeof(u32)), *low = calloc(n, sizeof(u32));
	u32 *stk = calloc(n, sizeof(u32)), *frame = calloc(n, sizeof(u32));
	u8 *next = calloc(n, 1), *on = calloc(n, 1);
	struct cfg *c = x->c;
	int err = 0;

	c->insn_scc = calloc(n, sizeof(u32));
	if (!idx || !low || !stk || !frame || !next || !on || !c->insn_scc) {
		err = -ENOMEM;
		goto out;
	}
	for (u32 root = 0; root < n; root++) {
		if (idx[root] || (c->insn_flags[root] & INSN_LDIMM64_HI))
			continue;
		frame[fp++] = root;
		idx[root] = low[root] = ++counter;
		stk[sp++] = root;
		on[root] = 1;
		while (fp) {
			u32 v = frame[fp - 1], succ[2], k = insn_succs(p, v, succ);

			if (next[v] < k) {
				u32 w = succ[next[v]++];

				if (!idx[w]) {
					idx[w] = low[w] = ++counter;
					stk[sp++] = w;
					on[w] = 1;
					frame[fp++] = w;
				} else if (on[w] && idx[w] < low[v]) {
					low[v] = idx[w];
				}
				continue;
			}
			fp--;
			if (fp && low[v] < low[frame[fp - 1]])
				low[frame[fp - 1]] = low[v];
			if (low[v] != idx[v])
				continue;
			/* v roots a component: a loop if it has two members or a self-edge */
			{
				bool loop = stk[sp - 1] != v;

				for (u32 j = 0; j < k && !loop; j++)
					loop = succ[j] == v;
				if (loop)
					c->scc_cnt++;
				for (;;) {
					u32 w = stk[--sp];

					on[w] = 0;
					if (loop)
						c->insn_scc[w] = c->scc_cnt;
					if (w == v)
						break;
				}
			}
		}
	}
out:
	free(idx);
	free(low);
	free(stk);
	free(frame);
	free(next);
	free(on);
	return err;
}

/* ---- subprogram table, basic blocks and edges ---- */

static void fill_subprogs(struct cfg_ctx *x)
{
	const struct program *p = x->prog;
	struct cfg *c = x->c;

	c->subprog_cnt = x->start_cnt;
	for (u32 i = 0; i < x->start_cnt; i++) {
		c->subprogs[i].start = x->starts[i];
		c->subprogs[i].end = x->starts[i + 1];
		c->insn_flags[x->starts[i]] |= INSN_SUBPROG_START;
		c->subprogs[i].is_exception_cb = i && p->exception_cb_off == x->starts[i];
	}
	for (u32 i = 0; i < p->insn_cnt; i++) {
		const struct insn *in = &p->insns[i];

		if (is_pseudo_func(in)) {
			int s = find_start(x, (u32)((s64)i + in->imm + 1));

			if (s >= 0)
				c->subprogs[s].is_callback = true;
		}
		if (is_ldimm64(in))
			i++;
	}
}

static bool ends_block(const struct insn *in)
{
	u8 cls = BPF_CLASS(in->code);

	if (cls != BPF_JMP && cls != BPF_JMP32)
		return false;
	return BPF_OP(in->code) != BPF_CALL || in->src == BPF_PSEUDO_CALL;
}

static int add_edge(struct cfg *c, u32 *cap, u32 from, u32 to_insn, u8 kind, bool back)
{
	struct cfg_edge *e;

	if (to_insn >= c->insn_cnt || c->block_of[to_insn] == UINT32_MAX)
		return 0;
	if (c->edge_cnt == *cap) {
		u32 ncap = *cap ? *cap * 2 : 64;
		struct cfg_edge *ne = realloc(c->edges, ncap * sizeof(*ne));

		if (!ne)
			return -ENOMEM;
		c->edges = ne;
		*cap = ncap;
	}
	e = &c->edges[c->edge_cnt++];
	e->from_block = from;
	e->to_block = c->block_of[to_insn];
	e->kind = kind;
	e->back_edge = back;
	return 0;
}

static int build_blocks(struct cfg_ctx *x)
{
	const struct program *p = x->prog;
	struct cfg *c = x->c;
	u32 n = p->insn_cnt, cap = 0, cur = UINT32_MAX;
	u8 *f = c->insn_flags;
	int err;

	/* leaders: subprogram starts, jump targets, instructions after a jump or exit */
	for (u32 i = 0; i < n; i++) {
		const struct insn *in = &p->insns[i];
		u32 next = i + (is_ldimm64(in) ? 2 : 1);

		if (f[i] & INSN_SUBPROG_START)
			f[i] |= INSN_BLOCK_START;
		if (ends_block(in)) {
			u8 op = BPF_OP(in->code);

			if (op == BPF_JA)
				f[(s64)i + (BPF_CLASS(in->code) == BPF_JMP ? in->off : in->imm) +
				  1] |= INSN_BLOCK_START;
			else if (op != BPF_EXIT && op != BPF_CALL)
				f[(s64)i + in->off + 1] |= INSN_BLOCK_START;
			if (next < n)
				f[next] |= INSN_BLOCK_START;
		}
		if (is_ldimm64(in))
			i++;
	}
	f[0] |= INSN_BLOCK_START;
	c->block_of = malloc(n * sizeof(*c->block_of));
	if (!c->block_of)
		return -ENOMEM;
	for (u32 i = 0; i < n; i++)
		if (f[i] & INSN_BLOCK_START)
			c->block_cnt++;
	c->blocks = calloc(c->block_cnt, sizeof(*c->blocks));
	if (!c->blocks)
		return -ENOMEM;
	c->block_cnt = 0;
	for (u32 i = 0; i < n; i++) {
		if (f[i] & INSN_LDIMM64_HI) {
			c->block_of[i] = UINT32_MAX;
			continue;
		}
		if (f[i] & INSN_BLOCK_START) {
			if (cur != UINT32_MAX)
				c->blocks[cur].end = i;
			cur = c->block_cnt++;
			c->blocks[cur].start = i;
			c->blocks[cur].subprog = cfg_subprog_of(c, i);
		}
		c->block_of[i] = cur;
	}
	c->blocks[cur].end = n;

	for (u32 b = 0; b < c->block_cnt; b++) {
		const struct cfg_block *bl = &c->blocks[b];
		u32 last = bl->end - 1;
		const struct insn *in;
		u8 op;

		/* ld_imm64 with BPF_PSEUDO_FUNC inside the block: a callback's entry */
		for (u32 i = bl->start; i < bl->end; i++) {
			in = &p->insns[i];
			if (is_pseudo_func(in)) {
				err = add_edge(c, &cap, b, (u32)((s64)i + in->imm + 1), 2,
					       x->back[i] & E_BRANCH);
				if (err)
					return err;
			}
		}
		if (f[last] & INSN_LDIMM64_HI)
			last--;
		in = &p->insns[last];
		op = BPF_OP(in->code);
		if (!ends_block(in)) {
			err = add_edge(c, &cap, b, bl->end, 0, x->back[last] & E_FALLTHROUGH);
		} else if (op == BPF_EXIT) {
			err = 0;
		} else if (op == BPF_JA) {
			s64 off = BPF_CLASS(in->code) == BPF_JMP ? in->off : in->imm;

			err = add_edge(c, &cap, b, (u32)(last + off + 1), 1,
				       x->back[last] & E_FALLTHROUGH);
		} else if (op == BPF_CALL) {
			err = add_edge(c, &cap, b, (u32)((s64)last + in->imm + 1), 2,
				       x->back[last] & E_BRANCH);
			if (!err)
				err = add_edge(c, &cap, b, last + 1, 0,
					       x->back[last] & E_FALLTHROUGH);
		} else {
			err = add_edge(c, &cap, b, last + 1, 0, x->back[last] & E_FALLTHROUGH);
			if (!err)
				err = add_edge(c, &cap, b, (u32)((s64)last + in->off + 1), 1,
					       x->back[last] & E_BRANCH);
		}
		if (err)
			return err;
	}
	return 0;
}

int cfg_build(const struct program *prog, bool unpriv, struct cfg *out, struct result *r)
{
	struct cfg_ctx x = {.prog = prog, .unpriv = unpriv, .c = out, .r = r};
	int err;

	memset(out, 0, sizeof(*out));
	out->insn_cnt = prog->insn_cnt;
	err = check_load_attr(&x);
	if (err)
		return err == -ENOMEM ? err : -EINVAL;
	out->insn_flags = calloc(prog->insn_cnt, 1);
	x.starts = calloc(BPF_MAX_SUBPROGS + 1, sizeof(*x.starts));
	out->subprogs = calloc(BPF_MAX_SUBPROGS, sizeof(*out->subprogs));
	if (!out->insn_flags || !x.starts || !out->subprogs) {
		err = -ENOMEM;
		goto out;
	}
	err = check_func_info_early(&x);
	if (!err)
		err = add_subprogs_and_kfuncs(&x);
	if (!err) {
		out->subprog_cnt = x.start_cnt;
		for (u32 i = 0; i < x.start_cnt; i++) {
			out->subprogs[i].start = x.starts[i];
			out->subprogs[i].end = x.starts[i + 1];
		}
		err = check_subprogs(&x);
	}
	if (!err)
		err = check_func_info(&x);
	if (!err)
		err = check_line_info(&x);
	if (!err)
		err = resolve_ldimm64(&x);
	if (!err)
		err = check_cfg(&x);
	if (!err)
		err = check_attach(&x);
	if (!err) {
		fill_subprogs(&x);
		err = build_blocks(&x);
	}
	if (!err)
		err = compute_scc(&x);
out:
	free(x.starts);
	free(x.state);
	free(x.stack);
	free(x.back);
	if (err == -ENOMEM) {
		result_set(r, VERDICT_ERROR, -1, "internal error: out of memory");
		return -ENOMEM;
	}
	return err ? -EINVAL : 0;
}

void cfg_fini(struct cfg *c)
{
	free(c->insn_flags);
	free(c->subprogs);
	free(c->blocks);
	free(c->edges);
	free(c->block_of);
	free(c->insn_scc);
	memset(c, 0, sizeof(*c));
}

u32 cfg_subprog_of(const struct cfg *c, u32 i)
{
	u32 lo = 0, hi = c->subprog_cnt;

	/* last subprogram starting at or before i */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (c->subprogs[mid].start <= i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : 0;
}
