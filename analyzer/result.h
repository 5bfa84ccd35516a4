/* The outcome of verifying one program: verdict, the first error (with the kernel's message
 * first), statistics, and the kernel-style log. This is what the reporters read; nothing in it
 * points into the analyzer's working memory. */
#ifndef BPFVET_RESULT_H
#define BPFVET_RESULT_H

#include "compiler.h"

enum verdict {
	VERDICT_ACCEPT,
	VERDICT_REJECT,
	VERDICT_ERROR, /* bpfvet could not analyse it (unsupported feature, internal error, budget) */
};

struct result_stats {
	u64 processed_insns; /* the kernel's "processed N insns" */
	u32 total_states;
	u32 peak_states;
	u32 max_states_per_insn;
	u32 stack_depth[8]; /* per subprogram in call order, as "stack depth 8+0" */
	u32 stack_depth_cnt;
	u64 time_us;
};

struct result {
	u32 verdict;	     /* enum verdict */
	s32 error_insn;	     /* instruction index of the rejection, -1 if none */
	char *message;	     /* the kernel's message for the rejection (last line), verbatim */
	char *message_block; /* all lines of the kernel's error report ("\n"-separated), or NULL */
	char *detail;	     /* bpfvet's own explanation (may be NULL) */
	char *log;	     /* kernel-style verifier log of the failing path (level 1), or NULL */
	struct result_stats stats;
};

void result_init(struct result *r);
void result_fini(struct result *r);
/* Set verdict + message (formatted); keeps the first one when called twice. */
void result_set(struct result *r, u32 verdict, s32 insn, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
const char *verdict_name(u32 verdict);

#endif
