/* struct_ops member facts (check_struct_ops_btf_id(), check_return_code()); see struct_ops.c. */
#ifndef BPFVET_STRUCT_OPS_H
#define BPFVET_STRUCT_OPS_H

#include <stdbool.h>

#include "compiler.h"

struct engine;

/* Whether check_struct_ops_btf_id() lets a program implement member of struct_ops type type
 * (bpf_struct_ops_supported() and the type's check_member). */
bool stops_member_supported(const char *type, const char *member, bool sleepable);
/* The license and member checks for the engine's program: 0, or ERR_REJECT with the kernel's message
 * ("struct ops programs must have a GPL compatible license", "attach to unsupported member %s
 * of struct %s"). Not a struct_ops program: 0. */
int stops_check_member(struct engine *e);
/* 1 when the implemented member's function pointer returns void, 0 when it returns a value,
 * -ENOENT when unknown (not struct_ops, no kernel BTF, member not found). */
int stops_member_returns_void(struct engine *e);
/* The FUNC_PROTO id of the implemented member, for typing the context arguments: 0 when bpfvet
 * does not type this struct_ops type's arguments (tcp_congestion_ops, whose stubs mark no
 * argument, and the types whose stubs bpfvet reads), negative when the kernel BTF lacks it. */
s64 stops_member_proto(struct engine *e);
/* The register-type flags of context argument arg from the member's cfi stub (PTR_MAYBE_NULL
 * for "__nullable"); negative when unknown or not modelled ("__ref"). */
int stops_arg_flags(struct engine *e, u32 arg);
/* The struct id an argument of type struct_id is typed as (tcp_congestion_ops: sock ->
 * tcp_sock). */
u32 stops_promote_arg(struct engine *e, u32 struct_id);
/* A store into a kernel struct (PTR_TO_BTF_ID) by a struct_ops program: the type's
 * btf_struct_access. 1: no such rule (the caller goes on), 0: allowed, ERR_REJECT with the
 * kernel's message, or unsupported. */
int stops_btf_write(struct engine *e, u32 struct_id, s32 off, int size);
/* enum helper_struct_ops_family of the program (helper availability). */
u32 stops_helper_family(struct engine *e);

#endif
