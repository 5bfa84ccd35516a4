/* Fuzz-style robustness tests: random and mutated instruction streams, gzip data and JSON specs
 * must never crash or hang fe_raw_load() or cfg_build(), which return 0 or a clean error; when
 * cfg_build() accepts, its CFG must be internally consistent. Deterministic (fixed seeds) and
 * bounded in time; run under -Db_sanitize=address,undefined for memory errors. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "cfg.h"
#include "frontend.h"
#include "insn_check.h"

static char tmpdir[64];

/* xorshift64*: deterministic, independent of libc's rand() */
static u64 rng_state;

static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

static u32 rnd_below(u32 n)
{
	return n ? (u32)(rnd() % n) : 0;
}

static u8 valid_opcodes[256];
static u32 valid_cnt;

static void init_opcodes(void)
{
	valid_cnt = 0;
	for (u32 c = 0; c < 256; c++)
		if (insn_opcode_valid((u8)c))
			valid_opcodes[valid_cnt++] = (u8)c;
}

static s32 small_or_random(u32 cnt)
{
	switch (rnd_below(4)) {
	case 0:
		return (s32)rnd();
	case 1:
		return 0;
	default:
		return (s32)rnd_below(2 * cnt + 2) - (s32)cnt - 1;
	}
}

/* A program that is mostly well-formed, so that the deeper checks are reached too. */
static void gen_program(struct insn *p, u32 cnt)
{
	for (u32 i = 0; i < cnt; i++) {
		struct insn *in = &p[i];
		u32 kind = rnd_below(20);

		memset(in, 0, sizeof(*in));
		if (kind == 0) {
			u64 v = rnd();

			memcpy(in, &v, sizeof(*in));
			continue;
		}
		in->code = valid_opcodes[rnd_below(valid_cnt)];
		in->dst = (u8)rnd_below(rnd_below(8) ? 11 : 16);
		in->src = (u8)rnd_below(rnd_below(4) ? 2 : 16);
		if (BPF_CLASS(in->code) == BPF_JMP || BPF_CLASS(in->code) == BPF_JMP32) {
			in->off = (s16)small_or_random(cnt);
			in->imm = rnd_below(3) ? 0 : small_or_random(cnt);
			if (BPF_OP(in->code) == BPF_CALL)
				in->src = (u8)rnd_below(3);
		} else {
			in->off = rnd_below(3) ? 0 : (s16)rnd();
			in->imm = small_or_random(cnt);
		}
		if (kind == 1 && i + 1 < cnt) {
			in->code = BPF_LD | BPF_IMM | BPF_DW;
			in->src = (u8)rnd_below(8);
			in->imm = (s32)rnd_below(4) - 1;
			memset(&p[i + 1], 0, sizeof(p[i + 1]));
			if (rnd_below(8) == 0)
				p[i + 1].imm = (s32)rnd();
			i++;
		}
		if (kind == 2)
			in->code = BPF_JMP | BPF_EXIT, in->dst = in->src = 0, in->imm = in->off = 0;
	}
	if (cnt && rnd_below(4))
		p[cnt - 1] = (struct insn){.code = BPF_JMP | BPF_EXIT};
}

static void check_cfg_consistent(const struct program *prog, const struct cfg *c)
{
	ck_assert_uint_eq(c->insn_cnt, prog->insn_cnt);
	ck_assert_uint_ge(c->subprog_cnt, 1);
	ck_assert_uint_eq(c->subprogs[0].start, 0);
	for (u32 s = 0; s < c->subprog_cnt; s++) {
		ck_assert_uint_lt(c->subprogs[s].start, c->subprogs[s].end);
		if (s + 1 < c->subprog_cnt)
			ck_assert_uint_eq(c->subprogs[s].end, c->subprogs[s + 1].start);
		else
			ck_assert_uint_eq(c->subprogs[s].end, prog->insn_cnt);
	}
	for (u32 i = 0; i < prog->insn_cnt; i++) {
		if (c->insn_flags[i] & INSN_LDIMM64_HI) {
			ck_assert_uint_eq(c->block_of[i], UINT32_MAX);
			ck_assert(i > 0 && prog->insns[i - 1].code == (BPF_LD | BPF_IMM | BPF_DW));
			continue;
		}
		ck_assert_uint_lt(c->block_of[i], c->block_cnt);
		ck_assert_uint_le(c->blocks[c->block_of[i]].start, i);
		ck_assert_uint_lt(i, c->blocks[c->block_of[i]].end);
		ck_assert_uint_eq(cfg_subprog_of(c, i), c->blocks[c->block_of[i]].subprog);
		ck_assert_uint_le(c->insn_scc[i], c->scc_cnt);
	}
	for (u32 e = 0; e < c->edge_cnt; e++) {
		ck_assert_uint_lt(c->edges[e].from_block, c->block_cnt);
		ck_assert_uint_lt(c->edges[e].to_block, c->block_cnt);
		ck_assert_uint_le(c->edges[e].kind, 2);
	}
}

static void run_cfg(const struct program *prog)
{
	for (int unpriv = 0; unpriv < 2; unpriv++) {
		struct result r;
		struct cfg c;
		int err;

		result_init(&r);
		err = cfg_build(prog, unpriv, &c, &r);
		ck_assert_msg(err == 0 || err == -EINVAL, "cfg_build returned %d", err);
		if (err) {
			ck_assert(r.verdict == VERDICT_REJECT || r.verdict == VERDICT_ERROR);
			ck_assert_ptr_nonnull(r.message);
		} else {
			ck_assert_ptr_null(r.message);
			check_cfg_consistent(prog, &c);
		}
		cfg_fini(&c);
		result_fini(&r);
	}
	for (u32 i = 0; i < prog->insn_cnt; i++) {
		struct result r;

		result_init(&r);
		(void)insn_check_fields(prog, i, &r);
		result_fini(&r);
		result_init(&r);
		(void)insn_check_alu_const(prog, i, &r);
		(void)insn_check_jmp_fields(prog, i, &r);
		(void)insn_check_ld_abs_fields(prog, i, &r);
		result_fini(&r);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(t_fuzz_cfg)
{
	struct insn p[96];
	struct map_def maps[2] = {
		{.type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 48, .max_entries = 1},
		{.type = BPF_MAP_TYPE_HASH, .key_size = 8, .value_size = 8, .max_entries = 1},
	};
	struct extern_ref ext[1] = {{.name = (char *)"bpf_iter_num_next", .is_func = true}};
	struct object obj = {.maps = maps, .map_cnt = 2};
	struct program prog = {.insns = p,
			       .prog_type = BPF_PROG_TYPE_SCHED_CLS,
			       .obj = &obj,
			       .gpl_compatible = true,
			       .externs = ext,
			       .extern_cnt = 1};
	double t0 = now();
	u32 accepted = 0, n;

	rng_state = 0x5eed1234abcdull;
	init_opcodes();
	for (n = 0; n < 40000 && now() - t0 < 3.0; n++) {
		prog.insn_cnt = 1 + rnd_below(rnd_below(4) ? 16 : 96);
		/* unprivileged loaders get past bpf_prog_load() only with these two types */
		prog.prog_type = n % 2 ? BPF_PROG_TYPE_SCHED_CLS : BPF_PROG_TYPE_SOCKET_FILTER;
		gen_program(p, prog.insn_cnt);
		run_cfg(&prog);
		{
			struct result r;
			struct cfg c;

			result_init(&r);
			if (cfg_build(&prog, false, &c, &r) == 0)
				accepted++;
			cfg_fini(&c);
			result_fini(&r);
		}
	}
	fprintf(stderr, "cfg fuzz: %u programs, %u passed the structural checks\n", n, accepted);
	/* the generator must reach past the structural checks now and then */
	ck_assert_uint_gt(accepted, n / 200);
}
END_TEST

START_TEST(t_fuzz_raw_bytes)
{
	u8 buf[512], gz[1024];
	struct load_opts o = {.prog_type = BPF_PROG_TYPE_SOCKET_FILTER, .attach_type = -1};
	double t0 = now();

	rng_state = 0xfeedbeefull;
	for (u32 n = 0; n < 20000 && now() - t0 < 2.0; n++) {
		size_t len = rnd_below(sizeof(buf));
		struct object *obj = NULL;
		struct diag d = {0};
		int err;

		for (size_t i = 0; i < len; i++)
			buf[i] = (u8)rnd();
		if (n % 4 == 0 && len >= 2) {
			/* gzip magic with garbage or a mutated real stream */
			z_stream zs;
			size_t glen;

			memset(&zs, 0, sizeof(zs));
			deflateInit2(&zs, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
			zs.next_in = buf;
			zs.avail_in = (uInt)(len & ~7u);
			zs.next_out = gz;
			zs.avail_out = sizeof(gz);
			deflate(&zs, Z_FINISH);
			glen = sizeof(gz) - zs.avail_out;
			deflateEnd(&zs);
			if (glen > 2 && rnd_below(2))
				gz[2 + rnd_below((u32)glen - 2)] ^= (u8)(1 + rnd_below(255));
			err = fe_raw_load("f.bin.gz", gz, glen, &o, &obj, &d);
		} else {
			err = fe_raw_load("f.bin", buf, len, &o, &obj, &d);
		}
		if (err) {
			ck_assert_ptr_null(obj);
			ck_assert(d.msg[0]);
			continue;
		}
		ck_assert_uint_eq(obj->prog_cnt, 1);
		run_cfg(&obj->progs[0]);
		object_free(obj);
	}
}
END_TEST

static const char *spec_template =
	"{\"name\": \"f\", \"prog_type\": \"socket_filter\", \"expected_attach_type\": null,"
	" \"prog_flags\": 132, \"insn_cnt\": 7,"
	" \"attach_btf\": {\"name\": \"x\", \"btf_name\": \"x\", \"btf_kind\": \"func\"},"
	" \"maps\": [{\"type\": \"array\", \"type_id\": 2, \"key_size\": 4, \"value_size\": 24,"
	"   \"max_entries\": 1, \"flags\": 0, \"inner_map\": {\"type\": \"hash\", \"key_size\": 4,"
	"   \"value_size\": 4, \"max_entries\": 1}, \"btf\": {\"decoded\": {\"value\": {"
	"   \"special_fields\": [{\"kind\": \"kptr_ref\", \"target\": \"struct t\", \"offset\": 8},"
	"   {\"kind\": \"bpf_spin_lock\", \"offset\": 0}]}}}}],"
	" \"map_refs\": [{\"insn\": 0, \"map\": 0, \"kind\": \"map_fd\", \"src_reg\": 1}],"
	" \"kfuncs\": [{\"name\": \"k\"}],"
	" \"kfunc_refs\": [{\"insn\": 4, \"kfunc\": 0, \"is_kfunc_call\": true}],"
	" \"literal_pseudo_insns\": [{\"insn\": 2, \"what\": \"fd\"}],"
	" \"prog_btf\": {\"btf_hex\": \"9feb01001800000000000000280000002800000007000000010000"
	"00000000010400000020000001000000000000000d01000000050000000100000c0200000000696e74006600\""
	","
	" \"func_info\": [{\"insn_off\": 0, \"type_id\": 3}]}}";

static const char *tokens[] = {
	"null",	       "-1",
	"0",	       "4294967296",
	"1e300",       "\"\"",
	"[]",	       "{}",
	"\"array\"",   "\"xdp\"",
	"true",	       "[{}]",
	"\"zz\"",      "99999999999999999999",
	"\"struct \"", "[1,2,3]",
};

START_TEST(t_fuzz_spec)
{
	u8 prog[56];
	char *s = malloc(8192), path[256];
	struct load_opts o = {.prog_type = -1, .attach_type = -1, .spec_path = path};
	double t0 = now();
	u32 loaded = 0;

	ck_assert_ptr_nonnull(s);
	snprintf(path, sizeof(path), "%s/spec.json", tmpdir);
	{
		static const u8 code[7][8] = {
			{0x18, 0x11, 0, 0, 0, 0, 0, 0}, {0},
			{0x18, 0x12, 0, 0, 1, 0, 0, 0}, {0},
			{0x85, 0x20, 0, 0, 0, 0, 0, 0}, {0xb7, 0, 0, 0, 0, 0, 0, 0},
			{0x95, 0, 0, 0, 0, 0, 0, 0},
		};

		memcpy(prog, code, sizeof(prog));
	}
	rng_state = 0xabad1deaull;
	for (u32 n = 0; n < 3000 && now() - t0 < 3.0; n++) {
		size_t len = strlen(spec_template);
		struct object *obj = NULL;
		struct diag d = {0};
		FILE *f;
		int err;

		memcpy(s, spec_template, len + 1);
		for (u32 m = 0, cnt = 1 + rnd_below(3); m < cnt; m++) {
			u32 at = rnd_below((u32)len);

			switch (rnd_below(4)) {
			case 0: /* flip a byte */
				s[at] = (char)(32 + rnd_below(95));
				break;
			case 1: /* truncate */
				s[at] = 0;
				len = at;
				break;
			case 2: { /* delete a range */
				u32 k = rnd_below(40);

				if (at + k > len)
					k = (u32)len - at;
				memmove(s + at, s + at + k, len - at - k + 1);
				len -= k;
				break;
			}
			default: { /* replace a value after a ':' with a token */
				char *colon = strchr(s + at, ':');
				const char *tok = tokens[rnd_below(ARRAY_SIZE(tokens))];
				char *end;
				size_t tl = strlen(tok);

				if (!colon)
					break;
				end = colon + 1 + strcspn(colon + 1, ",}]");
				if ((size_t)(colon + 2 - s) + tl + strlen(end) + 1 > 8192)
					break;
				memmove(colon + 2 + tl, end, strlen(end) + 1);
				colon[1] = ' ';
				memcpy(colon + 2, tok, tl);
				len = strlen(s);
				break;
			}
			}
		}
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fputs(s, f);
		fclose(f);
		err = fe_raw_load("f.bin", prog, sizeof(prog), &o, &obj, &d);
		if (err) {
			ck_assert_ptr_null(obj);
			ck_assert(d.msg[0]);
			continue;
		}
		loaded++;
		run_cfg(&obj->progs[0]);
		object_free(obj);
	}
	free(s);
	fprintf(stderr, "spec fuzz: %u mutated specs loaded\n", loaded);
	ck_assert_uint_gt(loaded, 0);
}
END_TEST

static Suite *fuzz_suite(void)
{
	Suite *s = suite_create("struct_fuzz");
	TCase *tc = tcase_create("fuzz");

	tcase_set_timeout(tc, 40);
	tcase_add_test(tc, t_fuzz_cfg);
	tcase_add_test(tc, t_fuzz_raw_bytes);
	tcase_add_test(tc, t_fuzz_spec);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(fuzz_suite());
	char cmd[128];
	int failed;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bpfvet-fuzz-XXXXXX");
	if (!mkdtemp(tmpdir))
		return 2;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return failed ? 1 : 0;
}
