/* Test object for the ELF frontend: CO-RE relocations against a kernel type that exists
 * (task_struct) and one that does not. Built with: clang -target bpf -O2 -g -c core.bpf.c */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));

struct no_such_kernel_type {
	int field;
} __attribute__((preserve_access_index));

SEC("tp_btf/sched_switch")
int core_exists(__u64 *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	int pid = 0;

	bpf_probe_read_kernel(&pid, sizeof(pid), &t->pid);
	return pid + bpf_core_field_exists(t->tgid);
}

SEC("tp_btf/sched_switch")
int core_missing(__u64 *ctx)
{
	struct no_such_kernel_type *t = (void *)bpf_get_current_task();

	return bpf_core_field_exists(t->field);
}

char LICENSE[] SEC("license") = "GPL";
