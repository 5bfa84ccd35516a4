/* Shared pieces of the command line: parsed options and the per-command entry points. */
#ifndef BPFVET_CLI_H
#define BPFVET_CLI_H

#include "analyzer.h"
#include "frontend.h"
#include "report.h"

#define EXIT_ACCEPTED 0
#define EXIT_REJECTED 1
#define EXIT_USAGE    2

struct cli_opts {
	struct load_opts load;
	struct analyze_opts analyze;
	const char *format; /* output format, NULL = command default */
	const char *output; /* -o FILE, NULL = stdout */
	bool verbose;
	int jobs;	  /* triage workers */
	double timeout;	  /* triage: seconds per input */
	u64 mem_limit_mb; /* triage: address-space limit per input */
	struct cli_map maps[64];
	char **inputs;
	int input_cnt;
};

/* Load a file and analyse its programs (all, or opts->load.program). Fills *fr; returns 0, or
 * EXIT_USAGE when the file could not be read (fr->error set). */
int cli_process_file(const char *path, const struct cli_opts *o, bool analyze,
		     struct file_report *fr, struct object **objp);
void cli_file_report_fini(struct file_report *fr, struct object *obj);
int cli_write_output(const struct cli_opts *o, const void *data, size_t len);

int cmd_check(struct cli_opts *o);
int cmd_list(struct cli_opts *o);
int cmd_explain(struct cli_opts *o);
int cmd_dump(struct cli_opts *o);
int cmd_cfg(struct cli_opts *o);
int cmd_triage(struct cli_opts *o);

#endif
