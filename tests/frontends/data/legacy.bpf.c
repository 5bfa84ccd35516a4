/* Test object for the ELF frontend: a legacy "maps" section (struct bpf_map_def), a "version"
 * section, a non-GPL license and two programs in one section.
 * Built with: clang -target bpf -O2 -g -c legacy.bpf.c */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct legacy_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

struct legacy_map_def SEC("maps") old_hash = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = 4,
	.value_size = 8,
	.max_entries = 32,
};

struct legacy_map_def SEC("maps") old_array = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = 4,
	.value_size = 16,
	.max_entries = 2,
	.map_flags = 0,
};

SEC("socket")
int sock_one(struct __sk_buff *skb)
{
	__u32 k = 1;
	void *v = bpf_map_lookup_elem(&old_hash, &k);

	return v ? 1 : 0;
}

SEC("socket")
int sock_two(struct __sk_buff *skb)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&old_array, &k) ? 2 : 0;
}

char LICENSE[] SEC("license") = "Proprietary";
__u32 VERSION SEC("version") = 0x050a00;
