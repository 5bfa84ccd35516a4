/* struct_ops member facts (check_struct_ops_btf_id(), check_return_code()); see struct_ops.c. */
#ifndef BPFVET_STRUCT_OPS_H
#define BPFVET_STRUCT_OPS_H

#include <stdbool.h>

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

#endif
