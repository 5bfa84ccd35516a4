/* Robustness of the ELF frontend: every committed test object is truncated at many lengths and
 * mutated thousands of times (bit flips, random bytes, interesting 32-bit values at random
 * places); each load must return cleanly, either an object or a negative errno with a
 * diagnostic, never crash, hang or leak (run it under the ASan build too). Deterministic: a fixed
 * seed per file. BPFVET_FUZZ_ITERS sets the number of mutations per file (default 3000). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"

#ifndef DATA_DIR
#error "DATA_DIR must be defined"
#endif

static const char *const files[] = {
	"calls.bpf.o", "externs.bpf.o", "legacy.bpf.o", "core.bpf.o", "tiny.bpf.o",
};

static u8 *read_data(const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	u8 *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", DATA_DIR, name);
	f = fopen(path, "rb");
	ck_assert_msg(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n);
	ck_assert(buf);
	ck_assert_int_eq(fread(buf, 1, n, f), n);
	fclose(f);
	*len = n;
	return buf;
}

/* xorshift64*: a small deterministic generator */
static u64 next_rand(u64 *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

static void load_once(const char *name, const u8 *buf, size_t len, u32 *ok, u32 *bad)
{
	struct load_opts opts = {.prog_type = -1, .attach_type = -1};
	struct object *o = NULL;
	struct diag d = {0};
	int err = fe_elf_load(name, buf, len, &opts, &o, &d);

	if (err) {
		ck_assert_msg(err < 0, "%s: positive return %d", name, err);
		ck_assert_msg(o == NULL, "%s: object returned with error %d", name, err);
		ck_assert_msg(d.msg[0] != 0, "%s: error %d without a diagnostic", name, err);
		(*bad)++;
		return;
	}
	ck_assert(o);
	for (u32 i = 0; i < o->prog_cnt; i++) {
		const struct program *p = &o->progs[i];

		ck_assert(p->insn_cnt >= p->main_insn_cnt);
		ck_assert(p->insn_cnt == 0 || p->insns);
		for (u32 k = 0; k < p->func_cnt; k++)
			ck_assert(p->funcs[k].insn_off < p->insn_cnt);
		for (u32 k = 0; k < p->line_cnt; k++)
			ck_assert(p->lines[k].insn_off < p->insn_cnt);
	}
	object_free(o);
	(*ok)++;
}

START_TEST(truncations)
{
	const char *name = files[_i];
	size_t len;
	u8 *orig = read_data(name, &len);
	size_t step = len / 2500 + 1;
	u32 ok = 0, bad = 0;

	setenv("BPFVET_KERNEL_BTF", "", 1);
	setenv("BPFVET_KCONFIG", "", 1);
	setenv("BPFVET_KALLSYMS", "", 1);
	for (size_t l = 0; l < len + step; l += (l < 256 ? 1 : step)) {
		if (l > len)
			l = len; /* always end with the whole file */
		/* a fresh allocation of exactly l bytes, so that ASan sees any overread */
		u8 *buf = malloc(l ? l : 1);

		memcpy(buf, orig, l);
		load_once(name, buf, l, &ok, &bad);
		free(buf);
	}
	ck_assert_int_gt(bad, 0);
	ck_assert_int_gt(ok, 0); /* the full file at least */
	free(orig);
}
END_TEST

START_TEST(mutations)
{
	static const u32 interesting[] = {0,	   1,	       7,	   8,	       0x7f,
					  0x80,	   0xff,       0x100,	   0x7fff,     0xffff,
					  0x10000, 0x7fffffff, 0x80000000, 0xfffffff8, 0xffffffff};
	const char *name = files[_i];
	const char *env = getenv("BPFVET_FUZZ_ITERS");
	u32 iters = env ? (u32)strtoul(env, NULL, 10) : 3000;
	size_t len;
	u8 *orig = read_data(name, &len);
	u8 *buf = malloc(len);
	u64 seed = 0x9e3779b97f4a7c15ULL ^ (u64)(_i + 1) * 0x1234567ULL;
	u32 ok = 0, bad = 0;

	setenv("BPFVET_KERNEL_BTF", "", 1);
	setenv("BPFVET_KCONFIG", "", 1);
	setenv("BPFVET_KALLSYMS", "", 1);
	for (u32 it = 0; it < iters; it++) {
		u32 nmut = 1 + next_rand(&seed) % 8;

		memcpy(buf, orig, len);
		for (u32 m = 0; m < nmut; m++) {
			u64 r = next_rand(&seed);
			size_t pos = (r >> 8) % len;

			switch (r & 3) {
			case 0:
				buf[pos] ^= 1u << ((r >> 4) & 7);
				break;
			case 1:
				buf[pos] = (u8)(r >> 40);
				break;
			default:
				if (pos + 4 <= len) {
					u32 v = interesting[(r >> 48) % ARRAY_SIZE(interesting)];

					memcpy(buf + (pos & ~(size_t)3), &v, 4);
				}
				break;
			}
		}
		load_once(name, buf, len, &ok, &bad);
	}
	ck_assert_int_eq(ok + bad, iters);
	free(buf);
	free(orig);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("fe_elf_fuzz");
	TCase *t = tcase_create("fuzz");

	tcase_add_loop_test(t, truncations, 0, ARRAY_SIZE(files));
	tcase_add_loop_test(t, mutations, 0, ARRAY_SIZE(files));
	tcase_set_timeout(t, 300);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(suite());
	int failed;

	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
