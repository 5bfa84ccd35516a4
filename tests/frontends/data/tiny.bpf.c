/* Test object for the ELF frontend: the smallest program, compiled little- and big-endian.
 * Built with: clang -target bpf (or bpfeb) -O2 -g -c tiny.bpf.c */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int tiny(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
