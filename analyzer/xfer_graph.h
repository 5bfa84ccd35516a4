/* Program-allocated objects and the BPF graph API (xfer_graph.c): bpf_obj_new/drop, the
 * bpf_list_* kfuncs' head checks, bpf_spin_lock in allocated objects. */
#ifndef BPFVET_XFER_GRAPH_H
#define BPFVET_XFER_GRAPH_H

#include "engine_int.h"

/* The struct of the program BTF with this id, or NULL. */
const struct local_type *xgraph_ltype(const struct object *obj, u32 id);
/* Whether xgraph_kfunc() models (or deliberately refuses) this kfunc. */
bool xgraph_handles(const char *name);
/* The call of a graph kfunc at insn idx (after the generic availability checks); func_id is the
 * kernel's BTF id for the log. */
int xgraph_kfunc(struct engine *e, const char *name, u32 func_id, u32 idx);
/* kfunc_spin_allowed(): the graph API kfuncs may be called with a bpf_spin_lock held */
bool xgraph_spin_allowed(const struct engine *e, const struct insn *in);
/* reg_may_point_to_spin_lock() for allocated objects: the null-check id names the lock */
bool xgraph_reg_has_lock(const struct engine *e, const struct reg *r);
/* check_ptr_to_btf_access() for PTR_TO_BTF_ID | MEM_ALLOC (off includes the register's fixed
 * offset) */
int xgraph_access(struct engine *e, u32 regno, s32 off, int size, bool write, s32 value_regno);
/* invalidate_non_owning_refs(): at bpf_spin_unlock, non-owning references become unknown */
void xgraph_invalidate_non_own(struct engine *e);
/* process_spin_lock() for PTR_TO_BTF_ID | MEM_ALLOC */
int xgraph_spin_lock(struct engine *e, u32 regno, bool is_lock);

#endif
