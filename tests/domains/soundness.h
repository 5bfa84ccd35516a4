/* Soundness checking of the value domains against concrete execution, shared by the unit test
 * (a quick slice) and the domain-soundness-bench executable (millions of checks). */
#ifndef BPFVET_TESTS_SOUNDNESS_H
#define BPFVET_TESTS_SOUNDNESS_H

#include "scalar.h"

/* splitmix64 state: explicit, no global */
struct rng {
	u64 s;
};

u64 rng_next(struct rng *r);

/* The concrete meaning of the operations (BPF semantics). */
u64 conc_alu(u64 dst, u64 src, u8 op, bool alu32, s16 off);
bool conc_cond(u64 a, u64 b, u8 op, bool is32);

/* An abstract scalar together with concrete members of it. */
#define SAMPLE_MAX 8
struct sample {
	struct scalar abs;
	u64 members[SAMPLE_MAX];
	int n;
};

void sample_random(struct rng *r, struct sample *out);

struct sound_stats {
	u64 checks;   /* concrete membership checks */
	u64 failures; /* unsound results */
	char first_failure[512];
};

/* Run `rounds` rounds of random checks (every ALU op at both widths, NEG, BPF_END, extensions,
 * every branch op at both widths). */
void sound_run_random(u64 seed, u64 rounds, struct sound_stats *st);
/* Exhaustive tnum checks over all tnums of `bits` bits (soundness for every op, and optimality
 * where the kernel's operator is known optimal). */
void sound_tnum_exhaustive(int bits, struct sound_stats *st);

#endif
