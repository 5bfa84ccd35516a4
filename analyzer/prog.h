/* The program model: the contract between the frontends (which build it from ELF, raw bytes or
 * assembly text) and the analyzer (which only reads it). One struct object per input file holds
 * its maps and programs; each program's instruction array is what the kernel would receive from
 * a loader (subprograms appended, relocations applied), with loader-specific numbers (map fds,
 * kfunc BTF ids) replaced by indexes into the object's tables as documented below. */
#ifndef BPFVET_PROG_H
#define BPFVET_PROG_H

#include "bpf_defs.h"

/* Special fields inside a map value (from BTF), which change what the program may do with them. */
enum map_field_kind {
	MAP_FIELD_SPIN_LOCK,
	MAP_FIELD_TIMER,
	MAP_FIELD_WORKQUEUE,
	MAP_FIELD_KPTR_UNREF, /* __kptr_untrusted */
	MAP_FIELD_KPTR_REF,   /* __kptr */
	MAP_FIELD_KPTR_PERCPU,
	MAP_FIELD_LIST_HEAD,
	MAP_FIELD_LIST_NODE,
	MAP_FIELD_RB_ROOT,
	MAP_FIELD_RB_NODE,
	MAP_FIELD_REFCOUNT,
	MAP_FIELD_UPTR,
};

struct map_field {
	u32 kind; /* enum map_field_kind */
	u32 off;
	u32 size;
	char *target;	   /* kptr: pointee type name; list head / rb root: the __contains() struct
		       * name (NULL when untagged); else NULL */
	u32 contains_id;   /* list head / rb root: program BTF id of the contained struct, 0 if
				 * the tag names no struct of the program's BTF */
	u32 node_off;	   /* list head / rb root: offset of the node in the contained struct */
	bool contains_bad; /* the tag names a member that is missing */
};

/* A struct of the program's own BTF (the types bpf_obj_new() allocates and __contains() names),
 * with its special fields found as for map values. */
struct local_type {
	u32 id;	    /* type id in the program's BTF */
	char *name; /* "" for anonymous structs */
	u32 size;
	struct map_field *fields;
	u32 field_cnt;
	/* top-level members of integer or enum type (or arrays of them): loads and stores fully
	 * inside one of these read or write plain data */
	struct local_span {
		u32 off, size;
	} * scalars;
	u32 scalar_cnt;
};

struct map_def {
	char *name; /* ELF symbol name, or "map<k>" for raw specs */
	u32 type;   /* enum bpf_map_type */
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 flags; /* map_flags */
	u64 map_extra;
	s32 inner_map; /* map-in-map: index of the inner map template in object->maps, else -1 */
	/* Global data (.data/.rodata/.bss/.kconfig as array maps): the section's initial bytes.
	 * For read-only sections the analyzer treats loads at known offsets as known constants. */
	u8 *init_data; /* value_size bytes, or NULL (all zero / unknown) */
	bool readonly; /* .rodata*: frozen by the loader, BPF_F_RDONLY_PROG */
	bool internal; /* global data map created by the loader, not declared by the user */
	bool has_btf;  /* created with BTF key/value types */
	struct map_field *fields;
	u32 field_cnt;
};

/* A source position from .BTF.ext line_info (for ELF objects) or from the asm text. */
struct src_loc {
	const char *file;      /* owned by the object's string pool; NULL if unknown */
	const char *line_text; /* the source line's text, or NULL */
	u32 line;
	u32 col;
};

struct line_info {
	u32 insn_off; /* instruction index in the program */
	struct src_loc loc;
};

/* What a global function's BTF prototype says about one argument, pre-digested by the frontend so
 * that the analyzer does not need libbpf (mirrors btf_prepare_func_args()). */
enum func_arg_kind {
	FUNC_ARG_SCALAR,     /* int, enum, or a pointer treated as scalar */
	FUNC_ARG_PTR_TO_CTX, /* pointer to the program type's context struct */
	FUNC_ARG_PTR_TO_MEM, /* pointer to a sized type: mem_size bytes, maybe NULL unless nonnull */
	FUNC_ARG_PTR_TO_DYNPTR,
	FUNC_ARG_PTR_TO_ARENA,
	FUNC_ARG_PTR_TO_BTF_ID, /* trusted/untrusted kernel object; type_name says which */
	FUNC_ARG_UNSUPPORTED,	/* the kernel rejects this signature for a global function */
};

struct func_arg {
	u32 kind; /* enum func_arg_kind */
	u32 mem_size;
	bool nullable;
	bool nonnull; /* __arg_nonnull */
	const char *type_name;
};

struct func_info {
	u32 insn_off; /* first instruction of the subprogram */
	u32 type_id;  /* BTF FUNC type id (0 if no BTF) */
	char *name;
	bool global; /* BTF linkage global: verified on its own against its prototype */
	bool returns_void;
	bool returns_scalar; /* int or enum after modifiers (btf_prepare_func_args' rule) */
	u32 arg_cnt;
	struct func_arg args[5];
};

/* An external symbol an instruction refers to by name: a kfunc (call with src_reg
 * BPF_PSEUDO_KFUNC_CALL) or a ksym variable (ld_imm64 with src_reg BPF_PSEUDO_BTF_ID). */
struct extern_ref {
	char *name;
	bool is_func;
	bool weak;
};

struct program {
	char *name;		  /* function symbol (ELF) or spec name (raw) */
	char *section;		  /* ELF section name; for raw input the spec's name */
	u32 prog_type;		  /* enum bpf_prog_type */
	u32 expected_attach_type; /* enum bpf_attach_type; 0 when unused */
	char *attach_target; /* fentry/fexit/tp_btf/lsm/iter/struct_ops/freplace target, or NULL */
	u32 prog_flags; /* BPF_F_* load flags (from the section name, the spec, --prog-flags) */
	bool sleepable;
	bool gpl_compatible;  /* the object's license allows GPL-only helpers */
	u32 exception_cb_off; /* first insn of the exception callback named by the main function's
				 * "exception_callback:" BTF decl tag; 0: none */
	bool exception_cb_multi; /* the main function has several such tags */

	/* The instructions as the kernel receives them. Conventions for loader-specific numbers:
	 *  - ld_imm64 src BPF_PSEUDO_MAP_FD / BPF_PSEUDO_MAP_VALUE: insns[i].imm is an index into
	 *    object->maps when 0 <= imm < map_cnt; for MAP_VALUE, insns[i+1].imm is the offset into
	 *    the value. A negative imm -1-fd means "literal fd that names no map" (the kernel says
	 *    "fd %d is not pointing to valid bpf_map").
	 *  - call src BPF_PSEUDO_KFUNC_CALL and ld_imm64 src BPF_PSEUDO_BTF_ID: imm is an index into
	 *    externs; out of range means an unresolvable BTF id (imm kept as given).
	 *  - call src BPF_PSEUDO_CALL and ld_imm64 src BPF_PSEUDO_FUNC: imm is the relative offset the
	 *    kernel expects (target = i + imm + 1), subprograms already appended. */
	struct insn *insns;
	u32 insn_cnt;
	u32 main_insn_cnt; /* instructions of the program's own function before appended subprogs */

	struct extern_ref *externs;
	u32 extern_cnt;

	struct func_info *funcs; /* sorted by insn_off; empty when the input has no BTF */
	u32 func_cnt;
	struct line_info *lines; /* sorted by insn_off; may be empty */
	u32 line_cnt;

	/* Set by the frontend when it already knows the program cannot be analysed (for example a
	 * CO-RE relocation it cannot apply, an attach target it cannot resolve): the message starts
	 * with "unsupported: " and the verdict is "error". NULL when the program is fine. */
	char *load_error;
	/* Set by the frontend when the kernel would never see this program because the loader fails
	 * first (libbpf error); verdict "reject" with this message. NULL otherwise. */
	char *loader_reject;

	struct object *obj; /* back pointer: maps and strings live there */
};

enum input_format {
	INPUT_ELF,
	INPUT_RAW,
	INPUT_ASM,
};

struct object {
	char *path;
	u32 format;    /* enum input_format */
	char *license; /* NULL if none */
	u32 kern_version;
	struct map_def *maps;
	u32 map_cnt;
	struct program *progs;
	u32 prog_cnt;
	/* structs of the program BTF, sorted by id (ELF input with BTF only) */
	struct local_type *ltypes;
	u32 ltype_cnt;
	u32 btf_type_cnt;     /* number of type ids in the program BTF (0: no BTF) */
	bool ltypes_complete; /* every struct of the program BTF is in ltypes */
	/* strings referenced by src_loc and func_arg (file names, line texts): freed with the object */
	char **strings;
	u32 string_cnt;
	u32 string_cap;
};

/* Allocation helpers shared by all frontends. All return NULL / negative errno on failure. */
struct object *object_new(const char *path, u32 format);
void object_free(struct object *obj);
/* Append a zeroed program / map and return it (pointers stay valid only until the next add). */
struct program *object_add_program(struct object *obj);
struct map_def *object_add_map(struct object *obj);
/* Keep a copy of s in the object's string pool; returns the copy (NULL only on OOM). */
const char *object_intern(struct object *obj, const char *s);
/* Find a program by function name or section name; NULL if none. */
const struct program *object_find_program(const struct object *obj, const char *name);
/* The source location of an instruction, or NULL when there is no line info for it. */
const struct src_loc *program_src_loc(const struct program *prog, u32 insn_idx);
bool license_is_gpl_compatible(const char *license);

#endif
