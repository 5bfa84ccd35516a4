/* The running kernel as an oracle: create maps and load programs with the raw bpf(2) syscall,
 * capturing the verifier log. No libbpf, so that the exact attributes are visible here. */
#ifndef KDIFF_KLOAD_H
#define KDIFF_KLOAD_H

#include "compiler.h"

struct kload_result {
	int fd;	   /* program fd (accepted), or -1 */
	int err;   /* errno of BPF_PROG_LOAD, 0 on accept */
	char *log; /* the verifier log, complete (malloc'd, NUL-terminated; may be "") */
};

/* BPF_MAP_CREATE without a name (as test_verifier does); returns an fd or a negative errno. */
int kload_map_create(u32 type, u32 key_size, u32 value_size, u32 max_entries, u32 flags);

/* BPF_PROG_LOAD of cnt 8-byte instructions with the given log level. The log buffer starts at
 * 1 MiB and grows (up to 1 GiB) while the kernel answers ENOSPC. Returns 0 when the kernel gave an
 * answer (accept or reject, in r), or a negative errno when the log could not be obtained. */
int kload_prog_load(u32 prog_type, const void *insns, u32 cnt, u32 prog_flags, u32 log_level,
		    struct kload_result *r);
void kload_result_fini(struct kload_result *r);

#endif
