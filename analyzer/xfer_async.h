/* Asynchronous callbacks (bpf_timer_set_callback): verified once, on a state of their own. */
#ifndef BPFVET_XFER_ASYNC_H
#define BPFVET_XFER_ASYNC_H

#include "engine_int.h"
#include "helpers.h"

/* Queues the verification of the timer callback subprog (the kernel's push_async_cb() with
 * set_timer_callback_state()); map is the timer's map (index into the object's maps). */
int async_push_timer_cb(struct engine *e, u32 idx, s32 subprog, s32 map);

/* The exit of an async callback's outermost frame: R0 must be a known 0 ("At async callback
 * return"). */
int async_check_return(struct engine *e);

/* A timer callback runs in a non-sleepable context even when the program is sleepable, which
 * bpfvet's engine does not model per state: the callback is accepted for analysis only when its
 * body has no kfunc, no subprogram call and no helper that might sleep (else "unsupported").
 * Scans the subprogram of the R2 argument of the current call. */
int async_sleepable_timer_cb_ok(struct engine *e, const struct helper_ctx *hc);

/* An explored state inside an async callback entered a different number of times than cur: the
 * pair says nothing about a loop. */
static inline bool async_entry_differs(const struct vstate *old, const struct vstate *cur)
{
	const struct frame *f = old->frame[old->curframe];

	return f->in_async_callback &&
	       f->async_entry_cnt != cur->frame[cur->curframe]->async_entry_cnt;
}

#endif
