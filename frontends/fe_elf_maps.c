/* Maps of an ELF object: BTF-defined maps in ".maps" (mirrors libbpf's parse_btf_map_def()),
 * legacy struct bpf_map_def entries in "maps", and the array maps a loader creates for global
 * data (.data*, .rodata*, .bss*). Special fields of map values (spin locks, timers, kptrs, ...)
 * are found in the value's BTF type the way the kernel's btf_parse_fields() looks for them. */
#include "fe_elf_int.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FIELDS 64 /* more than the kernel accepts (BTF_FIELDS_MAX is 11) */
#define MAX_NEST   8

struct map_def *elf_map_add(struct elf_ctx *c, u32 sec, u64 off)
{
	struct elf_map_loc *l;
	struct map_def *m;

	l = realloc(c->map_locs, (c->obj->map_cnt + 1) * sizeof(*l));
	if (!l)
		return NULL;
	c->map_locs = l;
	m = object_add_map(c->obj);
	if (!m)
		return NULL;
	c->map_locs[c->obj->map_cnt - 1] = (struct elf_map_loc){sec, off};
	c->map_loc_cnt = c->obj->map_cnt;
	return m;
}

/* ---- special fields --------------------------------------------------------------------- */

static int add_field(struct map_def *m, u32 kind, u32 off, u32 size, const char *target)
{
	struct map_field *n;

	if (m->field_cnt >= MAX_FIELDS)
		return 0;
	n = realloc(m->fields, (m->field_cnt + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	m->fields = n;
	n = &m->fields[m->field_cnt];
	n->kind = kind;
	n->off = off;
	n->size = size;
	n->target = NULL;
	n->contains_id = 0;
	n->node_off = 0;
	n->contains_bad = false;
	if (target && !(n->target = strdup(target)))
		return -ENOMEM;
	m->field_cnt++;
	return 0;
}

static const struct btf_type *skip_mods(const struct btf *btf, u32 id, u32 *res)
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

static const char *tname(const struct btf *btf, const struct btf_type *t)
{
	const char *n = t ? btf__name_by_offset(btf, t->name_off) : NULL;

	return n ? n : "";
}

/* A pointer member tagged kptr/kptr_untrusted/percpu_kptr/uptr. */
static int kptr_field(struct map_def *m, const struct btf *btf, const struct btf_type *ptr, u32 off)
{
	const struct btf_type *t = btf__type_by_id(btf, ptr->type);
	const char *tag;
	u32 kind;

	if (!t || !btf_is_type_tag(t))
		return 0;
	tag = tname(btf, t);
	if (strcmp(tag, "kptr_untrusted") == 0)
		kind = MAP_FIELD_KPTR_UNREF;
	else if (strcmp(tag, "kptr") == 0)
		kind = MAP_FIELD_KPTR_REF;
	else if (strcmp(tag, "percpu_kptr") == 0)
		kind = MAP_FIELD_KPTR_PERCPU;
	else if (strcmp(tag, "uptr") == 0)
		kind = MAP_FIELD_UPTR;
	else
		return 0;
	t = skip_mods(btf, t->type, NULL);
	return add_field(m, kind, off, 8, tname(btf, t));
}

static int find_fields(struct map_def *m, const struct btf *btf, u32 id, u32 off, int depth,
		       u32 *budget);

/* The list heads / rb roots just added (from index before on) for member comp of owner (a
 * struct; or a variable with comp -1; arrays of heads give several) take its __contains(name,
 * node) decl tag, "contains:name:node", as btf_parse_graph_root() reads it: the contained struct
 * of the same BTF and the node member's offset. Heads of nested structs keep their own tags. */
static int contains_tag(struct map_def *m, u32 before, const struct btf *btf, u32 owner, int comp)
{
	u32 n = btf__type_cnt(btf), node_off = 0;
	const char *v = NULL, *colon = NULL;
	bool any = false, bad = true;
	char name[128];
	s32 cid = 0;

	for (u32 i = before; i < m->field_cnt; i++)
		if ((m->fields[i].kind == MAP_FIELD_LIST_HEAD ||
		     m->fields[i].kind == MAP_FIELD_RB_ROOT) &&
		    !m->fields[i].target)
			any = true;
	if (!any)
		return 0;
	for (u32 id = 1; id < n && !v; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!t || !btf_is_decl_tag(t) || t->type != owner ||
		    btf_decl_tag(t)->component_idx != comp)
			continue;
		if (!strncmp(tname(btf, t), "contains:", 9))
			v = tname(btf, t) + 9;
	}
	if (!v)
		return 0;
	colon = strchr(v, ':');
	if (!colon || (size_t)(colon - v) >= sizeof(name))
		return 0;
	memcpy(name, v, (size_t)(colon - v));
	name[colon - v] = 0;
	cid = btf__find_by_name_kind(btf, name, BTF_KIND_STRUCT);
	if (cid > 0) {
		const struct btf_type *ct = btf__type_by_id(btf, (u32)cid);
		const struct btf_member *mem = btf_members(ct);

		for (u32 i = 0; i < btf_vlen(ct); i++)
			if (!strcmp(btf__name_by_offset(btf, mem[i].name_off) ?: "", colon + 1)) {
				node_off = btf_member_bit_offset(ct, i) / 8;
				bad = false;
				break;
			}
	}
	for (u32 i = before; i < m->field_cnt; i++) {
		struct map_field *f = &m->fields[i];

		if ((f->kind != MAP_FIELD_LIST_HEAD && f->kind != MAP_FIELD_RB_ROOT) || f->target)
			continue;
		f->target = strdup(name);
		if (!f->target)
			return -ENOMEM;
		if (cid > 0) {
			f->contains_id = (u32)cid;
			f->node_off = node_off;
			f->contains_bad = bad;
		}
	}
	return 0;
}

static int struct_fields(struct map_def *m, const struct btf *btf, const struct btf_type *t,
			 u32 sid, u32 off, int depth, u32 *budget)
{
	static const struct {
		const char *name;
		u32 kind;
	} named[] = {
		{"bpf_spin_lock", MAP_FIELD_SPIN_LOCK}, {"bpf_timer", MAP_FIELD_TIMER},
		{"bpf_wq", MAP_FIELD_WORKQUEUE},	{"bpf_list_head", MAP_FIELD_LIST_HEAD},
		{"bpf_list_node", MAP_FIELD_LIST_NODE}, {"bpf_rb_root", MAP_FIELD_RB_ROOT},
		{"bpf_rb_node", MAP_FIELD_RB_NODE},	{"bpf_refcount", MAP_FIELD_REFCOUNT},
	};
	const char *n = tname(btf, t);
	const struct btf_member *mem;

	for (size_t i = 0; i < ARRAY_SIZE(named); i++)
		if (strcmp(n, named[i].name) == 0)
			return add_field(m, named[i].kind, off, t->size, NULL);
	if (!btf_is_struct(t) || depth >= MAX_NEST)
		return 0;
	mem = btf_members(t);
	for (u32 i = 0; i < btf_vlen(t); i++) {
		u32 boff = btf_member_bit_offset(t, i);
		u32 before = m->field_cnt;
		int err;

		if (boff % 8 || btf_member_bitfield_size(t, i))
			continue;
		err = find_fields(m, btf, mem[i].type, off + boff / 8, depth + 1, budget);
		if (!err)
			err = contains_tag(m, before, btf, sid, (int)i);
		if (err)
			return err;
	}
	return 0;
}

static int find_fields(struct map_def *m, const struct btf *btf, u32 id, u32 off, int depth,
		       u32 *budget)
{
	const struct btf_type *t;
	u32 rid;

	/* bounded in depth and in total visits: member types shared between structs could
	 * otherwise make the walk exponential */
	if (depth > MAX_NEST || *budget == 0)
		return 0;
	(*budget)--;
	t = btf__type_by_id(btf, id);
	if (t && btf_is_ptr(t))
		return kptr_field(m, btf, t, off);
	t = skip_mods(btf, id, &rid);
	if (!t)
		return 0;
	if (btf_is_ptr(t))
		return kptr_field(m, btf, t, off);
	if (btf_is_struct(t))
		return struct_fields(m, btf, t, rid, off, depth, budget);
	if (btf_is_array(t)) {
		const struct btf_array *a = btf_array(t);
		s64 esz = btf__resolve_size(btf, a->type);
		u32 n = a->nelems;

		if (esz <= 0)
			return 0;
		/* arrays of special fields: every element is a field (bounded) */
		if (n > MAX_FIELDS)
			n = MAX_FIELDS;
		for (u32 i = 0; i < n; i++) {
			u32 before = m->field_cnt;
			int err =
				find_fields(m, btf, a->type, off + i * (u32)esz, depth + 1, budget);

			if (err)
				return err;
			if (m->field_cnt == before)
				break; /* plain data: no need to look at the other elements */
		}
		return 0;
	}
	return 0;
}

/* The special fields of a value of BTF type id placed at offset off. */
static int map_fields(struct map_def *m, const struct btf *btf, u32 id, u32 off)
{
	u32 budget = 20000;

	return find_fields(m, btf, id, off, 0, &budget);
}

/* ---- BTF-defined maps ------------------------------------------------------------------- */

/* __uint(name, val) is "int (*name)[val]": the value is the array's element count;
 * __ulong(name, val) is an anonymous enum with the single enumerator val. */
static bool member_int(const struct btf *btf, const struct btf_member *mem, u64 *val)
{
	const struct btf_type *t = skip_mods(btf, mem->type, NULL);
	const struct btf_type *arr;

	if (t && btf_is_enum(t) && btf_vlen(t) == 1) {
		*val = btf_kflag(t) ? (u64)(s64)btf_enum(t)[0].val : (u32)btf_enum(t)[0].val;
		return true;
	}
	if (t && btf_is_enum64(t) && btf_vlen(t) == 1) {
		*val = btf_enum64_value(&btf_enum64(t)[0]);
		return true;
	}
	if (!t || !btf_is_ptr(t))
		return false;
	arr = btf__type_by_id(btf, t->type);
	if (!arr || !btf_is_array(arr))
		return false;
	*val = btf_array(arr)->nelems;
	return true;
}

/* The value of the symbol that defines variable name in section sec (libbpf takes DATASEC
 * offsets from the ELF symbols: clang leaves them 0 in object files). */
static bool sym_offset(const struct elf_ctx *c, u32 sec, const char *name, u64 *off)
{
	const GElf_Sym *s = elf_sym_find(c, sec, name);

	if (s)
		*off = s->st_value;
	return s != NULL;
}

struct btf_map_parsed {
	u32 type, key_size, value_size, max_entries, flags;
	u64 map_extra;
	u32 key_type, value_type; /* BTF ids from __type(key/value), 0 if none */
	s32 inner;		  /* inner map template index, -1 */
	bool has_key_size, has_value_size;
};

static int parse_btf_map_def(struct elf_ctx *c, const char *mname, const struct btf_type *def,
			     struct btf_map_parsed *pm, bool is_inner, int depth);

static int make_inner(struct elf_ctx *c, const char *outer, const struct btf_member *mem,
		      struct btf_map_parsed *pm, int depth)
{
	const struct btf *btf = c->btf;
	const struct btf_type *t = skip_mods(btf, mem->type, NULL);
	const struct btf_type *pt;
	struct btf_map_parsed in = {.inner = -1};
	struct map_def *m;
	char *name;
	int err;

	/* __array(values, struct inner) is "typeof(struct inner) *values[]" */
	if (!t || !btf_is_array(t))
		return ELF_BAD(c, "%s: map '%s': 'values' is not an array", c->path, outer);
	t = skip_mods(btf, btf_array(t)->type, NULL);
	if (!t || !btf_is_ptr(t))
		return ELF_BAD(c, "%s: map '%s': 'values' is not an array of pointers", c->path,
			       outer);
	pt = skip_mods(btf, t->type, NULL);
	if (!pt)
		return ELF_BAD(c, "%s: map '%s': bad 'values' element type", c->path, outer);
	if (pm->type != BPF_MAP_TYPE_ARRAY_OF_MAPS && pm->type != BPF_MAP_TYPE_HASH_OF_MAPS)
		return 0; /* prog_array initial slots: nothing for the verifier */
	if (!btf_is_struct(pt))
		return ELF_BAD(c, "%s: map '%s': inner map definition is not a struct", c->path,
			       outer);
	if (depth > 0)
		return ELF_BAD(c, "%s: map '%s': nested map-in-map is not supported", c->path,
			       outer);
	name = elf_strdup_printf("%s.inner", outer);
	if (!name)
		return -ENOMEM;
	err = parse_btf_map_def(c, name, pt, &in, true, depth + 1);
	if (err) {
		free(name);
		return err;
	}
	m = elf_map_add(c, 0, 0);
	if (!m) {
		free(name);
		return -ENOMEM;
	}
	m->name = name;
	m->type = in.type;
	m->key_size = in.key_size;
	m->value_size = in.value_size;
	m->max_entries = in.max_entries;
	m->flags = in.flags;
	m->map_extra = in.map_extra;
	m->has_btf = in.value_type || in.key_type;
	if (in.value_type) {
		err = map_fields(m, btf, in.value_type, 0);
		if (err)
			return err;
	}
	pm->inner = c->obj->map_cnt - 1;
	return 0;
}

/* Mirrors parse_btf_map_def() (libbpf 6.12). */
static int parse_btf_map_def(struct elf_ctx *c, const char *mname, const struct btf_type *def,
			     struct btf_map_parsed *pm, bool is_inner, int depth)
{
	const struct btf *btf = c->btf;
	const struct btf_member *mem = btf_members(def);
	static const struct {
		const char *name;
		size_t off;
	} ints[] = {
		{"type", offsetof(struct btf_map_parsed, type)},
		{"max_entries", offsetof(struct btf_map_parsed, max_entries)},
		{"map_flags", offsetof(struct btf_map_parsed, flags)},
		{"key_size", offsetof(struct btf_map_parsed, key_size)},
		{"value_size", offsetof(struct btf_map_parsed, value_size)},
	};
	const struct btf_member *values = NULL;

	for (u32 i = 0; i < btf_vlen(def); i++, mem++) {
		const char *n = btf__name_by_offset(btf, mem->name_off);
		bool done = false;
		u64 v;

		if (!n || !*n)
			return ELF_BAD(c, "%s: map '%s': invalid field #%u", c->path, mname, i);
		for (size_t k = 0; k < ARRAY_SIZE(ints); k++) {
			if (strcmp(n, ints[k].name) != 0)
				continue;
			if (!member_int(btf, mem, &v))
				return ELF_BAD(c, "%s: map '%s': attr '%s': expected __uint()",
					       c->path, mname, n);
			if (strcmp(n, "key_size") == 0) {
				if (pm->key_size && pm->key_size != (u32)v)
					return ELF_BAD(c,
						       "%s: map '%s': conflicting key size %u != "
						       "%u",
						       c->path, mname, pm->key_size, (u32)v);
				pm->has_key_size = true;
			}
			if (strcmp(n, "value_size") == 0) {
				if (pm->value_size && pm->value_size != (u32)v)
					return ELF_BAD(c,
						       "%s: map '%s': conflicting value size %u "
						       "!= %u",
						       c->path, mname, pm->value_size, (u32)v);
				pm->has_value_size = true;
			}
			if (v > UINT32_MAX)
				return ELF_BAD(c, "%s: map '%s': attr '%s': value %llu too large",
					       c->path, mname, n, (unsigned long long)v);
			*(u32 *)((char *)pm + ints[k].off) = (u32)v;
			done = true;
		}
		if (done)
			continue;
		if (strcmp(n, "numa_node") == 0 || strcmp(n, "pinning") == 0) {
			if (!member_int(btf, mem, &v))
				return ELF_BAD(c, "%s: map '%s': attr '%s': expected __uint()",
					       c->path, mname, n);
		} else if (strcmp(n, "map_extra") == 0) {
			if (!member_int(btf, mem, &v))
				return ELF_BAD(c, "%s: map '%s': attr '%s': expected __uint()",
					       c->path, mname, n);
			pm->map_extra = v;
		} else if (strcmp(n, "key") == 0 || strcmp(n, "value") == 0) {
			const struct btf_type *t = skip_mods(btf, mem->type, NULL);
			bool key = n[0] == 'k';
			u32 *size = key ? &pm->key_size : &pm->value_size;
			s64 sz;

			if (!t || !btf_is_ptr(t))
				return ELF_BAD(c, "%s: map '%s': %s spec is not PTR", c->path,
					       mname, n);
			sz = btf__resolve_size(btf, t->type);
			if (sz < 0 || sz > UINT32_MAX)
				return ELF_BAD(c,
					       "%s: map '%s': can't determine %s size for type "
					       "[%u]",
					       c->path, mname, n, t->type);
			if (*size && *size != sz)
				return ELF_BAD(c, "%s: map '%s': conflicting %s size %u != %lld",
					       c->path, mname, n, *size, (long long)sz);
			*size = (u32)sz;
			if (key)
				pm->key_type = t->type;
			else
				pm->value_type = t->type;
		} else if (strcmp(n, "values") == 0) {
			if (is_inner)
				return ELF_BAD(c,
					       "%s: map '%s': multi-level inner maps not "
					       "supported",
					       c->path, mname);
			if (i + 1 != (u32)btf_vlen(def))
				return ELF_BAD(c, "%s: map '%s': '%s' member should be last",
					       c->path, mname, n);
			values = mem;
		} else {
			/* libbpf with strict mode off ignores unknown attributes */
		}
	}
	if (pm->type == BPF_MAP_TYPE_UNSPEC)
		return ELF_BAD(c, "%s: map '%s': map type isn't specified", c->path, mname);
	if (values) {
		int err;

		if (pm->type == BPF_MAP_TYPE_ARRAY_OF_MAPS ||
		    pm->type == BPF_MAP_TYPE_HASH_OF_MAPS) {
			if (pm->value_size && pm->value_size != 4)
				return ELF_BAD(c, "%s: map '%s': conflicting value size %u != 4",
					       c->path, mname, pm->value_size);
			pm->value_size = 4;
		} else if (pm->type != BPF_MAP_TYPE_PROG_ARRAY) {
			return ELF_BAD(c, "%s: map '%s': should be map-in-map or prog-array",
				       c->path, mname);
		}
		err = make_inner(c, mname, values, pm, depth);
		if (err)
			return err;
	}
	return 0;
}

/* Loader-side adjustments of map attributes that change what the kernel sees. */
static void adjust_map(struct map_def *m)
{
	long page = sysconf(_SC_PAGESIZE);
	long cpus = sysconf(_SC_NPROCESSORS_CONF);

	if (page <= 0)
		page = 4096;
	if (cpus <= 0)
		cpus = 1;
	switch (m->type) {
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
		/* bpf_object__create_map(): 4-byte key/value and one slot per CPU by default */
		if (!m->key_size)
			m->key_size = 4;
		if (!m->value_size)
			m->value_size = 4;
		if (!m->max_entries)
			m->max_entries = cpus;
		break;
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF: {
		/* adjust_ringbuf_sz(): a power-of-2 multiple of the page size */
		u64 sz = m->max_entries;
		u64 p = page;

		while (p < sz && p < (1ull << 31))
			p <<= 1;
		m->max_entries = (u32)p;
		break;
	}
	default:
		break;
	}
}

static int collect_btf_maps(struct elf_ctx *c)
{
	const struct elf_sec *sec = &c->secs[c->btf_maps];
	const struct btf_type *ds;
	const struct btf_var_secinfo *vs;
	s32 id;

	if (!c->btf)
		return ELF_BAD(c, "%s: section '.maps' needs BTF, but the object has none",
			       c->path);
	id = btf__find_by_name_kind(c->btf, ".maps", BTF_KIND_DATASEC);
	if (id <= 0)
		return ELF_BAD(c, "%s: DATASEC '.maps' not found in BTF", c->path);
	ds = btf__type_by_id(c->btf, id);
	vs = btf_var_secinfos(ds);
	for (u32 i = 0; i < btf_vlen(ds); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(c->btf, vs->type);
		const struct btf_type *def;
		struct btf_map_parsed pm = {.inner = -1};
		struct map_def *m;
		const char *name;
		u64 off;
		int err;

		if (!var || !btf_is_var(var))
			return ELF_BAD(c, "%s: DATASEC '.maps': entry #%u is not a VAR", c->path,
				       i);
		name = tname(c->btf, var);
		if (!sym_offset(c, c->btf_maps, name, &off))
			return ELF_BAD(c, "%s: map '%s': no ELF symbol in section '.maps'", c->path,
				       name);
		if (off >= sec->size)
			return ELF_BAD(c,
				       "%s: map '%s': offset %llu outside section '.maps' (%llu "
				       "bytes)",
				       c->path, name, (unsigned long long)off,
				       (unsigned long long)sec->size);
		def = skip_mods(c->btf, var->type, NULL);
		if (!def || !btf_is_struct(def))
			return ELF_BAD(c, "%s: map '%s': unexpected def kind", c->path, name);
		err = parse_btf_map_def(c, name, def, &pm, false, 0);
		if (err)
			return err == -ENOMEM ? diag_error(c->d, err, "%s: out of memory", c->path)
					      : err;
		m = elf_map_add(c, c->btf_maps, off);
		if (!m || !(m->name = strdup(name)))
			return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
		m->type = pm.type;
		m->key_size = pm.key_size;
		m->value_size = pm.value_size;
		m->max_entries = pm.max_entries;
		m->flags = pm.flags;
		m->map_extra = pm.map_extra;
		m->inner_map = pm.inner;
		m->has_btf = pm.key_type || pm.value_type;
		adjust_map(m);
		if (pm.value_type && map_fields(m, c->btf, pm.value_type, 0))
			return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
		if (m->type == BPF_MAP_TYPE_ARENA && c->arena_map < 0)
			c->arena_map = c->obj->map_cnt - 1;
	}
	return 0;
}

/* The legacy "maps" section: an array of struct bpf_map_def, one symbol per map. */
static int collect_legacy_maps(struct elf_ctx *c)
{
	const struct elf_sec *sec = &c->secs[c->legacy_maps];
	u32 nr = 0;
	u64 def_sz;

	for (u32 i = 0; i < c->sym_cnt; i++)
		if (c->syms[i].st_shndx == c->legacy_maps &&
		    GELF_ST_BIND(c->syms[i].st_info) == STB_GLOBAL)
			nr++;
	if (!nr)
		return 0;
	if (!sec->data)
		return ELF_BAD(c, "%s: section 'maps' has no contents", c->path);
	def_sz = sec->size / nr;
	if (def_sz < 4 * 4 || sec->size % nr)
		return ELF_BAD(c, "%s: section 'maps': %llu bytes for %u maps", c->path,
			       (unsigned long long)sec->size, nr);
	for (u32 i = 0; i < c->sym_cnt; i++) {
		const GElf_Sym *s = &c->syms[i];
		u32 def[5] = {0};
		struct map_def *m;

		if (s->st_shndx != c->legacy_maps || GELF_ST_BIND(s->st_info) != STB_GLOBAL)
			continue;
		if (s->st_value > sec->size || def_sz > sec->size - s->st_value)
			return ELF_BAD(c,
				       "%s: section 'maps': map '%s' at offset %llu past the "
				       "section end",
				       c->path, elf_sym_name(c, s),
				       (unsigned long long)s->st_value);
		memcpy(def, sec->data + s->st_value, def_sz < sizeof(def) ? def_sz : sizeof(def));
		for (u64 k = sizeof(def); k < def_sz; k++)
			if (sec->data[s->st_value + k])
				return ELF_BAD(c,
					       "%s: section 'maps': map '%s' has unrecognized, "
					       "non-zero options",
					       c->path, elf_sym_name(c, s));
		m = elf_map_add(c, c->legacy_maps, s->st_value);
		if (!m || !(m->name = strdup(elf_sym_name(c, s))))
			return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
		m->type = def[0];
		m->key_size = def[1];
		m->value_size = def[2];
		m->max_entries = def[3];
		m->flags = def[4];
		adjust_map(m);
	}
	return 0;
}

/* Mirrors bpf_object__init_global_data_maps(): one single-entry array per data section. */
static int collect_data_maps(struct elf_ctx *c)
{
	for (size_t i = 1; i < c->sec_cnt; i++) {
		struct elf_sec *s = &c->secs[i];
		struct map_def *m;
		s32 ds;

		if (s->kind != ESEC_DATA && s->kind != ESEC_RODATA && s->kind != ESEC_BSS)
			continue;
		if (s->size == 0 || s->size > UINT32_MAX)
			continue;
		m = elf_map_add(c, 0, 0);
		if (!m || !(m->name = strdup(s->name)))
			return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
		s->map_idx = c->obj->map_cnt - 1;
		m->type = BPF_MAP_TYPE_ARRAY;
		m->key_size = 4;
		m->value_size = (u32)s->size;
		m->max_entries = 1;
		m->internal = true;
		m->flags = BPF_F_MMAPABLE;
		if (s->kind == ESEC_RODATA) {
			m->readonly = true;
			m->flags |= BPF_F_RDONLY_PROG;
		}
		if (s->kind != ESEC_BSS && s->data) {
			m->init_data = malloc(s->size);
			if (!m->init_data)
				return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
			memcpy(m->init_data, s->data, s->size);
		}
		ds = c->btf ? btf__find_by_name_kind(c->btf, s->name, BTF_KIND_DATASEC) : -1;
		if (ds > 0) {
			const struct btf_type *dt = btf__type_by_id(c->btf, ds);
			const struct btf_var_secinfo *vs = btf_var_secinfos(dt);

			m->has_btf = true;
			for (u32 k = 0; k < btf_vlen(dt); k++, vs++) {
				const struct btf_type *v = btf__type_by_id(c->btf, vs->type);
				u64 off;

				u32 before = m->field_cnt;

				if (!v || !btf_is_var(v) ||
				    !sym_offset(c, i, tname(c->btf, v), &off) || off >= s->size)
					continue;
				if (map_fields(m, c->btf, v->type, (u32)off) ||
				    contains_tag(m, before, c->btf, vs->type, -1))
					return diag_error(c->d, -ENOMEM, "%s: out of memory",
							  c->path);
			}
		}
	}
	return 0;
}

/* The top-level integer / enum members of a struct (and arrays of them). */
static int scalar_members(struct local_type *lt, const struct btf *btf, const struct btf_type *t)
{
	const struct btf_member *mem = btf_members(t);

	for (u32 i = 0; i < btf_vlen(t); i++) {
		const struct btf_type *mt = skip_mods(btf, mem[i].type, NULL);
		u32 boff = btf_member_bit_offset(t, i);
		struct local_span *s;
		s64 size;

		if (boff % 8 || btf_member_bitfield_size(t, i) || !mt)
			continue;
		if (btf_is_array(mt)) {
			const struct btf_type *et = skip_mods(btf, btf_array(mt)->type, NULL);

			if (!et || !(btf_is_int(et) || btf_is_any_enum(et)))
				continue;
		} else if (!(btf_is_int(mt) || btf_is_any_enum(mt))) {
			continue;
		}
		size = btf__resolve_size(btf, mem[i].type);
		if (size <= 0)
			continue;
		s = realloc(lt->scalars, (lt->scalar_cnt + 1) * sizeof(*s));
		if (!s)
			return -ENOMEM;
		lt->scalars = s;
		s[lt->scalar_cnt].off = boff / 8;
		s[lt->scalar_cnt].size = (u32)size;
		lt->scalar_cnt++;
	}
	return 0;
}

/* Every struct of the program's BTF with its special fields (what bpf_obj_new() may allocate);
 * bounded in total work. */
static int collect_local_types(struct elf_ctx *c)
{
	const struct btf *btf = c->btf;
	struct object *obj = c->obj;
	u32 n = btf__type_cnt(btf), budget = 400000;

	for (u32 id = 1; id < n && budget; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		struct map_def tmp = {0};
		struct local_type *lt;
		int err;

		if (!t || !btf_is_struct(t))
			continue;
		err = struct_fields(&tmp, btf, t, id, 0, 0, &budget);
		if (!err && !budget) {
			/* out of budget: an incomplete record would be wrong, leave it out */
			for (u32 k = 0; k < tmp.field_cnt; k++)
				free(tmp.fields[k].target);
			free(tmp.fields);
			break;
		}
		lt = err ? NULL : realloc(obj->ltypes, (obj->ltype_cnt + 1) * sizeof(*lt));
		if (!lt) {
			for (u32 k = 0; k < tmp.field_cnt; k++)
				free(tmp.fields[k].target);
			free(tmp.fields);
			return -ENOMEM;
		}
		obj->ltypes = lt;
		lt = &obj->ltypes[obj->ltype_cnt++];
		lt->id = id;
		lt->size = t->size;
		lt->fields = tmp.fields;
		lt->field_cnt = tmp.field_cnt;
		lt->name = strdup(tname(btf, t));
		lt->scalars = NULL;
		lt->scalar_cnt = 0;
		if (!lt->name || scalar_members(lt, btf, t))
			return -ENOMEM;
	}
	obj->btf_type_cnt = n;
	obj->ltypes_complete = budget > 0;
	return 0;
}

/* btf_parse_fields() finds at most BTF_FIELDS_MAX (11) special fields; with more it fails with
 * -E2BIG and map_check_btf() creates the map without any (IS_ERR record): no kptr, lock, timer,
 * ... field at all. */
static void drop_excess_fields(struct object *obj)
{
	for (u32 i = 0; i < obj->map_cnt; i++) {
		struct map_def *m = &obj->maps[i];

		if (m->field_cnt <= 11)
			continue;
		for (u32 k = 0; k < m->field_cnt; k++)
			free(m->fields[k].target);
		free(m->fields);
		m->fields = NULL;
		m->field_cnt = 0;
	}
}

int elf_maps_collect(struct elf_ctx *c)
{
	int err = 0;

	if (c->legacy_maps)
		err = collect_legacy_maps(c);
	if (!err && c->btf_maps)
		err = collect_btf_maps(c);
	if (!err)
		err = collect_data_maps(c);
	if (!err)
		drop_excess_fields(c->obj);
	if (!err && c->btf && collect_local_types(c))
		err = diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
	return err;
}
