/* Engine-level tests of kernel-BTF features (analyzer/xfer_kfunc.c, xfer_btf.c) on a small kernel
 * BTF built in the test: kfunc acquire/release, program-type sets, NULL arguments, loads through
 * PTR_TO_BTF_ID, rcu_read_lock pairing, open-coded iterators, and the verdict without kernel BTF.
 * Messages are the kernel's. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "analyzer.h"
#include "fe_kbtf.h"

#define INSN(c, d, s, o, i)                                                                        \
	((struct insn){.code = (c), .dst = (d), .src = (s), .off = (o), .imm = (i)})
#define MOV64_IMM(d, i)	     INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s)	     INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ALU64_IMM(op, d, i)  INSN(BPF_ALU64 | (op) | BPF_K, d, 0, 0, i)
#define ALU64_REG(op, d, s)  INSN(BPF_ALU64 | (op) | BPF_X, d, s, 0, 0)
#define LDX_MEM(sz, d, s, o) INSN(BPF_LDX | (sz) | BPF_MEM, d, s, o, 0)
#define ST_MEM(sz, d, o, i)  INSN(BPF_ST | (sz) | BPF_MEM, d, 0, o, i)
#define JMP_IMM(op, d, i, o) INSN(BPF_JMP | (op) | BPF_K, d, 0, o, i)
#define JA(o)		     INSN(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define KCALL(x)	     INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, x)
#define EXIT()		     INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* extern indexes of the test programs */
enum {
	K_FROM_PID,
	K_RELEASE,
	K_ITER_NEW,
	K_ITER_NEXT,
	K_ITER_DESTROY,
	K_RCU_LOCK,
	K_RCU_UNLOCK,
	K_CNT
};
static const char *const knames[K_CNT] = {
	"bpf_task_from_pid",	"bpf_task_release",  "bpf_iter_num_new",   "bpf_iter_num_next",
	"bpf_iter_num_destroy", "bpf_rcu_read_lock", "bpf_rcu_read_unlock"};

/* struct task_struct { int pid; struct task_struct *parent; } and the kfuncs above */
static struct kbtf *make_kbtf(void)
{
	struct btf *b = btf__new_empty();
	int i32, task, ptask, it, pit, pi32, proto;
	const void *raw;
	struct kbtf *k;
	u32 size;

	ck_assert_ptr_nonnull(b);
	i32 = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	/* the pointer first (to the struct's future id): fields must follow their struct */
	ptask = btf__add_ptr(b, i32 + 2);
	task = btf__add_struct(b, "task_struct", 16);
	ck_assert_int_eq(task, i32 + 2);
	ck_assert_int_eq(btf__add_field(b, "pid", i32, 0, 0), 0);
	ck_assert_int_eq(btf__add_field(b, "parent", ptask, 64, 0), 0);
	int u64_id = btf__add_int(b, "u64", 8, 0);
	int arr = btf__add_array(b, i32, u64_id, 1);
	it = btf__add_struct(b, "bpf_iter_num", 8);
	btf__add_field(b, "__opaque", arr, 0, 0);
	pit = btf__add_ptr(b, it);
	pi32 = btf__add_ptr(b, i32);

	proto = btf__add_func_proto(b, ptask);
	btf__add_func_param(b, "pid", i32);
	btf__add_func(b, "bpf_task_from_pid", BTF_FUNC_GLOBAL, proto);
	proto = btf__add_func_proto(b, 0);
	btf__add_func_param(b, "p", ptask);
	btf__add_func(b, "bpf_task_release", BTF_FUNC_GLOBAL, proto);
	proto = btf__add_func_proto(b, i32);
	btf__add_func_param(b, "it", pit);
	btf__add_func_param(b, "start", i32);
	btf__add_func_param(b, "end", i32);
	btf__add_func(b, "bpf_iter_num_new", BTF_FUNC_GLOBAL, proto);
	proto = btf__add_func_proto(b, pi32);
	btf__add_func_param(b, "it", pit);
	btf__add_func(b, "bpf_iter_num_next", BTF_FUNC_GLOBAL, proto);
	proto = btf__add_func_proto(b, 0);
	btf__add_func_param(b, "it", pit);
	btf__add_func(b, "bpf_iter_num_destroy", BTF_FUNC_GLOBAL, proto);
	proto = btf__add_func_proto(b, 0);
	btf__add_func(b, "bpf_rcu_read_lock", BTF_FUNC_GLOBAL, proto);
	btf__add_func(b, "bpf_rcu_read_unlock", BTF_FUNC_GLOBAL, proto);
	raw = btf__raw_data(b, &size);
	ck_assert_ptr_nonnull(raw);
	k = fe_kbtf_from_raw(raw, size);
	btf__free(b);
	ck_assert_ptr_nonnull(k);
	return k;
}

struct outcome {
	u32 verdict;
	char msg[256];
};

static struct outcome run_prog(u32 prog_type, const struct insn *insns, u32 cnt, bool with_btf)
{
	struct object *obj = object_new("test", INPUT_RAW);
	struct kbtf *k = with_btf ? make_kbtf() : fe_kbtf_open("/nonexistent/bpfvet-kbtf");
	struct analyze_opts opts = {.kbtf = k};
	struct outcome o = {0};
	struct program *p;
	struct result r;

	ck_assert_ptr_nonnull(obj);
	p = object_add_program(obj);
	p->name = strdup("t");
	p->section = strdup("t");
	p->prog_type = prog_type;
	p->gpl_compatible = true;
	if (prog_type == BPF_PROG_TYPE_SYSCALL) {
		p->sleepable = true;
		p->prog_flags = BPF_F_SLEEPABLE;
	}
	p->insns = malloc(cnt * sizeof(*insns));
	memcpy(p->insns, insns, cnt * sizeof(*insns));
	p->insn_cnt = cnt;
	p->main_insn_cnt = cnt;
	p->externs = calloc(K_CNT, sizeof(*p->externs));
	for (u32 i = 0; i < K_CNT; i++) {
		p->externs[i].name = strdup(knames[i]);
		p->externs[i].is_func = true;
	}
	p->extern_cnt = K_CNT;
	p->obj = obj;
	result_init(&r);
	analyze_program(p, &opts, &r);
	o.verdict = r.verdict;
	if (r.message)
		snprintf(o.msg, sizeof(o.msg), "%s", r.message);
	result_fini(&r);
	object_free(obj);
	fe_kbtf_close(k);
	return o;
}

#define RUN(type, btf, ...)                                                                        \
	({                                                                                         \
		const struct insn _p[] = {__VA_ARGS__};                                            \
		run_prog(type, _p, ARRAY_SIZE(_p), btf);                                           \
	})

static void expect(struct outcome o, u32 verdict, const char *msg)
{
	ck_assert_msg(o.verdict == verdict, "verdict %u, want %u (%s)", o.verdict, verdict, o.msg);
	if (msg)
		ck_assert_msg(strstr(o.msg, msg), "message '%s' lacks '%s'", o.msg, msg);
}

/* r0 = bpf_task_from_pid(0) */
#define FROM_PID() MOV64_IMM(1, 0), KCALL(K_FROM_PID)

START_TEST(test_acquire_release)
{
	/* acquire, NULL check, release: accepted */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, FROM_PID(), JMP_IMM(BPF_JEQ, 0, 0, 2),
		   MOV64_REG(1, 0), KCALL(K_RELEASE), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_ACCEPT, NULL);
	/* the reference leaks */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, FROM_PID(), JMP_IMM(BPF_JEQ, 0, 0, 0),
		   MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "reference leak");
	/* release without the NULL check */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, FROM_PID(), MOV64_REG(1, 0), KCALL(K_RELEASE),
		   MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "Possibly NULL pointer passed to trusted arg0");
	/* releasing twice */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, FROM_PID(), JMP_IMM(BPF_JEQ, 0, 0, 5),
		   MOV64_REG(6, 0), MOV64_REG(1, 6), KCALL(K_RELEASE), MOV64_REG(1, 6),
		   KCALL(K_RELEASE), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, NULL);
	/* a scalar is not a task */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, MOV64_IMM(1, 1), KCALL(K_RELEASE), MOV64_IMM(0, 0),
		   EXIT()),
	       VERDICT_REJECT, "arg#0 pointer type STRUCT task_struct must point to scalar");
}
END_TEST

START_TEST(test_prog_types)
{
	expect(RUN(BPF_PROG_TYPE_RAW_TRACEPOINT, true, FROM_PID(), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "calling kernel function bpf_task_from_pid is not allowed");
	/* no kernel BTF: the kernel's view cannot be known */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, false, FROM_PID(), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_ERROR, "needs kernel BTF (--kernel-btf FILE)");
}
END_TEST

START_TEST(test_btf_loads)
{
	/* p->pid and p->parent->pid after NULL checks */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, FROM_PID(), JMP_IMM(BPF_JEQ, 0, 0, 8),
		   MOV64_REG(6, 0), LDX_MEM(BPF_W, 7, 6, 0), LDX_MEM(BPF_DW, 8, 6, 8),
		   JMP_IMM(BPF_JEQ, 8, 0, 1), LDX_MEM(BPF_W, 7, 8, 0), MOV64_REG(1, 6),
		   KCALL(K_RELEASE), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_ACCEPT, NULL);
	/* beyond the struct */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, FROM_PID(), JMP_IMM(BPF_JEQ, 0, 0, 4),
		   MOV64_REG(6, 0), LDX_MEM(BPF_DW, 7, 6, 16), MOV64_REG(1, 6), KCALL(K_RELEASE),
		   MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "access beyond struct task_struct at off 16 size 8");
	/* half a pointer */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, FROM_PID(), JMP_IMM(BPF_JEQ, 0, 0, 4),
		   MOV64_REG(6, 0), LDX_MEM(BPF_W, 7, 6, 8), MOV64_REG(1, 6), KCALL(K_RELEASE),
		   MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "cannot access ptr member parent with moff 8 in struct task_struct");
	/* stores are refused */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, FROM_PID(), JMP_IMM(BPF_JEQ, 0, 0, 4),
		   MOV64_REG(6, 0), ST_MEM(BPF_W, 6, 0, 1), MOV64_REG(1, 6), KCALL(K_RELEASE),
		   MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "only read is supported");
	/* the walked parent pointer is not trusted: it cannot be released */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, FROM_PID(), JMP_IMM(BPF_JEQ, 0, 0, 7),
		   MOV64_REG(6, 0), LDX_MEM(BPF_DW, 1, 6, 8), JMP_IMM(BPF_JEQ, 1, 0, 1),
		   KCALL(K_RELEASE), MOV64_REG(1, 6), KCALL(K_RELEASE), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, NULL);
}
END_TEST

START_TEST(test_rcu)
{
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, KCALL(K_RCU_LOCK), KCALL(K_RCU_UNLOCK),
		   MOV64_IMM(0, 0), EXIT()),
	       VERDICT_ACCEPT, NULL);
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, KCALL(K_RCU_UNLOCK), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "unmatched rcu read unlock (kernel function bpf_rcu_read_unlock)");
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, KCALL(K_RCU_LOCK), KCALL(K_RCU_LOCK),
		   MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "nested rcu read lock (kernel function bpf_rcu_read_lock)");
}
END_TEST

/* bpf_iter_num_new(fp-8, 0, 10) */
#define ITER_NEW()                                                                                 \
	MOV64_REG(1, 10), ALU64_IMM(BPF_ADD, 1, -8), MOV64_IMM(2, 0), MOV64_IMM(3, 10),            \
		KCALL(K_ITER_NEW)
#define ITER_R1() MOV64_REG(1, 10), ALU64_IMM(BPF_ADD, 1, -8)

START_TEST(test_iterators)
{
	/* sum of the elements: the loop converges */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, ITER_NEW(), MOV64_IMM(6, 0),
		   /* loop: */ ITER_R1(), KCALL(K_ITER_NEXT), JMP_IMM(BPF_JEQ, 0, 0, 3),
		   LDX_MEM(BPF_W, 7, 0, 0), ALU64_REG(BPF_ADD, 6, 7), JA(-7), ITER_R1(),
		   KCALL(K_ITER_DESTROY), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_ACCEPT, NULL);
	/* not destroyed */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, ITER_NEW(), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "reference leak");
	/* next before new */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, ITER_R1(), KCALL(K_ITER_NEXT), MOV64_IMM(0, 0),
		   EXIT()),
	       VERDICT_REJECT, "expected an initialized iter_num as arg #0");
	/* new twice */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, ITER_NEW(), ITER_NEW(), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "expected uninitialized iter_num as arg #0");
	/* the element without the NULL check */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, ITER_NEW(), ITER_R1(), KCALL(K_ITER_NEXT),
		   LDX_MEM(BPF_W, 7, 0, 0), ITER_R1(), KCALL(K_ITER_DESTROY), MOV64_IMM(0, 0),
		   EXIT()),
	       VERDICT_REJECT, "R0 invalid mem access");
	/* elements are read-only */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, ITER_NEW(), ITER_R1(), KCALL(K_ITER_NEXT),
		   JMP_IMM(BPF_JEQ, 0, 0, 1), ST_MEM(BPF_W, 0, 0, 1), ITER_R1(),
		   KCALL(K_ITER_DESTROY), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "cannot write into rdonly_mem");
	/* the iterator is not on the stack */
	expect(RUN(BPF_PROG_TYPE_SYSCALL, true, MOV64_IMM(1, 0), MOV64_IMM(2, 0), MOV64_IMM(3, 1),
		   KCALL(K_ITER_NEW), MOV64_IMM(0, 0), EXIT()),
	       VERDICT_REJECT, "arg#0 expected pointer to an iterator on stack");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kfunc");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_acquire_release);
	tcase_add_test(tc, test_prog_types);
	tcase_add_test(tc, test_btf_loads);
	tcase_add_test(tc, test_rcu);
	tcase_add_test(tc, test_iterators);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
