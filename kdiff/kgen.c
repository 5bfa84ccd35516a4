/* The random program generator of kdiff. A program is a fixed prologue (helper calls for unknown
 * scalars, an array-map lookup with a NULL check, every scalar register initialised), a body of
 * random "items" (one instruction or a short group that must not be entered in the middle) and an
 * epilogue "exit". Register roles keep the programs mostly valid so that the verifier walks far:
 * r0-r7 only ever hold scalars, r8 is a scratch pointer into the map value, r9 the map value
 * pointer, r10 the frame pointer. Jumps go forward only, to the start of an item or to the
 * epilogue, so every path terminates in an exit with R0 a scalar. */
#include "kgen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KG_MAP_FD_SRC	     BPF_PSEUDO_MAP_FD
#define KG_R8		     8 /* scratch pointer into the map value */
#define KG_R9		     9 /* the map value pointer */
#define KG_R10		     BPF_REG_FP
#define KG_HELPER_MAP_LOOKUP 1
#define KG_HELPER_PRANDOM    7
#define KG_NSCALAR	     8	   /* r0..r7 */
#define KG_PTR_SLOT	     (-72) /* stack slot reserved for the pointer spill */

struct kg_rng {
	u64 s;
};

/* splitmix64: a good stream from any seed, including 0 and consecutive seeds */
static u64 kg_next(struct kg_rng *r)
{
	u64 z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static u32 kg_below(struct kg_rng *r, u32 n)
{
	return n ? (u32)(kg_next(r) % n) : 0;
}

static bool kg_chance(struct kg_rng *r, u32 percent)
{
	return kg_below(r, 100) < percent;
}

/* 32-bit immediates that sit on the edges the verifier's range logic cares about */
static s32 kg_imm32(struct kg_rng *r)
{
	static const s32 fixed[] = {0,		1,
				    -1,		2,
				    -2,		3,
				    7,		8,
				    15,		16,
				    31,		32,
				    63,		64,
				    255,	256,
				    0x7fff,	0x8000,
				    -0x8000,	-0x8001,
				    0xffff,	0x10000,
				    0x7fffffff, (s32)0x80000000,
				    0x7ffffffe, (s32)0x80000001};
	u32 k = kg_below(r, 10);

	if (k < 4)
		return fixed[kg_below(r, ARRAY_SIZE(fixed))];
	if (k < 6) { /* power of two, +-1 */
		u32 p = 1u << kg_below(r, 32);

		return (s32)(p + (u32)kg_below(r, 3) - 1);
	}
	if (k < 8)
		return (s32)kg_below(r, 33) - 16;
	return (s32)kg_next(r);
}

static u64 kg_imm64(struct kg_rng *r)
{
	static const u64 fixed[] = {0,
				    1,
				    ~0ull,
				    0x7fffffffffffffffull,
				    0x8000000000000000ull,
				    0xffffffffull,
				    0x80000000ull,
				    0x7fffffffull,
				    0x100000000ull,
				    0xffffffff80000000ull,
				    0xffffffff7fffffffull,
				    0x00000000ffff0000ull,
				    0x8000000080000000ull};
	u32 k = kg_below(r, 10);

	if (k < 4)
		return fixed[kg_below(r, ARRAY_SIZE(fixed))];
	if (k < 7) {
		u64 p = 1ull << kg_below(r, 64);

		return p + kg_below(r, 3) - 1;
	}
	if (k < 8)
		return (u64)(s64)kg_imm32(r);
	return kg_next(r);
}

struct kg_jump {
	u32 insn; /* the jump instruction */
	u32 item; /* target item (clamped to the epilogue when past the end) */
};

/* Items are the unit of layout and of reduction: a program is a list of items (prologue steps,
 * body items, the optional "r0 = rK" of the epilogue) followed by the final exit. */

struct kg_builder {
	struct kg_rng rng;
	struct insn *v;
	u32 cnt;
	u32 cap;
	u32 *item_start; /* first instruction of each item */
	u32 item_cnt;
	struct kg_jump *jumps;
	u32 jump_cnt;
	u32 value_size;
	u32 features;
	bool oom;
};

static void kg_emit(struct kg_builder *b, u8 code, u8 dst, u8 src, s16 off, s32 imm)
{
	struct insn *in;

	if (b->cnt == b->cap) {
		u32 cap = b->cap ? b->cap * 2 : 64;
		struct insn *n = realloc(b->v, cap * sizeof(*n));

		if (!n) {
			b->oom = true;
			return;
		}
		b->v = n;
		b->cap = cap;
	}
	in = &b->v[b->cnt++];
	memset(in, 0, sizeof(*in));
	in->code = code;
	in->dst = dst;
	in->src = src;
	in->off = off;
	in->imm = imm;
}

static void kg_ld_imm64(struct kg_builder *b, u8 dst, u8 src, u64 v)
{
	kg_emit(b, BPF_LD | BPF_IMM | BPF_DW, dst, src, 0, (s32)(u32)v);
	kg_emit(b, 0, 0, 0, 0, (s32)(u32)(v >> 32));
}

/* Start a new item at the current instruction. */
static void kg_item_begin(struct kg_builder *b)
{
	u32 *n = realloc(b->item_start, (b->item_cnt + 1) * sizeof(*n));

	if (!n) {
		b->oom = true;
		return;
	}
	b->item_start = n;
	b->item_start[b->item_cnt++] = b->cnt;
}

/* Jump to the item d items after the current one (resolved by the layout). */
static void kg_jump_ahead(struct kg_builder *b, u8 code, u8 dst, u8 src, s32 imm, u32 d)
{
	struct kg_jump *n = realloc(b->jumps, (b->jump_cnt + 1) * sizeof(*n));

	if (!n) {
		b->oom = true;
		return;
	}
	b->jumps = n;
	b->jumps[b->jump_cnt].insn = b->cnt;
	b->jumps[b->jump_cnt].item = b->item_cnt - 1 + d;
	b->jump_cnt++;
	kg_emit(b, code, dst, src, 0, imm);
}

static u8 kg_scalar(struct kg_builder *b)
{
	return (u8)kg_below(&b->rng, KG_NSCALAR);
}

static u8 kg_size(struct kg_rng *r, u32 max_bytes)
{
	static const u8 sizes[] = {BPF_B, BPF_H, BPF_W, BPF_DW};
	static const u32 bytes[] = {1, 2, 4, 8};
	u32 n = 0;

	while (n < 4 && bytes[n] <= max_bytes)
		n++;
	return n ? sizes[kg_below(r, n)] : BPF_B;
}

static u32 kg_size_bytes(u8 size)
{
	switch (size) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	default:
		return 8;
	}
}

/* An offset for a size-byte access into the map value: mostly inside, sometimes on the last valid
 * byte, rarely (1%) just outside (the kernel rejects those; the message is compared). */
static s16 kg_value_off(struct kg_builder *b, u32 size)
{
	u32 vs = b->value_size;

	if (kg_chance(&b->rng, 1))
		return kg_chance(&b->rng, 50) ? -1 : (s16)(vs - size + 1);
	if (kg_chance(&b->rng, 20))
		return (s16)(vs - size);
	return (s16)kg_below(&b->rng, vs - size + 1);
}

/* A stack offset in fp-64..fp-1, aligned to the access size (the kernel requires it). */
static s16 kg_stack_off(struct kg_builder *b, u32 size)
{
	u32 slot = 1 + kg_below(&b->rng, 8);
	u32 within = kg_below(&b->rng, 8 / size) * size;

	return (s16)(-(s32)(slot * 8) + (s32)within);
}

static const u8 kg_alu_ops[] = {BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR,  BPF_AND,
				BPF_LSH, BPF_RSH, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH};
static const u8 kg_jmp_ops[] = {BPF_JEQ,  BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT,
				BPF_JSGE, BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE};

static bool kg_has(const struct kg_builder *b, u32 feature)
{
	return (b->features & feature) != 0;
}

/* ALU64 or ALU (one draw either way, so that leaving alu32 out changes only this choice) */
static u8 kg_alu_class(struct kg_builder *b, u32 percent64)
{
	bool wide = kg_chance(&b->rng, percent64);

	return wide || !kg_has(b, KGEN_ALU32) ? BPF_ALU64 : BPF_ALU;
}

static u8 kg_jmp_class(struct kg_builder *b, u32 percent64)
{
	bool wide = kg_chance(&b->rng, percent64);

	return wide || !kg_has(b, KGEN_JMP32) ? BPF_JMP : BPF_JMP32;
}

static u8 kg_alu_op(struct kg_builder *b)
{
	u8 op;

	do
		op = kg_alu_ops[kg_below(&b->rng, ARRAY_SIZE(kg_alu_ops))];
	while ((op == BPF_DIV || op == BPF_MOD) && !kg_has(b, KGEN_DIVMOD));
	return op;
}

static void kg_alu_imm(struct kg_builder *b)
{
	u8 cls = kg_alu_class(b, 50);
	u8 op = kg_alu_op(b);
	u32 width = cls == BPF_ALU64 ? 64 : 32;
	s32 imm = kg_imm32(&b->rng);
	s16 off = 0;

	if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) {
		/* an out-of-range shift is rejected ("invalid shift"); keep that rare */
		if (!kg_chance(&b->rng, 2))
			imm = (s32)kg_below(&b->rng, width);
	} else if (op == BPF_DIV || op == BPF_MOD) {
		if (imm == 0 && !kg_chance(&b->rng, 5))
			imm = 3;
		if (kg_chance(&b->rng, 25))
			off = 1; /* sdiv / smod (cpu v4) */
	}
	kg_emit(b, cls | BPF_K | op, kg_scalar(b), 0, off, imm);
}

static void kg_alu_reg(struct kg_builder *b)
{
	u8 cls = kg_alu_class(b, 50);
	u8 op = kg_alu_op(b);
	s16 off = 0;

	if ((op == BPF_DIV || op == BPF_MOD) && kg_chance(&b->rng, 25))
		off = 1;
	kg_emit(b, cls | BPF_X | op, kg_scalar(b), kg_scalar(b), off, 0);
}

static void kg_movsx(struct kg_builder *b)
{
	if (kg_chance(&b->rng, 60)) {
		static const s16 offs[] = {8, 16, 32};

		kg_emit(b, BPF_ALU64 | BPF_X | BPF_MOV, kg_scalar(b), kg_scalar(b),
			offs[kg_below(&b->rng, 3)], 0);
	} else {
		kg_emit(b, kg_alu_class(b, 0) | BPF_X | BPF_MOV, kg_scalar(b), kg_scalar(b),
			kg_chance(&b->rng, 50) ? 8 : 16, 0);
	}
}

static void kg_end(struct kg_builder *b)
{
	static const s32 widths[] = {16, 32, 64};
	s32 w = widths[kg_below(&b->rng, 3)];
	u32 k = kg_below(&b->rng, 3);

	if (k == 0) /* bswap (cpu v4): ALU64 | END with "to le" source bit */
		kg_emit(b, BPF_ALU64 | BPF_END | BPF_TO_LE, kg_scalar(b), 0, 0, w);
	else
		kg_emit(b, BPF_ALU | BPF_END | (k == 1 ? BPF_TO_LE : BPF_TO_BE), kg_scalar(b), 0, 0,
			w);
}

static void kg_cond_jump(struct kg_builder *b, u32 dist)
{
	u8 cls = kg_jmp_class(b, 50);
	u8 op = kg_jmp_ops[kg_below(&b->rng, ARRAY_SIZE(kg_jmp_ops))];

	if (kg_chance(&b->rng, 50))
		kg_jump_ahead(b, cls | BPF_K | op, kg_scalar(b), 0, kg_imm32(&b->rng), dist);
	else
		kg_jump_ahead(b, cls | BPF_X | op, kg_scalar(b), kg_scalar(b), 0, dist);
}

/* "if cond goto over; [r0 = rK;] exit" : an early exit on one side of a branch */
static void kg_cond_exit(struct kg_builder *b)
{
	u8 cls = kg_jmp_class(b, 50);
	u8 op = kg_jmp_ops[kg_below(&b->rng, ARRAY_SIZE(kg_jmp_ops))];
	bool set_r0 = kg_chance(&b->rng, 50);

	kg_emit(b, cls | BPF_K | op, kg_scalar(b), 0, set_r0 ? 2 : 1, kg_imm32(&b->rng));
	if (set_r0)
		kg_emit(b, BPF_ALU64 | BPF_X | BPF_MOV, 0, kg_scalar(b), 0, 0);
	kg_emit(b, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

static void kg_stack_store(struct kg_builder *b)
{
	u8 size = kg_size(&b->rng, 8);
	s16 off = kg_stack_off(b, kg_size_bytes(size));

	if (kg_chance(&b->rng, 25))
		kg_emit(b, BPF_ST | BPF_MEM | size, KG_R10, 0, off, kg_imm32(&b->rng));
	else
		kg_emit(b, BPF_STX | BPF_MEM | size, KG_R10, kg_scalar(b), off, 0);
}

static void kg_stack_load(struct kg_builder *b)
{
	u8 size = kg_size(&b->rng, 8);
	bool sx = size != BPF_DW && kg_chance(&b->rng, 15) && kg_has(b, KGEN_MEMSX);
	u8 mode = sx ? BPF_MEMSX : BPF_MEM;

	kg_emit(b, BPF_LDX | mode | size, kg_scalar(b), KG_R10,
		kg_stack_off(b, kg_size_bytes(size)), 0);
}

static void kg_value_load(struct kg_builder *b, u8 dst)
{
	u8 size = kg_size(&b->rng, b->value_size);
	bool sx = size != BPF_DW && kg_chance(&b->rng, 15) && kg_has(b, KGEN_MEMSX);
	u8 mode = sx ? BPF_MEMSX : BPF_MEM;

	kg_emit(b, BPF_LDX | mode | size, dst, KG_R9, kg_value_off(b, kg_size_bytes(size)), 0);
}

static void kg_value_store(struct kg_builder *b)
{
	u8 size = kg_size(&b->rng, b->value_size);
	s16 off = kg_value_off(b, kg_size_bytes(size));

	if (kg_chance(&b->rng, 25))
		kg_emit(b, BPF_ST | BPF_MEM | size, KG_R9, 0, off, kg_imm32(&b->rng));
	else
		kg_emit(b, BPF_STX | BPF_MEM | size, KG_R9, kg_scalar(b), off, 0);
}

/* "wK &= mask; r8 = r9; r8 += rK; access *(r8 + 0)" with mask chosen so that the access fits */
static void kg_value_var_access(struct kg_builder *b)
{
	u8 size = kg_size(&b->rng, b->value_size);
	u32 bytes = kg_size_bytes(size);
	u32 mask = 0;
	u8 k = kg_scalar(b);

	while ((mask << 1 | 1) + bytes <= b->value_size)
		mask = mask << 1 | 1;
	if (kg_chance(&b->rng, 2))
		mask = mask << 1 | 1; /* one bit too many: may run past the end */
	kg_emit(b, BPF_ALU | BPF_K | BPF_AND, k, 0, 0, (s32)mask);
	kg_emit(b, BPF_ALU64 | BPF_X | BPF_MOV, KG_R8, KG_R9, 0, 0);
	kg_emit(b, BPF_ALU64 | BPF_X | BPF_ADD, KG_R8, k, 0, 0);
	if (kg_chance(&b->rng, 60))
		kg_emit(b, BPF_LDX | BPF_MEM | size, kg_scalar(b), KG_R8, 0, 0);
	else
		kg_emit(b, BPF_STX | BPF_MEM | size, KG_R8, kg_scalar(b), 0, 0);
}

/* "if rK > L goto +3; r8 = r9; r8 += rK; access *(r8 + 0)": a bounds check by a branch, as
 * compiled C does it. Sometimes the check is signed, 32-bit or off by one, which the kernel
 * rejects (unbounded / negative / past the end); the messages are compared then. */
static void kg_value_guarded_access(struct kg_builder *b)
{
	u8 size = kg_size(&b->rng, b->value_size);
	u32 bytes = kg_size_bytes(size);
	s32 limit = (s32)(b->value_size - bytes) + (kg_chance(&b->rng, 3) ? 1 : 0);
	u32 k = kg_below(&b->rng, 10);
	u8 cls = kg_jmp_class(b, 80);
	u8 reg = kg_scalar(b);

	if (k < 6)
		kg_emit(b, cls | BPF_K | BPF_JGT, reg, 0, 3, limit);
	else if (k < 8)
		kg_emit(b, cls | BPF_K | BPF_JGE, reg, 0, 3, limit + 1);
	else
		kg_emit(b, cls | BPF_K | BPF_JSGT, reg, 0, 3, limit);
	kg_emit(b, BPF_ALU64 | BPF_X | BPF_MOV, KG_R8, KG_R9, 0, 0);
	kg_emit(b, BPF_ALU64 | BPF_X | BPF_ADD, KG_R8, reg, 0, 0);
	if (kg_chance(&b->rng, 60))
		kg_emit(b, BPF_LDX | BPF_MEM | size, kg_scalar(b), KG_R8, 0, 0);
	else
		kg_emit(b, BPF_STX | BPF_MEM | size, KG_R8, kg_scalar(b), 0, 0);
}

/* Spill the map value pointer and fill it back into the scratch pointer register. */
static void kg_ptr_spill(struct kg_builder *b)
{
	kg_emit(b, BPF_STX | BPF_MEM | BPF_DW, KG_R10, KG_R9, KG_PTR_SLOT, 0);
	kg_emit(b, BPF_LDX | BPF_MEM | BPF_DW, KG_R8, KG_R10, KG_PTR_SLOT, 0);
}

static void kg_item_neg(struct kg_builder *b)
{
	kg_emit(b, kg_alu_class(b, 50) | BPF_NEG, kg_scalar(b), 0, 0, 0);
}

static void kg_item_ldimm64(struct kg_builder *b)
{
	u8 dst = kg_scalar(b);

	kg_ld_imm64(b, dst, 0, kg_imm64(&b->rng));
}

static void kg_item_jump(struct kg_builder *b)
{
	kg_cond_jump(b, 1 + kg_below(&b->rng, 6));
}

static void kg_item_value_load(struct kg_builder *b)
{
	kg_value_load(b, kg_scalar(b));
}

/* The body's menu: weights out of 100 when every feature is on. */
static const struct kg_item {
	u32 weight;
	u32 feature;
	void (*emit)(struct kg_builder *b);
} kg_items[] = {
	{22, KGEN_ALU_IMM, kg_alu_imm},
	{18, KGEN_ALU_REG, kg_alu_reg},
	{3, KGEN_NEG, kg_item_neg},
	{4, KGEN_END, kg_end},
	{4, KGEN_MOVSX, kg_movsx},
	{3, KGEN_LDIMM64, kg_item_ldimm64},
	{14, KGEN_JMP, kg_item_jump},
	{3, KGEN_EXIT, kg_cond_exit},
	{6, KGEN_STACK, kg_stack_store},
	{6, KGEN_STACK, kg_stack_load},
	{6, KGEN_VALUE, kg_item_value_load},
	{5, KGEN_VALUE, kg_value_store},
	{2, KGEN_VALUE_VAR, kg_value_var_access},
	{3, KGEN_VALUE_VAR, kg_value_guarded_access},
	{1, KGEN_PTR_SPILL, kg_ptr_spill},
};

/* One body item; false when every item kind is left out. */
static bool kg_body_item(struct kg_builder *b)
{
	u32 total = 0, w;

	for (u32 i = 0; i < ARRAY_SIZE(kg_items); i++)
		if (kg_has(b, kg_items[i].feature))
			total += kg_items[i].weight;
	if (!total)
		return false;
	w = kg_below(&b->rng, total);
	for (u32 i = 0; i < ARRAY_SIZE(kg_items); i++) {
		if (!kg_has(b, kg_items[i].feature))
			continue;
		if (w < kg_items[i].weight) {
			kg_items[i].emit(b);
			break;
		}
		w -= kg_items[i].weight;
	}
	return true;
}

static void kg_prologue(struct kg_builder *b, u32 max_entries)
{
	struct kg_rng *r = &b->rng;
	bool init[KG_NSCALAR] = {false};
	u32 nrand = kg_below(r, 3);

	for (u32 i = 0; i < nrand; i++) {
		kg_item_begin(b);
		kg_emit(b, BPF_JMP | BPF_CALL, 0, 0, 0, KG_HELPER_PRANDOM);
		kg_emit(b, (kg_chance(r, 70) ? BPF_ALU64 : BPF_ALU) | BPF_X | BPF_MOV, 6 + i, 0, 0,
			0);
		init[6 + i] = true;
	}
	/* the key: a constant (in range or not) or an unknown scalar */
	kg_item_begin(b);
	if (nrand && kg_chance(r, 40)) {
		kg_emit(b, BPF_STX | BPF_MEM | BPF_W, KG_R10, 6, -4, 0);
	} else {
		static const s32 extra[] = {0, 1, -1, 0x7fffffff};
		u32 k = kg_below(r, 4);
		s32 key = k == 0   ? 0
			  : k == 1 ? (s32)(max_entries - 1)
			  : k == 2 ? (s32)max_entries
				   : extra[kg_below(r, ARRAY_SIZE(extra))];

		kg_emit(b, BPF_ST | BPF_MEM | BPF_W, KG_R10, 0, -4, key);
	}
	kg_emit(b, BPF_ALU64 | BPF_X | BPF_MOV, 2, KG_R10, 0, 0);
	kg_emit(b, BPF_ALU64 | BPF_K | BPF_ADD, 2, 0, 0, -4);
	kg_ld_imm64(b, 1, KG_MAP_FD_SRC, 0);
	kg_emit(b, BPF_JMP | BPF_CALL, 0, 0, 0, KG_HELPER_MAP_LOOKUP);
	kg_item_begin(b);
	kg_emit(b, BPF_JMP | BPF_K | BPF_JNE, 0, 0, 2, 0);
	kg_emit(b, BPF_ALU | BPF_K | BPF_MOV, 0, 0, 0, 0);
	kg_emit(b, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	kg_item_begin(b);
	kg_emit(b, BPF_ALU64 | BPF_X | BPF_MOV, KG_R9, 0, 0, 0);
	kg_item_begin(b);
	kg_emit(b, BPF_ALU64 | BPF_X | BPF_MOV, KG_R8, KG_R9, 0, 0);
	for (u8 reg = 0; reg < KG_NSCALAR; reg++) {
		u32 k;

		if (init[reg])
			continue;
		kg_item_begin(b);
		k = kg_below(r, 10);
		if (k < 3) {
			kg_emit(b, BPF_ALU64 | BPF_K | BPF_MOV, reg, 0, 0, kg_imm32(r));
		} else if (k < 4) {
			kg_emit(b, BPF_ALU | BPF_K | BPF_MOV, reg, 0, 0, kg_imm32(r));
		} else if (k < 5) {
			kg_ld_imm64(b, reg, 0, kg_imm64(r));
		} else if (k < 9) {
			kg_value_load(b, reg);
		} else {
			u8 from = 0;
			bool any = false;

			for (u8 j = 0; j < KG_NSCALAR; j++)
				if (init[j] && (!any || kg_chance(r, 50))) {
					from = j;
					any = true;
				}
			if (any)
				kg_emit(b, BPF_ALU64 | BPF_X | BPF_MOV, reg, from, 0, 0);
			else
				kg_value_load(b, reg);
		}
		init[reg] = true;
	}
}

/* Cut the builder's instructions into the plan's items. */
static int kg_to_plan(struct kg_builder *b, u32 body_end, struct kgen_plan *p)
{
	p->items = calloc(b->item_cnt ? b->item_cnt : 1, sizeof(*p->items));
	if (!p->items)
		return -ENOMEM;
	p->item_cnt = b->item_cnt;
	for (u32 k = 0; k < b->item_cnt; k++) {
		struct kgen_item *it = &p->items[k];
		u32 start = b->item_start[k];
		u32 end = k + 1 < b->item_cnt ? b->item_start[k + 1] : b->cnt;

		it->cnt = end - start;
		it->jump = -1;
		it->map_ref = -1;
		it->insns = malloc((it->cnt ? it->cnt : 1) * sizeof(*it->insns));
		if (!it->insns)
			return -ENOMEM;
		memcpy(it->insns, b->v + start, it->cnt * sizeof(*it->insns));
		for (u32 i = 0; i < it->cnt; i++)
			if (it->insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
			    it->insns[i].src == KG_MAP_FD_SRC)
				it->map_ref = (s32)i;
		for (u32 j = 0; j < b->jump_cnt; j++)
			if (b->jumps[j].insn >= start && b->jumps[j].insn < end) {
				it->jump = (s32)(b->jumps[j].insn - start);
				it->target = MIN(b->jumps[j].item, body_end);
			}
	}
	return 0;
}

int kgen_plan(u64 seed, u32 max_insns, u32 features, struct kgen_plan *out)
{
	static const u32 value_sizes[] = {1, 4, 8, 16, 24, 48, 64};
	static const u32 entries[] = {1, 2, 4, 16};
	struct kg_builder b;
	u32 body_budget, target, body_end;
	int err;

	memset(&b, 0, sizeof(b));
	memset(out, 0, sizeof(*out));
	b.rng.s = seed;
	b.features = features;
	b.value_size = value_sizes[kg_below(&b.rng, ARRAY_SIZE(value_sizes))];
	out->value_size = b.value_size;
	out->max_entries = entries[kg_below(&b.rng, ARRAY_SIZE(entries))];

	kg_prologue(&b, out->max_entries);
	/* one instruction for the final exit, one for the "r0 = rK" before it */
	body_budget = max_insns > b.cnt + 2 + 4 ? max_insns - b.cnt - 2 : 4;
	target = b.cnt + body_budget / 4 + kg_below(&b.rng, body_budget - body_budget / 4 + 1);
	while (b.cnt < target && !b.oom) {
		u32 before = b.cnt;

		kg_item_begin(&b);
		if (b.oom || !kg_body_item(&b)) {
			b.item_cnt -= b.oom ? 0 : 1;
			break;
		}
		if (b.cnt + 2 > max_insns) {
			/* the item did not fit: drop it (and any jump it recorded) */
			b.cnt = before;
			b.item_cnt--;
			while (b.jump_cnt && b.jumps[b.jump_cnt - 1].insn >= before)
				b.jump_cnt--;
			break;
		}
	}
	body_end = b.item_cnt;
	if (kg_chance(&b.rng, 50)) {
		kg_item_begin(&b);
		kg_emit(&b, kg_alu_class(&b, 70) | BPF_X | BPF_MOV, 0, kg_scalar(&b), 0, 0);
	}
	err = b.oom ? -ENOMEM : kg_to_plan(&b, body_end, out);
	free(b.item_start);
	free(b.jumps);
	free(b.v);
	if (err)
		kgen_plan_free(out);
	return err;
}

void kgen_plan_free(struct kgen_plan *p)
{
	for (u32 k = 0; p->items && k < p->item_cnt; k++)
		free(p->items[k].insns);
	free(p->items);
	memset(p, 0, sizeof(*p));
}

int kgen_layout(const struct kgen_plan *p, const bool *keep, struct kgen_prog *out)
{
	u32 *start = malloc((p->item_cnt + 1) * sizeof(*start));
	u32 cnt = 0, pos;

	memset(out, 0, sizeof(*out));
	if (!start)
		return -ENOMEM;
	for (u32 k = 0; k < p->item_cnt; k++)
		if (!keep || keep[k])
			cnt += p->items[k].cnt;
	out->insns = calloc(cnt + 1, sizeof(*out->insns));
	if (!out->insns) {
		free(start);
		return -ENOMEM;
	}
	out->map_insn = -1;
	out->value_size = p->value_size;
	out->max_entries = p->max_entries;
	pos = 0;
	for (u32 k = 0; k < p->item_cnt; k++) {
		start[k] = pos;
		if (keep && !keep[k])
			continue;
		memcpy(out->insns + pos, p->items[k].insns, p->items[k].cnt * sizeof(*out->insns));
		if (p->items[k].map_ref >= 0)
			out->map_insn = (s32)pos + p->items[k].map_ref;
		pos += p->items[k].cnt;
	}
	start[p->item_cnt] = pos; /* the final exit */
	out->insns[pos].code = BPF_JMP | BPF_EXIT;
	out->cnt = pos + 1;
	/* a jump to a left-out item lands on the next kept one (start[] of a left-out item is the
	 * position of the next kept item already) */
	for (u32 k = 0; k < p->item_cnt; k++) {
		const struct kgen_item *it = &p->items[k];

		if ((keep && !keep[k]) || it->jump < 0)
			continue;
		out->insns[start[k] + (u32)it->jump].off =
			(s16)((s32)start[MIN(it->target, p->item_cnt)] -
			      (s32)(start[k] + (u32)it->jump) - 1);
	}
	free(start);
	return 0;
}

int kgen_program(u64 seed, u32 max_insns, u32 features, struct kgen_prog *out)
{
	struct kgen_plan plan;
	int err = kgen_plan(seed, max_insns, features, &plan);

	if (err)
		return err;
	err = kgen_layout(&plan, NULL, out);
	kgen_plan_free(&plan);
	return err;
}

void kgen_free(struct kgen_prog *p)
{
	free(p->insns);
	p->insns = NULL;
	p->cnt = 0;
}

static const char *const kg_feature_names[] = {
	"alu-imm", "alu-reg", "neg",	   "end",	"movsx",  "ldimm64", "jmp",   "exit",
	"stack",   "value",   "value-var", "ptr-spill", "divmod", "alu32",   "jmp32", "memsx"};

int kgen_feature_parse(const char *list, u32 *mask)
{
	const char *s = list;

	*mask = 0;
	while (*s) {
		size_t n = strcspn(s, ",");
		bool found = false;

		for (u32 i = 0; i < ARRAY_SIZE(kg_feature_names); i++)
			if (strlen(kg_feature_names[i]) == n &&
			    !strncmp(s, kg_feature_names[i], n)) {
				*mask |= 1u << i;
				found = true;
			}
		if (!found && n)
			return -EINVAL;
		s += n;
		if (*s == ',')
			s++;
	}
	return 0;
}

void kgen_feature_names(u32 mask, char *buf, size_t len)
{
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	for (u32 i = 0; i < ARRAY_SIZE(kg_feature_names) && used < len; i++)
		if (mask & (1u << i)) {
			int n = snprintf(buf + used, len - used, "%s%s", used ? "," : "",
					 kg_feature_names[i]);

			if (n < 0)
				break;
			used += (size_t)n;
		}
}
