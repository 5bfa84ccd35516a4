/* Reading a BPF function's BTF prototype into the program model's struct func_info: name,
 * linkage, return type and the per-argument kinds the kernel derives for global functions
 * (btf_prepare_func_args(), 6.12). Shared by the frontends that receive program BTF. */
#ifndef BPFVET_FE_BTF_FUNC_H
#define BPFVET_FE_BTF_FUNC_H

#include "prog.h"

struct btf;

/* Fill fi (insn_off left as is) from the BTF FUNC type_id of btf, for a program of prog_type.
 * Strings (argument type names) go to obj's string pool; fi->name is malloc'd.
 * Returns 0, -EINVAL when type_id is not a FUNC with a FUNC_PROTO (msg says why), -ENOMEM. */
int fe_btf_func_decode(const struct btf *btf, u32 type_id, u32 prog_type, struct object *obj,
		       struct func_info *fi, char *msg, size_t msg_len);

/* The context struct names a program type's functions may take a pointer to (the UAPI name and
 * the kernel's own struct, as btf_is_prog_ctx_type() accepts both); false when unknown. */
bool fe_btf_is_ctx_name(u32 prog_type, const char *name);

/* Silence libbpf's warnings on stderr (its print callback is process-wide). */
void fe_btf_quiet(void);

#endif
