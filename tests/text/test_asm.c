/* Unit tests of the asm frontend: kernel-log and objdump syntax to bytes, directives, labels,
 * log pastes, error messages, the disasm -> asm round trip over a sample of the test_verifier
 * corpus (tests/text/roundtrip_sample.hex, path given as argv[1]), and random text. */
#include "disasm.h"
#include "frontend.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *sample_path;

static struct object *load(const char *text, struct diag *d, int *err)
{
	struct load_opts o = {.prog_type = -1, .attach_type = -1};
	struct object *obj = NULL;

	diag_clear(d);
	*err = fe_asm_load("t.s", text, strlen(text), &o, &obj, d);
	return obj;
}

static struct object *load_ok(const char *text)
{
	struct diag d;
	int err;
	struct object *obj = load(text, &d, &err);

	ck_assert_msg(err == 0, "'%s': %s", text, d.msg);
	ck_assert_ptr_nonnull(obj);
	ck_assert_uint_eq(obj->prog_cnt, 1);
	return obj;
}

static void insn_hex(const struct insn *in, u32 n, char *out)
{
	const u8 *b = (const u8 *)in;

	for (u32 i = 0; i < n * 8; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

/* text (one instruction, maybe two slots) -> expected hex */
static const struct {
	const char *text;
	const char *hex;
} forms[] = {
	/* kernel log syntax */
	{"r0 = 0", "b700000000000000"},
	{"w1 = w2", "bc21000000000000"},
	{"r2 += -4", "07020000fcffffff"},
	{"r2 s>>= 32", "c702000020000000"},
	{"r1 s/= r2", "3f21010000000000"},
	{"w1 s%= -3", "94010100fdffffff"},
	{"r1 = (s8)r2", "bf21080000000000"},
	{"w1 = (s16)w2", "bc21100000000000"},
	{"r1 = (s32)r2", "bf21200000000000"},
	{"r2 = -r2", "8702000000000000"},
	{"w2 = -w2", "8402000000000000"},
	{"r2 = be16 r2", "dc02000010000000"},
	{"r2 = le64 r2", "d402000040000000"},
	{"r2 = bswap32 r2", "d702000020000000"},
	{"r1 = addr_space_cast(r2, 1, 0)", "bf21010000000100"},
	{"r1 = &(void __percpu *)(r2)", "bf21ffff00000000"},
	{"*(u32 *)(r10 -4) = r1", "631afcff00000000"},
	{"*(u64 *)(r10 -8) = 0", "7a0af8ff00000000"},
	{"*(u8 *)(r1 +3) = -1", "72010300ffffffff"},
	{"r7 = *(u32 *)(r1 +4)", "6117040000000000"},
	{"r0 = *(s8 *)(r1 +0)", "9110000000000000"},
	{"r0 = *(u8 *)(r10 -32768)", "71a0008000000000"},
	{"*(u8 *)(r10 +32767) = r1", "731aff7f00000000"},
	{"r0 = *(s32 *)(r1 -2)", "8110feff00000000"},
	{"r0 = *(u16 *)skb[12]", "280000000c000000"},
	{"r0 = *(u8 *)skb[r3 + 4]", "5030000004000000"},
	{"r1 = 0x1234", "18010000341200000000000000000000"},
	{"r1 = 0xffffffffffffffff", "18010000ffffffff00000000ffffffff"},
	{"lock *(u64 *)(r1 +0) += r2", "db21000000000000"},
	{"lock *(u32 *)(r1 +8) ^= r2", "c3210800a0000000"},
	{"r2 = atomic64_fetch_add((u64 *)(r1 +0), r2)", "db21000001000000"},
	{"r2 = atomic_fetch_or((u32 *)(r1 -8), r2)", "c321f8ff41000000"},
	{"r2 = atomic64_xchg((u64 *)(r1 +0), r2)", "db210000e1000000"},
	{"r0 = atomic64_cmpxchg((u64 *)(r1 +0), r0, r2)", "db210000f1000000"},
	{"r1 = load_acquire((u64 *)(r2 +0))", "db21000000010000"},
	{"store_release((u32 *)(r1 +0), r2)", "c321000010010000"},
	{"if r2 > r7 goto pc+3", "2d72030000000000"},
	{"if r2 s> 0x5 goto pc+1", "6502010005000000"},
	{"if w0 == 0x0 goto pc+2", "1600020000000000"},
	{"if r1 == 0xffffffff goto pc-2", "1501feffffffffff"},
	{"if r1 & 0x10 goto pc+0", "4501000010000000"},
	{"if w1 s<= w3 goto pc+7", "de31070000000000"},
	{"goto pc-4", "0500fcff00000000"},
	{"gotol pc+70000", "0600000070110100"},
	{"may_goto pc+1", "e500010000000000"},
	{"exit", "9500000000000000"},
	{"call bpf_map_lookup_elem#1", "8500000001000000"},
	{"call bpf_get_prandom_u32", "8500000007000000"},
	{"call unknown#999", "85000000e7030000"},
	{"call pc+2", "8510000002000000"},
	{"call pc-3", "85100000fdffffff"},
	{"call #0", "8520000000000000"},
	{"call kernel-function#7", "8520000007000000"},
	{"nospec", "c200000000000000"},
	/* objdump syntax */
	{"*(u32 *)(r10 - 4) = r0", "630afcff00000000"},
	{"*(u32 *)(r10 - 4) = w0", "630afcff00000000"},
	{"w1 = *(u32 *)(r10 - 4)", "61a1fcff00000000"},
	{"if w1 s> 10 goto +1 <LBB1_2>", "660101000a000000"},
	{"if r0 != 0 goto +8 <LBB0_2>", "5500080000000000"},
	{"goto +8 <LBB0_4>", "0500080000000000"},
	{"call 7", "8500000007000000"},
	{"r1 = 0 ll", "18010000000000000000000000000000"},
	{"r1 = -1 ll", "18010000ffffffff00000000ffffffff"},
	{"r1 = 16", "b701000010000000"},
	{"w1 = 0xffffffff", "b4010000ffffffff"},
	{"r1 = 4294967295", "18010000ffffffff0000000000000000"},
	{"ld_pseudo\tr1, 2, 5", "18210000050000000000000000000000"},
	{"r0 = *(u32 *)skb[r7]", "4070000000000000"},
	{"call -2", "85100000feffffff"},
	{"lock *(u64 *)(r0 + 0) += r1", "db10000000000000"},
	{"lock *(u32 *)(r10 - 8) += w1", "c31af8ff00000000"},
	{"r1 = atomic_fetch_add((u64 *)(r0 + 0), r1)", "db10000001000000"},
	{"r1 = xchg_64(r10 - 8, r1)", "db1af8ffe1000000"},
	{"w1 = xchg32_32(r10 - 8, w1)", "c31af8ffe1000000"},
	{"r0 = cmpxchg_64(r10 - 8, r0, r1)", "db1af8fff1000000"},
	{"w0 = cmpxchg32_32(r10 - 8, w0, w1)", "c31af8fff1000000"},
	/* the log's opcode settles what the text cannot say */
	{"0: (8d) call bpf_unspec#0", "8d00000000000000"},
	{"0: (df) r1 = bswap32 r1", "df01000020000000"},
	{"0: (ef) r1 (null) r2", "ef21000000000000"},
	{"0: (f4) w1 (null) 3", "f401000003000000"},
	{"0: (fd) if r1 (null) r2 goto pc+1", "fd21010000000000"},
	{"0: (96) if w1 exit 0x0 goto pc+0", "9601000000000000"},
	{"0: (99) r1 = *((null) *)(r2 +0)", "9921000000000000"},
	{"0: BUG_ld_00", "0000000000000000"},
	{"0: BUG_ldx_e1", "e100000000000000"},
	{"0: (d7) r8 = bswap-17 r8", "d7080000efffffff"},
	{"0: BUG_st_82", "8200000000000000"},
	{"BUG_db", "db00000000000000"},
	/* raw */
	{".insn 0xb7 1 2 3 4", "b721030004000000"},
	{".insn 0x95 0 0 -1 0xffffffff", "9500ffffffffffff"},
};

START_TEST(test_forms)
{
	for (u32 t = 0; t < ARRAY_SIZE(forms); t++) {
		struct object *obj = load_ok(forms[t].text);
		char hex[80];

		insn_hex(obj->progs[0].insns, obj->progs[0].insn_cnt, hex);
		ck_assert_msg(strcmp(hex, forms[t].hex) == 0, "'%s': got %s want %s", forms[t].text,
			      hex, forms[t].hex);
		object_free(obj);
	}
}
END_TEST

START_TEST(test_directives_and_maps)
{
	const char *text = "; a test program\n"
			   ".type xdp\n"
			   ".name my_prog\n"
			   ".license Dual MIT/GPL\n"
			   ".flags strict_alignment,sleepable\n"
			   ".map counters hash key=4 value=8 entries=16 flags=no_prealloc\n"
			   ".map .rodata array key=4 value=32 entries=1\n"
			   "\n"
			   "r1 = map[counters]\n"
			   "r2 = map[.rodata][0]+8   // value address\n"
			   "r3 = map[1]\n"
			   "r4 = map[fd:3]\n"
			   "r5 = ksym[bpf_prog_active]\n"
			   "call bpf_obj_new_impl#77\n"
			   "r0 = 0\n"
			   "exit\n";
	struct object *obj = load_ok(text);
	struct program *p = &obj->progs[0];

	ck_assert_uint_eq(p->prog_type, BPF_PROG_TYPE_XDP);
	ck_assert_str_eq(p->name, "my_prog");
	ck_assert_str_eq(obj->license, "Dual MIT/GPL");
	ck_assert(p->gpl_compatible);
	ck_assert_uint_eq(p->prog_flags, BPF_F_STRICT_ALIGNMENT | BPF_F_SLEEPABLE);
	ck_assert(p->sleepable);
	ck_assert_uint_eq(obj->map_cnt, 2);
	ck_assert_str_eq(obj->maps[0].name, "counters");
	ck_assert_uint_eq(obj->maps[0].type, BPF_MAP_TYPE_HASH);
	ck_assert_uint_eq(obj->maps[0].key_size, 4);
	ck_assert_uint_eq(obj->maps[0].value_size, 8);
	ck_assert_uint_eq(obj->maps[0].max_entries, 16);
	ck_assert_uint_eq(obj->maps[0].flags, BPF_F_NO_PREALLOC);
	ck_assert_uint_eq(p->insn_cnt, 13);
	ck_assert_uint_eq(p->insns[0].src, BPF_PSEUDO_MAP_FD);
	ck_assert_int_eq(p->insns[0].imm, 0);
	ck_assert_uint_eq(p->insns[2].src, BPF_PSEUDO_MAP_VALUE);
	ck_assert_int_eq(p->insns[2].imm, 1);
	ck_assert_int_eq(p->insns[3].imm, 8);
	ck_assert_int_eq(p->insns[4].imm, 1);
	ck_assert_int_eq(p->insns[6].imm, -4);
	ck_assert_uint_eq(p->insns[8].src, BPF_PSEUDO_BTF_ID);
	ck_assert_uint_eq(p->extern_cnt, 2);
	ck_assert_str_eq(p->externs[0].name, "bpf_prog_active");
	ck_assert(!p->externs[0].is_func);
	ck_assert_str_eq(p->externs[1].name, "bpf_obj_new_impl");
	ck_assert(p->externs[1].is_func);
	ck_assert_uint_eq(p->insns[10].src, BPF_PSEUDO_KFUNC_CALL);
	ck_assert_int_eq(p->insns[10].imm, 1);
	/* line info points at the text */
	ck_assert_uint_ge(p->line_cnt, 1);
	ck_assert_uint_eq(program_src_loc(p, 0)->line, 9);
	ck_assert_uint_eq(program_src_loc(p, 11)->line, 15);
	object_free(obj);
}
END_TEST

START_TEST(test_cli_defaults)
{
	struct cli_map cm = {BPF_MAP_TYPE_ARRAY, 4, 48, 1, 0};
	struct load_opts o = {
		.prog_type = BPF_PROG_TYPE_SCHED_CLS, .attach_type = -1, .maps = &cm, .map_cnt = 1};
	const char *text = "r1 = map[map0]\nr0 = 0\nexit\n";
	struct object *obj = NULL;
	struct diag d = {0};

	ck_assert_int_eq(fe_asm_load("c.s", text, strlen(text), &o, &obj, &d), 0);
	ck_assert_uint_eq(obj->progs[0].prog_type, BPF_PROG_TYPE_SCHED_CLS);
	ck_assert_uint_eq(obj->map_cnt, 1);
	ck_assert_uint_eq(obj->maps[0].value_size, 48);
	object_free(obj);

	/* the file's own directives win */
	text = ".type xdp\n.map m array key=4 value=4 entries=1\nr1 = map[m]\nr0 = 0\nexit\n";
	ck_assert_int_eq(fe_asm_load("c.s", text, strlen(text), &o, &obj, &d), 0);
	ck_assert_uint_eq(obj->progs[0].prog_type, BPF_PROG_TYPE_XDP);
	ck_assert_uint_eq(obj->map_cnt, 1);
	ck_assert_str_eq(obj->maps[0].name, "m");
	object_free(obj);

	/* --program must name the program */
	o.program = "other";
	text = ".name mine\nexit\n";
	ck_assert_int_eq(fe_asm_load("c.s", text, strlen(text), &o, &obj, &d), -ENOENT);
	ck_assert_ptr_null(obj);
	ck_assert_str_eq(d.msg, "c.s: no program named 'other' (the asm program is 'mine')");
	o.program = "mine";
	diag_clear(&d);
	text = ".name mine\n.attach cgroup_inet_egress\nexit\n";
	ck_assert_int_eq(fe_asm_load("c.s", text, strlen(text), &o, &obj, &d), 0);
	ck_assert_uint_eq(obj->progs[0].expected_attach_type, BPF_CGROUP_INET_EGRESS);
	object_free(obj);

	/* map-in-map, map_extra, read-only global data */
	obj = load_ok(".map inner array key=4 value=4 entries=1\n"
		      ".map outer array_of_maps key=4 value=4 entries=2 inner=inner\n"
		      ".map bloom bloom_filter key=0 value=8 entries=16 extra=3\n"
		      ".map .rodata array key=4 value=8 entries=1 readonly data=2a000000ff\n"
		      "exit\n");
	ck_assert_int_eq(obj->maps[0].inner_map, -1);
	ck_assert_int_eq(obj->maps[1].inner_map, 0);
	ck_assert_uint_eq(obj->maps[2].map_extra, 3);
	ck_assert(obj->maps[3].readonly);
	ck_assert_uint_eq(obj->maps[3].flags, BPF_F_RDONLY_PROG);
	ck_assert_ptr_nonnull(obj->maps[3].init_data);
	ck_assert_uint_eq(obj->maps[3].init_data[0], 0x2a);
	ck_assert_uint_eq(obj->maps[3].init_data[4], 0xff);
	ck_assert_uint_eq(obj->maps[3].init_data[7], 0);
	object_free(obj);

	/* libbpf section names */
	obj = load_ok(".section fentry/do_unlinkat\nr0 = 0\nexit\n");
	ck_assert_uint_eq(obj->progs[0].prog_type, BPF_PROG_TYPE_TRACING);
	ck_assert_uint_eq(obj->progs[0].expected_attach_type, BPF_TRACE_FENTRY);
	ck_assert_str_eq(obj->progs[0].attach_target, "do_unlinkat");
	ck_assert_str_eq(obj->progs[0].section, "fentry/do_unlinkat");
	object_free(obj);
	obj = load_ok(".section lsm.s/file_open\nr0 = 0\nexit\n");
	ck_assert_uint_eq(obj->progs[0].prog_type, BPF_PROG_TYPE_LSM);
	ck_assert(obj->progs[0].sleepable);
	object_free(obj);
	obj = load_ok(".section tc\nexit\n");
	ck_assert_uint_eq(obj->progs[0].prog_type, BPF_PROG_TYPE_SCHED_CLS);
	object_free(obj);

	/* defaults without anything */
	obj = load_ok("exit");
	ck_assert_uint_eq(obj->progs[0].prog_type, BPF_PROG_TYPE_SOCKET_FILTER);
	ck_assert_str_eq(obj->license, "GPL");
	object_free(obj);
}
END_TEST

START_TEST(test_labels)
{
	const char *text = "start:\n"
			   "  r0 = 0\n"
			   "  if r1 == 0x0 goto out   # skip\n"
			   "  call sub\n"
			   "  r2 = func[cb]\n"
			   "  gotol out\n"
			   "  goto start\n"
			   "out: exit\n"
			   "sub:\n"
			   "cb:\n"
			   "  r0 = 1\n"
			   "  exit\n";
	struct object *obj = load_ok(text);
	struct program *p = &obj->progs[0];

	ck_assert_uint_eq(p->insn_cnt, 10);
	ck_assert_int_eq(p->insns[1].off, 5); /* 1 -> 7 */
	ck_assert_uint_eq(p->insns[2].src, BPF_PSEUDO_CALL);
	ck_assert_int_eq(p->insns[2].imm, 5); /* 2 -> 8 */
	ck_assert_uint_eq(p->insns[3].src, BPF_PSEUDO_FUNC);
	ck_assert_int_eq(p->insns[3].imm, 4); /* 3 -> 8 */
	ck_assert_uint_eq(p->insns[5].code, BPF_JMP32 | BPF_JA);
	ck_assert_int_eq(p->insns[5].imm, 1);  /* 5 -> 7 */
	ck_assert_int_eq(p->insns[6].off, -7); /* 6 -> 0 */
	ck_assert_uint_eq(p->main_insn_cnt, 8);
	object_free(obj);
}
END_TEST

/* .func: func_info for callbacks and global functions */
START_TEST(test_funcs)
{
	const char *text = ".func cb static int scalar scalar\n"
			   ".func glob global void ctx mem!:16 mem:8 btf?:task_struct\n"
			   "r1 = 4\n"
			   "r2 = func[cb]\n"
			   "r3 = 0\n"
			   "r4 = 0\n"
			   "call bpf_loop#181\n"
			   "call glob\n"
			   "r0 = 0\n"
			   "exit\n"
			   "cb: r0 = 0\n"
			   "exit\n"
			   "glob: exit\n";
	struct object *obj = load_ok(text);
	struct program *p = &obj->progs[0];
	struct diag d;
	int err;

	ck_assert_uint_eq(p->func_cnt, 3);
	ck_assert_str_eq(p->funcs[0].name, "prog");
	ck_assert_uint_eq(p->funcs[0].insn_off, 0);
	ck_assert_str_eq(p->funcs[1].name, "cb");
	ck_assert_uint_eq(p->funcs[1].insn_off, 9);
	ck_assert(!p->funcs[1].global);
	ck_assert_uint_eq(p->funcs[1].arg_cnt, 2);
	ck_assert_str_eq(p->funcs[2].name, "glob");
	ck_assert_uint_eq(p->funcs[2].insn_off, 11);
	ck_assert(p->funcs[2].global);
	ck_assert(p->funcs[2].returns_void);
	ck_assert_uint_eq(p->funcs[2].arg_cnt, 4);
	ck_assert_uint_eq(p->funcs[2].args[0].kind, FUNC_ARG_PTR_TO_CTX);
	ck_assert_uint_eq(p->funcs[2].args[1].kind, FUNC_ARG_PTR_TO_MEM);
	ck_assert(p->funcs[2].args[1].nonnull);
	ck_assert_uint_eq(p->funcs[2].args[1].mem_size, 16);
	ck_assert(p->funcs[2].args[2].nullable);
	ck_assert_uint_eq(p->funcs[2].args[3].kind, FUNC_ARG_PTR_TO_BTF_ID);
	ck_assert_str_eq(p->funcs[2].args[3].type_name, "task_struct");
	ck_assert(p->funcs[2].args[3].nullable);
	ck_assert_uint_eq(p->main_insn_cnt, 9);
	object_free(obj);

	obj = load(".func nowhere\nexit\n", &d, &err);
	ck_assert_int_eq(err, -EBADMSG);
	ck_assert_str_eq(d.msg, "t.s:1: 7: .func names unknown label 'nowhere'");
	obj = load(".func a x\na: exit\n", &d, &err);
	ck_assert_str_eq(d.msg,
			 "t.s:1: 9: unknown argument kind (scalar, ctx, mem:N, mem!:N, dynptr, "
			 "arena, btf:NAME, btf?:NAME, unsupported)");
}
END_TEST

/* A verifier log pasted as is: state lines skipped, revisited instructions loaded once. */
START_TEST(test_log_paste)
{
	const char *text = "func#0 @0\n"
			   "Live regs before insn:\n"
			   "      0: .......... (b7) r0 = 0\n"
			   "      1: 0......... (15) if r1 == 0x0 goto pc+1\n"
			   "      2: 0......... (b7) r0 = 1\n"
			   "      3: 0......... (95) exit\n"
			   "0: R1=ctx() R10=fp0\n"
			   "; int x = 0; @ t.c:3\n"
			   "0: (b7) r0 = 0                        ; R0=0\n"
			   "1: (15) if r1 == 0x0 goto pc+1        ; R1=ctx()\n"
			   "2: (b7) r0 = 1                        ; R0=1\n"
			   "3: (95) exit\n"
			   "\n"
			   "from 1 to 3: R0=0 R1=ctx() R10=fp0\n"
			   "3: (95) exit\n"
			   "caller:\n"
			   " R10=fp0\n"
			   "R0 invalid mem access 'scalar'\n"
			   "verification time 12 usec\n"
			   "processed 5 insns (limit 1000000) max_states_per_insn 0 total_states 0 "
			   "peak_states 0 "
			   "mark_read 0\n";
	struct object *obj = load_ok(text);

	ck_assert_uint_eq(obj->progs[0].insn_cnt, 4);
	ck_assert_uint_eq(obj->progs[0].insns[1].code, 0x15);
	ck_assert_int_eq(obj->progs[0].insns[1].off, 1);
	object_free(obj);
}
END_TEST

/* 6.18 logs: a loop number before the index of "Live regs" lines; path order in do_check */
START_TEST(test_log_out_of_order)
{
	const char *text = "0: R1=ctx() R10=fp0\n"
			   "0: (15) if r1 == 0x0 goto pc+2\n"
			   "3: (95) exit\n"
			   "from 0 to 1: R1=ctx() R10=fp0\n"
			   "1: (b7) r0 = 1\n"
			   "2: (05) goto pc+0\n";
	const char *scc = "Live regs before insn:\n"
			  "      0: .1........ (61) r0 = *(u32 *)(r1 +8)\n"
			  "  1   1: 0......... (15) if r0 == 0x0 goto pc-1\n"
			  "      2: 0......... (95) exit\n";
	struct object *obj = load_ok(text);

	ck_assert_uint_eq(obj->progs[0].insn_cnt, 4);
	ck_assert_uint_eq(obj->progs[0].insns[3].code, 0x95);
	ck_assert_uint_eq(obj->progs[0].insns[2].code, 0x05);
	object_free(obj);
	obj = load_ok(scc);
	ck_assert_uint_eq(obj->progs[0].insn_cnt, 3);
	ck_assert_uint_eq(obj->progs[0].insns[1].code, 0x15);
	ck_assert_int_eq(obj->progs[0].insns[1].off, -1);
	object_free(obj);
}
END_TEST

START_TEST(test_objdump_paste)
{
	const char *text = ".type xdp\n"
			   ".map m hash key=4 value=8 entries=1\n"
			   "\n"
			   "t.o:\tfile format elf64-bpf\n"
			   "\n"
			   "Disassembly of section xdp:\n"
			   "\n"
			   "0000000000000000 <prog>:\n"
			   "; SEC(\"xdp\") int prog(struct xdp_md *ctx) { ... }\n"
			   "       0:\t85 00 00 00 07 00 00 00\tcall 7\n"
			   "       1:\t63 0a fc ff 00 00 00 00\t*(u32 *)(r10 - 4) = r0\n"
			   "       2:\tbf a2 00 00 00 00 00 00\tr2 = r10\n"
			   "       3:\t07 02 00 00 fc ff ff ff\tr2 += -4\n"
			   "       4:\t18 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00\tr1 = 0 ll\n"
			   "\t\t0000000000000020:  R_BPF_64_64\tm\n"
			   "       6:\t85 00 00 00 01 00 00 00\tcall 1\n"
			   "       7:\t55 00 01 00 00 00 00 00\tif r0 != 0 goto +1 <LBB0_2>\n"
			   "       8:\t85 10 00 00 01 00 00 00\tcall 1\n"
			   "\n"
			   "0000000000000048 <LBB0_2>:\n"
			   "       9:\t95 00 00 00 00 00 00 00\texit\n"
			   "      10:\tb7 00 00 00 00 00 00 00\tr0 = 0\n"
			   "      11:\t95 00 00 00 00 00 00 00\texit\n";
	const char *data =
		".map .rodata array key=4 value=64 entries=1\n"
		"       0:\t18 01 00 00 10 00 00 00 00 00 00 00 00 00 00 00\tr1 = 16 ll\n"
		"\t\t0000000000000000:  R_BPF_64_64\t.rodata\n"
		"       2:\t95 00 00 00 00 00 00 00\texit\n";
	struct object *obj = load_ok(text);
	struct program *p = &obj->progs[0];
	struct diag d;
	int err;

	ck_assert_uint_eq(p->insn_cnt, 12);
	ck_assert_uint_eq(p->insns[4].src, BPF_PSEUDO_MAP_FD);
	ck_assert_int_eq(p->insns[4].imm, 0);
	ck_assert_uint_eq(p->insns[8].src, BPF_PSEUDO_CALL); /* from the bytes */
	ck_assert_uint_eq(p->insns[6].src, 0);
	object_free(obj);

	/* a function cut out of a section's listing starts at its own index */
	obj = load_ok("      11:\tb7 01 00 00 00 00 00 00\tr1 = 0\n"
		      "      12:\t95 00 00 00 00 00 00 00\texit\n");
	ck_assert_uint_eq(obj->progs[0].insn_cnt, 2);
	object_free(obj);
	obj = load("      11:\tb7 01 00 00 00 00 00 00\tr1 = 0\n"
		   "      10:\t95 00 00 00 00 00 00 00\texit\n",
		   &d, &err);
	ck_assert_ptr_null(obj);
	ck_assert_str_eq(d.msg, "t.s:2: 7: instruction 10 comes before the first one (11)");

	/* global data: the section symbol's relocation makes a map value address */
	obj = load_ok(data);
	p = &obj->progs[0];
	ck_assert_uint_eq(p->insns[0].src, BPF_PSEUDO_MAP_VALUE);
	ck_assert_int_eq(p->insns[0].imm, 0);
	ck_assert_int_eq(p->insns[1].imm, 16);
	object_free(obj);

	obj = load(".map m hash key=4 value=4 entries=1\nr1 = map[id:5]\n", &d, &err);
	ck_assert_ptr_null(obj);
	ck_assert_str_eq(d.msg, "t.s:2: 10: map ids (bpftool's map[id:N]) name maps of a running "
				"kernel: declare the map with .map and write map[NAME]");
}
END_TEST

/* objdump's byte column is the instruction: "<unknown>" texts, "..." runs of zero bytes. */
START_TEST(test_objdump_bytes)
{
	const char *text = "0000000000000000 <xdp>:\n"
			   "       0:\t7a 0a f8 ff 10 01 00 00\t<unknown>\n"
			   "       1:\t40 70 00 00 0e 00 00 00\tr0 = *(u32 *)skb[r7]\n"
			   "\t\t...\n"
			   "       4:\t95 00 00 00 00 00 00 00\texit\n";
	struct object *obj = load_ok(text);
	struct program *p = &obj->progs[0];
	char hex[80];

	ck_assert_uint_eq(p->insn_cnt, 5);
	insn_hex(p->insns, 2, hex);
	ck_assert_str_eq(hex, "7a0af8ff10010000407000000e000000");
	ck_assert_uint_eq(p->insns[2].code, 0);
	ck_assert_uint_eq(p->insns[3].code, 0);
	ck_assert_uint_eq(p->insns[4].code, 0x95);
	object_free(obj);
}
END_TEST

static const struct {
	const char *text;
	const char *msg; /* expected diag text */
} errors[] = {
	{"r0 = 0\nr16 = 3\n", "t.s:2: 1: unknown instruction"},
	{"r1 += \n", "t.s:1: 7: expected a number"},
	{"r1 = *(u32 *)(r2 +70000)\n", "t.s:1: 19: offset 70000 does not fit in 16 bits"},
	{"  goto nowhere\nexit\n", "t.s:1: 8: unknown label 'nowhere'"},
	{"exit\n.type xdp\n", "t.s:2: 1: directives come before the first instruction"},
	{".type nosuch\n", "t.s:1: 7: unknown program type"},
	{".map m array key=4 value=2 entries=1 data=112233\n",
	 "t.s:1: 43: data= is longer than the value (2 bytes)"},
	{".map m array_of_maps key=4 value=4 entries=1 inner=m\n",
	 "t.s:1: 46: inner= names a map declared before this one"},
	{".section nosuch\n", "t.s:1: 10: section 'nosuch' names no program type (libbpf's "
			      "SEC() names: xdp, tc, kprobe/..., fentry/..., ...)"},
	{".map m hash key=4\n", "t.s:1: 8: .map needs key=, value= and entries="},
	{"r1 = map[m]\n", "t.s:1: 10: unknown map 'm'"},
	{"r1 = map[2]\n", "t.s:1: 10: map index 2 out of range (0 maps declared)"},
	{"0: (07) r0 = 0\n", "t.s:1: 9: the opcode (07) does not match the instruction text (b7)"},
	{"r0 = 0\n2: exit\n", "t.s:2: 4: instruction 2 given, but 1 is missing"},
	{"0: (b7) r0 = 0\n0: (b7) r0 = 1\n",
	 "t.s:2: 9: instruction 0 was already given differently"},
	{"0: (b7) r0 = 0\n2: (95) exit\n",
	 "t.s:2: 1: instruction 1 is missing (a log shows only the instructions it visited)"},
	{"exit junk\n", "t.s:1: 6: unexpected text after the instruction"},
	{"call bpf_map_lookup_elem#2\n", "t.s:1: 6: bpf_map_lookup_elem is helper #1, not #2"},
	{"0: BUG_ld_zz\n", "t.s:1: 4: malformed BUG_ text"},
	{"0: (07) r1 = bswap32 r1\n",
	 "t.s:1: 9: the opcode (07) does not match the instruction text (d7)"},
	{"if r1 > 5000000000 goto pc+1\n",
	 "t.s:1: 9: immediate 5000000000 does not fit in 32 bits"},
	{"r0 = -r1\n", "t.s:1: 6: negation works in place: r0 = -r0"},
	{"; nothing\n", "t.s: no instructions"},
	{"a:\nexit\na:\nexit\n", "t.s:3: 1: label 'a' defined twice"},
	{"0: (b7) r0 = 0\nexit\n",
	 "t.s:2: 1: an instruction without its index among verifier log lines (\"N: (xx) ...\"): "
	 "number it or remove the log lines"},
	{"       0:\t95 00 00 00 00 00 00 00\texit\n\t\t...\n",
	 "t.s:2: 1: objdump left out zero bytes at the end ('...'): disassemble with "
	 "llvm-objdump -z"},
	{"       0:\t95 00 00 00 00 00 00 00\tr0 = 0\n",
	 "t.s:1: 35: the bytes (95) do not match the instruction text (b7)"},
};

START_TEST(test_errors)
{
	for (u32 t = 0; t < ARRAY_SIZE(errors); t++) {
		struct diag d;
		int err;
		struct object *obj = load(errors[t].text, &d, &err);

		ck_assert_msg(err == -EBADMSG, "'%s': err %d (%s)", errors[t].text, err, d.msg);
		ck_assert_ptr_null(obj);
		ck_assert_msg(strcmp(d.msg, errors[t].msg) == 0, "'%s': got '%s' want '%s'",
			      errors[t].text, d.msg, errors[t].msg);
	}
}
END_TEST

/* disasm -> asm -> the same bytes, for a sample of the test_verifier corpus' instructions. The
 * model declares enough maps and externs for the map/kfunc indexes in the sample. */
START_TEST(test_roundtrip_sample)
{
	FILE *f = fopen(sample_path, "r");
	char line[128];
	u32 total = 0, same = 0;

	ck_assert_msg(f != NULL, "cannot open %s", sample_path);
	while (fgets(line, sizeof(line), f)) {
		struct object *model = object_new("m", INPUT_RAW), *obj = NULL;
		struct strbuf sb = STRBUF_INIT;
		struct load_opts o = {.prog_type = -1, .attach_type = -1};
		struct insn in[2];
		struct program *p;
		struct diag d = {0};
		u8 *b = (u8 *)in;
		u32 n = 0;

		for (char *c = line; c[0] && c[1] && c[0] != '\n' && n < 16; c += 2) {
			unsigned v;

			ck_assert_int_eq(sscanf(c, "%2x", &v), 1);
			b[n++] = (u8)v;
		}
		if (n != 8 && n != 16)
			continue;
		n /= 8;
		for (u32 m = 0; m < 8; m++) {
			struct map_def *md = object_add_map(model);
			char nm[16];

			snprintf(nm, sizeof(nm), "map%u", m);
			md->name = strdup(nm);
			md->type = BPF_MAP_TYPE_ARRAY;
			md->key_size = 4;
			md->value_size = 8;
			md->max_entries = 1;
			strbuf_printf(&sb, ".map %s array key=4 value=8 entries=1\n", nm);
		}
		p = object_add_program(model);
		p->externs = calloc(4, sizeof(*p->externs));
		for (u32 k = 0; k < 4; k++) {
			char nm[16];

			snprintf(nm, sizeof(nm), "kfunc%u", k);
			p->externs[k].name = strdup(nm);
			p->externs[k].is_func = true;
			strbuf_printf(&sb, ".kfunc %s\n", nm);
		}
		p->extern_cnt = 4;
		disasm_insn_log(p, in, n, 0, &sb);
		strbuf_putc(&sb, '\n');
		total++;
		if (fe_asm_load("rt.s", strbuf_str(&sb), sb.len, &o, &obj, &d) == 0 &&
		    obj->progs[0].insn_cnt == n && memcmp(obj->progs[0].insns, in, n * 8) == 0)
			same++;
		else
			fprintf(stderr, "round trip failed: %s-> %s\n", line, d.msg);
		object_free(obj);
		object_free(model);
		strbuf_free(&sb);
	}
	fclose(f);
	ck_assert_uint_ge(total, 300);
	ck_assert_uint_eq(same, total);
}
END_TEST

/* Random bytes, and valid lines with random edits: an error or a program, never a crash. */
START_TEST(test_fuzz)
{
	static const char *const seeds[] = {
		"r1 = *(u32 *)(r2 +4)",
		"if r1 > 0x10 goto pc+3",
		"call bpf_map_lookup_elem#1",
		"r1 = map[m] ",
		"r2 = map[m][0]+8",
		"lock *(u64 *)(r1 +0) += r2",
		"r0 = atomic64_cmpxchg((u64 *)(r1 +0), r0, r2)",
		"0: (18) r1 = 0x1234",
		"  4:\t18 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00\tr1 = 0 ll",
		"l: goto l",
		".insn 0x95 0 0 0 0",
		"r0 = *(u8 *)skb[r3 + 4]",
		"call pc+1",
		"r1 = addr_space_cast(r2, 1, 0)",
		".map m hash key=4 value=8 entries=1",
		".func l global int scalar mem:8 btf?:x",
		".section fentry/x",
		"  1   3: 0......... (b7) r0 = 0",
		"\t\t...",
		"3: R1=ctx()",
		"ld_pseudo r1, 2, 3",
		"r1 = func[l]",
		"r1 = ksym[x]+4",
		"w1 = xchg32_32(r10 - 8, w1)",
	};
	static const char alphabet[] = "rw0123456789abcdefx+-*/=()[]<>&|^%#;:., \t\nlskbpcmgotifl_";
	u64 state = 0x243f6a8885a308d3ull;
	char buf[512];

	for (u32 iter = 0; iter < 30000; iter++) {
		struct object *obj = NULL;
		struct diag d;
		size_t len;
		int err;

		/* xorshift64 */
#define RND() (state ^= state << 13, state ^= state >> 7, state ^= state << 17, state)
		if (iter % 3 == 0) {
			len = RND() % sizeof(buf);
			for (size_t i = 0; i < len; i++)
				buf[i] = iter % 6 == 0 ? (char)RND()
						       : alphabet[RND() % (sizeof(alphabet) - 1)];
		} else {
			len = 0;
			for (u32 l = 0, nl = 1 + RND() % 6; l < nl; l++) {
				const char *s = seeds[RND() % ARRAY_SIZE(seeds)];
				size_t sl = strlen(s);

				if (len + sl + 2 >= sizeof(buf))
					break;
				memcpy(buf + len, s, sl);
				for (u32 e = 0, ne = RND() % 4; e < ne && sl; e++) {
					size_t pos = len + RND() % sl;

					switch (RND() % 3) {
					case 0:
						buf[pos] = alphabet[RND() % (sizeof(alphabet) - 1)];
						break;
					case 1:
						buf[pos] = (char)RND();
						break;
					default:
						buf[pos] = '9';
						break;
					}
				}
				len += sl;
				buf[len++] = '\n';
			}
		}
#undef RND
		err = fe_asm_load("f.s", buf, len,
				  &(struct load_opts){.prog_type = -1, .attach_type = -1}, &obj,
				  &d);
		if (err) {
			ck_assert_ptr_null(obj);
			ck_assert_msg(err == -EBADMSG, "err %d", err);
			ck_assert_msg(strncmp(d.msg, "f.s", 3) == 0, "%s", d.msg);
		} else {
			ck_assert_ptr_nonnull(obj);
			ck_assert_uint_gt(obj->progs[0].insn_cnt, 0);
			object_free(obj);
		}
	}
}
END_TEST

int main(int argc, char **argv)
{
	Suite *s = suite_create("asm");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	sample_path = argc > 1 ? argv[1] : "roundtrip_sample.hex";
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_forms);
	tcase_add_test(tc, test_directives_and_maps);
	tcase_add_test(tc, test_cli_defaults);
	tcase_add_test(tc, test_labels);
	tcase_add_test(tc, test_funcs);
	tcase_add_test(tc, test_log_paste);
	tcase_add_test(tc, test_log_out_of_order);
	tcase_add_test(tc, test_objdump_paste);
	tcase_add_test(tc, test_objdump_bytes);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_roundtrip_sample);
	tcase_add_test(tc, test_fuzz);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
