/* check, list, explain and dump: load each input, analyse its programs, hand the results to a
 * reporter, and choose the exit status (0 all accepted, 1 some program not accepted, 2 input or
 * usage problem). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "disasm.h"

static u64 now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000u + (u64)ts.tv_nsec / 1000u;
}

static bool program_selected(const struct program *p, const char *want)
{
	if (!want)
		return true;
	return (p->name && strcmp(p->name, want) == 0) ||
	       (p->section && strcmp(p->section, want) == 0);
}

static void analyze_one(const struct program *p, const struct cli_opts *o, struct result *r)
{
	u64 t0 = now_us();

	result_init(r);
	if (p->loader_reject) {
		result_set(r, VERDICT_REJECT, -1, "%s", p->loader_reject);
	} else if (p->load_error) {
		result_set(r, VERDICT_ERROR, -1, "%s", p->load_error);
	} else if (analyze_program(p, &o->analyze, r) < 0 && !r->message) {
		result_set(r, VERDICT_ERROR, -1, "internal error: analysis failed");
	}
	if (!r->stats.time_us)
		r->stats.time_us = now_us() - t0;
}

int cli_process_file(const char *path, const struct cli_opts *o, bool analyze,
		     struct file_report *fr, struct object **objp)
{
	struct diag d = {0};
	struct object *obj = NULL;
	u32 n = 0;

	memset(fr, 0, sizeof(*fr));
	fr->path = path;
	*objp = NULL;
	if (fe_load_file(path, &o->load, &obj, &d) != 0 || !obj) {
		fr->error = strdup(d.msg[0] ? d.msg : "cannot load input");
		object_free(obj);
		return EXIT_USAGE;
	}
	*objp = obj;
	fr->obj = obj;
	fr->progs = calloc(obj->prog_cnt ? obj->prog_cnt : 1, sizeof(*fr->progs));
	if (!fr->progs) {
		fr->error = strdup("out of memory");
		return EXIT_USAGE;
	}
	for (u32 i = 0; i < obj->prog_cnt; i++) {
		const struct program *p = &obj->progs[i];
		struct prog_report *pr;

		if (!program_selected(p, o->load.program))
			continue;
		pr = &fr->progs[n++];
		pr->prog = p;
		result_init(&pr->res);
		if (analyze) {
			analyze_one(p, o, &pr->res);
			pr->analyzed = true;
		}
	}
	fr->prog_cnt = n;
	if (o->load.program && n == 0) {
		char buf[300];

		snprintf(buf, sizeof(buf), "no program named '%s'", o->load.program);
		fr->error = strdup(buf);
		return EXIT_USAGE;
	}
	return 0;
}

void cli_file_report_fini(struct file_report *fr, struct object *obj)
{
	for (u32 i = 0; i < fr->prog_cnt; i++)
		result_fini(&fr->progs[i].res);
	free(fr->progs);
	free((char *)fr->error);
	object_free(obj);
}

int cli_write_output(const struct cli_opts *o, const void *data, size_t len)
{
	FILE *f = stdout;

	if (o->output) {
		f = fopen(o->output, "wb");
		if (!f) {
			fprintf(stderr, "bpfvet: cannot write '%s': %s\n", o->output,
				strerror(errno));
			return EXIT_USAGE;
		}
	}
	if (len && fwrite(data, 1, len, f) != len) {
		fprintf(stderr, "bpfvet: write error\n");
		if (f != stdout)
			fclose(f);
		return EXIT_USAGE;
	}
	if (f != stdout)
		fclose(f);
	else
		fflush(stdout);
	return 0;
}

static int run_files(struct cli_opts *o, bool analyze)
{
	const char *fmt = o->format ? o->format : "text";
	struct file_report *frs;
	struct object **objs;
	struct strbuf out = STRBUF_INIT;
	int status = EXIT_ACCEPTED, werr;

	if (strcmp(fmt, "text") && strcmp(fmt, "json") && strcmp(fmt, "sarif")) {
		fprintf(stderr, "bpfvet: unknown --format '%s' (text, json, sarif)\n", fmt);
		return EXIT_USAGE;
	}
	frs = calloc((size_t)o->input_cnt, sizeof(*frs));
	objs = calloc((size_t)o->input_cnt, sizeof(*objs));
	if (!frs || !objs) {
		free(frs);
		free(objs);
		fprintf(stderr, "bpfvet: out of memory\n");
		return EXIT_USAGE;
	}
	for (int i = 0; i < o->input_cnt; i++) {
		if (cli_process_file(o->inputs[i], o, analyze, &frs[i], &objs[i]) == EXIT_USAGE) {
			status = EXIT_USAGE;
			if (strcmp(fmt, "json"))
				fprintf(stderr, "bpfvet: %s: %s\n", o->inputs[i], frs[i].error);
			continue;
		}
		for (u32 j = 0; analyze && j < frs[i].prog_cnt; j++)
			if (frs[i].progs[j].res.verdict != VERDICT_ACCEPT &&
			    status == EXIT_ACCEPTED)
				status = EXIT_REJECTED;
	}
	if (strcmp(fmt, "json") == 0) {
		rp_json_emit(frs, (u32)o->input_cnt, analyze, &out);
	} else if (strcmp(fmt, "sarif") == 0) {
		rp_sarif_emit(frs, (u32)o->input_cnt, &out);
	} else {
		/* load errors were already reported on stderr above */
		for (int i = 0; i < o->input_cnt; i++)
			if (!frs[i].error)
				rp_text_emit(&frs[i], 1, analyze, o->verbose, &out);
	}
	werr = cli_write_output(o, strbuf_str(&out), out.len);
	for (int i = 0; i < o->input_cnt; i++)
		cli_file_report_fini(&frs[i], objs[i]);
	free(frs);
	free(objs);
	strbuf_free(&out);
	return werr ? werr : status;
}

int cmd_check(struct cli_opts *o)
{
	return run_files(o, true);
}

int cmd_list(struct cli_opts *o)
{
	return run_files(o, false);
}

/* explain: one file; for each selected program that is not accepted, the kernel-style log of the
 * failing path with source lines, then the rejection with its location. */
int cmd_explain(struct cli_opts *o)
{
	struct file_report fr;
	struct object *obj;
	struct strbuf out = STRBUF_INIT;
	int status = EXIT_ACCEPTED;

	if (o->input_cnt != 1) {
		fprintf(stderr, "bpfvet: explain takes one file\n");
		return EXIT_USAGE;
	}
	if (o->analyze.log_level == 0)
		o->analyze.log_level = 1;
	if (cli_process_file(o->inputs[0], o, true, &fr, &obj) == EXIT_USAGE) {
		fprintf(stderr, "bpfvet: %s: %s\n", o->inputs[0], fr.error);
		cli_file_report_fini(&fr, obj);
		return EXIT_USAGE;
	}
	for (u32 i = 0; i < fr.prog_cnt; i++) {
		const struct prog_report *pr = &fr.progs[i];
		const struct result *r = &pr->res;

		strbuf_printf(&out, "== %s (section %s): %s\n", pr->prog->name, pr->prog->section,
			      verdict_name(r->verdict));
		if (r->verdict == VERDICT_ACCEPT) {
			strbuf_printf(&out, "processed %llu insns, %u states\n\n",
				      (unsigned long long)r->stats.processed_insns,
				      r->stats.total_states);
			continue;
		}
		status = EXIT_REJECTED;
		if (r->log && *r->log) {
			strbuf_puts(&out, "-- the path to the rejection (kernel log syntax):\n");
			strbuf_puts(&out, r->log);
			if (r->log[strlen(r->log) - 1] != '\n')
				strbuf_putc(&out, '\n');
		}
		strbuf_puts(&out, "-- why:\n");
		{
			struct file_report one = fr;

			one.progs = &fr.progs[i];
			one.prog_cnt = 1;
			rp_text_emit(&one, 1, true, true, &out);
		}
		strbuf_putc(&out, '\n');
	}
	cli_write_output(o, strbuf_str(&out), out.len);
	strbuf_free(&out);
	cli_file_report_fini(&fr, obj);
	return status;
}

/* dump --format raw: the instruction bytes as the kernel would receive them (map references as
 * map indexes, as in the raw input format), e.g. to assemble a .s file into a .bin. */
static void dump_raw(const struct program *p, struct strbuf *out)
{
	for (u32 k = 0; k < p->insn_cnt; k++) {
		const struct insn *in = &p->insns[k];
		u8 b[8] = {in->code, (u8)(in->dst | (in->src << 4)), (u8)(in->off & 0xff),
			   (u8)((u16)in->off >> 8)};

		for (int j = 0; j < 4; j++)
			b[4 + j] = (u8)((u32)in->imm >> (8 * j));
		for (int j = 0; j < 8; j++)
			strbuf_putc(out, (char)b[j]);
	}
}

/* dump: the instructions as the kernel sees them, with source lines from BTF line info. */
int cmd_dump(struct cli_opts *o)
{
	struct strbuf out = STRBUF_INIT;
	int status = 0;
	bool raw = o->format && strcmp(o->format, "raw") == 0;

	if (o->format && !raw && strcmp(o->format, "text")) {
		fprintf(stderr, "bpfvet: unknown --format '%s' for dump (text, raw)\n", o->format);
		return EXIT_USAGE;
	}

	for (int f = 0; f < o->input_cnt; f++) {
		struct file_report fr;
		struct object *obj;

		if (cli_process_file(o->inputs[f], o, false, &fr, &obj) == EXIT_USAGE) {
			fprintf(stderr, "bpfvet: %s: %s\n", o->inputs[f], fr.error);
			cli_file_report_fini(&fr, obj);
			status = EXIT_USAGE;
			continue;
		}
		for (u32 i = 0; i < fr.prog_cnt; i++) {
			const struct program *p = fr.progs[i].prog;
			const struct src_loc *last = NULL;

			if (raw) {
				dump_raw(p, &out);
				continue;
			}
			strbuf_printf(&out, "%s: %s (section %s, %s, %u insns):\n", o->inputs[f],
				      p->name, p->section, prog_type_name(p->prog_type),
				      p->insn_cnt);
			for (u32 k = 0; k < p->insn_cnt; k++) {
				const struct src_loc *loc = program_src_loc(p, k);

				if (k > 0 && p->insns[k - 1].code == (BPF_LD | BPF_IMM | BPF_DW))
					continue;
				if (loc && loc != last && loc->line_text)
					strbuf_printf(&out, "; %s @ %s:%u\n", loc->line_text,
						      loc->file ? loc->file : "?", loc->line);
				last = loc;
				disasm_insn_log(p, p->insns, p->insn_cnt, k, &out);
				strbuf_putc(&out, '\n');
			}
			strbuf_putc(&out, '\n');
		}
		cli_file_report_fini(&fr, obj);
	}
	if (cli_write_output(o, strbuf_str(&out), out.len))
		status = EXIT_USAGE;
	strbuf_free(&out);
	return status;
}
