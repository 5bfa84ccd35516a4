/* Quick slice of the soundness checks (the full run is the domain-soundness-bench benchmark):
 * random abstract scalars against concrete members for every operation, and every tnum
 * operation exhaustively over all 5-bit tnums (with optimality where the kernel's operator is
 * optimal). */
#include <check.h>
#include <stdlib.h>

#include "soundness.h"

START_TEST(random_ops_are_sound)
{
	struct sound_stats st = {0};

	sound_run_random(0x5eed0000u + (u64)_i, 20000, &st);
	ck_assert_msg(st.failures == 0, "%llu failures of %llu; first: %s",
		      (unsigned long long)st.failures, (unsigned long long)st.checks,
		      st.first_failure);
	ck_assert_uint_gt(st.checks, 1000000);
}
END_TEST

START_TEST(tnum_exhaustive_5bit)
{
	struct sound_stats st = {0};

	sound_tnum_exhaustive(5, &st);
	ck_assert_msg(st.failures == 0, "%llu failures of %llu; first: %s",
		      (unsigned long long)st.failures, (unsigned long long)st.checks,
		      st.first_failure);
	ck_assert_uint_gt(st.checks, 6000000);
}
END_TEST

/* The checker itself must notice an unsound result. */
START_TEST(checker_detects_unsoundness)
{
	struct scalar s = scalar_const(5);

	ck_assert(scalar_contains(&s, 5));
	ck_assert(!scalar_contains(&s, 6));
	s = scalar_urange(10, 20);
	ck_assert(scalar_contains(&s, 10));
	ck_assert(scalar_contains(&s, 20));
	ck_assert(!scalar_contains(&s, 21));
	ck_assert(!scalar_contains(&s, 9));
	ck_assert(conc_cond(5, 7, 0xa0, false));	    /* 5 < 7 */
	ck_assert(!conc_cond(0x100000005, 7, 0xa0, false)); /* 64-bit */
	ck_assert(conc_cond(0x100000005, 7, 0xa0, true));   /* 32-bit view */
	ck_assert_uint_eq(conc_alu(0xffffffff, 1, 0x00, true, 0), 0);
	ck_assert_uint_eq(conc_alu(7, 0, 0x90, true, 0), 7);
	ck_assert_uint_eq(conc_alu(7, 0, 0x30, false, 0), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("domain-soundness");
	TCase *tc = tcase_create("soundness");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, random_ops_are_sound, 0, 4);
	tcase_add_test(tc, tnum_exhaustive_5bit);
	tcase_add_test(tc, checker_detects_unsoundness);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
