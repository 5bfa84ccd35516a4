/* The ELF frontend: a BPF object file (clang/gcc -target bpf) -> the program model, the way
 * libbpf 6.12 would present it to the kernel. Sections and symbols are read with libelf from a
 * private copy of the file; every offset and count is checked against the file before use. Each
 * function symbol of an executable section other than .text is a program; .text functions are
 * subprograms appended to every program that calls them, in libbpf's order
 * (bpf_object__reloc_code()), so that instruction indexes match what the kernel sees. Maps live in
 * fe_elf_maps.c, .BTF.ext in fe_btf_ext.c, CO-RE in fe_elf_core.c, .kconfig in fe_elf_kconfig.c.
 *
 * Like libbpf, the loader consults the running kernel where libbpf would: its BTF for CO-RE and
 * for kfunc/ksym existence, /proc/kallsyms for typeless ksyms, its config for __kconfig values.
 * BPFVET_KERNEL_BTF, BPFVET_KALLSYMS and BPFVET_KCONFIG name other files ("" for none; tests use
 * them to be independent of the machine). */
#define _GNU_SOURCE /* vasprintf, qsort_r */
#include "fe_elf_int.h"

#include <bpf/btf.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secname.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif
#ifndef SHT_LLVM_ADDRSIG
#define SHT_LLVM_ADDRSIG 0x6fff4c03
#endif

#define INSN_SZ 8u

char *elf_strdup_printf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

const char *elf_sym_name(const struct elf_ctx *c, const GElf_Sym *s)
{
	const char *n;

	/* relocations against static functions point at the section symbol: use the section name */
	if (GELF_ST_TYPE(s->st_info) == STT_SECTION && s->st_name == 0 && s->st_shndx < c->sec_cnt)
		return c->secs[s->st_shndx].name;
	n = elf_strptr(c->elf, c->strtab, s->st_name);
	return n ? n : "<?>";
}

s32 elf_sec_by_name(const struct elf_ctx *c, const char *name)
{
	for (size_t i = 1; i < c->sec_cnt; i++)
		if (strcmp(c->secs[i].name, name) == 0)
			return (s32)i;
	return -1;
}

static int sym_name_cmp(const void *a, const void *b, void *arg)
{
	const struct elf_ctx *sort_ctx = arg;
	const GElf_Sym *x = &sort_ctx->syms[*(const u32 *)a], *y = &sort_ctx->syms[*(const u32 *)b];

	if (x->st_shndx != y->st_shndx)
		return x->st_shndx < y->st_shndx ? -1 : 1;
	return strcmp(elf_sym_name(sort_ctx, x), elf_sym_name(sort_ctx, y));
}

static int build_sym_index(struct elf_ctx *c)
{
	u32 n = 0;

	c->sym_sorted = malloc((c->sym_cnt ? c->sym_cnt : 1) * sizeof(u32));
	if (!c->sym_sorted)
		return -ENOMEM;
	for (u32 i = 0; i < c->sym_cnt; i++)
		if (GELF_ST_TYPE(c->syms[i].st_info) != STT_SECTION)
			c->sym_sorted[n++] = i;
	qsort_r(c->sym_sorted, n, sizeof(u32), sym_name_cmp, c);
	c->sym_sorted_cnt = n;
	return 0;
}

const GElf_Sym *elf_sym_find(const struct elf_ctx *c, u32 sec, const char *name)
{
	u32 lo = 0, hi = c->sym_sorted_cnt;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const GElf_Sym *s = &c->syms[c->sym_sorted[mid]];
		int r = s->st_shndx != sec ? (s->st_shndx < sec ? -1 : 1)
					   : strcmp(elf_sym_name(c, s), name);

		if (r == 0)
			return s;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static bool is_dwarf_name(const char *name)
{
	return has_prefix(name, ".debug_");
}

/* libbpf prints warnings through a global callback; the frontend never prints. <bpf/libbpf.h>
 * cannot be included next to bpf_defs.h (it brings <linux/bpf.h>), so the two declarations used
 * are repeated here as libbpf defines them. */
enum libbpf_print_level {
	LIBBPF_WARN,
	LIBBPF_INFO,
	LIBBPF_DEBUG,
};
typedef int (*libbpf_print_fn_t)(enum libbpf_print_level level, const char *, va_list ap);
libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn);

static int silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

/* ---- sections and symbols ------------------------------------------------------------------ */

static int read_sections(struct elf_ctx *c)
{
	size_t shnum, shstrndx;

	if (elf_getshdrnum(c->elf, &shnum) != 0)
		return ELF_BAD(c, "%s: cannot read the section count: %s", c->path, elf_errmsg(-1));
	if (elf_getshdrstrndx(c->elf, &shstrndx) != 0)
		return ELF_BAD(c, "%s: cannot find the section name table: %s", c->path,
			       elf_errmsg(-1));
	if (shnum == 0)
		return ELF_BAD(c, "%s: no sections", c->path);
	/* each header takes 64 bytes of the file: a count the file cannot hold is a lie */
	if (shnum > c->len / sizeof(Elf64_Shdr))
		return ELF_BAD(c, "%s: section count %zu does not fit in a %zu-byte file", c->path,
			       shnum, c->len);
	c->secs = calloc(shnum, sizeof(*c->secs));
	if (!c->secs)
		return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
	c->sec_cnt = shnum;
	for (size_t i = 0; i < shnum; i++) {
		struct elf_sec *s = &c->secs[i];
		Elf_Scn *scn = elf_getscn(c->elf, i);
		const char *name;

		s->map_idx = -1;
		s->name = "";
		if (!scn || !gelf_getshdr(scn, &s->sh))
			return ELF_BAD(c, "%s: section %zu: unreadable header: %s", c->path, i,
				       elf_errmsg(-1));
		if (i == 0)
			continue;
		name = elf_strptr(c->elf, shstrndx, s->sh.sh_name);
		if (!name)
			return ELF_BAD(c, "%s: section %zu: name offset %u outside the name table",
				       c->path, i, s->sh.sh_name);
		s->name = name;
		s->size = s->sh.sh_size;
		if (s->sh.sh_type == SHT_NOBITS || s->size == 0)
			continue;
		if (s->sh.sh_offset > c->len || s->size > c->len - s->sh.sh_offset)
			return ELF_BAD(
				c,
				"%s: section %zu '%s': contents at offset 0x%llx size 0x%llx "
				"extend past the end of the file (%zu bytes)",
				c->path, i, name, (unsigned long long)s->sh.sh_offset,
				(unsigned long long)s->size, c->len);
		s->data = c->image + s->sh.sh_offset;
	}
	return 0;
}

static int read_symbols(struct elf_ctx *c)
{
	const struct elf_sec *st;

	for (size_t i = 1; i < c->sec_cnt; i++) {
		if (c->secs[i].sh.sh_type != SHT_SYMTAB)
			continue;
		if (c->symtab)
			return ELF_BAD(c, "%s: more than one symbol table (sections %u and %zu)",
				       c->path, c->symtab, i);
		c->symtab = i;
	}
	if (!c->symtab)
		return ELF_BAD(c, "%s: no symbol table (stripped object?)", c->path);
	st = &c->secs[c->symtab];
	if (st->sh.sh_entsize != sizeof(Elf64_Sym) || st->size % sizeof(Elf64_Sym))
		return ELF_BAD(c,
			       "%s: section '%s': symbol entry size %llu, table size %llu "
			       "(expected multiples of %zu)",
			       c->path, st->name, (unsigned long long)st->sh.sh_entsize,
			       (unsigned long long)st->size, sizeof(Elf64_Sym));
	if (st->sh.sh_link == 0 || st->sh.sh_link >= c->sec_cnt ||
	    c->secs[st->sh.sh_link].sh.sh_type != SHT_STRTAB)
		return ELF_BAD(c, "%s: section '%s': string table link %u is not a string table",
			       c->path, st->name, st->sh.sh_link);
	c->strtab = st->sh.sh_link;
	c->sym_cnt = st->size / sizeof(Elf64_Sym);
	if (!c->sym_cnt)
		return 0;
	c->syms = calloc(c->sym_cnt, sizeof(*c->syms));
	if (!c->syms)
		return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
	for (u32 i = 0; i < c->sym_cnt; i++) {
		Elf64_Sym raw;

		memcpy(&raw, st->data + (size_t)i * sizeof(raw), sizeof(raw));
		c->syms[i].st_name = raw.st_name;
		c->syms[i].st_info = raw.st_info;
		c->syms[i].st_other = raw.st_other;
		c->syms[i].st_shndx = raw.st_shndx;
		c->syms[i].st_value = raw.st_value;
		c->syms[i].st_size = raw.st_size;
		if (raw.st_shndx >= c->sec_cnt && raw.st_shndx < SHN_LORESERVE)
			return ELF_BAD(c, "%s: symbol %u points to section %u (only %zu sections)",
				       c->path, i, raw.st_shndx, c->sec_cnt);
	}
	return 0;
}

/* Mirrors the section walk of bpf_object__elf_collect(). */
static int classify_sections(struct elf_ctx *c)
{
	for (size_t i = 1; i < c->sec_cnt; i++) {
		struct elf_sec *s = &c->secs[i];
		const GElf_Shdr *sh = &s->sh;
		const char *n = s->name;

		if (sh->sh_type == SHT_STRTAB || sh->sh_type == SHT_LLVM_ADDRSIG ||
		    is_dwarf_name(n))
			continue;
		if (strcmp(n, "license") == 0) {
			/* libbpf keeps at most 63 characters (bpf_object__init_license()) */
			size_t l = s->data ? strnlen((const char *)s->data,
						     s->size < 63 ? s->size : 63)
					   : 0;

			free(c->obj->license);
			c->obj->license = strndup(s->data ? (const char *)s->data : "", l);
			if (!c->obj->license)
				return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
		} else if (strcmp(n, "version") == 0) {
			if (s->size != 4 || !s->data)
				return ELF_BAD(c, "%s: section 'version': size %llu, expected 4",
					       c->path, (unsigned long long)s->size);
			memcpy(&c->obj->kern_version, s->data, 4);
		} else if (strcmp(n, "maps") == 0) {
			s->kind = ESEC_MAPS;
			c->legacy_maps = i;
		} else if (strcmp(n, ".maps") == 0) {
			s->kind = ESEC_BTF_MAPS;
			c->btf_maps = i;
		} else if (strcmp(n, ".BTF") == 0 || strcmp(n, ".BTF.ext") == 0) {
			if (sh->sh_type != SHT_PROGBITS)
				return ELF_BAD(c, "%s: section '%s' has type %u, expected PROGBITS",
					       c->path, n, sh->sh_type);
		} else if (sh->sh_type == SHT_PROGBITS && s->size > 0) {
			if (sh->sh_flags & SHF_EXECINSTR) {
				s->kind = ESEC_PROG;
				if (strcmp(n, ".text") == 0)
					c->text = i;
			} else if (strcmp(n, ".data") == 0 || has_prefix(n, ".data.")) {
				s->kind = ESEC_DATA;
			} else if (strcmp(n, ".rodata") == 0 || has_prefix(n, ".rodata.")) {
				s->kind = ESEC_RODATA;
			} else if (strcmp(n, ".addr_space.1") == 0) {
				s->kind = ESEC_ARENA;
				c->arena_sec = i;
			}
		} else if (sh->sh_type == SHT_REL) {
			if (sh->sh_entsize != sizeof(Elf64_Rel) || s->size % sizeof(Elf64_Rel))
				return ELF_BAD(c,
					       "%s: section '%s': relocation entry size %llu, "
					       "table size %llu (expected multiples of %zu)",
					       c->path, n, (unsigned long long)sh->sh_entsize,
					       (unsigned long long)s->size, sizeof(Elf64_Rel));
			if (sh->sh_info >= c->sec_cnt)
				return ELF_BAD(c,
					       "%s: section '%s': relocates section %u (only %zu "
					       "sections)",
					       c->path, n, sh->sh_info, c->sec_cnt);
			s->kind = ESEC_REL;
		} else if (sh->sh_type == SHT_NOBITS &&
			   (strcmp(n, ".bss") == 0 || has_prefix(n, ".bss."))) {
			s->kind = ESEC_BSS;
		}
	}
	return 0;
}

static int load_btf(struct elf_ctx *c)
{
	s32 bi = elf_sec_by_name(c, ".BTF");
	s32 be = elf_sec_by_name(c, ".BTF.ext");

	if (bi > 0 && c->secs[bi].data) {
		const struct elf_sec *s = &c->secs[bi];

		if (s->size > UINT32_MAX)
			return ELF_BAD(c, "%s: section '.BTF': size %llu too large", c->path,
				       (unsigned long long)s->size);
		errno = 0;
		c->btf = btf_checked(btf__new(s->data, (u32)s->size));
		if (!c->btf) {
			int e = errno ? errno : EINVAL;

			return ELF_BAD(c,
				       "%s: section '.BTF' (offset 0x%llx, %llu bytes): invalid "
				       "BTF: %s",
				       c->path, (unsigned long long)s->sh.sh_offset,
				       (unsigned long long)s->size, strerror(e));
		}
	}
	if (be > 0 && c->secs[be].data && c->btf)
		return btf_ext_parse(c, c->secs[be].data, c->secs[be].size);
	return 0;
}

/* ---- functions (programs and subprograms) ---------------------------------------------------- */

static int fn_cmp(const void *a, const void *b)
{
	const struct elf_fn *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Mirrors bpf_object__add_programs(): every STT_FUNC symbol of an executable section. */
static int collect_functions(struct elf_ctx *c)
{
	u32 n = 0;

	for (u32 i = 0; i < c->sym_cnt; i++) {
		const GElf_Sym *s = &c->syms[i];

		if (GELF_ST_TYPE(s->st_info) == STT_FUNC && s->st_shndx > 0 &&
		    s->st_shndx < c->sec_cnt && c->secs[s->st_shndx].kind == ESEC_PROG)
			n++;
	}
	c->fns = calloc(n ? n : 1, sizeof(*c->fns));
	if (!c->fns)
		return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
	for (u32 i = 0; i < c->sym_cnt; i++) {
		const GElf_Sym *s = &c->syms[i];
		struct elf_sec *sec;
		struct elf_fn *f;
		int bind, vis;

		if (GELF_ST_TYPE(s->st_info) != STT_FUNC || s->st_shndx == 0 ||
		    s->st_shndx >= c->sec_cnt || c->secs[s->st_shndx].kind != ESEC_PROG)
			continue;
		sec = &c->secs[s->st_shndx];
		if (s->st_value > sec->size || s->st_size > sec->size - s->st_value)
			return ELF_BAD(c,
				       "%s: section '%s': function '%s' at offset %llu size %llu "
				       "crosses the section end (%llu bytes)",
				       c->path, sec->name, elf_sym_name(c, s),
				       (unsigned long long)s->st_value,
				       (unsigned long long)s->st_size,
				       (unsigned long long)sec->size);
		if (s->st_value % INSN_SZ || s->st_size % INSN_SZ)
			return ELF_BAD(c,
				       "%s: section '%s': function '%s' at offset %llu size %llu "
				       "is not instruction-aligned",
				       c->path, sec->name, elf_sym_name(c, s),
				       (unsigned long long)s->st_value,
				       (unsigned long long)s->st_size);
		bind = GELF_ST_BIND(s->st_info);
		vis = GELF_ST_VISIBILITY(s->st_other);
		if (s->st_shndx != c->text && bind == STB_LOCAL)
			return diag_error(c->d, -ENOTSUP,
					  "%s: sec '%s': program '%s' is static and not supported",
					  c->path, sec->name, elf_sym_name(c, s));
		f = &c->fns[c->fn_cnt++];
		f->name = elf_sym_name(c, s);
		f->sec = s->st_shndx;
		f->off = s->st_value / INSN_SZ;
		f->cnt = s->st_size / INSN_SZ;
		f->is_sub = s->st_shndx == c->text;
		f->global = bind != STB_LOCAL;
		f->hidden = f->global && (vis == STV_HIDDEN || vis == STV_INTERNAL);
		f->st_member = -1;
	}
	qsort(c->fns, c->fn_cnt, sizeof(*c->fns), fn_cmp);
	for (u32 i = 1; i < c->fn_cnt; i++) {
		const struct elf_fn *a = &c->fns[i - 1], *b = &c->fns[i];

		if (a->sec == b->sec && a->off + a->cnt > b->off)
			return ELF_BAD(c, "%s: section '%s': functions '%s' and '%s' overlap",
				       c->path, c->secs[a->sec].name, a->name, b->name);
	}
	/* working copies of the code, for CO-RE and as the source of every program */
	for (size_t i = 1; i < c->sec_cnt; i++) {
		struct elf_sec *s = &c->secs[i];

		if (s->kind != ESEC_PROG)
			continue;
		if (s->size % INSN_SZ)
			return ELF_BAD(c, "%s: section '%s': size %llu is not a multiple of 8",
				       c->path, s->name, (unsigned long long)s->size);
		s->insn_cnt = s->size / INSN_SZ;
		s->insns = malloc(s->size);
		if (!s->insns)
			return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
		memcpy(s->insns, s->data, s->size);
	}
	return 0;
}

/* The function of section sec that contains instruction idx (find_prog_by_sec_insn()). */
static struct elf_fn *fn_at(const struct elf_ctx *c, u32 sec, u64 idx)
{
	u32 lo = 0, hi = c->fn_cnt;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct elf_fn *f = &c->fns[mid];

		if (f->sec < sec || (f->sec == sec && f->off <= idx))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	if (c->fns[lo - 1].sec != sec || idx >= (u64)c->fns[lo - 1].off + c->fns[lo - 1].cnt)
		return NULL;
	return &c->fns[lo - 1];
}

/* ---- externs ---------------------------------------------------------------------------- */

static bool sym_is_extern(const GElf_Sym *s)
{
	int bind = GELF_ST_BIND(s->st_info);

	return s->st_shndx == SHN_UNDEF && (bind == STB_GLOBAL || bind == STB_WEAK) &&
	       GELF_ST_TYPE(s->st_info) == STT_NOTYPE;
}

/* The members of a DATASEC (".kconfig", ".ksyms") sorted by name, so that looking up every
 * extern stays O(n log n). */
struct ds_index {
	struct ds_ent {
		const char *name;
		u32 type;
		bool is_func;
	} * ents;
	u32 cnt;
};

static int ds_ent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ds_ent *)a)->name, ((const struct ds_ent *)b)->name);
}

static int ds_index_build(const struct btf *btf, const char *sec, struct ds_index *ix)
{
	s32 ds = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	const struct btf_type *t;
	const struct btf_var_secinfo *vs;

	ix->ents = NULL;
	ix->cnt = 0;
	if (ds <= 0)
		return 0;
	t = btf__type_by_id(btf, ds);
	vs = btf_var_secinfos(t);
	ix->ents = calloc(btf_vlen(t) ? btf_vlen(t) : 1, sizeof(*ix->ents));
	if (!ix->ents)
		return -ENOMEM;
	for (u32 i = 0; i < btf_vlen(t); i++, vs++) {
		const struct btf_type *v = btf__type_by_id(btf, vs->type);
		const char *vn = v ? btf__name_by_offset(btf, v->name_off) : NULL;

		if (!vn)
			continue;
		ix->ents[ix->cnt++] = (struct ds_ent){vn, vs->type, btf_is_func(v)};
	}
	qsort(ix->ents, ix->cnt, sizeof(*ix->ents), ds_ent_cmp);
	return 0;
}

/* The BTF VAR or FUNC named name in the index; 0 if none. */
static u32 ds_index_find(const struct ds_index *ix, const char *name, bool *is_func)
{
	struct ds_ent key = {.name = name};
	const struct ds_ent *e =
		ix->cnt ? bsearch(&key, ix->ents, ix->cnt, sizeof(key), ds_ent_cmp) : NULL;

	if (!e)
		return 0;
	*is_func = e->is_func;
	return e->type;
}

/* Alignment of a type, as btf__align_of() computes it, but bounded in depth and in total work
 * (*budget visits: shared member types could otherwise make it exponential) and safe on type ids
 * that point nowhere (libbpf 1.1 does not check them there). 0 if unknown. */
static u32 type_align(const struct btf *btf, u32 id, int depth, u32 *budget)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	u32 a = 1;

	if (!t || depth > 32 || *budget == 0)
		return 0;
	(*budget)--;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FLOAT:
		return t->size ? (t->size < 8 ? t->size : 8) : 0;
	case BTF_KIND_PTR:
		return 8;
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return type_align(btf, t->type, depth + 1, budget);
	case BTF_KIND_ARRAY:
		return type_align(btf, btf_array(t)->type, depth + 1, budget);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (u32 i = 0; i < btf_vlen(t); i++) {
			u32 m = type_align(btf, btf_members(t)[i].type, depth + 1, budget);

			if (!m)
				return 0;
			if (m > a)
				a = m;
		}
		return a;
	default:
		return 0;
	}
}

static int ext_cmp(const void *a, const void *b)
{
	const struct elf_ext *x = a, *y = b;
	bool kx = x->kind == EEXT_KCFG, ky = y->kind == EEXT_KCFG;

	if (kx != ky)
		return kx ? -1 : 1;
	if (kx) {
		/* libbpf's .kconfig layout: by alignment descending, size ascending, then name */
		if (x->kcfg_align != y->kcfg_align)
			return x->kcfg_align > y->kcfg_align ? -1 : 1;
		if (x->kcfg_size != y->kcfg_size)
			return x->kcfg_size < y->kcfg_size ? -1 : 1;
	}
	return strcmp(x->name, y->name);
}

static int classify_externs(struct elf_ctx *c, const struct ds_index *kcfg,
			    const struct ds_index *ksyms);
static int layout_kconfig(struct elf_ctx *c);

/* Mirrors bpf_object__collect_externs(), as far as the layout of .kconfig and the kind of
 * each extern go (values are not resolved: there is no kernel). */
static int collect_externs(struct elf_ctx *c)
{
	struct ds_index kcfg = {0}, ksyms = {0};
	u32 n = 0;
	int err;

	for (u32 i = 0; i < c->sym_cnt; i++)
		if (sym_is_extern(&c->syms[i]) && c->syms[i].st_name)
			n++;
	if (!n)
		return 0;
	c->exts = calloc(n, sizeof(*c->exts));
	if (!c->exts)
		return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
	if (c->btf && (ds_index_build(c->btf, ".kconfig", &kcfg) ||
		       ds_index_build(c->btf, ".ksyms", &ksyms))) {
		err = diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
		goto out;
	}
	err = classify_externs(c, &kcfg, &ksyms);
out:
	free(kcfg.ents);
	free(ksyms.ents);
	if (err)
		return err;
	return layout_kconfig(c);
}

/* Each undefined global symbol: kconfig value, kfunc, typed or typeless ksym. */
static int classify_externs(struct elf_ctx *c, const struct ds_index *kcfg,
			    const struct ds_index *ksyms)
{
	for (u32 i = 0; i < c->sym_cnt; i++) {
		const GElf_Sym *s = &c->syms[i];
		struct elf_ext *e;
		bool is_func = false;
		u32 id;

		if (!sym_is_extern(s) || !s->st_name)
			continue;
		e = &c->exts[c->ext_cnt++];
		e->name = elf_sym_name(c, s);
		e->sym = i;
		e->weak = GELF_ST_BIND(s->st_info) == STB_WEAK;
		e->kind = EEXT_KSYM;
		if (!c->btf)
			continue;
		id = ds_index_find(kcfg, e->name, &is_func);
		if (id) {
			const struct btf_type *v = btf__type_by_id(c->btf, id);
			s64 sz = btf__resolve_size(c->btf, v->type);
			u32 budget = 100000;
			int al = (int)type_align(c->btf, v->type, 0, &budget);

			if (sz <= 0 || sz > 4096 || al <= 0)
				return ELF_BAD(c,
					       "%s: extern (kcfg) '%s': bad type size %lld / "
					       "alignment %d",
					       c->path, e->name, (long long)sz, al);
			e->kind = EEXT_KCFG;
			e->kcfg_size = sz;
			e->kcfg_align = al;
			e->kcfg_type = elf_kcfg_kind(c->btf, v->type, &e->kcfg_signed);
			continue;
		}
		id = ds_index_find(ksyms, e->name, &is_func);
		if (id && is_func) {
			e->kind = EEXT_KFUNC;
		} else if (id) {
			const struct btf_type *v = btf__type_by_id(c->btf, id);
			s32 t = btf__resolve_type(c->btf, v->type);

			if (v->type == 0 || t <= 0)
				e->kind = EEXT_KSYM_TYPELESS;
		}
	}
	return 0;
}

/* Mirrors the .kconfig layout of bpf_object__collect_externs() and creates the map. */
static int layout_kconfig(struct elf_ctx *c)
{
	u32 off = 0;

	qsort(c->exts, c->ext_cnt, sizeof(*c->exts), ext_cmp);
	for (u32 i = 0; i < c->ext_cnt; i++) {
		struct elf_ext *e = &c->exts[i];

		if (e->kind != EEXT_KCFG)
			continue;
		off = (off + e->kcfg_align - 1) / e->kcfg_align * e->kcfg_align;
		e->kcfg_off = off;
		off += e->kcfg_size;
		if (off > (1u << 20))
			return ELF_BAD(c, "%s: __kconfig externs take more than 1 MiB", c->path);
	}
	c->sym_ext = malloc(c->sym_cnt * sizeof(*c->sym_ext));
	c->ext_gen = calloc(c->ext_cnt, sizeof(*c->ext_gen));
	c->ext_slot = calloc(c->ext_cnt, sizeof(*c->ext_slot));
	if (!c->sym_ext || !c->ext_gen || !c->ext_slot)
		return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
	for (u32 i = 0; i < c->sym_cnt; i++)
		c->sym_ext[i] = -1;
	for (u32 i = 0; i < c->ext_cnt; i++)
		c->sym_ext[c->exts[i].sym] = i;
	if (off) {
		struct map_def *m = elf_map_add(c, 0, 0);

		if (!m || !(m->name = strdup(".kconfig")))
			return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
		m->type = BPF_MAP_TYPE_ARRAY;
		m->key_size = 4;
		m->value_size = off;
		m->max_entries = 1;
		m->flags = BPF_F_RDONLY_PROG | BPF_F_MMAPABLE;
		m->internal = true;
		c->kconfig_map = c->obj->map_cnt - 1;
		return elf_kconfig_fill(c);
	}
	return 0;
}

static struct elf_ext *ext_by_sym(const struct elf_ctx *c, u32 sym)
{
	s32 i = c->sym_ext ? c->sym_ext[sym] : -1;

	return i >= 0 ? &c->exts[i] : NULL;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp((*(struct elf_ext *const *)a)->name, (*(struct elf_ext *const *)b)->name);
}

/* Mirrors bpf_object__read_kallsyms_file() for typeless ksyms: the address of each in
 * /proc/kallsyms (BPFVET_KALLSYMS names another file, "" none). A symbol that is present stands
 * as its address, or a fixed non-zero kernel address when the file hides addresses
 * (kptr_restrict); a missing weak one is 0; a missing strong one makes libbpf fail the load.
 * Without a readable file every address is the stand-in (present is the common case). */
static int resolve_typeless(struct elf_ctx *c)
{
	const char *path = getenv("BPFVET_KALLSYMS");
	struct elf_ext **tl;
	u32 n = 0;
	FILE *f;
	char line[512];

	for (u32 i = 0; i < c->ext_cnt; i++)
		if (c->exts[i].kind == EEXT_KSYM_TYPELESS) {
			c->exts[i].addr = 0xffffffff81000000ull + 8ull * i;
			n++;
		}
	if (!n)
		return 0;
	f = path ? (*path ? fopen(path, "r") : NULL) : fopen("/proc/kallsyms", "r");
	if (!f)
		return 0;
	tl = malloc(n * sizeof(*tl));
	if (!tl) {
		fclose(f);
		return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
	}
	n = 0;
	for (u32 i = 0; i < c->ext_cnt; i++)
		if (c->exts[i].kind == EEXT_KSYM_TYPELESS) {
			c->exts[i].addr = 0;
			tl[n++] = &c->exts[i];
		}
	qsort(tl, n, sizeof(*tl), name_cmp);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		char type, name[256];
		struct elf_ext key, *kp = &key, **hit;

		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3)
			continue;
		key.name = name;
		hit = bsearch(&kp, tl, n, sizeof(*tl), name_cmp);
		if (hit && !(*hit)->addr)
			(*hit)->addr =
				addr ? addr : 0xffffffff81000000ull + 8ull * (*hit - c->exts);
	}
	fclose(f);
	for (u32 i = 0; i < n; i++)
		tl[i]->missing = !tl[i]->addr;
	free(tl);
	return 0;
}

/* Is there a BTF kind `kind` named name in some kernel module's BTF (/sys/kernel/btf/<module>,
 * split on top of the kernel's)? Only consulted for names vmlinux lacks; the module BTFs are
 * read once per object. */
static bool in_module_btf(struct elf_ctx *c, struct btf *vmlinux, const char *name, u32 kind)
{
	if (!c->mods_loaded) {
		const char *dir = getenv("BPFVET_KERNEL_BTF") ? NULL : "/sys/kernel/btf";
		struct dirent *de;
		DIR *d;

		c->mods_loaded = true;
		if (!dir || !(d = opendir(dir)))
			return false;
		while ((de = readdir(d)) && c->mod_cnt < 4096) {
			char path[512];
			struct btf *m, **n;

			if (de->d_name[0] == '.' || strcmp(de->d_name, "vmlinux") == 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			m = btf_checked(btf__parse_split(path, vmlinux));
			if (!m)
				continue;
			n = realloc(c->mods, (c->mod_cnt + 1) * sizeof(*n));
			if (!n) {
				btf__free(m);
				break;
			}
			c->mods = n;
			c->mods[c->mod_cnt++] = m;
		}
		closedir(d);
	}
	for (u32 i = 0; i < c->mod_cnt; i++)
		if (btf__find_by_name_kind(c->mods[i], name, kind) > 0)
			return true;
	return false;
}

/* Mirrors find_kernel_btf_id(): the BTF type a tracing/LSM/iterator program attaches to must
 * exist in the kernel (or a module); true when it does or when there is no kernel BTF to ask. */
static bool attach_target_exists(struct elf_ctx *c, u32 attach_type, const char *target)
{
	struct btf *vm = elf_kernel_btf(c);
	const char *prefix = "", *colon = strchr(target, ':');
	u32 kind = BTF_KIND_FUNC;
	char name[256];

	if (!vm)
		return true;
	if (colon)
		target = colon + 1; /* "module:function": any module will do here */
	if (attach_type == BPF_TRACE_RAW_TP) {
		prefix = "btf_trace_";
		kind = BTF_KIND_TYPEDEF;
	} else if (attach_type == BPF_LSM_MAC || attach_type == BPF_LSM_CGROUP) {
		prefix = "bpf_lsm_";
	} else if (attach_type == BPF_TRACE_ITER) {
		prefix = "bpf_iter_";
	}
	if ((size_t)snprintf(name, sizeof(name), "%s%s", prefix, target) >= sizeof(name))
		return false;
	return btf__find_by_name_kind(vm, name, kind) > 0 || in_module_btf(c, vm, name, kind);
}

/* Mirrors bpf_object__resolve_ksyms_btf_id(): kfuncs and typed ksyms must exist in the kernel's
 * BTF (or a module's). Without kernel BTF nothing is decided here. What happens to a missing one
 * is decided where it is used (reloc_data()). */
static int resolve_kernel_externs(struct elf_ctx *c)
{
	struct btf *vm = NULL;

	for (u32 i = 0; i < c->ext_cnt; i++) {
		struct elf_ext *e = &c->exts[i];
		u32 kind;

		if (e->kind != EEXT_KFUNC && e->kind != EEXT_KSYM)
			continue;
		if (!vm && !(vm = elf_kernel_btf(c)))
			return 0;
		kind = e->kind == EEXT_KFUNC ? BTF_KIND_FUNC : BTF_KIND_VAR;
		if (btf__find_by_name_kind(vm, e->name, kind) <= 0 &&
		    !in_module_btf(c, vm, e->name, kind))
			e->missing = true;
	}
	return 0;
}

/* ---- relocations ------------------------------------------------------------------------- */

static bool is_call(const struct insn *i)
{
	return i->code == (BPF_JMP | BPF_CALL);
}

static bool is_ldimm64(const struct insn *i)
{
	return i->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static bool is_subprog_call(const struct insn *i)
{
	return is_call(i) && i->src == BPF_PSEUDO_CALL && i->dst == 0 && i->off == 0;
}

static bool is_pseudo_func(const struct insn *i)
{
	return is_ldimm64(i) && i->src == BPF_PSEUDO_FUNC;
}

static s32 data_map_of(const struct elf_ctx *c, u32 shndx)
{
	const struct elf_sec *s = &c->secs[shndx];

	if (s->kind == ESEC_DATA || s->kind == ESEC_RODATA || s->kind == ESEC_BSS)
		return s->map_idx;
	return -1;
}

/* The user map declared at (sec, off), or -1 (binary search over the sorted locations). */
static s32 map_by_loc(const struct elf_ctx *c, u32 sec, u64 off)
{
	u32 lo = 0, hi = c->map_order_cnt;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct elf_map_loc *l = &c->map_locs[c->map_order[mid]];

		if (l->sec == sec && l->off == off)
			return c->map_order[mid];
		if (l->sec < sec || (l->sec == sec && l->off < off))
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int map_loc_cmp(const void *a, const void *b, void *arg)
{
	const struct elf_ctx *sort_ctx = arg;
	const struct elf_map_loc *x = &sort_ctx->map_locs[*(const u32 *)a];
	const struct elf_map_loc *y = &sort_ctx->map_locs[*(const u32 *)b];

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return *(const u32 *)a < *(const u32 *)b ? -1 : 1; /* first declared wins */
}

static int build_map_index(struct elf_ctx *c)
{
	u32 n = 0;

	c->map_order = malloc((c->map_loc_cnt ? c->map_loc_cnt : 1) * sizeof(u32));
	if (!c->map_order)
		return -ENOMEM;
	for (u32 i = 0; i < c->map_loc_cnt; i++)
		if (c->map_locs[i].sec)
			c->map_order[n++] = i;
	qsort_r(c->map_order, n, sizeof(u32), map_loc_cmp, c);
	/* duplicates: keep only the first of each location */
	c->map_order_cnt = 0;
	for (u32 i = 0; i < n; i++) {
		const struct elf_map_loc *l = &c->map_locs[c->map_order[i]];
		const struct elf_map_loc *p =
			c->map_order_cnt ? &c->map_locs[c->map_order[c->map_order_cnt - 1]] : NULL;

		if (p && p->sec == l->sec && p->off == l->off)
			continue;
		c->map_order[c->map_order_cnt++] = c->map_order[i];
	}
	return 0;
}

/* Mirrors bpf_program__record_reloc(): classify one relocation of function f. */
static int record_reloc(struct elf_ctx *c, const char *rsec, u32 ri, struct elf_fn *f, u32 idx,
			u32 symi)
{
	const GElf_Sym *sym = &c->syms[symi];
	struct insn *in = &c->secs[f->sec].insns[f->off + idx];
	const char *sname = elf_sym_name(c, sym);
	struct elf_rel r = {.insn = idx, .sym_off = sym->st_value, .idx = -1};
	struct elf_rel *n;
	u32 shndx = sym->st_shndx;

	if (!is_call(in) && !is_ldimm64(in))
		return ELF_BAD(c,
			       "%s: section '%s': relocation %u: against '%s' for insns[%u] of "
			       "'%s' with code 0x%x (not a call or ld_imm64)",
			       c->path, rsec, ri, sname, idx, f->name, in->code);
	if (is_ldimm64(in) && idx + 1 >= f->cnt)
		return ELF_BAD(c,
			       "%s: section '%s': relocation %u: ld_imm64 at the last "
			       "instruction of '%s'",
			       c->path, rsec, ri, f->name);
	if (sym_is_extern(sym)) {
		struct elf_ext *e = ext_by_sym(c, symi);

		if (!e)
			return ELF_BAD(c,
				       "%s: section '%s': relocation %u: extern '%s' (symbol %u) "
				       "not found",
				       c->path, rsec, ri, sname, symi);
		r.kind = is_call(in) ? EREL_EXTERN_CALL : EREL_EXTERN_LD;
		r.idx = e - c->exts;
		if (r.kind == EREL_EXTERN_CALL)
			e->kind = EEXT_KFUNC;
		else if (e->kind == EEXT_KFUNC)
			/* taking a kfunc's address: libbpf treats it as a ksym */
			e->kind = EEXT_KSYM;
	} else if (is_call(in)) {
		if (in->src != BPF_PSEUDO_CALL)
			return ELF_BAD(c,
				       "%s: section '%s': relocation %u: call in '%s' insn %u has "
				       "src_reg %u (incorrect bpf_call opcode)",
				       c->path, rsec, ri, f->name, idx, in->src);
		if (!shndx || shndx != c->text)
			return ELF_BAD(c,
				       "%s: section '%s': relocation %u: bad call relo against "
				       "'%s' in section '%s'",
				       c->path, rsec, ri, sname,
				       shndx < c->sec_cnt ? c->secs[shndx].name : "?");
		if (sym->st_value % INSN_SZ)
			return ELF_BAD(c,
				       "%s: section '%s': relocation %u: bad call relo against "
				       "'%s' at offset %llu",
				       c->path, rsec, ri, sname, (unsigned long long)sym->st_value);
		r.kind = EREL_CALL;
	} else if (!shndx || shndx >= SHN_LORESERVE || shndx >= c->sec_cnt) {
		return ELF_BAD(c,
			       "%s: section '%s': relocation %u: invalid relo against '%s' in "
			       "special section 0x%x; forgot to initialize global var?..",
			       c->path, rsec, ri, sname, shndx);
	} else if (shndx == c->text && ((GELF_ST_BIND(sym->st_info) == STB_LOCAL &&
					 GELF_ST_TYPE(sym->st_info) == STT_SECTION) ||
					((GELF_ST_BIND(sym->st_info) == STB_GLOBAL ||
					  GELF_ST_BIND(sym->st_info) == STB_WEAK) &&
					 GELF_ST_TYPE(sym->st_info) == STT_FUNC))) {
		if (sym->st_value % INSN_SZ || in->imm % (s32)INSN_SZ)
			return ELF_BAD(c,
				       "%s: section '%s': relocation %u: bad subprog addr relo "
				       "against '%s' at offset %llu+%d",
				       c->path, rsec, ri, sname, (unsigned long long)sym->st_value,
				       in->imm);
		r.kind = EREL_SUBPROG_ADDR;
		/* libbpf marks these before relocating calls (bpf_object__relocate()) */
		in->src = BPF_PSEUDO_FUNC;
	} else if (c->arena_sec && shndx == c->arena_sec) {
		if (c->arena_map < 0)
			return ELF_BAD(c,
				       "%s: section '%s': relocation %u: bad arena data "
				       "relocation at insn %u, no arena maps defined",
				       c->path, rsec, ri, idx);
		r.kind = EREL_DATA;
		r.idx = c->arena_map;
	} else if (shndx == c->btf_maps || shndx == c->legacy_maps) {
		r.kind = EREL_MAP;
		r.idx = map_by_loc(c, shndx, sym->st_value);
		if (r.idx < 0)
			return ELF_BAD(c,
				       "%s: section '%s': relocation %u: map relo failed to find "
				       "map for section '%s', off %llu",
				       c->path, rsec, ri, c->secs[shndx].name,
				       (unsigned long long)sym->st_value);
	} else {
		r.kind = EREL_DATA;
		r.idx = data_map_of(c, shndx);
		if (r.idx < 0)
			return ELF_BAD(c,
				       "%s: section '%s': relocation %u: bad data relo against "
				       "section '%s'",
				       c->path, rsec, ri, c->secs[shndx].name);
	}
	n = realloc(f->rels, (f->rel_cnt + 1) * sizeof(*n));
	if (!n)
		return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
	f->rels = n;
	f->rels[f->rel_cnt++] = r;
	return 0;
}

static int rel_cmp(const void *a, const void *b)
{
	const struct elf_rel *x = a, *y = b;

	return x->insn < y->insn ? -1 : x->insn > y->insn;
}

static int collect_relocs_of(struct elf_ctx *c);

/* Mirrors bpf_object__collect_prog_relos() for every relocation section of executable code,
 * then sorts each function's relocations by instruction. */
static int collect_relocs(struct elf_ctx *c)
{
	int err = collect_relocs_of(c);

	if (err)
		return err;
	for (u32 i = 0; i < c->fn_cnt; i++)
		if (c->fns[i].rel_cnt > 1)
			qsort(c->fns[i].rels, c->fns[i].rel_cnt, sizeof(struct elf_rel), rel_cmp);
	return 0;
}

static int collect_relocs_of(struct elf_ctx *c)
{
	if (build_map_index(c))
		return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
	for (size_t i = 1; i < c->sec_cnt; i++) {
		const struct elf_sec *rs = &c->secs[i];
		const struct elf_sec *ts;
		u64 nrel;

		if (rs->kind != ESEC_REL || c->secs[rs->sh.sh_info].kind != ESEC_PROG)
			continue;
		ts = &c->secs[rs->sh.sh_info];
		nrel = rs->size / sizeof(Elf64_Rel);
		for (u64 k = 0; k < nrel; k++) {
			Elf64_Rel rel;
			u32 symi;
			struct elf_fn *f;
			int err;

			memcpy(&rel, rs->data + k * sizeof(rel), sizeof(rel));
			symi = ELF64_R_SYM(rel.r_info);
			if (symi >= c->sym_cnt)
				return ELF_BAD(
					c,
					"%s: section '%s': relocation %llu: symbol %u out of "
					"range (%u symbols)",
					c->path, rs->name, (unsigned long long)k, symi, c->sym_cnt);
			if (rel.r_offset % INSN_SZ || rel.r_offset >= ts->size)
				return ELF_BAD(c,
					       "%s: section '%s': relocation %llu: invalid offset "
					       "0x%llx (section '%s' has %llu bytes)",
					       c->path, rs->name, (unsigned long long)k,
					       (unsigned long long)rel.r_offset, ts->name,
					       (unsigned long long)ts->size);
			f = fn_at(c, rs->sh.sh_info, rel.r_offset / INSN_SZ);
			if (!f)
				continue; /* not inside any function (overridden weak function) */
			err = record_reloc(c, rs->name, (u32)k, f, rel.r_offset / INSN_SZ - f->off,
					   symi);
			if (err)
				return err;
		}
	}
	return 0;
}

/* ---- struct_ops ------------------------------------------------------------------------- */

/* libbpf loads a struct_ops program with the member's index in the kernel's struct (found by
 * name); without kernel BTF, or if absent there, the object's own index stands. */
static s32 kernel_member_index(struct elf_ctx *c, const char *st, const char *member, u32 local)
{
	struct btf *vm = elf_kernel_btf(c);
	const struct btf_type *t;
	s32 id;

	if (!vm || !member)
		return local;
	id = btf__find_by_name_kind(vm, st, BTF_KIND_STRUCT);
	t = id > 0 ? btf__type_by_id(vm, id) : NULL;
	for (u32 i = 0; t && i < btf_vlen(t); i++) {
		const char *n = btf__name_by_offset(vm, btf_members(t)[i].name_off);

		if (n && strcmp(n, member) == 0)
			return i;
	}
	return local;
}

static bool is_st_ops_sec(const char *n)
{
	return strcmp(n, ".struct_ops") == 0 || strcmp(n, ".struct_ops.link") == 0 ||
	       strcmp(n, "?.struct_ops") == 0 || strcmp(n, "?.struct_ops.link") == 0;
}

/* Mirrors bpf_object__collect_st_ops_relos(): a relocation at offset X of a .struct_ops section
 * points a function-pointer member of a struct_ops variable at a program. The program then
 * implements "struct:member" and libbpf loads it with expected_attach_type = member index. */
static int collect_struct_ops(struct elf_ctx *c)
{
	for (size_t i = 1; i < c->sec_cnt; i++) {
		const struct elf_sec *rs = &c->secs[i];
		const struct elf_sec *ts;
		u32 tsec;
		s32 ds;
		const struct btf_type *dt;

		if (rs->kind != ESEC_REL || !c->btf)
			continue;
		tsec = rs->sh.sh_info;
		ts = &c->secs[tsec];
		if (!is_st_ops_sec(ts->name))
			continue;
		ds = btf__find_by_name_kind(c->btf, ts->name, BTF_KIND_DATASEC);
		if (ds <= 0)
			continue;
		dt = btf__type_by_id(c->btf, ds);
		for (u64 k = 0; k < rs->size / sizeof(Elf64_Rel); k++) {
			const struct btf_var_secinfo *vs = btf_var_secinfos(dt);
			Elf64_Rel rel;
			u32 symi;
			const GElf_Sym *sym;

			memcpy(&rel, rs->data + k * sizeof(rel), sizeof(rel));
			symi = ELF64_R_SYM(rel.r_info);
			if (symi >= c->sym_cnt)
				return ELF_BAD(
					c,
					"%s: section '%s': relocation %llu: symbol %u out of "
					"range (%u symbols)",
					c->path, rs->name, (unsigned long long)k, symi, c->sym_cnt);
			sym = &c->syms[symi];
			for (u32 v = 0; v < btf_vlen(dt); v++, vs++) {
				const struct btf_type *var = btf__type_by_id(c->btf, vs->type);
				const struct btf_type *st;
				const char *vname, *sname;
				u64 voff = UINT64_MAX;
				struct elf_fn *fn = NULL;

				if (!var || !btf_is_var(var))
					continue;
				vname = btf__name_by_offset(c->btf, var->name_off);
				if (vname && elf_sym_find(c, tsec, vname))
					voff = elf_sym_find(c, tsec, vname)->st_value;
				st = btf__type_by_id(c->btf, var->type);
				while (st && (btf_is_mod(st) || btf_is_typedef(st)))
					st = btf__type_by_id(c->btf, st->type);
				if (voff == UINT64_MAX || !st || !btf_is_struct(st) ||
				    rel.r_offset < voff || rel.r_offset >= voff + st->size)
					continue;
				for (u32 f = 0; f < c->fn_cnt; f++)
					if (c->fns[f].sec == sym->st_shndx &&
					    (u64)c->fns[f].off * INSN_SZ == sym->st_value &&
					    !c->fns[f].is_sub)
						fn = &c->fns[f];
				sname = btf__name_by_offset(c->btf, st->name_off);
				for (u32 m = 0; fn && sname && m < btf_vlen(st); m++) {
					const char *mn;

					if (btf_member_bit_offset(st, m) !=
					    (rel.r_offset - voff) * 8)
						continue;
					mn = btf__name_by_offset(c->btf,
								 btf_members(st)[m].name_off);
					free(fn->st_ops);
					fn->st_ops =
						elf_strdup_printf("%s:%s", sname, mn ? mn : "");
					if (!fn->st_ops)
						return diag_error(c->d, -ENOMEM,
								  "%s: out of memory", c->path);
					fn->st_member = kernel_member_index(c, sname, mn, m);
				}
				break;
			}
		}
	}
	return 0;
}

/* ---- assembling one program ------------------------------------------------------------- */

struct asm_state {
	struct insn *insns;
	u32 cnt;
	u32 cap;
	struct elf_fn **order; /* functions in the order they were placed */
	u32 order_cnt;
	char *reject; /* a libbpf failure for this program */
	char *error;  /* an "unsupported: ..." for this program */
};

static int append_fn(struct elf_ctx *c, struct asm_state *st, struct elf_fn *f)
{
	const struct elf_sec *s = &c->secs[f->sec];
	struct elf_fn **o;

	if (st->cnt + (u64)f->cnt > st->cap) {
		u32 cap = st->cap ? st->cap : 64;
		struct insn *n;

		while (cap < st->cnt + (u64)f->cnt)
			cap *= 2;
		n = realloc(st->insns, (size_t)cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		st->insns = n;
		st->cap = cap;
	}
	o = realloc(st->order, (st->order_cnt + 1) * sizeof(*o));
	if (!o)
		return -ENOMEM;
	st->order = o;
	st->order[st->order_cnt++] = f;
	f->sub_off = st->cnt;
	f->appended = true;
	if (f->cnt)
		memcpy(st->insns + st->cnt, s->insns + f->off,
		       (size_t)f->cnt * sizeof(struct insn));
	st->cnt += f->cnt;
	for (u32 i = 0; i < s->core_err_cnt && !st->error; i++)
		if (s->core_errs[i].insn >= f->off && s->core_errs[i].insn < f->off + f->cnt)
			st->error = strdup(s->core_errs[i].msg);
	return 0;
}

/* The relocation of instruction idx of f (rels are sorted by instruction, as libbpf sorts them
 * in bpf_object__sort_relos()), or NULL. */
static const struct elf_rel *rel_at(const struct elf_fn *f, u32 idx)
{
	u32 lo = 0, hi = f->rel_cnt;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (f->rels[mid].insn == idx)
			return &f->rels[mid];
		if (f->rels[mid].insn < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void set_reject(struct asm_state *st, char *msg)
{
	if (!st->reject)
		st->reject = msg;
	else
		free(msg);
}

/* Mirrors bpf_object__reloc_code() (6.12) without recursion: functions are appended the first
 * time a call or callback reference to them is met, and processed right away (depth first), the
 * caller resuming afterwards. */
static int reloc_calls(struct elf_ctx *c, struct asm_state *st, struct elf_fn *start)
{
	struct frame {
		struct elf_fn *f;
		u32 next;
	} * stack;
	u32 depth = 0;
	int err = 0;

	if (!c->call_stack) {
		c->call_stack = malloc((c->fn_cnt + 1) * sizeof(*stack));
		if (!c->call_stack)
			return -ENOMEM;
	}
	stack = c->call_stack;
	stack[depth++] = (struct frame){start, 0};
	while (depth) {
		struct frame *fr = &stack[depth - 1];
		struct elf_fn *f = fr->f;
		const struct elf_rel *r;
		struct elf_fn *sub;
		struct insn *in;
		u64 target;
		u32 idx;

		if (fr->next >= f->cnt) {
			depth--;
			continue;
		}
		idx = fr->next++;
		in = &st->insns[f->sub_off + idx];
		if (!is_subprog_call(in) && !is_pseudo_func(in))
			continue;
		r = rel_at(f, idx);
		if (r && r->kind == EREL_EXTERN_CALL)
			continue;
		if (r && r->kind != EREL_CALL && r->kind != EREL_SUBPROG_ADDR) {
			set_reject(st, elf_strdup_printf("libbpf: prog '%s': unexpected relo for "
							 "insn #%u, type %u",
							 f->name, idx, r->kind));
			break;
		}
		if (r && r->kind == EREL_CALL)
			target = r->sym_off / INSN_SZ + (s64)in->imm + 1;
		else if (r)
			target = ((s64)r->sym_off + in->imm) / (s64)INSN_SZ;
		else if (is_pseudo_func(in)) {
			set_reject(st, elf_strdup_printf("libbpf: prog '%s': missing subprog addr "
							 "relo for insn #%u",
							 f->name, idx));
			break;
		} else
			target = (s64)f->off + idx + in->imm + 1;
		sub = c->text ? fn_at(c, c->text, target) : NULL;
		if (!sub) {
			set_reject(st,
				   elf_strdup_printf("libbpf: prog '%s': no .text section found "
						     "yet sub-program call exists",
						     f->name));
			break;
		}
		if (!sub->appended) {
			err = append_fn(c, st, sub);
			if (err)
				break;
			in = &st->insns[f->sub_off + idx];
			in->imm = (s32)((s64)sub->sub_off - (f->sub_off + idx) - 1);
			stack[depth++] = (struct frame){sub, 0};
			continue;
		}
		in->imm = (s32)((s64)sub->sub_off - (f->sub_off + idx) - 1);
	}
	return err;
}

/* The "exception_callback:NAME" decl tags of the object's BTF, collected once per object. */
static int collect_exc_tags(struct elf_ctx *c)
{
	static const char pfx[] = "exception_callback:";
	u32 n;

	if (!c->btf)
		return 0;
	n = btf__type_cnt(c->btf);
	for (u32 i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(c->btf, i);
		const struct btf_type *fnt;
		const char *name, *fname;
		struct elf_exc_tag *x;

		if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1)
			continue;
		name = btf__name_by_offset(c->btf, t->name_off);
		if (!name || strncmp(name, pfx, sizeof(pfx) - 1) != 0)
			continue;
		fnt = btf__type_by_id(c->btf, t->type);
		if (!fnt || !btf_is_func(fnt))
			continue;
		fname = btf__name_by_offset(c->btf, fnt->name_off);
		if (!fname)
			continue;
		x = realloc(c->exc_tags, (c->exc_tag_cnt + 1) * sizeof(*x));
		if (!x)
			return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
		c->exc_tags = x;
		c->exc_tags[c->exc_tag_cnt].prog = fname;
		c->exc_tags[c->exc_tag_cnt].cb = name + sizeof(pfx) - 1;
		c->exc_tag_cnt++;
	}
	return 0;
}

/* Mirrors bpf_prog_assign_exc_cb(): a "exception_callback:NAME" decl tag on the program's BTF
 * FUNC names a global .text function that is appended even if never called. */
static struct elf_fn *exception_callback(struct elf_ctx *c, const struct elf_fn *prog, bool *multi)
{
	struct elf_fn *found = NULL;
	bool seen = false;

	*multi = false;
	for (u32 i = 0; i < c->exc_tag_cnt; i++) {
		if (strcmp(c->exc_tags[i].prog, prog->name) != 0)
			continue;
		if (seen) {
			*multi = true;
			return NULL; /* several callbacks: libbpf appends none, the verifier objects */
		}
		seen = true;
		for (u32 k = 0; k < c->fn_cnt; k++)
			if (c->fns[k].is_sub && strcmp(c->fns[k].name, c->exc_tags[i].cb) == 0) {
				found = &c->fns[k];
				break;
			}
	}
	return found;
}

/* The index of extern e in program p's table, added on first use. Each extern is one symbol, so
 * a per-extern slot, valid for the program being built (generation prog_gen), dedups them. */
static s32 prog_extern(struct elf_ctx *c, struct program *p, const struct elf_ext *e)
{
	u32 k = e - c->exts;
	struct extern_ref *n;

	if (c->ext_gen[k] == c->prog_gen)
		return c->ext_slot[k];
	n = realloc(p->externs, (p->extern_cnt + 1) * sizeof(*n));
	if (!n)
		return -1;
	p->externs = n;
	n = &p->externs[p->extern_cnt];
	n->name = strdup(e->name);
	if (!n->name)
		return -1;
	n->is_func = e->kind == EEXT_KFUNC;
	n->weak = e->weak;
	c->ext_gen[k] = c->prog_gen;
	c->ext_slot[k] = p->extern_cnt;
	return p->extern_cnt++;
}

/* A program that uses a strong extern the kernel lacks never reaches it: libbpf fails the load
 * (object-wide; here only the programs that use it, as if each were loaded on its own). */
static void missing_extern(struct asm_state *st, const struct elf_ext *e)
{
	if (st->reject)
		return;
	if (e->kind == EEXT_KFUNC)
		st->reject = elf_strdup_printf("libbpf: extern (func ksym) '%s': not found in "
					       "kernel or module BTFs",
					       e->name);
	else if (e->kind == EEXT_KSYM)
		st->reject = elf_strdup_printf("libbpf: extern (var ksym) '%s': not found in "
					       "kernel BTF",
					       e->name);
	else
		st->reject =
			elf_strdup_printf("libbpf: extern '%s' (strong): not resolved", e->name);
}

/* An ld_imm64 that already carries a map pseudo source in the object (inline asm
 * "ld_pseudo r1, 1, 0") and no relocation holds a literal fd, which libbpf passes through
 * unchanged and the kernel resolves in the loading process: prog.h's "-1-fd" convention, so that
 * it is not mistaken for map index imm. Relocations, applied afterwards, overwrite the imm of the
 * instructions they do target. */
static void mark_literal_map_fds(struct asm_state *st)
{
	for (u32 i = 0; i + 1 < st->cnt; i++) {
		struct insn *in = &st->insns[i];

		if (in->code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if ((in->src == BPF_PSEUDO_MAP_FD || in->src == BPF_PSEUDO_MAP_VALUE) &&
		    in->imm >= 0)
			in->imm = -1 - in->imm;
		i++; /* skip the second slot */
	}
}

/* Mirrors bpf_object__relocate_data(): maps, global data and externs, over every placed
 * function. */
static int reloc_data(struct elf_ctx *c, struct asm_state *st, struct program *p)
{
	mark_literal_map_fds(st);
	for (u32 k = 0; k < st->order_cnt; k++) {
		const struct elf_fn *f = st->order[k];

		for (u32 i = 0; i < f->rel_cnt; i++) {
			const struct elf_rel *r = &f->rels[i];
			struct insn *in = &st->insns[f->sub_off + r->insn];
			const struct elf_ext *e;
			s32 x;

			switch (r->kind) {
			case EREL_MAP:
				in[0].src = BPF_PSEUDO_MAP_FD;
				in[0].imm = r->idx;
				break;
			case EREL_DATA:
				in[1].imm = (s32)((s64)in[0].imm + (s64)r->sym_off);
				in[0].src = BPF_PSEUDO_MAP_VALUE;
				in[0].imm = r->idx;
				break;
			case EREL_EXTERN_LD:
				e = &c->exts[r->idx];
				if (e->kind == EEXT_KCFG) {
					in[0].src = BPF_PSEUDO_MAP_VALUE;
					in[0].imm = c->kconfig_map;
					in[1].imm = e->kcfg_off;
				} else if (e->missing && !e->weak) {
					missing_extern(st, e);
				} else if (e->kind == EEXT_KSYM && e->missing) {
					/* unresolved weak typed ksym: libbpf loads address 0 */
					in[0].imm = 0;
					in[1].imm = 0;
				} else if (e->kind == EEXT_KSYM) {
					x = prog_extern(c, p, e);
					if (x < 0)
						return -ENOMEM;
					in[0].src = BPF_PSEUDO_BTF_ID;
					in[0].imm = x;
					in[1].imm = 0;
				} else {
					/* typeless ksym: libbpf writes the symbol's kallsyms address
					 * (resolve_typeless()) and the kernel sees a plain constant */
					x = prog_extern(c, p, e);
					if (x < 0)
						return -ENOMEM;
					in[0].imm = (s32)(u32)e->addr;
					in[1].imm = (s32)(u32)(e->addr >> 32);
				}
				break;
			case EREL_EXTERN_CALL:
				if (c->exts[r->idx].missing && !c->exts[r->idx].weak) {
					missing_extern(st, &c->exts[r->idx]);
				} else if (c->exts[r->idx].missing) {
					/* poison_kfunc_call(): an invalid helper call naming the
					 * extern ("invalid func unknown#2002000000+idx") */
					in[0].src = 0;
					in[0].off = 0;
					in[0].imm = 2002000000 + r->idx;
					break;
				}
				x = prog_extern(c, p, &c->exts[r->idx]);
				if (x < 0)
					return -ENOMEM;
				in[0].src = BPF_PSEUDO_KFUNC_CALL;
				in[0].imm = x;
				in[0].off = 0;
				break;
			default:
				break;
			}
		}
	}
	return 0;
}

static int build_program(struct elf_ctx *c, struct elf_fn *f)
{
	struct asm_state st = {0};
	struct secname_info si;
	struct program *p;
	struct elf_fn *exc;
	bool exc_multi = false;
	const char *secname = c->secs[f->sec].name;
	int err;

	c->prog_gen++;
	p = object_add_program(c->obj);
	if (!p)
		return -ENOMEM;
	secname_lookup(secname, &si);
	p->name = strdup(f->name);
	p->section = strdup(si.name);
	if (!p->name || !p->section)
		return -ENOMEM;
	p->prog_type = si.prog_type;
	p->expected_attach_type = si.attach_type;
	p->prog_flags = si.prog_flags;
	p->sleepable = si.prog_flags & BPF_F_SLEEPABLE;
	p->gpl_compatible = license_is_gpl_compatible(c->obj->license);
	if (si.prog_type == BPF_PROG_TYPE_STRUCT_OPS && f->st_ops) {
		p->attach_target = strdup(f->st_ops);
		p->expected_attach_type = f->st_member;
		if (!p->attach_target)
			return -ENOMEM;
	} else if (si.target && (si.def_flags & SECDEF_ATTACH_BTF)) {
		p->attach_target = strdup(si.target);
		if (!p->attach_target)
			return -ENOMEM;
	}

	err = append_fn(c, &st, f);
	if (!err)
		err = reloc_calls(c, &st, f);
	if (!err && !st.reject && (exc = exception_callback(c, f, &exc_multi))) {
		if (!exc->appended) {
			err = append_fn(c, &st, exc);
			if (!err)
				err = reloc_calls(c, &st, exc);
		}
		/* the verifier finds it through the same tag (find_exception_callback_insn_off) */
		if (!err)
			p->exception_cb_off = exc->sub_off;
	}
	p->exception_cb_multi = exc_multi;
	if (!err)
		err = reloc_data(c, &st, p);
	/* libbpf resolves externs for the whole object first, then prepares each program */
	if (!err && !st.reject && !si.pattern)
		st.reject = elf_strdup_printf("libbpf: prog '%s': missing BPF prog type, check ELF "
					      "section name '%s'",
					      f->name, si.name);
	else if (!err && !st.reject && (si.def_flags & SECDEF_ATTACH_BTF) &&
		 si.prog_type != BPF_PROG_TYPE_EXT && si.target &&
		 !attach_target_exists(c, si.attach_type, si.target))
		st.reject =
			elf_strdup_printf("libbpf: prog '%s': failed to find kernel BTF type ID "
					  "of '%s': -3",
					  f->name, si.target);
	if (!err && c->has_btf_ext)
		err = btf_ext_fill_program(c, p, st.order, st.order_cnt);
	/* only the functions placed in this program were marked */
	for (u32 i = 0; i < st.order_cnt; i++) {
		st.order[i]->appended = false;
		st.order[i]->sub_off = 0;
	}
	if (err) {
		free(st.insns);
		free(st.order);
		free(st.reject);
		free(st.error);
		return err;
	}
	p->insns = st.insns;
	p->insn_cnt = st.cnt;
	p->main_insn_cnt = f->cnt;
	p->loader_reject = st.reject;
	p->load_error = st.error;
	free(st.order);
	return 0;
}

/* --program NAME keeps only the program with that function name or, failing that, the first one
 * in a section of that name (as object_find_program() looks them up). -1: keep all. */
static s64 wanted_program(struct elf_ctx *c, const char *want)
{
	struct secname_info si;

	if (!want)
		return -1;
	for (u32 i = 0; i < c->fn_cnt; i++)
		if (!c->fns[i].is_sub && strcmp(c->fns[i].name, want) == 0)
			return i;
	for (u32 i = 0; i < c->fn_cnt; i++) {
		if (c->fns[i].is_sub)
			continue;
		secname_lookup(c->secs[c->fns[i].sec].name, &si);
		if (strcmp(si.name, want) == 0)
			return i;
	}
	return diag_error(c->d, -ENOENT, "%s: no program named '%s'", c->path, want);
}

static int build_programs(struct elf_ctx *c)
{
	s64 only = wanted_program(c, c->opts ? c->opts->program : NULL);
	int err = collect_exc_tags(c);

	if (err)
		return err;
	if (only < -1)
		return (int)only;
	for (u32 i = 0; i < c->fn_cnt; i++) {
		struct elf_fn *f = &c->fns[i];

		if (f->is_sub || (only >= 0 && i != only))
			continue;
		err = build_program(c, f);
		if (err == -ENOMEM)
			return diag_error(c->d, err, "%s: out of memory", c->path);
		if (err)
			return err;
	}
	return 0;
}

static void ctx_fini(struct elf_ctx *c)
{
	for (u32 i = 0; i < c->fn_cnt; i++) {
		free(c->fns[i].rels);
		free(c->fns[i].st_ops);
	}
	free(c->fns);
	if (c->secs)
		for (size_t i = 0; i < c->sec_cnt; i++) {
			free(c->secs[i].insns);
			for (u32 k = 0; k < c->secs[i].core_err_cnt; k++)
				free(c->secs[i].core_errs[k].msg);
			free(c->secs[i].core_errs);
		}
	free(c->secs);
	free(c->syms);
	free(c->map_locs);
	free(c->exts);
	free(c->sym_ext);
	free(c->ext_gen);
	free(c->ext_slot);
	free(c->call_stack);
	free(c->sym_sorted);
	free(c->map_order);
	free(c->exc_tags);
	free(c->func_info.recs);
	free(c->line_info.recs);
	free(c->core_relo.recs);
	btf__free(c->btf);
	for (u32 i = 0; i < c->mod_cnt; i++)
		btf__free(c->mods[i]);
	free(c->mods);
	btf__free(c->vmlinux);
	if (c->elf)
		elf_end(c->elf);
	free(c->image);
}

int fe_elf_load(const char *path, const u8 *data, size_t len, const struct load_opts *opts,
		struct object **out, struct diag *d)
{
	struct elf_ctx c = {.path = path ? path : "<elf>",
			    .d = d,
			    .opts = opts,
			    .arena_map = -1,
			    .kconfig_map = -1};
	GElf_Ehdr eh;
	int err;

	*out = NULL;
	if (len < EI_NIDENT || memcmp(data, ELFMAG, SELFMAG) != 0)
		return diag_error(d, -EBADMSG, "%s: not an ELF file", c.path);
	if (data[EI_CLASS] != ELFCLASS64)
		return diag_error(d, -EBADMSG, "%s: ELF class %u, BPF objects are 64-bit", c.path,
				  data[EI_CLASS]);
	if (data[EI_DATA] == ELFDATA2MSB)
		return diag_error(d, -ENOTSUP, "%s: unsupported: big-endian BPF object", c.path);
	if (data[EI_DATA] != ELFDATA2LSB)
		return diag_error(d, -EBADMSG, "%s: unknown ELF data encoding %u", c.path,
				  data[EI_DATA]);
	if (len < sizeof(Elf64_Ehdr))
		return diag_error(d, -EBADMSG, "%s: truncated ELF header (%zu bytes)", c.path, len);

	libbpf_set_print(silent_print);
	elf_version(EV_CURRENT);
	c.len = len;
	c.image = malloc(len);
	if (!c.image)
		return diag_error(d, -ENOMEM, "%s: out of memory", c.path);
	memcpy(c.image, data, len);
	c.elf = elf_memory((char *)c.image, len);
	if (!c.elf || elf_kind(c.elf) != ELF_K_ELF || !gelf_getehdr(c.elf, &eh)) {
		err = diag_error(d, -EBADMSG, "%s: cannot parse ELF: %s", c.path, elf_errmsg(-1));
		goto out;
	}
	if (eh.e_machine != EM_BPF) {
		err = diag_error(d, -EBADMSG, "%s: ELF machine %u is not BPF (%u)", c.path,
				 eh.e_machine, EM_BPF);
		goto out;
	}
	c.obj = object_new(c.path, INPUT_ELF);
	if (!c.obj) {
		err = diag_error(d, -ENOMEM, "%s: out of memory", c.path);
		goto out;
	}
	err = read_sections(&c);
	if (!err)
		err = read_symbols(&c);
	if (!err && build_sym_index(&c))
		err = diag_error(d, -ENOMEM, "%s: out of memory", c.path);
	if (!err)
		err = classify_sections(&c);
	if (!err)
		err = load_btf(&c);
	if (!err)
		err = collect_functions(&c);
	if (!err)
		err = collect_externs(&c);
	if (!err)
		err = resolve_typeless(&c);
	if (!err)
		err = resolve_kernel_externs(&c);
	if (!err)
		err = elf_maps_collect(&c);
	if (!err)
		err = collect_relocs(&c);
	if (!err)
		err = collect_struct_ops(&c);
	if (!err && c.has_btf_ext)
		err = elf_core_apply(&c);
	if (!err)
		err = build_programs(&c);
	if (!err) {
		*out = c.obj;
		c.obj = NULL;
	}
out:
	object_free(c.obj);
	ctx_fini(&c);
	return err;
}
