/* Asynchronous callbacks: bpf_timer_set_callback(timer, cb). The kernel does not simulate the
 * callback at the call: it queues one state of its own (push_async_cb(), 6.18) whose only frame
 * is the callback's, with the arguments of set_timer_callback_state() (R1 the timer's map, R2 a
 * key and R3 a value of that map), no references, locks or RCU sections of the caller, and its
 * return value checked against [0, 0] ("At async callback return"). */
#include "xfer_async.h"

#include <stdint.h>

int async_push_timer_cb(struct engine *e, u32 idx, s32 subprog, s32 map)
{
	struct vstate *cb;
	struct frame *f;
	int err;

	if (subprog < 0 || (u32)subprog >= e->subprog_cnt)
		return unsupported(e, "async callback without a known subprogram");
	if (map < 0)
		return unsupported(e, "timer callback of an unknown map");
	/* timers in inner maps: bpf_timer_init's map_uid match is not modelled (timer_mim_reject) */
	for (u32 i = 0; i < e->obj->map_cnt; i++)
		if (e->obj->maps[i].inner_map == map)
			return unsupported(e,
					   "timer callback of an inner map (map_uid not tracked)");
	f = frame_new(0, -1, (u32)subprog);
	if (!f)
		return ERR_NOMEM;
	err = push_branch(e, e->subprogs[subprog].start, (s32)idx, &cb);
	if (err) {
		frame_free(f);
		return err;
	}
	e->subprogs[subprog].is_async_cb = true;
	f->async_entry_cnt = cur_frame(e->cur)->async_entry_cnt + 1;
	/* a fresh state: not a child of the caller's checkpoint (no precision or loop links) */
	if (cb->parent && cb->parent->branches)
		cb->parent->branches--;
	cb->parent = NULL;
	cb->hist_start = cb->hist_end;
	for (u32 i = 0; i < MAX_CALL_FRAMES; i++) {
		frame_free(cb->frame[i]);
		cb->frame[i] = NULL;
	}
	cb->frame[0] = f;
	cb->curframe = 0;
	cb->nrefs = 0;
	cb->active_locks = 0;
	cb->active_rcu = 0;
	cb->active_preempt = 0;
	cb->may_goto_depth = 0;
	cb->callback_unroll_depth = 0;
	cb->speculative = false;
	reg_mark_ptr(&f->regs[BPF_REG_FP], PTR_TO_STACK);
	f->regs[BPF_REG_FP].frameno = 0;
	reg_mark_ptr(&f->regs[1], CONST_PTR_TO_MAP);
	f->regs[1].map = map;
	reg_mark_ptr(&f->regs[2], PTR_TO_MAP_KEY);
	f->regs[2].map = map;
	reg_mark_ptr(&f->regs[3], PTR_TO_MAP_VALUE);
	f->regs[3].map = map;
	f->in_async_callback = true;
	f->cb_id_base = e->id_gen;
	f->cb_ret_min = 0;
	f->cb_ret_max = 0;
	return 0;
}

/* check_return_code() for an async callback (6.18) */
int async_check_return(struct engine *e)
{
	struct reg *r0 = &cur_regs(e)[0];
	const char *ctx = "At async callback return";
	int err;

	if ((err = check_reg_read(e, 0)))
		return err;
	if (is_pointer_value(e, r0)) {
		verr(e, "R0 leaks addr as return value");
		return ERR_REJECT;
	}
	if (r0->type != SCALAR_VALUE) {
		verr(e, "%s the register R0 is not a known value (%s)", ctx, type_str(e, r0->type));
		return ERR_REJECT;
	}
	if ((err = mark_precise(e, 0)))
		return err;
	if (r0->s.smin < 0 || r0->s.smax > 0) {
		if (r0->s.smin > INT64_MIN && r0->s.smax < INT64_MAX)
			verr(e,
			     "%s the register R0 has smin=%lld smax=%lld should have been in "
			     "[0, 0]",
			     ctx, (long long)r0->s.smin, (long long)r0->s.smax);
		else if (r0->s.smin > INT64_MIN)
			verr(e, "%s the register R0 has smin=%lld should have been in [0, 0]", ctx,
			     (long long)r0->s.smin);
		else if (r0->s.smax < INT64_MAX)
			verr(e, "%s the register R0 has smax=%lld should have been in [0, 0]", ctx,
			     (long long)r0->s.smax);
		else
			verr(e,
			     "%s the register R0 has unknown scalar value should have been in "
			     "[0, 0]",
			     ctx);
		return ERR_REJECT;
	}
	return 0;
}

int async_sleepable_timer_cb_ok(struct engine *e, const struct helper_ctx *hc)
{
	const struct reg *r2 = &cur_regs(e)[2];
	s32 sp;

	if (r2->type != PTR_TO_FUNC)
		return 0; /* check_func_arg() reports it */
	sp = r2->map;
	if (sp < 0 || (u32)sp >= e->subprog_cnt)
		return unsupported(e, "async callback without a known subprogram");
	for (u32 i = e->subprogs[sp].start; i < e->subprogs[sp].end && i < e->insn_cnt; i++) {
		const struct insn *in = &e->insns[i];
		const struct helper_proto *fn;

		if (in->code != (BPF_JMP | BPF_CALL))
			continue;
		if (in->src != 0)
			return unsupported(e, "timer callback with calls in a sleepable program");
		if (!helper_id_valid((u32)in->imm))
			continue; /* "invalid func" when the walk gets there */
		fn = helper_proto_get((u32)in->imm, e->prog_type, e->prog->expected_attach_type,
				      hc);
		if (!fn || fn->might_sleep)
			return unsupported(e,
					   "timer callback with a sleepable helper in a sleepable "
					   "program");
	}
	return 0;
}
