/* The analyzer's entry point: verify one program of the model as the kernel would. */
#ifndef BPFVET_ANALYZER_H
#define BPFVET_ANALYZER_H

#include "kbtf.h"
#include "prog.h"
#include "result.h"

struct analyze_opts {
	bool unpriv;	      /* no CAP_BPF/CAP_PERFMON/CAP_NET_ADMIN (default: privileged) */
	u32 extra_prog_flags; /* OR-ed into program->prog_flags (--prog-flags) */
	int log_level;	   /* 0: no log; 1: kernel-style log of the failing path; 2: every insn */
	u64 insn_limit;	   /* processed-instruction budget; 0 = the kernel's 1,000,000 */
	struct kbtf *kbtf; /* the kernel's BTF (loaded lazily), NULL: none available */
};

/* Verify prog; fills r (initialised by the caller with result_init). Returns 0, or a negative
 * errno only for bpfvet's own failures (out of memory), in which case r says so too. */
int analyze_program(const struct program *prog, const struct analyze_opts *opts, struct result *r);

#endif
