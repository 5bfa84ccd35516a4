/* text-roundtrip: a local measurement tool, not a unit test (the corpus is not on CI).
 *
 *   text-roundtrip [-v] FILE.bin...
 *
 * For every raw program (loaded with its JSON spec by the raw frontend), print each instruction
 * with disasm_insn_log(), turn the program's maps, externs, type and flags into asm directives,
 * load the text with fe_asm_load() and compare the instructions byte for byte. Prints the number
 * of identical programs and instructions; -v lists every instruction that differs. */
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

int main(int argc, char **argv)
{
	long progs = 0, progs_same = 0, insns = 0, insns_same = 0, load_fail = 0;
	bool verbose = false;

	for (int a = 1; a < argc; a++) {
		struct load_opts o = {.prog_type = -1, .attach_type = -1, .format = "raw"};
		struct load_opts ao = {.prog_type = -1, .attach_type = -1};
		struct object *obj = NULL, *back = NULL;
		struct strbuf sb = STRBUF_INIT;
		struct diag d = {0};
		const struct program *p, *q;
		u32 same = 0;

		if (strcmp(argv[a], "-v") == 0) {
			verbose = true;
			continue;
		}
		if (fe_load_file(argv[a], &o, &obj, &d)) {
			fprintf(stderr, "%s: raw frontend: %s\n", argv[a], d.msg);
			load_fail++;
			continue;
		}
		p = &obj->progs[0];
		header(obj, p, &sb);
		for (u32 i = 0; i < p->insn_cnt; i++) {
			disasm_insn_log(p, p->insns, p->insn_cnt, i, &sb);
			strbuf_putc(&sb, '\n');
			if (p->insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) && i + 1 < p->insn_cnt)
				i++;
		}
		progs++;
		insns += p->insn_cnt;
		diag_clear(&d);
		if (fe_asm_load(argv[a], strbuf_str(&sb), sb.len, &ao, &back, &d)) {
			printf("%s: asm: %s\n", argv[a], d.msg);
		} else {
			q = &back->progs[0];
			for (u32 i = 0; i < p->insn_cnt && i < q->insn_cnt; i++) {
				if (memcmp(&p->insns[i], &q->insns[i], sizeof(struct insn)) == 0) {
					same++;
					continue;
				}
				if (verbose) {
					struct strbuf t = STRBUF_INIT;
					const u8 *x = (const u8 *)&p->insns[i],
						 *y = (const u8 *)&q->insns[i];

					disasm_insn_log(p, p->insns, p->insn_cnt, i, &t);
					printf("%s: %s:", argv[a], strbuf_str(&t));
					for (int b = 0; b < 8; b++)
						printf(" %02x/%02x", x[b], y[b]);
					printf("\n");
					strbuf_free(&t);
				}
			}
			if (same == p->insn_cnt && q->insn_cnt == p->insn_cnt)
				progs_same++;
			insns_same += same;
			object_free(back);
		}
		strbuf_free(&sb);
		object_free(obj);
	}
	printf("programs: %ld/%ld identical after disasm -> asm (%ld not loadable as raw)\n",
	       progs_same, progs, load_fail);
	printf("instructions: %ld/%ld identical\n", insns_same, insns);
	return 0;
}
