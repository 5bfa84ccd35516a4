/* The kernel BTF provider for the analyzer (analyzer/kbtf.h): opens /sys/kernel/btf/vmlinux or a
 * file given with --kernel-btf, parsed with libbpf on first use only, so programs that never
 * touch kernel types pay nothing. */
#ifndef BPFVET_FE_KBTF_H
#define BPFVET_FE_KBTF_H

#include "kbtf.h"

#define FE_KBTF_DEFAULT_PATH "/sys/kernel/btf/vmlinux"

/* A handle for the BTF at path (NULL: the default path). Nothing is read yet; a missing or bad
 * file shows later as kbtf_ready() < 0. NULL only when out of memory. */
struct kbtf *fe_kbtf_open(const char *path);
/* A handle over BTF already in memory (raw BTF bytes, copied); for tests. NULL on bad data. */
struct kbtf *fe_kbtf_from_raw(const void *data, size_t len);
void fe_kbtf_close(struct kbtf *k);

#endif
