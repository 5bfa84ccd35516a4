/* Scalar precision tracking (the kernel's mark_chain_precision / __mark_chain_precision,
 * backtrack_insn, propagate_precision, mark_all_scalars_precise/imprecise). A privileged loader's
 * scalars start imprecise; when a scalar's exact value decides something (a branch, a pointer
 * offset, a size), the instructions of the current path are walked backwards to find the
 * registers and stack slots it came from, and those are marked precise in the checkpoints of the
 * path. Pruning then compares only precise scalars by range (regsafe()).
 *
 * The path is recorded as a trace: every processed instruction appends an entry (in the engine's
 * shared array; each state owns the range [hist_start, hist_end), as the kernel's insn_hist),
 * with the facts backtracking needs: which stack slot a spill/fill touched and which linked
 * registers a branch refined. bpfvet records every instruction where the kernel records only jump
 * points, which walks the same instructions.
 *
 * Precision is tracked only where this implementation follows the kernel completely: one
 * function, no back edges, no kfuncs or ld_abs, a few helpers, program types without a return
 * range. Elsewhere (e->prec_on false) every scalar is compared as precise, as before: bpfvet then
 * prunes less than the kernel, never more. */
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"

/* helpers whose checks mark no precision beyond what this file handles */
static bool prec_helper_ok(s32 id)
{
	switch (id) {
	case 1: /* map_lookup_elem */
	case 2: /* map_update_elem */
	case 3: /* map_delete_elem */
	case 5: /* ktime_get_ns */
	case 7: /* get_prandom_u32 */
	case 8: /* get_smp_processor_id */
		return true;
	default:
		return false;
	}
}

void prec_init(struct engine *e)
{
	e->prec_on = false;
	if (!e->priv || e->subprog_cnt > 1)
		return;
	if (e->prog_type != BPF_PROG_TYPE_SOCKET_FILTER &&
	    e->prog_type != BPF_PROG_TYPE_SCHED_CLS && e->prog_type != BPF_PROG_TYPE_SCHED_ACT)
		return;
	for (u32 i = 0; i < e->insn_cnt; i++) {
		const struct insn *in = &e->insns[i];
		u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

		if (cls == BPF_LD && BPF_MODE(in->code) != BPF_IMM)
			return;
		if (cls != BPF_JMP && cls != BPF_JMP32)
			continue;
		if (op == BPF_CALL) {
			if (in->src != 0 || !prec_helper_ok(in->imm))
				return;
			continue;
		}
		if (op == BPF_EXIT)
			continue;
		if (op == BPF_JCOND)
			return;
		if (op == BPF_JA && cls == BPF_JMP32) {
			if (in->imm < 0)
				return;
		} else if (in->off < 0) {
			return;
		}
	}
	e->prec_on = true;
}

int prec_push(struct engine *e, u32 idx)
{
	struct vstate *st = e->cur;
	struct prec_hist *h;

	if (!e->prec_on)
		return 0;
	if (st->hist_end >= e->hist_cap) {
		u32 cap = e->hist_cap ? e->hist_cap * 2 : 1024;
		struct prec_hist *n = realloc(e->hist, cap * sizeof(*n));

		if (!n)
			return ERR_NOMEM;
		e->hist = n;
		e->hist_cap = cap;
	}
	h = &e->hist[st->hist_end++];
	memset(h, 0, sizeof(*h));
	h->idx = idx;
	return 0;
}

/* the entry of the instruction being processed, if any */
static struct prec_hist *prec_cur(struct engine *e)
{
	struct vstate *st = e->cur;

	if (!e->prec_on || st->hist_end <= st->hist_start)
		return NULL;
	if (e->hist[st->hist_end - 1].idx != st->insn_idx)
		return NULL;
	return &e->hist[st->hist_end - 1];
}

void prec_note_stack(struct engine *e, u32 frameno, s32 spi)
{
	struct prec_hist *h = prec_cur(e);

	if (!h)
		return;
	if (frameno != 0 || spi < 0 || spi >= 64) {
		h->flags |= PH_UNTRACKED;
		return;
	}
	h->flags |= PH_STACK;
	h->spi = (u8)spi;
}

void prec_note_jmp(struct engine *e, bool src_stack, bool dst_stack)
{
	struct prec_hist *h = prec_cur(e);

	if (!h)
		return;
	if (src_stack)
		h->flags |= PH_SRC_STACK;
	if (dst_stack)
		h->flags |= PH_DST_STACK;
}

void prec_note_linked(struct engine *e, u32 cnt, const u8 *frameno, const u8 *idx,
		      const bool *is_reg)
{
	struct prec_hist *h = prec_cur(e);

	if (!h || cnt < 2)
		return;
	h->nlinked = (u8)(cnt > PREC_MAX_LINKED ? PREC_MAX_LINKED : cnt);
	for (u32 i = 0; i < h->nlinked; i++) {
		if (frameno[i] != 0)
			h->flags |= PH_UNTRACKED;
		h->linked[i].idx = idx[i];
		h->linked[i].is_reg = is_reg[i];
	}
}

struct bt {
	u16 regs;
	u64 stack;
};

static bool bt_empty(const struct bt *b)
{
	return !b->regs && !b->stack;
}

/* mark_all_scalars_precise(): the big hammer, on every checkpoint of st's path */
static void mark_all_precise(struct vstate *st)
{
	for (st = st->parent; st; st = st->parent) {
		for (u32 fi = 0; fi <= st->curframe; fi++) {
			struct frame *f = st->frame[fi];

			for (int i = 0; i < BPF_REG_FP; i++)
				if (f->regs[i].type == SCALAR_VALUE)
					f->regs[i].precise = true;
			for (u32 s = 0; s < f->nslots; s++)
				if (f->stack[s].type[BPF_REG_SIZE - 1] == STACK_SPILL &&
				    f->stack[s].spill.type == SCALAR_VALUE)
					f->stack[s].spill.precise = true;
		}
	}
}

/* mark_all_scalars_imprecise(): a new checkpoint starts without inherited marks */
void prec_checkpoint(struct engine *e, struct vstate *cur)
{
	if (!e->prec_on)
		return;
	for (u32 fi = 0; fi <= cur->curframe; fi++) {
		struct frame *f = cur->frame[fi];

		for (int i = 0; i < MAX_BPF_REG; i++)
			f->regs[i].precise = false;
		for (u32 s = 0; s < f->nslots; s++)
			f->stack[s].spill.precise = false;
	}
}

/* bt_sync_linked_regs() */
static void bt_sync_linked(struct bt *b, const struct prec_hist *h)
{
	bool any = false;

	for (u32 i = 0; i < h->nlinked; i++) {
		if (h->linked[i].is_reg ? (b->regs & (1u << h->linked[i].idx))
					: (b->stack & (1ull << h->linked[i].idx)))
			any = true;
	}
	if (!any)
		return;
	for (u32 i = 0; i < h->nlinked; i++) {
		if (h->linked[i].is_reg)
			b->regs |= (u16)(1u << h->linked[i].idx);
		else
			b->stack |= 1ull << h->linked[i].idx;
	}
}

/* backtrack_insn() for one frame: < 0 when the kernel would give up (-ENOTSUPP) */
static int backtrack_insn(struct engine *e, const struct prec_hist *h, struct bt *b)
{
	const struct insn *in = &e->insns[h->idx];
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code), mode = BPF_MODE(in->code);
	u16 d = (u16)(1u << in->dst), s = (u16)(1u << in->src);

	if (h->flags & PH_UNTRACKED)
		return -1;
	bt_sync_linked(b, h);
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (!(b->regs & d))
			break;
		if (op == BPF_END || op == BPF_NEG)
			break;
		if (op == BPF_MOV) {
			b->regs &= (u16)~d;
			if (BPF_SRC(in->code) == BPF_X && in->src != BPF_REG_FP)
				b->regs |= s;
		} else if (BPF_SRC(in->code) == BPF_X && in->src != BPF_REG_FP) {
			b->regs |= s;
		}
		break;
	case BPF_LDX:
		if (!(b->regs & d))
			break;
		b->regs &= (u16)~d;
		if (h->flags & PH_STACK)
			b->stack |= 1ull << h->spi;
		break;
	case BPF_STX:
	case BPF_ST:
		if (b->regs & d)
			return -1; /* pointer subtraction */
		if (!(h->flags & PH_STACK) || !(b->stack & (1ull << h->spi)))
			break;
		b->stack &= ~(1ull << h->spi);
		if (cls == BPF_STX)
			b->regs |= s;
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_CALL) {
			b->regs &= (u16)~1u;
			if (b->regs & 0x3e)
				return -1; /* the kernel's "BUG regs" */
		} else if (op == BPF_EXIT || op == BPF_JA || op == BPF_JCOND) {
			break;
		} else if (BPF_SRC(in->code) == BPF_X) {
			if (!(b->regs & d) && !(b->regs & s))
				break;
			if (!(h->flags & PH_SRC_STACK))
				b->regs |= s;
			if (!(h->flags & PH_DST_STACK))
				b->regs |= d;
		}
		break;
	case BPF_LD:
		if (!(b->regs & d))
			break;
		b->regs &= (u16)~d;
		if (mode != BPF_IMM)
			return -1;
		break;
	}
	bt_sync_linked(b, h);
	return 0;
}

/* __mark_chain_precision() for the current state: b holds what must be precise; skip_first
 * when the last trace entry is the instruction being processed (its own effect comes after) */
static int mark_chain(struct engine *e, struct bt *b, bool skip_first)
{
	struct vstate *st = e->cur;
	u32 start = st->hist_start, end = st->hist_end;

	for (;;) {
		for (u32 k = end; k-- > start;) {
			if (skip_first) {
				skip_first = false;
				continue;
			}
			if (backtrack_insn(e, &e->hist[k], b) < 0) {
				mark_all_precise(e->cur);
				return 0;
			}
			if (bt_empty(b))
				return 0;
		}
		skip_first = false;
		st = st->parent;
		if (!st)
			break;
		{
			struct frame *f = st->frame[0];

			for (int i = 0; i < BPF_REG_FP; i++) {
				struct reg *r = &f->regs[i];

				if (!(b->regs & (1u << i)))
					continue;
				if (r->type != SCALAR_VALUE || r->precise)
					b->regs &= (u16) ~(1u << i);
				else
					r->precise = true;
			}
			for (u32 i = 0; i < 64; i++) {
				struct stack_slot *sl;

				if (!(b->stack & (1ull << i)))
					continue;
				if (i >= f->nslots) {
					mark_all_precise(e->cur);
					return 0;
				}
				sl = &f->stack[i];
				if (sl->type[BPF_REG_SIZE - 1] != STACK_SPILL ||
				    sl->spill.type != SCALAR_VALUE || sl->spill.precise)
					b->stack &= ~(1ull << i);
				else
					sl->spill.precise = true;
			}
		}
		if (bt_empty(b))
			return 0;
		start = st->hist_start;
		end = st->hist_end;
	}
	if (!bt_empty(b))
		mark_all_precise(e->cur);
	return 0;
}

int mark_precise(struct engine *e, s32 regno)
{
	struct bt b = {0};

	if (!e->prec_on || regno < 0 || regno >= BPF_REG_FP)
		return 0;
	if (cur_regs(e)[regno].type != SCALAR_VALUE)
		return 0;
	b.regs = (u16)(1u << regno);
	return mark_chain(e, &b, true);
}

/* propagate_precision(): the current state is pruned by old, so what old's continuation needed
 * precise is needed by the current path too (only what is live at old) */
int prec_propagate(struct engine *e, const struct vstate *old, u16 live_regs, u64 live_stack)
{
	const struct frame *f = old->frame[0];
	struct bt b = {0};

	if (!e->prec_on)
		return 0;
	for (int i = 0; i < BPF_REG_FP; i++)
		if ((live_regs & (1u << i)) && f->regs[i].type == SCALAR_VALUE &&
		    f->regs[i].precise)
			b.regs |= (u16)(1u << i);
	for (u32 i = 0; i < f->nslots && i < 64; i++)
		if ((live_stack & (1ull << i)) &&
		    f->stack[i].type[BPF_REG_SIZE - 1] == STACK_SPILL &&
		    f->stack[i].spill.type == SCALAR_VALUE && f->stack[i].spill.precise)
			b.stack |= 1ull << i;
	if (bt_empty(&b))
		return 0;
	return mark_chain(e, &b, false);
}
