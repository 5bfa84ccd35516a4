// SPDX-License-Identifier: GPL-2.0
/* Two tc programs the kernel rejects: one reads the packet without checking its length, the
 * other dereferences a map lookup result without a NULL check. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u32);
} seen SEC(".maps");

SEC("tc")
int read_unchecked(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	__u32 first = *(__u32 *)data; /* no check against data_end */

	return first == 0 ? TC_ACT_SHOT : TC_ACT_OK;
}

SEC("tc")
int lookup_no_null_check(struct __sk_buff *skb)
{
	__u32 key = skb->mark;
	__u32 *v = bpf_map_lookup_elem(&seen, &key);

	return *v ? TC_ACT_SHOT : TC_ACT_OK; /* v may be NULL */
}

char LICENSE[] SEC("license") = "GPL";
