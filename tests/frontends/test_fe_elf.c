/* Unit tests of the ELF frontend on the committed objects in data/ (built from the .bpf.c next
 * to them with clang -target bpf -O2 -g): program discovery, section names, subprogram layout,
 * maps, global data, externs, .BTF.ext, CO-RE and malformed input. */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"

#ifndef DATA_DIR
#error "DATA_DIR must be defined"
#endif

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

static struct object *load_opts_named(const char *name, const struct load_opts *opts)
{
	struct diag d = {0};
	struct object *o = NULL;
	size_t len;
	u8 *buf = read_data(name, &len);
	int err = fe_elf_load(name, buf, len, opts, &o, &d);

	free(buf);
	ck_assert_msg(err == 0, "%s: %d %s", name, err, d.msg);
	ck_assert(o);
	return o;
}

static struct object *load_named(const char *name)
{
	struct load_opts opts = {.prog_type = -1, .attach_type = -1};

	return load_opts_named(name, &opts);
}

static const struct program *prog(const struct object *o, const char *name)
{
	const struct program *p = object_find_program(o, name);

	ck_assert_msg(p, "no program %s", name);
	return p;
}

static int map_index(const struct object *o, const char *name)
{
	for (u32 i = 0; i < o->map_cnt; i++)
		if (strcmp(o->maps[i].name, name) == 0)
			return i;
	ck_abort_msg("no map %s", name);
	return -1;
}

static const struct func_info *func_at(const struct program *p, u32 off)
{
	for (u32 i = 0; i < p->func_cnt; i++)
		if (p->funcs[i].insn_off == off)
			return &p->funcs[i];
	return NULL;
}

START_TEST(calls_programs_and_sections)
{
	struct object *o = load_named("calls.bpf.o");
	const struct program *p;

	ck_assert_int_eq(o->prog_cnt, 4);
	ck_assert_str_eq(o->license, "Dual BSD/GPL");
	p = prog(o, "prog_a");
	ck_assert_str_eq(p->section, "tc");
	ck_assert_int_eq(p->prog_type, BPF_PROG_TYPE_SCHED_CLS);
	ck_assert(p->gpl_compatible);
	ck_assert_ptr_null(p->attach_target);
	p = prog(o, "prog_b");
	ck_assert_str_eq(p->section, "xdp.frags");
	ck_assert_int_eq(p->prog_type, BPF_PROG_TYPE_XDP);
	ck_assert_int_eq(p->expected_attach_type, BPF_XDP);
	ck_assert_int_eq(p->prog_flags, BPF_F_XDP_HAS_FRAGS);
	p = prog(o, "prog_c");
	ck_assert_str_eq(p->section, "lsm.s/file_open"); /* the '?' is not part of the name */
	ck_assert_int_eq(p->prog_type, BPF_PROG_TYPE_LSM);
	ck_assert_int_eq(p->expected_attach_type, BPF_LSM_MAC);
	ck_assert(p->sleepable);
	ck_assert_int_eq(p->prog_flags, BPF_F_SLEEPABLE);
	ck_assert_str_eq(p->attach_target, "file_open");
	p = prog(o, "prog_d");
	ck_assert_int_eq(p->prog_type, BPF_PROG_TYPE_TRACING);
	ck_assert_int_eq(p->expected_attach_type, BPF_TRACE_FENTRY);
	ck_assert_str_eq(p->attach_target, "do_unlinkat");
	/* .text functions are never programs */
	ck_assert_ptr_null(object_find_program(o, "helper_static"));
	ck_assert_ptr_null(object_find_program(o, "cb"));
	object_free(o);
}
END_TEST

START_TEST(calls_subprogram_layout)
{
	struct object *o = load_named("calls.bpf.o");
	const struct program *p = prog(o, "prog_a");
	const struct func_info *f;
	u32 calls = 0, funcs = 0;

	/* prog_a (25 insns) + cb (7, via bpf_loop) + helper_static (6) + helper_global (8),
	 * in the order libbpf appends them: first reference first */
	ck_assert_int_eq(p->main_insn_cnt, 25);
	ck_assert_int_eq(p->insn_cnt, 46);
	ck_assert_int_eq(p->func_cnt, 4);
	ck_assert_int_eq(p->funcs[0].insn_off, 0);
	ck_assert_str_eq(p->funcs[0].name, "prog_a");
	ck_assert(p->funcs[0].global);
	f = func_at(p, 25);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "cb");
	ck_assert(!f->global);
	f = func_at(p, 32);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "helper_static");
	f = func_at(p, 38);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "helper_global");
	ck_assert(f->global);
	ck_assert_int_eq(f->arg_cnt, 1);
	ck_assert_int_eq(f->args[0].kind, FUNC_ARG_PTR_TO_CTX);
	for (u32 i = 0; i < p->insn_cnt; i++) {
		const struct insn *in = &p->insns[i];
		u32 target;

		if (in->code == (BPF_JMP | BPF_CALL) && in->src == BPF_PSEUDO_CALL) {
			target = i + in->imm + 1;
			ck_assert_ptr_nonnull(func_at(p, target));
			calls++;
		}
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW) && in->src == BPF_PSEUDO_FUNC) {
			target = i + in->imm + 1;
			ck_assert_uint_eq(target, 25);
			funcs++;
		}
	}
	ck_assert_int_eq(calls, 2);
	ck_assert_int_eq(funcs, 1);
	/* each program gets its own copy: prog_d appends only helper_static, right after itself */
	p = prog(o, "prog_d");
	ck_assert_int_eq(p->insn_cnt, p->main_insn_cnt + 6);
	ck_assert_str_eq(p->funcs[1].name, "helper_static");
	ck_assert_int_eq(p->funcs[1].insn_off, p->main_insn_cnt);
	/* line info travels with the functions and names the source */
	ck_assert_int_gt(p->line_cnt, 0);
	ck_assert_ptr_nonnull(p->lines[0].loc.file);
	ck_assert_ptr_nonnull(strstr(p->lines[0].loc.file, "calls.bpf.c"));
	ck_assert_int_gt(p->lines[0].loc.line, 0);
	ck_assert_ptr_nonnull(program_src_loc(p, p->insn_cnt - 1));
	object_free(o);
}
END_TEST

START_TEST(calls_maps)
{
	struct object *o = load_named("calls.bpf.o");
	const struct map_def *m;
	const struct program *p;
	int counts = map_index(o, "counts");
	int data = map_index(o, ".data"), rodata = map_index(o, ".rodata");
	bool saw_map = false, saw_data = false, saw_rodata = false;

	m = &o->maps[counts];
	ck_assert_int_eq(m->type, BPF_MAP_TYPE_HASH);
	ck_assert_int_eq(m->key_size, 4);
	ck_assert_int_eq(m->value_size, 8);
	ck_assert_int_eq(m->max_entries, 16);
	ck_assert(m->has_btf);
	m = &o->maps[map_index(o, "outer")];
	ck_assert_int_eq(m->type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	ck_assert_int_eq(m->value_size, 4);
	ck_assert_int_ge(m->inner_map, 0);
	ck_assert_int_eq(o->maps[m->inner_map].type, BPF_MAP_TYPE_ARRAY);
	ck_assert_int_eq(o->maps[m->inner_map].max_entries, 4);
	m = &o->maps[map_index(o, "locked")];
	ck_assert_int_eq(m->value_size, 32);
	ck_assert_int_eq(m->field_cnt, 2);
	ck_assert_int_eq(m->fields[0].kind, MAP_FIELD_SPIN_LOCK);
	ck_assert_int_eq(m->fields[0].off, 8);
	ck_assert_int_eq(m->fields[1].kind, MAP_FIELD_TIMER);
	ck_assert_int_eq(m->fields[1].off, 16);
	m = &o->maps[map_index(o, "rb")];
	ck_assert_int_eq(m->type, BPF_MAP_TYPE_RINGBUF);
	ck_assert_int_ge(m->max_entries, 4096);
	m = &o->maps[data];
	ck_assert(m->internal && !m->readonly);
	ck_assert_int_eq(m->value_size, 4);
	ck_assert_ptr_nonnull(m->init_data);
	ck_assert_int_eq(*(int *)m->init_data, 5);
	m = &o->maps[rodata];
	ck_assert(m->internal && m->readonly);
	ck_assert_int_eq(*(int *)m->init_data, 7);
	ck_assert(m->flags & BPF_F_RDONLY_PROG);
	m = &o->maps[map_index(o, ".bss")];
	ck_assert_ptr_null(m->init_data);

	p = prog(o, "prog_a");
	for (u32 i = 0; i + 1 < p->insn_cnt; i++) {
		const struct insn *in = &p->insns[i];

		if (in->code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (in->src == BPF_PSEUDO_MAP_FD) {
			ck_assert_int_eq(in->imm, counts);
			saw_map = true;
		}
		if (in->src == BPF_PSEUDO_MAP_VALUE && in->imm == data) {
			ck_assert_int_eq(in[1].imm, 0);
			saw_data = true;
		}
		if (in->src == BPF_PSEUDO_MAP_VALUE && in->imm == rodata)
			saw_rodata = true;
		i++;
	}
	ck_assert(saw_map && saw_data && saw_rodata);
	object_free(o);
}
END_TEST

START_TEST(externs_kfunc_ksym_kconfig)
{
	struct object *o = load_named("externs.bpf.o");
	const struct program *p = prog(o, "ext_prog");
	int kcfg = map_index(o, ".kconfig");
	u32 kfunc_calls = 0, btf_ids = 0, kcfg_loads = 0, typeless = 0;
	bool weak_unlock = false;

	ck_assert_int_eq(o->maps[kcfg].value_size, 5); /* int at 0, bool at 4 */
	ck_assert_int_eq(p->extern_cnt, 4);
	for (u32 i = 0; i < p->extern_cnt; i++)
		if (strcmp(p->externs[i].name, "bpf_rcu_read_unlock") == 0)
			weak_unlock = p->externs[i].weak && p->externs[i].is_func;
	ck_assert(weak_unlock);
	for (u32 i = 0; i < p->insn_cnt; i++) {
		const struct insn *in = &p->insns[i];

		if (in->code == (BPF_JMP | BPF_CALL) && in->src == BPF_PSEUDO_KFUNC_CALL) {
			ck_assert_int_lt(in->imm, p->extern_cnt);
			ck_assert(p->externs[in->imm].is_func);
			kfunc_calls++;
		}
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW) && in->src == BPF_PSEUDO_BTF_ID) {
			ck_assert_str_eq(p->externs[in->imm].name, "bpf_prog_active");
			btf_ids++;
		}
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW) && in->src == 0 && in[1].imm == -1) {
			/* typeless ksym: without kallsyms, a non-zero kernel address stands in */
			ck_assert_int_ne(in->imm, 0);
			typeless++;
		}
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW) && in->src == BPF_PSEUDO_MAP_VALUE) {
			ck_assert_int_eq(in->imm, kcfg);
			ck_assert(in[1].imm == 0 || in[1].imm == 4);
			kcfg_loads++;
		}
	}
	ck_assert_int_eq(kfunc_calls, 2);
	ck_assert_int_eq(btf_ids, 1);
	ck_assert_int_eq(kcfg_loads, 2);
	ck_assert_int_eq(typeless, 1);
	object_free(o);
}
END_TEST

static const struct map_def *kconfig_with(const char *cfg, struct object **o)
{
	char path[512];

	if (cfg)
		snprintf(path, sizeof(path), "%s/%s", DATA_DIR, cfg);
	setenv("BPFVET_KCONFIG", cfg ? path : "", 1);
	*o = load_named("externs.bpf.o");
	unsetenv("BPFVET_KCONFIG");
	return &(*o)->maps[map_index(*o, ".kconfig")];
}

START_TEST(kconfig_values)
{
	struct object *o;
	const struct map_def *m;
	u32 ver;

	/* LINUX_KERNEL_VERSION (int at 0) from uname, CONFIG_BPF_SYSCALL (bool at 4) from the
	 * config file: the map becomes read-only constants, as libbpf freezes it */
	m = kconfig_with("kconfig_yes.txt", &o);
	ck_assert(m->readonly);
	ck_assert_ptr_nonnull(m->init_data);
	memcpy(&ver, m->init_data, 4);
	ck_assert_uint_gt(ver, 0x30000);
	ck_assert_int_eq(m->init_data[4], 1);
	object_free(o);
	m = kconfig_with("kconfig_no.txt", &o);
	ck_assert(m->readonly);
	ck_assert_int_eq(m->init_data[4], 0);
	object_free(o);
	/* no configuration at all: the values are unknown, not guessed */
	m = kconfig_with(NULL, &o);
	ck_assert(!m->readonly);
	ck_assert_ptr_null(m->init_data);
	object_free(o);
}
END_TEST

START_TEST(typeless_ksym_kallsyms)
{
	char path[512];
	struct object *o;
	const struct program *p;
	bool seen = false;

	snprintf(path, sizeof(path), "%s/kallsyms_test.txt", DATA_DIR);
	setenv("BPFVET_KALLSYMS", path, 1);
	o = load_named("externs.bpf.o");
	p = prog(o, "ext_prog");
	ck_assert_ptr_null(p->loader_reject);
	for (u32 i = 0; i + 1 < p->insn_cnt; i++)
		if (p->insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) && p->insns[i].src == 0 &&
		    p->insns[i + 1].imm == -1) {
			ck_assert_int_eq((u32)p->insns[i].imm, 0x82000000u);
			seen = true;
		}
	ck_assert(seen);
	object_free(o);
	/* a strong typeless ksym the kernel lacks: libbpf fails the load */
	snprintf(path, sizeof(path), "%s/kconfig_no.txt", DATA_DIR);
	setenv("BPFVET_KALLSYMS", path, 1);
	o = load_named("externs.bpf.o");
	p = prog(o, "ext_prog");
	ck_assert_ptr_nonnull(p->loader_reject);
	ck_assert_str_eq(p->loader_reject, "libbpf: extern 'bpf_link_fops' (strong): not resolved");
	object_free(o);
	setenv("BPFVET_KALLSYMS", "", 1);
}
END_TEST

START_TEST(kernel_lacks_kfuncs)
{
	char path[512];
	struct object *o;
	const struct program *p;
	u32 poisoned = 0;

	/* a "kernel" whose BTF (that of another test object) has none of the kfuncs */
	snprintf(path, sizeof(path), "%s/calls.bpf.o", DATA_DIR);
	setenv("BPFVET_KERNEL_BTF", path, 1);
	o = load_named("externs.bpf.o");
	setenv("BPFVET_KERNEL_BTF", "", 1);
	p = prog(o, "ext_prog");
	/* the strong kfunc fails libbpf's load */
	ck_assert_ptr_nonnull(p->loader_reject);
	ck_assert_str_eq(p->loader_reject, "libbpf: extern (func ksym) 'bpf_rcu_read_lock': not "
					   "found in kernel or module BTFs");
	/* the weak one is poisoned: an invalid helper call naming libbpf's extern index (kconfig
	 * externs first, then ksyms by name: bpf_rcu_read_unlock is #5) */
	for (u32 i = 0; i < p->insn_cnt; i++)
		if (p->insns[i].code == (BPF_JMP | BPF_CALL) && p->insns[i].src == 0 &&
		    p->insns[i].imm == 2002000005)
			poisoned++;
	ck_assert_int_eq(poisoned, 1);
	object_free(o);
}
END_TEST

START_TEST(kernel_lacks_attach_targets)
{
	char path[512];
	struct object *o;

	snprintf(path, sizeof(path), "%s/calls.bpf.o", DATA_DIR);
	setenv("BPFVET_KERNEL_BTF", path, 1);
	o = load_named("calls.bpf.o");
	setenv("BPFVET_KERNEL_BTF", "", 1);
	ck_assert_str_eq(
		prog(o, "prog_d")->loader_reject,
		"libbpf: prog 'prog_d': failed to find kernel BTF type ID of 'do_unlinkat': -3");
	ck_assert_str_eq(
		prog(o, "prog_c")->loader_reject,
		"libbpf: prog 'prog_c': failed to find kernel BTF type ID of 'file_open': -3");
	ck_assert_ptr_null(prog(o, "prog_a")->loader_reject);
	object_free(o);
}
END_TEST

START_TEST(legacy_maps_version_license)
{
	struct object *o = load_named("legacy.bpf.o");
	const struct map_def *m;

	ck_assert_int_eq(o->prog_cnt, 2);
	ck_assert_str_eq(o->progs[0].section, "socket");
	ck_assert_str_eq(o->progs[1].section, "socket");
	ck_assert_int_eq(o->kern_version, 0x050a00);
	ck_assert_str_eq(o->license, "Proprietary");
	ck_assert(!o->progs[0].gpl_compatible);
	m = &o->maps[map_index(o, "old_hash")];
	ck_assert_int_eq(m->type, BPF_MAP_TYPE_HASH);
	ck_assert_int_eq(m->key_size, 4);
	ck_assert_int_eq(m->value_size, 8);
	ck_assert_int_eq(m->max_entries, 32);
	m = &o->maps[map_index(o, "old_array")];
	ck_assert_int_eq(m->type, BPF_MAP_TYPE_ARRAY);
	ck_assert_int_eq(m->value_size, 16);
	object_free(o);
}
END_TEST

START_TEST(program_filter)
{
	struct load_opts opts = {.prog_type = -1, .attach_type = -1, .program = "sock_two"};
	struct object *o = load_opts_named("legacy.bpf.o", &opts);
	struct diag d = {0};
	size_t len;
	u8 *buf;

	ck_assert_int_eq(o->prog_cnt, 1);
	ck_assert_str_eq(o->progs[0].name, "sock_two");
	object_free(o);
	opts.program = "nope";
	buf = read_data("legacy.bpf.o", &len);
	o = NULL;
	ck_assert_int_eq(fe_elf_load("legacy.bpf.o", buf, len, &opts, &o, &d), -ENOENT);
	ck_assert_ptr_null(o);
	free(buf);
}
END_TEST

START_TEST(core_without_kernel_btf)
{
	struct object *o;
	const struct program *p;

	o = load_named("core.bpf.o"); /* BPFVET_KERNEL_BTF is "" (main) */
	p = prog(o, "core_exists");
	ck_assert_ptr_nonnull(p->load_error);
	ck_assert_msg(strncmp(p->load_error, "unsupported: CO-RE relocation ", 30) == 0, "%s",
		      p->load_error);
	object_free(o);
}
END_TEST

START_TEST(core_with_kernel_btf)
{
	const char *vmlinux = "/sys/kernel/btf/vmlinux";
	const struct program *p;
	struct object *o;
	FILE *f = fopen(vmlinux, "rb");

	if (!f)
		return; /* no kernel BTF on this machine: covered by core_without_kernel_btf */
	fclose(f);
	setenv("BPFVET_KERNEL_BTF", vmlinux, 1);
	o = load_named("core.bpf.o");
	setenv("BPFVET_KERNEL_BTF", "", 1);
	p = prog(o, "core_exists");
	ck_assert_msg(p->load_error == NULL, "%s", p->load_error);
	/* the field-exists relocation resolved to 1, the missing type's to 0 */
	ck_assert_int_eq(p->insns[10].code, BPF_ALU64 | BPF_MOV | BPF_K);
	ck_assert_int_eq(p->insns[10].imm, 1);
	p = prog(o, "core_missing");
	ck_assert_ptr_null(p->load_error);
	ck_assert_int_eq(p->insns[1].imm, 0);
	object_free(o);
}
END_TEST

START_TEST(big_endian_refused)
{
	struct diag d = {0};
	struct object *o = NULL;
	size_t len;
	u8 *buf = read_data("tiny_be.bpf.o", &len);

	ck_assert_int_eq(fe_elf_load("tiny_be.bpf.o", buf, len, NULL, &o, &d), -ENOTSUP);
	ck_assert_ptr_nonnull(strstr(d.msg, "unsupported: big-endian BPF object"));
	ck_assert_ptr_null(o);
	free(buf);
}
END_TEST

/* Load a patched copy and expect -EBADMSG with a message containing want. */
static void expect_bad(const u8 *buf, size_t len, const char *want)
{
	struct diag d = {0};
	struct object *o = NULL;
	int err = fe_elf_load("bad.o", buf, len, NULL, &o, &d);

	ck_assert_msg(err == -EBADMSG, "err %d (%s), expected -EBADMSG", err, d.msg);
	ck_assert_ptr_null(o);
	ck_assert_msg(strstr(d.msg, want), "message '%s' lacks '%s'", d.msg, want);
}

static Elf64_Shdr *shdr(u8 *buf, u32 i)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;

	return (Elf64_Shdr *)(buf + eh->e_shoff + (size_t)i * sizeof(Elf64_Shdr));
}

static u32 find_sec(u8 *buf, const char *name)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	const char *names = (const char *)buf + shdr(buf, eh->e_shstrndx)->sh_offset;

	for (u32 i = 1; i < eh->e_shnum; i++)
		if (strcmp(names + shdr(buf, i)->sh_name, name) == 0)
			return i;
	ck_abort_msg("no section %s", name);
	return 0;
}

START_TEST(malformed_inputs)
{
	size_t len;
	u8 *orig = read_data("calls.bpf.o", &len);
	u8 *buf = malloc(len);
	Elf64_Rel *rel;
	u32 i;

	memcpy(buf, orig, len);
	expect_bad(buf, 3, "not an ELF file");
	expect_bad(buf, 40, "truncated ELF header");
	buf[EI_CLASS] = ELFCLASS32;
	expect_bad(buf, len, "ELF class");
	memcpy(buf, orig, len);
	((Elf64_Ehdr *)buf)->e_machine = 62;
	expect_bad(buf, len, "is not BPF");

	memcpy(buf, orig, len);
	shdr(buf, find_sec(buf, "tc"))->sh_offset = len - 8;
	expect_bad(buf, len, "extend past the end of the file");

	memcpy(buf, orig, len);
	i = find_sec(buf, ".reltc");
	rel = (Elf64_Rel *)(buf + shdr(buf, i)->sh_offset);
	rel->r_offset = 0x100000;
	expect_bad(buf, len, "invalid offset 0x100000");

	memcpy(buf, orig, len);
	rel = (Elf64_Rel *)(buf + shdr(buf, i)->sh_offset);
	rel->r_info = ELF64_R_INFO(0xffffff, ELF64_R_TYPE(rel->r_info));
	expect_bad(buf, len, "symbol 16777215 out of range");

	memcpy(buf, orig, len);
	rel = (Elf64_Rel *)(buf + shdr(buf, i)->sh_offset);
	rel->r_offset = 8; /* relocation on an instruction that is not a call or ld_imm64 */
	expect_bad(buf, len, "not a call or ld_imm64");

	memcpy(buf, orig, len);
	shdr(buf, find_sec(buf, ".symtab"))->sh_entsize = 7;
	expect_bad(buf, len, "symbol entry size 7");

	memcpy(buf, orig, len);
	i = find_sec(buf, ".BTF.ext");
	buf[shdr(buf, i)->sh_offset + 16] = 0xff; /* line_info_off */
	buf[shdr(buf, i)->sh_offset + 17] = 0xff;
	expect_bad(buf, len, ".BTF.ext: a subsection");
	free(buf);
	free(orig);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("fe_elf");
	TCase *t = tcase_create("core");

	tcase_add_test(t, calls_programs_and_sections);
	tcase_add_test(t, calls_subprogram_layout);
	tcase_add_test(t, calls_maps);
	tcase_add_test(t, externs_kfunc_ksym_kconfig);
	tcase_add_test(t, kconfig_values);
	tcase_add_test(t, typeless_ksym_kallsyms);
	tcase_add_test(t, kernel_lacks_kfuncs);
	tcase_add_test(t, kernel_lacks_attach_targets);
	tcase_add_test(t, legacy_maps_version_license);
	tcase_add_test(t, program_filter);
	tcase_add_test(t, core_without_kernel_btf);
	tcase_add_test(t, core_with_kernel_btf);
	tcase_add_test(t, big_endian_refused);
	tcase_add_test(t, malformed_inputs);
	tcase_set_timeout(t, 20);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r;
	int failed;

	/* the machine's kallsyms and kernel BTF would make the tests depend on its kernel; the
	 * tests that want them say so */
	setenv("BPFVET_KALLSYMS", "", 1);
	setenv("BPFVET_KERNEL_BTF", "", 1);
	r = srunner_create(suite());
	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
