/* Dynptrs on the stack and bpf_timer helper arguments (xfer_dynptr.c), hooked from the helper
 * call checks (xfer_call.c), stack writes (xfer_mem.c) and pruning (prune.c).
 *
 * A dynptr occupies two stack slots (16 bytes) whose bytes are all STACK_DYNPTR. The slots'
 * spill registers carry the dynptr state (the kernel keeps it in spilled_ptr.dynptr):
 *   spill.type       CONST_PTR_TO_DYNPTR | DYNPTR_TYPE_{LOCAL,RINGBUF,SKB,XDP} (the kind)
 *   spill.off        1 in the first slot (spi: the lower address the pointer
 *                    names), 0 in the second (spi - 1)
 *   spill.id         the dynptr's id (slices derive from it)
 *   spill.ref_obj_id the acquired reference of a ringbuf dynptr (0 for the other kinds) */
#ifndef BPFVET_XFER_DYNPTR_H
#define BPFVET_XFER_DYNPTR_H

#include "engine_int.h"

#define DYNPTR_KIND_MASK                                                                           \
	(DYNPTR_TYPE_LOCAL | DYNPTR_TYPE_RINGBUF | DYNPTR_TYPE_SKB | DYNPTR_TYPE_XDP)
#define BPF_DYNPTR_NR_SLOTS 2

/* process_dynptr_func(): an ARG_PTR_TO_DYNPTR helper argument in regno (arg_type with its flags:
 * MEM_UNINIT creates a dynptr of the kind in arg_type at the stack slots, acquiring a reference
 * for ringbuf dynptrs; otherwise the argument must be an initialised dynptr of that kind). */
int dynptr_arg(struct engine *e, u32 regno, u32 arg_type, u32 insn_idx);
/* The OBJ_RELEASE part of check_func_arg() for a dynptr argument: only a referenced dynptr on
 * the stack may be released. */
int dynptr_release_arg_ok(struct engine *e, u32 regno);
/* unmark_stack_slots_dynptr(): the release helper's effect (submit / discard). */
int dynptr_release(struct engine *e, u32 regno);
/* btf_check_func_arg_match() for a global function's struct bpf_dynptr * argument in regno
 * (the callee gets a const local dynptr). */
int dynptr_global_arg(struct engine *e, u32 regno);
/* bpf_dynptr_data (is_dynptr_ref_function): the id and reference of the initialised dynptr r
 * points to, which the returned slice carries (dynptr_id, ref_obj_id). */
int dynptr_ids(struct engine *e, const struct reg *r, u32 *id, u32 *ref_obj_id);
/* The DYNPTR_TYPE_* flag of the initialised dynptr regno points to (0 if none). */
u32 dynptr_kind(struct engine *e, const struct reg *r);
/* destroy_if_dynptr_stack_slot(): a write reaches stack slot spi of frame f, which may hold half
 * of a dynptr: a referenced one cannot be overwritten, an unreferenced one is destroyed. */
int dynptr_destroy_slot(struct engine *e, struct frame *f, s32 spi);
/* stacksafe() for a STACK_DYNPTR slot (the spill registers of both states' slot). */
bool dynptr_slots_equal(const struct reg *o, const struct reg *c);

/* The dynptr kfuncs modelled here (bpf_dynptr_is_null/is_rdonly/size/adjust/clone) and their
 * call (after the generic kfunc checks of xfer_kfunc.c: GPL, program type, sleepable). */
bool dynptr_kfunc_handles(const char *name);
int dynptr_kfunc(struct engine *e, const char *name, u32 idx);

/* process_timer_func(): an ARG_PTR_TO_TIMER argument; *map gets the map index of the timer. */
int timer_arg(struct engine *e, u32 regno, s32 *map);

#endif
