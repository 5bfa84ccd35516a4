/* Calls of kernel functions (kfuncs): the kernel's check_kfunc_call() and check_kfunc_args()
 * for the kfuncs of analyzer/kfuncs.c whose arguments are scalars or pointers to kernel structs
 * (PTR_TO_BTF_ID, or socket pointers through reg2btf_ids): which program types may call them,
 * sleepable kfuncs, KF_TRUSTED_ARGS / KF_RCU trust rules, NULL arguments, strict type matching of
 * acquire/release kfuncs, reference acquire and release, bpf_rcu_read_lock/unlock, and the return
 * value typed from the kernel BTF prototype; open-coded iterators (bpf_iter_num_*, bpf_iter_bits_*:
 * STACK_ITER slots holding a reference, process_iter_next_call()'s fork into an active and a
 * drained path). Other iterators, dynptrs, allocated objects, lists and trees, memory+size
 * arguments and context arguments (except bpf_cast_to_kern_ctx) are not modelled:
 * "unsupported: ...". */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "btf_int.h"
#include "kbtf.h"
#include "kfuncs.h"
#include "xfer_throw.h"
#include "xfer_graph.h"
#include "xfer_dynptr.h"

struct kcall {
	const struct kfunc_info *kf;
	struct kbtf_func fn;
	u32 ref_obj_id;
	u32 release_regno;
	s32 iter_spi; /* iterator next/destroy: the iterator's first slot, else -1 */
	u32 iter_frameno;
};

/* enum bpf_iter_state */
enum { ITER_INVALID = 0, ITER_ACTIVE, ITER_DRAINED };

/* the open-coded iterators bpfvet models */
static bool iter_supported(const char *name)
{
	return !strncmp(name, "bpf_iter_num_", 13) || !strncmp(name, "bpf_iter_bits_", 14);
}

static struct kbtf *kb(struct engine *e)
{
	return e->opts->kbtf;
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && !strcmp(s + n - m, suf);
}

/* argument kinds the kernel recognises by type or name that bpfvet does not model */
static bool special_struct(const char *name)
{
	static const char *const names[] = {
		"bpf_dynptr",
		"bpf_list_head",
		"bpf_list_node",
		"bpf_rb_root",
		"bpf_rb_node",
		"bpf_wq",
		"bpf_refcount",
		"bpf_map",
		"__sk_buff",
		"sk_buff",
		"xdp_md",
		"xdp_buff",
		"bpf_sock_addr",
		"bpf_sock_addr_kern",
		"bpf_sock_ops",
		"bpf_sock_ops_kern",
		"sk_msg_md",
		"sk_msg",
		"bpf_perf_event_data",
		"bpf_perf_event_data_kern",
		"pt_regs",
		"user_pt_regs",
		"bpf_raw_tracepoint_args",
		"bpf_sysctl",
		"bpf_sysctl_kern",
		"bpf_sockopt",
		"bpf_sockopt_kern",
		"bpf_sk_lookup",
		"bpf_sk_lookup_kern",
		"bpf_nf_ctx",
		"sk_reuseport_md",
		"sk_reuseport_kern",
		"bpf_cgroup_dev_ctx",
		"bpf_sock",
		"sock",
		"bpf_flow_keys",
		"bpf_flow_dissector",
	};

	if (!strncmp(name, "bpf_iter_", 9))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/* reg2btf_ids[]: socket pointer types are kernel structs too */
static const char *reg2btf_name(u32 type)
{
	switch (type) {
	case PTR_TO_SOCKET:
		return "sock";
	case PTR_TO_SOCK_COMMON:
		return "sock_common";
	case PTR_TO_TCP_SOCK:
		return "tcp_sock";
	case PTR_TO_XDP_SOCK:
		return "xdp_sock";
	default:
		return NULL;
	}
}

static bool is_scalar_kind(u32 kind)
{
	return kind == KBTF_INT || kind == KBTF_ENUM || kind == KBTF_ENUM64;
}

static int release_ref(struct engine *e, u32 ref_obj_id);
static int iter_next(struct engine *e, struct kcall *c, u32 idx);

/* stack_slot_obj_get_spi() for iterators: the first slot, or -EINVAL (reported) / -ERANGE
 * (outside the allocated stack) */
static int iter_get_spi(struct engine *e, const struct reg *r, u32 nr_slots)
{
	struct frame *f = reg_frame(e, r);
	int off, spi;

	if (!tnum_is_const(r->s.var_off)) {
		verr(e, "iter has to be at a constant offset");
		return -EINVAL;
	}
	off = r->off + (int)r->s.var_off.value;
	if (off % BPF_REG_SIZE) {
		verr(e, "cannot pass in iter at an offset=%d", off);
		return -EINVAL;
	}
	spi = (-off - 1) / BPF_REG_SIZE;
	if (off >= 0 || spi + 1 < (int)nr_slots) {
		verr(e, "cannot pass in iter at an offset=%d", off);
		return -EINVAL;
	}
	if (!f || spi - (int)nr_slots + 1 < 0 || spi >= (int)f->nslots)
		return -ERANGE;
	return spi;
}

static bool slot_is_iter(const struct stack_slot *s)
{
	for (int j = 0; j < BPF_REG_SIZE; j++)
		if (s->type[j] != STACK_ITER)
			return false;
	return true;
}

/* process_iter_arg() */
static int iter_arg(struct engine *e, struct kcall *c, u32 regno, u32 iter_id,
		    const struct kbtf_type *it, u32 idx)
{
	struct reg *r = &cur_regs(e)[regno];
	const char *tstr = !strncmp(it->name, "bpf_iter_", 9) ? it->name + 9 : it->name;
	u32 nr = it->size / BPF_REG_SIZE, flags = c->kf->flags;
	struct frame *f;
	int spi, err;

	if (r->type != PTR_TO_STACK) {
		verr(e, "arg#%u expected pointer to an iterator on stack", regno - 1);
		return ERR_REJECT;
	}
	if (!nr || it->size % BPF_REG_SIZE)
		return unsupported(e, "iterator struct %s of size %u", it->name, it->size);
	f = reg_frame(e, r);
	if (!f)
		return unsupported(e, "iterator in an unknown frame");
	if (flags & KF_ITER_NEW) {
		bool uninit = true;

		spi = iter_get_spi(e, r, nr);
		if (spi == -EINVAL) {
			uninit = false;
		} else if (spi >= 0) {
			for (u32 i = 0; i < nr; i++)
				for (int j = 0; j < BPF_REG_SIZE; j++)
					if (f->stack[spi - i].type[j] == STACK_ITER)
						uninit = false;
		}
		if (!uninit) {
			verr(e, "expected uninitialized iter_%s as arg #%u", tstr, regno - 1);
			return ERR_REJECT;
		}
		for (u32 i = 0; i < nr * BPF_REG_SIZE; i += BPF_REG_SIZE) {
			err = check_mem_access(e, idx, regno, (s32)i, BPF_REG_SIZE, true, -1, false,
					       false);
			if (err)
				return err;
		}
		f = reg_frame(e, r);
		spi = iter_get_spi(e, r, nr);
		if (spi < 0)
			return unsupported(e, "iterator slots outside the stack");
		/* mark_stack_slots_iter() */
		err = engine_acquire_ref(e, idx);
		if (err < 0)
			return err;
		for (u32 i = 0; i < nr; i++) {
			struct stack_slot *sl = &f->stack[spi - i];

			reg_mark_ptr(&sl->spill, PTR_TO_STACK);
			sl->spill.ref_obj_id = i == 0 ? (u32)err : 0;
			sl->spill.btf_id = iter_id;
			sl->spill.btf = it->name;
			sl->spill.iter_state = ITER_ACTIVE;
			sl->spill.iter_depth = 0;
			memset(sl->type, STACK_ITER, sizeof(sl->type));
			mark_stack_scratched(e, spi - (int)i);
		}
		return 0;
	}
	/* is_iter_reg_valid_init() */
	spi = iter_get_spi(e, r, nr);
	for (u32 i = 0; spi >= 0 && i < nr; i++) {
		const struct stack_slot *sl = &f->stack[spi - i];

		if ((i == 0) != (sl->spill.ref_obj_id != 0) || !slot_is_iter(sl) ||
		    sl->spill.btf_id != iter_id) {
			spi = -EINVAL;
			break;
		}
	}
	if (spi < 0) {
		verr(e, "expected an initialized iter_%s as arg #%u", tstr, regno - 1);
		return ERR_REJECT;
	}
	c->iter_spi = spi;
	c->iter_frameno = r->frameno;
	c->ref_obj_id = f->stack[spi].spill.ref_obj_id;
	if (flags & KF_ITER_DESTROY) {
		/* unmark_stack_slots_iter() */
		if (release_ref(e, c->ref_obj_id))
			return unsupported(e, "iterator reference missing");
		f = reg_frame(e, r);
		for (u32 i = 0; i < nr; i++) {
			struct stack_slot *sl = &f->stack[spi - i];

			reg_mark_not_init(&sl->spill);
			memset(sl->type, STACK_INVALID, sizeof(sl->type));
			mark_stack_scratched(e, spi - (int)i);
		}
	}
	return 0;
}

/* __btf_type_is_scalar_struct() */
static bool scalar_struct(struct engine *e, u32 id, int rec)
{
	struct kbtf_type t;

	if (kbtf_skip_mods(kb(e), id, NULL, &t) || (t.kind != KBTF_STRUCT && t.kind != KBTF_UNION))
		return false;
	for (u32 i = 0; i < t.vlen; i++) {
		struct kbtf_member m;
		struct kbtf_type mt;
		u32 mid;

		if (kbtf_member(kb(e), id, i, &m) || kbtf_skip_mods(kb(e), m.type, &mid, &mt))
			return false;
		if (mt.kind == KBTF_STRUCT || mt.kind == KBTF_UNION) {
			if (rec >= 3) {
				verr(e, "max struct nesting depth exceeded");
				return false;
			}
			if (!scalar_struct(e, mid, rec + 1))
				return false;
			continue;
		}
		if (mt.kind == KBTF_ARRAY) {
			if (!mt.nelems || kbtf_skip_mods(kb(e), mt.type, NULL, &mt))
				return false;
		}
		if (mt.kind != KBTF_INT && mt.kind != KBTF_ENUM)
			return false;
	}
	return true;
}

/* process_kf_arg_ptr_to_btf_id() */
static int arg_btf_id(struct engine *e, struct kcall *c, u32 i, struct reg *r, u32 ref_id,
		      const struct kbtf_type *ref_t)
{
	const char *rname = reg2btf_name(r->type);
	bool strict = (c->kf->flags & KF_ACQUIRE) || ((c->kf->flags & KF_RELEASE) && r->ref_obj_id);
	u32 reg_id;

	if (base_type(r->type) == PTR_TO_BTF_ID) {
		s64 id = xbtf_reg_id(e, r, "kfunc argument");

		if (id < 0)
			return (int)id;
		reg_id = (u32)id;
	} else {
		s64 id = kbtf_find(kb(e), rname, KBTF_STRUCT);

		if (id <= 0)
			return unsupported(e, "kernel BTF has no struct %s", rname);
		reg_id = (u32)id;
	}
	if (!xbtf_ids_match(e, reg_id, r->off, ref_id, strict)) {
		verr(e,
		     "kernel function %s args#%u expected pointer to STRUCT %s but R%u has a "
		     "pointer to STRUCT %s",
		     c->fn.name, i, ref_t->name, i + 1, kbtf_name(kb(e), reg_id));
		return ERR_REJECT;
	}
	return 0;
}

static int check_args(struct engine *e, struct kcall *c, u32 idx)
{
	u32 flags = c->kf->flags;
	bool trusted = (flags & (KF_TRUSTED_ARGS | KF_RELEASE)) != 0, rcu = flags & KF_RCU;

	for (u32 i = 0; i < c->fn.nargs; i++) {
		u32 regno = i + 1, ref_id;
		struct reg *r = &cur_regs(e)[regno];
		const char *aname = c->fn.arg_name[i] ? c->fn.arg_name[i] : "";
		struct kbtf_type t, ref_t;
		bool null = reg_is_null(r);
		int err;

		if (kbtf_skip_mods(kb(e), c->fn.arg_type[i], NULL, &t))
			return unsupported(e, "kfunc %s argument type unreadable", c->fn.name);
		if (has_suffix(aname, "__ign"))
			continue;
		if (is_scalar_kind(t.kind)) {
			if (has_suffix(aname, "__k") || has_suffix(aname, "__sz") ||
			    has_suffix(aname, "__szk") || strstr(aname, "rdonly_buf_size") ||
			    strstr(aname, "rdwr_buf_size"))
				return unsupported(e, "kfunc %s size/constant argument",
						   c->fn.name);
			if (r->type != SCALAR_VALUE) {
				verr(e, "R%u is not a scalar", regno);
				return ERR_REJECT;
			}
			continue;
		}
		if (t.kind != KBTF_PTR)
			return unsupported(e, "kfunc %s argument of BTF kind %u", c->fn.name,
					   t.kind);
		if ((trusted || rcu) && (null || (r->type & PTR_MAYBE_NULL)) &&
		    !has_suffix(aname, "__nullable")) {
			verr(e, "Possibly NULL pointer passed to trusted arg%u", i);
			return ERR_REJECT;
		}
		if (r->ref_obj_id) {
			if ((flags & KF_RELEASE) && c->ref_obj_id)
				return unsupported(e, "kfunc %s with two referenced arguments",
						   c->fn.name);
			c->ref_obj_id = r->ref_obj_id;
			if (flags & KF_RELEASE)
				c->release_regno = regno;
		}
		if (kbtf_skip_mods(kb(e), t.type, &ref_id, &ref_t))
			return unsupported(e, "kfunc %s argument type unreadable", c->fn.name);
		if (i == 0 && iter_supported(c->fn.name) && ref_t.kind == KBTF_STRUCT &&
		    !strncmp(ref_t.name, "bpf_iter_", 9)) {
			err = iter_arg(e, c, regno, ref_id, &ref_t, idx);
			if (err)
				return err;
			continue;
		}
		if (has_suffix(aname, "__nullable") && null)
			continue; /* KF_ARG_PTR_TO_NULL */
		if (strstr(aname, "__") && !has_suffix(aname, "__nullable"))
			return unsupported(e, "kfunc %s argument %s", c->fn.name, aname);
		if (ref_t.kind != KBTF_STRUCT ||
		    (special_struct(ref_t.name) &&
		     /* struct_ops has no ctx struct: a sock is a kernel object there */
		     !(e->prog_type == BPF_PROG_TYPE_STRUCT_OPS && !strcmp(ref_t.name, "sock"))) ||
		    r->type == PTR_TO_CTX)
			return unsupported(e, "kfunc %s argument %u (%s)", c->fn.name, i,
					   ref_t.name);
		if (base_type(r->type) != PTR_TO_BTF_ID && !reg2btf_name(base_type(r->type))) {
			/* the kernel's memory-argument path: only pointers to scalars or structs of
			 * scalars; bpfvet does not model the memory check itself */
			bool mem_size = i + 1 < c->fn.nargs && c->fn.arg_name[i + 1] &&
					(has_suffix(c->fn.arg_name[i + 1], "__sz") ||
					 has_suffix(c->fn.arg_name[i + 1], "__szk"));

			if (!scalar_struct(e, ref_id, 0)) {
				verr(e,
				     "arg#%u pointer type %s %s must point to %sscalar, or struct "
				     "with scalar",
				     i, kbtf_kind_str(ref_t.kind), ref_t.name,
				     mem_size ? "void, " : "");
				return ERR_REJECT;
			}
			return unsupported(e, "kfunc %s argument %u as memory", c->fn.name, i);
		}
		/* KF_ARG_PTR_TO_BTF_ID */
		if (trusted || rcu) {
			if (!xbtf_is_trusted(r)) {
				if (!rcu) {
					verr(e, "R%u must be referenced or trusted", regno);
					return ERR_REJECT;
				}
				if (!(r->type & MEM_RCU)) {
					verr(e, "R%u must be a rcu pointer", regno);
					return ERR_REJECT;
				}
			}
		}
		/* check_func_arg_reg_off() */
		if ((flags & KF_RELEASE) && r->ref_obj_id && r->off) {
			verr(e,
			     "R%u must have zero offset when passed to release func or trusted arg "
			     "to kfunc",
			     regno);
			return ERR_REJECT;
		}
		err = check_ptr_off_reg(e, r, regno, true);
		if (err)
			return err;
		if (base_type(r->type) == PTR_TO_BTF_ID) {
			u32 fl = type_flag(r->type),
			    unsafe = fl & ~(MEM_ALLOC | PTR_TRUSTED | NON_OWN_REF);

			if (unsafe && !(r->type & MEM_RCU)) {
				char a[64], b[64];

				verr(e, "arg#%u is %s expected %s or socket", i,
				     regtype_str(r->type, a, sizeof(a)),
				     regtype_str(PTR_TO_BTF_ID | (fl & (MEM_ALLOC | PTR_TRUSTED |
									NON_OWN_REF)),
						 b, sizeof(b)));
				return ERR_REJECT;
			}
		}
		err = arg_btf_id(e, c, i, r, ref_id, &ref_t);
		if (err)
			return err;
	}
	if ((flags & KF_RELEASE) && !c->release_regno) {
		verr(e, "release kernel function %s expects refcounted PTR_TO_BTF_ID", c->fn.name);
		return ERR_REJECT;
	}
	return 0;
}

/* the kernel's release_reference() / acquire_reference_state() for kfunc references */
static int release_ref(struct engine *e, u32 ref_obj_id)
{
	struct vstate *st = e->cur;

	for (u32 i = 0; i < st->nrefs; i++) {
		if (st->refs[i].id != ref_obj_id || st->refs[i].kind != REF_PTR)
			continue;
		memmove(&st->refs[i], &st->refs[i + 1], (st->nrefs - i - 1) * sizeof(st->refs[0]));
		st->nrefs--;
		release_reference_regs(e, st, ref_obj_id);
		return 0;
	}
	return -1;
}

/* bpf_rcu_read_unlock(): MEM_RCU pointers become untrusted */
static void rcu_unlock_regs(struct vstate *st)
{
	for (u32 fi = 0; fi <= st->curframe; fi++) {
		struct frame *f = st->frame[fi];

		for (int i = 0; i < MAX_BPF_REG; i++)
			if (f->regs[i].type & MEM_RCU) {
				f->regs[i].type &= ~(MEM_RCU | PTR_MAYBE_NULL);
				f->regs[i].type |= PTR_UNTRUSTED;
			}
		for (u32 s = 0; s < f->nslots; s++)
			if (f->stack[s].type[BPF_REG_SIZE - 1] == STACK_SPILL &&
			    (f->stack[s].spill.type & MEM_RCU)) {
				f->stack[s].spill.type &= ~(MEM_RCU | PTR_MAYBE_NULL);
				f->stack[s].spill.type |= PTR_UNTRUSTED;
			}
	}
}

static int rcu_calls(struct engine *e, struct kcall *c)
{
	bool lock = !strcmp(c->fn.name, "bpf_rcu_read_lock");
	bool unlock = !strcmp(c->fn.name, "bpf_rcu_read_unlock");

	if (e->cur->active_rcu) {
		if (lock) {
			verr(e, "nested rcu read lock (kernel function %s)", c->fn.name);
			return ERR_REJECT;
		} else if (unlock) {
			rcu_unlock_regs(e->cur);
			e->cur->active_rcu = 0;
		} else if (c->kf->flags & KF_SLEEPABLE) {
			verr(e, "kernel func %s is sleepable within rcu_read_lock region",
			     c->fn.name);
			return ERR_REJECT;
		}
	} else if (lock) {
		e->cur->active_rcu = 1;
	} else if (unlock) {
		verr(e, "unmatched rcu read unlock (kernel function %s)", c->fn.name);
		return ERR_REJECT;
	}
	return 0;
}

/* bpf_cast_to_kern_ctx(): the program's context as the kernel type behind it, which the kernel
 * reads from its struct bpf_ctx_convert (member BPF_PROG_TYPE_<TYPE>_kern,
 * get_kern_ctx_btf_id()) */
static int cast_to_kern_ctx(struct engine *e, struct kcall *c)
{
	struct reg *r = &cur_regs(e)[1];
	const char *pname = prog_type_name(e->prog_type);
	char want[96];
	struct kbtf_type conv, kt;
	s64 cid;
	u32 kid = 0, i;
	int err;

	if (r->type != PTR_TO_CTX) {
		verr(e, "arg#0 expected pointer to ctx, but got %s", type_str(e, r->type));
		return ERR_REJECT;
	}
	err = check_ptr_off_reg(e, r, 1, false);
	if (err)
		return err;
	if (!pname || e->prog_type == BPF_PROG_TYPE_EXT)
		return unsupported(e, "kfunc %s for program type %u", c->fn.name, e->prog_type);
	snprintf(want, sizeof(want), "BPF_PROG_TYPE_%s", pname);
	for (char *p = want; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	strncat(want, "_kern", sizeof(want) - strlen(want) - 1);
	cid = kbtf_find(kb(e), "bpf_ctx_convert", KBTF_STRUCT);
	if (cid <= 0 || kbtf_type(kb(e), (u32)cid, &conv))
		return unsupported(e, "kernel BTF has no struct bpf_ctx_convert");
	for (i = 0; i < conv.vlen; i++) {
		struct kbtf_member m;

		if (!kbtf_member(kb(e), (u32)cid, i, &m) && !strcmp(m.name, want)) {
			kid = m.type;
			break;
		}
	}
	if (!kid || kbtf_skip_mods(kb(e), kid, NULL, &kt) ||
	    (kt.kind != KBTF_STRUCT && kt.kind != KBTF_UNION))
		return unsupported(e, "kfunc %s for program type %s", c->fn.name, pname);
	for (int j = 0; j <= 5; j++) {
		reg_mark_not_init(&cur_regs(e)[j]);
		mark_reg_scratched(e, (u32)j);
	}
	xbtf_mark_ptr(e, &cur_regs(e)[0], PTR_TO_BTF_ID | PTR_TRUSTED, kid);
	return 0;
}

/* bpf_rdonly_cast(obj__ign, btf_id__k): an untrusted pointer to the kernel struct btf_id */
static int rdonly_cast(struct engine *e, struct kcall *c)
{
	struct reg *r2 = &cur_regs(e)[2];
	struct kbtf_type t;
	u64 id;

	if (c->fn.nargs != 2)
		return unsupported(e, "kfunc %s with %u arguments", c->fn.name, c->fn.nargs);
	if (r2->type != SCALAR_VALUE) {
		verr(e, "R2 is not a scalar");
		return ERR_REJECT;
	}
	if (!tnum_is_const(r2->s.var_off)) {
		verr(e, "R2 must be a known constant");
		return ERR_REJECT;
	}
	id = r2->s.var_off.value;
	if (id > UINT32_MAX || kbtf_type(kb(e), (u32)id, &t) ||
	    (t.kind != KBTF_STRUCT && t.kind != KBTF_UNION))
		return unsupported(e, "kfunc %s to a type that is not a kernel struct", c->fn.name);
	for (int j = 0; j <= 5; j++) {
		reg_mark_not_init(&cur_regs(e)[j]);
		mark_reg_scratched(e, (u32)j);
	}
	xbtf_mark_ptr(e, &cur_regs(e)[0], PTR_TO_BTF_ID | PTR_UNTRUSTED, (u32)id);
	return 0;
}

static int set_return(struct engine *e, struct kcall *c, u32 idx)
{
	struct reg *r0 = &cur_regs(e)[0];
	struct kbtf_type t, pt;
	u32 flags = c->kf->flags, pid;

	if (kbtf_skip_mods(kb(e), c->fn.ret_type, NULL, &t))
		return unsupported(e, "kfunc %s return type unreadable", c->fn.name);
	if (c->fn.ret_type == 0)
		return 0; /* void: R0 stays NOT_INIT */
	if (t.kind == KBTF_PTR) {
		if (kbtf_skip_mods(kb(e), t.type, &pid, &pt))
			return unsupported(e, "kfunc %s return type unreadable", c->fn.name);
	}
	if ((flags & KF_ACQUIRE) && !(t.kind == KBTF_PTR && pt.kind == KBTF_STRUCT)) {
		verr(e, "acquire kernel function does not return PTR_TO_BTF_ID");
		return ERR_REJECT;
	}
	if (is_scalar_kind(t.kind)) {
		reg_mark_unknown(r0);
		return 0;
	}
	if (t.kind != KBTF_PTR)
		return unsupported(e, "kfunc %s return of BTF kind %u", c->fn.name, t.kind);
	if (t.type == 0 || pt.kind == KBTF_UNKN) {
		reg_mark_unknown(r0); /* void * is a scalar */
		return 0;
	}
	if (pt.kind != KBTF_STRUCT) {
		/* pointer to a sized scalar: read-only memory of its size */
		if (!is_scalar_kind(pt.kind) || !pt.size)
			return unsupported(e, "kfunc %s returns a pointer to memory", c->fn.name);
		reg_mark_ptr(r0, PTR_TO_MEM | MEM_RDONLY);
		r0->mem_size = pt.size;
		if (c->ref_obj_id)
			r0->ref_obj_id = c->ref_obj_id;
	} else {
		xbtf_mark_ptr(e, r0, PTR_TO_BTF_ID, pid);
	}
	if (flags & KF_RET_NULL) {
		r0->type |= PTR_MAYBE_NULL;
		r0->id = ++e->id_gen;
	}
	if (flags & KF_ACQUIRE) {
		int id = engine_acquire_ref(e, idx);

		if (id < 0)
			return id;
		if (flags & KF_RET_NULL)
			r0->id = (u32)id;
		r0->ref_obj_id = (u32)id;
	}
	return 0;
}

int xkfunc_call(struct engine *e, const struct insn *in, u32 idx)
{
	const char *name = in->imm >= 0 && (u32)in->imm < e->prog->extern_cnt
				   ? e->prog->externs[in->imm].name
				   : NULL;
	struct kcall c = {0};
	int err;

	if (!name || in->off)
		return unsupported(e, "kfunc %s", name ? name : "(unresolved)");
	c.kf = kfunc_lookup(name);
	if (!c.kf)
		return unsupported(e, "kfunc %s", name);
	if ((c.kf->flags & (KF_ITER_NEW | KF_ITER_NEXT | KF_ITER_DESTROY)) && !iter_supported(name))
		return unsupported(e, "iterator kfunc %s", name);
	c.iter_spi = -1;
	if (!e->priv)
		return unsupported(e, "kfunc %s in an unprivileged program", name);
	if (e->prog_type == BPF_PROG_TYPE_EXT)
		return unsupported(e, "kfunc %s in an extension program", name);
	err = xbtf_need(e, "kfunc call");
	if (err)
		return err;
	err = kbtf_func(kb(e), name, &c.fn);
	if (err == -E2BIG)
		return unsupported(e, "kfunc %s with more than 5 arguments", name);
	if (err)
		return unsupported(e, "kfunc %s not in the kernel BTF", name);
	if (!e->prog->gpl_compatible) {
		verr(e, "cannot call kernel function from non-GPL compatible program");
		return ERR_REJECT;
	}
	if (!kfunc_set_allowed(c.kf->set, e->prog_type)) {
		verr(e, "calling kernel function %s is not allowed", name);
		return ERR_REJECT;
	}
	if ((c.kf->flags & KF_SLEEPABLE) &&
	    !(e->prog->sleepable || (e->prog_flags & BPF_F_SLEEPABLE))) {
		verr(e, "program must be sleepable to call sleepable kfunc %s", name);
		return ERR_REJECT;
	}
	if (!strcmp(name, "bpf_cast_to_kern_ctx"))
		return cast_to_kern_ctx(e, &c);
	if (!strcmp(name, "bpf_rdonly_cast"))
		return rdonly_cast(e, &c);
	if (dynptr_kfunc_handles(name))
		return dynptr_kfunc(e, name, idx);
	if (c.kf->set == KFSET_COMMON && strcmp(name, "bpf_rcu_read_lock") &&
	    strcmp(name, "bpf_rcu_read_unlock") && !iter_supported(name))
		return unsupported(e, "kfunc %s", name);
	if (xgraph_handles(name))
		return xgraph_kfunc(e, name, c.fn.func_id, idx);
	if (strstr(name, "_impl") || !strncmp(name, "bpf_list_", 9) ||
	    !strncmp(name, "bpf_rbtree_", 11))
		return unsupported(e, "kfunc %s", name);
	err = check_args(e, &c, idx);
	if (err)
		return err;
	err = rcu_calls(e, &c);
	if (err)
		return err;
	if (!strcmp(name, "bpf_throw"))
		return xthrow_call(e); /* the path ends here */
	if (c.release_regno && release_ref(e, cur_regs(e)[c.release_regno].ref_obj_id)) {
		verr(e, "kfunc %s#%u reference has not been acquired before", name, c.fn.func_id);
		return ERR_REJECT;
	}
	for (int i = 0; i <= 5; i++) {
		reg_mark_not_init(&cur_regs(e)[i]);
		mark_reg_scratched(e, (u32)i);
	}
	err = set_return(e, &c, idx);
	if (err)
		return err;
	if (c.kf->flags & KF_ITER_NEXT)
		return iter_next(e, &c, idx);
	return 0;
}

static struct reg *iter_of(struct vstate *st, u32 frameno, s32 spi)
{
	struct frame *f = frameno <= st->curframe ? st->frame[frameno] : NULL;

	if (!f || spi < 0 || (u32)spi >= f->nslots)
		return NULL;
	return &f->stack[spi].spill;
}

/* process_iter_next_call(): an active iterator forks into a queued path where next() returned
 * an element (one iteration deeper, scalars widened against the previous visit of this insn) and
 * the current path where the iterator is drained and next() returned NULL. */
static int iter_next(struct engine *e, struct kcall *c, u32 idx)
{
	struct vstate *cur = e->cur, *prev = NULL, *queued;
	struct reg *it = iter_of(cur, c->iter_frameno, c->iter_spi), *qit;
	int err;

	if (!it || (it->iter_state != ITER_ACTIVE && it->iter_state != ITER_DRAINED))
		return unsupported(e, "iterator state");
	if (it->iter_state == ITER_ACTIVE) {
		if (!cur->parent || cur->parent->insn_idx != idx)
			return unsupported(e, "iterator next without a checkpoint");
		for (struct vstate *p = cur->parent->parent; p; p = p->parent)
			if (p->insn_idx == idx && p->branches && p->curframe == cur->curframe) {
				prev = p;
				break;
			}
		err = push_branch(e, idx + 1, (s32)idx, &queued);
		if (err)
			return err;
		qit = iter_of(queued, c->iter_frameno, c->iter_spi);
		if (!qit)
			return unsupported(e, "iterator state");
		qit->iter_state = ITER_ACTIVE;
		qit->iter_depth++;
		if (prev)
			widen_scalars(prev, queued);
		queued->frame[queued->curframe]->regs[0].type &= ~PTR_MAYBE_NULL;
	}
	it->iter_state = ITER_DRAINED;
	reg_mark_known(&cur_regs(e)[0], 0);
	return 0;
}

bool xkfunc_is_iter_next(struct engine *e, u32 idx)
{
	const struct insn *in = &e->insns[idx];
	const struct kfunc_info *kf;

	if (in->code != (BPF_JMP | BPF_CALL) || in->src != BPF_PSEUDO_KFUNC_CALL || in->imm < 0 ||
	    (u32)in->imm >= e->prog->extern_cnt)
		return false;
	kf = kfunc_lookup(e->prog->externs[in->imm].name);
	return kf && (kf->flags & KF_ITER_NEXT);
}

bool xkfunc_iter_active(struct engine *e __attribute__((unused)), struct vstate *st)
{
	const struct reg *r1 = &st->frame[st->curframe]->regs[1];
	const struct frame *f;
	int off, spi;

	if (r1->type != PTR_TO_STACK || !tnum_is_const(r1->s.var_off) || r1->frameno > st->curframe)
		return false;
	f = st->frame[r1->frameno];
	off = r1->off + (int)r1->s.var_off.value;
	if (off >= 0 || off % BPF_REG_SIZE)
		return false;
	spi = (-off - 1) / BPF_REG_SIZE;
	return (u32)spi < f->nslots && slot_is_iter(&f->stack[spi]) &&
	       f->stack[spi].spill.iter_state == ITER_ACTIVE;
}

bool xkfunc_iter_depths_differ(const struct vstate *old, const struct vstate *cur)
{
	for (u32 fr = 0; fr <= old->curframe && fr <= cur->curframe; fr++) {
		const struct frame *o = old->frame[fr], *c = cur->frame[fr];

		for (u32 i = 0; i < o->nslots && i < c->nslots; i++) {
			if (o->stack[i].type[0] != STACK_ITER ||
			    o->stack[i].spill.iter_state != ITER_ACTIVE)
				continue;
			if (c->stack[i].spill.iter_depth != o->stack[i].spill.iter_depth)
				return true;
		}
	}
	return false;
}

bool xkfunc_iter_slots_equal(const struct reg *o, const struct reg *c)
{
	/* iter.depth is not compared: see iter_active_depths_differ() */
	return o->btf_id == c->btf_id && o->iter_state == c->iter_state && o->type == c->type;
}
