/* Tests of analyzer/kbtf.c (through frontends/fe_kbtf.c) on BTF built in memory, and of the kfunc
 * table (analyzer/kfuncs.c). The expected messages are the kernel's (btf_struct_walk()). */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "bpf_defs.h"
#include "fe_kbtf.h"
#include "kbtf.h"
#include "kfuncs.h"
#include "regtype.h"

/* ids of the test BTF */
struct ids {
	int u32, u64, inner, outer, ptr_inner, rcu_tag, ptr_rcu, safe, ptr_outer, un, flex, proto,
		func;
};

/*
 * struct inner { u32 a; u32 b; };                                   size 8
 * struct outer { u64 x; struct inner in; struct inner *p; struct inner __rcu *r;
 *                u32 bits:4; u32 arr[4]; union un u; }               size 56
 * union un { struct inner *p1; u64 v; };                            size 8
 * struct outer__safe_trusted { struct inner *p; };
 * struct flex { u32 n; struct inner items[]; };                     size 4
 * struct outer *get_outer(struct inner *arg, u32 flags);
 */
static struct kbtf *make_btf(struct ids *id)
{
	struct btf *b = btf__new_empty();
	const void *raw;
	u32 size;
	struct kbtf *k;

	ck_assert_ptr_nonnull(b);
	id->u32 = btf__add_int(b, "u32", 4, 0);
	id->u64 = btf__add_int(b, "u64", 8, 0);
	id->inner = btf__add_struct(b, "inner", 8);
	btf__add_field(b, "a", id->u32, 0, 0);
	btf__add_field(b, "b", id->u32, 32, 0);
	id->ptr_inner = btf__add_ptr(b, id->inner);
	id->rcu_tag = btf__add_type_tag(b, "rcu", id->inner);
	id->ptr_rcu = btf__add_ptr(b, id->rcu_tag);
	id->un = btf__add_union(b, "un", 8);
	btf__add_field(b, "p1", id->ptr_inner, 0, 0);
	btf__add_field(b, "v", id->u64, 0, 0);
	int arr = btf__add_array(b, id->u32, id->u32, 4);
	id->outer = btf__add_struct(b, "outer", 64);
	btf__add_field(b, "x", id->u64, 0, 0);
	btf__add_field(b, "in", id->inner, 64, 0);
	btf__add_field(b, "p", id->ptr_inner, 128, 0);
	btf__add_field(b, "r", id->ptr_rcu, 192, 0);
	btf__add_field(b, "bits", id->u32, 256, 4);
	btf__add_field(b, "arr", arr, 288, 0);
	btf__add_field(b, "u", id->un, 448, 0);
	id->safe = btf__add_struct(b, "outer__safe_trusted", 8);
	btf__add_field(b, "p", id->ptr_inner, 0, 0);
	int flexarr = btf__add_array(b, id->u32, id->inner, 0);
	id->flex = btf__add_struct(b, "flex", 4);
	btf__add_field(b, "n", id->u32, 0, 0);
	btf__add_field(b, "items", flexarr, 32, 0);
	id->ptr_outer = btf__add_ptr(b, id->outer);
	id->proto = btf__add_func_proto(b, id->ptr_outer);
	btf__add_func_param(b, "arg", id->ptr_inner);
	btf__add_func_param(b, "flags", id->u32);
	id->func = btf__add_func(b, "get_outer", BTF_FUNC_GLOBAL, id->proto);
	ck_assert_int_gt(id->func, 0);
	raw = btf__raw_data(b, &size);
	ck_assert_ptr_nonnull(raw);
	k = fe_kbtf_from_raw(raw, size);
	btf__free(b);
	ck_assert_ptr_nonnull(k);
	return k;
}

static int walk(struct kbtf *k, u32 sid, int off, int size, u32 *flags, u32 *next,
		const char **field, char *msg)
{
	return kbtf_struct_access(k, sid, off, size, flags, next, field, msg, 256);
}

START_TEST(test_queries)
{
	struct ids id;
	struct kbtf *k = make_btf(&id);
	struct kbtf_type t;
	struct kbtf_func fn;
	u32 sid;

	ck_assert_int_eq(kbtf_ready(k), 0);
	ck_assert_int_eq(kbtf_find(k, "outer", KBTF_STRUCT), id.outer);
	ck_assert_int_eq(kbtf_find(k, "nosuch", KBTF_STRUCT), -ENOENT);
	ck_assert_str_eq(kbtf_name(k, (u32)id.inner), "inner");
	ck_assert_int_eq(kbtf_skip_mods(k, (u32)id.rcu_tag, &sid, &t), 0);
	ck_assert_int_eq(sid, id.inner);
	ck_assert_int_eq(t.kind, KBTF_STRUCT);
	ck_assert_int_eq(kbtf_type(k, 100000, &t), -ENOENT);
	ck_assert_int_eq(kbtf_func(k, "get_outer", &fn), 0);
	ck_assert_int_eq(fn.nargs, 2);
	ck_assert_int_eq(fn.ret_type, id.ptr_outer);
	ck_assert_str_eq(fn.arg_name[1], "flags");
	ck_assert_int_eq(fn.arg_type[0], id.ptr_inner);
	ck_assert_int_eq(kbtf_func(k, "nosuch", &fn), -ENOENT);
	fe_kbtf_close(k);
}
END_TEST

START_TEST(test_walk)
{
	struct ids id;
	struct kbtf *k = make_btf(&id);
	const char *field = NULL;
	char msg[256];
	u32 flags = 0, next = 0;

	/* scalars, also inside the nested struct and through an int array as scratch space */
	ck_assert_int_eq(walk(k, id.outer, 0, 8, &flags, &next, &field, msg), KBTF_WALK_SCALAR);
	ck_assert_int_eq(walk(k, id.outer, 12, 4, &flags, &next, &field, msg), KBTF_WALK_SCALAR);
	ck_assert_int_eq(walk(k, id.outer, 40, 8, &flags, &next, &field, msg), KBTF_WALK_SCALAR);
	/* a bitfield read with a covering load */
	ck_assert_int_eq(walk(k, id.outer, 32, 4, &flags, &next, &field, msg), KBTF_WALK_SCALAR);
	/* pointer member: the pointee and the member name */
	ck_assert_int_eq(walk(k, id.outer, 16, 8, &flags, &next, &field, msg), KBTF_WALK_PTR);
	ck_assert_int_eq(next, id.inner);
	ck_assert_str_eq(field, "p");
	ck_assert_int_eq(flags, 0);
	/* __rcu type tag */
	flags = 0;
	ck_assert_int_eq(walk(k, id.outer, 24, 8, &flags, &next, &field, msg), KBTF_WALK_PTR);
	ck_assert_int_eq(flags, MEM_RCU);
	/* union with two members: untrusted */
	flags = 0;
	ck_assert_int_eq(walk(k, id.outer, 56, 8, &flags, &next, &field, msg), KBTF_WALK_PTR);
	ck_assert_int_eq(flags, PTR_UNTRUSTED);
	/* partial pointer read */
	flags = 0;
	ck_assert_int_lt(walk(k, id.outer, 16, 4, &flags, &next, &field, msg), 0);
	ck_assert_str_eq(msg, "cannot access ptr member p with moff 16 in struct outer with off 16 "
			      "size 4");
	/* beyond the struct */
	ck_assert_int_eq(walk(k, id.outer, 64, 8, &flags, &next, &field, msg), -EACCES);
	ck_assert_str_eq(msg, "access beyond struct outer at off 64 size 8");
	/* beyond the end of a member */
	flags = 0;
	ck_assert_int_eq(walk(k, id.outer, 4, 8, &flags, &next, &field, msg), -EACCES);
	ck_assert_str_eq(msg, "access beyond the end of member x (mend:8) in struct outer with "
			      "off 4 size 8");
	/* ... which untrusted pointers may do */
	flags = PTR_UNTRUSTED;
	ck_assert_int_eq(walk(k, id.outer, 4, 8, &flags, &next, &field, msg), KBTF_WALK_SCALAR);
	/* flexible array: element i of items[] */
	flags = 0;
	ck_assert_int_eq(walk(k, id.flex, 4 + 8 * 3 + 4, 4, &flags, &next, &field, msg),
			 KBTF_WALK_SCALAR);
	ck_assert_int_eq(walk(k, id.flex, 2, 4, &flags, &next, &field, msg), -EACCES);
	/* not a struct */
	ck_assert_int_eq(walk(k, id.u32, 0, 4, &flags, &next, &field, msg), -EINVAL);
	ck_assert_str_eq(msg, "Type 'u32' is not a struct");
	fe_kbtf_close(k);
}
END_TEST

START_TEST(test_trusted_lists)
{
	struct ids id;
	struct kbtf *k = make_btf(&id);

	ck_assert(kbtf_nested_trusted(k, id.outer, "p", id.inner, "__safe_trusted"));
	ck_assert(!kbtf_nested_trusted(k, id.outer, "r", id.inner, "__safe_trusted"));
	ck_assert(!kbtf_nested_trusted(k, id.outer, "p", id.outer, "__safe_trusted"));
	ck_assert(!kbtf_nested_trusted(k, id.outer, "p", id.inner, "__safe_rcu"));
	ck_assert(!kbtf_nested_trusted(k, id.inner, "p", id.inner, "__safe_trusted"));
	fe_kbtf_close(k);
}
END_TEST

START_TEST(test_no_btf)
{
	struct kbtf *k = fe_kbtf_open("/nonexistent/bpfvet-test-btf");
	struct kbtf_type t;

	ck_assert_ptr_nonnull(k);
	ck_assert_int_lt(kbtf_ready(k), 0);
	ck_assert_int_lt(kbtf_ready(k), 0); /* the failure is remembered */
	ck_assert_int_lt(kbtf_type(k, 1, &t), 0);
	ck_assert_int_lt(kbtf_find(k, "task_struct", KBTF_STRUCT), 0);
	ck_assert_int_lt(kbtf_ready(NULL), 0);
	fe_kbtf_close(k);
	ck_assert_ptr_null(fe_kbtf_from_raw("garbage", 7));
}
END_TEST

START_TEST(test_kfunc_table)
{
	const struct kfunc_info *kf = kfunc_lookup("bpf_task_from_pid");

	ck_assert_ptr_nonnull(kf);
	ck_assert_int_eq(kf->flags, KF_ACQUIRE | KF_RET_NULL);
	ck_assert(kfunc_set_allowed(kf->set, BPF_PROG_TYPE_TRACING));
	ck_assert(kfunc_set_allowed(kf->set, BPF_PROG_TYPE_PERF_EVENT));
	ck_assert(kfunc_set_allowed(kf->set, BPF_PROG_TYPE_CGROUP_SOCK));
	ck_assert(!kfunc_set_allowed(kf->set, BPF_PROG_TYPE_RAW_TRACEPOINT));
	kf = kfunc_lookup("bpf_cpumask_create");
	ck_assert_ptr_nonnull(kf);
	ck_assert(!kfunc_set_allowed(kf->set, BPF_PROG_TYPE_XDP));
	ck_assert(kfunc_set_allowed(kf->set, BPF_PROG_TYPE_SYSCALL));
	kf = kfunc_lookup("bpf_rcu_read_lock");
	ck_assert_ptr_nonnull(kf);
	ck_assert(kfunc_set_allowed(kf->set, BPF_PROG_TYPE_RAW_TRACEPOINT));
	ck_assert_int_eq(kfunc_lookup("bpf_iter_num_next")->flags, KF_ITER_NEXT | KF_RET_NULL);
	ck_assert_ptr_null(kfunc_lookup("no_such_kfunc"));
	ck_assert_ptr_null(kfunc_lookup(NULL));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kbtf");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_queries);
	tcase_add_test(tc, test_walk);
	tcase_add_test(tc, test_trusted_lists);
	tcase_add_test(tc, test_no_btf);
	tcase_add_test(tc, test_kfunc_table);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
