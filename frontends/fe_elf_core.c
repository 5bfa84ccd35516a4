/* CO-RE relocations: the .BTF.ext core_relo records are resolved against the running kernel's
 * BTF (/sys/kernel/btf/vmlinux), with the semantics libbpf documents for each relocation kind
 * (field offset/size/existence/signedness/bit shifts, type id/existence/size, enum value
 * existence/value), and the instruction is patched as libbpf's bpf_core_patch_insn() would. A
 * relocation that cannot be resolved without guessing (no kernel BTF, ambiguous candidates, an
 * instruction that does not hold the expected local value) marks the programs containing that
 * instruction with "unsupported: CO-RE relocation ...". A relocation whose target does not exist
 * in the kernel is poisoned as libbpf does (a call to the invalid helper 0xbad2310). */
#include "fe_elf_int.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CORE_POISON_IMM 0xbad2310
#define MAX_ACCESS	64

enum core_kind {
	K_FIELD_BYTE_OFFSET,
	K_FIELD_BYTE_SIZE,
	K_FIELD_EXISTS,
	K_FIELD_SIGNED,
	K_FIELD_LSHIFT_U64,
	K_FIELD_RSHIFT_U64,
	K_TYPE_ID_LOCAL,
	K_TYPE_ID_TARGET,
	K_TYPE_EXISTS,
	K_TYPE_SIZE,
	K_ENUMVAL_EXISTS,
	K_ENUMVAL_VALUE,
	K_TYPE_MATCHES,
};

static const char *const kind_names[] = {
	"byte_off",	  "byte_sz",	   "field_exists",   "signed",	    "lshift_u64",
	"rshift_u64",	  "local_type_id", "target_type_id", "type_exists", "type_size",
	"enumval_exists", "enumval_value", "type_matches",
};

struct access {
	u32 idx;
	const char *name; /* member / enumerator name, NULL for array indexes */
};

struct spec {
	struct access acc[MAX_ACCESS];
	u32 len;
};

struct field_res {
	u32 type_id; /* the field's type */
	u64 bit_off;
	u32 bit_sz; /* bitfield size, 0 if not a bitfield */
	bool is_bitfield;
};

struct btf *elf_kernel_btf(struct elf_ctx *c)
{
	if (!c->vmlinux_tried) {
		/* BPFVET_KERNEL_BTF overrides the kernel BTF file (tests; "" means none) */
		const char *path = getenv("BPFVET_KERNEL_BTF");

		if (!path)
			path = "/sys/kernel/btf/vmlinux";
		c->vmlinux_tried = true;
		c->vmlinux = *path ? btf_checked(btf__parse(path, NULL)) : NULL;
	}
	return c->vmlinux;
}

static const struct btf_type *skip_mt(const struct btf *btf, u32 id, u32 *res)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	for (int i = 0; t && i < 32 && (btf_is_mod(t) || btf_is_typedef(t)); i++) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (res)
		*res = id;
	return t;
}

static size_t essential_len(const char *n)
{
	const char *p = strstr(n, "___");

	return p ? (size_t)(p - n) : strlen(n);
}

static bool kinds_compat(const struct btf_type *a, const struct btf_type *b)
{
	if (btf_is_any_enum(a) && btf_is_any_enum(b))
		return true;
	return btf_kind(a) == btf_kind(b);
}

/* Parse "0:1:2" into indexes. */
static int parse_access(const char *s, struct spec *sp)
{
	sp->len = 0;
	while (*s) {
		u64 v = 0;

		if (*s < '0' || *s > '9')
			return -EINVAL;
		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (u64)(*s++ - '0');
			if (v > UINT32_MAX)
				return -EINVAL;
		}
		if (sp->len >= MAX_ACCESS)
			return -E2BIG;
		sp->acc[sp->len++].idx = (u32)v;
		if (*s == ':')
			s++;
		else if (*s)
			return -EINVAL;
	}
	return sp->len ? 0 : -EINVAL;
}

/* Walk the local access path, recording member names (mirrors bpf_core_parse_spec()). */
static int local_field(const struct btf *btf, u32 root, struct spec *sp, struct field_res *r)
{
	u32 id;
	const struct btf_type *t = skip_mt(btf, root, &id);
	s64 sz;

	if (!t)
		return -EINVAL;
	sz = btf__resolve_size(btf, id);
	if (sz < 0)
		return -EINVAL;
	r->bit_off = (u64)sp->acc[0].idx * (u64)sz * 8;
	r->is_bitfield = false;
	r->bit_sz = 0;
	r->type_id = id;
	for (u32 i = 1; i < sp->len; i++) {
		t = skip_mt(btf, id, &id);
		if (!t)
			return -EINVAL;
		if (btf_is_composite(t)) {
			const struct btf_member *m;
			const char *n;

			if (sp->acc[i].idx >= btf_vlen(t))
				return -EINVAL;
			m = btf_members(t) + sp->acc[i].idx;
			n = btf__name_by_offset(btf, m->name_off);
			sp->acc[i].name = n && *n ? n : NULL;
			r->bit_off += btf_member_bit_offset(t, sp->acc[i].idx);
			r->bit_sz = btf_member_bitfield_size(t, sp->acc[i].idx);
			r->is_bitfield = r->bit_sz != 0;
			id = m->type;
		} else if (btf_is_array(t)) {
			const struct btf_array *a = btf_array(t);

			sp->acc[i].name = NULL;
			skip_mt(btf, a->type, &id);
			sz = btf__resolve_size(btf, id);
			if (sz < 0)
				return -EINVAL;
			r->bit_off += (u64)sp->acc[i].idx * (u64)sz * 8;
			r->is_bitfield = false;
			r->bit_sz = 0;
		} else {
			return -EINVAL;
		}
	}
	r->type_id = id;
	return 0;
}

static bool fields_compat(const struct btf *lb, u32 lid, const struct btf *tb, u32 tid, int depth)
{
	const struct btf_type *l = skip_mt(lb, lid, &lid);
	const struct btf_type *t = skip_mt(tb, tid, &tid);

	if (!l || !t || depth > 16)
		return false;
	if (btf_is_composite(l) && btf_is_composite(t))
		return true;
	if (!kinds_compat(l, t))
		return false;
	switch (btf_kind(l)) {
	case BTF_KIND_PTR:
	case BTF_KIND_FLOAT:
		return true;
	case BTF_KIND_FWD:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: {
		const char *a = btf__name_by_offset(lb, l->name_off);
		const char *b = btf__name_by_offset(tb, t->name_off);

		if (!a || !b || !*a || !*b)
			return true;
		return essential_len(a) == essential_len(b) && strncmp(a, b, essential_len(a)) == 0;
	}
	case BTF_KIND_INT:
		return btf_int_offset(l) == 0 && btf_int_offset(t) == 0;
	case BTF_KIND_ARRAY:
		return fields_compat(lb, btf_array(l)->type, tb, btf_array(t)->type, depth + 1);
	default:
		return false;
	}
}

/* Find member name in composite t (through anonymous members); adds its bit offset. */
static int match_member(const struct btf *lb, u32 lid, const struct btf *tb, u32 tid,
			const char *name, u64 *bit_off, u32 *fid, u32 *bsz, int depth, u32 *budget)
{
	const struct btf_type *t = skip_mt(tb, tid, &tid);
	const struct btf_member *m;

	if (!t || !btf_is_composite(t) || depth > 16 || *budget == 0)
		return 0;
	(*budget)--;
	m = btf_members(t);
	for (u32 i = 0; i < btf_vlen(t); i++, m++) {
		const char *n = btf__name_by_offset(tb, m->name_off);
		u64 off = *bit_off + btf_member_bit_offset(t, i);

		if (!n || !*n) {
			const struct btf_type *mt = skip_mt(tb, m->type, NULL);
			int found;

			if (!mt || !btf_is_composite(mt))
				continue;
			found = match_member(lb, lid, tb, m->type, name, &off, fid, bsz, depth + 1,
					     budget);
			if (found) {
				*bit_off = off;
				return found;
			}
			continue;
		}
		if (strcmp(n, name) != 0)
			continue;
		if (!fields_compat(lb, lid, tb, m->type, 0))
			return -1;
		*bit_off = off;
		*fid = m->type;
		*bsz = btf_member_bitfield_size(t, i);
		return 1;
	}
	return 0;
}

/* Match the local spec in a target candidate (mirrors bpf_core_spec_match()); 1 match, 0 none. */
static int target_field(const struct btf *lb, const struct spec *sp, const struct field_res *lr,
			const struct btf *tb, u32 troot, struct field_res *r, u32 lroot)
{
	u32 id, lid;
	s64 sz;

	skip_mt(tb, troot, &id);
	sz = btf__resolve_size(tb, id);
	if (sz < 0)
		return 0;
	r->bit_off = (u64)sp->acc[0].idx * (u64)sz * 8;
	r->bit_sz = 0;
	r->is_bitfield = false;
	skip_mt(lb, lroot, &lid);
	for (u32 i = 1; i < sp->len; i++) {
		const struct btf_type *lt = skip_mt(lb, lid, &lid);
		const struct btf_type *t = skip_mt(tb, id, &id);

		if (!lt || !t)
			return 0;
		if (btf_is_composite(lt)) {
			const struct btf_member *lm = btf_members(lt) + sp->acc[i].idx;
			u32 fid = 0, bsz = 0;
			int m;

			if (!sp->acc[i].name) {
				/* an anonymous member: libbpf's spec skips it; its named field
				 * follows and is searched through anonymous members */
				lid = lm->type;
				continue;
			}
			u32 budget = 10000;

			m = match_member(lb, lm->type, tb, id, sp->acc[i].name, &r->bit_off, &fid,
					 &bsz, 0, &budget);
			if (m <= 0)
				return 0;
			r->bit_sz = bsz;
			r->is_bitfield = bsz != 0;
			id = fid;
			lid = lm->type;
		} else if (btf_is_array(lt)) {
			const struct btf_array *ta;

			if (!btf_is_array(t))
				return 0;
			ta = btf_array(t);
			if (ta->nelems && sp->acc[i].idx >= ta->nelems)
				return 0;
			skip_mt(tb, ta->type, &id);
			skip_mt(lb, btf_array(lt)->type, &lid);
			sz = btf__resolve_size(tb, id);
			if (sz < 0)
				return 0;
			r->bit_off += (u64)sp->acc[i].idx * (u64)sz * 8;
			r->is_bitfield = false;
			r->bit_sz = 0;
		} else {
			return 0;
		}
	}
	r->type_id = id;
	(void)lr;
	return 1;
}

/* The value of a field relocation (mirrors bpf_core_calc_field_relo()); *size_out is the byte
 * size a plain load of the field has (0 for bitfields). */
static int field_value(const struct btf *btf, u32 kind, const struct field_res *r, u64 *val,
		       u32 *size_out)
{
	const struct btf_type *ft = skip_mt(btf, r->type_id, NULL);
	u32 byte_sz, byte_off, bit_sz;

	*size_out = 0;
	if (!ft)
		return -EINVAL;
	if (kind == K_FIELD_EXISTS) {
		*val = 1;
		return 0;
	}
	if (r->is_bitfield) {
		s64 s = btf__resolve_size(btf, r->type_id);

		if (s <= 0 || s > 8)
			return -EINVAL;
		byte_sz = s;
		bit_sz = r->bit_sz;
		byte_off = r->bit_off / 8 / byte_sz * byte_sz;
		while (r->bit_off + bit_sz - (u64)byte_off * 8 > (u64)byte_sz * 8) {
			if (byte_sz >= 8)
				return -EINVAL;
			byte_sz *= 2;
			byte_off = r->bit_off / 8 / byte_sz * byte_sz;
		}
	} else {
		s64 s = btf__resolve_size(btf, r->type_id);

		if (s < 0 || r->bit_off % 8)
			return -EINVAL;
		byte_sz = s;
		byte_off = r->bit_off / 8;
		bit_sz = byte_sz * 8;
		*size_out = byte_sz;
	}
	switch (kind) {
	case K_FIELD_BYTE_OFFSET:
		*val = byte_off;
		return 0;
	case K_FIELD_BYTE_SIZE:
		*val = byte_sz;
		return 0;
	case K_FIELD_SIGNED:
		if (btf_is_any_enum(ft))
			*val = btf_kflag(ft);
		else if (btf_is_int(ft))
			*val = (btf_int_encoding(ft) & BTF_INT_SIGNED) != 0;
		else
			*val = 0;
		return 0;
	case K_FIELD_LSHIFT_U64:
		*val = 64 - (r->bit_off + bit_sz - (u64)byte_off * 8);
		return 0;
	case K_FIELD_RSHIFT_U64:
		*val = 64 - bit_sz;
		return 0;
	default:
		return -EINVAL;
	}
}

static bool types_compat(const struct btf *lb, u32 lid, const struct btf *tb, u32 tid, int depth,
			 u32 *budget)
{
	const struct btf_type *l = skip_mt(lb, lid, &lid);
	const struct btf_type *t = skip_mt(tb, tid, &tid);

	if (!l || !t || depth > 16 || *budget == 0)
		return false;
	(*budget)--;
	if (!kinds_compat(l, t))
		return false;
	switch (btf_kind(l)) {
	case BTF_KIND_PTR:
		return types_compat(lb, l->type, tb, t->type, depth + 1, budget);
	case BTF_KIND_ARRAY:
		return types_compat(lb, btf_array(l)->type, tb, btf_array(t)->type, depth + 1,
				    budget);
	case BTF_KIND_FUNC_PROTO:
		if (btf_vlen(l) != btf_vlen(t))
			return false;
		for (u32 i = 0; i < btf_vlen(l); i++)
			if (!types_compat(lb, btf_params(l)[i].type, tb, btf_params(t)[i].type,
					  depth + 1, budget))
				return false;
		return types_compat(lb, l->type, tb, t->type, depth + 1, budget);
	case BTF_KIND_INT:
		return btf_int_offset(l) == 0 && btf_int_offset(t) == 0;
	default:
		return true;
	}
}

static bool names_match(const struct btf *lb, u32 loff, const struct btf *tb, u32 toff)
{
	const char *l = btf__name_by_offset(lb, loff), *t = btf__name_by_offset(tb, toff);

	if (!t || !*t)
		return !l || !*l;
	if (!l)
		return false;
	return essential_len(l) == essential_len(t) && strncmp(l, t, essential_len(l)) == 0;
}

static int types_match(const struct btf *lb, u32 lid, const struct btf *tb, u32 tid,
		       bool behind_ptr, int level, u32 *budget);

static int enums_match(const struct btf *lb, const struct btf_type *l, const struct btf *tb,
		       const struct btf_type *t)
{
	if (l->size != t->size || btf_vlen(l) > btf_vlen(t))
		return 0;
	for (u32 i = 0; i < btf_vlen(l); i++) {
		u32 ln = btf_is_enum(l) ? btf_enum(l)[i].name_off : btf_enum64(l)[i].name_off;
		bool found = false;

		for (u32 j = 0; j < btf_vlen(t) && !found; j++)
			found = names_match(lb, ln, tb,
					    btf_is_enum(t) ? btf_enum(t)[j].name_off
							   : btf_enum64(t)[j].name_off);
		if (!found)
			return 0;
	}
	return 1;
}

static int composites_match(const struct btf *lb, const struct btf_type *l, const struct btf *tb,
			    const struct btf_type *t, bool behind_ptr, int level, u32 *budget)
{
	if (btf_vlen(l) > btf_vlen(t))
		return 0;
	for (u32 i = 0; i < btf_vlen(l); i++) {
		const struct btf_member *lm = btf_members(l) + i;
		bool found = false;

		for (u32 j = 0; j < btf_vlen(t) && !found; j++) {
			const struct btf_member *tm = btf_members(t) + j;
			int r;

			if (!names_match(lb, lm->name_off, tb, tm->name_off))
				continue;
			r = types_match(lb, lm->type, tb, tm->type, behind_ptr, level - 1, budget);
			if (r < 0)
				return r;
			found = r > 0;
		}
		if (!found)
			return 0;
	}
	return 1;
}

/* Mirrors __bpf_core_types_match() (the "type matches" relocation): 1 match, 0 not, <0 error
 * (including an exhausted work budget, which makes the relocation unsupported). */
static int types_match(const struct btf *lb, u32 lid, const struct btf *tb, u32 tid,
		       bool behind_ptr, int level, u32 *budget)
{
	const struct btf_type *l, *t;
	u32 lk, tk;

	if (level <= 0)
		return -EINVAL;
	for (int depth = 32; depth > 0; depth--) {
		if (*budget == 0)
			return -E2BIG;
		(*budget)--;
		l = skip_mt(lb, lid, &lid);
		t = skip_mt(tb, tid, &tid);
		if (!l || !t)
			return -EINVAL;
		if (!names_match(lb, l->name_off, tb, t->name_off))
			return 0;
		lk = btf_kind(l);
		tk = btf_kind(t);
		switch (lk) {
		case BTF_KIND_FWD:
			if (behind_ptr && lk != tk)
				return (tk == BTF_KIND_STRUCT && !btf_kflag(l)) ||
				       (tk == BTF_KIND_UNION && btf_kflag(l));
			return lk == tk && btf_kflag(l) == btf_kflag(t);
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			return btf_is_any_enum(t) ? enums_match(lb, l, tb, t) : 0;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			if (behind_ptr) {
				if (lk == tk)
					return 1;
				if (tk != BTF_KIND_FWD)
					return 0;
				return (lk == BTF_KIND_UNION) == btf_kflag(t);
			}
			if (lk != tk)
				return 0;
			return composites_match(lb, l, tb, t, behind_ptr, level, budget);
		case BTF_KIND_INT:
			return lk == tk && l->size == t->size &&
			       (btf_int_encoding(l) & BTF_INT_SIGNED) ==
				       (btf_int_encoding(t) & BTF_INT_SIGNED);
		case BTF_KIND_PTR:
			if (lk != tk)
				return 0;
			behind_ptr = true;
			lid = l->type;
			tid = t->type;
			continue;
		case BTF_KIND_ARRAY:
			if (lk != tk || btf_array(l)->nelems != btf_array(t)->nelems)
				return 0;
			lid = btf_array(l)->type;
			tid = btf_array(t)->type;
			continue;
		case BTF_KIND_FUNC_PROTO:
			if (lk != tk || btf_vlen(l) != btf_vlen(t))
				return 0;
			for (u32 i = 0; i < btf_vlen(l); i++) {
				int r = types_match(lb, btf_params(l)[i].type, tb,
						    btf_params(t)[i].type, behind_ptr, level - 1,
						    budget);

				if (r <= 0)
					return r;
			}
			lid = l->type;
			tid = t->type;
			continue;
		default:
			return lk == BTF_KIND_UNKN ? lk == tk : 0;
		}
	}
	return -EINVAL;
}

static int enum_value(const struct btf *btf, const struct btf_type *t, const char *name, u32 idx,
		      u64 *val)
{
	u32 n = btf_vlen(t);

	for (u32 i = 0; i < n; i++) {
		const char *en;
		u64 v;

		if (btf_is_enum(t)) {
			en = btf__name_by_offset(btf, btf_enum(t)[i].name_off);
			/* libbpf sign-extends 32-bit enumerators whatever the signedness */
			v = (u64)(s64)btf_enum(t)[i].val;
		} else {
			en = btf__name_by_offset(btf, btf_enum64(t)[i].name_off);
			v = btf_enum64_value(&btf_enum64(t)[i]);
		}
		if (name ? (en && strcmp(en, name) == 0) : i == idx) {
			*val = v;
			return 1;
		}
	}
	return 0;
}

struct core_out {
	u64 local;
	u64 target;
	u32 local_sz; /* plain load size of the field locally (FIELD_BYTE_OFFSET) */
	u32 target_sz;
	bool exists;	 /* a target was found */
	bool validate;	 /* the instruction must hold the local value */
	bool fail_memsz; /* field sizes differ in a way a load cannot be resized for */
};

/* libbpf resizes a load/store only between pointers or between unsigned integers. */
static bool memsz_adjustable(const struct btf *lb, u32 lid, const struct btf *tb, u32 tid)
{
	const struct btf_type *l = skip_mt(lb, lid, NULL), *t = skip_mt(tb, tid, NULL);

	if (!l || !t)
		return false;
	if (btf_is_ptr(l) && btf_is_ptr(t))
		return true;
	return btf_is_int(l) && btf_is_int(t) && btf_int_encoding(l) != BTF_INT_SIGNED &&
	       btf_int_encoding(t) != BTF_INT_SIGNED;
}

/* Resolve one relocation. Returns 0 (out filled), or a negative errno with *why set. */
static int core_resolve(struct elf_ctx *c, u32 type_id, const char *acc_str, u32 kind,
			struct core_out *o, const char **why)
{
	const struct btf *lb = c->btf;
	const struct btf_type *lt = btf__type_by_id(lb, type_id);
	const char *lname;
	struct spec sp;
	struct field_res lr = {0};
	u32 n, matches = 0;
	size_t elen;
	bool is_field = kind <= K_FIELD_RSHIFT_U64;
	bool is_enum = kind == K_ENUMVAL_EXISTS || kind == K_ENUMVAL_VALUE;
	const struct btf_type *lenum = NULL;
	const char *ename = NULL;

	memset(o, 0, sizeof(*o));
	o->validate = true;
	if (!lt) {
		*why = "bad local type id";
		return -EINVAL;
	}
	if (kind == K_TYPE_ID_LOCAL) {
		o->local = o->target = type_id;
		o->exists = true;
		return 0;
	}
	if (kind > K_TYPE_MATCHES) {
		*why = "unknown relocation kind";
		return -EINVAL;
	}
	if (parse_access(acc_str, &sp)) {
		*why = "bad access string";
		return -EINVAL;
	}
	if (is_field) {
		if (local_field(lb, type_id, &sp, &lr)) {
			*why = "bad local access path";
			return -EINVAL;
		}
		if (field_value(lb, kind, &lr, &o->local, &o->local_sz)) {
			*why = "bad local field";
			return -EINVAL;
		}
		/* bpf_core_calc_field_relo(): bitfield values are ambiguous, except signedness and
		 * the right shift */
		o->validate =
			kind == K_FIELD_SIGNED || kind == K_FIELD_RSHIFT_U64 || !lr.is_bitfield;
	} else if (is_enum) {
		lenum = skip_mt(lb, type_id, NULL);
		if (!lenum || !btf_is_any_enum(lenum) || sp.len != 1 ||
		    sp.acc[0].idx >= btf_vlen(lenum)) {
			*why = "bad local enum access";
			return -EINVAL;
		}
		ename = btf__name_by_offset(
			lb, btf_is_enum(lenum) ? btf_enum(lenum)[sp.acc[0].idx].name_off
					       : btf_enum64(lenum)[sp.acc[0].idx].name_off);
		if (!ename) {
			*why = "bad local enumerator name";
			return -EINVAL;
		}
		enum_value(lb, lenum, NULL, sp.acc[0].idx, &o->local);
		if (kind == K_ENUMVAL_EXISTS)
			o->local = 1;
	} else {
		s64 s = btf__resolve_size(lb, type_id);

		o->local = kind == K_TYPE_SIZE ? (u64)(s < 0 ? 0 : s) : 1;
		if (kind == K_TYPE_ID_TARGET)
			o->validate = false;
	}
	lname = btf__name_by_offset(lb, lt->name_off);
	if (!lname || !*lname) {
		*why = "relocation against an anonymous type";
		return -ENOTSUP;
	}
	if (!elf_kernel_btf(c)) {
		*why = "no kernel BTF (/sys/kernel/btf/vmlinux)";
		return -ENOTSUP;
	}
	elen = essential_len(lname);
	n = btf__type_cnt(c->vmlinux);
	for (u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(c->vmlinux, id);
		const char *tn;
		struct field_res tr;
		u64 v = 0;
		u32 tsz = 0;

		if (!t || !kinds_compat(lt, t))
			continue;
		tn = btf__name_by_offset(c->vmlinux, t->name_off);
		if (!tn || essential_len(tn) != elen || strncmp(tn, lname, elen) != 0)
			continue;
		if (is_field) {
			if (!target_field(lb, &sp, &lr, c->vmlinux, id, &tr, type_id))
				continue;
			if (field_value(c->vmlinux, kind, &tr, &v, &tsz))
				continue;
		} else if (is_enum) {
			const struct btf_type *te = skip_mt(c->vmlinux, id, NULL);

			if (!te || !btf_is_any_enum(te) ||
			    !enum_value(c->vmlinux, te, ename, 0, &v))
				continue;
			if (kind == K_ENUMVAL_EXISTS)
				v = 1;
		} else if (kind == K_TYPE_MATCHES) {
			u32 budget = 100000;
			int r = types_match(lb, type_id, c->vmlinux, id, false, 32, &budget);

			if (r < 0) {
				*why = "type match could not be decided";
				return -ENOTSUP;
			}
			if (!r)
				continue;
			v = 1;
		} else {
			u32 budget = 10000;
			s64 s;

			if (!types_compat(lb, type_id, c->vmlinux, id, 0, &budget))
				continue;
			s = btf__resolve_size(c->vmlinux, id);
			v = kind == K_TYPE_SIZE	       ? (u64)(s < 0 ? 0 : s)
			    : kind == K_TYPE_ID_TARGET ? id
						       : 1;
		}
		if (matches && (v != o->target || tsz != o->target_sz)) {
			*why = "ambiguous target types in the kernel BTF";
			return -ENOTSUP;
		}
		o->target = v;
		o->target_sz = tsz;
		if (is_field && kind == K_FIELD_BYTE_OFFSET && o->local_sz && tsz &&
		    o->local_sz != tsz)
			o->fail_memsz = !memsz_adjustable(lb, lr.type_id, c->vmlinux, tr.type_id);
		matches++;
	}
	o->exists = matches > 0;
	if (!matches && (kind == K_FIELD_EXISTS || kind == K_TYPE_EXISTS ||
			 kind == K_ENUMVAL_EXISTS || kind == K_TYPE_MATCHES)) {
		o->target = 0;
		o->exists = true; /* "does not exist" is a resolved answer */
	}
	return 0;
}

static u32 insn_size_bytes(u8 code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	default:
		return 8;
	}
}

static int size_code(u32 bytes)
{
	switch (bytes) {
	case 1:
		return BPF_B;
	case 2:
		return BPF_H;
	case 4:
		return BPF_W;
	case 8:
		return BPF_DW;
	default:
		return -1;
	}
}

/* libbpf's poisoning: the verifier rejects this call ("invalid func unknown#195896080") if it
 * is reachable; an ld_imm64 has both halves replaced. */
static void core_poison(struct insn *in, u32 n)
{
	for (u32 i = 0; i < n; i++) {
		in[i].code = BPF_JMP | BPF_CALL;
		in[i].dst = 0;
		in[i].src = 0;
		in[i].off = 0;
		in[i].imm = CORE_POISON_IMM;
	}
}

/* Mirrors bpf_core_patch_insn(). Returns NULL or the reason it cannot be patched. */
static const char *core_patch(struct insn *in, u32 avail, u32 kind, const struct core_out *o)
{
	u8 cls = BPF_CLASS(in->code);
	u64 imm;

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (BPF_SRC(in->code) != BPF_K)
			return "register-source ALU instruction";
		if (!o->exists) {
			core_poison(in, 1);
			return NULL;
		}
		if (o->validate && (u64)(s64)in->imm != o->local)
			return "instruction does not hold the local value";
		in->imm = (s32)(u32)o->target;
		return NULL;
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		if (!o->exists) {
			core_poison(in, 1);
			return NULL;
		}
		if (o->validate && (u64)(s64)in->off != o->local)
			return "instruction does not hold the local offset";
		if (o->target > 0x7fff)
			return "offset does not fit in 16 bits";
		if (o->fail_memsz) {
			core_poison(in, 1);
			return NULL;
		}
		in->off = (s16)o->target;
		if (kind == K_FIELD_BYTE_OFFSET && o->local_sz != o->target_sz) {
			int sc = size_code(o->target_sz);

			if (insn_size_bytes(in->code) != o->local_sz || sc < 0)
				return "load/store size does not match the field";
			in->code = BPF_MODE(in->code) | sc | cls;
		}
		return NULL;
	case BPF_LD:
		if (in->code != (BPF_LD | BPF_IMM | BPF_DW) || avail < 2 || in[0].src ||
		    in[0].off || in[1].code || in[1].dst || in[1].src || in[1].off)
			return "ld_imm64 has an unexpected form";
		if (!o->exists) {
			core_poison(in, 2);
			return NULL;
		}
		imm = (u64)(u32)in[0].imm | ((u64)(u32)in[1].imm << 32);
		if (o->validate && imm != o->local)
			return "instruction does not hold the local value";
		in[0].imm = (s32)(u32)o->target;
		in[1].imm = (s32)(u32)(o->target >> 32);
		return NULL;
	default:
		return "unexpected instruction class";
	}
}

int elf_core_apply(struct elf_ctx *c)
{
	for (u32 i = 0; i < c->core_relo.cnt; i++) {
		const struct btf_ext_rec *r = &c->core_relo.recs[i];
		struct elf_sec *s = &c->secs[r->sec];
		const char *acc = btf__name_by_offset(c->btf, r->b);
		const char *why = NULL;
		const struct btf_type *lt;
		const char *tn;
		struct core_out o;
		struct core_err *ce;
		int err;

		if (!acc)
			return ELF_BAD(
				c,
				"%s: .BTF.ext core_relo: section '%s' insn %u: access string "
				"offset %u outside the BTF strings",
				c->path, s->name, r->insn, r->b);
		if (r->insn >= s->insn_cnt)
			continue;
		err = core_resolve(c, r->a, acc, r->c, &o, &why);
		if (!err)
			why = core_patch(&s->insns[r->insn], s->insn_cnt - r->insn, r->c, &o);
		if (!why)
			continue;
		lt = btf__type_by_id(c->btf, r->a);
		tn = lt ? btf__name_by_offset(c->btf, lt->name_off) : NULL;
		ce = realloc(s->core_errs, (s->core_err_cnt + 1) * sizeof(*ce));
		if (!ce)
			return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
		s->core_errs = ce;
		ce = &s->core_errs[s->core_err_cnt];
		ce->insn = r->insn;
		ce->msg = elf_strdup_printf("unsupported: CO-RE relocation %s of '%s' (access %s) "
					    "at insn %u of section "
					    "'%s': %s",
					    r->c < ARRAY_SIZE(kind_names) ? kind_names[r->c]
									  : "unknown",
					    tn && *tn ? tn : "<anon>", acc, r->insn, s->name, why);
		if (!ce->msg)
			return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
		s->core_err_cnt++;
	}
	return 0;
}
