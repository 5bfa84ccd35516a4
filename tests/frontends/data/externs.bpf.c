/* Test object for the ELF frontend: kfuncs, typed and typeless ksyms, and kconfig externs.
 * Built with: clang -target bpf -O2 -g -c externs.bpf.c */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym __weak;
extern const int bpf_prog_active __ksym;
extern const void bpf_link_fops __ksym;
extern int LINUX_KERNEL_VERSION __kconfig;
extern _Bool CONFIG_BPF_SYSCALL __kconfig __weak;

SEC("tp_btf/sched_switch")
int ext_prog(void *ctx)
{
	int r = 0;

	bpf_rcu_read_lock();
	if (LINUX_KERNEL_VERSION > 0x50000 && CONFIG_BPF_SYSCALL)
		r = *(int *)bpf_this_cpu_ptr(&bpf_prog_active);
	r += (int)(long)&bpf_link_fops;
	bpf_rcu_read_unlock();
	return r;
}

char LICENSE[] SEC("license") = "GPL";
