/* Unit tests for cfg_build() and insn_check: every structural message of the kernel on a tiny
 * instruction array (the texts were checked against the 6.18 kernel), the kernel's order between
 * checks, prune-point marking, subprogram table, blocks and edges. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "insn_check.h"

#define I(c, d, s, o, i)                                                                           \
	((struct insn){.code = (c), .dst = (d), .src = (s), .off = (o), .imm = (i)})
#define MOV0		     I(0xb7, 0, 0, 0, 0)
#define EXIT		     I(0x95, 0, 0, 0, 0)
#define JA(o)		     I(0x05, 0, 0, (o), 0)
#define JEQ0(o)		     I(0x15, 0, 0, (o), 0) /* if r0 == 0 goto +o */
#define CALL_PSEUDO(o)	     I(0x85, 0, 1, 0, (o))
#define LDIMM(dst, src, imm) I(0x18, (dst), (src), 0, (imm))
#define LDIMM_HI(imm)	     I(0, 0, 0, 0, (imm))

struct fixture {
	struct object obj;
	struct program prog;
	struct map_def maps[4];
	struct extern_ref externs[2];
	struct func_info funcs[4];
	struct cfg cfg;
	struct result r;
};

static void fx_init(struct fixture *f, const struct insn *insns, u32 cnt)
{
	memset(f, 0, sizeof(*f));
	f->prog.insns = (struct insn *)insns;
	f->prog.insn_cnt = cnt;
	f->prog.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	f->prog.gpl_compatible = true;
	f->prog.obj = &f->obj;
	f->obj.maps = f->maps;
	result_init(&f->r);
}

static int fx_run(struct fixture *f, bool unpriv)
{
	return cfg_build(&f->prog, unpriv, &f->cfg, &f->r);
}

static void fx_fini(struct fixture *f)
{
	cfg_fini(&f->cfg);
	result_fini(&f->r);
}

/* build and expect a rejection with exactly msg */
static void expect_reject(const struct insn *insns, u32 cnt, bool unpriv, const char *msg)
{
	struct fixture f;
	int err;

	fx_init(&f, insns, cnt);
	err = fx_run(&f, unpriv);
	ck_assert_int_eq(err, -EINVAL);
	ck_assert_int_eq(f.r.verdict, VERDICT_REJECT);
	ck_assert_ptr_nonnull(f.r.message);
	ck_assert_str_eq(f.r.message, msg);
	fx_fini(&f);
}

static void expect_pass(const struct insn *insns, u32 cnt, bool unpriv)
{
	struct fixture f;
	int err;

	fx_init(&f, insns, cnt);
	err = fx_run(&f, unpriv);
	if (err)
		ck_abort_msg("unexpected rejection: %s", f.r.message ? f.r.message : "?");
	fx_fini(&f);
}

#define N(a) ((u32)(sizeof(a) / sizeof((a)[0])))

START_TEST(t_minimal)
{
	struct insn p[] = {MOV0, EXIT};
	struct fixture f;

	fx_init(&f, p, N(p));
	ck_assert_int_eq(fx_run(&f, false), 0);
	ck_assert_uint_eq(f.cfg.subprog_cnt, 1);
	ck_assert_uint_eq(f.cfg.block_cnt, 1);
	ck_assert_uint_eq(f.cfg.edge_cnt, 0);
	ck_assert(f.cfg.insn_flags[0] & INSN_SUBPROG_START);
	ck_assert(f.cfg.insn_flags[0] & INSN_BLOCK_START);
	ck_assert_ptr_null(f.r.message);
	fx_fini(&f);
}
END_TEST

START_TEST(t_unknown_opcode)
{
	struct insn p[] = {I(0xff, 0, 0, 0, 0), MOV0, EXIT};
	struct insn q[] = {MOV0, I(0xdf, 0, 0, 0, 16), EXIT}; /* ALU64 END to_be */
	struct insn z[] = {I(0x00, 0, 0, 0, 0), MOV0, EXIT};  /* BPF_LD|BPF_IMM|BPF_W */

	expect_reject(p, N(p), false, "unknown opcode ff");
	expect_reject(q, N(q), false, "unknown opcode df");
	expect_reject(z, N(z), false, "unknown opcode 00");
}
END_TEST

START_TEST(t_opcode_table)
{
	/* every opcode the 6.18 kernel did not call "unknown" (probed live, fields zero) */
	static const char *valid_hex =
		"040506070c0f14151617181c1d1e1f2024252627282c2d2e2f30343536373c3d3e3f404445"
		"4647484c4d4e4f50545556575c5d5e5f61626364656667696a6b6c6d6e6f7172737475767779"
		"7a7b7c7d7e7f8184858789919495979c9fa4a5a6a7acadaeafb4b5b6b7bcbdbebfc3c4c5c6c7"
		"cbcccdcecfd3d4d5d6d7dbdcdddee5";
	bool want[256] = {false};
	u32 n = 0;

	for (size_t i = 0; valid_hex[i]; i += 2) {
		unsigned v;

		ck_assert_int_eq(sscanf(valid_hex + i, "%2x", &v), 1);
		want[v] = true;
		n++;
	}
	ck_assert_uint_eq(n, 128);
	for (u32 c = 0; c < 256; c++)
		ck_assert_msg(insn_opcode_valid((u8)c) == want[c], "opcode %02x", c);
}
END_TEST

START_TEST(t_ldimm64)
{
	struct insn bad_hi[] = {LDIMM(1, 0, 1), I(0x07, 0, 0, 0, 0), MOV0, EXIT};
	struct insn bad_src[] = {LDIMM(1, 7, 1), LDIMM_HI(0), MOV0, EXIT};
	struct insn mapfd_hi[] = {LDIMM(1, BPF_PSEUDO_MAP_FD, 0), LDIMM_HI(1), MOV0, EXIT};
	struct insn into[] = {MOV0, JEQ0(1), LDIMM(1, 0, 1), LDIMM_HI(0), EXIT};
	struct insn ok[] = {LDIMM(1, 0, 1), LDIMM_HI(2), MOV0, EXIT};
	struct insn idx[] = {LDIMM(1, BPF_PSEUDO_MAP_IDX, 0), LDIMM_HI(0), MOV0, EXIT};
	struct insn btf[] = {LDIMM(1, BPF_PSEUDO_BTF_ID, 999), LDIMM_HI(0), MOV0, EXIT};
	struct fixture f;

	expect_reject(bad_hi, N(bad_hi), false, "invalid bpf_ld_imm64 insn");
	expect_reject(bad_src, N(bad_src), false, "unrecognized bpf_ld_imm64 insn");
	expect_reject(mapfd_hi, N(mapfd_hi), false, "unrecognized bpf_ld_imm64 insn");
	expect_reject(into, N(into), false, "jump into the middle of ldimm64 insn 2");
	expect_reject(idx, N(idx), false, "fd_idx without fd_array is invalid");
	fx_init(&f, btf, N(btf));
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_int_eq(f.r.verdict, VERDICT_ERROR);
	ck_assert_ptr_nonnull(strstr(f.r.message, "unsupported: "));
	fx_fini(&f);
	btf[0].imm = 0;
	expect_reject(btf, N(btf), false, "pseudo btf_id 0 in ldimm64 isn't KIND_VAR or KIND_FUNC");
	btf[0].imm = -1;
	expect_reject(btf, N(btf), false, "ldimm64 insn specifies invalid btf_id -1.");
	btf[1].imm = 5;
	expect_reject(btf, N(btf), false, "invalid module BTF object FD specified.");
	fx_init(&f, ok, N(ok));
	ck_assert_int_eq(fx_run(&f, false), 0);
	ck_assert(f.cfg.insn_flags[1] & INSN_LDIMM64_HI);
	ck_assert_uint_eq(f.cfg.block_of[1], UINT32_MAX);
	ck_assert_uint_eq(f.cfg.block_of[2], 0);
	fx_fini(&f);
}
END_TEST

START_TEST(t_jump_range_and_end)
{
	struct insn out[] = {JA(4), MOV0, EXIT};
	struct insn back_out[] = {MOV0, JEQ0(-3), EXIT};
	struct insn noexit[] = {MOV0, MOV0};
	struct insn ja32[] = {I(0x06, 0, 0, 0, 5), MOV0, EXIT};
	/* a jump from a subprogram into the main program */
	struct insn cross[] = {CALL_PSEUDO(2), MOV0, EXIT, JA(-3), EXIT};
	/* main program falls through into its subprogram */
	struct insn fall[] = {CALL_PSEUDO(1), MOV0, MOV0, EXIT};

	expect_reject(out, N(out), false, "jump out of range from insn 0 to 5");
	expect_reject(back_out, N(back_out), false, "jump out of range from insn 1 to -1");
	expect_reject(noexit, N(noexit), false, "last insn is not an exit or jmp");
	expect_reject(ja32, N(ja32), false, "jump out of range from insn 0 to 6");
	expect_reject(cross, N(cross), false, "jump out of range from insn 3 to 1");
	expect_reject(fall, N(fall), false, "last insn is not an exit or jmp");
}
END_TEST

START_TEST(t_unreachable_and_loops)
{
	struct insn dead[] = {MOV0, EXIT, MOV0, EXIT};
	struct insn loop[] = {MOV0, JEQ0(-2), EXIT};
	struct insn self[] = {JA(-1), EXIT};
	struct fixture f;

	expect_reject(dead, N(dead), false, "unreachable insn 2");
	expect_reject(loop, N(loop), true, "back-edge from insn 1 to 0");
	/* privileged: a loop is fine, and marked */
	fx_init(&f, loop, N(loop));
	ck_assert_int_eq(fx_run(&f, false), 0);
	ck_assert(f.cfg.insn_flags[0] & INSN_BACK_EDGE_TARGET);
	{
		bool found = false;

		for (u32 e = 0; e < f.cfg.edge_cnt; e++)
			if (f.cfg.edges[e].back_edge && f.cfg.edges[e].kind == 1 &&
			    f.cfg.edges[e].to_block == f.cfg.block_of[0])
				found = true;
		ck_assert(found);
	}
	fx_fini(&f);
	/* the kernel's DFS never explores past "ja -1": the exit after it is unreachable */
	expect_reject(self, N(self), false, "unreachable insn 1");
}
END_TEST

START_TEST(t_subprogs)
{
	struct insn bad[] = {CALL_PSEUDO(10), MOV0, EXIT};
	struct insn neg[] = {CALL_PSEUDO(-2), MOV0, EXIT};
	struct insn two[] = {
		CALL_PSEUDO(2), MOV0, EXIT, LDIMM(2, BPF_PSEUDO_FUNC, 3), LDIMM_HI(0), MOV0,
		EXIT,		MOV0, EXIT};
	struct fixture f;

	expect_reject(bad, N(bad), false, "call to invalid destination");
	expect_reject(neg, N(neg), false, "call to invalid destination");
	expect_reject(two, N(two), true,
		      "loading/calling other bpf or kernel functions are allowed for CAP_BPF and "
		      "CAP_SYS_ADMIN");
	fx_init(&f, two, N(two));
	ck_assert_int_eq(fx_run(&f, false), 0);
	ck_assert_uint_eq(f.cfg.subprog_cnt, 3);
	ck_assert_uint_eq(f.cfg.subprogs[1].start, 3);
	ck_assert_uint_eq(f.cfg.subprogs[1].end, 7);
	ck_assert_uint_eq(f.cfg.subprogs[2].start, 7);
	ck_assert(f.cfg.subprogs[2].is_callback);
	ck_assert(!f.cfg.subprogs[1].is_callback);
	ck_assert_uint_eq(cfg_subprog_of(&f.cfg, 0), 0);
	ck_assert_uint_eq(cfg_subprog_of(&f.cfg, 5), 1);
	ck_assert_uint_eq(cfg_subprog_of(&f.cfg, 8), 2);
	/* call site and return site are prune points */
	ck_assert(f.cfg.insn_flags[0] & INSN_PRUNE_POINT);
	ck_assert(f.cfg.insn_flags[1] & INSN_PRUNE_POINT);
	ck_assert(f.cfg.insn_flags[1] & INSN_JMP_POINT);
	ck_assert(f.cfg.insn_flags[3] & INSN_PRUNE_POINT); /* ld_imm64 of a callback */
	ck_assert(f.cfg.insn_flags[5] & INSN_PRUNE_POINT); /* after it */
	fx_fini(&f);
}
END_TEST

/* main calls `calls` subprograms, each "r0 = 0; exit" */
static struct insn *many_calls(u32 calls, u32 *n)
{
	struct insn *p;

	*n = calls + 2 + 2 * calls;
	p = calloc(*n, sizeof(*p));
	ck_assert_ptr_nonnull(p);
	for (u32 i = 0; i < calls; i++)
		p[i] = CALL_PSEUDO((s32)(calls + 2 + 2 * i - i - 1));
	p[calls] = MOV0;
	p[calls + 1] = EXIT;
	for (u32 i = 0; i < calls; i++) {
		p[calls + 2 + 2 * i] = MOV0;
		p[calls + 3 + 2 * i] = EXIT;
	}
	return p;
}

START_TEST(t_too_many_subprogs)
{
	struct insn *p;
	u32 n;

	p = many_calls(256, &n);
	expect_reject(p, n, false, "too many subprograms");
	free(p);
	/* 255 subprograms plus the main program fit */
	p = many_calls(255, &n);
	expect_pass(p, n, false);
	free(p);
}
END_TEST

START_TEST(t_ldx_reserved_order)
{
	/* the opcode table and LDX fields are one pass: first bad instruction wins */
	struct insn a[] = {I(0xff, 0, 0, 0, 0), I(0x61, 0, 1, 0, 5), MOV0, EXIT};
	struct insn b[] = {I(0x61, 0, 1, 0, 5), I(0xff, 0, 0, 0, 0), MOV0, EXIT};
	struct insn mode[] = {I(0x21, 0, 1, 0, 0), MOV0, EXIT}; /* LDX|ABS */

	expect_reject(a, N(a), false, "unknown opcode ff");
	expect_reject(b, N(b), false, "BPF_LDX uses reserved fields");
	expect_reject(mode, N(mode), false, "BPF_LDX uses reserved fields");
	/* check_subprogs comes first: an out-of-range jump after a bad opcode still wins */
	{
		struct insn c[] = {I(0xff, 0, 0, 0, 0), JA(5), EXIT};

		expect_reject(c, N(c), false, "jump out of range from insn 1 to 7");
	}
}
END_TEST

START_TEST(t_maps)
{
	struct insn lit[] = {LDIMM(1, BPF_PSEUDO_MAP_FD, -2), LDIMM_HI(0), MOV0, EXIT};
	struct insn val[] = {LDIMM(1, BPF_PSEUDO_MAP_VALUE, 0), LDIMM_HI(48), MOV0, EXIT};
	struct insn far[] = {LDIMM(1, BPF_PSEUDO_MAP_VALUE, 0), LDIMM_HI(1 << 29), MOV0, EXIT};
	struct insn hash[] = {LDIMM(1, BPF_PSEUDO_MAP_VALUE, 1), LDIMM_HI(0), MOV0, EXIT};
	struct insn fd[] = {LDIMM(1, BPF_PSEUDO_MAP_FD, 1), LDIMM_HI(0), MOV0, EXIT};
	struct fixture f;

	fx_init(&f, lit, N(lit));
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message, "fd 1 is not pointing to valid bpf_map");
	fx_fini(&f);

	fx_init(&f, val, N(val));
	f.obj.map_cnt = 2;
	f.maps[0] = (struct map_def){
		.type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 48, .max_entries = 1};
	f.maps[1] = (struct map_def){
		.type = BPF_MAP_TYPE_HASH, .key_size = 8, .value_size = 8, .max_entries = 1};
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message, "invalid access to map value pointer, value_size=48 off=48");
	fx_fini(&f);

	fx_init(&f, far, N(far));
	f.obj.map_cnt = 1;
	f.maps[0] =
		(struct map_def){.type = BPF_MAP_TYPE_ARRAY, .value_size = 48, .max_entries = 1};
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message, "direct value offset of 536870912 is not allowed");
	fx_fini(&f);

	fx_init(&f, hash, N(hash));
	f.obj.map_cnt = 2;
	f.maps[1] = (struct map_def){.type = BPF_MAP_TYPE_HASH, .value_size = 8, .max_entries = 1};
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message, "no direct value access support for this map type");
	fx_fini(&f);

	/* map compatibility */
	fx_init(&f, fd, N(fd));
	f.obj.map_cnt = 2;
	f.prog.prog_flags = BPF_F_SLEEPABLE;
	f.maps[1] = (struct map_def){.type = BPF_MAP_TYPE_PERF_EVENT_ARRAY,
				     .key_size = 4,
				     .value_size = 4,
				     .max_entries = 1};
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message, "Sleepable programs can only use array, hash, ringbuf and "
				      "local storage maps");
	fx_fini(&f);

	{
		struct map_field lock = {.kind = MAP_FIELD_SPIN_LOCK, .off = 0, .size = 4};

		fx_init(&f, fd, N(fd));
		f.obj.map_cnt = 2;
		f.prog.prog_type = BPF_PROG_TYPE_KPROBE;
		f.maps[1] = (struct map_def){.type = BPF_MAP_TYPE_ARRAY,
					     .value_size = 8,
					     .max_entries = 1,
					     .fields = &lock,
					     .field_cnt = 1};
		ck_assert_int_eq(fx_run(&f, false), -EINVAL);
		ck_assert_str_eq(f.r.message, "tracing progs cannot use bpf_spin_lock yet");
		fx_fini(&f);

		fx_init(&f, fd, N(fd));
		f.obj.map_cnt = 2;
		f.maps[1] = (struct map_def){.type = BPF_MAP_TYPE_ARRAY,
					     .value_size = 8,
					     .max_entries = 1,
					     .fields = &lock,
					     .field_cnt = 1};
		ck_assert_int_eq(fx_run(&f, false), -EINVAL);
		ck_assert_str_eq(f.r.message, "socket filter progs cannot use bpf_spin_lock yet");
		fx_fini(&f);
	}

	fx_init(&f, fd, N(fd));
	f.obj.map_cnt = 2;
	f.maps[1] = (struct map_def){
		.type = BPF_MAP_TYPE_HASH, .key_size = 8, .value_size = 8, .max_entries = 1};
	ck_assert_int_eq(fx_run(&f, false), 0);
	ck_assert_uint_eq(f.cfg.used_map_cnt, 1);
	fx_fini(&f);
}
END_TEST

START_TEST(t_kfuncs)
{
	struct insn k[] = {I(0x85, 0, BPF_PSEUDO_KFUNC_CALL, 0, 5), MOV0, EXIT};
	struct insn kneg[] = {I(0x85, 0, BPF_PSEUDO_KFUNC_CALL, -1, 5), MOV0, EXIT};
	struct insn kpos[] = {I(0x85, 0, BPF_PSEUDO_KFUNC_CALL, 1, 5), MOV0, EXIT};
	struct insn k0[] = {I(0x85, 0, BPF_PSEUDO_KFUNC_CALL, 0, 0), MOV0, EXIT};
	struct fixture f;

	fx_init(&f, k, N(k));
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_int_eq(f.r.verdict, VERDICT_ERROR);
	ck_assert_ptr_nonnull(strstr(f.r.message, "unsupported: "));
	fx_fini(&f);
	k[0].imm = -5;
	expect_reject(k, N(k), false, "kernel btf_id 4294967291 is not a function");
	expect_pass(k0, N(k0), false); /* id 0: only an error if it survives dead code removal */
	fx_init(&f, kneg, N(kneg));
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message, "negative offset disallowed for kernel module function call");
	ck_assert_str_eq(f.r.message_block,
			 "negative offset disallowed for kernel module function call\n"
			 "failed to find BTF for kernel function");
	fx_fini(&f);
	fx_init(&f, kpos, N(kpos));
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message, "kfunc offset > 0 without fd_array is invalid");
	fx_fini(&f);

	fx_init(&f, k0, N(k0));
	f.prog.gpl_compatible = false;
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message,
			 "cannot call kernel function from non-GPL compatible program");
	fx_fini(&f);

	/* an iterator's next is a forced checkpoint */
	{
		struct insn it[] = {I(0x85, 0, BPF_PSEUDO_KFUNC_CALL, 0, 0), MOV0, EXIT};

		fx_init(&f, it, N(it));
		f.externs[0] =
			(struct extern_ref){.name = (char *)"bpf_iter_num_next", .is_func = true};
		f.prog.externs = f.externs;
		f.prog.extern_cnt = 1;
		ck_assert_int_eq(fx_run(&f, false), 0);
		ck_assert(f.cfg.insn_flags[0] & INSN_FORCE_CHECKPOINT);
		ck_assert(f.cfg.insn_flags[0] & INSN_PRUNE_POINT);
		fx_fini(&f);
	}
}
END_TEST

START_TEST(t_func_info)
{
	struct insn two[] = {CALL_PSEUDO(2), MOV0, EXIT, MOV0, EXIT};
	struct fixture f;

	fx_init(&f, two, N(two));
	f.funcs[0] = (struct func_info){.insn_off = 0, .type_id = 3, .name = (char *)"main"};
	f.prog.funcs = f.funcs;
	f.prog.func_cnt = 1;
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message,
			 "number of funcs in func_info doesn't match number of subprogs");
	fx_fini(&f);

	fx_init(&f, two, N(two));
	f.funcs[0] = (struct func_info){.insn_off = 0, .type_id = 3, .name = (char *)"main"};
	f.funcs[1] = (struct func_info){.insn_off = 4, .type_id = 4, .name = (char *)"f"};
	f.prog.funcs = f.funcs;
	f.prog.func_cnt = 2;
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message,
			 "func_info BTF section doesn't match subprog layout in BPF program");
	fx_fini(&f);

	fx_init(&f, two, N(two));
	f.funcs[0] = (struct func_info){.insn_off = 1, .type_id = 3, .name = (char *)"main"};
	f.prog.funcs = f.funcs;
	f.prog.func_cnt = 1;
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message, "nonzero insn_off 1 for the first func info record");
	fx_fini(&f);

	fx_init(&f, two, N(two));
	f.funcs[0] = (struct func_info){.insn_off = 0, .type_id = 3, .name = (char *)"main"};
	f.funcs[1] = (struct func_info){.insn_off = 0, .type_id = 4, .name = (char *)"f"};
	f.prog.funcs = f.funcs;
	f.prog.func_cnt = 2;
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message,
			 "same or smaller insn offset (0) than previous func info record (0)");
	fx_fini(&f);

	fx_init(&f, two, N(two));
	f.funcs[0] = (struct func_info){.insn_off = 0, .type_id = 3, .name = (char *)"main"};
	f.funcs[1] = (struct func_info){.insn_off = 3, .type_id = 77, .name = NULL};
	f.prog.funcs = f.funcs;
	f.prog.func_cnt = 2;
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message, "invalid type id 77 in func info");
	fx_fini(&f);

	fx_init(&f, two, N(two));
	f.funcs[0] = (struct func_info){.insn_off = 0, .type_id = 3, .name = (char *)"main"};
	f.funcs[1] = (struct func_info){
		.insn_off = 3, .type_id = 4, .name = (char *)"g", .global = true};
	f.prog.funcs = f.funcs;
	f.prog.func_cnt = 2;
	ck_assert_int_eq(fx_run(&f, false), 0);
	ck_assert(f.cfg.subprogs[1].is_global);
	ck_assert(!f.cfg.subprogs[0].is_global);
	fx_fini(&f);
}
END_TEST

START_TEST(t_line_info)
{
	struct insn two[] = {CALL_PSEUDO(2), MOV0, EXIT, LDIMM(0, 0, 1), LDIMM_HI(0), EXIT};
	struct line_info l[4];
	struct fixture f;

	memset(l, 0, sizeof(l));
	fx_init(&f, two, N(two));
	l[0].insn_off = 0;
	l[1].insn_off = 3;
	f.prog.lines = l;
	f.prog.line_cnt = 2;
	ck_assert_int_eq(fx_run(&f, false), 0);
	fx_fini(&f);

	fx_init(&f, two, N(two));
	l[1].insn_off = 1;
	f.prog.lines = l;
	f.prog.line_cnt = 2;
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message, "missing bpf_line_info for 1 funcs starting from func#1");
	fx_fini(&f);

	fx_init(&f, two, N(two));
	l[1].insn_off = 1;
	l[2].insn_off = 4;
	f.prog.lines = l;
	f.prog.line_cnt = 3;
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message, "Invalid insn code at line_info[2].insn_off");
	fx_fini(&f);

	fx_init(&f, two, N(two));
	l[1].insn_off = 0;
	f.prog.lines = l;
	f.prog.line_cnt = 2;
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message,
			 "Invalid line_info[1].insn_off:0 (prev_offset:0 prog->len:6)");
	fx_fini(&f);

	fx_init(&f, two, N(two));
	l[0].insn_off = 1;
	f.prog.lines = l;
	f.prog.line_cnt = 1;
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message, "missing bpf_line_info for func#0");
	fx_fini(&f);
}
END_TEST

START_TEST(t_abnormal_return)
{
	struct insn ldabs[] = {CALL_PSEUDO(2), MOV0, EXIT, I(0x30, 0, 0, 0, 0), EXIT};
	struct insn tail[] = {CALL_PSEUDO(2), MOV0, EXIT, I(0x85, 0, 0, 0, 12), EXIT};
	struct fixture f;

	expect_reject(ldabs, N(ldabs), false, "LD_ABS is not allowed in subprogs without BTF");
	expect_reject(tail, N(tail), false, "tail_call is not allowed in subprogs without BTF");
	fx_init(&f, tail, N(tail));
	f.funcs[0] = (struct func_info){.insn_off = 0, .type_id = 3, .name = (char *)"main"};
	f.funcs[1] = (struct func_info){
		.insn_off = 3, .type_id = 4, .name = (char *)"v", .returns_void = true};
	f.prog.funcs = f.funcs;
	f.prog.func_cnt = 2;
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message, "tail_call is only allowed in functions that return 'int'.");
	fx_fini(&f);
}
END_TEST

START_TEST(t_length)
{
	u32 n = BPF_MAXINSNS + 1;
	struct insn *p = calloc(n, sizeof(*p));
	struct fixture f;

	for (u32 i = 0; i < n - 1; i++)
		p[i] = MOV0;
	p[n - 1] = EXIT;
	expect_pass(p, n, false);
	fx_init(&f, p, n);
	ck_assert_int_eq(fx_run(&f, true), -EINVAL);
	ck_assert_ptr_nonnull(strstr(f.r.message, "E2BIG"));
	fx_fini(&f);
	fx_init(&f, p, 0);
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_ptr_nonnull(strstr(f.r.message, "E2BIG"));
	fx_fini(&f);
	free(p);
}
END_TEST

START_TEST(t_load_attr_and_attach)
{
	struct insn p[] = {MOV0, EXIT};
	struct fixture f;

	fx_init(&f, p, N(p));
	f.prog.prog_type = BPF_PROG_TYPE_XDP;
	ck_assert_int_eq(fx_run(&f, true), -EINVAL);
	ck_assert_ptr_nonnull(strstr(f.r.message, "EPERM"));
	fx_fini(&f);

	fx_init(&f, p, N(p));
	f.prog.prog_flags = 1u << 12;
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_ptr_nonnull(strstr(f.r.message, "unknown bits"));
	fx_fini(&f);

	fx_init(&f, p, N(p));
	f.prog.prog_type = BPF_PROG_TYPE_CGROUP_SOCK_ADDR;
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_ptr_nonnull(strstr(f.r.message, "expected_attach_type 0 is invalid"));
	fx_fini(&f);

	fx_init(&f, p, N(p));
	f.prog.prog_type = BPF_PROG_TYPE_CGROUP_SOCK_ADDR;
	f.prog.expected_attach_type = BPF_CGROUP_INET4_CONNECT;
	ck_assert_int_eq(fx_run(&f, false), 0);
	fx_fini(&f);

	fx_init(&f, p, N(p));
	f.prog.prog_type = BPF_PROG_TYPE_KPROBE;
	ck_assert_int_eq(fx_run(&f, false), 0);
	fx_fini(&f);

	fx_init(&f, p, N(p));
	f.prog.prog_flags = BPF_F_SLEEPABLE;
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message, "Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and "
				      "struct_ops programs can be sleepable");
	fx_fini(&f);

	fx_init(&f, p, N(p));
	f.prog.prog_type = BPF_PROG_TYPE_SYSCALL;
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message, "Syscall programs can only be sleepable");
	fx_fini(&f);

	fx_init(&f, p, N(p));
	f.prog.prog_type = BPF_PROG_TYPE_TRACING;
	f.prog.expected_attach_type = BPF_TRACE_FENTRY;
	ck_assert_int_eq(fx_run(&f, false), -EINVAL);
	ck_assert_str_eq(f.r.message, "Tracing programs must provide btf_id");
	fx_fini(&f);

	fx_init(&f, p, N(p));
	f.prog.prog_type = BPF_PROG_TYPE_TRACING;
	f.prog.expected_attach_type = BPF_TRACE_FENTRY;
	f.prog.prog_flags = BPF_F_SLEEPABLE;
	f.prog.attach_target = (char *)"bpf_fentry_test1";
	ck_assert_int_eq(fx_run(&f, false), 0);
	fx_fini(&f);

	/* the structural checks come first */
	{
		struct insn q[] = {MOV0, MOV0};

		fx_init(&f, q, N(q));
		f.prog.prog_type = BPF_PROG_TYPE_SYSCALL;
		ck_assert_int_eq(fx_run(&f, false), -EINVAL);
		ck_assert_str_eq(f.r.message, "last insn is not an exit or jmp");
		fx_fini(&f);
	}
}
END_TEST

START_TEST(t_prune_points_and_blocks)
{
	/* 0: r0 = 0; 1: if r0 == 0 goto 3; 2: r0 = 1; 3: goto 4; 4: exit */
	struct insn p[] = {MOV0, JEQ0(1), I(0xb7, 0, 0, 0, 1), JA(0), EXIT};
	struct fixture f;
	u32 fall = 0, jump = 0;

	fx_init(&f, p, N(p));
	ck_assert_int_eq(fx_run(&f, false), 0);
	ck_assert(!(f.cfg.insn_flags[0] & INSN_PRUNE_POINT));
	ck_assert(f.cfg.insn_flags[1] & INSN_PRUNE_POINT); /* conditional jump */
	ck_assert(f.cfg.insn_flags[3] & INSN_PRUNE_POINT); /* its target */
	ck_assert(f.cfg.insn_flags[3] & INSN_JMP_POINT);
	ck_assert(!(f.cfg.insn_flags[2] & INSN_PRUNE_POINT));
	ck_assert(f.cfg.insn_flags[4] & INSN_PRUNE_POINT); /* target of the ja */
	/* blocks: [0,2) [2,3) [3,4) [4,5) */
	ck_assert_uint_eq(f.cfg.block_cnt, 4);
	ck_assert_uint_eq(f.cfg.blocks[0].start, 0);
	ck_assert_uint_eq(f.cfg.blocks[0].end, 2);
	ck_assert_uint_eq(f.cfg.block_of[2], 1);
	ck_assert_uint_eq(f.cfg.block_of[3], 2);
	for (u32 e = 0; e < f.cfg.edge_cnt; e++) {
		ck_assert(!f.cfg.edges[e].back_edge);
		if (f.cfg.edges[e].kind == 0)
			fall++;
		else if (f.cfg.edges[e].kind == 1)
			jump++;
	}
	ck_assert_uint_eq(f.cfg.edge_cnt, 4);
	ck_assert_uint_eq(fall, 2); /* 0->1, 1 (block 2->3: r0=1 falls into the ja) */
	ck_assert_uint_eq(jump, 2); /* the taken branch, the ja */
	fx_fini(&f);
}
END_TEST

START_TEST(t_callback_calls)
{
	/* bpf_loop(1, cb, 0, 0) */
	struct insn p[] = {I(0xb7, 1, 0, 0, 1),
			   LDIMM(2, BPF_PSEUDO_FUNC, 6),
			   LDIMM_HI(0),
			   I(0xb7, 3, 0, 0, 0),
			   I(0xb7, 4, 0, 0, 0),
			   I(0x85, 0, 0, 0, 181),
			   MOV0,
			   EXIT,
			   MOV0,
			   EXIT};
	struct fixture f;

	fx_init(&f, p, N(p));
	ck_assert_int_eq(fx_run(&f, false), 0);
	ck_assert(f.cfg.insn_flags[5] & INSN_CALLS_CALLBACK);
	ck_assert(f.cfg.insn_flags[5] & INSN_FORCE_CHECKPOINT);
	ck_assert(f.cfg.insn_flags[5] & INSN_PRUNE_POINT);
	ck_assert(f.cfg.insn_flags[6] & INSN_PRUNE_POINT); /* helper call return site */
	ck_assert_uint_eq(f.cfg.subprog_cnt, 2);
	ck_assert(f.cfg.subprogs[1].is_callback);
	fx_fini(&f);
}
END_TEST

/* SCC ids as the 6.18 kernel printed them ("Live regs before insn" listing) */
static void expect_scc(const struct insn *p, u32 n, const u32 *want)
{
	struct fixture f;

	fx_init(&f, p, n);
	ck_assert_int_eq(fx_run(&f, false), 0);
	for (u32 i = 0; i < n; i++)
		ck_assert_msg(f.cfg.insn_scc[i] == want[i], "insn %u: scc %u, want %u", i,
			      f.cfg.insn_scc[i], want[i]);
	fx_fini(&f);
}

#define MAY_GOTO(o) I(0xe5, 0, 0, (o), 0)

START_TEST(t_scc)
{
	struct insn two[] = {MOV0,	  MAY_GOTO(1), JA(-2), I(0xb7, 1, 0, 0, 0),
			     MAY_GOTO(1), JA(-2),      EXIT};
	static const u32 two_w[] = {0, 2, 2, 0, 1, 1, 0};
	struct insn nested[] = {MOV0,	MAY_GOTO(3),	     MAY_GOTO(1), JA(-2),
				JA(-4), I(0xb7, 1, 0, 0, 0), EXIT};
	static const u32 nested_w[] = {0, 1, 1, 1, 1, 0, 0};
	struct insn sub[] = {MAY_GOTO(1), JA(-2), CALL_PSEUDO(2), MOV0, EXIT,
			     MAY_GOTO(1), JA(-2), MOV0,		  EXIT};
	static const u32 sub_w[] = {1, 1, 0, 0, 0, 2, 2, 0, 0};
	struct insn self[] = {MOV0, MAY_GOTO(1), JA(-1), EXIT};
	static const u32 self_w[] = {0, 0, 1, 0};
	struct insn none[] = {MOV0, JEQ0(1), MOV0, EXIT};
	static const u32 none_w[] = {0, 0, 0, 0};

	expect_scc(two, N(two), two_w);
	expect_scc(nested, N(nested), nested_w);
	expect_scc(sub, N(sub), sub_w);
	expect_scc(self, N(self), self_w);
	expect_scc(none, N(none), none_w);
}
END_TEST

/* ---- insn_check: the do_check-time checks ---- */

static void fields_msg(struct insn in, const char *msg)
{
	struct insn p[] = {in, EXIT};
	struct program prog = {.insns = p, .insn_cnt = 2};
	struct result r;

	result_init(&r);
	if (msg) {
		ck_assert_int_eq(insn_check_fields(&prog, 0, &r), -EINVAL);
		ck_assert_str_eq(r.message, msg);
		ck_assert_int_eq(r.error_insn, 0);
	} else {
		ck_assert_int_eq(insn_check_fields(&prog, 0, &r), 0);
		ck_assert_ptr_null(r.message);
	}
	result_fini(&r);
}

START_TEST(t_insn_fields)
{
	fields_msg(I(0x87, 0, 0, 0, 1), "BPF_NEG uses reserved fields");
	fields_msg(I(0xd4, 0, 0, 0, 8), "BPF_END uses reserved fields");
	fields_msg(I(0xd4, 0, 0, 0, 16), NULL);
	fields_msg(I(0xd7, 0, 0, 0, 64), NULL);
	fields_msg(I(0xbf, 0, 1, 1, 0), "addr_space_cast insn can only convert between address "
					"space 1 and 0");
	fields_msg(I(0xbf, 0, 1, 1, 5), "addr_space_cast insn can only convert between address "
					"space 1 and 0");
	fields_msg(I(0xbf, 0, 1, 1, 1), NULL);
	fields_msg(I(0xbf, 0, 1, 32, 0), NULL); /* movsx32 */
	fields_msg(I(0xbc, 0, 1, 32, 0), "BPF_MOV uses reserved fields");
	fields_msg(I(0xbc, 0, 1, 8, 0), NULL);
	fields_msg(I(0xb7, 0, 1, 0, 0), "BPF_MOV uses reserved fields");
	fields_msg(I(0x0f, 0, 0, 2, 0), "BPF_ALU uses reserved fields");
	fields_msg(I(0x0f, 0, 0, 1, 0), "BPF_ALU uses reserved fields"); /* off 1 only div/mod */
	fields_msg(I(0x3f, 0, 0, 1, 0), NULL);				 /* sdiv */
	fields_msg(I(0x07, 0, 1, 0, 0), "BPF_ALU uses reserved fields");
	fields_msg(I(0x7b, 10, 0, -8, 1), "BPF_STX uses reserved fields");
	fields_msg(I(0x7a, 10, 1, -8, 1), "BPF_ST uses reserved fields");
	fields_msg(I(0x85, 1, 0, 0, 1), "BPF_CALL uses reserved fields");
	fields_msg(I(0x85, 0, 0, 1, 1), "BPF_CALL uses reserved fields");
	fields_msg(I(0x85, 0, 3, 0, 1), "BPF_CALL uses reserved fields");
	fields_msg(I(0x85, 0, 2, 1, 1), NULL); /* kfunc calls may carry an offset */
	fields_msg(I(0x05, 0, 0, 0, 1), "BPF_JA uses reserved fields");
	fields_msg(I(0x06, 0, 0, 1, 0), "BPF_JA uses reserved fields");
	fields_msg(I(0x95, 0, 0, 0, 1), "BPF_EXIT uses reserved fields");
	fields_msg(I(0xe5, 0, 0, 1, 5), "invalid may_goto imm 5");
	fields_msg(I(0xe5, 1, 0, 1, 0), "invalid may_goto imm 0");
	fields_msg(I(0xe5, 0, 0, 0, 0), NULL); /* 6.18 accepts off 0 */
	fields_msg(I(0xdb, 10, 0, -8, 0x55), "BPF_ATOMIC uses invalid atomic opcode 55");
	fields_msg(I(0xcb, 10, 0, -8, 0), "invalid atomic operand size");
	fields_msg(I(0xd3, 10, 0, -8, BPF_STORE_REL), NULL);
	fields_msg(I(0x18, 0, 0, 1, 0), "BPF_LD_IMM64 uses reserved fields");
	fields_msg(I(0x20, 1, 0, 0, 0), NULL); /* ld_abs: later */
	fields_msg(I(0x15, 0, 1, 0, 0), NULL); /* cond jump: later */
}
END_TEST

START_TEST(t_insn_late)
{
	struct insn p[] = {I(0x37, 0, 0, 0, 0),	 I(0x67, 0, 0, 0, 64),
			   I(0x64, 0, 0, 0, 32), I(0x67, 0, 0, 0, 63),
			   I(0x15, 0, 1, 0, 0),	 I(0x1d, 0, 1, 0, 1),
			   I(0x20, 1, 0, 0, 0),	 I(0x40, 0, 1, 0, 0),
			   I(0x38, 0, 0, 0, 0),	 EXIT};
	struct program prog = {.insns = p, .insn_cnt = N(p)};
	struct result r;

	result_init(&r);
	ck_assert_int_eq(insn_check_alu_const(&prog, 0, &r), -EINVAL);
	ck_assert_str_eq(r.message, "div by zero");
	result_fini(&r);
	result_init(&r);
	ck_assert_int_eq(insn_check_alu_const(&prog, 1, &r), -EINVAL);
	ck_assert_str_eq(r.message, "invalid shift 64");
	result_fini(&r);
	result_init(&r);
	ck_assert_int_eq(insn_check_alu_const(&prog, 2, &r), -EINVAL);
	ck_assert_str_eq(r.message, "invalid shift 32");
	result_fini(&r);
	result_init(&r);
	ck_assert_int_eq(insn_check_alu_const(&prog, 3, &r), 0);
	ck_assert_int_eq(insn_check_jmp_fields(&prog, 4, &r), -EINVAL);
	ck_assert_str_eq(r.message, "BPF_JMP/JMP32 uses reserved fields");
	result_fini(&r);
	result_init(&r);
	ck_assert_int_eq(insn_check_jmp_fields(&prog, 5, &r), -EINVAL);
	result_fini(&r);
	result_init(&r);
	ck_assert_int_eq(insn_check_ld_abs_fields(&prog, 6, &r), -EINVAL);
	ck_assert_str_eq(r.message, "BPF_LD_[ABS|IND] uses reserved fields");
	result_fini(&r);
	result_init(&r);
	ck_assert_int_eq(insn_check_ld_abs_fields(&prog, 7, &r), 0); /* ind: src is the index */
	ck_assert_int_eq(insn_check_ld_abs_fields(&prog, 8, &r), -EINVAL); /* ABS|DW */
	result_fini(&r);
}
END_TEST

/* the kernel reports do_check-time problems only when reached: cfg_build must not */
START_TEST(t_no_do_check_errors_up_front)
{
	struct insn p[] = {MOV0,
			   JEQ0(1),
			   I(0x87, 0, 0, 0, 1), /* bad NEG */
			   I(0x37, 0, 0, 0, 0), /* div by zero */
			   I(0x7a, 10, 1, -8, 1),
			   I(0x85, 1, 0, 0, 1),
			   I(0xe5, 0, 0, 0, 5), /* may_goto with imm */
			   I(0x18, 0, 0, 1, 0),
			   LDIMM_HI(0),
			   EXIT};

	expect_pass(p, N(p), false);
}
END_TEST

static Suite *cfg_suite(void)
{
	Suite *s = suite_create("cfg");
	TCase *tc = tcase_create("structure");

	tcase_add_test(tc, t_minimal);
	tcase_add_test(tc, t_unknown_opcode);
	tcase_add_test(tc, t_opcode_table);
	tcase_add_test(tc, t_ldimm64);
	tcase_add_test(tc, t_jump_range_and_end);
	tcase_add_test(tc, t_unreachable_and_loops);
	tcase_add_test(tc, t_subprogs);
	tcase_add_test(tc, t_too_many_subprogs);
	tcase_add_test(tc, t_ldx_reserved_order);
	tcase_add_test(tc, t_maps);
	tcase_add_test(tc, t_kfuncs);
	tcase_add_test(tc, t_func_info);
	tcase_add_test(tc, t_line_info);
	tcase_add_test(tc, t_abnormal_return);
	tcase_add_test(tc, t_length);
	tcase_add_test(tc, t_load_attr_and_attach);
	tcase_add_test(tc, t_prune_points_and_blocks);
	tcase_add_test(tc, t_callback_calls);
	tcase_add_test(tc, t_scc);
	tcase_add_test(tc, t_insn_fields);
	tcase_add_test(tc, t_insn_late);
	tcase_add_test(tc, t_no_do_check_errors_up_front);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cfg_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
