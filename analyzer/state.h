/* The verifier state the abstract interpreter walks with: registers (type + scalar value + pointer
 * facts), stack slots per byte, call frames, acquired references and locks. Mirrors the kernel's
 * struct bpf_reg_state / bpf_func_state / bpf_verifier_state (include/linux/bpf_verifier.h),
 * reduced to what bpfvet models. States are plain heap objects: copy, compare, free. */
#ifndef BPFVET_STATE_H
#define BPFVET_STATE_H

#include "bpf_defs.h"
#include "regtype.h"
#include "scalar.h"

#define BPF_REG_SIZE	8
#define MAX_STACK_SLOTS (MAX_BPF_STACK / BPF_REG_SIZE)
#define MAX_REFS	64

/* byte types of a stack slot (enum bpf_stack_slot_type) */
enum stack_byte {
	STACK_INVALID = 0,
	STACK_SPILL,
	STACK_MISC,
	STACK_ZERO,
	STACK_DYNPTR,
	STACK_ITER,
	STACK_IRQ_FLAG,
};

struct reg {
	struct scalar s; /* the value of a scalar; the variable offset of a pointer */
	u32 type;	 /* enum bpf_reg_type | flags */
	s32 off;	 /* fixed offset of a pointer */
	u32 id;		 /* null-check / linked-scalar / packet-pointer id */
	u32 ref_obj_id;	 /* acquired reference this pointer derives from */
	s32 range;	 /* packet pointers: bytes known accessible from off */
	u32 mem_size;	 /* PTR_TO_MEM / PTR_TO_BUF: accessible size */
	s32 map;	 /* map pointers: index into obj->maps; PTR_TO_FUNC: subprog */
	u8 frameno;	 /* PTR_TO_STACK: the frame it points into */
	bool precise;
	bool needed;	  /* forward approximation of the kernel's precision marks: the value
				 * decided a branch, offset a pointer or sized a helper access; such
				 * scalars are not widened at loop heads */
	bool btf_unknown; /* a scalar standing for a BTF-typed value bpfvet cannot type (a
				 * pointer in the kernel's eyes, maybe): dereferencing it is
				 * "unsupported", not a rejection */
	const char *btf;  /* PTR_TO_BTF_ID: the struct's name */
	u32 btf_id;	  /* PTR_TO_BTF_ID: the kernel BTF id of the struct, 0 = resolve
				 * btf by name when needed */
	u8 iter_state;	  /* STACK_ITER slots' spill: enum iter_state (xfer_kfunc.c) */
	u32 iter_depth;	  /* STACK_ITER slots' spill: iterations so far on this path */
	u32 dynptr_id;	  /* PTR_TO_MEM slice of a dynptr: the dynptr's id (xfer_dynptr.c) */
};

struct stack_slot {
	u8 type[BPF_REG_SIZE]; /* enum stack_byte; index 7 is the lowest address */
	struct reg spill;
};

struct frame {
	struct reg regs[MAX_BPF_REG];
	s32 callsite; /* insn index of the call that made this frame, -1 for main */
	u32 frameno;
	u32 subprog;
	u32 nslots; /* allocated stack / 8 */
	bool in_callback;
	bool in_async_callback;
	u32 async_entry_cnt;	    /* async callback nesting (the kernel's async_entry_cnt) */
	s32 cb_ret_min, cb_ret_max; /* callback return range (when in_callback) */
	u32 cb_id_base;	    /* callback frame: the id counter at its entry; references with larger
				 * ids were acquired inside it (the kernel's callback_ref) */
	u32 callback_depth; /* bpf_loop iterations simulated from this frame */
	struct stack_slot *stack;
};

enum ref_kind {
	REF_PTR = 1,
	REF_LOCK,
	REF_IRQ,
};

struct ref_state {
	u32 id;
	u32 insn; /* where it was acquired */
	u8 kind;
	s32 map; /* lock: map index (-1: allocated object) */
};

struct vstate {
	struct frame *frame[MAX_CALL_FRAMES];
	u32 curframe;
	u32 nrefs;
	struct ref_state refs[MAX_REFS];
	u32 active_locks;
	u32 active_rcu;
	u32 active_preempt;
	u32 insn_idx;
	s32 prev_insn_idx;
	u32 may_goto_depth;
	u32 callback_unroll_depth;
	bool speculative;
	/* exploration bookkeeping */
	u32 branches;	       /* pending children (the kernel's branches counter) */
	struct vstate *parent; /* the checkpoint this state descends from */
	u32 first_insn_idx;
	u32 last_insn_idx;
	u32 hist_start; /* index into the path history where this state's insns begin */
	u32 hist_end;	/* and end (precise.c) */
	u32 refcnt;	/* for parent links */
	bool in_explored;
	u32 miss_cnt, hit_cnt;
	u32 all_idx;	     /* index in the engine's list of checkpoints */
	struct vstate *next; /* explored list link */
};

struct vstate *vstate_new(void);
void vstate_free(struct vstate *st);
struct vstate *vstate_copy(const struct vstate *src);
int vstate_copy_into(struct vstate *dst, const struct vstate *src);
struct frame *frame_new(u32 frameno, s32 callsite, u32 subprog);
void frame_free(struct frame *f);
int frame_grow(struct frame *f, u32 nslots);

static inline struct frame *cur_frame(struct vstate *st)
{
	return st->frame[st->curframe];
}

/* register helpers (mirrors __mark_reg_unknown / __mark_reg_known / mark_reg_not_init ...) */
void reg_mark_unknown(struct reg *r);
void reg_mark_known(struct reg *r, u64 v);
void reg_mark_not_init(struct reg *r);
/* a pointer of type t with offset 0 and no variable part */
void reg_mark_ptr(struct reg *r, u32 type);
bool reg_is_pointer(const struct reg *r);
bool reg_is_const(const struct reg *r);
bool reg_is_pkt(const struct reg *r);
bool reg_is_null(const struct reg *r);
bool reg_may_be_null(const struct reg *r);

/* The kernel's reg_type_str(): "map_value_or_null", "ptr_", "rdonly_mem", ... */
const char *regtype_str(u32 type, char *buf, size_t len);

#endif
