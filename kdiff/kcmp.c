/* kdiff's state comparison. The kernel may print several states for one instruction (one per
 * path that reached it); bpfvet explores paths in the kernel's order when it mirrors the kernel,
 * but a difference in pruning or branch order must not turn every later state into a mismatch,
 * so a kernel state only needs an identical bpfvet state at the same place, in any order. */
#include "kcmp.h"

#include <string.h>

u32 kcmp_entry_diff(const struct klog_entry *k, const struct klog_entry *b)
{
	u32 n = 0;

	for (u32 i = 0; i < k->item_cnt; i++) {
		const char *v = klog_entry_get(b, k->items[i].name);

		if (!v || strcmp(v, k->items[i].value))
			n++;
	}
	return n;
}

u32 kcmp_entry_extra(const struct klog_entry *k, const struct klog_entry *b)
{
	u32 n = 0;

	for (u32 i = 0; i < b->item_cnt; i++)
		if (!klog_entry_get(k, b->items[i].name))
			n++;
	return n;
}

static bool kc_same_place(const struct klog_entry *a, const struct klog_entry *b)
{
	return a->insn == b->insn && a->kind == b->kind && a->from == b->from;
}

void kcmp_logs(const struct klog *k, const struct klog *b, kcmp_report_fn report, void *ctx,
	       struct kcmp_stats *st)
{
	for (u32 i = 0; i < k->entry_cnt; i++) {
		const struct klog_entry *ke = &k->entries[i];
		const struct klog_entry *same_pos = NULL, *closest = NULL;
		u32 ordinal = 0, seen = 0, best = ~0u;
		bool found = false;

		/* the position of ke among the kernel's states at this place */
		for (u32 j = 0; j < i; j++)
			if (kc_same_place(&k->entries[j], ke))
				ordinal++;
		st->compared++;
		for (u32 j = 0; j < b->entry_cnt && !found; j++) {
			const struct klog_entry *be = &b->entries[j];
			u32 d;

			if (!kc_same_place(be, ke))
				continue;
			d = kcmp_entry_diff(ke, be);
			if (d == 0) {
				found = true;
				if (kcmp_entry_extra(ke, be) && !st->extra++) {
					st->extra_k = ke;
					st->extra_b = be;
				}
			}
			if (seen++ == ordinal)
				same_pos = be;
			if (d < best) {
				best = d;
				closest = be;
			}
		}
		if (found)
			continue;
		st->mismatches++;
		if (report)
			report(ctx, ke, same_pos ? same_pos : closest);
	}
}
