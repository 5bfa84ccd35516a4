/* text-roundtrip: a local measurement tool, not a unit test (the corpus is not on CI).
 *
 *   text-roundtrip [-v] FILE...
 *
 * For every program of every file (raw .bin with its JSON spec, or ELF object), print each
 * instruction with disasm_insn_log(), turn the program's maps, externs, type and flags into asm
 * directives, load the text with fe_asm_load() and compare the instructions byte for byte.
 * Prints the number of identical programs and instructions; -v lists every instruction that
 * differs. */
#include "disasm.h"
#include "frontend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const prog_flag_names[] = {
	"strict_alignment", "any_alignment", "test_rnd_hi32",	   "test_state_freq",
	"sleepable",	    "xdp_has_frags", "xdp_dev_bound_only", "test_reg_invariants",
};

static void header(const struct object *obj, const struct program *p, struct strbuf *sb)
{
	strbuf_printf(sb, ".type %s\n", prog_type_name(p->prog_type));
	if (p->prog_flags) {
		const char *sep = "";

		strbuf_puts(sb, ".flags ");
		for (u32 b = 0; b < 32; b++)
			if (p->prog_flags & (1u << b)) {
				if (b < ARRAY_SIZE(prog_flag_names))
					strbuf_printf(sb, "%s%s", sep, prog_flag_names[b]);
				sep = ",";
			}
		strbuf_putc(sb, '\n');
	}
	for (u32 i = 0; i < obj->map_cnt; i++) {
		const struct map_def *m = &obj->maps[i];

		strbuf_printf(sb, ".map %s %s key=%u value=%u entries=%u flags=%u\n", m->name,
			      map_type_name(m->type), m->key_size, m->value_size, m->max_entries,
			      m->flags);
	}
	for (u32 i = 0; i < p->extern_cnt; i++)
		strbuf_printf(sb, ".%s %s\n", p->externs[i].is_func ? "kfunc" : "ksym",
			      p->externs[i].name);
}

/* One program: disasm, asm, compare. Returns the number of identical instructions. */
static u32 roundtrip(const char *path, const struct object *obj, const struct program *p,
		     bool verbose, bool *prog_same)
{
	struct load_opts ao = {.prog_type = -1, .attach_type = -1};
	struct strbuf sb = STRBUF_INIT;
	struct object *back = NULL;
	struct diag d = {0};
	u32 same = 0;

	*prog_same = false;
	header(obj, p, &sb);
	for (u32 i = 0; i < p->insn_cnt; i++) {
		disasm_insn_log(p, p->insns, p->insn_cnt, i, &sb);
		strbuf_putc(&sb, '\n');
		if (p->insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) && i + 1 < p->insn_cnt)
			i++;
	}
	if (fe_asm_load(path, strbuf_str(&sb), sb.len, &ao, &back, &d)) {
		printf("%s: %s: asm: %s\n", path, p->name, d.msg);
		strbuf_free(&sb);
		return 0;
	}
	for (u32 i = 0; i < p->insn_cnt && i < back->progs[0].insn_cnt; i++) {
		const u8 *x = (const u8 *)&p->insns[i], *y = (const u8 *)&back->progs[0].insns[i];
		struct strbuf t = STRBUF_INIT;

		if (memcmp(x, y, sizeof(struct insn)) == 0) {
			same++;
			continue;
		}
		if (!verbose)
			continue;
		disasm_insn_log(p, p->insns, p->insn_cnt, i, &t);
		printf("%s: %s: %s:", path, p->name, strbuf_str(&t));
		for (int b = 0; b < 8; b++)
			printf(" %02x/%02x", x[b], y[b]);
		printf("\n");
		strbuf_free(&t);
	}
	*prog_same = same == p->insn_cnt && back->progs[0].insn_cnt == p->insn_cnt;
	object_free(back);
	strbuf_free(&sb);
	return same;
}

int main(int argc, char **argv)
{
	long progs = 0, progs_same = 0, insns = 0, insns_same = 0, load_fail = 0;
	bool verbose = false;

	for (int a = 1; a < argc; a++) {
		struct load_opts o = {.prog_type = -1, .attach_type = -1};
		struct object *obj = NULL;
		struct diag d = {0};

		if (strcmp(argv[a], "-v") == 0) {
			verbose = true;
			continue;
		}
		/* raw .bin(.gz) with its spec, or ELF objects (every program) */
		if (fe_load_file(argv[a], &o, &obj, &d)) {
			fprintf(stderr, "%s: not loadable: %s\n", argv[a], d.msg);
			load_fail++;
			continue;
		}
		for (u32 k = 0; k < obj->prog_cnt; k++) {
			const struct program *p = &obj->progs[k];
			bool same;

			if (!p->insns || !p->insn_cnt)
				continue;
			progs++;
			insns += p->insn_cnt;
			insns_same += roundtrip(argv[a], obj, p, verbose, &same);
			progs_same += same;
		}
		object_free(obj);
	}
	printf("programs: %ld/%ld identical after disasm -> asm (%ld files not loadable)\n",
	       progs_same, progs, load_fail);
	printf("instructions: %ld/%ld identical\n", insns_same, insns);
	return 0;
}
