/* Internal interface of the abstract interpreter (engine.c and the xfer_*.c / prune.c / vlog.c
 * files): the per-analysis environment (the kernel's struct bpf_verifier_env) and the functions
 * the instruction transfer files share. Nothing here is global: everything hangs off struct
 * engine. */
#ifndef BPFVET_ENGINE_INT_H
#define BPFVET_ENGINE_INT_H

#include "analyzer.h"
#include "cfg.h"
#include "state.h"
#include "strbuf.h"

#define BPF_MAX_VAR_OFF	    (1 << 29)
#define BPF_MAX_VAR_SIZ	    (1 << 29)
#define MAX_PACKET_OFF	    0xffff
#define MAX_EXPLORED_STATES 150000 /* bpfvet's own memory cap (live checkpoints) */

/* error codes used inside the engine (returned by transfer functions) */
#define ERR_REJECT	(-13) /* the program is rejected; env->err holds the message lines */
#define ERR_UNSUPPORTED (-95) /* bpfvet does not model this: verdict error */
#define ERR_NOMEM	(-12)
#define PROCESS_EXIT	1	   /* the path ended (exit of the main program) */
#define ID_ADD_CONST64	(1u << 31) /* BPF_ADD_CONST64: scalar id of "r = linked + off" */
#define ID_ADD_CONST32	(1u << 30) /* BPF_ADD_CONST32: "w = linked + off" */
#define ID_ADD_CONST	(ID_ADD_CONST64 | ID_ADD_CONST32)

struct insn_aux {
	u32 ptr_type; /* pointer type seen by a load/store (save_aux_ptr_type) */
	bool seen;
	bool ptr_type_set;
	u16 live_before; /* registers live before this insn (static liveness) */
	u64 stack_live;	 /* own stack slots (bit i: fp-8*(i+1)) maybe read later */
};

struct branch {
	struct vstate *st;
	u32 insn;
	s32 prev;
	size_t log_pos;
};

struct subprog_info {
	u32 start, end;
	u32 stack_depth;
	bool seen_call; /* global subprog: called from somewhere, needs its own check */
	bool is_global;
	bool has_tail_call;
	bool verified;
	bool is_async_cb; /* entered as an async callback (xfer_async.c) */
};

struct engine {
	const struct program *prog;
	const struct object *obj;
	const struct analyze_opts *opts;
	struct result *res;
	const struct insn *insns;
	u32 insn_cnt;
	u32 prog_type;
	u32 prog_flags;

	bool priv; /* bpf_capable */
	bool allow_ptr_leaks;
	bool allow_uninit_stack;
	bool strict_alignment;

	struct cfg cfg;
	struct subprog_info *subprogs;
	u32 subprog_cnt;
	struct insn_aux *aux;

	struct vstate *cur;
	struct branch *stack;
	u32 nstack, capstack;
	struct vstate **explored;   /* per insn: list of checkpoints */
	struct vstate **all_states; /* every checkpoint ever made (freed at the end) */
	u32 nall, capall;

	u32 id_gen;
	u64 insn_processed;
	u64 prev_insn_processed;
	u32 jmps_processed, prev_jmps_processed;
	u32 total_states, peak_states, cur_states, max_states_per_insn;
	u64 insn_limit;

	int log_level;
	struct strbuf log;
	struct strbuf err; /* lines of the current error report */
	bool err_unsupported;
	s32 err_insn;
	u32 verifying_subprog; /* subprog being checked (0: main) */
	bool do_print_state;
	/* log bookkeeping (the kernel's scratch marks, prev_log_pos, prev_insn_print_pos) */
	u32 scratched_regs;
	u64 scratched_stack;
	size_t prev_log_pos;
	size_t prev_insn_print_pos;
	s32 prev_linfo; /* index into prog->lines of the last source line printed, -1 */
	bool kfunc_zero_seen;
	char tmp[128];
	/* precision tracking (precise.c) */
	bool prec_on;
	struct prec_hist *hist;
	u32 hist_cap;
	u32 prec_live_seen; /* instructions verified when the stack liveness was computed */
};

/* precise.c: one processed instruction of the path (the kernel's bpf_insn_hist_entry) */
#define PREC_MAX_LINKED 6
#define PH_STACK	1u /* a spill or fill of stack slot spi (frame 0) */
#define PH_SRC_STACK	2u /* a jump's src / dst register was a stack pointer */
#define PH_DST_STACK	4u
#define PH_UNTRACKED	8u /* something backtracking does not follow: give up there */
struct prec_hist {
	u32 idx;
	u8 flags;
	u8 spi;
	u8 nlinked;
	struct {
		u8 idx;
		bool is_reg;
	} linked[PREC_MAX_LINKED];
};
void prec_init(struct engine *e);
int prec_push(struct engine *e, u32 idx);
void prec_note_stack(struct engine *e, u32 frameno, s32 spi);
void prec_note_jmp(struct engine *e, bool src_stack, bool dst_stack);
void prec_note_linked(struct engine *e, u32 cnt, const u8 *frameno, const u8 *idx,
		      const bool *is_reg);
void prec_checkpoint(struct engine *e, struct vstate *cur);
int mark_precise(struct engine *e, s32 regno);
int prec_propagate(struct engine *e, const struct vstate *old, u16 live_regs, u64 live_stack);

/* vlog.c */
void verr(struct engine *e, const char *fmt, ...) PRINTF_LIKE(2, 3);
int unsupported(struct engine *e, const char *fmt, ...) PRINTF_LIKE(2, 3);
void vlog(struct engine *e, const char *fmt, ...) PRINTF_LIKE(2, 3);
void vlog_state(struct engine *e, const struct vstate *st, u32 frameno, bool all);
/* the state text as one string (for error report lines); caller frees */
char *state_text(struct engine *e, const struct vstate *st, u32 frameno);
void print_insn_state(struct engine *e);
void verbose_linfo(struct engine *e, u32 idx, const char *prefix);
static inline void mark_reg_scratched(struct engine *e, u32 regno)
{
	e->scratched_regs |= 1u << regno;
}
static inline void mark_stack_scratched(struct engine *e, s32 spi)
{
	if (spi >= 0 && spi < 64)
		e->scratched_stack |= 1ull << spi;
}
static inline void mark_all_scratched(struct engine *e)
{
	e->scratched_regs = ~0u;
	e->scratched_stack = ~0ull;
}
void vlog_reg(struct engine *e, struct strbuf *sb, const struct reg *r);
const char *reg_str(struct engine *e, const struct reg *r);
const char *type_str(struct engine *e, u32 type);
void vlog_insn(struct engine *e, u32 idx);

/* state helpers in engine.c */
static inline struct reg *cur_regs(struct engine *e)
{
	return cur_frame(e->cur)->regs;
}
int check_reg_read(struct engine *e, u32 regno);
int check_reg_write(struct engine *e, u32 regno);
struct frame *reg_frame(struct engine *e, const struct reg *r);
const struct map_def *reg_map(struct engine *e, const struct reg *r);
int push_branch(struct engine *e, u32 insn, s32 prev, struct vstate **out);
bool is_pointer_value(struct engine *e, const struct reg *r);
void update_stack_depth(struct engine *e, struct frame *f, s32 off);
void assign_scalar_id_before_mov(struct engine *e, struct reg *src);

/* xfer_alu.c */
int xfer_alu(struct engine *e, const struct insn *in);
int xfer_ldimm64(struct engine *e, u32 idx);

/* xfer_mem.c */
int check_mem_access(struct engine *e, u32 insn_idx, u32 regno, s32 off, u32 size, bool write,
		     s32 value_regno, bool strict_once, bool is_ldsx);
int xfer_ldx(struct engine *e, const struct insn *in);
int xfer_stx(struct engine *e, const struct insn *in);
int xfer_st(struct engine *e, const struct insn *in);
int xfer_atomic(struct engine *e, const struct insn *in);
int xfer_ld_abs(struct engine *e, const struct insn *in, u32 *next);
/* a new pointer reference acquired at insn_idx (acquire_reference_state); returns its id, or a
 * negative errno (too many references: "unsupported") */
int engine_acquire_ref(struct engine *e, u32 insn_idx);
/* helper memory arguments: check [reg, reg+size) for a helper (check_helper_mem_access) */
int check_helper_mem(struct engine *e, u32 regno, s64 size, bool write, bool zero_ok,
		     bool uninit_ok);
int check_stack_range_init(struct engine *e, u32 regno, s32 off, s32 size, bool write,
			   bool uninit_ok);
int check_ptr_alignment(struct engine *e, const struct reg *r, s32 off, int size, bool strict_once);
int check_map_fields(struct engine *e, const struct reg *r, s32 off, int size, bool helper);
int check_ptr_off_reg(struct engine *e, const struct reg *r, u32 regno, bool fixed_off_ok);

/* xfer_jmp.c */
int xfer_cond_jmp(struct engine *e, const struct insn *in, u32 *next);
void widen_scalars(const struct vstate *old, struct vstate *cur);
void mark_ptr_or_null_regs(struct engine *e, struct vstate *st, u32 id, bool is_null);

/* xfer_call.c */
int xfer_call(struct engine *e, const struct insn *in, u32 *next);
int xfer_exit(struct engine *e, u32 *next);
int check_return_code(struct engine *e);
int check_return_code_reg(struct engine *e, u32 regno);
int check_resource_leak(struct engine *e, const char *prefix, bool check_lock);
int check_resource_leak_ex(struct engine *e, const char *prefix, bool check_lock,
			   bool exception_exit);
void release_reference_regs(struct engine *e, struct vstate *st, u32 ref_obj_id);
void clear_all_pkt_pointers(struct engine *e);

/* prune.c */
int is_state_visited(struct engine *e, u32 idx, bool *pruned);
void compute_liveness(struct engine *e);
void compute_stack_liveness(struct engine *e);
void update_branch_counts(struct engine *e, struct vstate *st);

#endif
