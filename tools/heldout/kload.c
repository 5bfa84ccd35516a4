/*
 * kload: the live kernel's verdict on every program of one BPF ELF object, loaded the way libbpf
 * loads it, one program at a time.  For each program the object is opened anew, autoload is turned
 * off for every other program (except the selftests' __auxiliary programs, which their test_loader
 * loads together with every test, and the sibling struct_ops programs, which libbpf loads with the
 * struct_ops map they belong to), the verifier log is requested at level 1|4 (BPF_LOG_LEVEL1 |
 * BPF_LOG_STATS) and bpf_object__load() is called.  One JSON line per program goes to stdout, in
 * the manifest format of shared/corpus/kselftests (see its README).
 *
 * Object-wide obstacles are worked around and recorded (kernel.workarounds), so that one missing
 * kfunc or map does not hide the verdicts of the other programs: an extern ksym this kernel lacks
 * is made weak in a private copy of the object; a map that cannot be created (or a struct_ops map
 * whose type the kernel lacks) is not created.  A program that then needs the missing piece is
 * classified "env", like one that never reached the verifier.
 *
 * Usage: kload [--logs DIR] [--source LABEL] [--objects FILE] [--no-test-flags] OBJECT.bpf.o
 * --objects appends one JSON line describing the object (status, the programs libbpf found);
 * --list-only stops there, without loading anything.
 * kload --link OUT IN... links BPF objects with the BPF static linker of the libbpf kload is built
 * with (what `bpftool gen object` does; Debian 12's bpftool 7.1 mislinks linked_maps).
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <jansson.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define MAX_NAMES 64
#define MAX_TRIES 40
#define LOG_START (16u << 20)
#define LOG_MAX	  (1u << 30)
#define LOG_KEEP  (256u << 10)

#ifndef BPF_F_TEST_REG_INVARIANTS
#define BPF_F_TEST_REG_INVARIANTS (1U << 7)
#endif

struct names {
	int n;
	char *v[MAX_NAMES];
};

struct annot {
	bool test_loader; /* the object carries test_loader annotations */
	int expect;	  /* 0 none, 1 success, 2 failure (explicit) */
	bool auxiliary;
	unsigned int flags; /* __flag() */
	json_t *flag_names;
	json_t *msgs;
	int log_level;
	const char *description;
};

struct prog_info {
	char *name, *section;
	enum bpf_prog_type type;
	enum bpf_attach_type eat;
	bool eat_used;
	size_t insns;
	bool struct_ops;
	struct annot a;
};

/* libbpf's warnings of the current load attempt */
static char *warn_buf;
static size_t warn_len, warn_cap;

static int print_cb(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char tmp[4096];
	int n;

	if (level != LIBBPF_WARN)
		return 0;
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	if (n < 0)
		return 0;
	if ((size_t)n >= sizeof(tmp))
		n = sizeof(tmp) - 1;
	if (warn_len + n + 1 > warn_cap) {
		size_t cap = (warn_cap + n + 1) * 2;
		char *p = realloc(warn_buf, cap);

		if (!p)
			return 0;
		warn_buf = p;
		warn_cap = cap;
	}
	memcpy(warn_buf + warn_len, tmp, n);
	warn_len += n;
	warn_buf[warn_len] = 0;
	return 0;
}

static bool names_has(const struct names *s, const char *v)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], v))
			return true;
	return false;
}

static bool names_add(struct names *s, const char *v)
{
	if (names_has(s, v) || s->n >= MAX_NAMES)
		return false;
	s->v[s->n++] = strdup(v);
	return true;
}

static json_t *names_json(const struct names *s)
{
	json_t *a = json_array();

	for (int i = 0; i < s->n; i++)
		json_array_append_new(a, json_string(s->v[i]));
	return a;
}

/* the quoted name after `prefix` in the warnings, e.g. "extern (func ksym) 'X'" */
static bool warn_find_name(const char *prefix, char *out, size_t outsz)
{
	const char *p = warn_buf ? strstr(warn_buf, prefix) : NULL;
	const char *e;

	if (!p)
		return false;
	p += strlen(prefix);
	e = strchr(p, '\'');
	if (!e || (size_t)(e - p) >= outsz)
		return false;
	memcpy(out, p, e - p);
	out[e - p] = 0;
	return true;
}

/* Copy `src` to `dst` with the undefined global symbols named in `weak` made STB_WEAK. */
static int write_weakened(const char *src, const char *dst, const struct names *weak)
{
	FILE *f = fopen(src, "rb");
	unsigned char *buf = NULL;
	long sz;
	int ret = -1;
	Elf *e = NULL;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) || (sz = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET))
		goto out;
	buf = malloc(sz);
	if (!buf || fread(buf, 1, sz, f) != (size_t)sz)
		goto out;
	elf_version(EV_CURRENT);
	e = elf_memory((char *)buf, sz);
	if (!e)
		goto out;
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(e, &shstrndx))
		goto out;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
			continue;
		size_t cnt = sh.sh_size / sh.sh_entsize;

		for (size_t i = 0; i < cnt; i++) {
			size_t off = sh.sh_offset + i * sh.sh_entsize;
			Elf64_Sym *sym;
			const char *nm;

			if (off + sizeof(Elf64_Sym) > (size_t)sz)
				break;
			sym = (Elf64_Sym *)(buf + off);
			if (sym->st_shndx != SHN_UNDEF || ELF64_ST_BIND(sym->st_info) != STB_GLOBAL)
				continue;
			nm = elf_strptr(e, sh.sh_link, sym->st_name);
			if (nm && names_has(weak, nm))
				sym->st_info = ELF64_ST_INFO(STB_WEAK, ELF64_ST_TYPE(sym->st_info));
		}
	}
	elf_end(e);
	e = NULL;
	FILE *o = fopen(dst, "wb");

	if (o) {
		if (fwrite(buf, 1, sz, o) == (size_t)sz)
			ret = 0;
		fclose(o);
	}
out:
	if (e)
		elf_end(e);
	free(buf);
	fclose(f);
	return ret;
}

static unsigned int flag_value(const char *s)
{
	static const struct {
		const char *n;
		unsigned int v;
	} tab[] = {
		{"BPF_F_STRICT_ALIGNMENT", 1},	  {"BPF_F_ANY_ALIGNMENT", 2},
		{"BPF_F_TEST_RND_HI32", 4},	  {"BPF_F_TEST_STATE_FREQ", 8},
		{"BPF_F_SLEEPABLE", 16},	  {"BPF_F_XDP_HAS_FRAGS", 32},
		{"BPF_F_XDP_DEV_BOUND_ONLY", 64}, {"BPF_F_TEST_REG_INVARIANTS", 128},
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (!strcmp(tab[i].n, s))
			return tab[i].v;
	return (unsigned int)strtoul(s, NULL, 0);
}

/* The selftests' test_loader annotations (BTF decl tags "comment:test_...") of function `fn`. */
static void annot_read(const struct btf *btf, const char *fn, struct annot *a)
{
	a->flag_names = json_array();
	a->msgs = json_array();
	if (!btf)
		return;
	int n = btf__type_cnt(btf);

	for (int id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *v;

		if (!btf_is_decl_tag(t))
			continue;
		v = btf__name_by_offset(btf, t->name_off);
		if (!v || strncmp(v, "comment:test_", 13))
			continue;
		a->test_loader = true;
		const struct btf_type *tt = btf__type_by_id(btf, t->type);

		if (!tt || !btf_is_func(tt) || btf_decl_tag(t)->component_idx != -1 ||
		    strcmp(btf__name_by_offset(btf, tt->name_off), fn))
			continue;
		v += 13;
		if (!strcmp(v, "expect_failure"))
			a->expect = 2;
		else if (!strcmp(v, "expect_success"))
			a->expect = 1;
		else if (!strcmp(v, "auxiliary"))
			a->auxiliary = true;
		else if (!strncmp(v, "prog_flags=", 11)) {
			a->flags |= flag_value(v + 11);
			json_array_append_new(a->flag_names, json_string(v + 11));
		} else if (!strncmp(v, "log_level=", 10))
			a->log_level = atoi(v + 10);
		else if (!strncmp(v, "description=", 12))
			a->description = v + 12;
		else if (!strncmp(v, "expect_msg=", 11)) {
			const char *m = strchr(v + 11, '='); /* "COUNTER=msg" */

			json_array_append_new(a->msgs, json_string(m ? m + 1 : v + 11));
		}
	}
}

static bool is_trace_line(const char *l)
{
	const char *p = l;

	if (!*l)
		return true;
	if (*l == ';' || !strncmp(l, "from ", 5) || !strncmp(l, "func#", 5) ||
	    !strncmp(l, "last_idx", 8) || !strncmp(l, "regs=", 5) ||
	    !strncmp(l, "mark_precise", 12) || !strncmp(l, "parent ", 7) ||
	    !strncmp(l, "caller:", 7) || !strncmp(l, "callee:", 7) || !strncmp(l, "frame", 5) ||
	    !strncmp(l, " frame", 6) || !strncmp(l, "Live regs", 9) ||
	    !strncmp(l, "Validating ", 11) || !strncmp(l, "Func#", 5) ||
	    !strncmp(l, "returning from callee", 21) || !strncmp(l, "to caller at", 12) ||
	    !strncmp(l, "propagating", 11) || !strncmp(l, "stack depth", 11) ||
	    !strncmp(l, "processed ", 10) || !strncmp(l, "verification time", 17))
		return true;
	/* "12: (85) call ..." instruction, "12: R0=..." state */
	while (*p >= '0' && *p <= '9')
		p++;
	if (p != l && *p == ':' && (p[1] == ' ' || !p[1]))
		return true;
	/* "R1=ctx() R10=fp0" state line */
	if (l[0] == 'R' && l[1] >= '0' && l[1] <= '9') {
		p = l + 1;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '=' || !strncmp(p, "_w=", 3))
			return true;
	}
	return false;
}

struct vstats {
	long processed, max_states, total_states, peak_states, mark_read, time_us;
	char stack_depth[128];
	bool have;
};

static void stats_read(const char *log, struct vstats *s)
{
	const char *p;

	memset(s, 0, sizeof(*s));
	s->processed = s->max_states = s->total_states = s->peak_states = s->mark_read = -1;
	s->time_us = -1;
	p = log;
	while ((p = strstr(p, "processed "))) {
		if ((p == log || p[-1] == '\n') &&
		    sscanf(p,
			   "processed %ld insns (limit %*d) max_states_per_insn %ld total_states "
			   "%ld "
			   "peak_states %ld mark_read %ld",
			   &s->processed, &s->max_states, &s->total_states, &s->peak_states,
			   &s->mark_read) >= 1)
			s->have = true;
		p++;
	}
	p = log;
	while ((p = strstr(p, "verification time "))) {
		if (p == log || p[-1] == '\n')
			sscanf(p, "verification time %ld usec", &s->time_us);
		p++;
	}
	p = log;
	while ((p = strstr(p, "stack depth "))) {
		if (p == log || p[-1] == '\n')
			sscanf(p, "stack depth %127[^\n]", s->stack_depth);
		p++;
	}
}

/* The verifier's error message: the last log line that is not trace, and the block it ends. */
static void msg_read(const char *log, char **msg, char **block)
{
	char *copy = strdup(log), *lines[4096];
	int n = 0, end = -1, start;
	char *save = NULL, *l;
	size_t len = 0;

	*msg = *block = NULL;
	if (!copy)
		return;
	/* keep only the last 4096 lines */
	for (l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		/* some messages lack their newline: the statistics follow on the same line */
		char *glued = strstr(l, "verification time ");

		if (glued && glued != l)
			*glued = 0;
		if (n == 4096) {
			memmove(lines, lines + 1, sizeof(lines[0]) * 4095);
			n--;
		}
		lines[n++] = l;
	}
	for (int i = n - 1; i >= 0; i--)
		if (!is_trace_line(lines[i])) {
			end = i;
			break;
		}
	if (end >= 0) {
		start = end;
		while (start > 0 && !is_trace_line(lines[start - 1]) && end - start < 8)
			start--;
		*msg = strdup(lines[end]);
		for (int i = start; i <= end; i++)
			len += strlen(lines[i]) + 1;
		*block = calloc(1, len + 1);
		for (int i = start; *block && i <= end; i++) {
			strcat(*block, lines[i]);
			if (i < end)
				strcat(*block, "\n");
		}
	}
	free(copy);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static void save_log(const char *dir, const char *obj, const char *prog, const char *log, char *rel,
		     size_t relsz)
{
	char path[4096];
	size_t len = strlen(log);
	FILE *f;

	rel[0] = 0;
	if (!dir || !len)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, obj);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s.log", dir, obj, prog);
	f = fopen(path, "w");
	if (!f)
		return;
	if (len > LOG_KEEP) {
		const char *p = log + len - LOG_KEEP, *nl = strchr(p, '\n');

		fprintf(f, "[... first %zu bytes cut ...]\n", (size_t)(p - log));
		fputs(nl ? nl + 1 : p, f);
	} else {
		fputs(log, f);
	}
	fclose(f);
	snprintf(rel, relsz, "logs/%s/%s.log", obj, prog);
}

/* struct_ops maps whose value type this kernel lacks (libbpf would fail the whole object) */
static void struct_ops_missing(struct bpf_object *obj, struct names *nocreate)
{
	struct btf *vml = btf__load_vmlinux_btf();
	const struct btf *btf = bpf_object__btf(obj);
	struct bpf_map *m;

	if (!vml || !btf)
		goto out;
	bpf_object__for_each_map(m, obj)
	{
		if (bpf_map__type(m) != BPF_MAP_TYPE_STRUCT_OPS)
			continue;
		const struct btf_type *t = btf__type_by_id(btf, bpf_map__btf_value_type_id(m));
		char tn[256], st[300];

		if (!t)
			continue;
		snprintf(tn, sizeof(tn), "%s", btf__name_by_offset(btf, t->name_off));
		char *flavor = strstr(tn, "___"); /* CO-RE flavour suffix */

		if (flavor)
			*flavor = 0;
		snprintf(st, sizeof(st), "bpf_struct_ops_%s", tn);
		if (btf__find_by_name_kind(vml, st, BTF_KIND_STRUCT) < 0)
			names_add(nocreate, bpf_map__name(m));
	}
out:
	btf__free(vml);
}

struct result {
	const char *verdict, *stage;
	char env_reason[512];
	int err;
	char *log;
	bool later_failure;
	size_t insns_loaded;
};

static const char *prog_type_name(enum bpf_prog_type t)
{
	const char *s = libbpf_bpf_prog_type_str(t);

	return s ? s : "unspec";
}

/* Load program `idx` of `path` (a private copy when externs were weakened). */
static int load_one(const char *path, const struct prog_info *pi, int np, int idx,
		    const struct names *nocreate, char **logbuf, size_t *logsz, struct result *r,
		    bool test_flags)
{
	struct bpf_object *obj;
	struct bpf_program *p, *target = NULL;
	struct bpf_map *m;
	int i = 0, err;

	warn_len = 0;
	if (warn_buf)
		warn_buf[0] = 0;
	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		r->verdict = "env";
		r->stage = "open";
		r->err = errno;
		snprintf(r->env_reason, sizeof(r->env_reason), "open failed");
		return 0;
	}
	bpf_object__for_each_map(m, obj)
	{
		bpf_map__set_pin_path(m, NULL);
		if (names_has(nocreate, bpf_map__name(m)))
			bpf_map__set_autocreate(m, false);
	}
	bpf_object__for_each_program(p, obj)
	{
		if (i >= np)
			break;
		if (i == idx) {
			target = p;
		} else if (pi[i].a.auxiliary && pi[idx].a.test_loader) {
			/* loaded with every test of its object, as test_loader does */
		} else if (pi[idx].struct_ops && pi[i].struct_ops) {
			/* libbpf decides: loaded with the struct_ops maps that are created */
		} else {
			bpf_program__set_autoload(p, false);
		}
		i++;
	}
	if (!target) {
		bpf_object__close(obj);
		return -ENOENT;
	}
	bpf_program__set_autoload(target, true);
	unsigned int fl = bpf_program__flags(target) | pi[idx].a.flags;

	if (test_flags)
		fl |= BPF_F_TEST_RND_HI32 | BPF_F_TEST_REG_INVARIANTS;
	bpf_program__set_flags(target, fl);
	(*logbuf)[0] = 0;
	bpf_program__set_log_buf(target, *logbuf, *logsz);
	bpf_program__set_log_level(target, 1 | 4);
	err = bpf_object__load(obj);
	r->err = err < 0 ? -err : 0;
	r->insns_loaded = bpf_program__insn_cnt(target);
	free(r->log);
	r->log = strdup(*logbuf);

	char needle[600];

	snprintf(needle, sizeof(needle), "prog '%s': BPF program load failed", pi[idx].name);
	bool target_failed = warn_buf && strstr(warn_buf, needle);
	bool ran = r->log && r->log[0] && strstr(r->log, "\nprocessed ");

	if (!ran && r->log && !strncmp(r->log, "processed ", 10))
		ran = true;
	if (target_failed && r->err == ENOSPC && *logsz < LOG_MAX) {
		bpf_object__close(obj);
		return -ENOSPC; /* grow the buffer and retry */
	}
	if (!err && !ran) {
		/* libbpf skips a struct_ops program whose struct_ops map is not created */
		r->verdict = "env";
		r->stage = "libbpf";
		snprintf(r->env_reason, sizeof(r->env_reason),
			 "libbpf did not load the program "
			 "(its struct_ops map was not created)");
	} else if (!err) {
		r->verdict = "accept";
		r->stage = "verifier";
	} else if (ran && !target_failed) {
		r->verdict = "accept";
		r->stage = "verifier";
		r->later_failure = true;
	} else if (ran && target_failed) {
		r->stage = "verifier";
		if (strstr(r->log, "is referenced but wasn't resolved")) {
			r->verdict = "env";
			snprintf(r->env_reason, sizeof(r->env_reason), "needs a missing kfunc");
		} else if (strstr(r->log, "is referenced but wasn't created")) {
			r->verdict = "env";
			snprintf(r->env_reason, sizeof(r->env_reason), "needs a map not created");
		} else if (strstr(r->log, "failed to resolve CO-RE relocation")) {
			r->verdict = "env";
			snprintf(r->env_reason, sizeof(r->env_reason), "CO-RE relocation failed");
		} else {
			r->verdict = "reject";
		}
	} else if (target_failed) {
		r->verdict = "env";
		r->stage = "syscall";
		snprintf(r->env_reason, sizeof(r->env_reason),
			 "BPF_PROG_LOAD failed before the "
			 "verifier ran (errno %d, empty log)",
			 r->err);
	} else {
		r->verdict = "env";
		r->stage = "libbpf";
		/* first warning line as the reason */
		const char *w = warn_buf && warn_buf[0] ? warn_buf : "libbpf failed";
		const char *nl = strchr(w, '\n');
		int len = nl ? (int)(nl - w) : (int)strlen(w);

		snprintf(r->env_reason, sizeof(r->env_reason), "libbpf: %.*s", len, w);
	}
	bpf_object__close(obj);
	return 0;
}

/* one line of objects.jsonl: the object and the programs libbpf found in it */
static void object_line(const char *file, const char *oname, const char *source, const char *status,
			const struct prog_info *pi, int np)
{
	json_t *o, *a;
	FILE *f;
	char *line;

	if (!file)
		return;
	a = json_array();
	for (int i = 0; i < np; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "section", pi[i].section,
						   "program", pi[i].name));
	o = json_pack("{s:s, s:s?, s:s, s:i, s:o, s:s?}", "object", oname, "source_file", source,
		      "status", status, "n_programs", np, "programs", a, "open_error",
		      strcmp(status, "open_failed") ? NULL : (warn_buf ? warn_buf : ""));
	line = o ? json_dumps(o, JSON_COMPACT) : NULL;
	f = fopen(file, "a");
	if (f && line)
		fprintf(f, "%s\n", line);
	if (f)
		fclose(f);
	free(line);
	json_decref(o);
}

static int link_objects(int argc, char **argv)
{
	struct bpf_linker *l;
	int err = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: kload --link OUT IN...\n");
		return 2;
	}
	l = bpf_linker__new(argv[2], NULL);
	if (!l)
		return 1;
	for (int i = 3; i < argc && !err; i++)
		err = bpf_linker__add_file(l, argv[i], NULL);
	if (!err)
		err = bpf_linker__finalize(l);
	bpf_linker__free(l);
	return err ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--link"))
		return link_objects(argc, argv);

	const char *logs = NULL, *source = NULL, *path = NULL, *objects = NULL;
	bool test_flags = true, list_only = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--logs") && i + 1 < argc)
			logs = argv[++i];
		else if (!strcmp(argv[i], "--source") && i + 1 < argc)
			source = argv[++i];
		else if (!strcmp(argv[i], "--objects") && i + 1 < argc)
			objects = argv[++i];
		else if (!strcmp(argv[i], "--list-only"))
			list_only = true;
		else if (!strcmp(argv[i], "--no-test-flags"))
			test_flags = false;
		else
			path = argv[i];
	}
	if (!path) {
		fprintf(stderr, "usage: kload [--logs DIR] [--source LABEL] OBJECT\n");
		return 2;
	}
	libbpf_set_print(print_cb);
	const char *oname = base_name(path);
	struct bpf_object *obj = bpf_object__open_file(path, NULL);

	if (!obj) {
		fprintf(stderr, "kload: %s: open failed: %s\n", oname, warn_buf ? warn_buf : "");
		object_line(objects, oname, source, "open_failed", NULL, 0);
		return 3;
	}
	int np = 0;
	struct bpf_program *p;

	bpf_object__for_each_program(p, obj) np++;
	struct prog_info *pi = calloc(np ? np : 1, sizeof(*pi));
	int i = 0;
	const struct btf *btf = bpf_object__btf(obj);

	bpf_object__for_each_program(p, obj)
	{
		pi[i].name = strdup(bpf_program__name(p));
		pi[i].section = strdup(bpf_program__section_name(p));
		pi[i].type = bpf_program__type(p);
		pi[i].eat = bpf_program__expected_attach_type(p);
		pi[i].insns = bpf_program__insn_cnt(p);
		pi[i].struct_ops = pi[i].type == BPF_PROG_TYPE_STRUCT_OPS;
		annot_read(btf, pi[i].name, &pi[i].a);
		i++;
	}
	bool tl = false;

	for (i = 0; i < np; i++)
		tl |= pi[i].a.test_loader;
	for (i = 0; i < np; i++)
		pi[i].a.test_loader = tl;
	struct names nocreate = {0}, weak = {0};

	object_line(objects, oname, source, np ? "ok" : "no_programs", pi, np);
	if (list_only)
		return 0;

	struct_ops_missing(obj, &nocreate);
	bpf_object__close(obj);
	fprintf(stderr, "kload: %s: %d programs\n", oname, np);

	char tmpdir[] = "/tmp/kload-XXXXXX", copy[4096];

	if (!mkdtemp(tmpdir))
		return 1;
	snprintf(copy, sizeof(copy), "%s/%s", tmpdir, oname);
	size_t logsz = LOG_START;
	char *logbuf = malloc(logsz);

	for (int idx = 0; idx < np; idx++) {
		struct result r = {0};
		int tries = 0;
		struct names nocreate_here = nocreate; /* shallow: names are shared, never freed */

		for (;;) {
			const char *use = weak.n ? copy : path;
			char name[512];
			int rc;

			memset(r.env_reason, 0, sizeof(r.env_reason));
			r.later_failure = false;
			rc = load_one(use, pi, np, idx, &nocreate_here, &logbuf, &logsz, &r,
				      test_flags);
			if (rc == -ENOSPC) {
				char *nb = realloc(logbuf, logsz * 8);

				if (!nb)
					break;
				logbuf = nb;
				logsz *= 8;
				continue;
			}
			if (rc || strcmp(r.verdict, "env") || ++tries > MAX_TRIES)
				break;
			/* object-wide obstacles: weaken the extern / skip the map and retry */
			if ((warn_find_name("extern (func ksym) '", name, sizeof(name)) ||
			     warn_find_name("extern (var ksym) '", name, sizeof(name))) &&
			    strstr(warn_buf, "not found in kernel") && names_add(&weak, name)) {
				if (write_weakened(path, copy, &weak))
					break;
				continue;
			}
			if (warn_find_name("map '", name, sizeof(name)) &&
			    strstr(warn_buf, "': failed to create") &&
			    names_add(&nocreate_here, name))
				continue;
			break;
		}
		nocreate = nocreate_here; /* later programs start from what we learned */

		struct vstats st;
		char *msg = NULL, *block = NULL, rel[4200] = "";
		const struct prog_info *q = &pi[idx];
		json_t *o = json_object(), *k = json_object();
		const char *expect = q->a.expect == 2			     ? "failure"
				     : q->a.expect == 1			     ? "success"
				     : (q->a.test_loader && !q->a.auxiliary) ? "success"
									     : "none";

		stats_read(r.log ? r.log : "", &st);
		if (r.verdict && strcmp(r.verdict, "accept") && r.log && r.log[0]) {
			msg_read(r.log, &msg, &block);
			save_log(logs, oname, q->name, r.log, rel, sizeof(rel));
		}
		json_object_set_new(o, "object", json_string(oname));
		json_object_set_new(o, "source_file", source ? json_string(source) : json_null());
		json_object_set_new(o, "section", json_string(q->section));
		json_object_set_new(o, "program", json_string(q->name));
		json_object_set_new(o, "prog_type", json_string(prog_type_name(q->type)));
		const char *eat = libbpf_bpf_attach_type_str(q->eat);

		json_object_set_new(o, "expected_attach_type",
				    eat && q->eat ? json_string(eat) : json_null());
		json_object_set_new(o, "insns", json_integer(q->insns));
		json_object_set_new(o, "insns_loaded",
				    st.have ? json_integer(r.insns_loaded) : json_null());
		json_object_set_new(o, "expect", json_string(expect));
		json_object_set_new(o, "expect_explicit", json_boolean(q->a.expect != 0));
		json_object_set_new(o, "expect_msgs", json_incref(q->a.msgs));
		json_object_set_new(o, "auxiliary", json_boolean(q->a.auxiliary));
		json_object_set_new(o, "test_loader", json_boolean(q->a.test_loader));
		json_object_set_new(o, "description",
				    q->a.description ? json_string(q->a.description) : json_null());
		json_object_set_new(
			o, "annotations",
			json_pack("{s:O, s:o}", "flags", q->a.flag_names, "log_level",
				  q->a.log_level ? json_integer(q->a.log_level) : json_null()));
		json_object_set_new(k, "verdict", json_string(r.verdict ? r.verdict : "env"));
		json_object_set_new(k, "stage", json_string(r.stage ? r.stage : "open"));
		json_object_set_new(k, "msg", msg ? json_string(msg) : json_null());
		json_object_set_new(k, "msg_block", block ? json_string(block) : json_null());
		json_object_set_new(k, "env_reason",
				    r.env_reason[0] ? json_string(r.env_reason) : json_null());
		json_object_set_new(k, "errno", json_integer(r.err));
#define STAT(key, v)                                                                               \
	json_object_set_new(k, key, (v) >= 0 && st.have ? json_integer(v) : json_null())
		STAT("processed_insns", st.processed);
		STAT("verif_time_us", st.time_us);
		json_object_set_new(k, "stack_depth",
				    st.stack_depth[0] ? json_string(st.stack_depth) : json_null());
		STAT("max_states_per_insn", st.max_states);
		STAT("total_states", st.total_states);
		STAT("peak_states", st.peak_states);
		STAT("mark_read", st.mark_read);
#undef STAT
		unsigned int fl =
			q->a.flags |
			(test_flags ? BPF_F_TEST_RND_HI32 | BPF_F_TEST_REG_INVARIANTS : 0);

		json_object_set_new(k, "prog_flags", json_integer(fl));
		json_object_set_new(k, "log_level", json_integer(5));
		json_object_set_new(k, "caps_dropped", json_null());
		json_object_set_new(k, "log_file", rel[0] ? json_string(rel) : json_null());
		json_object_set_new(
			k, "libbpf_msg",
			strcmp(r.verdict ? r.verdict : "", "accept") && warn_buf && warn_buf[0]
				? json_stringn(warn_buf, warn_len < 4000 ? warn_len : 4000)
				: json_null());
		json_object_set_new(k, "workarounds",
				    json_pack("{s:o, s:o}", "weakened_externs", names_json(&weak),
					      "maps_not_created", names_json(&nocreate)));
		json_object_set_new(k, "object_load_failed_later", json_boolean(r.later_failure));
		json_object_set_new(o, "kernel", k);
		json_t *agrees = json_null();

		if (strcmp(expect, "none") && r.verdict && strcmp(r.verdict, "env"))
			agrees = json_boolean(!strcmp(expect, "success") ==
					      !strcmp(r.verdict, "accept"));
		json_object_set_new(o, "agrees", agrees);
		char *line = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);

		if (line)
			printf("%s\n", line);
		fflush(stdout);
		free(line);
		json_decref(o);
		free(msg);
		free(block);
		free(r.log);
	}
	unlink(copy);
	rmdir(tmpdir);
	free(logbuf);
	return 0;
}
