/* Parser for level-2 verifier logs (the kernel's, and bpfvet's copy of that syntax): which register
 * and stack-slot states were printed at which instruction, in order of appearance. */
#ifndef KDIFF_KLOG_H
#define KDIFF_KLOG_H

#include "compiler.h"

enum klog_kind {
	KLOG_AFTER,  /* "N: (op) text    ; R1=..." : the state after insn N (touched items) */
	KLOG_BEFORE, /* "N: R1=..." or "from X to N: R1=..." : the full state before insn N */
	KLOG_KIND_CNT,
};

struct klog_item {
	char *name;  /* "R3", "fp-8", "refs", "frame1.R1" (frame prefix for frames other than 0) */
	char *value; /* the text after '=' */
};

struct klog_entry {
	u32 insn;
	u32 kind;	 /* enum klog_kind */
	s32 from;	 /* "from X to N": X; otherwise -1 */
	u32 line;	 /* 1-based line number in the log */
	bool repeat;	 /* "N: <state>" right after "from X to N: <state>" (kernel repeats it) */
	char *insn_text; /* KLOG_AFTER: "(bf) r1 = r2"; else NULL */
	struct klog_item *items;
	u32 item_cnt;
};

struct klog {
	struct klog_entry *entries; /* in order of appearance */
	u32 entry_cnt;
	s64 processed; /* "processed N insns", -1 if absent */
};

/* Parse text (a whole log). Lines that are not states (func#, Live regs, mark_precise, liveness
 * debug lines, source lines, errors) are skipped. Returns 0 or -ENOMEM. */
int klog_parse(const char *text, struct klog *out);
void klog_free(struct klog *l);
/* The value of item name in e, or NULL. */
const char *klog_entry_get(const struct klog_entry *e, const char *name);

#endif
