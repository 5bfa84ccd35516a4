/* The JSON contract of DESIGN.md, built with jansson. Field names and meanings are fixed there; new
 * fields may be added, existing ones never change meaning. */
#include "report.h"

#include <jansson.h>
#include <stdlib.h>

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *source_json(const struct program *prog, s32 insn)
{
	const struct src_loc *loc;
	json_t *o;

	if (insn < 0)
		return json_null();
	loc = program_src_loc(prog, (u32)insn);
	if (!loc || !loc->file)
		return json_null();
	o = json_object();
	json_object_set_new(o, "file", json_string(loc->file));
	json_object_set_new(o, "line", json_integer(loc->line));
	json_object_set_new(o, "column", json_integer(loc->col));
	if (loc->line_text)
		json_object_set_new(o, "text", json_string(loc->line_text));
	return o;
}

static json_t *error_json(const struct prog_report *pr)
{
	const struct result *r = &pr->res;
	json_t *o;

	if (r->verdict == VERDICT_ACCEPT)
		return json_null();
	o = json_object();
	json_object_set_new(o, "insn",
			    r->error_insn >= 0 ? json_integer(r->error_insn) : json_null());
	/* the kernel's whole error report when it spans lines (its last line is r->message) */
	json_object_set_new(o, "message",
			    json_string(r->message_block ? r->message_block
					: r->message	 ? r->message
							 : "(no message)"));
	if (r->detail)
		json_object_set_new(o, "detail", json_string(r->detail));
	json_object_set_new(o, "source", source_json(pr->prog, r->error_insn));
	return o;
}

static json_t *stats_json(const struct result *r)
{
	json_t *o = json_object();
	json_t *depth = json_array();

	json_object_set_new(o, "processed_insns",
			    json_integer((json_int_t)r->stats.processed_insns));
	json_object_set_new(o, "states", json_integer(r->stats.total_states));
	json_object_set_new(o, "peak_states", json_integer(r->stats.peak_states));
	json_object_set_new(o, "max_states_per_insn", json_integer(r->stats.max_states_per_insn));
	for (u32 i = 0; i < r->stats.stack_depth_cnt && i < ARRAY_SIZE(r->stats.stack_depth); i++)
		json_array_append_new(depth, json_integer(r->stats.stack_depth[i]));
	json_object_set_new(o, "stack_depth", depth);
	json_object_set_new(o, "time_us", json_integer((json_int_t)r->stats.time_us));
	return o;
}

static const char *format_name(u32 f)
{
	return f == INPUT_ELF ? "elf" : f == INPUT_RAW ? "raw" : "asm";
}

static json_t *program_json(const struct prog_report *pr, bool with_verdicts)
{
	const struct program *p = pr->prog;
	const char *type = prog_type_name(p->prog_type);
	json_t *o = json_object();

	json_object_set_new(o, "section", str_or_null(p->section));
	json_object_set_new(o, "name", str_or_null(p->name));
	json_object_set_new(o, "prog_type", json_string(type ? type : "unknown"));
	if (p->expected_attach_type || p->attach_target) {
		const char *at = attach_type_name(p->expected_attach_type);

		json_object_set_new(o, "attach_type", str_or_null(at));
		json_object_set_new(o, "attach_target", str_or_null(p->attach_target));
	}
	json_object_set_new(o, "insns",
			    json_integer(p->main_insn_cnt ? p->main_insn_cnt : p->insn_cnt));
	json_object_set_new(o, "insns_loaded", json_integer(p->insn_cnt));
	if (with_verdicts) {
		json_object_set_new(o, "verdict", json_string(verdict_name(pr->res.verdict)));
		json_object_set_new(o, "error", error_json(pr));
		json_object_set_new(o, "stats", stats_json(&pr->res));
	}
	return o;
}

static json_t *maps_json(const struct object *obj)
{
	json_t *a = json_array();

	for (u32 i = 0; i < obj->map_cnt; i++) {
		const struct map_def *m = &obj->maps[i];
		const char *t = map_type_name(m->type);
		json_t *o = json_object();

		json_object_set_new(o, "name", str_or_null(m->name));
		json_object_set_new(o, "type", json_string(t ? t : "unknown"));
		json_object_set_new(o, "key_size", json_integer(m->key_size));
		json_object_set_new(o, "value_size", json_integer(m->value_size));
		json_object_set_new(o, "max_entries", json_integer(m->max_entries));
		json_object_set_new(o, "flags", json_integer(m->flags));
		json_array_append_new(a, o);
	}
	return a;
}

void rp_json_emit(const struct file_report *files, u32 nfiles, bool with_verdicts,
		  struct strbuf *out)
{
	json_t *doc = json_object();
	json_t *arr = json_array();
	char *text;

	json_object_set_new(doc, "version", json_integer(1));
	for (u32 i = 0; i < nfiles; i++) {
		const struct file_report *f = &files[i];
		json_t *fo = json_object();
		json_t *progs = json_array();

		json_object_set_new(fo, "path", json_string(f->path));
		json_object_set_new(fo, "format",
				    f->obj ? json_string(format_name(f->obj->format))
					   : json_null());
		if (f->error) {
			json_t *e = json_object();

			json_object_set_new(e, "message", json_string(f->error));
			json_object_set_new(fo, "error", e);
		} else {
			json_object_set_new(fo, "error", json_null());
		}
		for (u32 j = 0; j < f->prog_cnt; j++)
			json_array_append_new(progs, program_json(&f->progs[j], with_verdicts));
		json_object_set_new(fo, "programs", progs);
		if (!with_verdicts && f->obj)
			json_object_set_new(fo, "maps", maps_json(f->obj));
		json_array_append_new(arr, fo);
	}
	json_object_set_new(doc, "files", arr);
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text) {
		strbuf_puts(out, text);
		strbuf_putc(out, '\n');
		free(text);
	}
	json_decref(doc);
}
