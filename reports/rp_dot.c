/* The control-flow graph as DOT: one cluster per subprogram, one record node per basic block with
 * its instructions in the kernel's syntax, edges labelled by kind, back-edges dashed, and the block
 * holding the failing instruction drawn in red so a rejection can be located at a glance. */
#include "report.h"

#include "disasm.h"

/* DOT record labels treat these characters specially; escape them. */
static void dot_escape(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\' || *s == '{' || *s == '}' || *s == '<' || *s == '>' ||
		    *s == '|')
			strbuf_putc(out, '\\');
		strbuf_putc(out, *s);
	}
}

static void emit_block(const struct program *prog, const struct cfg *cfg, u32 b, s32 fail_insn,
		       struct strbuf *out)
{
	const struct cfg_block *blk = &cfg->blocks[b];
	struct strbuf line = STRBUF_INIT;
	bool failing = fail_insn >= 0 && (u32)fail_insn >= blk->start && (u32)fail_insn < blk->end;

	strbuf_printf(out, "    b%u [shape=box, fontname=\"monospace\"%s, label=\"", b,
		      failing ? ", color=red, penwidth=2" : "");
	for (u32 i = blk->start; i < blk->end; i++) {
		if (cfg->insn_flags && (cfg->insn_flags[i] & INSN_LDIMM64_HI))
			continue;
		strbuf_reset(&line);
		disasm_insn_log(prog, prog->insns, prog->insn_cnt, i, &line);
		if (failing && (s32)i == fail_insn)
			strbuf_puts(&line, "   <-- rejected here");
		dot_escape(out, strbuf_str(&line));
		strbuf_puts(out, "\\l");
	}
	strbuf_puts(out, "\"];\n");
	strbuf_free(&line);
}

void rp_dot_emit(const struct program *prog, const struct cfg *cfg, s32 fail_insn,
		 struct strbuf *out)
{
	strbuf_puts(out, "digraph bpfvet {\n  node [shape=box];\n");
	strbuf_puts(out, "  label=\"");
	dot_escape(out, prog->name ? prog->name : "program");
	strbuf_puts(out, "\";\n");
	for (u32 s = 0; s < cfg->subprog_cnt; s++) {
		strbuf_printf(out, "  subgraph cluster_%u {\n    label=\"subprog %u (insn %u)\";\n",
			      s, s, cfg->subprogs[s].start);
		for (u32 b = 0; b < cfg->block_cnt; b++)
			if (cfg->blocks[b].subprog == s)
				emit_block(prog, cfg, b, fail_insn, out);
		strbuf_puts(out, "  }\n");
	}
	for (u32 e = 0; e < cfg->edge_cnt; e++) {
		const struct cfg_edge *ed = &cfg->edges[e];
		static const char *const kind[] = {"", "taken", "call"};

		strbuf_printf(out, "  b%u -> b%u [label=\"%s\"%s%s];\n", ed->from_block,
			      ed->to_block, ed->kind < 3 ? kind[ed->kind] : "",
			      ed->back_edge ? ", style=dashed" : "",
			      ed->kind == 2 ? ", color=blue" : "");
	}
	strbuf_puts(out, "}\n");
}
