/* domain-soundness-bench: run at least COUNT random soundness checks (default 10^7) of the value
 * domains against concrete execution, then the exhaustive tnum checks at BITS bits (default 6),
 * and report counts, failures and time. Exit status 1 on any unsound result. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "soundness.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	u64 count = argc > 1 ? strtoull(argv[1], NULL, 0) : 10000000ull;
	int bits = argc > 2 ? atoi(argv[2]) : 6;
	u64 seed = argc > 3 ? strtoull(argv[3], NULL, 0) : 0x9e3779b9ull;
	struct sound_stats st = {0}, ex = {0};
	double t0 = now(), t1, t2;
	u64 rounds = 0;

	if (bits < 0 || bits > 6) {
		fprintf(stderr, "usage: %s [COUNT [BITS(0-6) [SEED]]]\n", argv[0]);
		return 2;
	}
	while (st.checks < count) {
		sound_run_random(seed + rounds, 1000, &st);
		rounds += 1000;
	}
	t1 = now();
	printf("random: %llu checks in %llu rounds, %llu failures, %.2f s (%.1f M checks/s)\n",
	       (unsigned long long)st.checks, (unsigned long long)rounds,
	       (unsigned long long)st.failures, t1 - t0, st.checks / (t1 - t0) / 1e6);
	if (st.failures)
		printf("  first failure: %s\n", st.first_failure);
	if (bits > 0) {
		sound_tnum_exhaustive(bits, &ex);
		t2 = now();
		printf("exhaustive %d-bit tnums: %llu checks, %llu failures, %.2f s\n", bits,
		       (unsigned long long)ex.checks, (unsigned long long)ex.failures, t2 - t1);
		if (ex.failures)
			printf("  first failure: %s\n", ex.first_failure);
	}
	return st.failures || ex.failures ? 1 : 0;
}
