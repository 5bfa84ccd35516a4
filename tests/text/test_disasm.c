/* Unit tests of the disassembler: the kernel's own log lines for the same bytes (captured from
 * a 6.18 kernel), our symbolic texts for map/ksym/kfunc references, and robustness on every
 * opcode byte. */
#include "disasm.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *hex;
	const char *text;
} kernel_lines[] = {
#include "kernel_log_table.inc"
};

static u32 hex_insns(const char *hex, struct insn *out, u32 max)
{
	size_t n = strlen(hex) / 2;
	u8 buf[64];

	ck_assert_uint_le(n, sizeof(buf));
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &v), 1);
		buf[i] = (u8)v;
	}
	ck_assert_uint_le(n / 8, max);
	memcpy(out, buf, n);
	return (u32)(n / 8);
}

START_TEST(test_kernel_table)
{
	u32 bad = 0;

	for (u32 t = 0; t < ARRAY_SIZE(kernel_lines); t++) {
		struct strbuf sb = STRBUF_INIT;
		struct insn in[8];
		u32 n = hex_insns(kernel_lines[t].hex, in, 8);

		disasm_insn_log(NULL, in, n, 0, &sb);
		/* the log line is "0: " + the kernel's text */
		if (strncmp(strbuf_str(&sb), "0: ", 3) != 0 ||
		    strcmp(strbuf_str(&sb) + 3, kernel_lines[t].text) != 0) {
			fprintf(stderr, "%s: got '%s', kernel '%s'\n", kernel_lines[t].hex,
				strbuf_str(&sb), kernel_lines[t].text);
			bad++;
		}
		strbuf_free(&sb);
	}
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_ge(ARRAY_SIZE(kernel_lines), 250);
}
END_TEST

static const char *text_of(const struct program *p, const struct insn *in, u32 cnt, u32 i, bool log)
{
	static char out[256];
	struct strbuf sb = STRBUF_INIT;

	if (log)
		disasm_insn_log(p, in, cnt, i, &sb);
	else
		disasm_insn(p, in, cnt, i, &sb);
	snprintf(out, sizeof(out), "%s", strbuf_str(&sb));
	strbuf_free(&sb);
	return out;
}

START_TEST(test_no_opcode_prefix)
{
	struct insn in[2] = {{0xb7, 0, 0, 0, 0}, {0x95, 0, 0, 0, 0}};
	struct insn bug = {0xdb, 1, 2, 0, 0x120};

	ck_assert_str_eq(text_of(NULL, in, 2, 0, false), "r0 = 0");
	ck_assert_str_eq(text_of(NULL, in, 2, 1, true), "1: (95) exit");
	/* the kernel prints BUG_ texts without the opcode prefix */
	ck_assert_str_eq(text_of(NULL, &bug, 1, 0, true), "0: BUG_db");
	ck_assert_str_eq(text_of(NULL, &bug, 1, 0, false), "BUG_db");
	/* out of range index: nothing */
	ck_assert_str_eq(text_of(NULL, in, 2, 2, true), "");
}
END_TEST

START_TEST(test_symbolic_refs)
{
	struct object *obj = object_new("t", INPUT_ASM);
	struct program *p;
	struct map_def *m;
	struct insn in[2];

	m = object_add_map(obj);
	m->name = strdup("counters");
	m = object_add_map(obj);
	m->name = strdup("9bad"); /* not printable as a name: index */
	p = object_add_program(obj);
	p->externs = calloc(1, sizeof(*p->externs));
	p->externs[0].name = strdup("bpf_obj_new_impl");
	p->externs[0].is_func = true;
	p->extern_cnt = 1;

	in[0] = (struct insn){0x18, 1, BPF_PSEUDO_MAP_FD, 0, 0};
	in[1] = (struct insn){0, 0, 0, 0, 0};
	ck_assert_str_eq(text_of(p, in, 2, 0, true), "0: (18) r1 = map[counters]");
	in[0].imm = 1;
	ck_assert_str_eq(text_of(p, in, 2, 0, false), "r1 = map[1]");
	in[0].imm = -1 - 7;
	ck_assert_str_eq(text_of(p, in, 2, 0, false), "r1 = map[fd:7]");
	in[0] = (struct insn){0x18, 2, BPF_PSEUDO_MAP_VALUE, 0, 0};
	in[1].imm = 16;
	ck_assert_str_eq(text_of(p, in, 2, 0, false), "r2 = map[counters][0]+16");
	ck_assert_str_eq(text_of(NULL, in, 2, 0, false), "r2 = map[0][0]+16");
	in[0] = (struct insn){0x18, 3, BPF_PSEUDO_BTF_ID, 0, 0};
	in[1].imm = 0;
	ck_assert_str_eq(text_of(p, in, 2, 0, false), "r3 = ksym[bpf_obj_new_impl]");
	in[0].imm = 5;
	ck_assert_str_eq(text_of(p, in, 2, 0, false), "r3 = ksym[#5]");
	/* PSEUDO_FUNC keeps its raw value in the kernel's log */
	in[0] = (struct insn){0x18, 2, BPF_PSEUDO_FUNC, 0, 6};
	ck_assert_str_eq(text_of(p, in, 2, 0, false), "r2 = 0x6");
	/* ld_imm64 cut short: the missing half reads as zero, no overread */
	in[0] = (struct insn){0x18, 0, 0, 0, -1};
	ck_assert_str_eq(text_of(p, in, 1, 0, false), "r0 = 0xffffffff");

	in[0] = (struct insn){0x85, 0, BPF_PSEUDO_KFUNC_CALL, 0, 0};
	ck_assert_str_eq(text_of(p, in, 1, 0, true), "0: (85) call bpf_obj_new_impl#0");
	in[0].imm = 3;
	ck_assert_str_eq(text_of(p, in, 1, 0, true), "0: (85) call #3");
	in[0] = (struct insn){0x85, 0, 0, 0, 1};
	ck_assert_str_eq(text_of(p, in, 1, 0, true), "0: (85) call bpf_map_lookup_elem#1");
	object_free(obj);
}
END_TEST

START_TEST(test_helper_names)
{
	ck_assert_str_eq(helper_name(0), "bpf_unspec");
	ck_assert_str_eq(helper_name(1), "bpf_map_lookup_elem");
	ck_assert_str_eq(helper_name(12), "bpf_tail_call");
	ck_assert_str_eq(helper_name(181), "bpf_loop");
	ck_assert_str_eq(helper_name(211), "bpf_cgrp_storage_delete");
	ck_assert_ptr_null(helper_name(212));
	ck_assert_ptr_null(helper_name(-1));
	for (s32 i = 0; i < 212; i++)
		ck_assert_msg(helper_name(i) && strncmp(helper_name(i), "bpf_", 4) == 0,
			      "helper %d", i);
}
END_TEST

/* Every code byte with varied fields prints something non-empty and never crashes. */
START_TEST(test_all_opcodes)
{
	static const s32 imms[] = {0, 1, -1, 0x100, 0x110, 0xe1, 0xf1, 16, 0x7fffffff};
	static const s16 offs[] = {0, 1, -1, 8, 16, 32, 24};

	for (u32 code = 0; code < 256; code++)
		for (u32 a = 0; a < ARRAY_SIZE(imms); a++)
			for (u32 b = 0; b < ARRAY_SIZE(offs); b++) {
				struct insn in[2] = {
					{(u8)code, (u8)(a & 15), (u8)(b * 3 & 15), offs[b],
					 imms[a]},
					{0, 0, 0, 0, 7},
				};
				struct strbuf sb = STRBUF_INIT;

				disasm_insn_log(NULL, in, 2, 0, &sb);
				ck_assert_uint_gt(sb.len, 3);
				strbuf_free(&sb);
			}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("disasm");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_kernel_table);
	tcase_add_test(tc, test_no_opcode_prefix);
	tcase_add_test(tc, test_symbolic_refs);
	tcase_add_test(tc, test_helper_names);
	tcase_add_test(tc, test_all_opcodes);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
