/* Comparison of two parsed level-2 logs (the kernel's and bpfvet's) instruction by instruction. */
#ifndef KDIFF_KCMP_H
#define KDIFF_KCMP_H

#include "klog.h"

/* Called for each kernel state that bpfvet never printed identically at that instruction.
 * b is bpfvet's closest state there (same position among the states printed at that insn when
 * it exists, else the one with the fewest differences), or NULL when bpfvet printed none. */
typedef void (*kcmp_report_fn)(void *ctx, const struct klog_entry *k, const struct klog_entry *b);

struct kcmp_stats {
	u32 compared;	/* kernel states compared */
	u32 mismatches; /* of which without an identical bpfvet state at the same place */
	u32 extra; /* matched, but bpfvet printed more items than the kernel (not a mismatch) */
	const struct klog_entry *extra_k; /* the first such pair, or NULL */
	const struct klog_entry *extra_b;
};

/* Every kernel state entry (after an insn; before an insn, from the same branch source) must
 * appear among bpfvet's entries of the same insn, kind and source with the same texts for every
 * item the kernel printed; order of appearance only picks the candidate to report. Items that
 * only bpfvet printed are counted in st->extra, not as mismatches. */
void kcmp_logs(const struct klog *k, const struct klog *b, kcmp_report_fn report, void *ctx,
	       struct kcmp_stats *st);
/* Number of items of kernel entry k that b prints differently or not at all. */
u32 kcmp_entry_diff(const struct klog_entry *k, const struct klog_entry *b);
/* Number of items b prints that k does not. */
u32 kcmp_entry_extra(const struct klog_entry *k, const struct klog_entry *b);

#endif
