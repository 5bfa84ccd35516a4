/* Test object for the ELF frontend: BTF-defined maps (hash, map-in-map, spin lock value,
 * ringbuf), global data, static/global subprograms shared by two programs, a callback, and
 * several SEC() forms. Built with: clang -target bpf -O2 -g -c calls.bpf.c */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct inner_def {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner_def);
} outer SEC(".maps");

struct locked_val {
	__u64 x;
	struct bpf_spin_lock lock;
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct locked_val);
} locked SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

int counter = 5;
const volatile int limit = 7;
int zeroes;

static __attribute__((noinline)) int helper_static(int x)
{
	return x * 3 + counter;
}

__attribute__((noinline)) int helper_global(struct __sk_buff *skb)
{
	return skb ? skb->len + limit : 0;
}

static long cb(__u32 idx, void *ctx)
{
	zeroes += idx;
	return 0;
}

SEC("tc")
int prog_a(struct __sk_buff *skb)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);

	if (v)
		*v += 1;
	bpf_loop(4, cb, 0, 0);
	return helper_static(skb->len) + helper_global(skb);
}

SEC("xdp.frags")
int prog_b(struct xdp_md *ctx)
{
	return helper_global(0) ? XDP_PASS : XDP_DROP;
}

SEC("?lsm.s/file_open")
int prog_c(void *ctx)
{
	__u32 k = 0;
	struct locked_val *v = bpf_map_lookup_elem(&locked, &k);

	if (v) {
		bpf_spin_lock(&v->lock);
		v->x++;
		bpf_spin_unlock(&v->lock);
	}
	return bpf_map_lookup_elem(&outer, &k) ? 1 : 0;
}

SEC("fentry/do_unlinkat")
int prog_d(void *ctx)
{
	return helper_static(limit);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
