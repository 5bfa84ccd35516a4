/* Kernel BTF through libbpf, behind the analyzer's libbpf-free interface (analyzer/kbtf.h). The
 * file is parsed lazily on the first query; a failure is remembered and reported as "no kernel
 * BTF" to every later query. Type and member lookups check ids and indexes against the counts
 * libbpf gives, so a malformed file yields errors, not crashes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "fe_kbtf.h"

struct fe_kbtf {
	struct kbtf k;
	char *path;
	struct btf *btf;
	int err; /* sticky result of the first open */
	bool tried;
	/* name index for find (libbpf's lookup is a linear scan over ~100k types): open
	 * addressing over the ids of named types, built on the first find */
	u32 *index;
	u32 index_cap; /* power of two, 0: not built (or out of memory: linear scan) */
	bool index_tried;
};

static int kb_open(void *priv)
{
	struct fe_kbtf *f = priv;

	if (f->tried)
		return f->err;
	f->tried = true;
	f->btf = btf__parse(f->path, NULL);
	if (!f->btf) {
		f->err = errno ? -errno : -EINVAL;
		return f->err;
	}
	f->err = 0;
	return 0;
}

static const struct btf_type *kb_get(struct fe_kbtf *f, u32 id)
{
	if (!f->btf || id >= btf__type_cnt(f->btf))
		return NULL;
	return btf__type_by_id(f->btf, id);
}

static const char *kb_str(struct fe_kbtf *f, u32 off)
{
	const char *s = btf__name_by_offset(f->btf, off);

	return s ? s : "";
}

static int kb_type(void *priv, u32 id, struct kbtf_type *out)
{
	struct fe_kbtf *f = priv;
	const struct btf_type *t = kb_get(f, id);

	memset(out, 0, sizeof(*out));
	out->name = "";
	if (!t)
		return -ENOENT;
	out->kind = btf_kind(t);
	out->name = kb_str(f, t->name_off);
	out->vlen = btf_vlen(t);
	switch (out->kind) {
	case BTF_KIND_INT:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FLOAT:
	case BTF_KIND_DATASEC:
		out->size = t->size;
		break;
	case BTF_KIND_ARRAY:
		out->type = btf_array(t)->type;
		out->nelems = btf_array(t)->nelems;
		break;
	case BTF_KIND_FWD:
		break;
	default:
		out->type = t->type;
		break;
	}
	if (id == 0)
		out->kind = 0; /* void */
	return 0;
}

static int kb_member(void *priv, u32 id, u32 idx, struct kbtf_member *out)
{
	struct fe_kbtf *f = priv;
	const struct btf_type *t = kb_get(f, id);

	memset(out, 0, sizeof(*out));
	out->name = "";
	if (!t || idx >= btf_vlen(t))
		return -ENOENT;
	if (btf_is_composite(t)) {
		const struct btf_member *m = btf_members(t) + idx;

		out->name = kb_str(f, m->name_off);
		out->type = m->type;
		out->bit_off = btf_member_bit_offset(t, idx);
		out->bitfield_size = btf_member_bitfield_size(t, idx);
		return 0;
	}
	if (btf_is_datasec(t)) {
		const struct btf_var_secinfo *v = btf_var_secinfos(t) + idx;

		out->type = v->type;
		out->bit_off = v->offset * 8;
		return 0;
	}
	if (btf_is_func_proto(t)) {
		const struct btf_param *p = btf_params(t) + idx;

		out->name = kb_str(f, p->name_off);
		out->type = p->type;
		return 0;
	}
	return -EINVAL;
}

static u32 kb_hash(const char *name, u32 kind)
{
	u32 h = 2166136261u ^ kind;

	for (; *name; name++)
		h = (h ^ (u8)*name) * 16777619u;
	return h;
}

static void kb_build_index(struct fe_kbtf *f)
{
	u32 n = btf__type_cnt(f->btf), cap = 1024;

	f->index_tried = true;
	while (cap < n * 2 && cap < (1u << 30))
		cap <<= 1;
	f->index = calloc(cap, sizeof(*f->index));
	if (!f->index)
		return;
	f->index_cap = cap;
	for (u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(f->btf, id);
		const char *nm = t ? kb_str(f, t->name_off) : "";
		u32 slot;

		if (!*nm)
			continue;
		slot = kb_hash(nm, btf_kind(t)) & (cap - 1);
		while (f->index[slot])
			slot = (slot + 1) & (cap - 1);
		f->index[slot] = id;
	}
}

/* the first id of that name and kind, as btf__find_by_name_kind() */
static s64 kb_find(void *priv, const char *name, u32 kind)
{
	struct fe_kbtf *f = priv;
	s64 best = -ENOENT;
	s32 id;

	if (!f->btf)
		return -ENOENT;
	if (!f->index_tried)
		kb_build_index(f);
	if (f->index_cap) {
		u32 slot = kb_hash(name, kind) & (f->index_cap - 1);

		for (; f->index[slot]; slot = (slot + 1) & (f->index_cap - 1)) {
			const struct btf_type *t = btf__type_by_id(f->btf, f->index[slot]);

			if (t && btf_kind(t) == kind && !strcmp(kb_str(f, t->name_off), name) &&
			    (best < 0 || f->index[slot] < best))
				best = f->index[slot];
		}
		return best;
	}
	id = btf__find_by_name_kind(f->btf, name, kind);
	return id < 0 ? -ENOENT : id;
}

/* Typed ksyms need the symbol in the running kernel's kallsyms (data symbols are only there with
 * CONFIG_KALLSYMS_ALL). Known only when the BTF is the running kernel's own. */
static int kb_kallsyms_has(void *priv, const char *name)
{
	struct fe_kbtf *f = priv;
	char line[512];
	size_t n = strlen(name);
	int found = 0;
	FILE *fp;

	if (strcmp(f->path, FE_KBTF_DEFAULT_PATH) != 0)
		return -ENOENT;
	fp = fopen("/proc/kallsyms", "r");
	if (!fp)
		return -ENOENT;
	while (!found && fgets(line, sizeof(line), fp)) {
		char *sym = strchr(line, ' ');

		if (!sym || !(sym = strchr(sym + 1, ' ')))
			continue;
		sym++;
		if (!strncmp(sym, name, n) &&
		    (sym[n] == '\n' || sym[n] == '\t' || sym[n] == ' ' || sym[n] == 0))
			found = 1;
	}
	fclose(fp);
	return found;
}

static const struct kbtf_ops fe_kbtf_ops = {
	.open = kb_open,
	.type = kb_type,
	.member = kb_member,
	.find = kb_find,
	.kallsyms_has = kb_kallsyms_has,
};

static struct fe_kbtf *kb_alloc(const char *path)
{
	struct fe_kbtf *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->path = strdup(path);
	if (!f->path) {
		free(f);
		return NULL;
	}
	f->k.ops = &fe_kbtf_ops;
	f->k.priv = f;
	f->k.path = f->path;
	return f;
}

struct kbtf *fe_kbtf_open(const char *path)
{
	struct fe_kbtf *f = kb_alloc(path ? path : FE_KBTF_DEFAULT_PATH);

	return f ? &f->k : NULL;
}

struct kbtf *fe_kbtf_from_raw(const void *data, size_t len)
{
	struct fe_kbtf *f;

	if (len > UINT32_MAX)
		return NULL;
	f = kb_alloc("(memory)");
	if (!f)
		return NULL;
	f->tried = true;
	f->btf = btf__new(data, (u32)len);
	if (!f->btf) {
		fe_kbtf_close(&f->k);
		return NULL;
	}
	return &f->k;
}

void fe_kbtf_close(struct kbtf *k)
{
	struct fe_kbtf *f;

	if (!k)
		return;
	f = k->priv;
	btf__free(f->btf);
	free(f->index);
	free(f->path);
	free(f);
}
