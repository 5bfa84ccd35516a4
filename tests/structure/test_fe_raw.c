/* Unit tests for the raw frontend: instruction decoding, gzip, the spec (types, maps, BTF special
 * fields, map/kfunc references and the literal-fd convention, attach target, program BTF
 * func_info), spec discovery beside NAME.bin, and precise refusals of malformed input. Spec files
 * live in a private temporary directory. */
#include <check.h>
#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "frontend.h"

static char tmpdir[64];

static void write_file(const char *name, const void *data, size_t len, char *path_out)
{
	FILE *f;

	snprintf(path_out, 256, "%s/%s", tmpdir, name);
	f = fopen(path_out, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void enc(u8 *b, u8 code, u8 dst, u8 src, s16 off, s32 imm)
{
	b[0] = code;
	b[1] = (u8)(dst | src << 4);
	b[2] = (u8)off;
	b[3] = (u8)((u16)off >> 8);
	b[4] = (u8)imm;
	b[5] = (u8)((u32)imm >> 8);
	b[6] = (u8)((u32)imm >> 16);
	b[7] = (u8)((u32)imm >> 24);
}

static struct load_opts no_opts(void)
{
	struct load_opts o = {.prog_type = -1, .attach_type = -1};

	return o;
}

/* r0 = 0; exit */
static const u8 tiny[16] = {0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0};

START_TEST(t_no_spec)
{
	struct load_opts o = no_opts();
	struct object *obj = NULL;
	struct diag d = {0};

	ck_assert_int_eq(fe_raw_load("/nonexistent/p.bin", tiny, sizeof(tiny), &o, &obj, &d),
			 -EINVAL);
	ck_assert_ptr_nonnull(strstr(d.msg, "raw input needs --spec or --type"));
	ck_assert_ptr_null(obj);

	diag_clear(&d);
	o.prog_type = BPF_PROG_TYPE_XDP;
	ck_assert_int_eq(fe_raw_load("/nonexistent/p.bin", tiny, sizeof(tiny), &o, &obj, &d), 0);
	ck_assert_uint_eq(obj->prog_cnt, 1);
	ck_assert_uint_eq(obj->progs[0].insn_cnt, 2);
	ck_assert_uint_eq(obj->progs[0].prog_type, BPF_PROG_TYPE_XDP);
	ck_assert_str_eq(obj->progs[0].name, "p");
	ck_assert_uint_eq(obj->progs[0].insns[0].code, 0xb7);
	ck_assert(obj->progs[0].gpl_compatible);
	object_free(obj);
}
END_TEST

START_TEST(t_decode)
{
	u8 b[24];
	struct load_opts o = no_opts();
	struct object *obj = NULL;
	struct diag d = {0};
	const struct insn *in;

	enc(b, 0x61, 3, 1, -8, 0);
	enc(b + 8, 0x07, 10, 0, 0, -123456);
	enc(b + 16, 0x95, 0, 0, 0, 0);
	o.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	ck_assert_int_eq(fe_raw_load("x.bin", b, sizeof(b), &o, &obj, &d), 0);
	in = obj->progs[0].insns;
	ck_assert_uint_eq(in[0].dst, 3);
	ck_assert_uint_eq(in[0].src, 1);
	ck_assert_int_eq(in[0].off, -8);
	ck_assert_uint_eq(in[1].dst, 10);
	ck_assert_int_eq(in[1].imm, -123456);
	object_free(obj);
}
END_TEST

START_TEST(t_bad_sizes)
{
	struct load_opts o = no_opts();
	struct object *obj = NULL;
	struct diag d = {0};

	o.prog_type = BPF_PROG_TYPE_XDP;
	ck_assert_int_eq(fe_raw_load("a.bin", tiny, 12, &o, &obj, &d), -EBADMSG);
	ck_assert_ptr_nonnull(strstr(d.msg, "not a multiple of 8"));
	diag_clear(&d);
	ck_assert_int_eq(fe_raw_load("a.bin", tiny, 0, &o, &obj, &d), -EBADMSG);
	ck_assert_ptr_nonnull(strstr(d.msg, "empty program"));
	ck_assert_ptr_null(obj);
}
END_TEST

static size_t gzip_buf(const u8 *in, size_t len, u8 *out, size_t cap)
{
	z_stream zs;

	memset(&zs, 0, sizeof(zs));
	ck_assert_int_eq(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
			 Z_OK);
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	ck_assert_int_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
	deflateEnd(&zs);
	return cap - zs.avail_out;
}

START_TEST(t_gzip)
{
	u8 big[8 * 1000], gz[4096];
	struct load_opts o = no_opts();
	struct object *obj = NULL;
	struct diag d = {0};
	size_t n;

	for (int i = 0; i < 999; i++)
		enc(big + 8 * i, 0xb7, 0, 0, 0, i);
	enc(big + 8 * 999, 0x95, 0, 0, 0, 0);
	n = gzip_buf(big, sizeof(big), gz, sizeof(gz));
	o.prog_type = BPF_PROG_TYPE_XDP;
	ck_assert_int_eq(fe_raw_load("big.bin.gz", gz, n, &o, &obj, &d), 0);
	ck_assert_uint_eq(obj->progs[0].insn_cnt, 1000);
	ck_assert_int_eq(obj->progs[0].insns[998].imm, 998);
	ck_assert_str_eq(obj->progs[0].name, "big");
	object_free(obj);
	obj = NULL;
	/* truncated stream */
	ck_assert_int_eq(fe_raw_load("big.bin.gz", gz, n / 2, &o, &obj, &d), -EBADMSG);
	ck_assert_ptr_nonnull(strstr(d.msg, "gzip"));
	ck_assert_ptr_null(obj);
}
END_TEST

/* A program: ld_imm64 map 0 (ref); ld_imm64 literal fd 1; kfunc call to kfuncs[0]; exit */
static void spec_prog(u8 *b)
{
	enc(b, 0x18, 1, 1, 0, 0);
	enc(b + 8, 0, 0, 0, 0, 0);
	enc(b + 16, 0x18, 2, 1, 0, 1);
	enc(b + 24, 0, 0, 0, 0, 0);
	enc(b + 32, 0x85, 0, 2, 0, 0);
	enc(b + 40, 0xb7, 0, 0, 0, 0);
	enc(b + 48, 0x95, 0, 0, 0, 0);
}

static const char *spec_good =
	"{\"name\": \"case1\", \"prog_type\": \"tracing\", \"prog_type_id\": 26,"
	" \"expected_attach_type\": \"trace_fentry\", \"prog_flags\": 16, \"license\": \"GPL\","
	" \"insn_cnt\": 7,"
	" \"attach_btf\": {\"name\": \"bpf_fentry_test1\", \"btf_name\": \"bpf_fentry_test1\","
	"   \"btf_kind\": \"func\"},"
	" \"maps\": [{\"type\": \"array\", \"type_id\": 2, \"key_size\": 4, \"value_size\": 24,"
	"   \"max_entries\": 1, \"flags\": 0, \"inner_map\": null, \"needs_btf\": true,"
	"   \"btf\": {\"decoded\": {\"value\": {\"special_fields\": ["
	"     {\"kind\": \"kptr_unref\", \"target\": \"struct prog_test_ref_kfunc\", \"offset\": "
	"0},"
	"     {\"kind\": \"kptr_ref\", \"target\": \"struct prog_test_member\", \"offset\": "
	"16}]}}}}],"
	" \"map_refs\": [{\"insn\": 0, \"map\": 0, \"kind\": \"map_fd\", \"src_reg\": 1}],"
	" \"kfuncs\": [{\"name\": \"bpf_kfunc_call_test_acquire\"}],"
	" \"kfunc_refs\": [{\"insn\": 4, \"kfunc\": 0, \"is_kfunc_call\": true}],"
	" \"literal_pseudo_insns\": [{\"insn\": 2, \"what\": \"literal fd\"}],"
	" \"prog_btf\": null}";

static int load_with_spec(const char *spec, const u8 *prog, size_t len, struct object **obj,
			  struct diag *d)
{
	char sp[256];
	struct load_opts o = no_opts();

	write_file("spec.json", spec, strlen(spec), sp);
	o.spec_path = sp;
	return fe_raw_load("prog.bin", prog, len, &o, obj, d);
}

START_TEST(t_spec)
{
	u8 b[56];
	struct object *obj = NULL;
	struct diag d = {0};
	struct program *p;

	spec_prog(b);
	ck_assert_int_eq(load_with_spec(spec_good, b, sizeof(b), &obj, &d), 0);
	p = &obj->progs[0];
	ck_assert_str_eq(p->name, "case1");
	ck_assert_str_eq(p->section, "case1");
	ck_assert_uint_eq(p->prog_type, BPF_PROG_TYPE_TRACING);
	ck_assert_uint_eq(p->expected_attach_type, BPF_TRACE_FENTRY);
	ck_assert_uint_eq(p->prog_flags, 16);
	ck_assert(p->sleepable);
	ck_assert_str_eq(p->attach_target, "bpf_fentry_test1");
	ck_assert_uint_eq(obj->map_cnt, 1);
	ck_assert_uint_eq(obj->maps[0].type, BPF_MAP_TYPE_ARRAY);
	ck_assert_uint_eq(obj->maps[0].value_size, 24);
	ck_assert(obj->maps[0].has_btf);
	ck_assert_uint_eq(obj->maps[0].field_cnt, 2);
	ck_assert_uint_eq(obj->maps[0].fields[0].kind, MAP_FIELD_KPTR_UNREF);
	ck_assert_str_eq(obj->maps[0].fields[0].target, "prog_test_ref_kfunc");
	ck_assert_uint_eq(obj->maps[0].fields[1].kind, MAP_FIELD_KPTR_REF);
	ck_assert_uint_eq(obj->maps[0].fields[1].off, 16);
	ck_assert_uint_eq(obj->maps[0].fields[1].size, 8);
	ck_assert_int_eq(p->insns[0].imm, 0);  /* map index */
	ck_assert_int_eq(p->insns[2].imm, -2); /* literal fd 1 -> -1-1 */
	ck_assert_uint_eq(p->extern_cnt, 1);
	ck_assert_str_eq(p->externs[0].name, "bpf_kfunc_call_test_acquire");
	ck_assert(p->externs[0].is_func);
	ck_assert_int_eq(p->insns[4].imm, 0);
	ck_assert_ptr_null(p->load_error);
	object_free(obj);
}
END_TEST

/* the spec with one substring replaced must be refused with err and a message containing want */
static void spec_refused(const char *from, const char *to, int err, const char *want)
{
	u8 b[56];
	struct object *obj = NULL;
	struct diag d = {0};
	const char *at = strstr(spec_good, from);
	char *s;

	ck_assert_msg(at != NULL, "test bug: '%s' not in the spec", from);
	s = malloc(strlen(spec_good) + strlen(to) + 1);
	memcpy(s, spec_good, (size_t)(at - spec_good));
	strcpy(s + (at - spec_good), to);
	strcat(s, at + strlen(from));
	spec_prog(b);
	ck_assert_int_eq(load_with_spec(s, b, sizeof(b), &obj, &d), err);
	ck_assert_msg(strstr(d.msg, want) != NULL, "message '%s' lacks '%s'", d.msg, want);
	ck_assert_ptr_null(obj);
	free(s);
}

START_TEST(t_spec_errors)
{
	spec_refused("\"name\": \"case1\",", "\"name\": \"case1\"", -EBADMSG, "invalid JSON");
	spec_refused("\"prog_type\": \"tracing\", \"prog_type_id\": 26,",
		     "\"prog_type\": \"tracin\",", -EINVAL, "unknown prog_type 'tracin'");
	spec_refused("\"prog_type_id\": 26", "\"prog_type_id\": 25", -EINVAL, "does not match");
	spec_refused("\"trace_fentry\"", "\"trace_fentryx\"", -EINVAL,
		     "unknown expected_attach_type");
	spec_refused("\"type\": \"array\"", "\"type\": \"arrayy\"", -EINVAL,
		     "maps[0]: unknown type 'arrayy'");
	spec_refused("\"key_size\": 4,", "", -EINVAL, "maps[0]: missing field 'key_size'");
	spec_refused("\"key_size\": 4", "\"key_size\": -4", -EINVAL, "out of range");
	spec_refused("\"key_size\": 4", "\"key_size\": \"4\"", -EINVAL, "must be an integer");
	spec_refused("\"insn\": 0, \"map\": 0", "\"insn\": 0, \"map\": 1", -EINVAL,
		     "map index 1 out of range (1 maps)");
	spec_refused("\"insn\": 0, \"map\": 0", "\"insn\": 99, \"map\": 0", -EINVAL,
		     "insn 99 out of range");
	spec_refused("\"insn\": 0, \"map\": 0", "\"insn\": 5, \"map\": 0", -EINVAL,
		     "is not an ld_imm64 map reference");
	spec_refused("\"insn\": 4, \"kfunc\": 0", "\"insn\": 4, \"kfunc\": 3", -EINVAL,
		     "kfunc index 3 out of range");
	spec_refused("\"insn_cnt\": 7", "\"insn_cnt\": 8", -EINVAL, "insn_cnt 8");
	spec_refused("\"offset\": 16", "\"offset\": 20", -EINVAL, "does not fit value_size 24");
	spec_refused("\"kptr_ref\"", "\"kptr_weird\"", -EINVAL, "unknown special field kind");
	spec_refused("\"maps\": [", "\"maps\": 5, \"x\": [", -EINVAL, "'maps' must be an array");
	spec_refused("\"prog_btf\": null", "\"prog_btf\": {\"btf_hex\": \"zz\"}", -EINVAL,
		     "not a hex string");
}
END_TEST

START_TEST(t_spec_beside_and_insns_file)
{
	u8 b[56], gz[512];
	char bin[256], sp[256];
	struct load_opts o = no_opts();
	struct object *obj = NULL;
	struct diag d = {0};
	size_t n;

	spec_prog(b);
	write_file("side.bin", b, sizeof(b), bin);
	write_file("side.json", spec_good, strlen(spec_good), sp);
	ck_assert_int_eq(fe_load_file(bin, &o, &obj, &d), 0);
	ck_assert_str_eq(obj->progs[0].name, "case1");
	ck_assert_int_eq(obj->progs[0].insns[2].imm, -2);
	object_free(obj);
	obj = NULL;

	/* no bytes given: the spec's insns_file (gzip'ed) is read */
	{
		char *s = malloc(strlen(spec_good) + 64);

		ck_assert_ptr_nonnull(s);
		n = gzip_buf(b, sizeof(b), gz, sizeof(gz));
		write_file("zipped.bin.gz", gz, n, bin);
		sprintf(s, "{\"insns_file\": \"zipped.bin.gz\", %s", spec_good + 1);
		write_file("zipped.json", s, strlen(s), sp);
		free(s);
	}
	o.spec_path = sp;
	ck_assert_int_eq(fe_raw_load("zipped.bin", NULL, 0, &o, &obj, &d), 0);
	ck_assert_uint_eq(obj->progs[0].insn_cnt, 7);
	object_free(obj);
	obj = NULL;
	/* the spec itself as the input file */
	o.spec_path = NULL;
	{
		u8 *data;
		size_t len;

		ck_assert_int_eq(fe_read_file(sp, 1 << 20, &data, &len, &d), 0);
		ck_assert_int_eq(fe_raw_load(sp, data, len, &o, &obj, &d), 0);
		ck_assert_uint_eq(obj->progs[0].insn_cnt, 7);
		free(data);
	}
	object_free(obj);
}
END_TEST

START_TEST(t_cli_maps)
{
	u8 b[40];
	struct cli_map m = {
		.type = BPF_MAP_TYPE_HASH, .key_size = 8, .value_size = 8, .max_entries = 1};
	struct load_opts o = no_opts();
	struct object *obj = NULL;
	struct diag d = {0};

	enc(b, 0x18, 1, 1, 0, 0);
	enc(b + 8, 0, 0, 0, 0, 0);
	enc(b + 16, 0x18, 1, 2, 0, 7);
	enc(b + 24, 0, 0, 0, 0, 0);
	enc(b + 32, 0x95, 0, 0, 0, 0);
	o.prog_type = BPF_PROG_TYPE_XDP;
	o.maps = &m;
	o.map_cnt = 1;
	ck_assert_int_eq(fe_raw_load("m.bin", b, sizeof(b), &o, &obj, &d), 0);
	ck_assert_uint_eq(obj->map_cnt, 1);
	ck_assert_str_eq(obj->maps[0].name, "map0");
	ck_assert_int_eq(obj->progs[0].insns[0].imm, 0);
	ck_assert_int_eq(obj->progs[0].insns[2].imm, -8); /* fd 7 names no map */
	object_free(obj);
}
END_TEST

/* A BTF blob: main(struct __sk_buff *ctx) global, g(int, struct foo *) global with
 * arg:nonnull on its second argument, cb(int, struct foo *) static. */
static void *make_btf(u32 *size)
{
	struct btf *btf = btf__new_empty();
	const void *raw;
	void *copy;
	int id_int, id_skb, id_pskb, id_proto1, id_main, id_foo, id_pfoo, id_proto2, id_g;

	ck_assert_ptr_nonnull(btf);
	id_int = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	id_skb = btf__add_struct(btf, "__sk_buff", 0);
	id_pskb = btf__add_ptr(btf, id_skb);
	id_proto1 = btf__add_func_proto(btf, id_int);
	btf__add_func_param(btf, "ctx", id_pskb);
	id_main = btf__add_func(btf, "main", BTF_FUNC_GLOBAL, id_proto1);
	id_foo = btf__add_struct(btf, "foo", 8);
	btf__add_field(btf, "a", id_int, 0, 0);
	btf__add_field(btf, "b", id_int, 32, 0);
	id_pfoo = btf__add_ptr(btf, id_foo);
	id_proto2 = btf__add_func_proto(btf, id_int);
	btf__add_func_param(btf, "x", id_int);
	btf__add_func_param(btf, "p", id_pfoo);
	id_g = btf__add_func(btf, "g", BTF_FUNC_GLOBAL, id_proto2);
	ck_assert_int_gt(btf__add_decl_tag(btf, "arg:nonnull", id_g, 1), 0);
	ck_assert_int_gt(btf__add_func(btf, "cb", BTF_FUNC_STATIC, id_proto2), 0);
	ck_assert_int_eq(id_main, 5);
	ck_assert_int_eq(id_g, 9);
	raw = btf__raw_data(btf, size);
	copy = malloc(*size);
	memcpy(copy, raw, *size);
	btf__free(btf);
	return copy;
}

START_TEST(t_prog_btf)
{
	u8 b[32];
	u32 size;
	u8 *blob = make_btf(&size);
	char *hex = malloc(2 * size + 1), *spec = malloc(2 * size + 512);
	struct object *obj = NULL;
	struct diag d = {0};
	struct program *p;

	for (u32 i = 0; i < size; i++)
		sprintf(hex + 2 * i, "%02x", blob[i]);
	/* 0: call g; 1: exit; 2: g: r0 = 0; 3: exit   (cb, id 12, would be at 2 too) */
	enc(b, 0x85, 0, 1, 0, 1);
	enc(b + 8, 0x95, 0, 0, 0, 0);
	enc(b + 16, 0xb7, 0, 0, 0, 0);
	enc(b + 24, 0x95, 0, 0, 0, 0);
	sprintf(spec,
		"{\"prog_type\": \"sched_cls\", \"prog_btf\": {\"btf_hex\": \"%s\","
		" \"func_info\": [{\"insn_off\": 0, \"type_id\": 5},"
		" {\"insn_off\": 2, \"type_id\": 9}, {\"insn_off\": 3, \"type_id\": 4}]}}",
		hex);
	ck_assert_int_eq(load_with_spec(spec, b, sizeof(b), &obj, &d), 0);
	p = &obj->progs[0];
	ck_assert_uint_eq(p->func_cnt, 3);
	ck_assert_str_eq(p->funcs[0].name, "main");
	ck_assert(p->funcs[0].global);
	ck_assert_uint_eq(p->funcs[0].arg_cnt, 1);
	ck_assert_uint_eq(p->funcs[0].args[0].kind, FUNC_ARG_PTR_TO_CTX);
	ck_assert_str_eq(p->funcs[1].name, "g");
	ck_assert_uint_eq(p->funcs[1].insn_off, 2);
	ck_assert_uint_eq(p->funcs[1].args[0].kind, FUNC_ARG_SCALAR);
	ck_assert_uint_eq(p->funcs[1].args[1].kind, FUNC_ARG_PTR_TO_MEM);
	ck_assert_uint_eq(p->funcs[1].args[1].mem_size, 8);
	ck_assert(p->funcs[1].args[1].nonnull);
	ck_assert(!p->funcs[1].args[1].nullable);
	/* type 4 is a FUNC_PROTO, not a FUNC: kept without a name for the analyzer to refuse */
	ck_assert_ptr_null(p->funcs[2].name);
	ck_assert_uint_eq(p->funcs[2].type_id, 4);
	ck_assert_uint_eq(p->main_insn_cnt, 2);
	object_free(obj);
	obj = NULL;

	/* a corrupt blob: the loader's BPF_BTF_LOAD fails */
	sprintf(spec, "{\"prog_type\": \"sched_cls\", \"prog_btf\": {\"btf_hex\": \"9feb0100\","
		      " \"func_info\": []}}");
	ck_assert_int_eq(load_with_spec(spec, b, sizeof(b), &obj, &d), 0);
	ck_assert_ptr_nonnull(obj->progs[0].loader_reject);
	object_free(obj);
	free(blob);
	free(hex);
	free(spec);
}
END_TEST

static Suite *raw_suite(void)
{
	Suite *s = suite_create("fe_raw");
	TCase *tc = tcase_create("raw");

	tcase_add_test(tc, t_no_spec);
	tcase_add_test(tc, t_decode);
	tcase_add_test(tc, t_bad_sizes);
	tcase_add_test(tc, t_gzip);
	tcase_add_test(tc, t_spec);
	tcase_add_test(tc, t_spec_errors);
	tcase_add_test(tc, t_spec_beside_and_insns_file);
	tcase_add_test(tc, t_cli_maps);
	tcase_add_test(tc, t_prog_btf);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(raw_suite());
	char cmd[128];
	int failed;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bpfvet-raw-XXXXXX");
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
