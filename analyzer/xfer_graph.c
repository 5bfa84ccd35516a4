/* Program-allocated objects and the BPF graph API, as the 6.18 verifier models them.
 * bpf_obj_new_impl() allocates a struct of the program's own BTF (a PTR_TO_BTF_ID | MEM_ALLOC
 * reference, maybe NULL), bpf_obj_drop_impl() releases it; loads and stores reach its integer
 * members, never its special fields. bpf_spin_lock() may lock such an object's lock. The list
 * kfuncs check that the head is a bpf_list_head whose owner's lock is held; push turns the
 * node's owning reference into a non-owning one (NON_OWN_REF, dropped at bpf_spin_unlock), pop
 * returns an owning reference to the contained struct at its node. Not modelled ("unsupported"):
 * rbtree kfuncs, bpf_list_front/back, bpf_refcount_acquire, per-CPU objects, refcounted nodes,
 * local kptrs in bpf_kptr_xchg, nested struct members of allocated objects. */
#include "xfer_graph.h"

#include <string.h>

#include "tnum.h"

enum { R0 = 0, R1 = 1 };

const struct local_type *xgraph_ltype(const struct object *obj, u32 id)
{
	u32 lo = 0, hi = obj ? obj->ltype_cnt : 0;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (obj->ltypes[mid].id == id)
			return &obj->ltypes[mid];
		if (obj->ltypes[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const struct map_field *find_kind(const struct map_field *f, u32 n, u32 kind)
{
	for (u32 i = 0; i < n; i++)
		if (f[i].kind == kind)
			return &f[i];
	return NULL;
}

static const struct map_field *find_at(const struct map_field *f, u32 n, u32 kind, u32 off)
{
	for (u32 i = 0; i < n; i++)
		if (f[i].kind == kind && f[i].off == off)
			return &f[i];
	return NULL;
}

/* reg_btf_record(): the special fields of what r points to (allocated object or map value) */
static bool reg_record(const struct engine *e, const struct reg *r, const struct map_field **f,
		       u32 *n)
{
	if (base_type(r->type) == PTR_TO_BTF_ID && (r->type & MEM_ALLOC)) {
		const struct local_type *lt = xgraph_ltype(e->obj, r->btf_id);

		if (!lt)
			return false;
		*f = lt->fields;
		*n = lt->field_cnt;
		return true;
	}
	if (base_type(r->type) == PTR_TO_MAP_VALUE && r->map >= 0 &&
	    (u32)r->map < e->obj->map_cnt) {
		*f = e->obj->maps[r->map].fields;
		*n = e->obj->maps[r->map].field_cnt;
		return true;
	}
	return false;
}

bool xgraph_reg_has_lock(const struct engine *e, const struct reg *r)
{
	const struct map_field *f;
	u32 n;

	if (base_type(r->type) != PTR_TO_BTF_ID || !(r->type & MEM_ALLOC))
		return false;
	return reg_record(e, r, &f, &n) && find_kind(f, n, MAP_FIELD_SPIN_LOCK);
}

bool xgraph_handles(const char *name)
{
	static const char *const names[] = {
		"bpf_obj_new_impl",	   "bpf_obj_drop_impl",	 "bpf_list_push_front_impl",
		"bpf_list_push_back_impl", "bpf_list_pop_front", "bpf_list_pop_back",
		"bpf_rbtree_add_impl",	   "bpf_rbtree_first",	 "bpf_rbtree_remove",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

bool xgraph_spin_allowed(const struct engine *e, const struct insn *in)
{
	static const char *const names[] = {
		"bpf_list_push_front_impl",  "bpf_list_push_back_impl", "bpf_list_pop_front",
		"bpf_list_pop_back",	     "bpf_list_front",		"bpf_list_back",
		"bpf_rbtree_add_impl",	     "bpf_rbtree_remove",	"bpf_rbtree_first",
		"bpf_rbtree_root",	     "bpf_rbtree_left",		"bpf_rbtree_right",
		"bpf_refcount_acquire_impl",
	};
	const char *name;

	if (in->off || in->imm < 0 || (u32)in->imm >= e->prog->extern_cnt)
		return false;
	name = e->prog->externs[in->imm].name;
	for (size_t i = 0; name && i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

static bool release(struct engine *e, u32 ref_obj_id)
{
	struct vstate *st = e->cur;

	for (u32 i = 0; i < st->nrefs; i++) {
		if (st->refs[i].id != ref_obj_id || st->refs[i].kind != REF_PTR)
			continue;
		memmove(&st->refs[i], &st->refs[i + 1], (st->nrefs - i - 1) * sizeof(st->refs[0]));
		st->nrefs--;
		release_reference_regs(e, st, ref_obj_id);
		return true;
	}
	return false;
}

static void clobber_args(struct engine *e)
{
	for (u32 i = 0; i <= 5; i++) {
		reg_mark_not_init(&cur_regs(e)[i]);
		mark_reg_scratched(e, i);
	}
}

/* bpf_obj_new_impl(local_type_id__k, meta__ign): the bpf_obj_new special case of
 * check_kfunc_call() */
static int obj_new(struct engine *e, u32 idx)
{
	struct reg *r1 = &cur_regs(e)[R1];
	const struct local_type *lt;
	struct reg *r0;
	u64 v;
	int id, err;

	if ((err = check_reg_read(e, R1)))
		return err;
	if (r1->type != SCALAR_VALUE) {
		verr(e, "R1 is not a scalar");
		return ERR_REJECT;
	}
	if (!tnum_is_const(r1->s.var_off)) {
		verr(e, "R1 must be a known constant");
		return ERR_REJECT;
	}
	r1->needed = true;
	if ((err = mark_precise(e, R1)))
		return err;
	v = r1->s.var_off.value;
	if ((u64)(u32)v != v) {
		verr(e, "local type ID argument must be in range [0, U32_MAX]");
		return ERR_REJECT;
	}
	if (e->obj->format != INPUT_ELF)
		return unsupported(e, "bpf_obj_new without the program's BTF");
	lt = xgraph_ltype(e->obj, (u32)v);
	if (!lt && e->obj->ltypes_complete && e->obj->btf_type_cnt) {
		verr(e, "bpf_obj_new/bpf_percpu_obj_new type ID argument must be of a struct");
		return ERR_REJECT;
	}
	if (!lt) {
		/* either no struct with that id, or one bpfvet did not record */
		return unsupported(e, "bpf_obj_new of program BTF type %llu",
				   (unsigned long long)v);
	}
	clobber_args(e);
	id = engine_acquire_ref(e, idx);
	if (id < 0)
		return id;
	r0 = &cur_regs(e)[R0];
	reg_mark_ptr(r0, PTR_TO_BTF_ID | MEM_ALLOC | PTR_MAYBE_NULL);
	r0->btf = lt->name;
	r0->btf_id = lt->id;
	r0->id = (u32)id;
	r0->ref_obj_id = (u32)id;
	mark_reg_scratched(e, R0);
	return 0;
}

/* bpf_obj_drop_impl(p__alloc, meta__ign): KF_ARG_PTR_TO_ALLOC_BTF_ID, released */
static int obj_drop(struct engine *e, const char *name, u32 func_id)
{
	struct reg *r1 = &cur_regs(e)[R1];
	u32 ref;
	int err;

	if ((err = check_reg_read(e, R1)))
		return err;
	if (r1->type == SCALAR_VALUE) {
		/* NULL or a scalar: get_kfunc_ptr_arg_type() paths bpfvet has not checked */
		return unsupported(e, "scalar passed to %s", name);
	}
	if (r1->type & (MEM_PERCPU | NON_OWN_REF))
		return unsupported(e, "%s of a per-CPU or non-owning pointer", name);
	if (r1->type != (PTR_TO_BTF_ID | MEM_ALLOC)) {
		verr(e, "arg#0 expected pointer to allocated object");
		return ERR_REJECT;
	}
	if (!r1->ref_obj_id) {
		verr(e, "allocated object must be referenced");
		return ERR_REJECT;
	}
	/* check_func_arg_reg_off() for a release argument */
	if (r1->off) {
		verr(e, "R1 must have zero offset when passed to release func or trusted arg to "
			"kfunc");
		return ERR_REJECT;
	}
	if ((err = check_ptr_off_reg(e, r1, R1, false)))
		return err;
	ref = r1->ref_obj_id;
	if (!release(e, ref)) {
		verr(e, "kfunc %s#%u reference has not been acquired before", name, func_id);
		return ERR_REJECT;
	}
	clobber_args(e);
	return 0;
}

/* check_reg_allocation_locked(): the held lock is the one of r's allocation */
static bool allocation_locked(struct engine *e, const struct reg *r)
{
	struct vstate *st = e->cur;
	bool alloc = base_type(r->type) == PTR_TO_BTF_ID;

	if (!st->active_locks)
		return false;
	for (u32 i = 0; i < st->nrefs; i++) {
		if (st->refs[i].kind != REF_LOCK || st->refs[i].id != r->id)
			continue;
		if (alloc ? st->refs[i].map == -1 : st->refs[i].map == r->map)
			return true;
	}
	verr(e, "held lock and object are not in the same allocation");
	return false;
}

/* The list head / rb root argument (R1) of a graph kfunc: KF_ARG_PTR_TO_LIST_HEAD /
 * KF_ARG_PTR_TO_RB_ROOT and __process_kf_arg_ptr_to_graph_root(). 0 when it passed, with the
 * root's field in *out. */
static int graph_root_arg(struct engine *e, u32 kind, const char *tn, const struct map_field **out)
{
	struct reg *r = &cur_regs(e)[R1];
	const struct map_field *f, *head, *lock;
	u32 n, off;
	int err;

	if ((err = check_reg_read(e, R1)))
		return err;
	if (r->type == SCALAR_VALUE || (r->type & (NON_OWN_REF | MEM_PERCPU | MEM_RCU)))
		return unsupported(e, "%s argument of type %s", tn, type_str(e, r->type));
	if (r->type == (PTR_TO_BTF_ID | MEM_ALLOC)) {
		/* check_func_arg_reg_off(): fixed offsets allowed */
		if ((err = check_ptr_off_reg(e, r, R1, true)))
			return err;
	} else if (r->type != PTR_TO_MAP_VALUE) {
		return unsupported(e, "%s argument of type %s", tn, type_str(e, r->type));
	}
	if (r->type != PTR_TO_MAP_VALUE && !r->ref_obj_id) {
		verr(e, "allocated object must be referenced");
		return ERR_REJECT;
	}
	if (!tnum_is_const(r->s.var_off)) {
		verr(e, "R1 doesn't have constant offset. %s has to be at the constant offset", tn);
		return ERR_REJECT;
	}
	if (!reg_record(e, r, &f, &n))
		return unsupported(e, "list head in an object bpfvet has no record of");
	off = (u32)(r->off + (s64)r->s.var_off.value);
	head = find_at(f, n, kind, off);
	if (!head) {
		verr(e, "%s not found at offset=%u", tn, off);
		return ERR_REJECT;
	}
	lock = find_kind(f, n, MAP_FIELD_SPIN_LOCK);
	if (!lock)
		return unsupported(e, "%s without a bpf_spin_lock", tn);
	if (!allocation_locked(e, r)) {
		verr(e, "bpf_spin_lock at off=%u must be held for %s", lock->off, tn);
		return ERR_REJECT;
	}
	*out = head;
	return 0;
}

/* ref_convert_owning_non_owning(): every copy of the pushed node becomes a non-owning
 * reference, valid until the lock is released */
static void set_non_owning(struct engine *e, u32 ref_obj_id)
{
	struct vstate *st = e->cur;

	for (u32 fi = 0; fi <= st->curframe; fi++) {
		struct frame *f = st->frame[fi];

		for (int i = 0; i < MAX_BPF_REG; i++)
			if (f->regs[i].ref_obj_id == ref_obj_id) {
				f->regs[i].type |= NON_OWN_REF;
				f->regs[i].ref_obj_id = 0;
			}
		for (u32 s = 0; s < f->nslots; s++)
			if (f->stack[s].type[BPF_REG_SIZE - 1] == STACK_SPILL &&
			    f->stack[s].spill.ref_obj_id == ref_obj_id) {
				f->stack[s].spill.type |= NON_OWN_REF;
				f->stack[s].spill.ref_obj_id = 0;
			}
	}
}

void xgraph_invalidate_non_own(struct engine *e)
{
	struct vstate *st = e->cur;

	for (u32 fi = 0; fi <= st->curframe; fi++) {
		struct frame *f = st->frame[fi];

		for (int i = 0; i < MAX_BPF_REG; i++)
			if (reg_is_pointer(&f->regs[i]) && (f->regs[i].type & NON_OWN_REF))
				e->allow_ptr_leaks ? reg_mark_unknown(&f->regs[i])
						   : reg_mark_not_init(&f->regs[i]);
		for (u32 s = 0; s < f->nslots; s++)
			if (f->stack[s].type[BPF_REG_SIZE - 1] == STACK_SPILL &&
			    reg_is_pointer(&f->stack[s].spill) &&
			    (f->stack[s].spill.type & NON_OWN_REF))
				e->allow_ptr_leaks ? reg_mark_unknown(&f->stack[s].spill)
						   : reg_mark_not_init(&f->stack[s].spill);
	}
}

/* bpf_list_push_{front,back}_impl(head, node, meta__ign, off__k) after the head passed:
 * KF_ARG_PTR_TO_LIST_NODE, __process_kf_arg_ptr_to_graph_node(), then the node's reference
 * moves into the list */
static int list_push(struct engine *e, const struct map_field *head, const char *name, u32 func_id)
{
	struct reg *r = &cur_regs(e)[2], *r4 = &cur_regs(e)[4];
	const struct local_type *lt, *et;
	const struct map_field *node;
	u32 off, ref;
	int err;

	if ((err = check_reg_read(e, 2)) || (err = check_reg_read(e, 4)))
		return err;
	if (!head->contains_id || head->contains_bad)
		return unsupported(e, "bpf_list_head without a usable __contains() tag");
	et = xgraph_ltype(e->obj, head->contains_id);
	if (!et)
		return unsupported(e, "contained struct bpfvet has no record of");
	if (r->type == SCALAR_VALUE || (r->type & (MEM_PERCPU | MEM_RCU)) ||
	    base_type(r->type) != PTR_TO_BTF_ID || !(r->type & MEM_ALLOC))
		return unsupported(e, "list node argument of type %s", type_str(e, r->type));
	if (r->type & PTR_MAYBE_NULL)
		return unsupported(e, "possibly NULL list node");
	/* check_func_arg_reg_off(): a fixed offset is fine, a variable one is not */
	if ((err = check_ptr_off_reg(e, r, 2, true)))
		return err;
	if (r->type != (PTR_TO_BTF_ID | MEM_ALLOC)) {
		verr(e, "arg#1 expected pointer to allocated object");
		return ERR_REJECT;
	}
	if (!r->ref_obj_id) {
		verr(e, "allocated object must be referenced");
		return ERR_REJECT;
	}
	lt = xgraph_ltype(e->obj, r->btf_id);
	if (!lt)
		return unsupported(e, "list node in an object bpfvet has no record of");
	off = (u32)r->off;
	node = find_at(lt->fields, lt->field_cnt, MAP_FIELD_LIST_NODE, off);
	if (!node) {
		verr(e, "bpf_list_node not found at offset=%u", off);
		return ERR_REJECT;
	}
	if (r->btf_id != head->contains_id) {
		verr(e,
		     "operation on bpf_list_head expects arg#1 bpf_list_node at offset=%u in "
		     "struct %s, but arg is at offset=%u in struct %s",
		     head->node_off, et->name, off, lt->name);
		return ERR_REJECT;
	}
	if (off != head->node_off) {
		verr(e, "arg#1 offset=%u, but expected bpf_list_node at offset=%u in struct %s",
		     off, head->node_off, et->name);
		return ERR_REJECT;
	}
	if (r4->type != SCALAR_VALUE) {
		verr(e, "R4 is not a scalar");
		return ERR_REJECT;
	}
	if (!tnum_is_const(r4->s.var_off)) {
		verr(e, "R4 must be a known constant");
		return ERR_REJECT;
	}
	r4->needed = true;
	if ((err = mark_precise(e, 4)))
		return err;
	ref = r->ref_obj_id;
	set_non_owning(e, ref);
	if (!release(e, ref)) {
		verr(e, "kfunc %s#%u reference has not been acquired before", name, func_id);
		return ERR_REJECT;
	}
	clobber_args(e);
	reg_mark_unknown(&cur_regs(e)[R0]);
	mark_reg_scratched(e, R0);
	return 0;
}

/* bpf_list_pop_{front,back}(head) after the head passed: an owning reference to the contained
 * struct, pointing at its node (mark_reg_graph_node()), maybe NULL */
static int list_pop(struct engine *e, const struct map_field *head, u32 idx)
{
	const struct local_type *et;
	struct reg *r0;
	int id;

	if (!head->contains_id || head->contains_bad)
		return unsupported(e, "bpf_list_head without a usable __contains() tag");
	et = xgraph_ltype(e->obj, head->contains_id);
	if (!et)
		return unsupported(e, "contained struct bpfvet has no record of");
	clobber_args(e);
	id = engine_acquire_ref(e, idx);
	if (id < 0)
		return id;
	r0 = &cur_regs(e)[R0];
	reg_mark_ptr(r0, PTR_TO_BTF_ID | MEM_ALLOC | PTR_MAYBE_NULL);
	r0->btf = et->name;
	r0->btf_id = et->id;
	r0->off = (s32)head->node_off;
	r0->id = (u32)id;
	r0->ref_obj_id = (u32)id;
	mark_reg_scratched(e, R0);
	return 0;
}

int xgraph_kfunc(struct engine *e, const char *name, u32 func_id, u32 idx)
{
	const struct map_field *head = NULL;
	int err;

	if (!strcmp(name, "bpf_obj_new_impl"))
		return obj_new(e, idx);
	if (!strcmp(name, "bpf_obj_drop_impl"))
		return obj_drop(e, name, func_id);
	if (!strncmp(name, "bpf_rbtree_", 11)) {
		/* the root comes first; the tree operations themselves are not modelled */
		err = graph_root_arg(e, MAP_FIELD_RB_ROOT, "bpf_rb_root", &head);
		return err ? err : unsupported(e, "kfunc %s", name);
	}
	/* bpf_list_push_{front,back}_impl, bpf_list_pop_{front,back}: the head comes first */
	err = graph_root_arg(e, MAP_FIELD_LIST_HEAD, "bpf_list_head", &head);
	if (err)
		return err;
	if (strstr(name, "_push_"))
		return list_push(e, head, name, func_id);
	return list_pop(e, head, idx);
}

static const char *field_name(u32 kind)
{
	switch (kind) {
	case MAP_FIELD_SPIN_LOCK:
		return "bpf_spin_lock";
	case MAP_FIELD_TIMER:
		return "bpf_timer";
	case MAP_FIELD_WORKQUEUE:
		return "bpf_wq";
	case MAP_FIELD_KPTR_UNREF:
		return "kptr_untrusted";
	case MAP_FIELD_KPTR_REF:
		return "kptr";
	case MAP_FIELD_KPTR_PERCPU:
		return "percpu_kptr";
	case MAP_FIELD_LIST_HEAD:
		return "bpf_list_head";
	case MAP_FIELD_LIST_NODE:
		return "bpf_list_node";
	case MAP_FIELD_RB_ROOT:
		return "bpf_rb_root";
	case MAP_FIELD_RB_NODE:
		return "bpf_rb_node";
	case MAP_FIELD_REFCOUNT:
		return "bpf_refcount";
	case MAP_FIELD_UPTR:
		return "uptr";
	}
	return NULL;
}

int xgraph_access(struct engine *e, u32 regno, s32 off, int size, bool write, s32 value_regno)
{
	struct reg *r = &cur_regs(e)[regno];
	const struct local_type *lt = xgraph_ltype(e->obj, r->btf_id);
	const char *tname = r->btf ? r->btf : "";

	if (r->type & (MEM_PERCPU | MEM_RCU | PTR_UNTRUSTED | MEM_USER))
		return unsupported(e, "access to a %s allocated object", type_str(e, r->type));
	if (!lt)
		return unsupported(e, "access to an allocated object bpfvet has no record of");
	if (!e->allow_ptr_leaks) {
		verr(e, "'struct %s' access is allowed only to CAP_PERFMON and CAP_SYS_ADMIN",
		     tname);
		return ERR_REJECT;
	}
	if (off < 0) {
		verr(e, "R%u is ptr_%s invalid negative access: off=%d", regno, tname, off);
		return ERR_REJECT;
	}
	if (!tnum_is_const(r->s.var_off) || r->s.var_off.value)
		return unsupported(e, "variable offset into an allocated object");
	if (!(r->type & NON_OWN_REF) && !r->ref_obj_id)
		return unsupported(e, "allocated object without a reference");
	/* btf_struct_access(): special fields are off limits */
	for (u32 i = 0; i < lt->field_cnt; i++) {
		const struct map_field *f = &lt->fields[i];

		if ((u32)off < f->off + f->size && f->off < (u32)off + (u32)size) {
			const char *n = field_name(f->kind);

			if (!n)
				return unsupported(e, "access to a special field");
			verr(e, "direct access to %s is disallowed", n);
			return ERR_REJECT;
		}
	}
	for (u32 i = 0; i < lt->scalar_cnt; i++) {
		const struct local_span *s = &lt->scalars[i];

		if ((u32)off < s->off || (u64)(u32)off + (u32)size > (u64)s->off + s->size)
			continue;
		if (write) {
			if (value_regno >= 0 && cur_regs(e)[value_regno].type != SCALAR_VALUE)
				return unsupported(e, "pointer stored into an allocated object");
			return 0;
		}
		if (value_regno >= 0)
			reg_mark_unknown(&cur_regs(e)[value_regno]);
		return 0;
	}
	return unsupported(e, "access at offset %d of struct %s (not a plain integer member)", off,
			   tname);
}

/* process_spin_lock() for an allocated object (the map value case is xfer_call.c's) */
int xgraph_spin_lock(struct engine *e, u32 regno, bool is_lock)
{
	struct reg *r = &cur_regs(e)[regno];
	struct vstate *st = e->cur;
	const struct map_field *f, *lock;
	u32 n;
	s64 val = (s64)r->s.var_off.value + r->off;

	if (r->type != (PTR_TO_BTF_ID | MEM_ALLOC))
		return unsupported(e, "bpf_spin_lock on %s", type_str(e, r->type));
	if (!reg_record(e, r, &f, &n))
		return unsupported(e, "bpf_spin_lock in an object bpfvet has no record of");
	lock = find_kind(f, n, MAP_FIELD_SPIN_LOCK);
	if (!lock) {
		verr(e, "local '%s' has no valid bpf_spin_lock", r->btf ? r->btf : "");
		return ERR_REJECT;
	}
	if (val != (s64)lock->off) {
		verr(e, "off %lld doesn't point to 'struct bpf_spin_lock' that is at %u",
		     (long long)val, lock->off);
		return ERR_REJECT;
	}
	if (!is_lock) {
		if (!st->active_locks) {
			verr(e, "bpf_spin_unlock without taking a lock");
			return ERR_REJECT;
		}
		for (u32 i = 0; i < st->nrefs; i++) {
			if (st->refs[i].kind != REF_LOCK)
				continue;
			if (st->refs[i].map != -1 || st->refs[i].id != r->id) {
				verr(e, "bpf_spin_unlock of different lock");
				return ERR_REJECT;
			}
			memmove(&st->refs[i], &st->refs[i + 1],
				(st->nrefs - i - 1) * sizeof(st->refs[0]));
			st->nrefs--;
			st->active_locks--;
			xgraph_invalidate_non_own(e);
			return 0;
		}
		verr(e, "bpf_spin_unlock of different lock");
		return ERR_REJECT;
	}
	if (st->active_locks) {
		verr(e, "Locking two bpf_spin_locks are not allowed");
		return ERR_REJECT;
	}
	if (st->nrefs >= MAX_REFS)
		return unsupported(e, "too many references");
	st->refs[st->nrefs].id = r->id;
	st->refs[st->nrefs].insn = st->insn_idx;
	st->refs[st->nrefs].kind = REF_LOCK;
	st->refs[st->nrefs].map = -1;
	st->nrefs++;
	st->active_locks++;
	return 0;
}
