/* Reporters: turn analysis results into bytes (text, JSON, SARIF, DOT). They format only; they
 * never analyse. The CLI gathers one file_report per input and hands them over. */
#ifndef BPFVET_REPORT_H
#define BPFVET_REPORT_H

#include "cfg.h"
#include "prog.h"
#include "result.h"
#include "strbuf.h"

struct prog_report {
	const struct program *prog;
	struct result res;
	bool analyzed; /* false for `list`: no verdict */
};

struct file_report {
	const char *path;
	const struct object *obj; /* NULL when the file could not be loaded */
	const char *error;	  /* load error message, or NULL */
	struct prog_report *progs;
	u32 prog_cnt;
};

/* DESIGN.md's JSON document ({"version":1,"files":[...]}). with_verdicts false gives `list`. */
void rp_json_emit(const struct file_report *files, u32 nfiles, bool with_verdicts,
		  struct strbuf *out);
/* Compiler-style text for people: one line per program, the error with its source line. */
void rp_text_emit(const struct file_report *files, u32 nfiles, bool with_verdicts, bool verbose,
		  struct strbuf *out);
/* SARIF 2.1.0 for code scanning: one result per rejected program. */
void rp_sarif_emit(const struct file_report *files, u32 nfiles, struct strbuf *out);
/* The CFG as DOT: one cluster per subprogram; the failing instruction (fail_insn >= 0) and the
 * blocks of the failing path (path/path_len insn indexes, may be NULL) highlighted. */
void rp_dot_emit(const struct program *prog, const struct cfg *cfg, s32 fail_insn,
		 struct strbuf *out);
/* Render DOT text to svg/png with libgvc; -ENOTSUP when built without graphviz. */
int rp_render(const char *dot, const char *format, u8 **data, size_t *len);
/* The source location of insn, formatted "file:line:col", into sb; false if unknown. */
bool rp_src_loc(const struct program *prog, s32 insn, struct strbuf *sb);

#endif
