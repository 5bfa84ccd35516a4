/* Tests of program-allocated objects and the list head checks (analyzer/xfer_graph.c): an object
 * with two program BTF structs (the linked_list selftests' foo and bar) and a map whose value
 * holds a lock and a list head, run against a small kernel BTF with the kfunc prototypes. */
#include <bpf/btf.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "fe_kbtf.h"

#define INSN(c, d, s, o, i)                                                                        \
	((struct insn){.code = (c), .dst = (d), .src = (s), .off = (o), .imm = (i)})
#define MOV64_IMM(d, i)	 INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s)	 INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD64_IMM(d, i)	 INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define JEQ_IMM(d, i, o) INSN(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define CALL(id)	 INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define KCALL(ext)	 INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, ext)
#define EXIT()		 INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

enum { FOO = 30, BAR = 38 };	       /* program BTF ids */
enum { K_NEW, K_DROP, K_POP, K_PUSH }; /* externs */
#define SPIN_LOCK 93

struct outcome {
	u32 verdict;
	char msg[256];
};

static struct kbtf *kernel_btf(void)
{
	struct btf *b = btf__new_empty();
	const void *raw;
	u32 size;
	int t_u64, vp, head, node, phead, pnode, proto;
	struct kbtf *k;

	ck_assert_ptr_nonnull(b);
	t_u64 = btf__add_int(b, "u64", 8, 0);
	vp = btf__add_ptr(b, 0);
	head = btf__add_struct(b, "bpf_list_head", 16);
	node = btf__add_struct(b, "bpf_list_node", 24);
	phead = btf__add_ptr(b, head);
	pnode = btf__add_ptr(b, node);
	proto = btf__add_func_proto(b, vp);
	btf__add_func_param(b, "local_type_id__k", t_u64);
	btf__add_func_param(b, "meta__ign", vp);
	btf__add_func(b, "bpf_obj_new_impl", BTF_FUNC_GLOBAL, proto);
	proto = btf__add_func_proto(b, 0);
	btf__add_func_param(b, "p__alloc", vp);
	btf__add_func_param(b, "meta__ign", vp);
	btf__add_func(b, "bpf_obj_drop_impl", BTF_FUNC_GLOBAL, proto);
	proto = btf__add_func_proto(b, pnode);
	btf__add_func_param(b, "head", phead);
	btf__add_func(b, "bpf_list_pop_front", BTF_FUNC_GLOBAL, proto);
	proto = btf__add_func_proto(b, 0);
	btf__add_func_param(b, "head", phead);
	btf__add_func_param(b, "node", pnode);
	btf__add_func_param(b, "meta__ign", vp);
	btf__add_func_param(b, "off", t_u64);
	ck_assert_int_gt(btf__add_func(b, "bpf_list_push_back_impl", BTF_FUNC_GLOBAL, proto), 0);
	raw = btf__raw_data(b, &size);
	ck_assert_ptr_nonnull(raw);
	k = fe_kbtf_from_raw(raw, size);
	btf__free(b);
	ck_assert_ptr_nonnull(k);
	return k;
}

static void add_field(struct map_field **f, u32 *n, u32 kind, u32 off, u32 size)
{
	*f = realloc(*f, (*n + 1) * sizeof(**f));
	ck_assert_ptr_nonnull(*f);
	(*f)[*n] = (struct map_field){.kind = kind, .off = off, .size = size};
	(*n)++;
}

static struct outcome run(const struct insn *insns, u32 cnt)
{
	static const char *const kf[] = {"bpf_obj_new_impl", "bpf_obj_drop_impl",
					 "bpf_list_pop_front", "bpf_list_push_back_impl"};
	struct object *obj = object_new("graph", INPUT_ELF);
	struct analyze_opts opts = {0};
	struct outcome o = {0};
	struct local_type *lt;
	struct map_def *m;
	struct program *p;
	struct result r;

	ck_assert_ptr_nonnull(obj);
	/* struct foo { node; head __contains(bar, node); lock; data; node2 }, struct bar */
	obj->ltypes = calloc(2, sizeof(*obj->ltypes));
	obj->ltype_cnt = 2;
	lt = &obj->ltypes[0];
	lt->id = FOO;
	lt->name = strdup("foo");
	lt->size = 72;
	add_field(&lt->fields, &lt->field_cnt, MAP_FIELD_LIST_NODE, 0, 24);
	add_field(&lt->fields, &lt->field_cnt, MAP_FIELD_LIST_HEAD, 24, 16);
	lt->fields[1].contains_id = BAR;
	lt->fields[1].node_off = 0;
	add_field(&lt->fields, &lt->field_cnt, MAP_FIELD_SPIN_LOCK, 40, 4);
	add_field(&lt->fields, &lt->field_cnt, MAP_FIELD_LIST_NODE, 48, 24);
	lt = &obj->ltypes[1];
	lt->id = BAR;
	lt->name = strdup("bar");
	lt->size = 32;
	add_field(&lt->fields, &lt->field_cnt, MAP_FIELD_LIST_NODE, 0, 24);
	/* struct map_value { lock; data; head __contains(foo, node2) } */
	m = object_add_map(obj);
	m->name = strdup("array_map");
	m->type = BPF_MAP_TYPE_ARRAY;
	m->key_size = 4;
	m->value_size = 24;
	m->max_entries = 1;
	m->inner_map = -1;
	m->has_btf = true;
	add_field(&m->fields, &m->field_cnt, MAP_FIELD_SPIN_LOCK, 0, 4);
	add_field(&m->fields, &m->field_cnt, MAP_FIELD_LIST_HEAD, 8, 16);

	p = object_add_program(obj);
	p->name = strdup("t");
	p->section = strdup("tc");
	p->prog_type = BPF_PROG_TYPE_SCHED_CLS;
	p->gpl_compatible = true;
	p->insns = malloc(cnt * sizeof(*insns));
	memcpy(p->insns, insns, cnt * sizeof(*insns));
	p->insn_cnt = cnt;
	p->main_insn_cnt = cnt;
	p->obj = obj;
	p->externs = calloc(ARRAY_SIZE(kf), sizeof(*p->externs));
	p->extern_cnt = ARRAY_SIZE(kf);
	for (size_t i = 0; i < ARRAY_SIZE(kf); i++) {
		p->externs[i].name = strdup(kf[i]);
		p->externs[i].is_func = true;
	}
	opts.kbtf = kernel_btf();
	result_init(&r);
	analyze_program(p, &opts, &r);
	o.verdict = r.verdict;
	if (r.message)
		snprintf(o.msg, sizeof(o.msg), "%s", r.message);
	result_fini(&r);
	fe_kbtf_close(opts.kbtf);
	object_free(obj);
	return o;
}

#define RUN(...)                                                                                   \
	({                                                                                         \
		const struct insn _p[] = {__VA_ARGS__};                                            \
		run(_p, ARRAY_SIZE(_p));                                                           \
	})

static void expect(struct outcome o, u32 verdict, const char *msg)
{
	ck_assert_msg(o.verdict == verdict, "expected %s '%s', got %s '%s'", verdict_name(verdict),
		      msg ? msg : "", verdict_name(o.verdict), o.msg);
	if (msg)
		ck_assert_msg(strstr(o.msg, msg), "expected '%s' in '%s'", msg, o.msg);
}

START_TEST(new_drop_accepted)
{
	expect(RUN(MOV64_IMM(1, FOO), MOV64_IMM(2, 0), KCALL(K_NEW), JEQ_IMM(0, 0, 3),
		   MOV64_REG(1, 0), MOV64_IMM(2, 0), KCALL(K_DROP), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_ACCEPT, NULL);
}
END_TEST

START_TEST(new_leaked)
{
	expect(RUN(MOV64_IMM(1, FOO), MOV64_IMM(2, 0), KCALL(K_NEW), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "BPF_EXIT instruction in main prog would lead to reference leak");
}
END_TEST

START_TEST(new_needs_constant)
{
	expect(RUN(MOV64_REG(1, 1), MOV64_IMM(2, 0), KCALL(K_NEW), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "R1 is not a scalar");
}
END_TEST

START_TEST(drop_unchecked)
{
	expect(RUN(MOV64_IMM(1, FOO), MOV64_IMM(2, 0), KCALL(K_NEW), MOV64_REG(1, 0),
		   MOV64_IMM(2, 0), KCALL(K_DROP), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "arg#0 expected pointer to allocated object");
}
END_TEST

START_TEST(drop_with_offset)
{
	expect(RUN(MOV64_IMM(1, FOO), MOV64_IMM(2, 0), KCALL(K_NEW), JEQ_IMM(0, 0, 4),
		   MOV64_REG(1, 0), ADD64_IMM(1, 24), MOV64_IMM(2, 0), KCALL(K_DROP),
		   MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT,
	       "R1 must have zero offset when passed to release func or trusted arg to kfunc");
}
END_TEST

START_TEST(pop_without_lock)
{
	expect(RUN(MOV64_IMM(1, FOO), MOV64_IMM(2, 0), KCALL(K_NEW), JEQ_IMM(0, 0, 3),
		   MOV64_REG(1, 0), ADD64_IMM(1, 24), KCALL(K_POP), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "bpf_spin_lock at off=40 must be held for bpf_list_head");
}
END_TEST

START_TEST(pop_head_not_found)
{
	expect(RUN(MOV64_IMM(1, FOO), MOV64_IMM(2, 0), KCALL(K_NEW), JEQ_IMM(0, 0, 3),
		   MOV64_REG(1, 0), ADD64_IMM(1, 25), KCALL(K_POP), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "bpf_list_head not found at offset=25");
}
END_TEST

START_TEST(pop_other_objects_lock)
{
	/* lock foo #1, pop from foo #2's head */
	expect(RUN(MOV64_IMM(1, FOO), MOV64_IMM(2, 0), KCALL(K_NEW), JEQ_IMM(0, 0, 12),
		   MOV64_REG(6, 0), MOV64_IMM(1, FOO), MOV64_IMM(2, 0), KCALL(K_NEW),
		   JEQ_IMM(0, 0, 7), MOV64_REG(7, 0), MOV64_REG(1, 6), ADD64_IMM(1, 40),
		   CALL(SPIN_LOCK), MOV64_REG(1, 7), ADD64_IMM(1, 24), KCALL(K_POP),
		   MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "bpf_spin_lock at off=40 must be held for bpf_list_head");
}
END_TEST

START_TEST(lock_at_wrong_offset)
{
	expect(RUN(MOV64_IMM(1, FOO), MOV64_IMM(2, 0), KCALL(K_NEW), JEQ_IMM(0, 0, 4),
		   MOV64_REG(6, 0), MOV64_REG(1, 6), ADD64_IMM(1, 48), CALL(SPIN_LOCK),
		   MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "off 48 doesn't point to 'struct bpf_spin_lock' that is at 40");
}
END_TEST

START_TEST(lock_in_object_without_lock)
{
	expect(RUN(MOV64_IMM(1, BAR), MOV64_IMM(2, 0), KCALL(K_NEW), JEQ_IMM(0, 0, 3),
		   MOV64_REG(1, 0), CALL(SPIN_LOCK), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "local 'bar' has no valid bpf_spin_lock");
}
END_TEST

/* r6 = foo, r7 = a new T (both non-NULL), foo locked, r7 pushed into foo's list (insns 0-18),
 * then the test's L instructions (ending the path), then "drop foo; return 0" for NULL paths */
#define FOO_PUSHED(T, L)                                                                           \
	MOV64_IMM(1, FOO), MOV64_IMM(2, 0), KCALL(K_NEW), JEQ_IMM(0, 0, (L) + 18),                 \
		MOV64_REG(6, 0), MOV64_IMM(1, T), MOV64_IMM(2, 0), KCALL(K_NEW),                   \
		JEQ_IMM(0, 0, (L) + 10), MOV64_REG(7, 0), MOV64_REG(1, 6), ADD64_IMM(1, 40),       \
		CALL(SPIN_LOCK), MOV64_REG(1, 6), ADD64_IMM(1, 24), MOV64_REG(2, 7),               \
		MOV64_IMM(3, 0), MOV64_IMM(4, 0), KCALL(K_PUSH)
#define DROP_FOO_EXIT MOV64_REG(1, 6), MOV64_IMM(2, 0), KCALL(K_DROP), MOV64_IMM(0, 0), EXIT()

START_TEST(push_then_unlock_accepted)
{
	expect(RUN(FOO_PUSHED(BAR, 8), MOV64_REG(1, 6), ADD64_IMM(1, 40), CALL(SPIN_LOCK + 1),
		   MOV64_REG(1, 6), MOV64_IMM(2, 0), KCALL(K_DROP), MOV64_IMM(0, 0), EXIT(),
		   DROP_FOO_EXIT),
	       VERDICT_ACCEPT, NULL);
}
END_TEST

START_TEST(pushed_node_dead_after_unlock)
{
	/* the non-owning reference in r7 is gone once the lock is released */
	expect(RUN(FOO_PUSHED(BAR, 9), MOV64_REG(1, 6), ADD64_IMM(1, 40), CALL(SPIN_LOCK + 1),
		   INSN(BPF_LDX | BPF_W | BPF_MEM, 0, 7, 24, 0), MOV64_REG(1, 6), MOV64_IMM(2, 0),
		   KCALL(K_DROP), MOV64_IMM(0, 0), EXIT(), DROP_FOO_EXIT),
	       VERDICT_REJECT, "R7 invalid mem access 'scalar'");
}
END_TEST

START_TEST(double_push)
{
	expect(RUN(FOO_PUSHED(BAR, 8), MOV64_REG(1, 6), ADD64_IMM(1, 24), MOV64_REG(2, 7),
		   MOV64_IMM(3, 0), MOV64_IMM(4, 0), KCALL(K_PUSH), MOV64_IMM(0, 0), EXIT(),
		   DROP_FOO_EXIT),
	       VERDICT_REJECT, "arg#1 expected pointer to allocated object");
}
END_TEST

START_TEST(push_wrong_type)
{
	/* foo's list holds bar: pushing another foo names both */
	expect(RUN(FOO_PUSHED(FOO, 2), MOV64_IMM(0, 0), EXIT(), DROP_FOO_EXIT), VERDICT_REJECT,
	       "operation on bpf_list_head expects arg#1 bpf_list_node at offset=0 "
	       "in struct bar, but arg is at offset=0 in struct foo");
}
END_TEST

START_TEST(pop_returns_owned_node)
{
	/* the popped bar must be dropped (or pushed somewhere) after the unlock */
	expect(RUN(MOV64_IMM(1, FOO), MOV64_IMM(2, 0), KCALL(K_NEW), JEQ_IMM(0, 0, 18),
		   MOV64_REG(6, 0), MOV64_REG(1, 6), ADD64_IMM(1, 40), CALL(SPIN_LOCK),
		   MOV64_REG(1, 6), ADD64_IMM(1, 24), KCALL(K_POP), MOV64_REG(7, 0),
		   MOV64_REG(1, 6), ADD64_IMM(1, 40), CALL(SPIN_LOCK + 1), JEQ_IMM(7, 0, 3),
		   MOV64_REG(1, 7), MOV64_IMM(2, 0), KCALL(K_DROP), DROP_FOO_EXIT),
	       VERDICT_ACCEPT, NULL);
}
END_TEST

START_TEST(pop_leaked)
{
	expect(RUN(MOV64_IMM(1, FOO), MOV64_IMM(2, 0), KCALL(K_NEW), JEQ_IMM(0, 0, 15),
		   MOV64_REG(6, 0), MOV64_REG(1, 6), ADD64_IMM(1, 40), CALL(SPIN_LOCK),
		   MOV64_REG(1, 6), ADD64_IMM(1, 24), KCALL(K_POP), MOV64_REG(7, 0),
		   MOV64_REG(1, 6), ADD64_IMM(1, 40), CALL(SPIN_LOCK + 1), DROP_FOO_EXIT),
	       VERDICT_REJECT, "BPF_EXIT instruction in main prog would lead to reference leak");
}
END_TEST

static Suite *graph_suite(void)
{
	Suite *s = suite_create("graph");
	TCase *tc = tcase_create("alloc");

	tcase_add_test(tc, new_drop_accepted);
	tcase_add_test(tc, new_leaked);
	tcase_add_test(tc, new_needs_constant);
	tcase_add_test(tc, drop_unchecked);
	tcase_add_test(tc, drop_with_offset);
	tcase_add_test(tc, pop_without_lock);
	tcase_add_test(tc, pop_head_not_found);
	tcase_add_test(tc, pop_other_objects_lock);
	tcase_add_test(tc, pop_returns_owned_node);
	tcase_add_test(tc, pop_leaked);
	tcase_add_test(tc, lock_at_wrong_offset);
	tcase_add_test(tc, lock_in_object_without_lock);
	tcase_add_test(tc, push_then_unlock_accepted);
	tcase_add_test(tc, pushed_node_dead_after_unlock);
	tcase_add_test(tc, double_push);
	tcase_add_test(tc, push_wrong_type);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(graph_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
