/* Ownership and lookup for the program model. Frontends fill it; everything here is about memory
 * and simple queries, so that every frontend frees and searches it the same way. */
#include "prog.h"

#include <stdlib.h>
#include <string.h>

struct object *object_new(const char *path, u32 format)
{
	struct object *obj = calloc(1, sizeof(*obj));

	if (!obj)
		return NULL;
	obj->path = strdup(path ? path : "");
	obj->format = format;
	if (!obj->path) {
		free(obj);
		return NULL;
	}
	return obj;
}

static void program_fini(struct program *p)
{
	free(p->name);
	free(p->section);
	free(p->attach_target);
	free(p->insns);
	for (u32 i = 0; i < p->extern_cnt; i++)
		free(p->externs[i].name);
	free(p->externs);
	for (u32 i = 0; i < p->func_cnt; i++)
		free(p->funcs[i].name);
	free(p->funcs);
	free(p->lines);
	free(p->load_error);
	free(p->loader_reject);
}

static void map_fini(struct map_def *m)
{
	free(m->name);
	free(m->init_data);
	for (u32 i = 0; i < m->field_cnt; i++)
		free(m->fields[i].target);
	free(m->fields);
}

void object_free(struct object *obj)
{
	if (!obj)
		return;
	for (u32 i = 0; i < obj->prog_cnt; i++)
		program_fini(&obj->progs[i]);
	free(obj->progs);
	for (u32 i = 0; i < obj->map_cnt; i++)
		map_fini(&obj->maps[i]);
	free(obj->maps);
	for (u32 i = 0; i < obj->ltype_cnt; i++) {
		for (u32 k = 0; k < obj->ltypes[i].field_cnt; k++)
			free(obj->ltypes[i].fields[k].target);
		free(obj->ltypes[i].fields);
		free(obj->ltypes[i].name);
		free(obj->ltypes[i].scalars);
	}
	free(obj->ltypes);
	for (u32 i = 0; i < obj->string_cnt; i++)
		free(obj->strings[i]);
	free(obj->strings);
	free(obj->license);
	free(obj->path);
	free(obj);
}

/* Grow an array by one zeroed element; count is only bumped on success. */
static void *array_push(void **arr, u32 *cnt, size_t elem)
{
	char *p = realloc(*arr, (*cnt + 1) * elem);

	if (!p)
		return NULL;
	*arr = p;
	memset(p + *cnt * elem, 0, elem);
	return p + (*cnt)++ * elem;
}

struct program *object_add_program(struct object *obj)
{
	struct program *p = array_push((void **)&obj->progs, &obj->prog_cnt, sizeof(*p));

	if (p)
		p->obj = obj;
	/* back pointers of earlier programs may have moved with realloc: the object did not */
	return p;
}

struct map_def *object_add_map(struct object *obj)
{
	struct map_def *m = array_push((void **)&obj->maps, &obj->map_cnt, sizeof(*m));

	if (m)
		m->inner_map = -1;
	return m;
}

const char *object_intern(struct object *obj, const char *s)
{
	char *copy;

	if (obj->string_cnt == obj->string_cap) {
		u32 cap = obj->string_cap ? obj->string_cap * 2 : 16;
		char **n = realloc(obj->strings, cap * sizeof(*n));

		if (!n)
			return NULL;
		obj->strings = n;
		obj->string_cap = cap;
	}
	copy = strdup(s);
	if (!copy)
		return NULL;
	obj->strings[obj->string_cnt++] = copy;
	return copy;
}

const struct program *object_find_program(const struct object *obj, const char *name)
{
	for (u32 i = 0; i < obj->prog_cnt; i++)
		if (obj->progs[i].name && strcmp(obj->progs[i].name, name) == 0)
			return &obj->progs[i];
	for (u32 i = 0; i < obj->prog_cnt; i++)
		if (obj->progs[i].section && strcmp(obj->progs[i].section, name) == 0)
			return &obj->progs[i];
	return NULL;
}

const struct src_loc *program_src_loc(const struct program *prog, u32 insn_idx)
{
	u32 lo = 0, hi = prog->line_cnt;

	/* last line_info record at or before insn_idx, as the kernel's find_linfo() */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (prog->lines[mid].insn_off <= insn_idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &prog->lines[lo - 1].loc : NULL;
}

bool license_is_gpl_compatible(const char *license)
{
	/* the kernel's license_is_gpl_compatible() list */
	static const char *const ok[] = {
		"GPL",		"GPL v2",	"GPL and additional rights",
		"Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL",
	};

	if (!license)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (strcmp(license, ok[i]) == 0)
			return true;
	return false;
}
