/* bpfvet-kdiff: differential testing of bpfvet against the running kernel's verifier. For each
 * seed it generates a program (kgen.c), loads it into the kernel with a level-2 log (kload.c),
 * analyses the same program with bpfvet's library at log level 2, and compares the verdicts, the
 * rejection messages and, instruction by instruction, the register and stack states both logs
 * print (klog.c, kcmp.c). Mismatches are printed, grouped into buckets (what differs at which
 * kind of instruction, with the smallest example), and the programs saved for reproduction.
 * Needs root (bpf(2)); without it the tool says "skipped" and succeeds, so scripts can call it. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer.h"
#include "disasm.h"
#include "kcmp.h"
#include "kgen.h"
#include "klog.h"
#include "kload.h"
#include "kspec.h"
#include "strbuf.h"

#define KD_PROG_TYPE	    1 /* BPF_PROG_TYPE_SOCKET_FILTER */
#define KD_MAP_ARRAY	    2 /* BPF_MAP_TYPE_ARRAY */
#define KD_PROG_FLAGS	    (BPF_F_TEST_REG_INVARIANTS | BPF_F_TEST_RND_HI32)
#define KD_DETAILS_PER_PROG 3

struct kd_opts {
	u32 count;
	u64 seed;
	u32 max_insns;
	const char *keep; /* --keep DIR, or NULL */
	bool verbose;
	bool no_reduce; /* --no-reduce */
	u32 features;	/* enum kgen_feature mask (--without / --only) */
};

struct kd_bucket {
	char *key;
	u32 count;
	u64 ex_seed; /* smallest example */
	u32 ex_size;
	char *ex_text;
	char *min_text; /* the example reduced: disassembly and difference, or NULL */
};

struct kd_buckets {
	struct kd_bucket *v;
	u32 cnt;
};

struct kd_counts {
	u32 programs;
	u64 compared;
	u64 mismatches;
	u32 kernel_rejects;
	u32 processed_diffs;
	u64 extra_items; /* matched states where bpfvet printed more items */
};

struct kd_run {
	struct kd_opts o;
	const char *out_dir; /* where mismatching programs are written */
	char feature_names[256];
	char feature_arg[300];	 /* " --without LIST" or " --only LIST" reproducing the features */
	struct kd_buckets all;	 /* every difference */
	struct kd_buckets first; /* the first difference of each program: likely root causes */
	struct kd_counts c;
	struct kd_bucket processed_ex; /* smallest example of each of these two */
	struct kd_bucket extra_ex;
	/* the program being compared */
	u64 seed;
	const struct kgen_prog *gen;
	const struct klog *klog;
	u32 prog_mismatches;
	bool first_seen; /* the program's first difference is already in run->first */
	bool saved;
	char name[64]; /* file name stem of the program: "kdiff-SEED", "kdiff-SEED-min" */
	/* probe mode (reduction): nothing is printed or counted; only whether the program's first
	 * difference has the key probe_key, and its text */
	const char *probe_key;
	bool probe_hit;
	bool probe_save;     /* save the probed program's files (the final reduced program) */
	bool probe_accepted; /* the kernel's verdict on the probed program */
	char *probe_text;
};

static void kd_usage(FILE *f)
{
	fprintf(f, "usage: bpfvet-kdiff [--count N] [--seed S] [--max-insns K] [--keep DIR] "
		   "[--verbose]\n"
		   "Generate random BPF programs, verify each with the running kernel (needs root) "
		   "and\n"
		   "with bpfvet at log level 2, and report where verdicts, messages or states "
		   "differ.\n"
		   "  --count N      programs to generate (default 100)\n"
		   "  --seed S       seed of the first program (program i uses S+i; default 1)\n"
		   "  --max-insns K  instructions per program at most (default 64, at least 40)\n"
		   "  --keep DIR     write mismatching programs as "
		   "DIR/kdiff-SEED.{bin,json,asm,*.log}\n"
		   "                 (default directory for them: $TMPDIR/kdiff or /tmp/kdiff)\n"
		   "  --without LIST leave these program features out (comma-separated), to look "
		   "past a\n"
		   "                 known difference; --only LIST keeps just these. Features: "
		   "alu-imm,\n"
		   "                 alu-reg, neg, end, movsx, ldimm64, jmp, exit, stack, value,\n"
		   "                 value-var, ptr-spill, divmod, alu32, jmp32, memsx\n"
		   "  --no-reduce    do not shrink the example of each root-cause bucket (by "
		   "default it\n"
		   "                 is reduced and saved as kdiff-SEED-min.asm)\n"
		   "  --verbose      print every mismatch and every program's verdicts\n");
}

static int kd_parse_u64(const char *s, u64 *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || !*s || *end || *s == '-' ? -EINVAL : 0;
}

static int kd_parse_opts(int argc, char **argv, struct kd_opts *o)
{
	static const struct option longopts[] = {
		{"count", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 's'},
		{"max-insns", required_argument, NULL, 'm'},
		{"keep", required_argument, NULL, 'k'},
		{"verbose", no_argument, NULL, 'v'},
		{"without", required_argument, NULL, 'w'},
		{"only", required_argument, NULL, 'o'},
		{"no-reduce", no_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	o->count = 100;
	o->seed = 1;
	o->max_insns = 64;
	o->features = KGEN_ALL;
	while ((c = getopt_long(argc, argv, "n:s:m:k:vh", longopts, NULL)) != -1) {
		u64 v;
		u32 mask;

		switch (c) {
		case 'n':
		case 'm':
			if (kd_parse_u64(optarg, &v) || v > 1000000000ull) {
				fprintf(stderr, "bpfvet-kdiff: bad number '%s'\n", optarg);
				return -EINVAL;
			}
			if (c == 'n')
				o->count = (u32)v;
			else
				o->max_insns = (u32)MIN(MAX(v, 40), 4096);
			break;
		case 's':
			if (kd_parse_u64(optarg, &o->seed)) {
				fprintf(stderr, "bpfvet-kdiff: bad seed '%s'\n", optarg);
				return -EINVAL;
			}
			break;
		case 'k':
			o->keep = optarg;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'r':
			o->no_reduce = true;
			break;
		case 'w':
		case 'o':
			if (kgen_feature_parse(optarg, &mask)) {
				fprintf(stderr, "bpfvet-kdiff: unknown feature in '%s'\n", optarg);
				return -EINVAL;
			}
			o->features = c == 'w' ? o->features & ~mask : mask;
			break;
		case 'h':
			kd_usage(stdout);
			exit(0);
		default:
			kd_usage(stderr);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		kd_usage(stderr);
		return -EINVAL;
	}
	return 0;
}

/* Replace numbers by N and register numbers by their kind, so that similar differences share a
 * bucket: "scalar(smin=0,smax=0xff)" -> "scalar(smin=N,smax=N)", "r3 += r1" -> "r += r". */
static bool kd_is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static void kd_shape(const char *s, struct strbuf *sb)
{
	const char *start = s;

	/* an instruction's "(bf) " opcode prefix stays as it is */
	if (s[0] == '(' && s[1] && s[2] && s[3] == ')') {
		strbuf_printf(sb, "%.4s", s);
		s += 4;
	}
	while (*s) {
		char c = *s;
		bool word_start = s == start || !kd_is_word_char(s[-1]);

		if (word_start && (c == 'r' || c == 'w' || c == 'R') && s[1] >= '0' &&
		    s[1] <= '9') {
			strbuf_putc(sb, c);
			s++;
			while (*s >= '0' && *s <= '9')
				s++;
			continue;
		}
		if (word_start &&
		    ((c >= '0' && c <= '9') || (c == '-' && s[1] >= '0' && s[1] <= '9'))) {
			s++;
			if (s[-1] == '0' && *s == 'x')
				s++;
			while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))
				s++;
			strbuf_putc(sb, 'N');
			continue;
		}
		strbuf_putc(sb, c);
		s++;
	}
}

/* Does the instruction text name the register or stack slot of item name? ("R3" and "w3 += 1";
 * "fp-8" and any access through r10.) Differences in items the instruction did not touch were
 * caused earlier and are only being printed again. */
static bool kd_involved(const char *insn_text, const char *name)
{
	const char *s = insn_text;

	if (!s)
		return false;
	if (!strncmp(name, "fp", 2))
		return strstr(s, "r10") != NULL;
	if (name[0] != 'R')
		return false;
	for (; *s; s++) {
		size_t n = strlen(name + 1);

		if ((*s == 'r' || *s == 'w') && (s == insn_text || !kd_is_word_char(s[-1])) &&
		    !strncmp(s + 1, name + 1, n) && !kd_is_word_char(s[1 + n]))
			return true;
	}
	return false;
}

static char *kd_shape_dup(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	kd_shape(s ? s : "(none)", &sb);
	return strbuf_detach(&sb);
}

static void kd_bucket_put(struct kd_run *run, struct kd_buckets *bs, const char *key,
			  const char *example)
{
	struct kd_bucket *b = NULL;

	for (u32 i = 0; i < bs->cnt; i++)
		if (!strcmp(bs->v[i].key, key)) {
			b = &bs->v[i];
			break;
		}
	if (!b) {
		struct kd_bucket *n = realloc(bs->v, (bs->cnt + 1) * sizeof(*n));
		char *k = strdup(key);

		if (!n || !k) {
			free(k);
			if (n)
				bs->v = n;
			return;
		}
		bs->v = n;
		b = &n[bs->cnt++];
		memset(b, 0, sizeof(*b));
		b->key = k;
	}
	b->count++;
	if (!b->ex_text || run->gen->cnt < b->ex_size) {
		char *t = strdup(example);

		if (t) {
			free(b->ex_text);
			b->ex_text = t;
			b->ex_seed = run->seed;
			b->ex_size = run->gen->cnt;
		}
	}
}

/* Count a difference; the first one of each program (other than the map name, which is
 * everywhere) also goes into the root-cause list. */
static void kd_bucket_add(struct kd_run *run, const char *key, const char *example, bool cause)
{
	if (run->probe_key) {
		if (cause && !run->first_seen) {
			run->first_seen = true;
			run->probe_hit = !strcmp(key, run->probe_key);
			free(run->probe_text);
			run->probe_text = strdup(example);
		}
		return;
	}
	kd_bucket_put(run, &run->all, key, example);
	if (cause && !run->first_seen) {
		run->first_seen = true;
		kd_bucket_put(run, &run->first, key, example);
	}
}

/* The kernel's text of insn i (from its own log), or NULL. */
static const char *kd_insn_text(const struct klog *l, u32 insn)
{
	for (u32 i = 0; i < l->entry_cnt; i++)
		if (l->entries[i].kind == KLOG_AFTER && l->entries[i].insn == insn)
			return l->entries[i].insn_text;
	return NULL;
}

static void kd_mismatch_line(struct kd_run *run, const char *text)
{
	run->prog_mismatches++;
	if (run->probe_key)
		return;
	if (run->o.verbose || run->prog_mismatches <= KD_DETAILS_PER_PROG)
		printf("%s\n", text);
	else if (run->prog_mismatches == KD_DETAILS_PER_PROG + 1)
		printf("seed %llu: more mismatches (see --verbose)\n",
		       (unsigned long long)run->seed);
}

/* A coarse class of a printed value for bucket keys: "const", "scalar()", "scalar(id,bounds)",
 * or a pointer's type name ("map_value(...)"), with a "P" prefix when marked precise. */
static char *kd_vclass(const char *v)
{
	struct strbuf sb = STRBUF_INIT;

	if (!v) {
		strbuf_puts(&sb, "(not printed)");
		return strbuf_detach(&sb);
	}
	if (v[0] == 'P' && v[1] != 't') { /* "P5", "Pscalar(" but not "ptr_" */
		strbuf_putc(&sb, 'P');
		v++;
	}
	if ((v[0] >= '0' && v[0] <= '9') || v[0] == '-') {
		strbuf_puts(&sb, "const");
	} else if (!strncmp(v, "scalar(", 7)) {
		bool id = strstr(v, "id=") != NULL;
		bool bounds = strstr(v, "min") || strstr(v, "max") || strstr(v, "var_off");

		strbuf_printf(&sb, "scalar(%s%s%s)", id ? "id" : "", id && bounds ? "," : "",
			      bounds ? "bounds" : "");
	} else {
		const char *par = strchr(v, '(');

		strbuf_printf(&sb, "%.*s(...)", par ? (int)(par - v) : (int)strlen(v), v);
	}
	return strbuf_detach(&sb);
}

/* s with the numbers of "id=" and "ref_obj_id=" replaced by N (into a new string). */
static char *kd_mask_ids(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	while (*s) {
		if (!strncmp(s, "id=", 3) && s[3] >= '0' && s[3] <= '9') {
			strbuf_puts(&sb, "id=N");
			s += 3;
			while (*s >= '0' && *s <= '9')
				s++;
			continue;
		}
		strbuf_putc(&sb, *s++);
	}
	return strbuf_detach(&sb);
}

/* Same state except for the numbering of ids (the ids are allocated in a different order). */
static bool kd_same_but_ids(const char *k, const char *b)
{
	char *ks = kd_mask_ids(k), *bs = kd_mask_ids(b);
	bool same = ks && bs && !strcmp(ks, bs) && strcmp(k, b);

	free(ks);
	free(bs);
	return same;
}

/* Remove every "map=NAME," from s (into a new string). */
static char *kd_strip_map_name(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	while (*s) {
		if (!strncmp(s, "map=", 4)) {
			const char *e = s + 4;

			while (*e && *e != ',' && *e != ')')
				e++;
			s = *e == ',' ? e + 1 : e;
			continue;
		}
		strbuf_putc(&sb, *s++);
	}
	return strbuf_detach(&sb);
}

static bool kd_same_but_map_name(const char *k, const char *b)
{
	char *ks = kd_strip_map_name(k), *bs = kd_strip_map_name(b);
	bool same = ks && bs && !strcmp(ks, bs) && strcmp(k, b);

	free(ks);
	free(bs);
	return same;
}

/* kcmp callback: one kernel state without an identical bpfvet state. Each differing item goes
 * into its own bucket (instruction shape + item kind + shapes of both texts), so that one wrong
 * register does not hide another in the summary. */
static void kd_report_state(void *ctx, const struct klog_entry *k, const struct klog_entry *b)
{
	struct kd_run *run = ctx;
	struct strbuf line = STRBUF_INIT, where = STRBUF_INIT, key = STRBUF_INIT;
	const char *itext = k->kind == KLOG_AFTER ? k->insn_text
			    : k->from >= 0	  ? kd_insn_text(run->klog, (u32)k->from)
						  : NULL;

	if (k->kind == KLOG_AFTER) {
		const char *t = k->insn_text ? k->insn_text : "";

		strbuf_printf(&line, "seed %llu: insn %u %s:", (unsigned long long)run->seed,
			      k->insn, t);
		strbuf_puts(&where, "after ");
		kd_shape(t, &where);
	} else {
		const char *jt = k->from >= 0 ? kd_insn_text(run->klog, (u32)k->from) : NULL;

		if (k->from >= 0)
			strbuf_printf(&line, "seed %llu: state from %d to %u:",
				      (unsigned long long)run->seed, k->from, k->insn);
		else
			strbuf_printf(&line,
				      "seed %llu: state before %u:", (unsigned long long)run->seed,
				      k->insn);
		strbuf_puts(&where, k->from >= 0 ? "branch state after "
				    : k->repeat
					    ? "\"N: <state>\" repeating the \"from X to N:\" line"
					    : "state line \"N: <state>\"");
		if (jt)
			kd_shape(jt, &where);
	}
	if (!b) {
		strbuf_puts(&line, " bpfvet printed no such state here; kernel:");
		for (u32 i = 0; i < k->item_cnt; i++)
			strbuf_printf(&line, " %s=%s", k->items[i].name, k->items[i].value);
		kd_mismatch_line(run, strbuf_str(&line));
		strbuf_printf(&key, "%s | no bpfvet state", strbuf_str(&where));
		/* a repeated line is a format difference, not a wrong state: not a root cause */
		kd_bucket_add(run, strbuf_str(&key), strbuf_str(&line), !k->repeat);
		goto out;
	}
	for (u32 i = 0; i < k->item_cnt; i++) {
		const char *v = klog_entry_get(b, k->items[i].name);

		if (v && !strcmp(v, k->items[i].value))
			continue;
		strbuf_printf(&line, "\n    %s: kernel %s | bpfvet %s", k->items[i].name,
			      k->items[i].value, v ? v : "(not printed)");
	}
	kd_mismatch_line(run, strbuf_str(&line));
	for (u32 i = 0; i < k->item_cnt; i++) {
		const char *v = klog_entry_get(b, k->items[i].name);
		char *ks, *bs;

		if (v && !strcmp(v, k->items[i].value))
			continue;
		strbuf_reset(&key);
		if (v && kd_same_but_map_name(k->items[i].value, v)) {
			/* one cause, printed at every pointer: keep it in one bucket */
			kd_bucket_add(run,
				      "map name: bpfvet prints map=<name> where the kernel prints "
				      "none (the kernel's map has no name, as test_verifier "
				      "creates them)",
				      strbuf_str(&line), false);
			continue;
		}
		ks = kd_vclass(k->items[i].value);
		bs = kd_vclass(v);
		if (v && kd_same_but_ids(k->items[i].value, v)) {
			free(bs);
			bs = strdup("the same with other id numbers");
		}
		strbuf_printf(&key, "%s | %s: kernel %s, bpfvet %s%s",
			      kd_involved(itext, k->items[i].name)
				      ? strbuf_str(&where)
				      : "(an item this insn did not touch)",
			      k->items[i].name[0] == 'R'	    ? "reg"
			      : !strncmp(k->items[i].name, "fp", 2) ? "stack"
								    : k->items[i].name,
			      ks, bs,
			      ks && bs && !strcmp(ks, bs) ? " (same kind, different values)" : "");
		kd_bucket_add(run, strbuf_str(&key), strbuf_str(&line), true);
		free(ks);
		free(bs);
	}
out:
	strbuf_free(&line);
	strbuf_free(&where);
	strbuf_free(&key);
}

static void kd_report_other(struct kd_run *run, const char *key, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

static void kd_report_other(struct kd_run *run, const char *key, const char *fmt, ...)
{
	struct strbuf line = STRBUF_INIT;
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	strbuf_printf(&line, "seed %llu: %s", (unsigned long long)run->seed, buf);
	run->c.mismatches++;
	kd_mismatch_line(run, strbuf_str(&line));
	kd_bucket_add(run, key, strbuf_str(&line), true);
	strbuf_free(&line);
}

/* The error report of a rejection: the level-4 log without its statistics lines. */
static char *kd_error_block(const char *log)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s = log ? log : "";

	while (*s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n && strncmp(s, "processed ", 10) && strncmp(s, "verification time ", 18) &&
		    strncmp(s, "stack depth ", 12)) {
			if (sb.len)
				strbuf_putc(&sb, '\n');
			strbuf_printf(&sb, "%.*s", (int)n, s);
		}
		s += n + (e ? 1 : 0);
	}
	return strbuf_detach(&sb);
}

static bool kd_block_has_line(const char *block, const char *line)
{
	size_t n = strlen(line);
	const char *s = block;

	while (s && *s) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);

		if (len == n && !strncmp(s, line, n))
			return true;
		s = e ? e + 1 : NULL;
	}
	return false;
}

static struct object *kd_model(const struct kgen_prog *g, u64 seed)
{
	struct object *obj = object_new("kdiff", INPUT_RAW);
	struct map_def *m;
	struct program *p;
	char name[48];

	if (!obj)
		return NULL;
	obj->license = strdup("GPL");
	m = object_add_map(obj);
	if (!m || !obj->license)
		goto fail;
	/* the raw frontend's name for map index 0 of a spec, so both see the same model */
	m->name = strdup("map0");
	m->type = KD_MAP_ARRAY;
	m->key_size = 4;
	m->value_size = g->value_size;
	m->max_entries = g->max_entries;
	p = object_add_program(obj);
	if (!p || !m->name)
		goto fail;
	snprintf(name, sizeof(name), "kdiff_%llu", (unsigned long long)seed);
	p->name = strdup(name);
	p->section = strdup("socket");
	p->prog_type = KD_PROG_TYPE;
	p->prog_flags = KD_PROG_FLAGS;
	p->gpl_compatible = true;
	p->insns = malloc((size_t)g->cnt * sizeof(*p->insns));
	if (!p->name || !p->section || !p->insns)
		goto fail;
	memcpy(p->insns, g->insns, (size_t)g->cnt * sizeof(*p->insns));
	p->insn_cnt = g->cnt;
	p->main_insn_cnt = g->cnt;
	return obj;
fail:
	object_free(obj);
	return NULL;
}

static int kd_write_text(const char *dir, const char *name, const char *suffix, const char *text)
{
	char path[4096];
	FILE *f;
	int err = 0;

	snprintf(path, sizeof(path), "%s/%s%s", dir, name, suffix);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	if (fputs(text, f) == EOF)
		err = -EIO;
	if (fclose(f) && !err)
		err = -EIO;
	return err;
}

/* The program as the kernel's log prints instructions, one per line, each line after indent. */
static void kd_disasm(const struct program *prog, const struct kgen_prog *g, const char *indent,
		      struct strbuf *sb)
{
	for (u32 i = 0; i < g->cnt; i++) {
		strbuf_puts(sb, indent);
		disasm_insn_log(prog, g->insns, g->cnt, i, sb);
		strbuf_putc(sb, '\n');
		if (g->insns[i].code == (BPF_LD | BPF_IMM | BPF_DW))
			i++;
	}
}

/* Save a mismatching program: disassembly always; with --keep also .bin/.json and both logs. */
static void kd_save(struct kd_run *run, const struct program *prog, const struct kspec_kernel *kk,
		    const char *klog_text, const char *blog_text)
{
	struct strbuf sb = STRBUF_INIT;
	int err;

	if (run->saved || (run->probe_key && !run->probe_save))
		return;
	run->saved = true;
	mkdir(run->out_dir, 0755);
	strbuf_printf(&sb,
		      "; kdiff seed %llu%s: socket_filter, array map key 4 value %u entries %u, "
		      "prog_flags 0x%x\n; %s: bpfvet-kdiff --seed %llu --count 1 "
		      "--max-insns %u%s --verbose\n",
		      (unsigned long long)run->seed,
		      run->probe_key ? " (reduced; the exact program is the .bin/.json of --keep)"
				     : "",
		      run->gen->value_size, run->gen->max_entries, KD_PROG_FLAGS,
		      run->probe_key ? "reduced from" : "reproduce", (unsigned long long)run->seed,
		      run->o.max_insns, run->feature_arg);
	kd_disasm(prog, run->gen, "", &sb);
	err = kd_write_text(run->out_dir, run->name, ".asm", strbuf_str(&sb));
	strbuf_free(&sb);
	if (err) {
		fprintf(stderr, "bpfvet-kdiff: cannot write to %s: %s\n", run->out_dir,
			strerror(-err));
		return;
	}
	if (run->o.keep) {
		char descr[96];

		snprintf(descr, sizeof(descr), "kdiff random program, seed %llu%s",
			 (unsigned long long)run->seed, run->probe_key ? ", reduced" : "");
		err = kspec_write(run->out_dir, run->name, descr, run->gen, KD_PROG_FLAGS, kk);
		if (!err)
			err = kd_write_text(run->out_dir, run->name, ".kernel.log", klog_text);
		if (!err && blog_text)
			err = kd_write_text(run->out_dir, run->name, ".bpfvet.log", blog_text);
		if (err)
			fprintf(stderr, "bpfvet-kdiff: cannot write %s/%s: %s\n", run->out_dir,
				run->name, strerror(-err));
	}
	if (!run->probe_key)
		printf("seed %llu: program saved as %s/%s.asm\n", (unsigned long long)run->seed,
		       run->out_dir, run->name);
}

/* States: every state the kernel printed against bpfvet's log (parsed into bl). */
static int kd_compare_logs(struct kd_run *run, const struct klog *kl, const char *blog,
			   struct klog *bl)
{
	struct kcmp_stats st = {0, 0, 0, NULL, NULL};
	u32 size = run->gen->cnt;

	if (klog_parse(blog, bl))
		return -ENOMEM;
	kcmp_logs(kl, bl, kd_report_state, run, &st);
	run->c.compared += st.compared;
	run->c.mismatches += st.mismatches;
	run->c.extra_items += st.extra;
	if (st.extra_k && !run->probe_key &&
	    (!run->extra_ex.ex_text || size < run->extra_ex.ex_size)) {
		struct strbuf sb = STRBUF_INIT;
		const struct klog_entry *e = st.extra_k;

		strbuf_printf(&sb, "seed %llu insn %u: kernel", (unsigned long long)run->seed,
			      e->insn);
		for (u32 j = 0; j < e->item_cnt; j++)
			strbuf_printf(&sb, " %s=%s", e->items[j].name, e->items[j].value);
		strbuf_puts(&sb, "\n    bpfvet also");
		for (u32 j = 0; j < st.extra_b->item_cnt; j++)
			if (!klog_entry_get(e, st.extra_b->items[j].name))
				strbuf_printf(&sb, " %s=%s", st.extra_b->items[j].name,
					      st.extra_b->items[j].value);
		free(run->extra_ex.ex_text);
		run->extra_ex.ex_text = strbuf_detach(&sb);
		run->extra_ex.ex_size = size;
	}
	if (kl->processed != bl->processed) {
		char buf[160];

		snprintf(buf, sizeof(buf), "seed %llu (%u insns): kernel %lld, bpfvet %lld",
			 (unsigned long long)run->seed, size, (long long)kl->processed,
			 (long long)bl->processed);
		run->c.processed_diffs++;
		if (!run->probe_key &&
		    (!run->processed_ex.ex_text || size < run->processed_ex.ex_size)) {
			free(run->processed_ex.ex_text);
			run->processed_ex.ex_text = strdup(buf);
			run->processed_ex.ex_size = size;
		}
		if (run->o.verbose && !run->probe_key)
			printf("processed insns differ: %s\n", buf);
	}
	return 0;
}

/* Verdicts, and the message when both reject (bpfvet's must be one of the kernel's lines). */
static void kd_compare_verdicts(struct kd_run *run, const struct kspec_kernel *kk,
				const char *kblock, const char *first, const struct result *res)
{
	const char *bmsg = res->message ? res->message : "";

	if (res->verdict == VERDICT_ERROR) {
		char *s = kd_shape_dup(bmsg);
		char key[512];

		snprintf(key, sizeof(key), "bpfvet error: %s", s);
		kd_report_other(run, key, "bpfvet could not analyse it: %s", bmsg);
		free(s);
	} else if (kk->accepted != (res->verdict == VERDICT_ACCEPT)) {
		const char *m = kk->accepted ? bmsg : (first ? first : "");
		char *s = kd_shape_dup(m);
		char key[512];

		snprintf(key, sizeof(key), "verdict: kernel %s, bpfvet %s: %s",
			 kk->accepted ? "accept" : "reject", kk->accepted ? "reject" : "accept", s);
		if (kk->accepted)
			kd_report_other(run, key,
					"verdict: kernel accept, bpfvet reject '%s' (insn %d)",
					bmsg, res->error_insn);
		else
			kd_report_other(run, key, "verdict: kernel reject '%s', bpfvet accept", m);
		free(s);
	} else if (!kk->accepted && !kd_block_has_line(kblock, bmsg)) {
		char *ks = kd_shape_dup(first ? first : ""), *bs = kd_shape_dup(bmsg);
		char key[1024];

		snprintf(key, sizeof(key), "message: kernel '%s' vs bpfvet '%s'", ks, bs);
		kd_report_other(run, key, "message: kernel '%s' | bpfvet '%s' (insn %d)",
				kblock ? kblock : "", bmsg, res->error_insn);
		free(ks);
		free(bs);
	}
}

enum kd_outcome {
	KD_OK,
	KD_SKIP, /* bpf() not permitted */
	KD_FAIL, /* kdiff's own failure */
};

/* Verify g (the program of seed) with the kernel and with bpfvet and compare. In probe mode the
 * counters are left as they were. */
static enum kd_outcome kd_check(struct kd_run *run, u64 seed, const struct kgen_prog *gp,
				char *skip_reason, size_t skip_len)
{
	const struct kgen_prog g = *gp;
	struct kd_counts saved_counts = run->c;
	struct kload_result kr = {-1, 0, NULL}, kr4 = {-1, 0, NULL};
	struct kspec_kernel kk = {false, 0, NULL, -1};
	struct analyze_opts ao = {.log_level = 2}; /* bpfvet privileged, as the kernel load */
	struct klog kl = {0}, bl = {0};
	struct object *obj = NULL;
	struct result res;
	struct insn *kins = NULL;
	char *kblock = NULL;
	char *first = NULL; /* first line of the kernel's error report */
	enum kd_outcome out = KD_FAIL;
	int mfd, err;

	result_init(&res);
	run->seed = seed;
	run->gen = &g;
	if (!run->probe_key || run->probe_save)
		snprintf(run->name, sizeof(run->name), "kdiff-%llu%s", (unsigned long long)seed,
			 run->probe_key ? "-min" : "");
	run->probe_hit = false;
	run->prog_mismatches = 0;
	run->first_seen = false;
	run->saved = false;

	mfd = kload_map_create(KD_MAP_ARRAY, 4, g.value_size, g.max_entries, 0);
	if (mfd == -EPERM || mfd == -EACCES) {
		snprintf(skip_reason, skip_len, "bpf(BPF_MAP_CREATE) not permitted: %s",
			 strerror(-mfd));
		out = KD_SKIP;
		goto done;
	}
	if (mfd < 0) {
		fprintf(stderr, "bpfvet-kdiff: BPF_MAP_CREATE: %s\n", strerror(-mfd));
		goto done;
	}
	kins = malloc((size_t)g.cnt * sizeof(*kins));
	if (!kins)
		goto close_map;
	memcpy(kins, g.insns, (size_t)g.cnt * sizeof(*kins));
	if (g.map_insn >= 0)
		kins[g.map_insn].imm = mfd;
	err = kload_prog_load(KD_PROG_TYPE, kins, g.cnt, KD_PROG_FLAGS, 2, &kr);
	if (err) {
		fprintf(stderr, "bpfvet-kdiff: BPF_PROG_LOAD: %s\n", strerror(-err));
		goto close_map;
	}
	if (kr.err == EPERM && !*kr.log) {
		snprintf(skip_reason, skip_len, "bpf(BPF_PROG_LOAD) not permitted: %s",
			 strerror(kr.err));
		out = KD_SKIP;
		goto close_map;
	}
	kk.accepted = kr.fd >= 0;
	kk.err = kr.err;
	run->probe_accepted = kk.accepted;
	if (!kk.accepted) {
		run->c.kernel_rejects++;
		/* the error report alone, as the corpus records it */
		if (!kload_prog_load(KD_PROG_TYPE, kins, g.cnt, KD_PROG_FLAGS, 4, &kr4))
			kblock = kd_error_block(kr4.log);
		kk.msg_block = kblock;
	}
	if (klog_parse(kr.log, &kl))
		goto close_map;
	kk.processed = kl.processed;
	run->klog = &kl;
	run->c.programs++;

	obj = kd_model(&g, seed);
	if (!obj)
		goto close_map;
	analyze_program(&obj->progs[0], &ao, &res);
	first = kblock ? strdup(kblock) : NULL;
	if (first && strchr(first, '\n'))
		*strchr(first, '\n') = '\0';
	if (run->o.verbose && !run->probe_key)
		printf("seed %llu: %u insns, kernel %s%s%s%s%s\n", (unsigned long long)seed, g.cnt,
		       kk.accepted ? "accept" : "reject", kk.accepted ? "" : " (",
		       kk.accepted ? "" : (first ? first : ""), kk.accepted ? "" : ")",
		       res.verdict == VERDICT_ACCEPT   ? ", bpfvet accept"
		       : res.verdict == VERDICT_REJECT ? ", bpfvet reject"
						       : ", bpfvet error");
	if (res.log) {
		if (kd_compare_logs(run, &kl, res.log, &bl))
			goto close_map;
	} else if (res.verdict != VERDICT_ERROR) {
		kd_report_other(run, "bpfvet produced no log", "bpfvet produced no level-2 log");
	}
	/* after the states, so that a state that explains the verdict comes first */
	kd_compare_verdicts(run, &kk, kblock, first, &res);
	if (run->prog_mismatches)
		kd_save(run, &obj->progs[0], &kk, kr.log, res.log ? res.log : "");
	out = KD_OK;
close_map:
	close(mfd);
done:
	klog_free(&kl);
	klog_free(&bl);
	kload_result_fini(&kr);
	kload_result_fini(&kr4);
	free(kblock);
	free(first);
	free(kins);
	result_fini(&res);
	object_free(obj);
	run->gen = NULL;
	run->klog = NULL;
	if (run->probe_key)
		run->c = saved_counts;
	return out;
}

static enum kd_outcome kd_one(struct kd_run *run, u64 seed, char *skip_reason, size_t skip_len)
{
	struct kgen_prog g;
	enum kd_outcome out;

	if (kgen_program(seed, run->o.max_insns, run->o.features, &g))
		return KD_FAIL;
	out = kd_check(run, seed, &g, skip_reason, skip_len);
	kgen_free(&g);
	return out;
}

/* Does the program of seed laid out with keep still show the difference key first, with the
 * kernel's verdict (when want_accept >= 0) unchanged? */
static bool kd_probe(struct kd_run *run, u64 seed, const struct kgen_plan *plan, const bool *keep,
		     const char *key, int want_accept, bool save)
{
	struct kgen_prog g;
	char reason[256];
	bool hit;

	if (kgen_layout(plan, keep, &g))
		return false;
	run->probe_key = key;
	run->probe_save = save;
	hit = kd_check(run, seed, &g, reason, sizeof(reason)) == KD_OK && run->probe_hit &&
	      (want_accept < 0 || run->probe_accepted == (want_accept > 0));
	run->probe_key = NULL;
	run->probe_save = false;
	kgen_free(&g);
	return hit;
}

/* Shrink the example of bucket b: leave out items one at a time (last first) while the program's
 * first difference keeps the bucket's key, until nothing more can go. The result is saved as
 * kdiff-SEED-min and described in b->min_text. */
static void kd_reduce(struct kd_run *run, struct kd_bucket *b)
{
	struct kgen_plan plan;
	struct kgen_prog g;
	struct strbuf sb = STRBUF_INIT;
	bool *keep, changed = true;
	u32 rounds = 0;
	int want;

	if (kgen_plan(b->ex_seed, run->o.max_insns, run->o.features, &plan))
		return;
	keep = malloc((plan.item_cnt + 1) * sizeof(*keep));
	if (!keep || !kd_probe(run, b->ex_seed, &plan, NULL, b->key, -1, false))
		goto out;
	/* the reduced program must keep the kernel's verdict, so that it tells the same story */
	want = run->probe_accepted;
	for (u32 k = 0; k < plan.item_cnt; k++)
		keep[k] = true;
	while (changed && rounds++ < 4) {
		changed = false;
		for (u32 k = plan.item_cnt; k-- > 0;) {
			if (!keep[k])
				continue;
			keep[k] = false;
			if (kd_probe(run, b->ex_seed, &plan, keep, b->key, want, false))
				changed = true;
			else
				keep[k] = true;
		}
	}
	if (!kd_probe(run, b->ex_seed, &plan, keep, b->key, want, true) ||
	    kgen_layout(&plan, keep, &g))
		goto out;
	strbuf_printf(&sb, "minimal (%u insns, %s/%s.asm):\n", g.cnt, run->out_dir, run->name);
	kd_disasm(NULL, &g, "        ", &sb);
	strbuf_printf(&sb, "        kernel %s; ", want ? "accepts" : "rejects");
	for (const char *t = run->probe_text ? run->probe_text : ""; *t; t++) {
		strbuf_putc(&sb, *t);
		if (*t == '\n')
			strbuf_puts(&sb, "    ");
	}
	kgen_free(&g);
	b->min_text = strbuf_detach(&sb);
out:
	strbuf_free(&sb);
	free(keep);
	kgen_plan_free(&plan);
}

static int kd_bucket_cmp(const void *a, const void *b)
{
	const struct kd_bucket *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void kd_print_buckets(struct kd_run *run, struct kd_buckets *bs, const char *title)
{
	u32 shown = run->o.verbose ? bs->cnt : MIN(bs->cnt, 40);

	if (!bs->cnt)
		return;
	qsort(bs->v, bs->cnt, sizeof(*bs->v), kd_bucket_cmp);
	printf("\n%s (%u buckets; [count] what, then the smallest example):\n", title, bs->cnt);
	for (u32 i = 0; i < shown; i++) {
		const struct kd_bucket *b = &bs->v[i];

		printf("[%u] %s\n    e.g. (%u insns) %s\n", b->count, b->key, b->ex_size,
		       b->ex_text);
		if (b->min_text)
			printf("    %s\n", b->min_text);
	}
	if (shown < bs->cnt)
		printf("... %u more buckets (see --verbose)\n", bs->cnt - shown);
}

static void kd_buckets_free(struct kd_buckets *bs)
{
	for (u32 i = 0; i < bs->cnt; i++) {
		free(bs->v[i].key);
		free(bs->v[i].ex_text);
		free(bs->v[i].min_text);
	}
	free(bs->v);
}

int main(int argc, char **argv)
{
	struct kd_run run;
	char skip_reason[256] = "";
	const char *tmp = getenv("TMPDIR");
	char default_dir[4096];
	int rc = 0;

	memset(&run, 0, sizeof(run));
	if (kd_parse_opts(argc, argv, &run.o))
		return 2;
	snprintf(default_dir, sizeof(default_dir), "%s/kdiff", tmp && *tmp ? tmp : "/tmp");
	run.out_dir = run.o.keep ? run.o.keep : default_dir;
	kgen_feature_names(run.o.features, run.feature_names, sizeof(run.feature_names));
	if (run.o.features != KGEN_ALL) {
		char off[256];

		kgen_feature_names(KGEN_ALL & ~run.o.features, off, sizeof(off));
		if (strlen(off) < strlen(run.feature_names))
			snprintf(run.feature_arg, sizeof(run.feature_arg), " --without %s", off);
		else
			snprintf(run.feature_arg, sizeof(run.feature_arg), " --only %s",
				 run.feature_names);
	}
	if (run.o.features != KGEN_ALL)
		printf("kdiff: program features: %s\n", run.feature_names);
	if (run.o.keep && mkdir(run.o.keep, 0755) && errno != EEXIST) {
		fprintf(stderr, "bpfvet-kdiff: cannot create %s: %s\n", run.o.keep,
			strerror(errno));
		return 1;
	}
	for (u32 i = 0; i < run.o.count; i++) {
		enum kd_outcome r = kd_one(&run, run.o.seed + i, skip_reason, sizeof(skip_reason));

		if (r == KD_SKIP) {
			if (run.c.programs == 0) {
				printf("kdiff: skipped (%s; run as root)\n", skip_reason);
				return 0;
			}
			fprintf(stderr, "bpfvet-kdiff: %s\n", skip_reason);
			rc = 1;
			break;
		}
		if (r == KD_FAIL) {
			fprintf(stderr, "bpfvet-kdiff: seed %llu: internal failure\n",
				(unsigned long long)(run.o.seed + i));
			rc = 1;
			break;
		}
	}
	if (run.o.keep && run.c.mismatches) {
		int n = kspec_write_index(run.o.keep);

		if (n < 0)
			fprintf(stderr, "bpfvet-kdiff: cannot write %s/cases.jsonl: %s\n",
				run.o.keep, strerror(-n));
		else
			printf("kdiff: %s/cases.jsonl lists %d saved cases (a corpus for "
			       "conformance.py)\n",
			       run.o.keep, n);
	}
	if (!run.o.no_reduce && run.c.programs) {
		u32 n = run.o.verbose ? run.first.cnt : MIN(run.first.cnt, 40);

		/* the buckets shown, largest first */
		qsort(run.first.v, run.first.cnt, sizeof(*run.first.v), kd_bucket_cmp);
		for (u32 i = 0; i < n; i++)
			kd_reduce(&run, &run.first.v[i]);
	}
	kd_print_buckets(&run, &run.all, "all differences");
	kd_print_buckets(&run, &run.first, "first difference of each program (likely root causes)");
	if (run.c.extra_items)
		printf("\n(not counted) %llu matching states where bpfvet printed more items than "
		       "the "
		       "kernel (which prints only what the insn touched), e.g. %s\n",
		       (unsigned long long)run.c.extra_items,
		       run.extra_ex.ex_text ? run.extra_ex.ex_text : "");
	if (run.c.processed_diffs)
		printf("(not counted) %u programs with a different \"processed N insns\", e.g. "
		       "%s\n",
		       run.c.processed_diffs,
		       run.processed_ex.ex_text ? run.processed_ex.ex_text : "");
	printf("kdiff: %u programs, %llu instructions compared, %llu mismatches\n", run.c.programs,
	       (unsigned long long)run.c.compared, (unsigned long long)run.c.mismatches);
	free(run.probe_text);
	free(run.extra_ex.ex_text);
	free(run.processed_ex.ex_text);
	kd_buckets_free(&run.all);
	kd_buckets_free(&run.first);
	return rc;
}
