/* Conditional jumps (the kernel's check_cond_jmp_op): branch decisions, refinement of both
 * successors through the scalar domain, linked scalars (sync_linked_regs), null checks that
 * resolve every register sharing an id (mark_ptr_or_null_regs), packet pointer vs pkt_end
 * comparisons (try_match_pkt_pointers / find_good_pkt_pointers), and pointer comparisons. */
#include <string.h>

#include "engine_int.h"
#include "btf_int.h"
#include "xfer_graph.h"

#define AT_PKT_END     (-1)
#define BEYOND_PKT_END (-2)

typedef void (*reg_fn)(struct engine *e, struct reg *r, void *arg);

/* every register and spilled register of every frame (bpf_for_each_reg_in_vstate) */
static void for_each_reg(struct engine *e, struct vstate *st, reg_fn fn, void *arg)
{
	for (u32 fi = 0; fi <= st->curframe; fi++) {
		struct frame *f = st->frame[fi];

		for (int i = 0; i < MAX_BPF_REG; i++)
			fn(e, &f->regs[i], arg);
		for (u32 s = 0; s < f->nslots; s++)
			if (f->stack[s].type[BPF_REG_SIZE - 1] == STACK_SPILL)
				fn(e, &f->stack[s].spill, arg);
	}
}

static bool pkt_any(const struct reg *r)
{
	return r->type == PTR_TO_PACKET || r->type == PTR_TO_PACKET_META ||
	       r->type == PTR_TO_PACKET_END;
}

static bool ptr_value(const struct reg *r)
{
	return r->type != SCALAR_VALUE;
}

static bool reg_not_null(const struct reg *r)
{
	u32 t = r->type;

	if (t & PTR_MAYBE_NULL)
		return false;
	/* a non-NULL base plus an unbounded offset can still wrap to zero */
	if (r->s.smin <= -BPF_MAX_VAR_OFF || r->s.smax >= BPF_MAX_VAR_OFF)
		return false;
	t = base_type(t);
	return t == PTR_TO_SOCKET || t == PTR_TO_TCP_SOCK || t == PTR_TO_XDP_SOCK ||
	       t == PTR_TO_BUF || t == PTR_TO_MAP_VALUE || t == PTR_TO_MAP_KEY ||
	       t == PTR_TO_SOCK_COMMON || (t == PTR_TO_BTF_ID && xbtf_is_trusted(r)) ||
	       t == PTR_TO_MEM || t == CONST_PTR_TO_MAP;
}

static bool reg_const(const struct reg *r, bool is32)
{
	return r->type == SCALAR_VALUE &&
	       tnum_is_const(is32 ? tnum_subreg(r->s.var_off) : r->s.var_off);
}

static int pkt_branch_taken(const struct reg *dst, const struct reg *src, u8 op)
{
	const struct reg *pkt;

	if (src->type == PTR_TO_PACKET_END) {
		pkt = dst;
	} else if (dst->type == PTR_TO_PACKET_END) {
		pkt = src;
		op = jmp_flip(op);
	} else {
		return -1;
	}
	if (pkt->range >= 0)
		return -1;
	switch (op) {
	case BPF_JLE:
	case BPF_JGT:
		if (pkt->range == BEYOND_PKT_END)
			return op == BPF_JGT;
		break;
	case BPF_JLT:
	case BPF_JGE:
		if (pkt->range == BEYOND_PKT_END || pkt->range == AT_PKT_END)
			return op == BPF_JGE;
		break;
	}
	return -1;
}

/* is_branch_taken() */
static int branch_taken(const struct reg *r1, const struct reg *r2, u8 op, bool is32)
{
	u64 val;

	if (pkt_any(r1) && pkt_any(r2) && !is32)
		return pkt_branch_taken(r1, r2, op);
	if (ptr_value(r1) || ptr_value(r2)) {
		if (is32)
			return -1;
		if (!reg_const(r2, false)) {
			const struct reg *t = r1;

			op = jmp_flip(op);
			r1 = r2;
			r2 = t;
		}
		if (!reg_const(r2, false))
			return -1;
		if (!reg_not_null(r1))
			return -1;
		val = r2->s.var_off.value;
		if (val != 0)
			return -1;
		if (op == BPF_JEQ)
			return 0;
		if (op == BPF_JNE)
			return 1;
		return -1;
	}
	return scalar_branch_taken(&r1->s, &r2->s, op, is32);
}

static void mark_not_null(struct engine *e, struct reg *r)
{
	if (base_type(r->type) == PTR_TO_MAP_VALUE) {
		const struct map_def *m = reg_map(e, r);

		if (m && m->inner_map >= 0) {
			r->type = CONST_PTR_TO_MAP;
			r->map = m->inner_map;
		} else if (m && m->type == BPF_MAP_TYPE_XSKMAP) {
			r->type = PTR_TO_XDP_SOCK;
		} else if (m &&
			   (m->type == BPF_MAP_TYPE_SOCKMAP || m->type == BPF_MAP_TYPE_SOCKHASH)) {
			r->type = PTR_TO_SOCKET;
		} else {
			r->type = PTR_TO_MAP_VALUE;
		}
		return;
	}
	r->type &= ~PTR_MAYBE_NULL;
}

static bool map_has_spin_lock(const struct map_def *m)
{
	for (u32 i = 0; m && i < m->field_cnt; i++)
		if (m->fields[i].kind == MAP_FIELD_SPIN_LOCK)
			return true;
	return false;
}

struct null_arg {
	u32 id;
	bool is_null;
};

static void null_one(struct engine *e, struct reg *r, void *arg)
{
	struct null_arg *a = arg;

	if (!(r->type & PTR_MAYBE_NULL) || r->id != a->id)
		return;
	if (a->is_null) {
		reg_mark_known(r, 0);
		return;
	}
	mark_not_null(e, r);
	/* reg_may_point_to_spin_lock(): the id names the lock */
	if (!(r->type == PTR_TO_MAP_VALUE && map_has_spin_lock(reg_map(e, r))) &&
	    !xgraph_reg_has_lock(e, r))
		r->id = 0;
}

static void release_ref_state(struct vstate *st, u32 id)
{
	for (u32 i = 0; i < st->nrefs; i++) {
		if (st->refs[i].id != id)
			continue;
		memmove(&st->refs[i], &st->refs[i + 1], (st->nrefs - i - 1) * sizeof(st->refs[0]));
		st->nrefs--;
		return;
	}
}

/* mark_ptr_or_null_regs() for an id */
void mark_ptr_or_null_regs(struct engine *e, struct vstate *st, u32 regno_id, bool is_null)
{
	struct null_arg a = {.id = regno_id, .is_null = is_null};

	for_each_reg(e, st, null_one, &a);
}

static void null_check(struct engine *e, struct vstate *st, u32 regno, bool is_null)
{
	struct reg *r = &cur_frame(st)->regs[regno];
	u32 id = r->id, ref = r->ref_obj_id;

	if (ref && ref == id && is_null)
		release_ref_state(st, id);
	mark_ptr_or_null_regs(e, st, id, is_null);
}

struct pkt_arg {
	u32 type;
	u32 id;
	s32 range;
};

static void pkt_one(struct engine *e, struct reg *r, void *arg)
{
	struct pkt_arg *a = arg;

	if (r->type == a->type && r->id == a->id && r->range < a->range)
		r->range = a->range;
}

/* find_good_pkt_pointers() */
static void good_pkt_pointers(struct engine *e, struct vstate *st, const struct reg *dst, u32 type,
			      bool right_open)
{
	struct pkt_arg a;

	if (dst->off < 0 || (dst->off == 0 && right_open))
		return;
	if (dst->s.umax > MAX_PACKET_OFF || dst->s.umax + dst->off > MAX_PACKET_OFF)
		return;
	a.type = type;
	a.id = dst->id;
	a.range = dst->off + (right_open ? 1 : 0);
	for_each_reg(e, st, pkt_one, &a);
}

static void mark_pkt_end(struct vstate *st, u32 regno, bool range_open)
{
	struct reg *r = &cur_frame(st)->regs[regno];

	if (r->type != PTR_TO_PACKET)
		return;
	r->range = range_open ? BEYOND_PKT_END : AT_PKT_END;
}

static bool init_pkt(const struct reg *r, u32 type)
{
	return r->type == type && r->off == 0 && tnum_equals_const(r->s.var_off, 0);
}

/* try_match_pkt_pointers(); this/other: the fall-through and the jump-taken states */
static bool match_pkt_pointers(struct engine *e, const struct insn *in, struct vstate *this_st,
			       struct vstate *other)
{
	struct reg dst = cur_frame(this_st)->regs[in->dst];
	struct reg src = cur_frame(this_st)->regs[in->src];
	bool a, b;

	if (BPF_SRC(in->code) != BPF_X || BPF_CLASS(in->code) == BPF_JMP32)
		return false;
	a = (dst.type == PTR_TO_PACKET && src.type == PTR_TO_PACKET_END) ||
	    (dst.type == PTR_TO_PACKET_META && init_pkt(&src, PTR_TO_PACKET));
	b = (dst.type == PTR_TO_PACKET_END && src.type == PTR_TO_PACKET) ||
	    (init_pkt(&dst, PTR_TO_PACKET) && src.type == PTR_TO_PACKET_META);
	switch (BPF_OP(in->code)) {
	case BPF_JGT:
		if (a) {
			good_pkt_pointers(e, this_st, &dst, dst.type, false);
			mark_pkt_end(other, in->dst, true);
		} else if (b) {
			good_pkt_pointers(e, other, &src, src.type, true);
			mark_pkt_end(this_st, in->src, false);
		} else {
			return false;
		}
		break;
	case BPF_JLT:
		if (a) {
			good_pkt_pointers(e, other, &dst, dst.type, true);
			mark_pkt_end(this_st, in->dst, false);
		} else if (b) {
			good_pkt_pointers(e, this_st, &src, src.type, false);
			mark_pkt_end(other, in->src, true);
		} else {
			return false;
		}
		break;
	case BPF_JGE:
		if (a) {
			good_pkt_pointers(e, this_st, &dst, dst.type, true);
			mark_pkt_end(other, in->dst, false);
		} else if (b) {
			good_pkt_pointers(e, other, &src, src.type, false);
			mark_pkt_end(this_st, in->src, true);
		} else {
			return false;
		}
		break;
	case BPF_JLE:
		if (a) {
			good_pkt_pointers(e, other, &dst, dst.type, false);
			mark_pkt_end(this_st, in->dst, true);
		} else if (b) {
			good_pkt_pointers(e, this_st, &src, src.type, true);
			mark_pkt_end(other, in->src, false);
		} else {
			return false;
		}
		break;
	default:
		return false;
	}
	return true;
}

struct link_arg {
	const struct reg *known;
};

static void link_one(struct engine *e, struct reg *r, void *arg)
{
	struct link_arg *a = arg;
	const struct reg *k = a->known;

	if (r == k || r->type != SCALAR_VALUE || (r->id & ~ID_ADD_CONST) != (k->id & ~ID_ADD_CONST))
		return;
	if ((!(r->id & ID_ADD_CONST) && !(k->id & ID_ADD_CONST)) || r->off == k->off) {
		*r = *k;
	} else {
		s32 off = r->off;
		u32 id = r->id;
		struct scalar delta = scalar_const((u64)(s64)((s32)r->off - (s32)k->off));

		*r = *k;
		r->off = off;
		r->id = id;
		scalar_alu(&r->s, &delta, BPF_ADD, ((id | k->id) & ID_ADD_CONST32) != 0, 0);
	}
}

/* The registers a branch refines through a shared scalar id (struct linked_regs): at most
 * MAX_LINKED_REGS places, named by frame and register or stack slot so that the same places can
 * be found in both successor states. */
#define MAX_LINKED_REGS 6

struct linked_place {
	u32 frameno;
	u32 idx; /* register number, or stack slot */
	bool is_reg;
};

struct linked_set {
	u32 cnt;
	struct linked_place p[MAX_LINKED_REGS];
};

static void linked_add(struct linked_set *ls, struct reg *r, u32 id, u32 fi, u32 idx, bool is_reg)
{
	if (r->type != SCALAR_VALUE || (r->id & ~ID_ADD_CONST) != id)
		return;
	if (ls->cnt == MAX_LINKED_REGS) {
		/* no room to remember the link: forget it (clear_scalar_id()) */
		r->id = 0;
		r->off = 0;
		return;
	}
	ls->p[ls->cnt++] = (struct linked_place){.frameno = fi, .idx = idx, .is_reg = is_reg};
}

/* collect_linked_regs(), 6.18: only registers live at this point of each frame (the jump for the
 * current frame, the call for the callers) and spilled scalars take part. */
static void collect_linked(struct engine *e, struct vstate *st, u32 id, struct linked_set *ls)
{
	id &= ~ID_ADD_CONST;
	for (u32 fi = st->curframe + 1; fi-- > 0;) {
		struct frame *f = st->frame[fi];
		u32 at = fi == st->curframe ? st->insn_idx : (u32)st->frame[fi + 1]->callsite;
		u16 live = at < e->insn_cnt ? e->aux[at].live_before : 0xffff;

		for (u32 i = 0; i < BPF_REG_FP; i++)
			if (live & (1u << i))
				linked_add(ls, &f->regs[i], id, fi, i, true);
		for (u32 s = 0; s < f->nslots; s++)
			if (f->stack[s].type[BPF_REG_SIZE - 1] == STACK_SPILL)
				linked_add(ls, &f->stack[s].spill, id, fi, s, false);
	}
}

/* sync_linked_regs(): the collected places sharing the id of st's register regno take its range */
static void sync_linked(struct engine *e, struct vstate *st, u32 regno, const struct linked_set *ls)
{
	struct reg known = cur_frame(st)->regs[regno];
	struct link_arg a = {.known = &known};

	if (known.type != SCALAR_VALUE || !known.id)
		return;
	for (u32 k = 0; k < ls->cnt; k++) {
		const struct linked_place *pl = &ls->p[k];
		struct frame *f = st->frame[pl->frameno];
		struct reg *r = pl->is_reg ? &f->regs[pl->idx] : &f->stack[pl->idx].spill;

		link_one(e, r, &a);
	}
}

/* widen_imprecise_scalars(): every scalar that changed since the previous visit of this loop
 * head becomes unknown (bpfvet has no precision marks, so it widens all of them) */
static void widen_reg(const struct reg *o, struct reg *c)
{
	if (o->type != SCALAR_VALUE || c->type != SCALAR_VALUE)
		return;
	if (o->needed || c->needed)
		return;
	if (o->id == c->id && scalar_equal(&o->s, &c->s))
		return;
	reg_mark_unknown(c);
}

void widen_scalars(const struct vstate *old, struct vstate *cur)
{
	for (u32 fi = 0; fi <= old->curframe && fi <= cur->curframe; fi++) {
		const struct frame *fo = old->frame[fi];
		struct frame *fc = cur->frame[fi];

		for (int i = 0; i < MAX_BPF_REG; i++)
			widen_reg(&fo->regs[i], &fc->regs[i]);
		for (u32 sl = 0; sl < fo->nslots && sl < fc->nslots; sl++) {
			if (fo->stack[sl].type[BPF_REG_SIZE - 1] != STACK_SPILL ||
			    fc->stack[sl].type[BPF_REG_SIZE - 1] != STACK_SPILL)
				continue;
			widen_reg(&fo->stack[sl].spill, &fc->stack[sl].spill);
		}
	}
}

/* reg_bounds_sanity_check() of the four refined registers in reg_set_min_max()'s order. A
 * violation is a "verifier bug" line: with BPF_F_TEST_REG_INVARIANTS the kernel fails the load
 * on the first one (-EFAULT), otherwise it logs each one and forgets that register's ranges. */
static int check_branch_invariants(struct engine *e, struct reg *t1, struct reg *t2, struct reg *f1,
				   struct reg *f2)
{
	struct reg *r[4] = {t1, t2, f1, f2};
	static const char *const ctx[4] = {"true_reg1", "true_reg2", "false_reg1", "false_reg2"};

	for (int i = 0; i < 4; i++) {
		struct strbuf line = STRBUF_INIT;

		if (!scalar_invariant_violation(&r[i]->s))
			continue;
		if (!(e->prog_flags & BPF_F_TEST_REG_INVARIANTS)) {
			scalar_check_invariants(&r[i]->s, ctx[i], e->log_level ? &e->log : NULL);
			continue;
		}
		scalar_check_invariants(&r[i]->s, ctx[i], &line);
		if (line.len && line.buf[line.len - 1] == '\n')
			line.buf[--line.len] = '\0';
		verr(e, "%s", strbuf_str(&line));
		strbuf_free(&line);
		return ERR_REJECT;
	}
	return 0;
}

int xfer_cond_jmp(struct engine *e, const struct insn *in, u32 *next)
{
	struct vstate *this_st = e->cur, *other;
	struct reg *regs = cur_regs(e);
	struct reg *dst, *src, fake;
	u8 op = BPF_OP(in->code);
	bool is32 = BPF_CLASS(in->code) == BPF_JMP32;
	u32 idx = this_st->insn_idx;
	u32 target = idx + in->off + 1;
	struct reg *odst, *osrc, ofake;
	struct linked_set linked = {0};
	int pred, err;

	if (op == BPF_JA || op > BPF_JCOND) {
		verr(e, "invalid BPF_JMP/JMP32 opcode %x", op);
		return ERR_REJECT;
	}
	if (op == BPF_JCOND) {
		struct vstate *prev = NULL, *queued;

		if (in->code != (BPF_JMP | BPF_JCOND) || in->src != BPF_MAY_GOTO || in->dst ||
		    in->imm) {
			verr(e, "invalid may_goto imm %d", in->imm);
			return ERR_REJECT;
		}
		/* find_prev_entry(): the same insn earlier on this path (a loop) */
		for (struct vstate *p = this_st->parent ? this_st->parent->parent : NULL; p;
		     p = p->parent) {
			if (p->insn_idx == idx && p->branches && p->curframe == this_st->curframe) {
				prev = p;
				break;
			}
		}
		err = push_branch(e, idx + 1, (s32)idx, &queued);
		if (err)
			return err;
		queued->may_goto_depth++;
		if (prev)
			widen_scalars(prev, queued);
		*next = target;
		return 0;
	}
	if ((err = check_reg_read(e, in->dst)))
		return err;
	dst = &regs[in->dst];
	if (BPF_SRC(in->code) == BPF_X) {
		if (in->imm != 0) {
			verr(e, "BPF_JMP/JMP32 uses reserved fields");
			return ERR_REJECT;
		}
		if ((err = check_reg_read(e, in->src)))
			return err;
		src = &regs[in->src];
		if (!(pkt_any(dst) && pkt_any(src)) && is_pointer_value(e, src)) {
			verr(e, "R%d pointer comparison prohibited", in->src);
			return ERR_REJECT;
		}
	} else {
		if (in->src != 0) {
			verr(e, "BPF_JMP/JMP32 uses reserved fields");
			return ERR_REJECT;
		}
		reg_mark_known(&fake, (u64)(s64)in->imm);
		src = &fake;
	}
	prec_note_jmp(e, BPF_SRC(in->code) == BPF_X && src->type == PTR_TO_STACK,
		      dst->type == PTR_TO_STACK);
	pred = branch_taken(dst, src, op, is32);
	if (pred >= 0) {
		if (dst->type == SCALAR_VALUE) {
			dst->needed = true;
			if ((err = mark_precise(e, in->dst)))
				return err;
		}
		if (BPF_SRC(in->code) == BPF_X && src->type == SCALAR_VALUE) {
			src->needed = true;
			if ((err = mark_precise(e, in->src)))
				return err;
		}
	}
	if (pred == 1) {
		*next = target;
		print_insn_state(e);
		return 0;
	}
	if (pred == 0) {
		print_insn_state(e);
		return 0;
	}

	if (BPF_SRC(in->code) == BPF_X && src->type == SCALAR_VALUE && src->id)
		collect_linked(e, this_st, src->id, &linked);
	if (dst->type == SCALAR_VALUE && dst->id)
		collect_linked(e, this_st, dst->id, &linked);
	if (linked.cnt > 1) {
		u8 fr[MAX_LINKED_REGS], ix[MAX_LINKED_REGS];
		bool isr[MAX_LINKED_REGS];

		for (u32 k = 0; k < linked.cnt; k++) {
			fr[k] = (u8)linked.p[k].frameno;
			ix[k] = (u8)linked.p[k].idx;
			isr[k] = linked.p[k].is_reg;
		}
		prec_note_linked(e, linked.cnt, fr, ix, isr);
	}
	err = push_branch(e, target, (s32)idx, &other);
	if (err)
		return err;
	odst = &cur_frame(other)->regs[in->dst];
	if (BPF_SRC(in->code) == BPF_X) {
		osrc = &cur_frame(other)->regs[in->src];
	} else {
		ofake = fake;
		osrc = &ofake;
	}
	if (dst->type == SCALAR_VALUE && src->type == SCALAR_VALUE) {
		/* false branch (this state) gets the negated condition */
		scalar_refine(&dst->s, &src->s, jmp_negate(op), is32);
		scalar_refine(&odst->s, &osrc->s, op, is32);
		if ((err = check_branch_invariants(e, odst, osrc, dst, src)))
			return err;
	}
	if (BPF_SRC(in->code) == BPF_X && src->type == SCALAR_VALUE && src->id) {
		sync_linked(e, this_st, in->src, &linked);
		sync_linked(e, other, in->src, &linked);
	}
	if (dst->type == SCALAR_VALUE && dst->id) {
		sync_linked(e, this_st, in->dst, &linked);
		sync_linked(e, other, in->dst, &linked);
	}
	if (!is32 && BPF_SRC(in->code) == BPF_X && ptr_value(src) && ptr_value(dst) &&
	    base_type(src->type) != PTR_TO_BTF_ID && base_type(dst->type) != PTR_TO_BTF_ID) {
		struct reg *eq = NULL;
		struct reg *eq_src = NULL;

		if (op == BPF_JEQ) {
			eq = odst;
			eq_src = osrc;
		} else if (op == BPF_JNE) {
			eq = dst;
			eq_src = src;
		}
		if (eq) {
			if (reg_not_null(dst) && (src->type & PTR_MAYBE_NULL))
				mark_not_null(e, eq_src);
			if (reg_not_null(src) && (dst->type & PTR_MAYBE_NULL))
				mark_not_null(e, eq);
		}
	}
	if (!is32 && BPF_SRC(in->code) == BPF_K && in->imm == 0 &&
	    (op == BPF_JEQ || op == BPF_JNE) && (dst->type & PTR_MAYBE_NULL)) {
		null_check(e, this_st, in->dst, op == BPF_JNE);
		null_check(e, other, in->dst, op == BPF_JEQ);
	} else if (!match_pkt_pointers(e, in, this_st, other) && is_pointer_value(e, dst)) {
		verr(e, "R%d pointer comparison prohibited", in->dst);
		return ERR_REJECT;
	}
	print_insn_state(e);
	return 0;
}
