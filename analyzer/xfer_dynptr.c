/* Dynptrs and bpf_timer arguments of helper calls. A dynptr lives in two stack slots marked
 * STACK_DYNPTR (encoding in xfer_dynptr.h); helpers with an ARG_PTR_TO_DYNPTR | MEM_UNINIT
 * argument create one (bpf_dynptr_from_mem: local, bpf_ringbuf_reserve_dynptr: ringbuf, holding
 * an acquired reference), the others require an initialised one, and the ringbuf release helpers
 * (submit / discard) drop the reference and invalidate the slots and their clones. Writes that
 * reach a dynptr slot destroy an unreferenced dynptr and are rejected for a referenced one.
 * Mirrors process_dynptr_func(), mark_stack_slots_dynptr(), unmark_stack_slots_dynptr(),
 * destroy_if_dynptr_stack_slot() and process_timer_func() of the kernel verifier (6.12/6.18). */
#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "progtype.h"
#include "xfer_dynptr.h"

static const char *dynptr_kind_str(u32 kind)
{
	switch (kind) {
	case DYNPTR_TYPE_LOCAL:
		return "local";
	case DYNPTR_TYPE_RINGBUF:
		return "ringbuf";
	case DYNPTR_TYPE_SKB:
		return "skb";
	case DYNPTR_TYPE_XDP:
		return "xdp";
	default:
		return "<invalid>";
	}
}

/* stack_slot_obj_get_spi() for a dynptr: the slot index of its first (lowest) slot, -EINVAL with
 * the kernel's line logged, or -ERANGE when the slots are not allocated yet. */
static int dynptr_get_spi(struct engine *e, const struct reg *r, bool report)
{
	struct frame *f = reg_frame(e, r);
	s64 off;
	int spi;

	if (!tnum_is_const(r->s.var_off)) {
		if (report)
			verr(e, "dynptr has to be at a constant offset");
		return -EINVAL;
	}
	off = (s64)(s32)((u32)r->off + (u32)r->s.var_off.value);
	if (off % BPF_REG_SIZE || off > -(BPF_DYNPTR_NR_SLOTS * BPF_REG_SIZE)) {
		/* off > -16 gives spi + 1 < 2 (the kernel's second test) */
		if (report)
			verr(e, "cannot pass in dynptr at an offset=%d", (int)off);
		return -EINVAL;
	}
	if (off < -MAX_BPF_STACK)
		return -ERANGE;
	spi = (int)((-off - 1) / BPF_REG_SIZE);
	if (!f || spi - BPF_DYNPTR_NR_SLOTS + 1 < 0 || (u32)spi >= f->nslots)
		return -ERANGE;
	return spi;
}

static bool slot_all_dynptr(const struct stack_slot *s)
{
	for (int i = 0; i < BPF_REG_SIZE; i++)
		if (s->type[i] != STACK_DYNPTR)
			return false;
	return true;
}

static void invalidate_dynptr(struct frame *f, s32 spi)
{
	for (s32 k = spi; k >= spi - 1; k--) {
		memset(f->stack[k].type, STACK_INVALID, sizeof(f->stack[k].type));
		reg_mark_not_init(&f->stack[k].spill);
	}
}

static void invalidate_slice(struct engine *e, struct reg *r, u32 dynptr_id)
{
	if (base_type(r->type) == PTR_TO_MEM && r->dynptr_id == dynptr_id) {
		if (e->allow_ptr_leaks)
			reg_mark_unknown(r);
		else
			reg_mark_not_init(r);
	}
}

/* the slices (bpf_dynptr_data results) of a destroyed dynptr, in every frame */
static void invalidate_slices(struct engine *e, u32 dynptr_id)
{
	struct vstate *st = e->cur;

	if (!dynptr_id)
		return;
	for (u32 fi = 0; fi <= st->curframe; fi++) {
		struct frame *fr = st->frame[fi];

		for (int i = 0; i < MAX_BPF_REG; i++)
			invalidate_slice(e, &fr->regs[i], dynptr_id);
		for (u32 k = 0; k < fr->nslots; k++)
			if (fr->stack[k].type[BPF_REG_SIZE - 1] == STACK_SPILL)
				invalidate_slice(e, &fr->stack[k].spill, dynptr_id);
	}
}

int dynptr_destroy_slot(struct engine *e, struct frame *f, s32 spi)
{
	if (spi < 0 || (u32)spi >= f->nslots || f->stack[spi].type[0] != STACK_DYNPTR)
		return 0;
	if (!f->stack[spi].spill.off)
		spi++; /* the second slot: reposition to the first */
	if (spi - 1 < 0 || (u32)spi >= f->nslots)
		return unsupported(e, "inconsistent dynptr stack slots");
	if (type_flag(f->stack[spi].spill.type) & DYNPTR_TYPE_RINGBUF) {
		verr(e, "cannot overwrite referenced dynptr");
		return ERR_REJECT;
	}
	mark_stack_scratched(e, spi);
	mark_stack_scratched(e, spi - 1);
	invalidate_slices(e, f->stack[spi].spill.id);
	invalidate_dynptr(f, spi);
	return 0;
}

static int acquire_dynptr_ref(struct engine *e, u32 insn_idx)
{
	struct vstate *st = e->cur;

	if (st->nrefs >= MAX_REFS)
		return unsupported(e, "more than %d acquired references", MAX_REFS);
	st->refs[st->nrefs].id = ++e->id_gen;
	st->refs[st->nrefs].insn = insn_idx;
	st->refs[st->nrefs].kind = REF_PTR;
	st->refs[st->nrefs].map = -1;
	st->nrefs++;
	return (int)e->id_gen;
}

/* mark_stack_slots_dynptr() */
static int mark_dynptr_slots(struct engine *e, const struct reg *r, u32 kind, u32 insn_idx,
			     u32 clone_ref)
{
	struct frame *f = reg_frame(e, r);
	u32 id;
	int spi, err;

	spi = dynptr_get_spi(e, r, true);
	if (spi < 0)
		return spi == -ERANGE ? unsupported(e, "dynptr slots outside the stack")
				      : ERR_REJECT;
	if ((err = dynptr_destroy_slot(e, f, spi)) || (err = dynptr_destroy_slot(e, f, spi - 1)))
		return err;
	id = ++e->id_gen;
	for (s32 k = spi; k >= spi - 1; k--) {
		struct stack_slot *s = &f->stack[k];

		memset(s->type, STACK_DYNPTR, sizeof(s->type));
		reg_mark_not_init(&s->spill);
		s->spill.type = CONST_PTR_TO_DYNPTR | kind;
		s->spill.off = k == spi;
		s->spill.id = id;
		mark_stack_scratched(e, k);
	}
	if (kind == DYNPTR_TYPE_RINGBUF) {
		int ref = clone_ref ? (int)clone_ref : acquire_dynptr_ref(e, insn_idx);

		if (ref < 0)
			return ref;
		f->stack[spi].spill.ref_obj_id = (u32)ref;
		f->stack[spi - 1].spill.ref_obj_id = (u32)ref;
	}
	return 0;
}

/* is_dynptr_reg_valid_init() for a PTR_TO_STACK register: the kind, or 0 */
static u32 stack_dynptr_kind(struct engine *e, const struct reg *r, bool report)
{
	struct frame *f = reg_frame(e, r);
	int spi = dynptr_get_spi(e, r, report);

	if (spi < 0 || !f->stack[spi].spill.off || !slot_all_dynptr(&f->stack[spi]) ||
	    !slot_all_dynptr(&f->stack[spi - 1]))
		return 0;
	return type_flag(f->stack[spi].spill.type) & DYNPTR_KIND_MASK;
}

u32 dynptr_kind(struct engine *e, const struct reg *r)
{
	if (r->type != PTR_TO_STACK)
		return 0;
	return stack_dynptr_kind(e, r, false);
}

static int dynptr_arg_common(struct engine *e, u32 regno, u32 arg_type, u32 insn_idx,
			     u32 clone_ref);

int dynptr_arg(struct engine *e, u32 regno, u32 arg_type, u32 insn_idx)
{
	return dynptr_arg_common(e, regno, arg_type, insn_idx, 0);
}

static int dynptr_arg_clone(struct engine *e, u32 regno, u32 arg_type, u32 insn_idx, u32 clone_ref)
{
	return dynptr_arg_common(e, regno, arg_type, insn_idx, clone_ref);
}

static int dynptr_arg_common(struct engine *e, u32 regno, u32 arg_type, u32 insn_idx, u32 clone_ref)
{
	struct reg *r = &cur_regs(e)[regno];
	u32 want = arg_type & DYNPTR_KIND_MASK, kind;
	int spi, err;

	if (r->type != PTR_TO_STACK && r->type != CONST_PTR_TO_DYNPTR) {
		verr(e, "arg#%u expected pointer to stack or const struct bpf_dynptr", regno - 1);
		return ERR_REJECT;
	}
	if (arg_type & MEM_UNINIT) {
		if (r->type == CONST_PTR_TO_DYNPTR) {
			verr(e, "Dynptr has to be an uninitialized dynptr");
			return ERR_REJECT;
		}
		if (!want || (want & (want - 1)))
			return unsupported(e, "dynptr helper argument without one kind");
		spi = dynptr_get_spi(e, r, true);
		if (spi < 0 && spi != -ERANGE) {
			verr(e, "Dynptr has to be an uninitialized dynptr");
			return ERR_REJECT;
		}
		for (s32 i = 0; i < 16; i += BPF_REG_SIZE) {
			err = check_mem_access(e, insn_idx, regno, i, BPF_REG_SIZE, true, -1, false,
					       false);
			if (err)
				return err;
		}
		return mark_dynptr_slots(e, r, want, insn_idx, clone_ref);
	}
	if (r->type == CONST_PTR_TO_DYNPTR && !(arg_type & MEM_RDONLY)) {
		verr(e, "cannot pass pointer to const bpf_dynptr, the helper mutates it");
		return ERR_REJECT;
	}
	/* a const dynptr (global function argument, user ringbuf callback) is a local one */
	kind = r->type == CONST_PTR_TO_DYNPTR ? DYNPTR_TYPE_LOCAL : stack_dynptr_kind(e, r, true);
	if (!kind) {
		verr(e, "Expected an initialized dynptr as arg #%u", regno - 1);
		return ERR_REJECT;
	}
	if (want && kind != want) {
		verr(e, "Expected a dynptr of type %s as arg #%u", dynptr_kind_str(want),
		     regno - 1);
		return ERR_REJECT;
	}
	return 0;
}

int dynptr_release_arg_ok(struct engine *e, u32 regno)
{
	struct reg *r = &cur_regs(e)[regno];
	int spi;

	if (r->type != PTR_TO_STACK) {
		verr(e, "cannot release unowned const bpf_dynptr");
		return ERR_REJECT;
	}
	spi = dynptr_get_spi(e, r, true);
	if (spi < 0 || !reg_frame(e, r)->stack[spi].spill.ref_obj_id) {
		verr(e, "arg %u is an unacquired reference", regno);
		return ERR_REJECT;
	}
	return 0;
}

int dynptr_release(struct engine *e, u32 regno)
{
	struct reg *r = &cur_regs(e)[regno];
	struct frame *f = reg_frame(e, r);
	struct vstate *st = e->cur;
	int spi = dynptr_get_spi(e, r, false);
	u32 ref;
	bool found = false;

	if (spi < 0)
		return unsupported(e, "release of a dynptr outside the stack");
	if (!(type_flag(f->stack[spi].spill.type) & DYNPTR_TYPE_RINGBUF)) {
		invalidate_dynptr(f, spi);
		return 0;
	}
	ref = f->stack[spi].spill.ref_obj_id;
	for (u32 i = 0; i < st->nrefs; i++) {
		if (st->refs[i].id != ref || st->refs[i].kind != REF_PTR)
			continue;
		memmove(&st->refs[i], &st->refs[i + 1], (st->nrefs - i - 1) * sizeof(st->refs[0]));
		st->nrefs--;
		found = true;
		break;
	}
	if (!found)
		return unsupported(e, "dynptr reference %u not held", ref);
	release_reference_regs(e, st, ref);
	/* the dynptr and its clones */
	for (u32 k = 1; k < f->nslots; k++) {
		if (f->stack[k].type[0] != STACK_DYNPTR || f->stack[k].spill.ref_obj_id != ref)
			continue;
		if (f->stack[k].spill.off)
			invalidate_dynptr(f, (s32)k);
	}
	return 0;
}

int dynptr_ids(struct engine *e, const struct reg *r, u32 *id, u32 *ref_obj_id)
{
	struct frame *f;
	int spi;

	if (r->type == CONST_PTR_TO_DYNPTR) {
		*id = r->id;
		*ref_obj_id = r->ref_obj_id;
		return 0;
	}
	if (r->type != PTR_TO_STACK)
		return unsupported(e, "dynptr slice of a %s", type_str(e, r->type));
	f = reg_frame(e, r);
	spi = dynptr_get_spi(e, r, false);
	if (spi < 0 || !f->stack[spi].spill.off)
		return unsupported(e, "dynptr slice of an unknown dynptr");
	*id = f->stack[spi].spill.id;
	*ref_obj_id = f->stack[spi].spill.ref_obj_id;
	return 0;
}

int dynptr_global_arg(struct engine *e, u32 regno)
{
	const struct reg *r = &cur_regs(e)[regno];
	int err;

	/* check_func_arg_reg_off(..., ARG_PTR_TO_DYNPTR) */
	if (r->type != PTR_TO_STACK && r->type != SCALAR_VALUE && reg_is_pointer(r) &&
	    !reg_is_pkt(r) && base_type(r->type) != PTR_TO_MAP_KEY &&
	    base_type(r->type) != PTR_TO_MAP_VALUE && base_type(r->type) != PTR_TO_MEM &&
	    base_type(r->type) != PTR_TO_BUF && (err = check_ptr_off_reg(e, r, regno, false)))
		return err;
	return dynptr_arg(e, regno, ARG_PTR_TO_DYNPTR | MEM_RDONLY, e->cur->insn_idx);
}

/* The dynptr kfuncs bpfvet models: argument layouts ('d' an initialised dynptr, 'u' an
 * uninitialised one to create as a clone of the first, 's' a scalar, 'c' the program's context,
 * 'k' an uninitialised one to create of the kfunc's own kind: skb or xdp, 'b' an optional buffer
 * and its constant size, the last two arguments); all return a scalar but the slices. */
static const struct {
	const char *name;
	const char *args;
} dynptr_kfuncs[] = {
	{"bpf_dynptr_is_null", "d"},	  {"bpf_dynptr_is_rdonly", "d"},
	{"bpf_dynptr_size", "d"},	  {"bpf_dynptr_adjust", "dss"},
	{"bpf_dynptr_clone", "du"},	  {"bpf_dynptr_from_skb", "csk"},
	{"bpf_dynptr_from_xdp", "csk"},	  {"bpf_dynptr_slice", "dsb"},
	{"bpf_dynptr_slice_rdwr", "dsb"},
};

/* The kind bpf_dynptr_from_skb / _from_xdp create, 0 when the program type's context is not the
 * __sk_buff / xdp_md the kfunc takes (netfilter and tracing pass an sk_buff: not modelled). */
static u32 dynptr_ctor_kind(const struct engine *e, const char *name)
{
	if (!strcmp(name, "bpf_dynptr_from_xdp"))
		return e->prog_type == BPF_PROG_TYPE_XDP ? DYNPTR_TYPE_XDP : 0;
	switch (e->prog_type) {
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
		return DYNPTR_TYPE_SKB;
	default:
		return 0;
	}
}

static const char *dynptr_kfunc_args(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(dynptr_kfuncs); i++)
		if (!strcmp(name, dynptr_kfuncs[i].name))
			return dynptr_kfuncs[i].args;
	return NULL;
}

bool dynptr_kfunc_handles(const char *name)
{
	return dynptr_kfunc_args(name) != NULL;
}

/* A slice size that is not a known constant is always rejected: by check_mem_size_reg() on a
 * buffer its maximum does not fit, else by the buffer__szk constant check. */
static int slice_var_size(struct engine *e, u32 regno, u32 argi)
{
	const struct reg *b = &cur_regs(e)[regno], *sz = &cur_regs(e)[regno + 1];

	if (!reg_is_null(b)) {
		int err = 0;

		if (sz->s.smin < 0) {
			verr(e, "R%u min value is negative, either use unsigned or 'var &= const'",
			     regno + 1);
			err = ERR_REJECT;
		} else if (sz->s.umax >= (1ULL << 29)) {
			verr(e,
			     "R%u unbounded memory access, use 'var &= const' or 'if (var < "
			     "const)'",
			     regno + 1);
			err = ERR_REJECT;
		} else {
			err = check_helper_mem(e, regno, (s64)sz->s.umax, false, true, false);
			if (!err)
				err = check_helper_mem(e, regno, (s64)sz->s.umax, true, true,
						       false);
		}
		if (err == ERR_REJECT)
			verr(e, "arg#%u arg#%u memory, len pair leads to invalid memory access",
			     argi, argi + 1);
		if (err)
			return err;
	}
	verr(e, "R%u must be a known constant", regno + 1);
	return ERR_REJECT;
}

/* KF_ARG_PTR_TO_MEM_SIZE of the slice kfuncs: buffer__opt in regno, buffer__szk after it. Only a
 * NULL or stack buffer and a constant size are modelled; *size gets the constant. */
static int slice_buffer_arg(struct engine *e, u32 regno, u32 argi, u64 *size)
{
	struct reg *b = &cur_regs(e)[regno], *sz = &cur_regs(e)[regno + 1];
	int err;

	if ((err = check_reg_read(e, regno + 1)))
		return err;
	if (sz->type == SCALAR_VALUE && !tnum_is_const(sz->s.var_off) &&
	    (reg_is_null(b) || b->type == PTR_TO_STACK))
		return slice_var_size(e, regno, argi);
	if (sz->type != SCALAR_VALUE || !tnum_is_const(sz->s.var_off) || !sz->s.var_off.value ||
	    sz->s.var_off.value > MAX_BPF_STACK)
		return unsupported(e, "dynptr slice of a variable, zero or large size");
	*size = sz->s.var_off.value;
	if (reg_is_null(b))
		return 0;
	if (b->type != PTR_TO_STACK)
		return unsupported(e, "dynptr slice buffer of type %s", type_str(e, b->type));
	/* check_kfunc_mem_size_reg(): the buffer is read and written */
	err = check_helper_mem(e, regno, (s64)*size, false, true, false);
	if (!err)
		err = check_helper_mem(e, regno, (s64)*size, true, true, false);
	if (err == ERR_REJECT)
		verr(e, "arg#%u arg#%u memory, len pair leads to invalid memory access", argi,
		     argi + 1);
	return err;
}

/* check_kfunc_args() for KF_ARG_PTR_TO_DYNPTR and scalar arguments, then a scalar R0 */
int dynptr_kfunc(struct engine *e, const char *name, u32 idx)
{
	const char *args = dynptr_kfunc_args(name);
	u32 parent_kind = 0, parent_ref = 0, parent_id = 0;
	bool slice = false, rdwr = !strcmp(name, "bpf_dynptr_slice_rdwr");
	u64 slice_size = 0;
	int err;

	if (!args)
		return unsupported(e, "kfunc %s", name);
	for (u32 i = 0; args[i]; i++) {
		u32 regno = i + 1;
		struct reg *r = &cur_regs(e)[regno];

		if ((err = check_reg_read(e, regno)))
			return err;
		if (args[i] == 's') {
			if (r->type != SCALAR_VALUE) {
				verr(e, "R%u is not a scalar", regno);
				return ERR_REJECT;
			}
			continue;
		}
		if (args[i] == 'c') {
			/* KF_ARG_PTR_TO_CTX; other registers and a moved context take paths
			 * (NULL, offset, trusted-argument checks) not modelled here */
			if (!dynptr_ctor_kind(e, name))
				return unsupported(e, "kfunc %s in this program type", name);
			if (r->type != PTR_TO_CTX || r->off || !tnum_is_const(r->s.var_off) ||
			    r->s.var_off.value)
				return unsupported(e, "kfunc %s with a %s argument", name,
						   type_str(e, r->type));
			continue;
		}
		if (args[i] == 'b') {
			if ((err = slice_buffer_arg(e, regno, i, &slice_size)))
				return err;
			slice = true;
			break; /* the size was the last argument */
		}
		if (r->type != PTR_TO_STACK && r->type != CONST_PTR_TO_DYNPTR) {
			verr(e, "arg#%u expected pointer to stack or dynptr_ptr", i);
			return ERR_REJECT;
		}
		if (args[i] == 'd') {
			u32 at = ARG_PTR_TO_DYNPTR |
				 (r->type == CONST_PTR_TO_DYNPTR ? MEM_RDONLY : 0);

			if ((err = dynptr_arg(e, regno, at, idx)))
				return err;
			parent_kind = r->type == CONST_PTR_TO_DYNPTR ? DYNPTR_TYPE_LOCAL
								     : dynptr_kind(e, r);
			if ((err = dynptr_ids(e, r, &parent_id, &parent_ref)))
				return err;
			continue;
		}
		if (args[i] == 'k') {
			/* mark_stack_slots_dynptr() of an skb / xdp dynptr (no reference) */
			if ((err = dynptr_arg(e, regno,
					      ARG_PTR_TO_DYNPTR | MEM_UNINIT |
						      dynptr_ctor_kind(e, name),
					      idx)))
				return err;
			continue;
		}
		/* 'u': bpf_dynptr_clone's clone__uninit, of the parent's kind and reference */
		if (!parent_kind)
			return unsupported(e, "kfunc %s without a parent dynptr", name);
		if (r->type == CONST_PTR_TO_DYNPTR) {
			verr(e, "Dynptr has to be an uninitialized dynptr");
			return ERR_REJECT;
		}
		err = dynptr_arg_clone(e, regno, ARG_PTR_TO_DYNPTR | MEM_UNINIT | parent_kind, idx,
				       parent_ref);
		if (err)
			return err;
	}
	if (slice && rdwr && progtype_pkt_rights(e->prog_type) != PKT_RW) {
		/* may_access_direct_pkt_data(env, NULL, BPF_WRITE) */
		verr(e, "the prog does not allow writes to packet data");
		return ERR_REJECT;
	}
	if (slice && (!parent_id || !parent_kind))
		return unsupported(e, "dynptr slice of an unknown dynptr");
	for (int i = 0; i <= 5; i++) {
		reg_mark_not_init(&cur_regs(e)[i]);
		mark_reg_scratched(e, (u32)i);
	}
	if (!slice) {
		reg_mark_unknown(&cur_regs(e)[0]);
		return 0;
	}
	/* PTR_TO_MEM of the constant size, tagged with the dynptr's kind (packet slices die
	 * when the packet data may change) and its id (they die with the dynptr); read-only
	 * for bpf_dynptr_slice; KF_RET_NULL. Packet slices are not reference counted. */
	{
		struct reg *r0 = &cur_regs(e)[0];

		reg_mark_ptr(r0,
			     PTR_TO_MEM | parent_kind | (rdwr ? 0 : MEM_RDONLY) | PTR_MAYBE_NULL);
		r0->mem_size = (u32)slice_size;
		r0->id = ++e->id_gen;
		r0->dynptr_id = parent_id;
	}
	return 0;
}

bool dynptr_slots_equal(const struct reg *o, const struct reg *c)
{
	return o->type == c->type && o->off == c->off;
}

int timer_arg(struct engine *e, u32 regno, s32 *map)
{
	const struct reg *r = &cur_regs(e)[regno];
	const struct map_def *m = reg_map(e, r);
	const struct map_field *fld = NULL;
	u64 val = r->s.var_off.value;

	if (!tnum_is_const(r->s.var_off)) {
		verr(e,
		     "R%u doesn't have constant offset. bpf_timer has to be at the constant offset",
		     regno);
		return ERR_REJECT;
	}
	if (!m)
		return unsupported(e, "bpf_timer in an unknown map");
	if (!m->has_btf) {
		verr(e, "map '%s' has to have BTF in order to use bpf_timer", m->name);
		return ERR_REJECT;
	}
	for (u32 i = 0; i < m->field_cnt; i++)
		if (m->fields[i].kind == MAP_FIELD_TIMER)
			fld = &m->fields[i];
	if (!fld) {
		verr(e, "map '%s' has no valid bpf_timer", m->name);
		return ERR_REJECT;
	}
	if ((s64)(val + (u64)(s64)r->off) != (s64)fld->off) {
		verr(e, "off %lld doesn't point to 'struct bpf_timer' that is at %u",
		     (long long)(val + (u64)(s64)r->off), fld->off);
		return ERR_REJECT;
	}
	*map = r->map;
	return 0;
}
