/* The engine's interface to the kernel-BTF parts (xfer_btf.c: loads through PTR_TO_BTF_ID and map
 * pointers, BTF-typed helper results; xfer_kfunc.c: kfunc calls). The engine files call these at
 * the places where the kernel's verifier does the same (see each comment). */
#ifndef BPFVET_BTF_INT_H
#define BPFVET_BTF_INT_H

#include "engine_int.h"

/* 0 when the kernel BTF is available; otherwise reports "unsupported: <what> needs kernel BTF
 * (--kernel-btf FILE)" and returns ERR_UNSUPPORTED. */
int xbtf_need(struct engine *e, const char *what);
/* r becomes a pointer of type (PTR_TO_BTF_ID | flags) to the kernel struct struct_id (which must
 * be resolved), offset 0 (mark_btf_ld_reg for a pointer). */
void xbtf_mark_ptr(struct engine *e, struct reg *r, u32 type, u32 struct_id);
/* The kernel BTF id of a PTR_TO_BTF_ID register (resolving r->btf by name when only the name is
 * known, e.g. for kptrs): > 0, or ERR_* with the error reported. */
s64 xbtf_reg_id(struct engine *e, struct reg *r, const char *what);
/* check_ptr_to_btf_access(): load/store through a non-NULL PTR_TO_BTF_ID register. */
int xbtf_check_access(struct engine *e, u32 regno, s32 off, int size, bool write, s32 value_regno);
/* check_ptr_to_map_access(): load/store through CONST_PTR_TO_MAP. */
int xbtf_map_access(struct engine *e, u32 regno, s32 off, int size, bool write, s32 value_regno);
/* A helper's RET_PTR_TO_BTF_ID* result of kernel struct struct_name with type flags. */
int xbtf_helper_ret(struct engine *e, const char *helper, const char *struct_name, u32 flags);
/* A context load yielding PTR_TO_BTF_ID (+flags) of kernel struct struct_name. */
int xbtf_ctx_ptr(struct engine *e, s32 value_regno, u32 type, const char *struct_name);
/* Mirrors btf_struct_ids_match() with strict=false: struct id (at offset off) is, or starts with
 * (first member, recursively), the struct want. */
bool xbtf_ids_match(struct engine *e, u32 id, s32 off, u32 want, bool strict);
/* is_trusted_reg() / is_rcu_reg() / in_rcu_cs() */
bool xbtf_is_trusted(const struct reg *r);
bool xbtf_in_rcu_cs(struct engine *e);

/* check_reg_type() from its "found:" label for a PTR_TO_BTF_ID register passed to a helper
 * (want: the argument's kernel struct; mem_arg: a memory argument) and check_func_arg_reg_off(). */
int xbtf_helper_arg(struct engine *e, u32 regno, u32 arg_type, bool mem_arg, const char *want,
		    const char *helper, bool sk_release);

/* Global functions' __arg_trusted arguments: the callee's view at entry, the caller's check. */
int xbtf_global_arg_entry(struct engine *e, struct reg *r, const struct func_arg *fa);
int xbtf_global_arg_call(struct engine *e, u32 regno, const struct func_arg *fa);

/* btf_ctx_access() for fentry/fexit/fmod_ret, tp_btf and LSM programs: a load of a context
 * argument slot typed from the attach target's prototype. 0 (done), ERR_*, or 1 when bpfvet does
 * not model this attach kind (the caller keeps its BTF-free treatment). */
int xbtf_ctx_arg(struct engine *e, s32 off, int size, bool write, s32 value_regno);

/* map_kptr_match_type(): the register stored into (or exchanged with) the kptr field kf. */
int xbtf_kptr_match(struct engine *e, u32 regno, const struct map_field *kf);

/* bpf_kptr_xchg: the destination argument (process_kptr_func(): *out gets the kptr field) and the
 * new value argument (checked against that field). */
int xbtf_kptr_dest(struct engine *e, u32 regno, const struct map_field **out);
int xbtf_kptr_xchg_src(struct engine *e, u32 regno, u32 arg_type, const struct map_field *kf);

/* ld_imm64 of a typed ksym (BPF_PSEUDO_BTF_ID, extern index ext) into dst. */
int xbtf_ld_ksym(struct engine *e, struct reg *dst, s32 ext);
/* bpf_per_cpu_ptr / bpf_this_cpu_ptr result for the per-CPU type btf_id (ret type flags). */
int xbtf_helper_ret_mem_or_btf(struct engine *e, const char *helper, u32 btf_id, u32 flags);

/* ARG_PTR_TO_PERCPU_BTF_ID: the per-CPU type of register regno into *btf_id. */
int xbtf_percpu_arg(struct engine *e, u32 regno, u32 *btf_id);

/* xfer_kfunc.c: check_kfunc_call() for a call insn with src BPF_PSEUDO_KFUNC_CALL */
int xkfunc_call(struct engine *e, const struct insn *in, u32 idx);
/* For is_state_visited(): idx calls an iterator's next kfunc (is_iter_next_insn()); the iterator
 * R1 points to in st is active; some active iterator of old is at another depth in cur
 * (iter_active_depths_differ()); two STACK_ITER slots' spill registers match (the STACK_ITER case
 * of stacksafe(), ref_obj_id compared by the caller with check_ids). */
bool xkfunc_is_iter_next(struct engine *e, u32 idx);
bool xkfunc_iter_active(struct engine *e, struct vstate *st);
bool xkfunc_iter_depths_differ(const struct vstate *old, const struct vstate *cur);
bool xkfunc_iter_slots_equal(const struct reg *o, const struct reg *c);

#endif
