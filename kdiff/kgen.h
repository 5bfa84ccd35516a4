/* Random BPF programs for differential testing: scalar ALU work, forward branches, stack spills and
 * array-map value accesses, one socket_filter program per seed. The same seed always gives the
 * same program, so a mismatch is reproduced with --seed S --count 1. */
#ifndef KDIFF_KGEN_H
#define KDIFF_KGEN_H

#include "bpf_defs.h"

struct kgen_prog {
	struct insn *insns; /* ld_imm64 map reference: imm = 0, the index of the only map */
	u32 cnt;
	s32 map_insn;	/* index of the ld_imm64 that loads the map, -1 if none */
	u32 value_size; /* the array map: key 4, this value size, max_entries */
	u32 max_entries;
};

/* What the body of a program may contain; all by default. Leaving a feature out is a way to look
 * past a known difference (the same seed then gives another program). */
enum kgen_feature {
	KGEN_ALU_IMM = 1u << 0,	   /* "alu-imm": ALU/ALU64 op with an immediate */
	KGEN_ALU_REG = 1u << 1,	   /* "alu-reg": ALU/ALU64 op register-register */
	KGEN_NEG = 1u << 2,	   /* "neg" */
	KGEN_END = 1u << 3,	   /* "end": be/le/bswap */
	KGEN_MOVSX = 1u << 4,	   /* "movsx" */
	KGEN_LDIMM64 = 1u << 5,	   /* "ldimm64": 64-bit constants */
	KGEN_JMP = 1u << 6,	   /* "jmp": forward conditional jumps */
	KGEN_EXIT = 1u << 7,	   /* "exit": early exits behind a branch */
	KGEN_STACK = 1u << 8,	   /* "stack": stack stores and loads of scalars */
	KGEN_VALUE = 1u << 9,	   /* "value": map value loads and stores at constant offsets */
	KGEN_VALUE_VAR = 1u << 10, /* "value-var": variable offsets (masked or branch-checked) */
	KGEN_PTR_SPILL = 1u << 11, /* "ptr-spill": spill and fill of the map value pointer */
	KGEN_DIVMOD = 1u << 12,	   /* "divmod": div/mod (also signed) inside alu-imm/alu-reg */
	KGEN_ALU32 = 1u << 13,	   /* "alu32": 32-bit ALU ops (else ALU64 only) */
	KGEN_JMP32 = 1u << 14,	   /* "jmp32": 32-bit jumps (else 64-bit only) */
	KGEN_MEMSX = 1u << 15,	   /* "memsx": sign-extending loads */
	KGEN_ALL = (1u << 16) - 1,
};

/* Parse a comma-separated list of the feature names above into a mask. Returns 0 or -EINVAL. */
int kgen_feature_parse(const char *list, u32 *mask);
/* The names of the features in mask, comma-separated, into buf. */
void kgen_feature_names(u32 mask, char *buf, size_t len);

/* A program before layout: a list of items (a prologue step, a body item, the epilogue's
 * "r0 = rK"), each a few instructions that are kept or left out together; the layout appends the
 * final exit and resolves the forward jumps. Leaving items out is how kdiff shrinks examples. */
struct kgen_item {
	struct insn *insns;
	u32 cnt;
	s32 jump;    /* index in insns of a jump to another item, -1 if none */
	u32 target;  /* that jump's target item (item_cnt = the final exit) */
	s32 map_ref; /* index in insns of the map ld_imm64, -1 if none */
};

struct kgen_plan {
	struct kgen_item *items;
	u32 item_cnt;
	u32 value_size;
	u32 max_entries;
};

int kgen_plan(u64 seed, u32 max_insns, u32 features, struct kgen_plan *out);
void kgen_plan_free(struct kgen_plan *p);
/* Lay out the items with keep[k] set (all when keep is NULL); a jump whose target is left out
 * goes to the next kept item. Returns 0 or -ENOMEM. */
int kgen_layout(const struct kgen_plan *p, const bool *keep, struct kgen_prog *out);

/* Generate the program of seed with at most max_insns instructions (at least 40 is sensible; the
 * fixed prologue takes up to about 30) using the features in mask. Returns 0 or -ENOMEM. */
int kgen_program(u64 seed, u32 max_insns, u32 features, struct kgen_prog *out);
void kgen_free(struct kgen_prog *p);

#endif
