/* Private to the ELF frontend (fe_elf*.c, fe_btf_ext.c): the parsing context shared by its
 * modules. Nothing here is part of the frontend interface. */
#ifndef BPFVET_FE_ELF_INT_H
#define BPFVET_FE_ELF_INT_H

#include <gelf.h>
#include <stddef.h>

#include "frontend.h"

struct btf;

/* What a section is to the loader. */
enum elf_sec_kind {
	ESEC_OTHER,
	ESEC_PROG,     /* executable code */
	ESEC_DATA,     /* .data, .data.* */
	ESEC_RODATA,   /* .rodata, .rodata.* */
	ESEC_BSS,      /* .bss, .bss.* */
	ESEC_MAPS,     /* legacy "maps" */
	ESEC_BTF_MAPS, /* ".maps" */
	ESEC_REL,
	ESEC_ARENA, /* .addr_space.1 */
};

struct elf_sec {
	const char *name; /* from the section string table, never NULL ("" if unnamed) */
	GElf_Shdr sh;
	const u8 *data; /* sh_size bytes inside the file image; NULL for NOBITS/empty */
	u64 size;
	u32 kind;	    /* enum elf_sec_kind */
	s32 map_idx;	    /* global data map of this section, or -1 */
	struct insn *insns; /* ESEC_PROG: working copy (CO-RE relocations applied here) */
	u32 insn_cnt;
	struct core_err { /* CO-RE relocations that could not be applied */
		u32 insn;
		char *msg;
	} * core_errs;
	u32 core_err_cnt;
};

/* Relocation kinds, as libbpf classifies them (bpf_program__record_reloc()). */
enum elf_rel_kind {
	EREL_CALL,	   /* bpf-to-bpf call to a .text function */
	EREL_SUBPROG_ADDR, /* ld_imm64 of a .text function address (callback) */
	EREL_MAP,	   /* ld_imm64 of a map */
	EREL_DATA,	   /* ld_imm64 of a global variable (map value) */
	EREL_EXTERN_LD,	   /* ld_imm64 of an extern (ksym / kconfig) */
	EREL_EXTERN_CALL,  /* call of an extern (kfunc) */
};

struct elf_rel {
	u32 insn;    /* instruction index inside the function */
	u32 kind;    /* enum elf_rel_kind */
	u64 sym_off; /* symbol value (section offset) */
	s32 idx;     /* map index or extern index */
};

/* One function symbol in an executable section: a program, or a subprogram in .text. */
struct elf_fn {
	const char *name;
	u32 sec;
	u32 off; /* first instruction index within the section */
	u32 cnt;
	bool is_sub; /* lives in .text */
	bool global;
	bool hidden; /* global with hidden/internal visibility: libbpf marks BTF static */
	struct elf_rel *rels;
	u32 rel_cnt;
	u32 sub_off; /* while assembling one main program: where it was appended, 0 = not */
	bool appended;
	char *st_ops;  /* struct_ops program: "struct:member" it implements, or NULL */
	s32 st_member; /* its member index (libbpf's expected_attach_type), -1 */
};

enum elf_ext_kind {
	EEXT_KFUNC,
	EEXT_KSYM,	    /* typed ksym variable */
	EEXT_KSYM_TYPELESS, /* "extern const void x __ksym" */
	EEXT_KCFG,	    /* __kconfig variable */
};

struct elf_ext {
	const char *name;
	u32 sym;
	u32 kind; /* enum elf_ext_kind */
	bool weak;
	u32 kcfg_off;
	u32 kcfg_size;
	u32 kcfg_align;
	u32 kcfg_type; /* enum kcfg_kind */
	bool kcfg_signed;
	u64 addr;     /* typeless ksym: the address libbpf would write */
	bool missing; /* kfunc / ksym the running kernel lacks */
};

/* How a __kconfig extern's value is written (libbpf's find_kcfg_type()). */
enum kcfg_kind {
	KCFG_UNKNOWN,
	KCFG_CHAR,
	KCFG_BOOL,
	KCFG_INT,
	KCFG_TRISTATE,
	KCFG_CHAR_ARR,
};

/* .BTF.ext records for one ELF section (insn offsets converted to instruction indexes). */
struct btf_ext_rec {
	u32 sec;     /* ELF section index */
	u32 insn;    /* instruction index within that section */
	u32 a, b, c; /* func: type_id; line: file_off, line_off, line_col; core: type, acc, kind */
	u32 seq;     /* position in the section, to keep equal offsets in order */
	const char *file; /* line: interned strings, set on first use */
	const char *text;
	bool interned;
};

struct btf_ext_tab {
	struct btf_ext_rec *recs;
	u32 cnt;
};

struct elf_ctx {
	const char *path;
	struct diag *d;
	struct object *obj;
	const struct load_opts *opts;
	u8 *image; /* private copy of the file (libelf wants writable memory) */
	size_t len;
	Elf *elf;
	struct elf_sec *secs;
	size_t sec_cnt;
	u32 symtab; /* section index of .symtab */
	u32 strtab;
	GElf_Sym *syms;
	u32 sym_cnt;
	u32 text;     /* section index of .text, 0 if none */
	u32 btf_maps; /* ".maps" section index, 0 if none */
	u32 legacy_maps;
	u32 arena_sec;
	s32 arena_map;
	s32 kconfig_map;
	struct btf *btf;     /* the object's BTF, NULL if none */
	struct btf *vmlinux; /* the running kernel's BTF for CO-RE, loaded on first need */
	bool vmlinux_tried;
	struct btf **mods; /* kernel modules' BTF, read on first need */
	u32 mod_cnt;
	bool mods_loaded;
	struct elf_fn *fns; /* sorted by (sec, off) */
	u32 fn_cnt;
	struct elf_ext *exts;
	u32 ext_cnt;
	s32 *sym_ext;	  /* per symbol: index into exts, or -1 */
	u32 *ext_gen;	  /* per extern: program generation its ext_slot belongs to */
	s32 *ext_slot;	  /* per extern: its index in that program's externs */
	u32 prog_gen;	  /* generation of the program being built */
	void *call_stack; /* work stack of reloc_calls(), fn_cnt + 1 frames */
	u32 *sym_sorted;  /* symbol indexes sorted by (section, name), for name lookups */
	u32 sym_sorted_cnt;
	u32 *map_order; /* user map indexes sorted by (section, offset) */
	u32 map_order_cnt;
	/* where each user-declared map lives: (section, offset), parallel to obj->maps */
	struct elf_map_loc {
		u32 sec;
		u64 off;
	} * map_locs;
	u32 map_loc_cnt;
	struct elf_exc_tag { /* BTF decl tag "exception_callback:<cb>" on FUNC <prog> */
		const char *prog;
		const char *cb;
	} * exc_tags;
	u32 exc_tag_cnt;
	struct btf_ext_tab func_info, line_info, core_relo;
	bool has_btf_ext;
};

/* libbpf before 1.0 (without strict mode) returned error codes encoded in pointers. */
static inline struct btf *btf_checked(struct btf *b)
{
	return (unsigned long)b >= (unsigned long)-4095 ? NULL : b;
}

#define ELF_BAD(c, ...) diag_error((c)->d, -EBADMSG, __VA_ARGS__)

/* fe_elf_maps.c */
int elf_maps_collect(struct elf_ctx *c);
/* Append a map declared at (sec, off) (sec 0: created by the loader); NULL on OOM. */
struct map_def *elf_map_add(struct elf_ctx *c, u32 sec, u64 off);
/* fe_btf_ext.c */
int btf_ext_parse(struct elf_ctx *c, const u8 *data, u64 size);
int btf_ext_fill_program(struct elf_ctx *c, struct program *p, struct elf_fn *const *order,
			 u32 order_cnt);
/* fe_elf_kconfig.c */
u32 elf_kcfg_kind(const struct btf *btf, u32 id, bool *is_signed);
int elf_kconfig_fill(struct elf_ctx *c);
/* fe_elf_core.c */
int elf_core_apply(struct elf_ctx *c);
/* The running kernel's BTF (BPFVET_KERNEL_BTF overrides the path), loaded once; NULL if none. */
struct btf *elf_kernel_btf(struct elf_ctx *c);

/* fe_elf.c helpers shared with the other modules */
const char *elf_sym_name(const struct elf_ctx *c, const GElf_Sym *s);
s32 elf_sec_by_name(const struct elf_ctx *c, const char *name);
/* The symbol named name defined in section sec (not a section symbol), or NULL. */
const GElf_Sym *elf_sym_find(const struct elf_ctx *c, u32 sec, const char *name);
char *elf_strdup_printf(const char *fmt, ...) PRINTF_LIKE(1, 2);

#endif
