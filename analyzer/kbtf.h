/* The kernel's BTF (type information of vmlinux) as the analyzer sees it: an opaque handle with a
 * few queries, implemented by a frontend (frontends/fe_kbtf.c reads /sys/kernel/btf/vmlinux or a
 * --kernel-btf file with libbpf) and by tests. The analyzer never links libbpf: everything it
 * needs goes through struct kbtf_ops. On top of the raw queries this header offers the walks the
 * verifier does (skip modifiers, a function's prototype, btf_struct_walk()). Kind numbers are the
 * BTF format's own (BTF_KIND_*). */
#ifndef BPFVET_KBTF_H
#define BPFVET_KBTF_H

#include "compiler.h"

enum kbtf_kind {
	KBTF_UNKN = 0,
	KBTF_INT = 1,
	KBTF_PTR = 2,
	KBTF_ARRAY = 3,
	KBTF_STRUCT = 4,
	KBTF_UNION = 5,
	KBTF_ENUM = 6,
	KBTF_FWD = 7,
	KBTF_TYPEDEF = 8,
	KBTF_VOLATILE = 9,
	KBTF_CONST = 10,
	KBTF_RESTRICT = 11,
	KBTF_FUNC = 12,
	KBTF_FUNC_PROTO = 13,
	KBTF_VAR = 14,
	KBTF_DATASEC = 15,
	KBTF_FLOAT = 16,
	KBTF_DECL_TAG = 17,
	KBTF_TYPE_TAG = 18,
	KBTF_ENUM64 = 19,
};

/* One type. For PTR/TYPEDEF/modifiers/TYPE_TAG/FUNC: type is the referenced id; for FUNC_PROTO the
 * return type; for ARRAY the element type (nelems set). name is "" when anonymous. */
struct kbtf_type {
	u32 kind;
	const char *name;
	u32 size; /* STRUCT/UNION/INT/ENUM/FLOAT */
	u32 type;
	u32 vlen;   /* members, params, enumerators */
	u32 nelems; /* ARRAY */
};

/* A struct/union member (bit_off, bitfield_size), a FUNC_PROTO parameter (both 0), or a DATASEC
 * entry (type: the VAR, bit_off: its offset * 8). */
struct kbtf_member {
	const char *name;
	u32 type;
	u32 bit_off;
	u32 bitfield_size;
};

struct kbtf_ops {
	/* Make the data available (lazy: parse on first use). 0, or a negative errno. */
	int (*open)(void *priv);
	int (*type)(void *priv, u32 id, struct kbtf_type *out);
	int (*member)(void *priv, u32 id, u32 idx, struct kbtf_member *out);
	/* id of the type named name of this kind, or a negative errno (-ENOENT) */
	s64 (*find)(void *priv, const char *name, u32 kind);
	/* Whether the kernel this BTF describes lists the symbol in kallsyms (the kernel's
	 * kallsyms_lookup_name() for typed ksyms): 1 yes, 0 no, negative when unknown. May be
	 * NULL (unknown). */
	int (*kallsyms_has)(void *priv, const char *name);
};

struct kbtf {
	const struct kbtf_ops *ops;
	void *priv;
	const char *path; /* for messages */
};

/* 0 when k is usable; a negative errno when no kernel BTF is available (k may be NULL). */
int kbtf_ready(struct kbtf *k);
int kbtf_type(struct kbtf *k, u32 id, struct kbtf_type *out);
int kbtf_member(struct kbtf *k, u32 id, u32 idx, struct kbtf_member *out);
s64 kbtf_find(struct kbtf *k, const char *name, u32 kind);
/* The type of id after typedefs, const/volatile/restrict and type tags (btf_type_skip_modifiers):
 * its id in *out_id and description in *out. */
int kbtf_skip_mods(struct kbtf *k, u32 id, u32 *out_id, struct kbtf_type *out);
/* btf_resolve_size(): the size of a type with arrays multiplied out; 0 or a negative errno. */
int kbtf_resolve_size(struct kbtf *k, u32 id, u32 *size);
/* The kernel's btf_type_str(): "STRUCT", "PTR", ... */
const char *kbtf_kind_str(u32 kind);
/* kallsyms_has of the provider: 1, 0, or negative (unknown). */
int kbtf_kallsyms_has(struct kbtf *k, const char *name);
/* Name of a struct id ("" when unknown). */
const char *kbtf_name(struct kbtf *k, u32 id);

/* A kernel function's prototype, digested (btf_check_kfunc / check_kfunc_args view). */
#define KBTF_MAX_ARGS 5
struct kbtf_func {
	const char *name;
	u32 func_id;  /* BTF id of the FUNC */
	u32 ret_type; /* raw return type id (0: void) */
	u32 nargs;
	u32 arg_type[KBTF_MAX_ARGS]; /* raw type ids */
	const char *arg_name[KBTF_MAX_ARGS];
};
/* 0, -ENOENT (no such function), -E2BIG (more than 5 arguments), or another negative errno. */
int kbtf_func(struct kbtf *k, const char *name, struct kbtf_func *out);

/* Mirrors btf_struct_walk() + btf_struct_access() (6.12 = 6.18) for a kernel struct: what a load
 * of size bytes at off yields. Returns KBTF_WALK_SCALAR, or KBTF_WALK_PTR with *next_id the
 * pointee struct and *flags the type-tag flags (MEM_USER / MEM_PERCPU / MEM_RCU and PTR_UNTRUSTED
 * for union walks) and *field the member name; or a negative errno with the kernel's message in
 * msg. flags on entry: the register's type flags (PTR_UNTRUSTED relaxes the member end check). */
enum { KBTF_WALK_SCALAR = 0, KBTF_WALK_PTR = 1, KBTF_WALK_STRUCT = 2 };
int kbtf_struct_access(struct kbtf *k, u32 struct_id, int off, int size, u32 *flags, u32 *next_id,
		       const char **field, char *msg, size_t msglen);
/* One level of btf_struct_walk(): KBTF_WALK_STRUCT leaves the nested struct in *tid and 0 in
 * *off; otherwise as kbtf_struct_access(). */
int kbtf_struct_walk(struct kbtf *k, u32 *tid, int *off, int size, u32 *next_id, u32 *flags,
		     const char **field, char *msg, size_t msglen);
/* Mirrors btf_nested_type_is_trusted(): struct "<name of struct_id><suffix>" lists a pointer
 * member called field whose target is target_id. */
bool kbtf_nested_trusted(struct kbtf *k, u32 struct_id, const char *field, u32 target_id,
			 const char *suffix);

#endif
