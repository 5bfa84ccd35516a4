/* The raw-bytecode frontend: a file of 8-byte little-endian instructions (optionally gzip'ed)
 * plus the JSON spec of /work/shared/corpus/test_verifier/README.md, or, without a spec, the
 * program type and maps given on the command line. It turns the spec's index conventions into
 * the program model's (prog.h): map_refs stay map indexes, literal map fds become -1-fd, kfuncs
 * become externs, program BTF func_info becomes program->funcs. Every malformed input is
 * refused with a message naming the field or the byte offset.
 * Beyond frontend.h: fe_raw_load() with data NULL reads the instructions from the spec's
 * insns_file (for a NAME.bin that exists only as NAME.bin.gz), and a path ending in ".json" is
 * taken as the spec itself. */
#include "frontend.h"
#include "fe_btf_func.h"

#include <bpf/btf.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

/* Programs longer than this are refused as absurd (the kernel's own limit, 1,000,000, is
 * enforced by the analyzer so that it can say so like any other rejection). */
#define RAW_MAX_INSNS (1u << 21)
/* A spec is a few kB; the largest corpus spec is far below this. */
#define RAW_MAX_SPEC_SIZE (64u << 20)
#define RAW_MAX_MAPS	  4096u
#define RAW_MAX_FIELDS	  1024u
#define RAW_MAX_FUNCS	  4096u
#define RAW_MAX_KFUNCS	  65536u

struct raw_ctx {
	const char *path;      /* instruction file (for messages) */
	const char *spec_path; /* NULL without spec */
	struct diag *d;
	struct object *obj;
	struct program *p;
	u8 *refmark;	  /* per insn: 1 map_ref, 2 kfunc_ref, 4 literal */
	u32 spec_map_cnt; /* maps listed by the spec (inner map templates come after) */
};

#define RAW_BAD(c, ...)	  diag_error((c)->d, -EBADMSG, __VA_ARGS__)
#define RAW_INVAL(c, ...) diag_error((c)->d, -EINVAL, __VA_ARGS__)

static bool has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The file name without directory and without .bin / .bin.gz / .json */
static char *stem_of(const char *path)
{
	const char *base = strrchr(path, '/');
	char *s;
	size_t n;

	base = base ? base + 1 : path;
	s = strdup(base);
	if (!s)
		return NULL;
	n = strlen(s);
	if (has_suffix(s, ".bin.gz"))
		s[n - 7] = 0;
	else if (has_suffix(s, ".bin") || has_suffix(s, ".raw"))
		s[n - 4] = 0;
	else if (has_suffix(s, ".json"))
		s[n - 5] = 0;
	if (!*s) {
		free(s);
		s = strdup("prog");
	}
	return s;
}

/* NAME.json beside NAME.bin / NAME.bin.gz, when it exists */
static char *guess_spec_path(const char *path)
{
	size_t n = strlen(path);
	struct stat st;
	char *s;

	s = malloc(n + 6);
	if (!s)
		return NULL;
	memcpy(s, path, n + 1);
	if (has_suffix(s, ".bin.gz"))
		s[n - 7] = 0;
	else if (has_suffix(s, ".bin"))
		s[n - 4] = 0;
	else {
		free(s);
		return NULL;
	}
	strcat(s, ".json");
	if (stat(s, &st) != 0 || !S_ISREG(st.st_mode)) {
		free(s);
		return NULL;
	}
	return s;
}

/* gunzip in memory, refusing more than max output bytes (a zip bomb stops there). */
static int gunzip(struct raw_ctx *c, const u8 *in, size_t len, size_t max, u8 **out,
		  size_t *out_len)
{
	z_stream zs;
	size_t cap = 4096, n = 0;
	u8 *buf = malloc(cap);
	int ret;

	if (!buf)
		return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		free(buf);
		return diag_error(c->d, -ENOMEM, "%s: zlib init failed", c->path);
	}
	zs.next_in = (Bytef *)in;
	zs.avail_in = len > UINT32_MAX ? UINT32_MAX : (uInt)len;
	for (;;) {
		if (n == cap) {
			u8 *nb;

			if (cap >= max + 1) {
				ret = Z_BUF_ERROR;
				break;
			}
			cap = MIN(cap * 2, max + 1);
			nb = realloc(buf, cap);
			if (!nb) {
				inflateEnd(&zs);
				free(buf);
				return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
			}
			buf = nb;
		}
		zs.next_out = buf + n;
		zs.avail_out = (uInt)(cap - n);
		ret = inflate(&zs, Z_NO_FLUSH);
		n = cap - zs.avail_out;
		if (ret == Z_STREAM_END || (ret != Z_OK && ret != Z_BUF_ERROR))
			break;
		if (ret == Z_BUF_ERROR && zs.avail_in == 0)
			break;
	}
	inflateEnd(&zs);
	if (ret != Z_STREAM_END) {
		free(buf);
		if (n > max)
			return RAW_BAD(c, "%s: decompressed size exceeds %zu bytes", c->path, max);
		return RAW_BAD(c, "%s: corrupt gzip data (%s)", c->path,
			       zs.msg ? zs.msg : "truncated");
	}
	*out = buf;
	*out_len = n;
	return 0;
}

static int set_insns(struct raw_ctx *c, const u8 *data, size_t len)
{
	struct program *p = c->p;
	size_t cnt;

	if (len == 0)
		return RAW_BAD(c, "%s: empty program (no instructions)", c->path);
	if (len % 8)
		return RAW_BAD(c, "%s: size %zu is not a multiple of 8 (struct bpf_insn)", c->path,
			       len);
	cnt = len / 8;
	if (cnt > RAW_MAX_INSNS)
		return RAW_BAD(c, "%s: %zu instructions is absurd (limit %u)", c->path, cnt,
			       RAW_MAX_INSNS);
	p->insns = calloc(cnt, sizeof(*p->insns));
	c->refmark = calloc(cnt, 1);
	if (!p->insns || !c->refmark)
		return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
	for (size_t i = 0; i < cnt; i++) {
		const u8 *b = data + i * 8;

		p->insns[i].code = b[0];
		p->insns[i].dst = b[1] & 0xf;
		p->insns[i].src = b[1] >> 4;
		p->insns[i].off = (s16)(u16)(b[2] | b[3] << 8);
		p->insns[i].imm =
			(s32)((u32)b[4] | (u32)b[5] << 8 | (u32)b[6] << 16 | (u32)b[7] << 24);
	}
	p->insn_cnt = (u32)cnt;
	p->main_insn_cnt = (u32)cnt;
	return 0;
}

/* ---- JSON accessors with precise messages ---- */

static int get_u32(struct raw_ctx *c, json_t *o, const char *key, const char *where, bool required,
		   u32 *out)
{
	json_t *v = json_object_get(o, key);
	json_int_t x;

	if (!v || json_is_null(v)) {
		if (required)
			return RAW_INVAL(c, "%s: %s: missing field '%s'", c->spec_path, where, key);
		return 0;
	}
	if (!json_is_integer(v))
		return RAW_INVAL(c, "%s: %s: field '%s' must be an integer", c->spec_path, where,
				 key);
	x = json_integer_value(v);
	if (x < 0 || x > (json_int_t)UINT32_MAX)
		return RAW_INVAL(c, "%s: %s: field '%s' = %lld out of range", c->spec_path, where,
				 key, (long long)x);
	*out = (u32)x;
	return 0;
}

/* A string field; *out NULL when absent or null. */
static int get_str(struct raw_ctx *c, json_t *o, const char *key, const char *where,
		   const char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return RAW_INVAL(c, "%s: %s: field '%s' must be a string", c->spec_path, where,
				 key);
	*out = json_string_value(v);
	return 0;
}

/* An array field (absent/null = empty). */
static int get_array(struct raw_ctx *c, json_t *o, const char *key, const char *where, size_t max,
		     json_t **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return RAW_INVAL(c, "%s: %s: field '%s' must be an array", c->spec_path, where,
				 key);
	if (json_array_size(v) > max)
		return RAW_INVAL(c, "%s: %s: '%s' has %zu entries (limit %zu)", c->spec_path, where,
				 key, json_array_size(v), max);
	*out = v;
	return 0;
}

/* A type given as a name (libbpf spelling) and/or a number; name wins, both must agree. */
static int get_type(struct raw_ctx *c, json_t *o, const char *key, const char *id_key,
		    const char *where, int (*from_name)(const char *), u32 limit, bool required,
		    int *out)
{
	const char *name;
	u32 id = UINT32_MAX;
	int err;

	*out = -1;
	err = get_str(c, o, key, where, &name);
	if (!err)
		err = get_u32(c, o, id_key, where, false, &id);
	if (err)
		return err;
	if (name) {
		*out = from_name(name);
		if (*out < 0)
			return RAW_INVAL(c, "%s: %s: unknown %s '%s'", c->spec_path, where, key,
					 name);
		if (id != UINT32_MAX && id != (u32)*out)
			return RAW_INVAL(c, "%s: %s: %s '%s' does not match %s %u", c->spec_path,
					 where, key, name, id_key, id);
		return 0;
	}
	if (id != UINT32_MAX) {
		if (id >= limit)
			return RAW_INVAL(c, "%s: %s: unknown %s %u", c->spec_path, where, id_key,
					 id);
		*out = (int)id;
		return 0;
	}
	if (required)
		return RAW_INVAL(c, "%s: %s: missing field '%s'", c->spec_path, where, key);
	return 0;
}

/* ---- maps ---- */

static const struct {
	const char *name;
	u32 kind;
	u32 size;
} field_kinds[] = {
	{"bpf_spin_lock", MAP_FIELD_SPIN_LOCK, 4},  {"bpf_timer", MAP_FIELD_TIMER, 16},
	{"bpf_wq", MAP_FIELD_WORKQUEUE, 16},	    {"kptr_unref", MAP_FIELD_KPTR_UNREF, 8},
	{"kptr_ref", MAP_FIELD_KPTR_REF, 8},	    {"kptr_percpu", MAP_FIELD_KPTR_PERCPU, 8},
	{"bpf_list_head", MAP_FIELD_LIST_HEAD, 16}, {"bpf_list_node", MAP_FIELD_LIST_NODE, 24},
	{"bpf_rb_root", MAP_FIELD_RB_ROOT, 16},	    {"bpf_rb_node", MAP_FIELD_RB_NODE, 32},
	{"bpf_refcount", MAP_FIELD_REFCOUNT, 4},    {"uptr", MAP_FIELD_UPTR, 8},
};

static int parse_fields(struct raw_ctx *c, json_t *btf, struct map_def *m, const char *where)
{
	json_t *dec, *val, *sf, *e;
	size_t i;
	int err;

	dec = json_object_get(btf, "decoded");
	val = dec ? json_object_get(dec, "value") : NULL;
	if (!val || json_is_null(val))
		return 0;
	if (!json_is_object(val))
		return RAW_INVAL(c, "%s: %s: btf.decoded.value must be an object", c->spec_path,
				 where);
	err = get_array(c, val, "special_fields", where, RAW_MAX_FIELDS, &sf);
	if (err || !sf || json_array_size(sf) == 0)
		return err;
	m->fields = calloc(json_array_size(sf), sizeof(*m->fields));
	if (!m->fields)
		return diag_error(c->d, -ENOMEM, "out of memory");
	json_array_foreach(sf, i, e)
	{
		struct map_field *f = &m->fields[m->field_cnt];
		char fw[160];
		const char *kind, *target;
		size_t k;

		snprintf(fw, sizeof(fw), "%s.btf.decoded.value.special_fields[%zu]", where, i);
		if (!json_is_object(e))
			return RAW_INVAL(c, "%s: %s must be an object", c->spec_path, fw);
		err = get_str(c, e, "kind", fw, &kind);
		if (!err)
			err = get_u32(c, e, "offset", fw, true, &f->off);
		if (!err)
			err = get_str(c, e, "target", fw, &target);
		if (err)
			return err;
		if (!kind)
			return RAW_INVAL(c, "%s: %s: missing field 'kind'", c->spec_path, fw);
		for (k = 0; k < ARRAY_SIZE(field_kinds); k++)
			if (strcmp(kind, field_kinds[k].name) == 0)
				break;
		if (k == ARRAY_SIZE(field_kinds))
			return RAW_INVAL(c, "%s: %s: unknown special field kind '%s'", c->spec_path,
					 fw, kind);
		f->kind = field_kinds[k].kind;
		f->size = field_kinds[k].size;
		if ((u64)f->off + f->size > m->value_size)
			return RAW_INVAL(c, "%s: %s: %s at offset %u does not fit value_size %u",
					 c->spec_path, fw, kind, f->off, m->value_size);
		if (target) {
			/* kernel messages name the struct without its keyword */
			if (strncmp(target, "struct ", 7) == 0)
				target += 7;
			f->target = strdup(target);
			if (!f->target)
				return diag_error(c->d, -ENOMEM, "out of memory");
		}
		m->field_cnt++;
	}
	return 0;
}

/* Fill obj->maps[idx] from jm (the slot exists already; pointers into obj->maps are not kept
 * across object_add_map, which may move the array). */
static int parse_map(struct raw_ctx *c, json_t *jm, u32 idx, const char *where, int depth)
{
	struct map_def *m = &c->obj->maps[idx];
	json_t *btf, *inner;
	int type, err;
	char name[32];

	if (!json_is_object(jm))
		return RAW_INVAL(c, "%s: %s must be an object", c->spec_path, where);
	err = get_type(c, jm, "type", "type_id", where, map_type_from_name, BPF_MAP_TYPE_MAX, true,
		       &type);
	if (err)
		return err;
	m->type = (u32)type;
	snprintf(name, sizeof(name), "map%u", idx);
	m->name = strdup(name);
	if (!m->name)
		return diag_error(c->d, -ENOMEM, "out of memory");
	err = get_u32(c, jm, "key_size", where, true, &m->key_size);
	if (!err)
		err = get_u32(c, jm, "value_size", where, true, &m->value_size);
	if (!err)
		err = get_u32(c, jm, "max_entries", where, true, &m->max_entries);
	if (!err)
		err = get_u32(c, jm, "flags", where, false, &m->flags);
	if (err)
		return err;
	{
		json_t *me = json_object_get(jm, "map_extra");

		if (me && !json_is_null(me)) {
			if (!json_is_integer(me))
				return RAW_INVAL(c, "%s: %s: field 'map_extra' must be an integer",
						 c->spec_path, where);
			m->map_extra = (u64)json_integer_value(me);
		}
	}
	btf = json_object_get(jm, "btf");
	if (btf && !json_is_null(btf)) {
		if (!json_is_object(btf))
			return RAW_INVAL(c, "%s: %s: field 'btf' must be an object or null",
					 c->spec_path, where);
		m->has_btf = true;
		err = parse_fields(c, btf, m, where);
		if (err)
			return err;
	}
	{
		json_t *nb = json_object_get(jm, "needs_btf");

		if (json_is_true(nb))
			m->has_btf = true;
	}
	inner = json_object_get(jm, "inner_map");
	if (inner && !json_is_null(inner)) {
		char iw[160];
		u32 ii;

		if (depth > 0)
			return RAW_INVAL(c, "%s: %s: nested inner_map", c->spec_path, where);
		if (c->obj->map_cnt >= RAW_MAX_MAPS)
			return RAW_INVAL(c, "%s: too many maps", c->spec_path);
		if (!object_add_map(c->obj))
			return diag_error(c->d, -ENOMEM, "out of memory");
		ii = c->obj->map_cnt - 1;
		c->obj->maps[idx].inner_map = (s32)ii;
		snprintf(iw, sizeof(iw), "%s.inner_map", where);
		err = parse_map(c, inner, ii, iw, depth + 1);
		if (err)
			return err;
	}
	return 0;
}

static int parse_maps(struct raw_ctx *c, json_t *spec)
{
	json_t *maps, *jm;
	size_t i;
	int err;

	err = get_array(c, spec, "maps", "spec", RAW_MAX_MAPS, &maps);
	if (err || !maps)
		return err;
	/* the spec's maps first, so that index k in map_refs is obj->maps[k]; inner map
	 * templates are appended after them */
	for (i = 0; i < json_array_size(maps); i++)
		if (!object_add_map(c->obj))
			return diag_error(c->d, -ENOMEM, "out of memory");
	c->spec_map_cnt = c->obj->map_cnt;
	json_array_foreach(maps, i, jm)
	{
		char where[32];

		snprintf(where, sizeof(where), "maps[%zu]", i);
		err = parse_map(c, jm, (u32)i, where, 0);
		if (err)
			return err;
	}
	return 0;
}

static int cli_maps(struct raw_ctx *c, const struct load_opts *opts)
{
	for (u32 i = 0; i < opts->map_cnt; i++) {
		const struct cli_map *cm = &opts->maps[i];
		struct map_def *m = object_add_map(c->obj);
		char name[32];

		if (!m)
			return diag_error(c->d, -ENOMEM, "out of memory");
		if (cm->type == BPF_MAP_TYPE_UNSPEC || cm->type >= BPF_MAP_TYPE_MAX)
			return RAW_INVAL(c, "--map %u: unknown map type %u", i, cm->type);
		snprintf(name, sizeof(name), "map%u", i);
		m->name = strdup(name);
		if (!m->name)
			return diag_error(c->d, -ENOMEM, "out of memory");
		m->type = cm->type;
		m->key_size = cm->key_size;
		m->value_size = cm->value_size;
		m->max_entries = cm->max_entries;
		m->flags = cm->flags;
	}
	return 0;
}

/* ---- instruction references ---- */

static bool is_ldimm64(const struct insn *in)
{
	return in->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static bool is_kfunc_call(const struct insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL) && in->src == BPF_PSEUDO_KFUNC_CALL;
}

static int get_insn_index(struct raw_ctx *c, json_t *e, const char *where, u32 *out)
{
	int err = get_u32(c, e, "insn", where, true, out);

	if (err)
		return err;
	if (*out >= c->p->insn_cnt)
		return RAW_INVAL(c, "%s: %s: insn %u out of range (program has %u instructions)",
				 c->spec_path, where, *out, c->p->insn_cnt);
	return 0;
}

static int parse_map_refs(struct raw_ctx *c, json_t *spec)
{
	json_t *refs, *e;
	size_t i;
	int err;

	err = get_array(c, spec, "map_refs", "spec", RAW_MAX_INSNS, &refs);
	if (err || !refs)
		return err;
	json_array_foreach(refs, i, e)
	{
		char where[48];
		const struct insn *in;
		u32 insn, map, src = UINT32_MAX;

		snprintf(where, sizeof(where), "map_refs[%zu]", i);
		if (!json_is_object(e))
			return RAW_INVAL(c, "%s: %s must be an object", c->spec_path, where);
		err = get_insn_index(c, e, where, &insn);
		if (!err)
			err = get_u32(c, e, "map", where, true, &map);
		if (!err)
			err = get_u32(c, e, "src_reg", where, false, &src);
		if (err)
			return err;
		in = &c->p->insns[insn];
		if (map >= c->spec_map_cnt)
			return RAW_INVAL(c, "%s: %s: map index %u out of range (%u maps)",
					 c->spec_path, where, map, c->spec_map_cnt);
		if (!is_ldimm64(in) ||
		    (in->src != BPF_PSEUDO_MAP_FD && in->src != BPF_PSEUDO_MAP_VALUE))
			return RAW_INVAL(
				c,
				"%s: %s: insn %u (code 0x%02x src_reg %u) is not an ld_imm64 "
				"map reference",
				c->spec_path, where, insn, in->code, in->src);
		if (src != UINT32_MAX && src != in->src)
			return RAW_INVAL(c,
					 "%s: %s: src_reg %u does not match insn %u's src_reg %u",
					 c->spec_path, where, src, insn, in->src);
		if (in->imm != (s32)map)
			return RAW_INVAL(c, "%s: %s: insn %u imm %d is not the map index %u",
					 c->spec_path, where, insn, in->imm, map);
		c->refmark[insn] |= 1;
	}
	return 0;
}

static int parse_kfuncs(struct raw_ctx *c, json_t *spec)
{
	json_t *kf, *refs, *e;
	struct program *p = c->p;
	size_t i;
	int err;

	err = get_array(c, spec, "kfuncs", "spec", RAW_MAX_KFUNCS, &kf);
	if (err)
		return err;
	if (kf && json_array_size(kf)) {
		p->externs = calloc(json_array_size(kf), sizeof(*p->externs));
		if (!p->externs)
			return diag_error(c->d, -ENOMEM, "out of memory");
		json_array_foreach(kf, i, e)
		{
			char where[32];
			const char *name;

			snprintf(where, sizeof(where), "kfuncs[%zu]", i);
			if (!json_is_object(e))
				return RAW_INVAL(c, "%s: %s must be an object", c->spec_path,
						 where);
			err = get_str(c, e, "name", where, &name);
			if (err)
				return err;
			if (!name || !*name)
				return RAW_INVAL(c, "%s: %s: missing field 'name'", c->spec_path,
						 where);
			p->externs[i].name = strdup(name);
			if (!p->externs[i].name)
				return diag_error(c->d, -ENOMEM, "out of memory");
			p->externs[i].is_func = true;
			p->extern_cnt++;
		}
	}
	err = get_array(c, spec, "kfunc_refs", "spec", RAW_MAX_INSNS, &refs);
	if (err || !refs)
		return err;
	json_array_foreach(refs, i, e)
	{
		char where[48];
		const struct insn *in;
		u32 insn, k;

		snprintf(where, sizeof(where), "kfunc_refs[%zu]", i);
		if (!json_is_object(e))
			return RAW_INVAL(c, "%s: %s must be an object", c->spec_path, where);
		err = get_insn_index(c, e, where, &insn);
		if (!err)
			err = get_u32(c, e, "kfunc", where, true, &k);
		if (err)
			return err;
		in = &p->insns[insn];
		if (k >= p->extern_cnt)
			return RAW_INVAL(c, "%s: %s: kfunc index %u out of range (%u kfuncs)",
					 c->spec_path, where, k, p->extern_cnt);
		if (!is_kfunc_call(in))
			return RAW_INVAL(c,
					 "%s: %s: insn %u (code 0x%02x src_reg %u) is not a kfunc "
					 "call",
					 c->spec_path, where, insn, in->code, in->src);
		if (in->imm != (s32)k)
			return RAW_INVAL(c, "%s: %s: insn %u imm %d is not the kfunc index %u",
					 c->spec_path, where, insn, in->imm, k);
		c->refmark[insn] |= 2;
	}
	return 0;
}

static int parse_literals(struct raw_ctx *c, json_t *spec)
{
	json_t *lits, *e;
	size_t i;
	int err;

	err = get_array(c, spec, "literal_pseudo_insns", "spec", RAW_MAX_INSNS, &lits);
	if (err || !lits)
		return err;
	json_array_foreach(lits, i, e)
	{
		char where[64];
		u32 insn;

		snprintf(where, sizeof(where), "literal_pseudo_insns[%zu]", i);
		if (!json_is_object(e))
			return RAW_INVAL(c, "%s: %s must be an object", c->spec_path, where);
		err = get_insn_index(c, e, where, &insn);
		if (err)
			return err;
		if (c->refmark[insn] & 3)
			return RAW_INVAL(c, "%s: %s: insn %u is also listed as a reference",
					 c->spec_path, where, insn);
		c->refmark[insn] |= 4;
	}
	return 0;
}

/* Every ld_imm64 map reference whose imm is not a map index holds a literal fd: rewrite it to the
 * model's -1-fd. Without a spec (have_refs false), an imm naming one of the command-line maps is
 * that map's index. Walks like the kernel's resolve_pseudo_ldimm64(): the second slot of an
 * ld_imm64 is never looked at as an instruction. */
static void mark_literal_fds(struct raw_ctx *c, bool have_refs)
{
	struct program *p = c->p;

	for (u32 i = 0; i < p->insn_cnt; i++) {
		struct insn *in = &p->insns[i];

		if (!is_ldimm64(in))
			continue;
		if (in->src == BPF_PSEUDO_MAP_FD || in->src == BPF_PSEUDO_MAP_VALUE) {
			bool is_index = have_refs
						? (c->refmark[i] & 1)
						: (in->imm >= 0 && (u32)in->imm < c->obj->map_cnt);

			if (!is_index)
				/* a negative fd has no -1-fd form; INT32_MIN stands for "no map"
				 * as well (it reads back as fd 2147483647) */
				in->imm = in->imm >= 0 ? -1 - in->imm : INT32_MIN;
		}
		i++;
	}
}

/* Literal kfunc BTF ids stay as given (prog.h); one that collides with a kfunc index cannot be
 * represented, so say so rather than analyse the wrong function. */
static int check_literal_kfuncs(struct raw_ctx *c)
{
	struct program *p = c->p;

	for (u32 i = 0; i < p->insn_cnt; i++) {
		const struct insn *in = &p->insns[i];

		if (!is_kfunc_call(in) || (c->refmark[i] & 2))
			continue;
		if (in->imm >= 0 && (u32)in->imm < p->extern_cnt && !p->load_error) {
			char buf[128];

			snprintf(buf, sizeof(buf),
				 "unsupported: insn %u calls kfunc with literal BTF id %d, which "
				 "collides with a kfunc index of the spec",
				 i, in->imm);
			p->load_error = strdup(buf);
			if (!p->load_error)
				return diag_error(c->d, -ENOMEM, "out of memory");
		}
	}
	return 0;
}

/* ---- program BTF ---- */

static int hex_decode(const char *hex, u8 **out, size_t *out_len)
{
	size_t n = strlen(hex);
	u8 *b;

	if (n % 2)
		return -EINVAL;
	b = malloc(n / 2 + 1);
	if (!b)
		return -ENOMEM;
	for (size_t i = 0; i < n / 2; i++) {
		int v = 0;

		for (int k = 0; k < 2; k++) {
			char ch = hex[2 * i + k];

			v <<= 4;
			if (ch >= '0' && ch <= '9')
				v |= ch - '0';
			else if (ch >= 'a' && ch <= 'f')
				v |= ch - 'a' + 10;
			else if (ch >= 'A' && ch <= 'F')
				v |= ch - 'A' + 10;
			else {
				free(b);
				return -EINVAL;
			}
		}
		b[i] = (u8)v;
	}
	*out = b;
	*out_len = n / 2;
	return 0;
}

static int func_cmp(const void *a, const void *b)
{
	const struct func_info *x = a, *y = b;

	return x->insn_off < y->insn_off ? -1 : x->insn_off > y->insn_off;
}

static int parse_prog_btf(struct raw_ctx *c, json_t *spec)
{
	struct program *p = c->p;
	json_t *pb = json_object_get(spec, "prog_btf"), *fis, *e;
	const char *hex;
	struct btf *btf = NULL;
	u8 *blob = NULL;
	size_t blob_len = 0, i;
	int err;

	if (!pb || json_is_null(pb))
		return 0;
	if (!json_is_object(pb))
		return RAW_INVAL(c, "%s: prog_btf must be an object or null", c->spec_path);
	err = get_str(c, pb, "btf_hex", "prog_btf", &hex);
	if (err)
		return err;
	if (!hex)
		return RAW_INVAL(c, "%s: prog_btf: missing field 'btf_hex'", c->spec_path);
	err = get_array(c, pb, "func_info", "prog_btf", RAW_MAX_FUNCS, &fis);
	if (err)
		return err;
	err = hex_decode(hex, &blob, &blob_len);
	if (err == -ENOMEM)
		return diag_error(c->d, -ENOMEM, "out of memory");
	if (err)
		return RAW_INVAL(c, "%s: prog_btf.btf_hex is not a hex string", c->spec_path);
	if (blob_len > UINT32_MAX) {
		free(blob);
		return RAW_INVAL(c, "%s: prog_btf.btf_hex too large", c->spec_path);
	}
	fe_btf_quiet();
	btf = btf__new(blob, (u32)blob_len);
	free(blob);
	/* libbpf >= 1.0 returns NULL; 0.x without strict mode returned an error pointer */
	if (!btf || (uintptr_t)btf >= (uintptr_t)-4095) {
		/* BPF_BTF_LOAD would fail: the loader never gets to load the program */
		p->loader_reject = strdup("prog_btf: the BTF blob is invalid (BPF_BTF_LOAD fails)");
		return p->loader_reject ? 0 : diag_error(c->d, -ENOMEM, "out of memory");
	}
	if (!fis || json_array_size(fis) == 0) {
		btf__free(btf);
		return 0;
	}
	p->funcs = calloc(json_array_size(fis), sizeof(*p->funcs));
	if (!p->funcs) {
		btf__free(btf);
		return diag_error(c->d, -ENOMEM, "out of memory");
	}
	json_array_foreach(fis, i, e)
	{
		struct func_info *fi = &p->funcs[p->func_cnt];
		char where[64], msg[160];
		u32 tid;

		snprintf(where, sizeof(where), "prog_btf.func_info[%zu]", i);
		if (!json_is_object(e)) {
			err = RAW_INVAL(c, "%s: %s must be an object", c->spec_path, where);
			break;
		}
		err = get_u32(c, e, "insn_off", where, true, &fi->insn_off);
		if (!err)
			err = get_u32(c, e, "type_id", where, true, &tid);
		if (err)
			break;
		fi->type_id = tid;
		err = fe_btf_func_decode(btf, tid, p->prog_type, c->obj, fi, msg, sizeof(msg));
		if (err == -ENOMEM) {
			err = diag_error(c->d, -ENOMEM, "out of memory");
			break;
		}
		if (err) {
			/* the kernel's check_btf_func_early() refuses this ("invalid type id"):
			 * keep the record with its type id and no name, and let the analyzer
			 * report it */
			fi->name = NULL;
			err = 0;
		}
		p->func_cnt++;
	}
	btf__free(btf);
	if (err)
		return err;
	/* the kernel requires strictly increasing insn_off and says so itself; keep the order
	 * given when it already is (the common case), otherwise sort for prog.h's contract */
	for (u32 k = 1; k < p->func_cnt; k++) {
		if (p->funcs[k].insn_off <= p->funcs[k - 1].insn_off) {
			qsort(p->funcs, p->func_cnt, sizeof(*p->funcs), func_cmp);
			break;
		}
	}
	if (p->func_cnt > 1 && p->funcs[1].insn_off < p->insn_cnt)
		p->main_insn_cnt = p->funcs[1].insn_off;
	return 0;
}

/* ---- the spec ---- */

static int parse_attach_btf(struct raw_ctx *c, json_t *spec)
{
	json_t *ab = json_object_get(spec, "attach_btf");
	const char *name, *btf_name;
	int err;

	if (!ab || json_is_null(ab))
		return 0;
	if (!json_is_object(ab))
		return RAW_INVAL(c, "%s: attach_btf must be an object or null", c->spec_path);
	err = get_str(c, ab, "name", "attach_btf", &name);
	if (!err)
		err = get_str(c, ab, "btf_name", "attach_btf", &btf_name);
	if (err)
		return err;
	/* the target as a section name would give it (fentry/NAME): without libbpf's prefix */
	if (!name)
		name = btf_name;
	if (!name || !*name)
		return RAW_INVAL(c, "%s: attach_btf: missing field 'name'", c->spec_path);
	c->p->attach_target = strdup(name);
	return c->p->attach_target ? 0 : diag_error(c->d, -ENOMEM, "out of memory");
}

/* The kernel's bpf_prog_load_fixup_attach_type(): 0 means the default for these two types, and
 * the verifier then sees the default. */
static void fixup_attach_type(struct program *p)
{
	if (p->expected_attach_type)
		return;
	if (p->prog_type == BPF_PROG_TYPE_CGROUP_SOCK)
		p->expected_attach_type = BPF_CGROUP_INET_SOCK_CREATE;
	else if (p->prog_type == BPF_PROG_TYPE_SK_REUSEPORT)
		p->expected_attach_type = BPF_SK_REUSEPORT_SELECT;
}

static int parse_spec(struct raw_ctx *c, json_t *spec, const struct load_opts *opts)
{
	struct program *p = c->p;
	const char *name, *license;
	int type, err;
	u32 cnt = UINT32_MAX;

	if (!json_is_object(spec))
		return RAW_BAD(c, "%s: the spec must be a JSON object", c->spec_path);
	err = get_str(c, spec, "name", "spec", &name);
	if (!err)
		err = get_str(c, spec, "license", "spec", &license);
	if (!err)
		err = get_u32(c, spec, "insn_cnt", "spec", false, &cnt);
	if (err)
		return err;
	if (cnt != UINT32_MAX && cnt != p->insn_cnt)
		return RAW_INVAL(c, "%s: spec says insn_cnt %u but %s holds %u instructions",
				 c->spec_path, cnt, c->path, p->insn_cnt);
	if (name && *name) {
		free(p->name);
		free(p->section);
		p->name = strdup(name);
		p->section = strdup(name);
		if (!p->name || !p->section)
			return diag_error(c->d, -ENOMEM, "out of memory");
	}
	free(c->obj->license);
	c->obj->license = strdup(license ? license : "GPL");
	if (!c->obj->license)
		return diag_error(c->d, -ENOMEM, "out of memory");

	err = get_type(c, spec, "prog_type", "prog_type_id", "spec", prog_type_from_name,
		       BPF_PROG_TYPE_MAX, opts->prog_type < 0, &type);
	if (err)
		return err;
	p->prog_type = opts->prog_type >= 0 ? (u32)opts->prog_type : (u32)type;
	err = get_type(c, spec, "expected_attach_type", "expected_attach_type_id", "spec",
		       attach_type_from_name, attach_type_count(), false, &type);
	if (err)
		return err;
	p->expected_attach_type = opts->attach_type >= 0 ? (u32)opts->attach_type
				  : type >= 0		 ? (u32)type
							 : 0;
	fixup_attach_type(p);
	err = get_u32(c, spec, "prog_flags", "spec", false, &p->prog_flags);
	if (err)
		return err;
	p->sleepable = p->prog_flags & BPF_F_SLEEPABLE;

	err = parse_attach_btf(c, spec);
	if (!err)
		err = parse_maps(c, spec);
	if (!err)
		err = parse_map_refs(c, spec);
	if (!err)
		err = parse_kfuncs(c, spec);
	if (!err)
		err = parse_literals(c, spec);
	if (!err)
		err = parse_prog_btf(c, spec);
	if (err)
		return err;
	mark_literal_fds(c, true);
	return check_literal_kfuncs(c);
}

static int read_spec(struct raw_ctx *c, json_t **out)
{
	struct diag d2 = {0};
	json_error_t je;
	size_t len;
	u8 *data;
	int err;

	err = fe_read_file(c->spec_path, RAW_MAX_SPEC_SIZE, &data, &len, &d2);
	if (err)
		return diag_error(c->d, err, "spec %s", d2.msg);
	*out = json_loadb((const char *)data, len, 0, &je);
	free(data);
	if (!*out)
		return RAW_BAD(c, "%s:%d:%d: invalid JSON: %s", c->spec_path, je.line, je.column,
			       je.text);
	return 0;
}

/* The instructions named by the spec's insns_file, relative to the spec's directory; used when
 * the caller has no instruction bytes (it was given the spec only). */
static int read_insns_file(struct raw_ctx *c, json_t *spec, u8 **data, size_t *len, char **file_out)
{
	const char *file, *slash;
	struct diag d2 = {0};
	char *full;
	size_t dl;
	int err;

	err = get_str(c, spec, "insns_file", "spec", &file);
	if (err)
		return err;
	if (!file || !*file)
		return RAW_INVAL(c, "%s: no instructions given and no 'insns_file' in the spec",
				 c->spec_path);
	if (strchr(file, '/'))
		return RAW_INVAL(c, "%s: insns_file '%s' must be a plain file name", c->spec_path,
				 file);
	slash = strrchr(c->spec_path, '/');
	dl = slash ? (size_t)(slash - c->spec_path + 1) : 0;
	full = malloc(dl + strlen(file) + 1);
	if (!full)
		return diag_error(c->d, -ENOMEM, "out of memory");
	memcpy(full, c->spec_path, dl);
	strcpy(full + dl, file);
	err = fe_read_file(full, FE_MAX_FILE_SIZE, data, len, &d2);
	if (err) {
		free(full);
		return diag_error(c->d, err, "%s", d2.msg);
	}
	*file_out = full;
	return 0;
}

int fe_raw_load(const char *path, const u8 *data, size_t len, const struct load_opts *opts,
		struct object **out, struct diag *d)
{
	struct raw_ctx c = {.path = path, .d = d};
	json_t *spec = NULL;
	char *guessed = NULL, *insns_path = NULL;
	u8 *owned = NULL, *unz = NULL;
	size_t unz_len = 0;
	int err;

	*out = NULL;
	if (!path)
		path = c.path = "<raw>";
	c.obj = object_new(path, INPUT_RAW);
	if (!c.obj)
		return diag_error(d, -ENOMEM, "out of memory");
	c.p = object_add_program(c.obj);
	if (!c.p) {
		err = diag_error(d, -ENOMEM, "out of memory");
		goto out;
	}
	c.p->name = stem_of(path);
	c.p->section = stem_of(path);
	if (!c.p->name || !c.p->section) {
		err = diag_error(d, -ENOMEM, "out of memory");
		goto out;
	}

	/* the spec given, the spec itself as input, or NAME.json beside NAME.bin */
	if (opts->spec_path)
		c.spec_path = opts->spec_path;
	else if (has_suffix(path, ".json") && data)
		c.spec_path = path;
	else
		c.spec_path = guessed = guess_spec_path(path);
	if (c.spec_path) {
		err = read_spec(&c, &spec);
		if (err)
			goto out;
		if (!data || c.spec_path == path) {
			err = read_insns_file(&c, spec, &owned, &len, &insns_path);
			if (err)
				goto out;
			data = owned;
			c.path = insns_path;
		}
	} else if (!data) {
		err = diag_error(d, -ENOENT,
				 "%s: cannot open, and no spec (--spec, NAME.json) names the "
				 "instructions' file",
				 path);
		goto out;
	}
	if (len >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
		err = gunzip(&c, data, len, (size_t)RAW_MAX_INSNS * 8, &unz, &unz_len);
		if (err)
			goto out;
		data = unz;
		len = unz_len;
	}
	err = set_insns(&c, data, len);
	if (err)
		goto out;

	if (spec) {
		err = parse_spec(&c, spec, opts);
	} else {
		if (opts->prog_type < 0) {
			err = diag_error(d, -EINVAL, "%s: raw input needs --spec or --type", path);
			goto out;
		}
		if (opts->prog_type == BPF_PROG_TYPE_UNSPEC ||
		    opts->prog_type >= BPF_PROG_TYPE_MAX) {
			err = diag_error(d, -EINVAL, "%s: unknown program type %d", path,
					 opts->prog_type);
			goto out;
		}
		c.p->prog_type = (u32)opts->prog_type;
		c.p->expected_attach_type = opts->attach_type >= 0 ? (u32)opts->attach_type : 0;
		fixup_attach_type(c.p);
		/* a raw file carries no license; the analysis assumes a GPL loader */
		c.obj->license = strdup("GPL");
		err = c.obj->license ? cli_maps(&c, opts) : diag_error(d, -ENOMEM, "out of memory");
		if (!err)
			mark_literal_fds(&c, false);
	}
	if (err)
		goto out;
	c.p->gpl_compatible = license_is_gpl_compatible(c.obj->license);
	if (opts->program && strcmp(opts->program, c.p->name) != 0 &&
	    strcmp(opts->program, c.p->section) != 0) {
		err = diag_error(d, -ENOENT, "%s: no program named '%s' (the raw program is '%s')",
				 path, opts->program, c.p->name);
		goto out;
	}
	*out = c.obj;
	c.obj = NULL;
out:
	json_decref(spec);
	free(guessed);
	free(insns_path);
	free(owned);
	free(unz);
	free(c.refmark);
	object_free(c.obj);
	return err;
}
