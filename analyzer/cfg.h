/* Structural verification and the control-flow graph: what the kernel checks before its abstract
 * interpreter runs (add_subprog_and_kfunc, check_subprogs, resolve_pseudo_ldimm64's encoding
 * checks, the opcode/reserved-field checks, check_cfg). Produces subprogram boundaries, basic
 * blocks and edges, back-edges, and per-instruction flags (prune points, ...) for the engine. */
#ifndef BPFVET_CFG_H
#define BPFVET_CFG_H

#include "prog.h"
#include "result.h"

/* per-instruction flags */
#define INSN_PRUNE_POINT      (1u << 0) /* is_state_visited() runs here */
#define INSN_JMP_POINT	      (1u << 1) /* jump history is recorded here */
#define INSN_FORCE_CHECKPOINT (1u << 2) /* callback-calling call, iterator next, may_goto */
#define INSN_LDIMM64_HI	      (1u << 3) /* second slot of ld_imm64 */
#define INSN_SUBPROG_START    (1u << 4)
#define INSN_BLOCK_START      (1u << 5)
#define INSN_BACK_EDGE_TARGET (1u << 6)
#define INSN_CALLS_CALLBACK   (1u << 7)

struct subprog {
	u32 start; /* first insn */
	u32 end;   /* one past the last insn */
	bool has_tail_call;
	bool has_ld_abs;
	bool is_global;	  /* from func_info */
	bool is_callback; /* referenced by ld_imm64 BPF_PSEUDO_FUNC */
	bool is_exception_cb;
};

struct cfg_edge {
	u32 from_block;
	u32 to_block;
	u8 kind; /* 0 fall-through, 1 jump taken, 2 call (to a subprogram's entry) */
	bool back_edge;
};

struct cfg_block {
	u32 start;   /* first insn */
	u32 end;     /* one past the last insn */
	u32 subprog; /* index into subprogs */
};

struct cfg {
	u32 insn_cnt;
	u8 *insn_flags; /* insn_cnt entries of INSN_* */
	struct subprog *subprogs;
	u32 subprog_cnt;
	struct cfg_block *blocks;
	u32 block_cnt;
	struct cfg_edge *edges;
	u32 edge_cnt;
	u32 *block_of; /* insn index -> block index (UINT32_MAX for ld_imm64 second slots) */
	/* added by the structure part */
	u32 used_map_cnt; /* distinct maps referenced by ld_imm64 (the kernel's used_maps) */
	bool uses_arena;  /* an arena map is referenced (prog->aux->arena): addr_space_cast ok */
	/* Loops as 6.17+ sees them (compute_scc()): per insn, the id of the strongly connected
	 * component of the intra-procedural instruction graph that contains it, numbered as the
	 * kernel numbers them (its log's "SCC enter (N)"), or 0 when the insn is in no loop
	 * (a trivial component: one insn without a self-edge). Calls are not edges here. */
	u32 *insn_scc;
	u32 scc_cnt;
};

/* Run the kernel's structural checks on prog and build its CFG. On a structural rejection, sets r
 * (verdict reject, the kernel's message, the insn) and returns -EINVAL with *out possibly partly
 * filled (cfg_fini is always safe). (Added: the verdict is "error" with an "unsupported: ..."
 * message when the answer depends on the running kernel's BTF, e.g. an ld_imm64 of a literal
 * BTF id; still -EINVAL.) unpriv: back-edges are errors ("back-edge from insn %d to %d"),
 * as for a loader without CAP_BPF. Returns -ENOMEM on allocation failure. */
int cfg_build(const struct program *prog, bool unpriv, struct cfg *out, struct result *r);
void cfg_fini(struct cfg *c);
/* Index of the subprogram containing insn i (binary search). */
u32 cfg_subprog_of(const struct cfg *c, u32 i);

#endif
