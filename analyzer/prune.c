/* State pruning (the kernel's is_state_visited, states_equal, func_states_equal, regsafe,
 * stacksafe, refsafe, check_ids), infinite-loop detection, the branch counters that tell which
 * checkpoints are still being explored, and the static register liveness the kernel computes
 * (compute_live_registers, 6.16+) so that dead registers do not block pruning.
 * Scalars are compared as if all were precise (bpfvet does not run precision backtracking):
 * that prunes less than the kernel, never more. */
#include <stdlib.h>
#include <string.h>

#include "btf_int.h"
#include "engine_int.h"
#include "xfer_dynptr.h"
#include "helpers.h"
#include "xfer_async.h"

#define ID_MAP_SIZE 600

static void refresh_stack_liveness(struct engine *e);

struct idmap {
	u32 n;
	u32 tmp;
	bool imprecise_ok; /* precision is tracked: imprecise scalars match anything */
	u32 old[ID_MAP_SIZE];
	u32 cur[ID_MAP_SIZE];
};

static bool check_ids(u32 old_id, u32 cur_id, struct idmap *m)
{
	if (!!old_id != !!cur_id)
		return false;
	if (!old_id)
		return true;
	for (u32 i = 0; i < m->n; i++) {
		if (m->old[i] == old_id)
			return m->cur[i] == cur_id;
		if (m->cur[i] == cur_id)
			return false;
	}
	if (m->n >= ID_MAP_SIZE)
		return false;
	m->old[m->n] = old_id;
	m->cur[m->n] = cur_id;
	m->n++;
	return true;
}

static bool check_scalar_ids(u32 old_id, u32 cur_id, struct idmap *m)
{
	if (!old_id)
		return true;
	cur_id = cur_id ? cur_id : 0x40000000u + ++m->tmp;
	if (!check_ids(old_id, cur_id, m))
		return false;
	if (old_id & ID_ADD_CONST) {
		old_id &= ~ID_ADD_CONST;
		cur_id &= ~ID_ADD_CONST;
		if (!check_ids(old_id, cur_id, m))
			return false;
	}
	return true;
}

static bool range_within(const struct reg *o, const struct reg *c)
{
	return scalar_within(&o->s, &c->s);
}

static bool regs_exact(const struct reg *o, const struct reg *c, struct idmap *m)
{
	return o->type == c->type && o->off == c->off && o->range == c->range &&
	       o->mem_size == c->mem_size && o->map == c->map && o->frameno == c->frameno &&
	       o->btf == c->btf && scalar_equal(&o->s, &c->s) && check_ids(o->id, c->id, m) &&
	       check_ids(o->ref_obj_id, c->ref_obj_id, m);
}

enum { NOT_EXACT, EXACT, RANGE_WITHIN };

static bool regsafe(const struct reg *o, const struct reg *c, struct idmap *m, int exact)
{
	if (exact == EXACT)
		return regs_exact(o, c, m);
	if (o->type == NOT_INIT) {
		if (exact == NOT_EXACT || c->type == NOT_INIT)
			return true;
	}
	if (o->type != c->type)
		return false;
	switch (base_type(o->type)) {
	case SCALAR_VALUE:
		if (exact == NOT_EXACT && m->imprecise_ok && !o->precise)
			return true;
		if ((o->id & ID_ADD_CONST) && !(c->id & ID_ADD_CONST))
			return false;
		if (o->id && !(o->id & ID_ADD_CONST) && (c->id & ID_ADD_CONST))
			return false;
		if ((o->id & ID_ADD_CONST) && o->off != c->off)
			return false;
		if (!check_scalar_ids(o->id, c->id, m))
			return false;
		return range_within(o, c) && tnum_in(o->s.var_off, c->s.var_off);
	case PTR_TO_MAP_KEY:
	case PTR_TO_MAP_VALUE:
	case PTR_TO_MEM:
	case PTR_TO_BUF:
	case PTR_TO_TP_BUFFER:
		return o->off == c->off && o->map == c->map && o->mem_size == c->mem_size &&
		       o->dynptr_id == c->dynptr_id && range_within(o, c) &&
		       tnum_in(o->s.var_off, c->s.var_off) && check_ids(o->id, c->id, m) &&
		       check_ids(o->ref_obj_id, c->ref_obj_id, m);
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET:
		if (o->range < 0 || c->range < 0) {
			if (o->range != c->range)
				return false;
		} else if (o->range > c->range) {
			return false;
		}
		if (o->off != c->off)
			return false;
		if (!check_ids(o->id, c->id, m))
			return false;
		return range_within(o, c) && tnum_in(o->s.var_off, c->s.var_off);
	case PTR_TO_STACK:
		return regs_exact(o, c, m) && o->frameno == c->frameno;
	case PTR_TO_ARENA:
		return true;
	default:
		return regs_exact(o, c, m);
	}
}

static bool slot_all(const struct stack_slot *s, u8 t)
{
	for (int i = 0; i < BPF_REG_SIZE; i++)
		if (s->type[i] != t)
			return false;
	return true;
}

/* scalar_reg_for_stack(): a 64-bit scalar spill, or an all-MISC slot as an unknown scalar
 * (is_stack_all_misc(): uninitialized bytes count as MISC when they may be read) */
static const struct reg *stack_scalar(const struct stack_slot *s, struct reg *tmp, bool uninit_ok)
{
	bool misc = true;

	if (slot_all(s, STACK_SPILL) && s->spill.type == SCALAR_VALUE)
		return &s->spill;
	for (int i = 0; i < BPF_REG_SIZE; i++)
		if (s->type[i] != STACK_MISC && !(s->type[i] == STACK_INVALID && uninit_ok))
			misc = false;
	if (misc) {
		reg_mark_unknown(tmp);
		return tmp;
	}
	return NULL;
}

static bool stacksafe(struct engine *e, const struct frame *o, const struct frame *c,
		      struct idmap *m, int exact, u64 live)
{
	u32 nbytes = o->nslots * BPF_REG_SIZE, cbytes = c->nslots * BPF_REG_SIZE;

	for (u32 i = 0; i < nbytes; i++) {
		u32 spi = i / BPF_REG_SIZE, b = i % BPF_REG_SIZE;
		const struct stack_slot *os = &o->stack[spi], *cs;
		struct reg t1, t2;
		const struct reg *orr, *crr;

		if (exact != NOT_EXACT && (i >= cbytes || os->type[b] != c->stack[spi].type[b]))
			return false;
		if (exact == NOT_EXACT && spi < 64 && !(live & (1ull << spi))) {
			i += BPF_REG_SIZE - 1 - b;
			continue;
		}
		if (os->type[b] == STACK_INVALID)
			continue;
		if (e->allow_uninit_stack && os->type[b] == STACK_MISC)
			continue;
		if (i >= cbytes)
			return false;
		cs = &c->stack[spi];
		if (b == 0) {
			orr = stack_scalar(os, &t1, e->allow_uninit_stack);
			crr = stack_scalar(cs, &t2, e->allow_uninit_stack);
			if (orr && crr) {
				if (!regsafe(orr, crr, m, exact))
					return false;
				i += BPF_REG_SIZE - 1;
				continue;
			}
		}
		if (os->type[b] == STACK_MISC && cs->type[b] == STACK_ZERO)
			continue;
		if (os->type[b] != cs->type[b])
			return false;
		if (b != BPF_REG_SIZE - 1)
			continue;
		switch (os->type[BPF_REG_SIZE - 1]) {
		case STACK_SPILL:
			if (!regsafe(&os->spill, &cs->spill, m, exact))
				return false;
			break;
		case STACK_MISC:
		case STACK_ZERO:
		case STACK_INVALID:
			continue;
		case STACK_DYNPTR:
			if (!dynptr_slots_equal(&os->spill, &cs->spill) ||
			    !check_ids(os->spill.ref_obj_id, cs->spill.ref_obj_id, m))
				return false;
			break;
		case STACK_ITER:
			if (!xkfunc_iter_slots_equal(&os->spill, &cs->spill) ||
			    !check_ids(os->spill.ref_obj_id, cs->spill.ref_obj_id, m))
				return false;
			break;
		default:
			return false;
		}
	}
	return true;
}

static bool refsafe(const struct vstate *o, const struct vstate *c, struct idmap *m)
{
	if (o->nrefs != c->nrefs || o->active_locks != c->active_locks ||
	    o->active_rcu != c->active_rcu || o->active_preempt != c->active_preempt)
		return false;
	for (u32 i = 0; i < o->nrefs; i++) {
		if (o->refs[i].kind != c->refs[i].kind ||
		    !check_ids(o->refs[i].id, c->refs[i].id, m))
			return false;
	}
	return true;
}

static u16 live_regs_of(struct engine *e, const struct vstate *st, u32 fi)
{
	const struct frame *f = st->frame[fi];
	u32 at;

	if (fi == st->curframe)
		at = st->insn_idx;
	else if (st->frame[fi + 1]->in_callback)
		/* a callback returns to its call insn, which runs again with the same arguments */
		at = (u32)st->frame[fi + 1]->callsite;
	else
		at = (u32)st->frame[fi + 1]->callsite + 1;
	if (at >= e->insn_cnt)
		return 0xffff;
	(void)f;
	return e->aux[at].live_before;
}

static bool func_states_equal(struct engine *e, const struct vstate *os, const struct vstate *cs,
			      u32 fi, struct idmap *m, int exact)
{
	const struct frame *o = os->frame[fi], *c = cs->frame[fi];
	u16 live = live_regs_of(e, os, fi);

	if (o->callsite != c->callsite || o->in_callback != c->in_callback)
		return false;
	for (int i = 0; i < MAX_BPF_REG; i++) {
		if (exact == NOT_EXACT && !(live & (1u << i)))
			continue;
		if (!regsafe(&o->regs[i], &c->regs[i], m, exact))
			return false;
	}
	return stacksafe(e, o, c, m, exact,
			 fi == os->curframe && os->insn_idx < e->insn_cnt
				 ? e->aux[os->insn_idx].stack_live
				 : ~0ull);
}

static bool states_equal(struct engine *e, const struct vstate *o, const struct vstate *c,
			 int exact)
{
	struct idmap *m;
	bool ok = true;

	if (o->curframe != c->curframe || (o->speculative && !c->speculative))
		return false;
	for (u32 i = 0; i <= o->curframe; i++)
		if (o->frame[i]->callsite != c->frame[i]->callsite)
			return false;
	m = calloc(1, sizeof(*m));
	if (!m)
		return false;
	m->imprecise_ok = e->prec_on;
	if (!refsafe(o, c, m))
		ok = false;
	for (u32 i = 0; ok && i <= o->curframe; i++)
		if (!func_states_equal(e, o, c, i, m, exact))
			ok = false;
	free(m);
	return ok;
}

/* states_maybe_looping(): the current frame's registers are bit-identical */
static bool maybe_looping(const struct vstate *o, const struct vstate *c)
{
	const struct frame *fo, *fc;

	if (o->curframe != c->curframe)
		return false;
	fo = o->frame[o->curframe];
	fc = c->frame[c->curframe];
	for (int i = 0; i < MAX_BPF_REG; i++) {
		const struct reg *a = &fo->regs[i], *b = &fc->regs[i];

		if (a->type != b->type || a->off != b->off || a->id != b->id ||
		    a->range != b->range || !scalar_equal(&a->s, &b->s))
			return false;
	}
	return true;
}

void update_branch_counts(struct engine *e, struct vstate *st)
{
	struct vstate *p = st->parent;

	(void)e;
	while (p) {
		if (p->branches)
			p->branches--;
		if (p->branches)
			break;
		p = p->parent;
	}
}

/* clean_live_states(): forget registers that are dead at the checkpoint (unused: regsafe
 * consults the liveness directly) */
static __attribute__((unused)) void clean_state(struct engine *e, struct vstate *st)
{
	for (u32 fi = 0; fi <= st->curframe; fi++) {
		u16 live = live_regs_of(e, st, fi);

		for (int i = 0; i < MAX_BPF_REG - 1; i++)
			if (!(live & (1u << i)))
				reg_mark_not_init(&st->frame[fi]->regs[i]);
	}
}

/* remember a checkpoint for freeing at the end; false when out of memory */
static bool keep_state(struct engine *e, struct vstate *st)
{
	if (e->nall >= e->capall) {
		u32 cap = e->capall ? e->capall * 2 : 256;
		struct vstate **n = realloc(e->all_states, cap * sizeof(*n));

		if (!n)
			return false;
		e->all_states = n;
		e->capall = cap;
	}
	st->all_idx = e->nall;
	e->all_states[e->nall++] = st;
	return true;
}

int is_state_visited(struct engine *e, u32 idx, bool *pruned)
{
	struct vstate *cur = e->cur, *sl, **pprev;
	bool add_new = e->prog_flags & BPF_F_TEST_STATE_FREQ;
	bool force = add_new || (e->cfg.insn_flags[idx] & INSN_FORCE_CHECKPOINT);
	u32 cnt = 0;

	*pruned = false;
	refresh_stack_liveness(e);
	if (xkfunc_is_iter_next(e, idx))
		add_new =
			true; /* the kernel's force_new_state; process_iter_next_call() needs it */
	if (e->jmps_processed - e->prev_jmps_processed >= 2 &&
	    e->insn_processed - e->prev_insn_processed >= 8)
		add_new = true;
	pprev = &e->explored[idx];
	sl = *pprev;
	while (sl) {
		cnt++;
		if (sl->branches) {
			const struct insn *ci = &e->insns[idx];

			/* another entry into an async callback is no loop (is_state_visited()) */
			if (async_entry_differs(sl, cur))
				goto skip_loop_check;
			if (xkfunc_is_iter_next(e, idx)) {
				/* open-coded iterator loops converge on an active iterator */
				if (states_equal(e, sl, cur, RANGE_WITHIN) &&
				    xkfunc_iter_active(e, cur)) {
					sl->hit_cnt++;
					*pruned = true;
					return 0;
				}
				goto skip_loop_check;
			}
			if (ci->code == (BPF_JMP | BPF_JCOND) && ci->src == BPF_MAY_GOTO &&
			    sl->may_goto_depth != cur->may_goto_depth &&
			    states_equal(e, sl, cur, RANGE_WITHIN)) {
				sl->hit_cnt++;
				*pruned = true;
				return 0;
			}
			if (e->cfg.insn_flags[idx] & INSN_CALLS_CALLBACK) {
				if (states_equal(e, sl, cur, RANGE_WITHIN)) {
					sl->hit_cnt++;
					*pruned = true;
					return 0;
				}
				goto skip_loop_check;
			}
			if (maybe_looping(sl, cur) && states_equal(e, sl, cur, EXACT) &&
			    !xkfunc_iter_depths_differ(sl, cur) &&
			    sl->may_goto_depth == cur->may_goto_depth &&
			    sl->callback_unroll_depth == cur->callback_unroll_depth) {
				char *cs = state_text(e, cur, cur->curframe);
				char *os = state_text(e, sl, cur->curframe);

				verbose_linfo(e, idx, "; ");
				verr(e, "infinite loop detected at insn %u", idx);
				verr(e, "cur state:%s", cs ? cs : "");
				verr(e, "old state:%s", os ? os : "");
				free(cs);
				free(os);
				return ERR_REJECT;
			}
		skip_loop_check:
			if (!force && e->jmps_processed - e->prev_jmps_processed < 20 &&
			    e->insn_processed - e->prev_insn_processed < 100)
				add_new = false;
			goto miss;
		}
		if (states_equal(e, sl, cur, NOT_EXACT)) {
			int err;

			sl->hit_cnt++;
			*pruned = true;
			/* propagate_precision() */
			err = prec_propagate(e, sl, live_regs_of(e, sl, 0), e->aux[idx].stack_live);
			return err < 0 ? err : 0;
		}
	miss:
		if (add_new)
			sl->miss_cnt++;
		{
			u32 n = force && sl->branches > 0 ? 64 : 3;

			if (sl->miss_cnt > sl->hit_cnt * n + n) {
				*pprev = sl->next;
				sl->next = NULL;
				sl->in_explored = false;
				e->cur_states--;
				/* fully explored: no live path walks through it any more */
				if (!sl->branches) {
					e->all_states[sl->all_idx] = NULL;
					vstate_free(sl);
				}
				sl = *pprev;
				continue;
			}
		}
		pprev = &sl->next;
		sl = sl->next;
	}
	if (e->max_states_per_insn < cnt)
		e->max_states_per_insn = cnt;
	if (!e->priv && cnt > BPF_COMPLEXITY_LIMIT_STATES)
		return 0;
	if (!add_new)
		return 0;
	if (e->cur_states >= MAX_EXPLORED_STATES)
		return unsupported(e, "more than %u checkpoints alive (bpfvet's memory limit)",
				   MAX_EXPLORED_STATES);
	{
		struct vstate *n;

		prec_checkpoint(e, cur);
		n = vstate_copy(cur);
		if (!n)
			return ERR_NOMEM;
		e->total_states++;
		e->cur_states++;
		if (e->cur_states > e->peak_states)
			e->peak_states = e->cur_states;
		e->prev_jmps_processed = e->jmps_processed;
		e->prev_insn_processed = e->insn_processed;
		n->insn_idx = idx;
		n->branches = 1;
		n->parent = cur->parent;
		n->first_insn_idx = idx;
		n->hit_cnt = n->miss_cnt = 0;
		cur->parent = n;
		cur->first_insn_idx = idx;
		cur->hist_start = cur->hist_end;
		if (!keep_state(e, n)) {
			vstate_free(n);
			return ERR_NOMEM;
		}
		n->in_explored = true;
		n->next = e->explored[idx];
		e->explored[idx] = n;
	}
	return 0;
}

/* Static register liveness (compute_live_registers): a backward data-flow fixpoint. */
static void insn_use_def(const struct engine *e, const struct insn *in, u16 *use, u16 *def)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code), mode = BPF_MODE(in->code);
	u16 d = (u16)(1u << in->dst), s = (u16)(1u << in->src);

	*use = 0;
	*def = 0;
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (op == BPF_MOV) {
			*use = BPF_SRC(in->code) == BPF_X ? s : 0;
		} else if (op == BPF_NEG || op == BPF_END) {
			*use = d;
		} else {
			*use = d | (BPF_SRC(in->code) == BPF_X ? s : 0);
		}
		*def = d;
		break;
	case BPF_LDX:
		*use = s;
		*def = d;
		break;
	case BPF_STX:
		*use = s | d;
		if (mode == BPF_ATOMIC) {
			if (in->imm == BPF_CMPXCHG) {
				*use |= 1;
				*def = 1;
			} else if (in->imm & BPF_FETCH) {
				*def = s;
			}
		}
		break;
	case BPF_ST:
		*use = d;
		break;
	case BPF_LD:
		if (mode == BPF_IMM) {
			*def = d;
		} else {
			*use = (1u << 6) | (mode == BPF_IND ? s : 0);
			*def = 0x3f;
		}
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_EXIT) {
			*use = 1;
		} else if (op == BPF_CALL) {
			*use = 0x3e;
			*def = 0x3f;
			if (in->src == 0 && e) {
				const struct helper_proto *hp =
					helper_proto_get((u32)in->imm, e->prog_type,
							 e->prog->expected_attach_type, NULL);

				if (hp) {
					*use = 0;
					for (int a = 0; a < 5; a++)
						if (hp->arg_type[a] != ARG_DONTCARE)
							*use |= (u16)(1u << (a + 1));
				}
			}
		} else if (op == BPF_JA || op == BPF_JCOND) {
			break;
		} else {
			*use = d | (BPF_SRC(in->code) == BPF_X ? s : 0);
		}
		break;
	}
}

void compute_liveness(struct engine *e)
{
	u32 n = e->insn_cnt;
	u16 *use = calloc(n ? n : 1, sizeof(u16)), *def = calloc(n ? n : 1, sizeof(u16));
	bool changed = true;

	if (!use || !def) {
		for (u32 i = 0; i < n; i++)
			e->aux[i].live_before = 0xffff;
		free(use);
		free(def);
		return;
	}
	for (u32 i = 0; i < n; i++) {
		insn_use_def(e, &e->insns[i], &use[i], &def[i]);
		e->aux[i].live_before = 0;
	}
	while (changed) {
		changed = false;
		for (u32 ii = n; ii-- > 0;) {
			const struct insn *in = &e->insns[ii];
			u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
			u16 out = 0, nl;
			s64 succ[2] = {-1, -1};

			if (e->cfg.block_of && e->cfg.block_of[ii] == UINT32_MAX)
				continue;
			if (cls == BPF_JMP || cls == BPF_JMP32) {
				if (op == BPF_EXIT) {
					/* no successor */
				} else if (op == BPF_JA) {
					succ[0] =
						(s64)ii + 1 + (cls == BPF_JMP ? in->off : in->imm);
				} else if (op == BPF_CALL) {
					succ[0] = ii + 1;
				} else {
					succ[0] = ii + 1;
					succ[1] = (s64)ii + 1 + in->off;
				}
			} else if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
				succ[0] = ii + 2;
			} else {
				succ[0] = ii + 1;
			}
			for (int k = 0; k < 2; k++)
				if (succ[k] >= 0 && succ[k] < n)
					out |= e->aux[succ[k]].live_before;
			nl = (u16)(use[ii] | (out & ~def[ii]));
			if (nl != e->aux[ii].live_before) {
				e->aux[ii].live_before = nl;
				changed = true;
			}
		}
	}
	free(use);
	free(def);
}

/* Static stack liveness for the current frame (the role of the kernel's kernel/bpf/liveness.c):
 * a forward pass finds which registers hold fp+constant, a backward pass which of the frame's own
 * slots may be read before being overwritten. Accesses through pointers of unknown origin, and
 * calls that receive a possible stack pointer, make every slot live. */
enum { SK_BOTTOM, SK_NOTSTACK, SK_FP, SK_TOP };

struct sk_reg {
	u8 k;
	s32 off;
};

static struct sk_reg sk_join(struct sk_reg a, struct sk_reg b)
{
	if (a.k == SK_BOTTOM)
		return b;
	if (b.k == SK_BOTTOM)
		return a;
	if (a.k == b.k && (a.k != SK_FP || a.off == b.off))
		return a;
	return (struct sk_reg){SK_TOP, 0};
}

static u64 sk_mask(s64 lo, s64 hi)
{
	u64 m = 0;

	if (lo < -MAX_BPF_STACK)
		lo = -MAX_BPF_STACK;
	if (hi > 0)
		hi = 0;
	for (s64 b = lo; b < hi; b++)
		m |= 1ull << ((-b - 1) / 8);
	return m;
}

static int sk_size(u8 code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	default:
		return 8;
	}
}

static void sk_transfer(const struct insn *in, struct sk_reg *r)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	struct sk_reg ns = {SK_NOTSTACK, 0}, top = {SK_TOP, 0};

	switch (cls) {
	case BPF_ALU64:
		if (in->dst >= MAX_BPF_REG || in->src >= MAX_BPF_REG)
			return;
		if (op == BPF_MOV) {
			r[in->dst] = BPF_SRC(in->code) == BPF_X && in->off == 0 ? r[in->src] : ns;
		} else if ((op == BPF_ADD || op == BPF_SUB) && BPF_SRC(in->code) == BPF_K) {
			if (r[in->dst].k == SK_FP) {
				s64 o = (s64)r[in->dst].off +
					(op == BPF_ADD ? (s64)in->imm : -(s64)in->imm);

				if (o > BPF_MAX_VAR_OFF || o < -BPF_MAX_VAR_OFF)
					r[in->dst] = top;
				else
					r[in->dst].off = (s32)o;
			}
		} else if (BPF_SRC(in->code) == BPF_X &&
			   (r[in->dst].k >= SK_FP || r[in->src].k >= SK_FP)) {
			r[in->dst] = top;
		} else if (r[in->dst].k == SK_FP) {
			r[in->dst] = ns;
		}
		break;
	case BPF_ALU:
		if (in->dst < MAX_BPF_REG)
			r[in->dst] = ns;
		break;
	case BPF_LDX:
		if (in->dst < MAX_BPF_REG && in->src < MAX_BPF_REG)
			/* only an 8-byte fill can bring back a spilled stack pointer */
			r[in->dst] =
				r[in->src].k >= SK_FP && BPF_SIZE(in->code) == BPF_DW ? top : ns;
		break;
	case BPF_STX:
		if (BPF_MODE(in->code) == BPF_ATOMIC && in->dst < MAX_BPF_REG &&
		    in->src < MAX_BPF_REG) {
			struct sk_reg v = r[in->dst].k >= SK_FP ? top : ns;

			if (in->imm == BPF_CMPXCHG)
				r[0] = v;
			else if (in->imm & BPF_FETCH)
				r[in->src] = v;
		}
		break;
	case BPF_LD:
		if (BPF_MODE(in->code) == BPF_IMM) {
			if (in->dst < MAX_BPF_REG)
				r[in->dst] = ns;
		} else {
			for (int i = 0; i <= 5; i++)
				r[i] = ns;
		}
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_CALL)
			for (int i = 0; i <= 5; i++)
				r[i] = ns;
		break;
	}
}

static void sk_succ(const struct engine *e, u32 i, s64 *succ)
{
	const struct insn *in = &e->insns[i];
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

	succ[0] = succ[1] = -1;
	if (cls == BPF_JMP || cls == BPF_JMP32) {
		if (op == BPF_EXIT)
			return;
		if (op == BPF_JA) {
			succ[0] = (s64)i + 1 + (cls == BPF_JMP ? in->off : in->imm);
		} else if (op == BPF_CALL) {
			succ[0] = i + 1;
		} else {
			succ[0] = i + 1;
			succ[1] = (s64)i + 1 + in->off;
		}
	} else if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
		succ[0] = i + 2;
	} else {
		succ[0] = i + 1;
	}
}

/* seen_only: count the accesses of the instructions verified so far only, as 6.18 does: its
 * liveness (kernel/bpf/liveness.c) is built from the accesses it recorded while verifying */
static void stack_liveness(struct engine *e, bool seen_only)
{
	u32 n = e->insn_cnt;
	struct sk_reg(*st)[MAX_BPF_REG] = calloc(n ? n : 1, sizeof(*st));
	u64 *use = calloc(n ? n : 1, sizeof(u64)), *kill = calloc(n ? n : 1, sizeof(u64));
	bool changed = true;
	u32 rounds = 0;

	if (!st || !use || !kill) {
		for (u32 i = 0; i < n; i++)
			e->aux[i].stack_live = ~0ull;
		goto out;
	}
	for (u32 sp = 0; sp < e->subprog_cnt; sp++) {
		u32 s0 = e->subprogs[sp].start;

		if (s0 >= n)
			continue;
		for (int r = 0; r < MAX_BPF_REG; r++)
			st[s0][r] = (struct sk_reg){sp ? SK_TOP : SK_NOTSTACK, 0};
		st[s0][BPF_REG_FP] = (struct sk_reg){SK_FP, 0};
	}
	/* forward: registers holding fp + constant */
	while (changed && rounds++ < 64) {
		changed = false;
		for (u32 i = 0; i < n; i++) {
			struct sk_reg r[MAX_BPF_REG];
			s64 succ[2];

			if (st[i][BPF_REG_FP].k == SK_BOTTOM)
				continue;
			memcpy(r, st[i], sizeof(r));
			sk_transfer(&e->insns[i], r);
			r[BPF_REG_FP] = (struct sk_reg){SK_FP, 0};
			sk_succ(e, i, succ);
			for (int k = 0; k < 2; k++) {
				if (succ[k] < 0 || succ[k] >= n)
					continue;
				for (int q = 0; q < MAX_BPF_REG; q++) {
					struct sk_reg j = sk_join(st[succ[k]][q], r[q]);

					if (j.k != st[succ[k]][q].k ||
					    j.off != st[succ[k]][q].off) {
						st[succ[k]][q] = j;
						changed = true;
					}
				}
			}
		}
	}
	if (changed) {
		for (u32 i = 0; i < n; i++)
			e->aux[i].stack_live = ~0ull;
		goto out;
	}
	/* per-insn use / kill */
	for (u32 i = 0; i < n; i++) {
		const struct insn *in = &e->insns[i];
		u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
		struct sk_reg *r = st[i];
		int sz = sk_size(in->code);

		if (in->dst >= MAX_BPF_REG || in->src >= MAX_BPF_REG)
			continue;
		if (seen_only && !e->aux[i].seen)
			continue;
		switch (cls) {
		case BPF_LDX:
			if (r[in->src].k == SK_FP)
				use[i] = sk_mask((s64)r[in->src].off + in->off,
						 (s64)r[in->src].off + in->off + sz);
			else if (r[in->src].k == SK_TOP)
				use[i] = ~0ull;
			break;
		case BPF_STX:
		case BPF_ST:
			if (r[in->dst].k == SK_FP) {
				s64 lo = (s64)r[in->dst].off + in->off;

				if (BPF_MODE(in->code) == BPF_ATOMIC)
					use[i] = sk_mask(lo, lo + sz);
				else if (sz == 8 && lo < 0 && lo >= -MAX_BPF_STACK && !(lo % 8))
					kill[i] = sk_mask(lo, lo + 8);
			} else if (r[in->dst].k == SK_TOP && BPF_MODE(in->code) == BPF_ATOMIC) {
				use[i] = ~0ull;
			}
			break;
		case BPF_JMP:
		case BPF_JMP32:
			if (op == BPF_CALL) {
				u16 ru, rd;

				insn_use_def(e, in, &ru, &rd);
				for (int a = 1; a <= 5; a++)
					if ((ru & (1u << a)) && r[a].k >= SK_FP)
						use[i] = ~0ull;
			}
			break;
		}
	}
	/* backward: live slots */
	for (u32 i = 0; i < n; i++)
		e->aux[i].stack_live = 0;
	changed = true;
	while (changed) {
		changed = false;
		for (u32 ii = n; ii-- > 0;) {
			s64 succ[2];
			u64 out = 0, nl;

			sk_succ(e, ii, succ);
			for (int k = 0; k < 2; k++)
				if (succ[k] >= 0 && succ[k] < n)
					out |= e->aux[succ[k]].stack_live;
			nl = use[ii] | (out & ~kill[ii]);
			if (nl != e->aux[ii].stack_live) {
				e->aux[ii].stack_live = nl;
				changed = true;
			}
		}
	}
out:
	free(st);
	free(use);
	free(kill);
}

void compute_stack_liveness(struct engine *e)
{
	stack_liveness(e, false);
}

/* With precision tracking (small loop-free programs), recompute the stack liveness from the
 * instructions verified so far whenever new ones were verified. */
static void refresh_stack_liveness(struct engine *e)
{
	u32 cnt = 0;

	if (!e->prec_on || e->insn_cnt > 4096)
		return;
	for (u32 i = 0; i < e->insn_cnt; i++)
		cnt += e->aux[i].seen;
	if (cnt == e->prec_live_seen)
		return;
	e->prec_live_seen = cnt;
	stack_liveness(e, true);
}
