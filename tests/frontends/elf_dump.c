/* A small driver for the ELF frontend (not a unit test): loads each file given and prints one
 * JSON line per program (name, section, types, instruction counts, errors) so that scripts such
 * as check_corpus.py can compare the loader with a corpus manifest. With -v it also prints the
 * maps, externs, func_info and line_info of each program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"

static void json_str(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void dump_verbose(const struct object *o, const struct program *p)
{
	for (u32 i = 0; i < p->extern_cnt; i++)
		printf("  extern %u: %s%s%s\n", i, p->externs[i].name,
		       p->externs[i].is_func ? " (func)" : "", p->externs[i].weak ? " (weak)" : "");
	for (u32 i = 0; i < p->func_cnt; i++) {
		const struct func_info *f = &p->funcs[i];

		printf("  func @%u %s type %u %s args %u:", f->insn_off, f->name, f->type_id,
		       f->global ? "global" : "static", f->arg_cnt);
		for (u32 k = 0; k < f->arg_cnt && k < 5; k++)
			printf(" %u/%u", f->args[k].kind, f->args[k].mem_size);
		printf("\n");
	}
	for (u32 i = 0; i < p->line_cnt && i < 8; i++)
		printf("  line @%u %s:%u:%u %s\n", p->lines[i].insn_off,
		       p->lines[i].loc.file ? p->lines[i].loc.file : "?", p->lines[i].loc.line,
		       p->lines[i].loc.col,
		       p->lines[i].loc.line_text ? p->lines[i].loc.line_text : "");
	for (u32 i = 0; i < p->insn_cnt; i++) {
		const struct insn *in = &p->insns[i];

		printf("  %4u: %02x %x %x %6d %d\n", i, in->code, in->dst, in->src, in->off,
		       in->imm);
	}
	(void)o;
}

/* Read and load with the ELF frontend only (the driver does not depend on the other formats). */
static int load(const char *path, const struct load_opts *opts, struct object **o, struct diag *d)
{
	FILE *f = fopen(path, "rb");
	u8 *buf;
	long n;
	int err;

	if (!f)
		return diag_error(d, -2, "%s: cannot open", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? n : 1);
	if (!buf || fread(buf, 1, n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return diag_error(d, -5, "%s: read error", path);
	}
	fclose(f);
	err = fe_elf_load(path, buf, n, opts, o, d);
	free(buf);
	return err;
}

int main(int argc, char **argv)
{
	struct load_opts opts = {.prog_type = -1, .attach_type = -1};
	bool verbose = false;
	int rc = 0;

	for (int a = 1; a < argc; a++) {
		struct object *o = NULL;
		struct diag d = {0};
		int err;

		if (strcmp(argv[a], "-v") == 0) {
			verbose = true;
			continue;
		}
		err = load(argv[a], &opts, &o, &d);
		if (err) {
			printf("{\"object\": ");
			json_str(argv[a]);
			printf(", \"error\": ");
			json_str(d.msg);
			printf("}\n");
			rc = 1;
			continue;
		}
		if (verbose)
			for (u32 i = 0; i < o->map_cnt; i++) {
				const struct map_def *m = &o->maps[i];

				printf("map %u %s type %u key %u value %u max %u flags 0x%x inner "
				       "%d%s%s "
				       "fields %u\n",
				       i, m->name, m->type, m->key_size, m->value_size,
				       m->max_entries, m->flags, m->inner_map,
				       m->readonly ? " ro" : "", m->has_btf ? " btf" : "",
				       m->field_cnt);
				for (u32 k = 0; k < m->field_cnt; k++)
					printf("  field kind %u off %u size %u %s\n",
					       m->fields[k].kind, m->fields[k].off,
					       m->fields[k].size,
					       m->fields[k].target ? m->fields[k].target : "");
			}
		for (u32 i = 0; i < o->prog_cnt; i++) {
			const struct program *p = &o->progs[i];

			printf("{\"object\": ");
			json_str(argv[a]);
			printf(", \"section\": ");
			json_str(p->section);
			printf(", \"program\": ");
			json_str(p->name);
			printf(", \"prog_type_name\": ");
			json_str(prog_type_name(p->prog_type));
			printf(", \"attach_type_name\": ");
			json_str(attach_type_name(p->expected_attach_type));
			printf(", \"prog_type\": %u, \"attach_type\": %u, \"prog_flags\": %u, "
			       "\"insns\": %u, \"main_insns\": %u, \"funcs\": %u, \"lines\": %u, "
			       "\"externs\": %u, \"gpl\": %s, \"attach_target\": ",
			       p->prog_type, p->expected_attach_type, p->prog_flags, p->insn_cnt,
			       p->main_insn_cnt, p->func_cnt, p->line_cnt, p->extern_cnt,
			       p->gpl_compatible ? "true" : "false");
			json_str(p->attach_target);
			printf(", \"load_error\": ");
			json_str(p->load_error);
			printf(", \"loader_reject\": ");
			json_str(p->loader_reject);
			printf("}\n");
			if (verbose)
				dump_verbose(o, p);
		}
		object_free(o);
	}
	return rc;
}
