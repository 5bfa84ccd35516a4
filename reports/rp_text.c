/* Plain text for people: a verdict line per program and, for a rejection, the kernel's message in
 * compiler style with the source line and the failing instruction. */
#include "report.h"

#include "disasm.h"

bool rp_src_loc(const struct program *prog, s32 insn, struct strbuf *sb)
{
	const struct src_loc *loc;

	if (insn < 0)
		return false;
	loc = program_src_loc(prog, (u32)insn);
	if (!loc || !loc->file)
		return false;
	strbuf_printf(sb, "%s:%u:%u", loc->file, loc->line, loc->col);
	return true;
}

static void emit_program(const struct file_report *f, const struct prog_report *pr,
			 bool with_verdicts, bool verbose, struct strbuf *out)
{
	const struct program *p = pr->prog;
	const struct result *r = &pr->res;
	const char *type = prog_type_name(p->prog_type);
	const struct src_loc *loc;

	strbuf_printf(out, "%s: %s (section %s, %s, %u insns)", f->path, p->name ? p->name : "?",
		      p->section ? p->section : "?", type ? type : "unknown", p->insn_cnt);
	if (!with_verdicts) {
		strbuf_putc(out, '\n');
		return;
	}
	strbuf_printf(out, ": %s", verdict_name(r->verdict));
	if (r->verdict == VERDICT_ACCEPT || verbose)
		strbuf_printf(out, " [processed %llu insns, %u states, peak %u, %llu us]",
			      (unsigned long long)r->stats.processed_insns, r->stats.total_states,
			      r->stats.peak_states, (unsigned long long)r->stats.time_us);
	strbuf_putc(out, '\n');
	if (r->verdict == VERDICT_ACCEPT)
		return;
	strbuf_puts(out, "  ");
	if (rp_src_loc(p, r->error_insn, out))
		strbuf_puts(out, ": ");
	/* the kernel's whole report when it spans lines: its first line is often the precise one */
	strbuf_puts(out, r->verdict == VERDICT_REJECT ? "error: " : "cannot verify: ");
	for (const char *m = r->message_block ? r->message_block
			     : r->message     ? r->message
					      : "(no message)";
	     *m; m++) {
		strbuf_putc(out, *m);
		if (*m == '\n' && m[1])
			strbuf_puts(out, "    ");
	}
	strbuf_putc(out, '\n');
	loc = r->error_insn >= 0 ? program_src_loc(p, (u32)r->error_insn) : NULL;
	if (loc && loc->line_text)
		strbuf_printf(out, "  %6u | %s\n", loc->line, loc->line_text);
	if (r->error_insn >= 0 && (u32)r->error_insn < p->insn_cnt) {
		strbuf_puts(out, "  at ");
		disasm_insn_log(p, p->insns, p->insn_cnt, (u32)r->error_insn, out);
		strbuf_putc(out, '\n');
	}
	if (r->detail)
		strbuf_printf(out, "  note: %s\n", r->detail);
}

void rp_text_emit(const struct file_report *files, u32 nfiles, bool with_verdicts, bool verbose,
		  struct strbuf *out)
{
	for (u32 i = 0; i < nfiles; i++) {
		const struct file_report *f = &files[i];

		if (f->error) {
			strbuf_printf(out, "%s: error: %s\n", f->path, f->error);
			continue;
		}
		if (f->prog_cnt == 0)
			strbuf_printf(out, "%s: no programs\n", f->path);
		for (u32 j = 0; j < f->prog_cnt; j++)
			emit_program(f, &f->progs[j], with_verdicts, verbose, out);
	}
}
