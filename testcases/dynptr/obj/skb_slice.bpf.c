/* skb / xdp dynptr slices (bpfvet testcases/dynptr/skb-*.t, xdp-*.t): built with
 * clang -O2 -g -target bpf -c skb_slice.bpf.c -o skb_slice.bpf.o */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int bpf_dynptr_from_skb(struct __sk_buff *s, __u64 flags, struct bpf_dynptr *p) __ksym;
extern int bpf_dynptr_from_xdp(struct xdp_md *x, __u64 flags, struct bpf_dynptr *p) __ksym;
extern void *bpf_dynptr_slice(const struct bpf_dynptr *p, __u32 offset, void *buffer__opt,
			      __u32 buffer__szk) __ksym;
extern void *bpf_dynptr_slice_rdwr(const struct bpf_dynptr *p, __u32 offset, void *buffer__opt,
				   __u32 buffer__szk) __ksym;

/* a checked read-only slice: accepted */
SEC("tc")
int skb_slice_read(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	char buf[8];
	char *p;

	bpf_dynptr_from_skb(skb, 0, &ptr);
	p = bpf_dynptr_slice(&ptr, 0, buf, sizeof(buf));
	if (!p)
		return 1;
	return p[7];
}

/* writing through a bpf_dynptr_slice result: R0 cannot write into rdonly_mem */
SEC("tc")
int skb_slice_write(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	char *p;

	bpf_dynptr_from_skb(skb, 0, &ptr);
	p = bpf_dynptr_slice(&ptr, 0, NULL, 4);
	if (!p)
		return 1;
	*p = 1;
	return 0;
}

/* the slice dies when a helper may change the packet data */
SEC("xdp")
int xdp_slice_after_adjust(struct xdp_md *xdp)
{
	struct bpf_dynptr ptr;
	char *p;

	bpf_dynptr_from_xdp(xdp, 0, &ptr);
	p = bpf_dynptr_slice_rdwr(&ptr, 0, NULL, 4);
	if (!p)
		return 1;
	bpf_xdp_adjust_head(xdp, 0 - (int)4);
	return *(volatile char *)p;
}

/* rdwr slices need write access to the packet: not in cgroup_skb */
SEC("cgroup_skb/ingress")
int cg_slice_rdwr(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	char *p;

	bpf_dynptr_from_skb(skb, 0, &ptr);
	p = bpf_dynptr_slice_rdwr(&ptr, 0, NULL, 4);
	return p ? 1 : 0;
}

/* bpf_dynptr_from_skb is not registered for kprobes */
SEC("kprobe/foo")
int kprobe_from_skb(void *ctx)
{
	struct bpf_dynptr ptr;

	bpf_dynptr_from_skb(ctx, 0, &ptr);
	return 0;
}

char _license[] SEC("license") = "GPL";
