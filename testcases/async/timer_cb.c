/* bpf_timer_set_callback: callbacks verified as async callbacks (the .t files next to it).
 * Built with: clang -O2 -g -target bpf -I/usr/include/x86_64-linux-gnu -c timer_cb.c -o timer_cb.bpf.o */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} tmap SEC(".maps");

static int cb_ok(void *map, int *key, struct elem *val)
{
	return 0;
}

static int cb_bad(void *map, int *key, struct elem *val)
{
	return 1;
}

SEC("tc")
int timer_ok(void *ctx)
{
	int k = 0;
	struct elem *v = bpf_map_lookup_elem(&tmap, &k);

	if (!v)
		return 0;
	bpf_timer_init(&v->t, &tmap, 1);
	bpf_timer_set_callback(&v->t, cb_ok);
	bpf_timer_start(&v->t, 0, 0);
	return 0;
}

SEC("tc")
int timer_bad_ret(void *ctx)
{
	int k = 0;
	struct elem *v = bpf_map_lookup_elem(&tmap, &k);

	if (!v)
		return 0;
	bpf_timer_init(&v->t, &tmap, 1);
	bpf_timer_set_callback(&v->t, cb_bad);
	return 0;
}
