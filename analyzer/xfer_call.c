/* Calls and exits: helper calls through the prototype tables (the kernel's check_helper_call and
 * check_func_arg: argument types, map key/value memory, memory+size pairs, reference acquire and
 * release, return types), bpf-to-bpf calls (check_func_call: frames, global subprograms assumed
 * valid), tail calls, exits (prepare_func_exit, check_resource_leak, check_return_code).
 * Callbacks and kfuncs are not modelled: they give "unsupported: ...". */
#include <string.h>

#include "btf_int.h"
#include "engine_int.h"
#include "xfer_graph.h"
#include "struct_ops.h"
#include "helpers.h"
#include "progtype.h"
#include "xfer_dynptr.h"
#include "xfer_async.h"

/* helper ids the verifier treats specially (UAPI numbering) */
enum {
#define HID(name, id) BPF_FUNC_##name = id,
#include "helpers_ids.inc"
#undef HID
};

struct call_meta {
	s32 map; /* map index of the ARG_CONST_MAP_PTR argument */
	u32 ref_obj_id;
	u32 release_regno;
	u64 msize_max;
	u32 mem_size;
	s32 raw_regno; /* uninit memory argument: bytes written after the checks */
	s64 raw_size;
	s64 const_key; /* constant map key or -1 */
	u32 func_id;
	s32 subprog;		      /* ARG_PTR_TO_FUNC: the callback */
	const struct map_field *kptr; /* bpf_kptr_xchg: the destination kptr field */
	u32 percpu_btf_id; /* ARG_PTR_TO_PERCPU_BTF_ID: the kernel type (meta->ret_btf_id) */
	u32 dynptr_id;	   /* bpf_dynptr_data: the dynptr the slice derives from */
};

static const char *fname(u32 id)
{
	const char *n = helper_func_name(id);

	return n ? n : "unknown";
}

static void mark_reg_invalid(struct engine *e, struct reg *r)
{
	if (!e->allow_ptr_leaks)
		reg_mark_not_init(r);
	else
		reg_mark_unknown(r);
}

/* release_reference(): drop the reference and invalidate every register derived from it */
static int release_reference(struct engine *e, u32 ref_obj_id)
{
	struct vstate *st = e->cur;
	bool found = false;

	for (u32 i = 0; i < st->nrefs; i++) {
		if (st->refs[i].id != ref_obj_id || st->refs[i].kind != REF_PTR)
			continue;
		memmove(&st->refs[i], &st->refs[i + 1], (st->nrefs - i - 1) * sizeof(st->refs[0]));
		st->nrefs--;
		found = true;
		break;
	}
	if (!found)
		return -1;
	release_reference_regs(e, st, ref_obj_id);
	return 0;
}

void release_reference_regs(struct engine *e, struct vstate *st, u32 ref_obj_id)
{
	for (u32 fi = 0; fi <= st->curframe; fi++) {
		struct frame *f = st->frame[fi];

		for (int i = 0; i < MAX_BPF_REG; i++)
			if (f->regs[i].ref_obj_id == ref_obj_id)
				mark_reg_invalid(e, &f->regs[i]);
		for (u32 s = 0; s < f->nslots; s++)
			if (f->stack[s].type[BPF_REG_SIZE - 1] == STACK_SPILL &&
			    f->stack[s].spill.ref_obj_id == ref_obj_id)
				mark_reg_invalid(e, &f->stack[s].spill);
	}
}

static void pkt_invalidate(struct engine *e, struct reg *r)
{
	/* reg_is_dynptr_slice_pkt(): skb / xdp dynptr slices die with the packet data too */
	if (reg_is_pkt(r) || r->type == PTR_TO_PACKET_END ||
	    (base_type(r->type) == PTR_TO_MEM && (r->type & (DYNPTR_TYPE_SKB | DYNPTR_TYPE_XDP))))
		mark_reg_invalid(e, r);
}

void clear_all_pkt_pointers(struct engine *e)
{
	struct vstate *st = e->cur;

	for (u32 fi = 0; fi <= st->curframe; fi++) {
		struct frame *f = st->frame[fi];

		for (int i = 0; i < MAX_BPF_REG; i++)
			pkt_invalidate(e, &f->regs[i]);
		for (u32 s = 0; s < f->nslots; s++)
			if (f->stack[s].type[BPF_REG_SIZE - 1] == STACK_SPILL)
				pkt_invalidate(e, &f->stack[s].spill);
	}
}

/* acquire_reference_state(): a new pointer reference acquired at insn_idx; returns its id */
int engine_acquire_ref(struct engine *e, u32 insn_idx)
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

/* check_helper_mem_access() */
int check_helper_mem(struct engine *e, u32 regno, s64 size, bool write, bool zero_ok,
		     bool uninit_ok)
{
	struct reg *r = &cur_regs(e)[regno];
	const struct map_def *m;
	char tb[64];

	switch (base_type(r->type)) {
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
		if (r->s.smin < 0) {
			verr(e,
			     "R%u min value is negative, either use unsigned index or do a if "
			     "(index >=0) check.",
			     regno);
			return ERR_REJECT;
		}
		if (r->range < 0 || r->off < 0 || (u64)r->off + size > (u64)(u32)r->range ||
		    (size == 0 && !zero_ok)) {
			verr(e, "invalid access to packet, off=%d size=%d, R%u(id=%u,off=%d,r=%d)",
			     r->off, (int)size, regno, r->id, r->off, r->range);
			verr(e, "R%u offset is outside of the packet", regno);
			return ERR_REJECT;
		}
		return 0;
	case PTR_TO_MAP_KEY:
	case PTR_TO_MAP_VALUE:
	case PTR_TO_MEM: {
		u64 limit;
		s64 smin = r->s.smin;
		s32 off = r->off;

		if (base_type(r->type) == PTR_TO_MAP_KEY && write) {
			verr(e, "R%u cannot write into %s", regno, type_str(e, r->type));
			return ERR_REJECT;
		}
		if (base_type(r->type) == PTR_TO_MEM && (r->type & MEM_RDONLY) && write) {
			verr(e, "R%u cannot write into %s", regno, type_str(e, r->type));
			return ERR_REJECT;
		}
		m = reg_map(e, r);
		if (base_type(r->type) == PTR_TO_MEM)
			limit = r->mem_size;
		else if (!m)
			return unsupported(e, "map memory of unknown map");
		else
			limit = base_type(r->type) == PTR_TO_MAP_KEY ? m->key_size : m->value_size;
		if (base_type(r->type) == PTR_TO_MAP_VALUE && m) {
			bool ro = (m->flags & (1u << 7)) || m->readonly, wo = m->flags & (1u << 8);

			if (write && ro) {
				verr(e, "write into map forbidden, value_size=%u off=%d size=%d",
				     m->value_size, off, (int)size);
				return ERR_REJECT;
			}
			if (!write && wo) {
				verr(e, "read from map forbidden, value_size=%u off=%d size=%d",
				     m->value_size, off, (int)size);
				return ERR_REJECT;
			}
		}
		if (smin < 0 && (smin == INT64_MIN || (s64)off + smin != (s64)(s32)(off + smin) ||
				 smin + off < 0)) {
			verr(e,
			     "R%u min value is negative, either use unsigned index or do a if "
			     "(index >=0) check.",
			     regno);
			return ERR_REJECT;
		}
		{
			s64 lo = smin + off;
			bool size_ok = size > 0 || (size == 0 && zero_ok);
			const char *what = base_type(r->type) == PTR_TO_MAP_VALUE ? "map value"
					   : base_type(r->type) == PTR_TO_MAP_KEY ? "map key"
										  : "memory";
			const char *sz = base_type(r->type) == PTR_TO_MAP_VALUE ? "value_size"
					 : base_type(r->type) == PTR_TO_MAP_KEY ? "key_size"
										: "mem_size";

			if (!(lo >= 0 && size_ok && (u64)lo + size <= limit)) {
				verr(e, "invalid access to %s, %s=%d off=%d size=%d", what, sz,
				     (int)limit, (int)lo, (int)size);
				verr(e, "R%u min value is outside of the allowed memory range",
				     regno);
				return ERR_REJECT;
			}
			if (r->s.umax >= BPF_MAX_VAR_OFF) {
				verr(e,
				     "R%u unbounded memory access, make sure to bounds check any "
				     "such access",
				     regno);
				return ERR_REJECT;
			}
			lo = (s64)r->s.umax + off;
			if (!(lo >= 0 && size_ok && (u64)lo + size <= limit)) {
				verr(e, "invalid access to %s, %s=%d off=%d size=%d", what, sz,
				     (int)limit, (int)lo, (int)size);
				verr(e, "R%u max value is outside of the allowed memory range",
				     regno);
				return ERR_REJECT;
			}
		}
		if (base_type(r->type) == PTR_TO_MAP_VALUE && m && m->field_cnt)
			return check_map_fields(e, r, off, (int)size, true);
		return 0;
	}
	case PTR_TO_STACK:
		if (size == 0 && !zero_ok) {
			verr(e, "invalid zero-sized read");
			return ERR_REJECT;
		}
		return check_stack_range_init(e, regno, r->off, (s32)size, write, uninit_ok);
	case PTR_TO_BUF: {
		bool rdonly = r->type & MEM_RDONLY;

		if (rdonly && write) {
			verr(e, "R%u cannot write into %s", regno, type_str(e, r->type));
			return ERR_REJECT;
		}
		if (r->off < 0) {
			verr(e, "R%u invalid %s buffer access: off=%d, size=%d", regno,
			     rdonly ? "rdonly" : "rdwr", r->off, (int)size);
			return ERR_REJECT;
		}
		if (!tnum_is_const(r->s.var_off) || r->s.var_off.value) {
			struct strbuf tsb = STRBUF_INIT;

			tnum_fmt(r->s.var_off, &tsb);
			verr(e, "R%u invalid variable buffer offset: off=%d, var_off=%s", regno,
			     r->off, strbuf_str(&tsb));
			strbuf_free(&tsb);
			return ERR_REJECT;
		}
		return 0;
	}
	case PTR_TO_BTF_ID:
		return unsupported(e, "helper memory argument of type %s",
				   regtype_str(r->type, tb, sizeof(tb)));
	case PTR_TO_CTX:
		/* ctx types all have convert_ctx_access: fall through to the error */
	default:
		if (zero_ok && size == 0 && reg_is_null(r))
			return 0;
		if (r->type == SCALAR_VALUE && r->btf_unknown)
			return unsupported(e, "BTF-typed context value used as helper memory");
		verr(e, "R%u type=%s expected=fp", regno, type_str(e, r->type));
		return ERR_REJECT;
	}
}

struct type_set {
	u32 n;
	u32 t[10];
};

static const struct type_set mem_types = {
	9,
	{PTR_TO_STACK, PTR_TO_PACKET, PTR_TO_PACKET_META, PTR_TO_MAP_KEY, PTR_TO_MAP_VALUE,
	 PTR_TO_MEM, PTR_TO_MEM | MEM_RINGBUF, PTR_TO_BUF, PTR_TO_BTF_ID | PTR_TRUSTED}};
static const struct type_set sock_types = {
	4, {PTR_TO_SOCK_COMMON, PTR_TO_SOCKET, PTR_TO_TCP_SOCK, PTR_TO_XDP_SOCK}};
static const struct type_set btf_sock_types = {6,
					       {PTR_TO_SOCK_COMMON, PTR_TO_SOCKET, PTR_TO_TCP_SOCK,
						PTR_TO_XDP_SOCK, PTR_TO_BTF_ID,
						PTR_TO_BTF_ID | PTR_TRUSTED}};
static const struct type_set scalar_types = {1, {SCALAR_VALUE}};
static const struct type_set ctx_types = {1, {PTR_TO_CTX}};
static const struct type_set fullsock_types = {1, {PTR_TO_SOCKET}};
static const struct type_set ringbuf_types = {1, {PTR_TO_MEM | MEM_RINGBUF}};
static const struct type_set map_ptr_types = {1, {CONST_PTR_TO_MAP}};
static const struct type_set btf_types = {
	3, {PTR_TO_BTF_ID, PTR_TO_BTF_ID | PTR_TRUSTED, PTR_TO_BTF_ID | MEM_RCU}};
static const struct type_set spin_lock_types = {2, {PTR_TO_MAP_VALUE, PTR_TO_BTF_ID | MEM_ALLOC}};
static const struct type_set func_types = {1, {PTR_TO_FUNC}};
static const struct type_set stack_types = {1, {PTR_TO_STACK}};
static const struct type_set map_value_types = {1, {PTR_TO_MAP_VALUE}};
static const struct type_set dynptr_types = {2, {PTR_TO_STACK, CONST_PTR_TO_DYNPTR}};
static const struct type_set percpu_btf_types = {3,
						 {PTR_TO_BTF_ID | MEM_PERCPU,
						  PTR_TO_BTF_ID | MEM_PERCPU | MEM_RCU,
						  PTR_TO_BTF_ID | MEM_PERCPU | PTR_TRUSTED}};
static const struct type_set kptr_xchg_dest_types = {2,
						     {PTR_TO_MAP_VALUE, PTR_TO_BTF_ID | MEM_ALLOC}};

static const struct type_set *compatible(u32 base)
{
	switch (base) {
	case ARG_PTR_TO_MAP_KEY:
	case ARG_PTR_TO_MAP_VALUE:
	case ARG_PTR_TO_MEM:
		return &mem_types;
	case ARG_CONST_SIZE:
	case ARG_CONST_SIZE_OR_ZERO:
	case ARG_CONST_ALLOC_SIZE_OR_ZERO:
	case ARG_SCALAR:
		return &scalar_types;
	case ARG_CONST_MAP_PTR:
		return &map_ptr_types;
	case ARG_PTR_TO_CTX:
		return &ctx_types;
	case ARG_PTR_TO_SOCK_COMMON:
		return &sock_types;
	case ARG_PTR_TO_BTF_ID_SOCK_COMMON:
		return &btf_sock_types;
	case ARG_PTR_TO_SOCKET:
		return &fullsock_types;
	case ARG_PTR_TO_BTF_ID:
		return &btf_types;
	case ARG_PTR_TO_SPIN_LOCK:
		return &spin_lock_types;
	case ARG_PTR_TO_RINGBUF_MEM:
		return &ringbuf_types;
	case ARG_PTR_TO_FUNC:
		return &func_types;
	case ARG_PTR_TO_STACK:
		return &stack_types;
	case ARG_PTR_TO_CONST_STR:
	case ARG_PTR_TO_TIMER:
		return &map_value_types;
	case ARG_PTR_TO_DYNPTR:
		return &dynptr_types;
	case ARG_PTR_TO_PERCPU_BTF_ID:
		return &percpu_btf_types;
	case ARG_KPTR_XCHG_DEST:
		return &kptr_xchg_dest_types;
	default:
		return NULL;
	}
}

/* the constant key of an array map lookup (get_constant_map_key) or -1 */
static s64 constant_map_key(struct engine *e, const struct reg *key, u32 key_size)
{
	struct frame *f;
	s32 stack_off;
	int slot, spi, off, zero = 0, spill = 0;
	const u8 *st;

	if (!e->priv || key->type != PTR_TO_STACK || !tnum_is_const(key->s.var_off))
		return -1;
	f = reg_frame(e, key);
	stack_off = key->off + (s32)key->s.var_off.value;
	slot = -stack_off - 1;
	if (slot < 0)
		return -1;
	spi = slot / BPF_REG_SIZE;
	off = slot % BPF_REG_SIZE;
	if ((u32)spi >= f->nslots)
		return -1;
	st = f->stack[spi].type;
	for (int i = off; i >= 0 && st[i] == STACK_ZERO; i--)
		zero++;
	if (zero >= (int)key_size)
		return 0;
	if (st[BPF_REG_SIZE - 1] != STACK_SPILL || f->stack[spi].spill.type != SCALAR_VALUE)
		return -1;
	for (int i = off; i >= 0 && st[i] == STACK_SPILL; i--)
		spill++;
	if (spill != (int)key_size)
		return -1;
	if (!tnum_is_const(f->stack[spi].spill.s.var_off))
		return -1;
	return (s64)f->stack[spi].spill.s.var_off.value;
}

static const struct map_field *map_find_field(const struct map_def *m, u32 kind)
{
	for (u32 i = 0; m && i < m->field_cnt; i++)
		if (m->fields[i].kind == kind)
			return &m->fields[i];
	return NULL;
}

/* process_spin_lock() (map values only; allocated objects need BTF) */
static int process_spin_lock(struct engine *e, u32 regno, bool is_lock)
{
	struct reg *r = &cur_regs(e)[regno];
	struct vstate *st = e->cur;
	const struct map_def *m;
	const struct map_field *f;
	u64 val = r->s.var_off.value;

	if (!tnum_is_const(r->s.var_off)) {
		verr(e,
		     "R%u doesn't have constant offset. bpf_spin_lock has to be at the constant "
		     "offset",
		     regno);
		return ERR_REJECT;
	}
	if (r->type != PTR_TO_MAP_VALUE)
		return xgraph_spin_lock(e, regno, is_lock);
	m = reg_map(e, r);
	if (!m)
		return unsupported(e, "spin lock in an unknown map");
	if (!m->has_btf) {
		verr(e, "map '%s' has to have BTF in order to use bpf_spin_lock",
		     m->name ? m->name : "");
		return ERR_REJECT;
	}
	f = map_find_field(m, MAP_FIELD_SPIN_LOCK);
	if (!f) {
		verr(e, "map '%s' has no valid bpf_spin_lock", m->name ? m->name : "");
		return ERR_REJECT;
	}
	if ((s64)f->off != (s64)val + r->off) {
		verr(e, "off %lld doesn't point to 'struct bpf_spin_lock' that is at %u",
		     (long long)((s64)val + r->off), f->off);
		return ERR_REJECT;
	}
	if (is_lock) {
		if (st->active_locks) {
			verr(e, "Locking two bpf_spin_locks are not allowed");
			return ERR_REJECT;
		}
		if (st->nrefs >= MAX_REFS)
			return unsupported(e, "too many references");
		st->refs[st->nrefs].id = r->id;
		st->refs[st->nrefs].insn = st->insn_idx;
		st->refs[st->nrefs].kind = REF_LOCK;
		st->refs[st->nrefs].map = r->map;
		st->nrefs++;
		st->active_locks++;
		return 0;
	}
	if (!st->active_locks) {
		verr(e, "bpf_spin_unlock without taking a lock");
		return ERR_REJECT;
	}
	for (u32 i = 0; i < st->nrefs; i++) {
		if (st->refs[i].kind != REF_LOCK)
			continue;
		if (st->refs[i].map != r->map || st->refs[i].id != r->id) {
			verr(e, "bpf_spin_unlock of different lock");
			return ERR_REJECT;
		}
		memmove(&st->refs[i], &st->refs[i + 1], (st->nrefs - i - 1) * sizeof(st->refs[0]));
		st->nrefs--;
		st->active_locks--;
		xgraph_invalidate_non_own(e);
		return 0;
	}
	verr(e, "bpf_spin_unlock of different lock");
	return ERR_REJECT;
}

static int check_func_arg(struct engine *e, u32 arg, const struct helper_proto *fn,
			  struct call_meta *meta)
{
	u32 regno = arg + 1;
	struct reg *r = &cur_regs(e)[regno];
	u32 at = fn->arg_type[arg], base = base_type(at);
	const struct type_set *ts;
	const struct map_def *m;
	u32 t;
	int err;

	if (at == ARG_DONTCARE)
		return 0;
	if ((err = check_reg_read(e, regno)))
		return err;
	if (at == ARG_ANYTHING) {
		if (is_pointer_value(e, r)) {
			verr(e, "R%u leaks addr into helper function", regno);
			return ERR_REJECT;
		}
		return 0;
	}
	if (base == ARG_PTR_TO_MAP_VALUE && meta->map >= 0) {
		u32 nat = at;

		if (helper_resolve_map_arg(e->obj->maps[meta->map].type, meta->func_id, &nat)) {
			verr(e, "invalid arg_type for sockmap/sockhash");
			return ERR_REJECT;
		}
		if (nat != at) {
			at = nat;
			base = base_type(at);
		}
	}
	if ((r->type == PTR_TO_PACKET || r->type == PTR_TO_PACKET_META) &&
	    (progtype_pkt_rights(e->prog_type) == PKT_NONE || !fn->pkt_access)) {
		verr(e, "helper access to the packet is not allowed");
		return ERR_REJECT;
	}
	if (reg_is_null(r) && (at & PTR_MAYBE_NULL))
		goto skip_type;
	/* check_reg_type() lets local kptrs through as bpf_kptr_xchg's source: not modelled */
	if ((r->type & MEM_ALLOC) && meta->func_id == BPF_FUNC_kptr_xchg)
		return unsupported(e, "allocated object passed to %s", fn->name);
	ts = compatible(base);
	if (!ts)
		return unsupported(e, "helper argument type %u", base);
	t = r->type;
	if (at & MEM_RDONLY)
		t &= ~MEM_RDONLY;
	if (at & PTR_MAYBE_NULL)
		t &= ~PTR_MAYBE_NULL;
	if (base == ARG_PTR_TO_MEM)
		t &= ~DYNPTR_KIND_MASK; /* dynptr slices pass as plain memory */
	{
		u32 i;
		char tb[64];
		struct strbuf sb = STRBUF_INIT;

		for (i = 0; i < ts->n; i++)
			if (ts->t[i] == t)
				break;
		if (i == ts->n && r->type == SCALAR_VALUE && r->btf_unknown)
			return unsupported(e, "BTF-typed context value passed to a helper");
		if (i == ts->n) {
			strbuf_printf(&sb, "R%u type=%s expected=", regno,
				      regtype_str(r->type, tb, sizeof(tb)));
			for (u32 j = 0; j < ts->n; j++)
				strbuf_printf(&sb, "%s%s", j ? ", " : "",
					      regtype_str(ts->t[j], tb, sizeof(tb)));
			verr(e, "%s", strbuf_str(&sb));
			strbuf_free(&sb);
			return ERR_REJECT;
		}
	}
	if (base_type(r->type) == PTR_TO_BTF_ID && meta->func_id == BPF_FUNC_kptr_xchg &&
	    base != ARG_KPTR_XCHG_DEST) {
		err = xbtf_kptr_xchg_src(e, regno, at, meta->kptr);
		if (err)
			return err;
		goto skip_type;
	}
	if (base_type(r->type) == PTR_TO_BTF_ID && base == ARG_PTR_TO_PERCPU_BTF_ID) {
		/* check_reg_type(): "handled by helper specific checks" */
		if ((err = check_ptr_off_reg(e, r, regno, true)))
			return err;
		goto skip_type;
	}
	if (r->type == (PTR_TO_BTF_ID | MEM_ALLOC) && base == ARG_PTR_TO_SPIN_LOCK) {
		/* check_func_arg_reg_off(): allocated objects may have a fixed offset */
		if ((err = check_ptr_off_reg(e, r, regno, true)))
			return err;
		goto skip_type;
	}
	if (base_type(r->type) == PTR_TO_BTF_ID && base != ARG_KPTR_XCHG_DEST) {
		err = xbtf_helper_arg(e, regno, at, ts == &mem_types,
				      fn->arg_btf_type[arg] ? fn->arg_btf_type[arg]
				      : base == ARG_PTR_TO_BTF_ID_SOCK_COMMON ? "sock_common"
									      : NULL,
				      fn->name, meta->func_id == BPF_FUNC_sk_release);
		if (err)
			return err;
		goto skip_type;
	}
	/* check_func_arg_reg_off(): fixed offsets only where the kernel allows them */
	switch (r->type) {
	case PTR_TO_STACK:
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
	case PTR_TO_MAP_KEY:
	case PTR_TO_MAP_VALUE:
	case PTR_TO_MEM:
	case PTR_TO_MEM | MEM_RDONLY:
	case PTR_TO_BUF:
	case PTR_TO_BUF | MEM_RDONLY:
	case PTR_TO_ARENA:
	case SCALAR_VALUE:
		break;
	case PTR_TO_MEM | MEM_RINGBUF:
		if (r->off && (at & OBJ_RELEASE)) {
			verr(e,
			     "R%u must have zero offset when passed to release func or trusted arg "
			     "to kfunc",
			     regno);
			return ERR_REJECT;
		}
		break;
	default:
		if ((err = check_ptr_off_reg(e, r, regno, false)))
			return err;
	}
skip_type:
	if (at & OBJ_RELEASE) {
		if (base == ARG_PTR_TO_DYNPTR) {
			if ((err = dynptr_release_arg_ok(e, regno)))
				return err;
		} else if (!r->ref_obj_id && !reg_is_null(r)) {
			verr(e, "R%u must be referenced when passed to release function", regno);
			return ERR_REJECT;
		}
		meta->release_regno = regno;
	}
	if (r->ref_obj_id) {
		if (meta->ref_obj_id)
			return unsupported(e, "more than one referenced helper argument");
		meta->ref_obj_id = r->ref_obj_id;
	}
	switch (base) {
	case ARG_CONST_MAP_PTR:
		if (meta->map >= 0 && meta->func_id == BPF_FUNC_timer_init && meta->map != r->map)
			return unsupported(e, "bpf_timer_init with a map other than the timer's");
		meta->map = r->map;
		break;
	case ARG_PTR_TO_MAP_KEY:
		m = meta->map >= 0 ? &e->obj->maps[meta->map] : NULL;
		if (!m) {
			verr(e, "invalid map_ptr to access map->key");
			return ERR_REJECT;
		}
		err = check_helper_mem(e, regno, m->key_size, false, false, false);
		if (err)
			return err;
		meta->const_key = constant_map_key(e, r, m->key_size);
		break;
	case ARG_PTR_TO_MAP_VALUE:
		if ((at & PTR_MAYBE_NULL) && reg_is_null(r))
			return 0;
		m = meta->map >= 0 ? &e->obj->maps[meta->map] : NULL;
		if (!m) {
			verr(e, "invalid map_ptr to access map->value");
			return ERR_REJECT;
		}
		return check_helper_mem(e, regno, m->value_size, at & MEM_WRITE, false,
					at & MEM_UNINIT);
	case ARG_PTR_TO_MEM:
		if (at & MEM_FIXED_SIZE) {
			err = check_helper_mem(e, regno, fn->arg_size[arg], at & MEM_WRITE, false,
					       at & MEM_UNINIT);
			if (!err && (at & MEM_ALIGNED))
				err = check_ptr_alignment(e, r, 0, (int)fn->arg_size[arg], true);
			return err;
		}
		break;
	case ARG_CONST_SIZE:
	case ARG_CONST_SIZE_OR_ZERO: {
		bool zero_ok = base == ARG_CONST_SIZE_OR_ZERO;
		u32 prev = fn->arg_type[arg - 1];

		meta->msize_max = r->s.umax;
		r->needed = true;
		if ((err = mark_precise(e, (s32)regno)))
			return err;
		if (r->s.smin < 0) {
			verr(e, "R%u min value is negative, either use unsigned or 'var &= const'",
			     regno);
			return ERR_REJECT;
		}
		if (r->s.umin == 0 && !zero_ok) {
			verr(e, "R%u invalid zero-sized read: u64=[%lld,%lld]", regno,
			     (long long)r->s.umin, (long long)r->s.umax);
			return ERR_REJECT;
		}
		if (r->s.umax >= BPF_MAX_VAR_SIZ) {
			verr(e,
			     "R%u unbounded memory access, use 'var &= const' or 'if (var < "
			     "const)'",
			     regno);
			return ERR_REJECT;
		}
		if (cur_regs(e)[regno - 1].type == SCALAR_VALUE && zero_ok && r->s.umax == 0 &&
		    reg_is_null(&cur_regs(e)[regno - 1]))
			return 0;
		return check_helper_mem(e, regno - 1, (s64)r->s.umax, prev & MEM_WRITE, zero_ok,
					(prev & MEM_UNINIT) && tnum_is_const(r->s.var_off));
	}
	case ARG_CONST_ALLOC_SIZE_OR_ZERO:
		if (!tnum_is_const(r->s.var_off)) {
			verr(e, "R%u is not a known constant'", regno);
			return ERR_REJECT;
		}
		meta->mem_size = (u32)r->s.var_off.value;
		break;
	case ARG_PTR_TO_FUNC:
		meta->subprog = r->map;
		break;
	case ARG_PTR_TO_SPIN_LOCK:
		return process_spin_lock(e, regno, meta->func_id == BPF_FUNC_spin_lock);
	case ARG_PTR_TO_TIMER:
		return timer_arg(e, regno, &meta->map);
	case ARG_PTR_TO_DYNPTR:
		return dynptr_arg(e, regno, at, e->cur->insn_idx);
	case ARG_KPTR_XCHG_DEST:
		return xbtf_kptr_dest(e, regno, &meta->kptr);
	case ARG_PTR_TO_PERCPU_BTF_ID:
		return xbtf_percpu_arg(e, regno, &meta->percpu_btf_id);
	case ARG_PTR_TO_CONST_STR:
		return unsupported(e, "helper argument kind %u (%s)", base, fn->name);
	default:
		break;
	}
	return 0;
}

int check_resource_leak(struct engine *e, const char *prefix, bool check_lock)
{
	return check_resource_leak_ex(e, prefix, check_lock, false);
}

/* exception_exit (bpf_throw): every reference of every frame is a leak */
int check_resource_leak_ex(struct engine *e, const char *prefix, bool check_lock,
			   bool exception_exit)
{
	struct vstate *st = e->cur;
	bool leak = false;

	if (check_lock && st->active_locks) {
		verr(e, "%s cannot be used inside bpf_spin_lock-ed region", prefix);
		return ERR_REJECT;
	}
	if (exception_exit || !(st->curframe && !cur_frame(st)->in_callback)) {
		for (u32 i = 0; i < st->nrefs; i++) {
			if (st->refs[i].kind != REF_PTR)
				continue;
			/* a callback's exit checks only what it acquired itself; the caller's
			 * references outlive it (and are checked at the main program's exit) */
			if (!exception_exit && st->curframe && cur_frame(st)->in_callback &&
			    st->refs[i].id <= cur_frame(st)->cb_id_base)
				continue;
			verr(e, "Unreleased reference id=%u alloc_insn=%u", st->refs[i].id,
			     st->refs[i].insn);
			leak = true;
		}
	}
	if (leak) {
		verr(e, "%s would lead to reference leak", prefix);
		return ERR_REJECT;
	}
	if (check_lock && st->active_rcu) {
		verr(e, "%s cannot be used inside bpf_rcu_read_lock-ed region", prefix);
		return ERR_REJECT;
	}
	if (check_lock && st->active_preempt) {
		verr(e, "%s cannot be used inside bpf_preempt_disable-ed region", prefix);
		return ERR_REJECT;
	}
	return 0;
}

/* push_callback_call() for the synchronous callbacks of bpf_loop and bpf_for_each_map_elem: a
 * pending state enters the callback; its exit returns to the call insn (another iteration). */
static int push_callback(struct engine *e, u32 idx, s32 subprog, u32 func_id)
{
	struct vstate *cb;
	struct frame *caller, *callee;
	int err;

	if (subprog < 0 || (u32)subprog >= e->subprog_cnt)
		return unsupported(e, "callback without a known subprogram");
	if (e->cur->curframe + 1 >= MAX_CALL_FRAMES) {
		verr(e, "the call stack of %u frames is too deep", e->cur->curframe + 2);
		return ERR_REJECT;
	}
	err = push_branch(e, e->subprogs[subprog].start, (s32)idx, &cb);
	if (err)
		return err;
	caller = cb->frame[cb->curframe];
	callee = frame_new(cb->curframe + 1, (s32)idx, (u32)subprog);
	if (!callee)
		return ERR_NOMEM;
	reg_mark_ptr(&callee->regs[BPF_REG_FP], PTR_TO_STACK);
	callee->regs[BPF_REG_FP].frameno = (u8)callee->frameno;
	if (func_id == BPF_FUNC_loop) {
		reg_mark_unknown(&callee->regs[1]);
		callee->regs[2] = caller->regs[3];
	} else if (func_id == BPF_FUNC_user_ringbuf_drain) {
		/* set_user_ringbuf_callback_state(): (const local dynptr, ctx) */
		reg_mark_ptr(&callee->regs[1], CONST_PTR_TO_DYNPTR);
		callee->regs[1].id = ++e->id_gen;
		callee->regs[2] = caller->regs[3];
	} else if (func_id == BPF_FUNC_find_vma) {
		/* set_find_vma_callback_state(): (task, vma, ctx) */
		s64 vma;

		err = xbtf_need(e, "bpf_find_vma callback");
		if (err) {
			frame_free(callee);
			return err;
		}
		vma = kbtf_find(e->opts->kbtf, "vm_area_struct", KBTF_STRUCT);
		if (vma <= 0) {
			frame_free(callee);
			return unsupported(e, "kernel BTF without struct vm_area_struct");
		}
		callee->regs[1] = caller->regs[1];
		xbtf_mark_ptr(e, &callee->regs[2], PTR_TO_BTF_ID, (u32)vma);
		callee->regs[3] = caller->regs[4];
	} else {
		const struct map_def *m = reg_map(e, &caller->regs[1]);

		if (!m ||
		    (m->type != BPF_MAP_TYPE_HASH && m->type != BPF_MAP_TYPE_ARRAY &&
		     m->type != BPF_MAP_TYPE_PERCPU_HASH && m->type != BPF_MAP_TYPE_PERCPU_ARRAY &&
		     m->type != BPF_MAP_TYPE_LRU_HASH && m->type != BPF_MAP_TYPE_LRU_PERCPU_HASH)) {
			frame_free(callee);
			return unsupported(e, "for_each_map_elem on this map type");
		}
		callee->regs[1] = caller->regs[1];
		reg_mark_ptr(&callee->regs[2], PTR_TO_MAP_KEY);
		callee->regs[2].map = caller->regs[1].map;
		reg_mark_ptr(&callee->regs[3], PTR_TO_MAP_VALUE);
		callee->regs[3].map = caller->regs[1].map;
		callee->regs[4] = caller->regs[3];
	}
	callee->in_callback = true;
	callee->cb_id_base = e->id_gen;
	callee->cb_ret_min = 0;
	callee->cb_ret_max = 1;
	cb->frame[cb->curframe + 1] = callee;
	cb->curframe++;
	cb->callback_unroll_depth++;
	caller->callback_depth++;
	cur_frame(e->cur)->callback_depth = 0;
	return 0;
}

static int helper_call(struct engine *e, const struct insn *in, u32 idx)
{
	struct helper_ctx hc = {
		.prog_flags = e->prog_flags,
		.unpriv = !e->priv,
		.sleepable = e->prog->sleepable || (e->prog_flags & BPF_F_SLEEPABLE),
		.has_attach_btf = e->prog->attach_target != NULL,
		.attach_func = e->prog->attach_target,
		.struct_ops_family = stops_helper_family(e),
	};
	u32 func_id = (u32)in->imm;
	const struct helper_proto *fn;
	struct call_meta meta = {
		.map = -1, .raw_regno = -1, .const_key = -1, .func_id = func_id, .subprog = -1};
	struct reg *regs;
	u32 ret, rbase;
	int err;

	if (!helper_id_valid(func_id)) {
		verr(e, "invalid func %s#%d", fname(func_id), in->imm);
		return ERR_REJECT;
	}
	fn = helper_proto_get(func_id, e->prog_type, e->prog->expected_attach_type, &hc);
	if (!fn) {
		verr(e, "program of this type cannot use helper %s#%d", fname(func_id), in->imm);
		return ERR_REJECT;
	}
	if (!e->prog->gpl_compatible && fn->gpl_only) {
		verr(e, "cannot call GPL-restricted function from non-GPL compatible program");
		return ERR_REJECT;
	}
	if (fn->might_sleep && !hc.sleepable) {
		verr(e, "helper call might sleep in a non-sleepable prog");
		return ERR_REJECT;
	}
	if ((helper_is_sync_callback(func_id) || helper_is_async_callback(func_id) ||
	     helper_callback_arg(func_id) >= 0) &&
	    func_id != BPF_FUNC_loop && func_id != BPF_FUNC_for_each_map_elem &&
	    func_id != BPF_FUNC_find_vma && func_id != BPF_FUNC_user_ringbuf_drain &&
	    func_id != BPF_FUNC_timer_set_callback)
		return unsupported(e, "callback helper %s", fn->name);
	/* the callback of a sleepable program's timer is not sleepable: not modelled */
	if (func_id == BPF_FUNC_timer_set_callback && hc.sleepable &&
	    (err = async_sleepable_timer_cb_ok(e, &hc)))
		return err;
	for (u32 i = 0; i < 5; i++) {
		err = check_func_arg(e, i, fn, &meta);
		if (err)
			return err;
	}
	regs = cur_regs(e);
	if (meta.release_regno) {
		int rerr = -1;

		if (base_type(fn->arg_type[meta.release_regno - 1]) == ARG_PTR_TO_DYNPTR) {
			if ((err = dynptr_release(e, meta.release_regno)))
				return err;
			rerr = 0;
		} else if (meta.ref_obj_id)
			rerr = release_reference(e, meta.ref_obj_id);
		else if (reg_is_null(&regs[meta.release_regno]))
			rerr = 0;
		if (rerr) {
			verr(e, "func %s#%d reference has not been acquired before", fname(func_id),
			     in->imm);
			return ERR_REJECT;
		}
	}
	switch (func_id) {
	case BPF_FUNC_tail_call:
		if ((err = check_resource_leak(e, "tail_call", true)))
			return err;
		/* 6.13+: a tail call may change packet data */
		clear_all_pkt_pointers(e);
		break;
	case BPF_FUNC_get_local_storage:
		if (!reg_is_null(&regs[2])) {
			verr(e, "get_local_storage() doesn't support non-zero flags");
			return ERR_REJECT;
		}
		break;
	case BPF_FUNC_for_each_map_elem:
	case BPF_FUNC_find_vma:
	case BPF_FUNC_user_ringbuf_drain:
		err = push_callback(e, idx, meta.subprog, func_id);
		if (err)
			return err;
		break;
	case BPF_FUNC_timer_set_callback:
		if ((err = async_push_timer_cb(e, idx, meta.subprog, meta.map)))
			return err;
		break;
	case BPF_FUNC_loop:
		if (cur_frame(e->cur)->callback_depth < regs[1].s.umax) {
			err = push_callback(e, idx, meta.subprog, func_id);
			if (err)
				return err;
		} else {
			cur_frame(e->cur)->callback_depth = 0;
			if (e->log_level >= 2)
				vlog(e, "frame%u bpf_loop iteration limit reached\n",
				     e->cur->curframe);
		}
		break;
	case BPF_FUNC_dynptr_from_mem:
		if (regs[1].type != PTR_TO_MAP_VALUE) {
			char tb[64];

			verr(e, "Unsupported reg type %s for bpf_dynptr_from_mem data",
			     regtype_str(regs[1].type, tb, sizeof(tb)));
			return ERR_REJECT;
		}
		break;
	case BPF_FUNC_dynptr_write:
		/* an skb dynptr write changes packet data (bpfvet makes no skb dynptrs yet) */
		if (dynptr_kind(e, &regs[1]) == DYNPTR_TYPE_SKB)
			clear_all_pkt_pointers(e);
		break;
	case BPF_FUNC_dynptr_data:
		if ((err = dynptr_ids(e, &regs[1], &meta.dynptr_id, &meta.ref_obj_id)))
			return err;
		break;
	case BPF_FUNC_snprintf:
		return unsupported(e, "helper %s", fn->name);
	default:
		break;
	}
	for (int i = 0; i <= 5; i++) {
		reg_mark_not_init(&regs[i]);
		mark_reg_scratched(e, (u32)i);
	}
	ret = fn->ret_type;
	rbase = base_type(ret);
	switch (rbase) {
	case RET_INTEGER:
		reg_mark_unknown(&regs[0]);
		break;
	case RET_VOID:
		break;
	case RET_PTR_TO_MAP_VALUE: {
		const struct map_def *m = meta.map >= 0 ? &e->obj->maps[meta.map] : NULL;
		u32 flag = type_flag(ret);

		if (!m) {
			verr(e, "kernel subsystem misconfigured verifier");
			return ERR_REJECT;
		}
		if (func_id == BPF_FUNC_map_lookup_elem &&
		    (m->type == BPF_MAP_TYPE_ARRAY || m->type == BPF_MAP_TYPE_PERCPU_ARRAY) &&
		    meta.const_key >= 0 && meta.const_key < m->max_entries)
			flag &= ~PTR_MAYBE_NULL;
		reg_mark_ptr(&regs[0], PTR_TO_MAP_VALUE | flag);
		regs[0].map = meta.map;
		if (!(flag & PTR_MAYBE_NULL) && map_find_field(m, MAP_FIELD_SPIN_LOCK))
			regs[0].id = ++e->id_gen;
		break;
	}
	case RET_PTR_TO_SOCKET:
		reg_mark_ptr(&regs[0], PTR_TO_SOCKET | type_flag(ret));
		break;
	case RET_PTR_TO_SOCK_COMMON:
		reg_mark_ptr(&regs[0], PTR_TO_SOCK_COMMON | type_flag(ret));
		break;
	case RET_PTR_TO_TCP_SOCK:
		reg_mark_ptr(&regs[0], PTR_TO_TCP_SOCK | type_flag(ret));
		break;
	case RET_PTR_TO_MEM:
		reg_mark_ptr(&regs[0], PTR_TO_MEM | type_flag(ret));
		regs[0].mem_size = meta.mem_size;
		break;
	case RET_PTR_TO_MEM_OR_BTF_ID:
		err = xbtf_helper_ret_mem_or_btf(e, fn->name, meta.percpu_btf_id, type_flag(ret));
		if (err)
			return err;
		break;
	case RET_PTR_TO_BTF_ID:
		err = xbtf_helper_ret(e, fn->name,
				      func_id == BPF_FUNC_kptr_xchg
					      ? (meta.kptr ? meta.kptr->target : NULL)
					      : fn->ret_btf_type,
				      type_flag(ret));
		if (err)
			return err;
		break;
	default:
		return unsupported(e, "helper %s return type", fn->name);
	}
	if (regs[0].type & PTR_MAYBE_NULL)
		regs[0].id = ++e->id_gen;
	if (helper_is_ptr_cast(func_id) || func_id == BPF_FUNC_dynptr_data) {
		/* is_dynptr_ref_function(): the slice dies with its dynptr */
		regs[0].dynptr_id = meta.dynptr_id;
		regs[0].ref_obj_id = meta.ref_obj_id;
	} else if (helper_is_acquire(func_id, meta.map >= 0 ? e->obj->maps[meta.map].type : 0)) {
		int id = engine_acquire_ref(e, idx);

		if (id < 0)
			return id;
		regs[0].id = (u32)id;
		regs[0].ref_obj_id = (u32)id;
	}
	if (rbase == RET_INTEGER &&
	    (func_id == BPF_FUNC_get_stack || func_id == BPF_FUNC_get_task_stack ||
	     func_id == BPF_FUNC_probe_read_str || func_id == BPF_FUNC_probe_read_kernel_str ||
	     func_id == BPF_FUNC_probe_read_user_str)) {
		regs[0].s.smax = (s64)meta.msize_max;
		regs[0].s.s32_max = (s32)meta.msize_max;
		regs[0].s.smin = -4095;
		regs[0].s.s32_min = -4095;
		scalar_sync(&regs[0].s);
	}
	if (meta.map >= 0) {
		const struct map_def *m = &e->obj->maps[meta.map];

		if (helper_map_compatible(m->type, func_id, e->prog_type,
					  e->prog->expected_attach_type)) {
			verr(e, "cannot pass map_type %u into func %s#%d", m->type, fname(func_id),
			     in->imm);
			return ERR_REJECT;
		}
	}
	if (helper_changes_pkt_data(func_id))
		clear_all_pkt_pointers(e);
	return 0;
}

/* the subprogram (or one it calls) calls a helper that changes packet data, or tail-calls */
static bool changes_pkt_rec(struct engine *e, u32 sp, int depth)
{
	for (u32 i = e->subprogs[sp].start; i < e->subprogs[sp].end; i++) {
		const struct insn *in = &e->insns[i];
		s64 t;

		if (in->code != (BPF_JMP | BPF_CALL))
			continue;
		if (in->src == 0 &&
		    (helper_changes_pkt_data((u32)in->imm) || in->imm == BPF_FUNC_tail_call))
			return true;
		t = (s64)i + in->imm + 1;
		if (in->src == BPF_PSEUDO_CALL && depth < MAX_CALL_FRAMES && t >= 0 &&
		    t < e->insn_cnt &&
		    changes_pkt_rec(e, cfg_subprog_of(&e->cfg, (u32)t), depth + 1))
			return true;
	}
	return false;
}

static bool subprog_changes_pkt_data(struct engine *e, u32 sp)
{
	return changes_pkt_rec(e, sp, 0);
}

static int func_call(struct engine *e, const struct insn *in, u32 idx, u32 *next)
{
	struct vstate *st = e->cur;
	s64 target = (s64)idx + in->imm + 1;
	u32 sp;
	struct frame *caller = cur_frame(st), *callee;

	if (target < 0 || target >= e->insn_cnt)
		return unsupported(e, "call outside the program");
	sp = cfg_subprog_of(&e->cfg, (u32)target);
	if (st->curframe + 1 >= MAX_CALL_FRAMES) {
		verr(e, "the call stack of %u frames is too deep", st->curframe + 2);
		return ERR_REJECT;
	}
	if (e->subprogs[sp].is_global) {
		const char *name = "";

		for (u32 i = 0; i < e->prog->func_cnt; i++)
			if (e->prog->funcs[i].insn_off == e->subprogs[sp].start &&
			    e->prog->funcs[i].name)
				name = e->prog->funcs[i].name;
		if (st->active_locks) {
			verr(e, "global function calls are not allowed while holding a lock,");
			verr(e, "use static function instead");
			return ERR_REJECT;
		}
		/* btf_check_subprog_call(): arguments against the prototype */
		for (u32 a = 0; a < 5; a++) {
			const struct func_info *fi = NULL;

			for (u32 i = 0; i < e->prog->func_cnt; i++)
				if (e->prog->funcs[i].insn_off == e->subprogs[sp].start)
					fi = &e->prog->funcs[i];
			if (!fi)
				return unsupported(e, "global function without prototype");
			if (a >= fi->arg_cnt)
				break;
			if (fi->args[a].kind == FUNC_ARG_SCALAR) {
				if (caller->regs[a + 1].type != SCALAR_VALUE) {
					verr(e, "R%u is not a scalar", a + 1);
					verr(e, "Caller passes invalid args into func#%u ('%s')",
					     sp, name);
					return ERR_REJECT;
				}
			} else if (fi->args[a].kind == FUNC_ARG_PTR_TO_CTX) {
				/* check_func_arg_reg_off() comes first: no offset on the ctx */
				if (caller->regs[a + 1].type == PTR_TO_CTX &&
				    check_ptr_off_reg(e, &caller->regs[a + 1], a + 1, false)) {
					verr(e, "Caller passes invalid args into func#%u ('%s')",
					     sp, name);
					return ERR_REJECT;
				}
				if (caller->regs[a + 1].type != PTR_TO_CTX) {
					verr(e, "arg#%u expects pointer to ctx", a);
					verr(e, "Caller passes invalid args into func#%u ('%s')",
					     sp, name);
					return ERR_REJECT;
				}
			} else if (fi->args[a].kind == FUNC_ARG_PTR_TO_MEM) {
				struct reg *r = &caller->regs[a + 1], saved = *r;
				int merr = 0;

				if (!(r->type == PTR_TO_STACK || r->type == PTR_TO_PACKET ||
				      r->type == PTR_TO_PACKET_META ||
				      base_type(r->type) == PTR_TO_MAP_KEY ||
				      base_type(r->type) == PTR_TO_MAP_VALUE ||
				      base_type(r->type) == PTR_TO_MEM ||
				      base_type(r->type) == PTR_TO_BUF || r->type == SCALAR_VALUE))
					merr = check_ptr_off_reg(e, r, a + 1, false);
				if (!merr && !reg_is_null(r)) {
					if (r->type & PTR_MAYBE_NULL) {
						r->type &= ~PTR_MAYBE_NULL;
						if (base_type(r->type) == PTR_TO_MAP_VALUE)
							r->type = PTR_TO_MAP_VALUE;
					}
					merr = check_helper_mem(e, a + 1, fi->args[a].mem_size,
								false, true, false);
					if (!merr)
						merr = check_helper_mem(e, a + 1,
									fi->args[a].mem_size, true,
									true, false);
					*r = saved;
				}
				if (!merr && !fi->args[a].nullable && fi->args[a].nonnull &&
				    (r->type & PTR_MAYBE_NULL)) {
					verr(e, "arg#%u is expected to be non-NULL", a);
					merr = ERR_REJECT;
				}
				if (merr == ERR_REJECT) {
					verr(e, "Caller passes invalid args into func#%u ('%s')",
					     sp, name);
					return ERR_REJECT;
				}
				if (merr)
					return merr;
			} else if (fi->args[a].kind == FUNC_ARG_PTR_TO_ARENA) {
				if (caller->regs[a + 1].type != PTR_TO_ARENA &&
				    caller->regs[a + 1].type != SCALAR_VALUE) {
					verr(e, "R%u is not a pointer to arena or scalar.", a + 1);
					verr(e, "Caller passes invalid args into func#%u ('%s')",
					     sp, name);
					return ERR_REJECT;
				}
			} else if (fi->args[a].kind == FUNC_ARG_PTR_TO_DYNPTR) {
				int derr = dynptr_global_arg(e, a + 1);

				if (derr == ERR_REJECT)
					verr(e, "Caller passes invalid args into func#%u ('%s')",
					     sp, name);
				if (derr)
					return derr;
			} else if (fi->args[a].kind == FUNC_ARG_PTR_TO_BTF_ID) {
				int berr = xbtf_global_arg_call(e, a + 1, &fi->args[a]);

				if (berr == ERR_REJECT)
					verr(e, "Caller passes invalid args into func#%u ('%s')",
					     sp, name);
				if (berr)
					return berr;
			} else {
				return unsupported(e, "global function argument of kind %u",
						   fi->args[a].kind);
			}
		}
		vlog(e, "Func#%u ('%s') is global and assumed valid.\n", sp, name);
		if (subprog_changes_pkt_data(e, sp))
			clear_all_pkt_pointers(e);
		e->subprogs[sp].seen_call = true;
		for (int i = 0; i <= 5; i++)
			reg_mark_not_init(&caller->regs[i]);
		reg_mark_unknown(&caller->regs[0]);
		return 0;
	}
	callee = frame_new(st->curframe + 1, (s32)idx, sp);
	if (!callee)
		return ERR_NOMEM;
	for (int i = 1; i <= 5; i++)
		callee->regs[i] = caller->regs[i];
	reg_mark_ptr(&callee->regs[BPF_REG_FP], PTR_TO_STACK);
	callee->regs[BPF_REG_FP].frameno = (u8)callee->frameno;
	st->frame[st->curframe + 1] = callee;
	st->curframe++;
	for (int i = 0; i <= 5; i++)
		reg_mark_not_init(&caller->regs[i]);
	if (e->log_level) {
		vlog(e, "caller:\n");
		vlog_state(e, st, st->curframe - 1, true);
		vlog(e, "callee:\n");
		vlog_state(e, st, st->curframe, true);
	}
	mark_all_scratched(e);
	*next = e->subprogs[sp].start;
	return 0;
}

int xfer_call(struct engine *e, const struct insn *in, u32 *next)
{
	u32 idx = e->cur->insn_idx;
	u8 cls = BPF_CLASS(in->code);
	int err;

	if (BPF_SRC(in->code) != BPF_K || (in->src != BPF_PSEUDO_KFUNC_CALL && in->off != 0) ||
	    (in->src != 0 && in->src != BPF_PSEUDO_CALL && in->src != BPF_PSEUDO_KFUNC_CALL) ||
	    in->dst != 0 || cls == BPF_JMP32) {
		verr(e, "BPF_CALL uses reserved fields");
		return ERR_REJECT;
	}
	if (e->cur->active_locks &&
	    ((in->src == 0 && in->imm != BPF_FUNC_spin_unlock && in->imm != BPF_FUNC_kptr_xchg) ||
	     (in->src == BPF_PSEUDO_KFUNC_CALL && !xgraph_spin_allowed(e, in)))) {
		verr(e, "function calls are not allowed while holding a lock");
		return ERR_REJECT;
	}
	if (in->src == BPF_PSEUDO_CALL)
		return func_call(e, in, idx, next);
	if (in->src == BPF_PSEUDO_KFUNC_CALL && in->imm == 0 && in->off == 0 &&
	    !e->prog->extern_cnt) {
		/* check_kfunc_call() ignores imm 0; fixup rejects it later if still reachable */
		e->kfunc_zero_seen = true;
		return 0;
	}
	if (in->src == BPF_PSEUDO_KFUNC_CALL)
		return xkfunc_call(e, in, idx);
	err = helper_call(e, in, idx);
	return err;
}

/* check_return_code() for the main program's exit */
int check_return_code(struct engine *e)
{
	return check_return_code_reg(e, 0);
}

/* check_return_code() on regno: R0 at an exit, R1 (the cookie) at bpf_throw without an
 * exception callback */
int check_return_code_reg(struct engine *e, u32 regno)
{
	struct reg *r0 = &cur_regs(e)[regno];
	bool exc_cb = e->verifying_subprog && e->cfg.subprogs[e->verifying_subprog].is_exception_cb;
	struct ret_query q = {
		.prog_type = e->prog_type,
		.attach_type = e->prog->expected_attach_type,
		.has_attach_btf = e->prog->attach_target != NULL,
	};
	struct ret_range rr;
	int err;

	/* a struct_ops member returning void: R0 is not looked at (check_return_code()) */
	if ((!e->verifying_subprog || exc_cb) && stops_member_returns_void(e) == 1)
		return 0;
	if ((err = check_reg_read(e, regno)))
		return err;
	if (!progtype_return_range(&q, &rr))
		return unsupported(e, "return code of program type %u", e->prog_type);
	if (e->verifying_subprog && !exc_cb) {
		if (r0->type != SCALAR_VALUE) {
			verr(e, "At subprogram exit the register R%u is not a scalar value (%s)",
			     regno, type_str(e, r0->type));
			return ERR_REJECT;
		}
		return 0;
	}
	if (!rr.checked) {
		if (is_pointer_value(e, r0)) {
			verr(e, "R%u leaks addr as return value", regno);
			return ERR_REJECT;
		}
		return 0;
	}
	if (r0->type != SCALAR_VALUE) {
		verr(e, "At program exit the register R%u is not a known value (%s)", regno,
		     type_str(e, r0->type));
		return ERR_REJECT;
	}
	{
		s64 smin = rr.check_32bit ? r0->s.s32_min : r0->s.smin;
		s64 smax = rr.check_32bit ? r0->s.s32_max : r0->s.smax;

		if (smin < rr.min || smax > rr.max) {
			if (!tnum_is_unknown(r0->s.var_off) || smin != INT64_MIN ||
			    smax != INT64_MAX)
				verr(e,
				     "At program exit the register R%u has smin=%lld smax=%lld "
				     "should have been in [%d, %d]",
				     regno, (long long)smin, (long long)smax, rr.min, rr.max);
			else
				verr(e,
				     "At program exit the register R%u has unknown scalar value "
				     "should have been in [%d, %d]",
				     regno, rr.min, rr.max);
			return ERR_REJECT;
		}
	}
	return 0;
}

int xfer_exit(struct engine *e, u32 *next)
{
	struct vstate *st = e->cur;
	int err;

	err = check_resource_leak(e, "BPF_EXIT instruction in main prog", !st->curframe);
	if (err)
		return err;
	if (st->curframe) {
		struct frame *callee = cur_frame(st), *caller = st->frame[st->curframe - 1];
		struct reg *r0 = &callee->regs[0];

		if (r0->type == PTR_TO_STACK) {
			verr(e, "cannot return stack pointer to the caller");
			return ERR_REJECT;
		}
		if (callee->in_callback) {
			if ((err = check_reg_read(e, 0)))
				return err;
			if (r0->type != SCALAR_VALUE) {
				verr(e, "R0 not a scalar value");
				return ERR_REJECT;
			}
			if (r0->s.smin < callee->cb_ret_min || r0->s.smax > callee->cb_ret_max) {
				if (tnum_is_unknown(r0->s.var_off) && r0->s.smin == INT64_MIN &&
				    r0->s.smax == INT64_MAX)
					verr(e,
					     "At callback return the register R0 has unknown "
					     "scalar value "
					     "should have been in [%d, %d]",
					     callee->cb_ret_min, callee->cb_ret_max);
				else
					verr(e,
					     "At callback return the register R0 has smin=%lld "
					     "smax=%lld "
					     "should have been in [%d, %d]",
					     (long long)r0->s.smin, (long long)r0->s.smax,
					     callee->cb_ret_min, callee->cb_ret_max);
				return ERR_REJECT;
			}
			/* back to the call insn: simulate one more iteration */
			*next = (u32)callee->callsite;
		} else {
			caller->regs[0] = *r0;
			*next = (u32)callee->callsite + 1;
		}
		if (e->log_level) {
			vlog(e, "returning from callee:\n");
			vlog_state(e, st, st->curframe, true);
		}
		frame_free(callee);
		st->frame[st->curframe] = NULL;
		st->curframe--;
		e->do_print_state = true;
		if (e->log_level) {
			vlog(e, "to caller at %u:\n", *next);
			vlog_state(e, st, st->curframe, true);
		}
		return 0;
	}
	if (cur_frame(st)->in_async_callback)
		err = async_check_return(e);
	else
		err = check_return_code(e);
	if (err)
		return err;
	return PROCESS_EXIT;
}
