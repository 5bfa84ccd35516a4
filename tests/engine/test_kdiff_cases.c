/* Regression tests from bpfvet-kdiff: programs (reduced by kdiff, in the kernel's disassembly
 * syntax) on which bpfvet's level-2 log once differed from the running 6.18 kernel's. Each case
 * holds register/stack items exactly as the kernel printed them at one place of its log ("from X
 * to Y:", "N: (op)", or "N:" before an insn), and bpfvet's log must print the same item there. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "frontend.h"

struct expect {
	const char *at;	  /* the log line starts with this */
	const char *item; /* and holds this item ("R2=scalar(...)") as the kernel printed it;
				 * NULL: the log has a line equal to at ("from 17 to 19: safe") */
};

struct kcase {
	const char *name;
	u32 value_size, entries; /* the array map of the kdiff program (key 4) */
	const char *asm_text;
	struct expect expect[8];
	u32 verdict;
	const char *message; /* NULL: not checked */
	u64 processed;	     /* the kernel's "processed N insns"; 0: not checked */
};

/* item appears in line as a whole item: after a space, followed by a space or the line's end */
static bool line_has_item(const char *line, size_t len, const char *item)
{
	size_t il = strlen(item);

	for (size_t i = 0; i + il <= len; i++) {
		if (line[i] != ' ' || strncmp(line + i + 1, item, il) != 0)
			continue;
		if (i + 1 + il == len || line[i + 1 + il] == ' ')
			return true;
	}
	return false;
}

static bool log_has(const char *log, const struct expect *x, char *seen, size_t seen_sz)
{
	size_t al = strlen(x->at);

	seen[0] = '\0';
	for (const char *l = log; l && *l;) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);

		if (len >= al && strncmp(l, x->at, al) == 0) {
			if (!x->item ? len == al : line_has_item(l, len, x->item))
				return true;
			snprintf(seen, seen_sz, "%.*s", (int)len, l);
		}
		l = nl ? nl + 1 : NULL;
	}
	return false;
}

static void run_case(const struct kcase *c)
{
	struct cli_map m = {.type = BPF_MAP_TYPE_ARRAY,
			    .key_size = 4,
			    .value_size = c->value_size,
			    .max_entries = c->entries};
	struct load_opts lo = {.prog_type = BPF_PROG_TYPE_SOCKET_FILTER,
			       .attach_type = -1,
			       .maps = &m,
			       .map_cnt = 1};
	/* kdiff's load flags: BPF_F_TEST_RND_HI32 | BPF_F_TEST_REG_INVARIANTS */
	struct analyze_opts ao = {.log_level = 2, .extra_prog_flags = 0x84};
	struct object *obj = NULL;
	struct diag d = {0};
	struct result r;
	char seen[4096];

	ck_assert_int_eq(fe_asm_load(c->name, c->asm_text, strlen(c->asm_text), &lo, &obj, &d), 0);
	/* kdiff loads raw instructions with unnamed maps: the log names no map */
	obj->format = INPUT_RAW;
	result_init(&r);
	analyze_program(&obj->progs[0], &ao, &r);
	ck_assert_msg(r.verdict == c->verdict, "%s: verdict %s (%s)", c->name,
		      verdict_name(r.verdict), r.message ? r.message : "");
	if (c->message)
		ck_assert_msg(r.message && strcmp(r.message, c->message) == 0,
			      "%s: message '%s', kernel '%s'", c->name, r.message ? r.message : "",
			      c->message);
	for (u32 i = 0; i < 8 && c->expect[i].at; i++)
		ck_assert_msg(r.log && log_has(r.log, &c->expect[i], seen, sizeof(seen)),
			      "%s: at '%s' the kernel printed %s; bpfvet: %s", c->name,
			      c->expect[i].at, c->expect[i].item ? c->expect[i].item : "that line",
			      seen[0] ? seen : "(no such line)");
	if (c->processed)
		ck_assert_msg(r.stats.processed_insns == c->processed,
			      "%s: processed %llu insns, the kernel %llu", c->name,
			      (unsigned long long)r.stats.processed_insns,
			      (unsigned long long)c->processed);
	result_fini(&r);
	object_free(obj);
}

/* Prologue of every kdiff program: a map value pointer in r0 (then r9). */
#define PROLOGUE                                                                                   \
	"0: (62) *(u32 *)(r10 -4) = 0\n"                                                           \
	"1: (bf) r2 = r10\n"                                                                       \
	"2: (07) r2 += -4\n"                                                                       \
	"3: (18) r1 = map[map0]\n"                                                                 \
	"5: (85) call bpf_map_lookup_elem#1\n"                                                     \
	"6: (55) if r0 != 0x0 goto pc+2\n"                                                         \
	"7: (b4) w0 = 0\n"                                                                         \
	"8: (95) exit\n"

static const struct kcase cases[] = {
	{
		/* seed 803: a branch refines only the linked registers live at the jump (6.18's
		 * collect_linked_regs()); r2 is dead at 13, so it keeps its range */
		.name = "linked-dead-reg",
		.value_size = 4,
		.entries = 4,
		.asm_text = PROLOGUE "9: (bf) r9 = r0\n"
				     "10: (71) r2 = *(u8 *)(r9 +1)\n"
				     "11: (bf) r5 = r2\n"
				     "12: (71) r1 = *(u8 *)(r9 +2)\n"
				     "13: (2e) if w5 > w1 goto pc+0\n"
				     "14: (95) exit\n",
		.expect =
			{
				{"from 13 to 14:",
				 "R2=scalar(id=1,smin=smin32=0,smax=umax=smax32=umax32=255,"
				 "var_off=(0x0; 0xff))"},
				{"from 13 to 14:",
				 "R5=scalar(id=1,smin=umin=smin32=umin32=1,smax=umax="
				 "smax32=umax32=255,var_off=(0x0; 0xff))"},
				{"from 13 to 14:",
				 "R1=scalar(smin=smin32=0,smax=umax=smax32=umax32=254,"
				 "var_off=(0x0; 0xff))"},
			},
		.verdict = VERDICT_ACCEPT,
	},
	{
		/* seed 403: "if r6 s< r6" refines the register against itself into empty bounds;
		 * with BPF_F_TEST_REG_INVARIANTS 6.18 fails the load with its verifier-bug line */
		.name = "reg-invariants",
		.value_size = 4,
		.entries = 1,
		.asm_text = "0: (85) call bpf_get_prandom_u32#7\n"
			    "1: (bf) r6 = r0\n"
			    "2: (44) w6 |= -2\n"
			    "3: (cd) if r6 s< r6 goto pc+0\n"
			    "4: (95) exit\n",
		.verdict = VERDICT_REJECT,
		.message = "verifier bug: REG INVARIANTS VIOLATION (true_reg1): range bounds "
			   "violation u64=[0xfffffffe, 0xffffffff] s64=[0xffffffff, 0xfffffffe] "
			   "u32=[0xfffffffe, 0xffffffff] s32=[0xfffffffe, 0xffffffff] "
			   "var_off=(0xfffffffe, 0x1)",
	},
	{
		/* seed 344: r0 is imprecise at the checkpoint of 19 (nothing needed its value), so
		 * the path from 17 is pruned there although its r0 differs (precision tracking) */
		.name = "imprecise-prune",
		.value_size = 16,
		.entries = 2,
		.asm_text = "0: (62) *(u32 *)(r10 -4) = 1\n"
			    "1: (bf) r2 = r10\n"
			    "2: (07) r2 += -4\n"
			    "3: (18) r1 = map[map0]\n"
			    "5: (85) call bpf_map_lookup_elem#1\n"
			    "6: (55) if r0 != 0x0 goto pc+2\n"
			    "7: (b4) w0 = 0\n"
			    "8: (95) exit\n"
			    "9: (bf) r9 = r0\n"
			    "10: (71) r0 = *(u8 *)(r9 +0)\n"
			    "11: (79) r2 = *(u64 *)(r9 +5)\n"
			    "12: (79) r3 = *(u64 *)(r9 +4)\n"
			    "13: (89) r4 = *(s16 *)(r9 +11)\n"
			    "14: (ad) if r4 < r2 goto pc+0\n"
			    "15: (bf) r6 = r3\n"
			    "16: (79) r5 = *(u64 *)(r9 +1)\n"
			    "17: (1e) if w5 == w0 goto pc+1\n"
			    "18: (84) w0 = -w0\n"
			    "19: (14) w3 -= 2\n"
			    "20: (bf) r1 = r3\n"
			    "21: (95) exit\n",
		.expect =
			{
				{"from 17 to 19: safe", NULL},
				{"20: (bf) r1 = r3", "R1=scalar(id=3,smin=0,smax=umax=0xffffffff,"
						     "var_off=(0x0; 0xffffffff))"},
			},
		.verdict = VERDICT_ACCEPT,
		.processed = 28,
	},
	{
		/* seed 999: 6.18 forks "r5 &= const" when r5 is in [-1, 0] (maybe_fork_scalars):
		 * r5 = -1 here, r5 = 0 in a branch that runs the insn again */
		.name = "and-fork",
		.value_size = 1,
		.entries = 4,
		.asm_text = "0: (85) call bpf_get_prandom_u32#7\n"
			    "1: (bc) w6 = w0\n"
			    "2: (63) *(u32 *)(r10 -4) = r6\n"
			    "3: (bf) r2 = r10\n"
			    "4: (07) r2 += -4\n"
			    "5: (18) r1 = map[map0]\n"
			    "7: (85) call bpf_map_lookup_elem#1\n"
			    "8: (55) if r0 != 0x0 goto pc+2\n"
			    "9: (b4) w0 = 0\n"
			    "10: (95) exit\n"
			    "11: (bf) r9 = r0\n"
			    "12: (b7) r4 = 2\n"
			    "13: (91) r5 = *(s8 *)(r9 +0)\n"
			    "14: (c7) r5 s>>= 55\n"
			    "15: (5f) r5 &= r4\n"
			    "16: (95) exit\n",
		.expect =
			{
				{"15: (5f) r5 &= r4", "R5=2"},
				{"from 15 to 15:", "R5=0"},
				{"15: (5f) r5 &= r4", "R5=0"},
			},
		.verdict = VERDICT_ACCEPT,
		.processed = 18,
	},
	{
		/* seed 1800: with allow_uninit_stack an uninitialized slot compares as an unknown
		 * scalar (is_stack_all_misc()), so the imprecise spill of fp-56 at the checkpoint
		 * of 35 does not block pruning the path whose fp-56 was never written */
		.name = "uninit-slot-as-misc",
		.value_size = 1,
		.entries = 1,
		.asm_text = "0: (85) call bpf_get_prandom_u32#7\n"
			    "1: (bc) w7 = w0\n"
			    "2: (62) *(u32 *)(r10 -4) = 1\n"
			    "3: (bf) r2 = r10\n"
			    "4: (07) r2 += -4\n"
			    "5: (18) r1 = map[map0]\n"
			    "7: (85) call bpf_map_lookup_elem#1\n"
			    "8: (55) if r0 != 0x0 goto pc+2\n"
			    "9: (b4) w0 = 0\n"
			    "10: (95) exit\n"
			    "11: (bf) r9 = r0\n"
			    "12: (71) r0 = *(u8 *)(r9 +0)\n"
			    "13: (b7) r1 = -1643426822\n"
			    "14: (b4) w2 = -2147483648\n"
			    "15: (71) r3 = *(u8 *)(r9 +0)\n"
			    "16: (71) r4 = *(u8 *)(r9 +0)\n"
			    "17: (bf) r5 = r7\n"
			    "18: (26) if w2 > 0x1f goto pc+0\n"
			    "19: (9f) r2 %= r0\n"
			    "20: (35) if r7 >= 0x1ffffff goto pc+6\n"
			    "21: (71) r5 = *(u8 *)(r10 -25)\n"
			    "22: (7b) *(u64 *)(r10 -56) = r3\n"
			    "23: (71) r6 = *(u8 *)(r10 -44)\n"
			    "24: (73) *(u8 *)(r9 +0) = r0\n"
			    "25: (b6) if w5 <= 0xc1028767 goto pc+1\n"
			    "26: (95) exit\n"
			    "27: (7d) if r1 s>= r7 goto pc+3\n"
			    "28: (71) r3 = *(u8 *)(r9 +0)\n"
			    "29: (79) r6 = *(u64 *)(r10 -8)\n"
			    "30: (cc) w5 s>>= w1\n"
			    "31: (71) r2 = *(u8 *)(r10 -26)\n"
			    "32: (9f) r7 %= r5\n"
			    "33: (26) if w6 > 0xfffffff1 goto pc+1\n"
			    "34: (63) *(u32 *)(r10 -64) = r5\n"
			    "35: (79) r5 = *(u64 *)(r10 -56)\n"
			    "36: (0f) r4 += r2\n"
			    "37: (14) w0 -= -603096731\n"
			    "38: (71) r2 = *(u8 *)(r9 +0)\n"
			    "39: (71) r2 = *(u8 *)(r9 +0)\n"
			    "40: (26) if w1 > 0x7fffff goto pc+0\n"
			    "41: (95) exit\n",
		.expect =
			{
				{"35: safe", NULL},
			},
		.verdict = VERDICT_ACCEPT,
		.processed = 57,
	},
	{
		/* seed 4303: "r4 = *(u32 *)(r10 -44)" reads part of the spill of r2 at fp-48 while
		 * it holds 0: still a fill, so backtracking follows r4 into fp-48 and r2; the
		 * branch from 21 is then not pruned at 25 */
		.name = "narrow-zero-fill",
		.value_size = 1,
		.entries = 16,
		.asm_text = "0: (85) call bpf_get_prandom_u32#7\n"
			    "1: (bc) w7 = w0\n"
			    "2: (62) *(u32 *)(r10 -4) = 1\n"
			    "3: (bf) r2 = r10\n"
			    "4: (07) r2 += -4\n"
			    "5: (18) r1 = map[map0]\n"
			    "7: (85) call bpf_map_lookup_elem#1\n"
			    "8: (55) if r0 != 0x0 goto pc+2\n"
			    "9: (b4) w0 = 0\n"
			    "10: (95) exit\n"
			    "11: (bf) r9 = r0\n"
			    "12: (b7) r0 = 524289\n"
			    "13: (71) r1 = *(u8 *)(r9 +0)\n"
			    "14: (71) r2 = *(u8 *)(r9 +0)\n"
			    "15: (bf) r4 = r7\n"
			    "16: (2e) if w4 > w2 goto pc+1\n"
			    "17: (44) w2 |= 971762262\n"
			    "18: (7b) *(u64 *)(r10 -48) = r2\n"
			    "19: (18) r4 = 0x7fffffffff\n"
			    "21: (26) if w2 > 0x0 goto pc+3\n"
			    "22: (bf) r8 = r9\n"
			    "23: (0f) r8 += r2\n"
			    "24: (71) r2 = *(u8 *)(r8 +0)\n"
			    "25: (26) if w1 > 0x0 goto pc+3\n"
			    "26: (bf) r8 = r9\n"
			    "27: (0f) r8 += r1\n"
			    "28: (71) r5 = *(u8 *)(r8 +0)\n"
			    "29: (66) if w7 s> 0xc goto pc+1\n"
			    "30: (61) r4 = *(u32 *)(r10 -44)\n"
			    "31: (b6) if w7 <= 0xffff7fff goto pc+2\n"
			    "32: (bf) r0 = r2\n"
			    "33: (95) exit\n"
			    "34: (2e) if w4 > w0 goto pc+0\n"
			    "35: (95) exit\n",
		.expect =
			{
				{"from 21 to 25:",
				 "fp-48=scalar(id=4,smin=umin=smin32=umin32=1,smax=umax="
				 "smax32=umax32=255,var_off=(0x0; 0xff))"},
			},
		.verdict = VERDICT_ACCEPT,
		.processed = 80,
	},
	{
		/* seed 1906: insn 47 reads fp-24 but is never verified (r7 is 0 at 46), so 6.18's
		 * stack liveness, built from the accesses it verified, has fp-24 dead at 46 and the
		 * branch from 44 is pruned there */
		.name = "verified-stack-liveness",
		.value_size = 48,
		.entries = 2,
		.asm_text = "0: (85) call bpf_get_prandom_u32#7\n"
			    "1: (bf) r6 = r0\n"
			    "2: (63) *(u32 *)(r10 -4) = r6\n"
			    "3: (bf) r2 = r10\n"
			    "4: (07) r2 += -4\n"
			    "5: (18) r1 = map[map0]\n"
			    "7: (85) call bpf_map_lookup_elem#1\n"
			    "8: (55) if r0 != 0x0 goto pc+2\n"
			    "9: (b4) w0 = 0\n"
			    "10: (95) exit\n"
			    "11: (bf) r9 = r0\n"
			    "12: (79) r1 = *(u64 *)(r9 +27)\n"
			    "13: (81) r3 = *(s32 *)(r9 +14)\n"
			    "14: (b7) r4 = 65536\n"
			    "15: (79) r5 = *(u64 *)(r9 +40)\n"
			    "16: (71) r7 = *(u8 *)(r9 +30)\n"
			    "17: (6e) if w7 s> w4 goto pc+8\n"
			    "18: (18) r2 = 0xb001af84836433ff\n"
			    "20: (a6) if w7 < 0xfffffff9 goto pc+1\n"
			    "21: (95) exit\n"
			    "22: (35) if r4 >= 0x2f goto pc+3\n"
			    "23: (bf) r8 = r9\n"
			    "24: (0f) r8 += r4\n"
			    "25: (69) r5 = *(u16 *)(r8 +0)\n"
			    "26: (69) r0 = *(u16 *)(r10 -36)\n"
			    "27: (17) r0 -= 8\n"
			    "28: (65) if r1 s> 0x621f8282 goto pc+1\n"
			    "29: (95) exit\n"
			    "30: (87) r1 = -r1\n"
			    "31: (4c) w4 |= w3\n"
			    "32: (73) *(u8 *)(r10 -5) = r3\n"
			    "33: (79) r2 = *(u64 *)(r10 -40)\n"
			    "34: (de) if w6 s<= w1 goto pc+2\n"
			    "35: (69) r3 = *(u16 *)(r9 +17)\n"
			    "36: (4e) if w3 & w5 goto pc+1\n"
			    "37: (71) r5 = *(u8 *)(r9 +24)\n"
			    "38: (d7) r6 = bswap32 r6\n"
			    "39: (c4) w7 s>>= 25\n"
			    "40: (61) r5 = *(u32 *)(r9 +44)\n"
			    "41: (74) w6 >>= 17\n"
			    "42: (dd) if r3 s<= r3 goto pc+0\n"
			    "43: (7b) *(u64 *)(r10 -56) = r1\n"
			    "44: (3d) if r2 >= r6 goto pc+1\n"
			    "45: (73) *(u8 *)(r10 -19) = r7\n"
			    "46: (c5) if r7 s< 0x2 goto pc+1\n"
			    "47: (79) r1 = *(u64 *)(r10 -24)\n"
			    "48: (bf) r0 = r2\n"
			    "49: (95) exit\n",
		.expect =
			{
				{"from 44 to 46: safe", NULL},
			},
		.verdict = VERDICT_ACCEPT,
		.processed = 52,
	},
	{
		/* seed 737: "r4 = *(u16 *)(r10 -2)" cannot bring back a stack pointer, so the
		 * access through r8 = r9 + r4 at 48 is not a stack read and the stack is dead at
		 * 45; the path from 34 is pruned there as in the kernel */
		.name = "narrow-load-not-stack-ptr",
		.value_size = 64,
		.entries = 16,
		.asm_text = "0: (62) *(u32 *)(r10 -4) = 16\n"
			    "1: (bf) r2 = r10\n"
			    "2: (07) r2 += -4\n"
			    "3: (18) r1 = map[map0]\n"
			    "5: (85) call bpf_map_lookup_elem#1\n"
			    "6: (55) if r0 != 0x0 goto pc+2\n"
			    "7: (b4) w0 = 0\n"
			    "8: (95) exit\n"
			    "9: (bf) r9 = r0\n"
			    "10: (bf) r8 = r9\n"
			    "11: (b7) r0 = 255\n"
			    "12: (79) r1 = *(u64 *)(r9 +56)\n"
			    "13: (79) r2 = *(u64 *)(r9 +35)\n"
			    "14: (bf) r3 = r1\n"
			    "15: (71) r4 = *(u8 *)(r9 +53)\n"
			    "16: (18) r5 = 0x80000000\n"
			    "18: (79) r6 = *(u64 *)(r9 +44)\n"
			    "19: (69) r7 = *(u16 *)(r9 +50)\n"
			    "20: (bc) w2 = w0\n"
			    "21: (37) r0 /= 2147483647\n"
			    "22: (25) if r6 > 0x3f goto pc+3\n"
			    "23: (bf) r8 = r9\n"
			    "24: (0f) r8 += r6\n"
			    "25: (73) *(u8 *)(r8 +0) = r0\n"
			    "26: (4c) w6 |= w7\n"
			    "27: (2f) r4 *= r4\n"
			    "28: (79) r7 = *(u64 *)(r9 +56)\n"
			    "29: (17) r7 -= -9\n"
			    "30: (2f) r2 *= r3\n"
			    "31: (de) if w3 s<= w3 goto pc+6\n"
			    "32: (9f) r5 s%= r7\n"
			    "33: (69) r4 = *(u16 *)(r10 -2)\n"
			    "34: (36) if w3 >= 0x1ffff goto pc+4\n"
			    "35: (6f) r6 <<= r1\n"
			    "36: (7b) *(u64 *)(r10 -72) = r9\n"
			    "37: (79) r8 = *(u64 *)(r10 -72)\n"
			    "38: (9c) w2 s%= w4\n"
			    "39: (a4) w7 ^= 6\n"
			    "40: (b7) r7 = 536870912\n"
			    "41: (37) r7 /= 131073\n"
			    "42: (a4) w3 ^= -288630418\n"
			    "43: (dd) if r7 s<= r4 goto pc+9\n"
			    "44: (c7) r2 s>>= 36\n"
			    "45: (25) if r4 > 0x3c goto pc+3\n"
			    "46: (bf) r8 = r9\n"
			    "47: (0f) r8 += r4\n"
			    "48: (61) r5 = *(u32 *)(r8 +0)\n"
			    "49: (25) if r6 > 0x3e goto pc+3\n"
			    "50: (bf) r8 = r9\n"
			    "51: (0f) r8 += r6\n"
			    "52: (6b) *(u16 *)(r8 +0) = r7\n"
			    "53: (bf) r0 = r2\n"
			    "54: (95) exit\n",
		.expect =
			{
				{"45: safe", NULL},
			},
		.verdict = VERDICT_ACCEPT,
		.processed = 102,
	},
};

START_TEST(test_kdiff_case)
{
	run_case(&cases[_i]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kdiff-cases");
	TCase *tc = tcase_create("kernel-log");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_kdiff_case, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
