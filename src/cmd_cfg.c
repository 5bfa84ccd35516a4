/* cfg: the control-flow graph of each selected program as DOT, or rendered to SVG/PNG through
 * graphviz. The failing instruction of a rejected program is highlighted. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_cfg(struct cli_opts *o)
{
	const char *fmt = o->format ? o->format : "dot";
	struct strbuf dot = STRBUF_INIT;
	struct file_report fr;
	struct object *obj;
	int status = 0;

	if (strcmp(fmt, "dot") && strcmp(fmt, "svg") && strcmp(fmt, "png")) {
		fprintf(stderr, "bpfvet: unknown --format '%s' for cfg (dot, svg, png)\n", fmt);
		return EXIT_USAGE;
	}
	if (o->input_cnt != 1) {
		fprintf(stderr, "bpfvet: cfg takes one file\n");
		return EXIT_USAGE;
	}
	if (cli_process_file(o->inputs[0], o, true, &fr, &obj) == EXIT_USAGE) {
		fprintf(stderr, "bpfvet: %s: %s\n", o->inputs[0], fr.error);
		cli_file_report_fini(&fr, obj);
		return EXIT_USAGE;
	}
	if (fr.prog_cnt > 1 && strcmp(fmt, "dot") != 0) {
		fprintf(stderr, "bpfvet: %s has %u programs: choose one with --program to render\n",
			o->inputs[0], fr.prog_cnt);
		cli_file_report_fini(&fr, obj);
		return EXIT_USAGE;
	}
	for (u32 i = 0; i < fr.prog_cnt; i++) {
		const struct prog_report *pr = &fr.progs[i];
		struct result sr;
		struct cfg cfg;

		memset(&cfg, 0, sizeof(cfg));
		result_init(&sr);
		/* a structurally broken program still gets the graph of what could be built */
		if (cfg_build(pr->prog, o->analyze.unpriv, &cfg, &sr) == -ENOMEM) {
			fprintf(stderr, "bpfvet: out of memory\n");
			status = EXIT_USAGE;
		} else if (cfg.block_cnt == 0) {
			fprintf(stderr, "bpfvet: %s: no graph: %s\n", pr->prog->name,
				sr.message ? sr.message : "empty program");
			status = EXIT_USAGE;
		} else {
			rp_dot_emit(pr->prog, &cfg,
				    pr->res.verdict == VERDICT_ACCEPT ? -1 : pr->res.error_insn,
				    &dot);
		}
		cfg_fini(&cfg);
		result_fini(&sr);
	}
	if (status == 0 && strcmp(fmt, "dot") == 0) {
		status = cli_write_output(o, strbuf_str(&dot), dot.len);
	} else if (status == 0) {
		u8 *data = NULL;
		size_t len = 0;
		int err = rp_render(strbuf_str(&dot), fmt, &data, &len);

		if (err) {
			fprintf(stderr, "bpfvet: cannot render %s: %s\n", fmt,
				err == -ENOTSUP ? "built without graphviz; use --format dot | dot"
						: strerror(-err));
			status = EXIT_USAGE;
		} else {
			status = cli_write_output(o, data, len);
		}
		free(data);
	}
	strbuf_free(&dot);
	cli_file_report_fini(&fr, obj);
	return status;
}
