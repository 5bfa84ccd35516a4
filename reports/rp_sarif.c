/* SARIF 2.1.0 for code-scanning services: one result per program that was not accepted, located at
 * the failing instruction's source line when line info exists, else at the object file. */
#include "report.h"

#include <jansson.h>
#include <stdlib.h>

#include "config.h"

static json_t *location_json(const struct file_report *f, const struct prog_report *pr)
{
	const struct src_loc *loc = NULL;
	json_t *phys = json_object();
	json_t *art = json_object();
	json_t *l = json_object();

	if (pr->res.error_insn >= 0)
		loc = program_src_loc(pr->prog, (u32)pr->res.error_insn);
	json_object_set_new(art, "uri", json_string(loc && loc->file ? loc->file : f->path));
	json_object_set_new(phys, "artifactLocation", art);
	if (loc && loc->line) {
		json_t *region = json_object();

		json_object_set_new(region, "startLine", json_integer(loc->line));
		if (loc->col)
			json_object_set_new(region, "startColumn", json_integer(loc->col));
		json_object_set_new(phys, "region", region);
	}
	json_object_set_new(l, "physicalLocation", phys);
	return l;
}

void rp_sarif_emit(const struct file_report *files, u32 nfiles, struct strbuf *out)
{
	json_t *doc = json_object(), *run = json_object(), *tool = json_object();
	json_t *driver = json_object(), *rules = json_array(), *results = json_array();
	json_t *rule = json_object(), *rule2 = json_object(), *runs = json_array();
	char *text;

	json_object_set_new(rule, "id", json_string("bpfvet.reject"));
	json_object_set_new(rule, "name", json_string("VerifierRejection"));
	json_object_set_new(
		rule, "shortDescription",
		json_pack("{s:s}", "text", "The kernel verifier would reject this program"));
	json_array_append_new(rules, rule);
	json_object_set_new(rule2, "id", json_string("bpfvet.unsupported"));
	json_object_set_new(rule2, "name", json_string("NotVerified"));
	json_object_set_new(rule2, "shortDescription",
			    json_pack("{s:s}", "text", "bpfvet could not decide this program"));
	json_array_append_new(rules, rule2);
	json_object_set_new(driver, "name", json_string("bpfvet"));
	json_object_set_new(driver, "version", json_string(BPFVET_VERSION));
	json_object_set_new(driver, "rules", rules);
	json_object_set_new(tool, "driver", driver);
	for (u32 i = 0; i < nfiles; i++) {
		for (u32 j = 0; j < files[i].prog_cnt; j++) {
			const struct prog_report *pr = &files[i].progs[j];
			json_t *res, *locs;
			struct strbuf msg = STRBUF_INIT;

			if (pr->res.verdict == VERDICT_ACCEPT)
				continue;
			strbuf_printf(&msg, "%s: %s", pr->prog->name ? pr->prog->name : "?",
				      pr->res.message ? pr->res.message : "(no message)");
			res = json_object();
			locs = json_array();
			json_object_set_new(res, "ruleId",
					    json_string(pr->res.verdict == VERDICT_REJECT
								? "bpfvet.reject"
								: "bpfvet.unsupported"));
			json_object_set_new(res, "level",
					    json_string(pr->res.verdict == VERDICT_REJECT
								? "error"
								: "warning"));
			json_object_set_new(res, "message",
					    json_pack("{s:s}", "text", strbuf_str(&msg)));
			json_array_append_new(locs, location_json(&files[i], pr));
			json_object_set_new(res, "locations", locs);
			json_array_append_new(results, res);
			strbuf_free(&msg);
		}
	}
	json_object_set_new(run, "tool", tool);
	json_object_set_new(run, "results", results);
	json_array_append_new(runs, run);
	json_object_set_new(doc, "$schema",
			    json_string("https://json.schemastore.org/sarif-2.1.0.json"));
	json_object_set_new(doc, "version", json_string("2.1.0"));
	json_object_set_new(doc, "runs", runs);
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text) {
		strbuf_puts(out, text);
		strbuf_putc(out, '\n');
		free(text);
	}
	json_decref(doc);
}
