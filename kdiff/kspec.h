/* Writing a generated program as a test_verifier-corpus case (NAME.bin + NAME.json, the format of
 * shared/corpus/test_verifier/README.md) so that "bpfvet check --spec NAME.json NAME.bin" and the
 * conformance tools reproduce it. */
#ifndef KDIFF_KSPEC_H
#define KDIFF_KSPEC_H

#include "kgen.h"

struct kspec_kernel {
	bool accepted;
	int err;	       /* errno of the load, 0 on accept */
	const char *msg_block; /* error report lines ("\n"-separated) of a rejection, or NULL */
	s64 processed;	       /* "processed N insns", -1 if unknown */
};

/* Write dir/name.bin and dir/name.json. prog_flags as loaded. Returns 0 or a negative errno. */
int kspec_write(const char *dir, const char *name, const char *descr, const struct kgen_prog *p,
		u32 prog_flags, const struct kspec_kernel *k);

/* (Re)write dir/cases.jsonl from every kdiff-*.json sidecar in dir (sorted by name, each line the
 * sidecar plus "insns_hex"), so that dir is a corpus for shared/tools/conformance.py.
 * Returns the number of cases written or a negative errno. */
int kspec_write_index(const char *dir);

#endif
