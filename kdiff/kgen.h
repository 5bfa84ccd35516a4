/* Random BPF programs for differential testing: scalar ALU work, forward branches, stack spills and
 * array-map value accesses, one socket_filter program per seed. The same seed always gives the
 * same program, so a mismatch is reproduced with --seed S --count 1. */
#ifndef KDIFF_KGEN_H
#define KDIFF_KGEN_H

#include "bpf_defs.h"

struct kgen_prog {
	struct insn *insns;	/* ld_imm64 map reference: imm = 0, the index of the only map */
	u32 cnt;
	u32 map_insn;		/* index of the ld_imm64 that loads the map */
	u32 value_size;		/* the array map: key 4, this value size, max_entries */
	u32 max_entries;
};

/* Generate the program of seed with at most max_insns instructions (at least 32 is sensible; the
 * fixed prologue takes up to about 30). Returns 0 or -ENOMEM. */
int kgen_program(u64 seed, u32 max_insns, struct kgen_prog *out);
void kgen_free(struct kgen_prog *p);

#endif
