/* triage: verify many inputs in parallel, each in its own forked child with a time and memory
 * limit (so a pathological input cannot take the run down), and bucket the outcomes by rejection
 * reason with numbers abstracted away ("off=N size=N"). A crash or timeout of a child is itself an
 * outcome: it is reported, never fatal. */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED_BUILD 1
#endif
#endif
#ifndef SANITIZED_BUILD
#define SANITIZED_BUILD 0
#endif

struct input_list {
	char **paths;
	u32 cnt, cap;
};

struct worker {
	pid_t pid;
	int fd;
	u32 input;
	double deadline;
	struct strbuf out;
};

struct bucket {
	char *key;
	char *example; /* "path:program" */
	u32 count;
};

struct triage {
	struct bucket *buckets;
	u32 bucket_cnt, bucket_cap;
	u32 verdicts[3];
	u32 programs;
	json_t *failures; /* inputs that crashed, timed out or could not be read */
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Inside a folder, only files that look like BPF inputs are taken: ELF objects (by magic), raw
 * instruction files (.bin, .bin.gz) and assembly (.s, .asm); specs and sources beside them are not
 * inputs of their own. A file named on the command line is always taken. */
static bool looks_like_input(const char *path, const char *name)
{
	static const char *const ext[] = {".o", ".bin", ".bin.gz", ".s", ".asm"};
	size_t n = strlen(name);
	unsigned char magic[4] = {0};
	FILE *f;

	if (name[0] == '.')
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(ext); i++) {
		size_t k = strlen(ext[i]);

		if (n > k && strcmp(name + n - k, ext[i]) == 0)
			return true;
	}
	f = fopen(path, "rb");
	if (!f)
		return false;
	n = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	return n == 4 && memcmp(magic, "\177ELF", 4) == 0;
}

static int list_push(struct input_list *l, const char *path)
{
	if (l->cnt == l->cap) {
		u32 cap = l->cap ? l->cap * 2 : 64;
		char **p = realloc(l->paths, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		l->paths = p;
		l->cap = cap;
	}
	l->paths[l->cnt] = strdup(path);
	return l->paths[l->cnt++] ? 0 : -ENOMEM;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files below path (recursively, sorted, hidden files and side files skipped). */
static int collect(const char *path, struct input_list *l, int depth)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	struct input_list here = {0};
	int err = 0;

	if (stat(path, &st) != 0)
		return list_push(l, path); /* reported as unreadable by the worker */
	if (!S_ISDIR(st.st_mode))
		return list_push(l, path);
	if (depth > 32)
		return 0;
	d = opendir(path);
	if (!d)
		return list_push(l, path);
	while ((e = readdir(d)) != NULL) {
		char child[4096];

		struct stat cst;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, e->d_name);
		if (stat(child, &cst) != 0 ||
		    (!S_ISDIR(cst.st_mode) && !looks_like_input(child, e->d_name)))
			continue;
		if (list_push(&here, child))
			break;
	}
	closedir(d);
	qsort(here.paths, here.cnt, sizeof(char *), cmp_str);
	for (u32 i = 0; i < here.cnt; i++) {
		if (!err)
			err = collect(here.paths[i], l, depth + 1);
		free(here.paths[i]);
	}
	free(here.paths);
	return err;
}

/* Replace every run of digits (and hex literals) by N so that messages bucket by kind. */
static char *bucket_key(const char *msg)
{
	size_t n = strlen(msg);
	char *k = malloc(n + 1), *w = k;

	if (!k)
		return NULL;
	for (const char *s = msg; *s;) {
		if (s[0] == '0' && s[1] == 'x') {
			s += 2;
			while (*s && strchr("0123456789abcdefABCDEF", *s))
				s++;
			*w++ = 'N';
		} else if (*s >= '0' && *s <= '9') {
			while (*s >= '0' && *s <= '9')
				s++;
			*w++ = 'N';
		} else {
			*w++ = *s++;
		}
	}
	*w = 0;
	return k;
}

static void add_bucket(struct triage *t, const char *key, const char *example)
{
	for (u32 i = 0; i < t->bucket_cnt; i++) {
		if (strcmp(t->buckets[i].key, key) == 0) {
			t->buckets[i].count++;
			return;
		}
	}
	if (t->bucket_cnt == t->bucket_cap) {
		u32 cap = t->bucket_cap ? t->bucket_cap * 2 : 32;
		struct bucket *b = realloc(t->buckets, cap * sizeof(*b));

		if (!b)
			return;
		t->buckets = b;
		t->bucket_cap = cap;
	}
	t->buckets[t->bucket_cnt].key = strdup(key);
	t->buckets[t->bucket_cnt].example = strdup(example);
	t->buckets[t->bucket_cnt].count = 1;
	t->bucket_cnt++;
}

/* In the child: analyse one input and write one line per program:
 * "P\t<verdict>\t<name>\t<message>\n", or "E\t<load error>\n". */
static void child_run(const char *path, const struct cli_opts *o, int fd)
{
	struct file_report fr;
	struct object *obj;
	struct strbuf out = STRBUF_INIT;

	if (cli_process_file(path, o, true, &fr, &obj) == EXIT_USAGE) {
		const char *m = fr.error ? fr.error : "cannot load";

		strbuf_puts(&out, "E\t");
		for (; *m; m++)
			strbuf_putc(&out, (*m == '\n' || *m == '\t') ? ' ' : *m);
		strbuf_putc(&out, '\n');
	} else {
		for (u32 i = 0; i < fr.prog_cnt; i++) {
			const struct prog_report *pr = &fr.progs[i];
			const char *m = pr->res.message ? pr->res.message : "";

			strbuf_printf(&out, "P\t%s\t%s\t", verdict_name(pr->res.verdict),
				      pr->prog->name ? pr->prog->name : "?");
			for (; *m; m++)
				strbuf_putc(&out, (*m == '\n' || *m == '\t') ? ' ' : *m);
			strbuf_putc(&out, '\n');
		}
	}
	for (size_t off = 0; off < out.len;) {
		ssize_t w = write(fd, out.buf + off, out.len - off);

		if (w <= 0)
			break;
		off += (size_t)w;
	}
	_exit(0);
}

static void record_failure(struct triage *t, const char *path, const char *why)
{
	json_t *f = json_object();

	json_object_set_new(f, "path", json_string(path));
	json_object_set_new(f, "why", json_string(why));
	json_array_append_new(t->failures, f);
	add_bucket(t, why, path);
}

static void finish_worker(struct triage *t, struct worker *w, const char *path, int status,
			  bool timed_out)
{
	char *save = NULL, *line;
	char why[128];

	if (timed_out) {
		record_failure(t, path, "triage: time limit exceeded");
		return;
	}
	if (WIFSIGNALED(status)) {
		snprintf(why, sizeof(why), "triage: killed by signal %d (crash or memory limit)",
			 WTERMSIG(status));
		record_failure(t, path, why);
		return;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		snprintf(why, sizeof(why), "triage: worker exited with status %d",
			 WEXITSTATUS(status));
		record_failure(t, path, why);
		return;
	}
	for (line = strtok_r(w->out.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[4] = {0};
		int n = 0;

		/* tab-separated fields; the child replaced tabs inside messages by spaces */
		f[n++] = line;
		for (char *c = line; *c && n < 4; c++) {
			if (*c == '\t') {
				*c = 0;
				f[n++] = c + 1;
			}
		}
		if (f[0] && f[0][0] == 'E') {
			char *key = bucket_key(f[1] ? f[1] : "");
			json_t *fo = json_object();

			json_object_set_new(fo, "path", json_string(path));
			json_object_set_new(fo, "why", json_string(f[1] ? f[1] : ""));
			json_array_append_new(t->failures, fo);
			add_bucket(t, key ? key : "unreadable", path);
			free(key);
		} else if (f[0] && f[0][0] == 'P' && f[1]) {
			char example[4300];
			int v = strcmp(f[1], "accept") == 0   ? 0
				: strcmp(f[1], "reject") == 0 ? 1
							      : 2;
			char *key;

			t->programs++;
			t->verdicts[v]++;
			if (v == 0)
				continue;
			snprintf(example, sizeof(example), "%s:%s", path, f[2] ? f[2] : "?");
			key = bucket_key(f[3] ? f[3] : "(no message)");
			if (key) {
				char full[4200];

				snprintf(full, sizeof(full), "%s: %s", f[1], key);
				add_bucket(t, full, example);
			}
			free(key);
		}
	}
}

static int cmp_bucket(const void *a, const void *b)
{
	const struct bucket *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->key, y->key);
}

static void spawn(struct worker *w, const struct input_list *l, u32 idx, const struct cli_opts *o)
{
	int fds[2];

	memset(w, 0, sizeof(*w));
	w->input = idx;
	w->fd = -1;
	if (pipe(fds) != 0) {
		w->pid = -1;
		return;
	}
	fflush(stdout);
	fflush(stderr);
	w->pid = fork();
	if (w->pid == 0) {
		struct rlimit rl;

		close(fds[0]);
		/* AddressSanitizer reserves terabytes of address space for its shadow and allocator,
		 * so a memory limit would kill every worker of a sanitizer build: none there */
		rl.rlim_cur = rl.rlim_max = (rlim_t)o->mem_limit_mb << 20;
		if (!SANITIZED_BUILD)
			setrlimit(RLIMIT_AS, &rl);
		rl.rlim_cur = rl.rlim_max = (rlim_t)o->timeout + 2;
		setrlimit(RLIMIT_CPU, &rl);
		child_run(l->paths[idx], o, fds[1]);
	}
	close(fds[1]);
	w->fd = fds[0];
	w->deadline = now_s() + o->timeout;
}

int cmd_triage(struct cli_opts *o)
{
	struct input_list l = {0};
	struct triage t = {0};
	struct worker *ws;
	struct strbuf out = STRBUF_INIT;
	u32 next = 0, running = 0;
	int jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	double t0 = now_s();
	bool json = o->format && strcmp(o->format, "json") == 0;

	if (o->format && !json && strcmp(o->format, "text")) {
		fprintf(stderr, "bpfvet: unknown --format '%s' for triage (text, json)\n",
			o->format);
		return EXIT_USAGE;
	}
	if (jobs < 1)
		jobs = 1;
	for (int i = 0; i < o->input_cnt; i++)
		if (collect(o->inputs[i], &l, 0)) {
			fprintf(stderr, "bpfvet: out of memory listing inputs\n");
			return EXIT_USAGE;
		}
	ws = calloc((size_t)jobs, sizeof(*ws));
	t.failures = json_array();
	if (!ws)
		return EXIT_USAGE;
	for (int i = 0; i < jobs; i++)
		ws[i].pid = 0;
	while (next < l.cnt || running) {
		struct pollfd pfd[256];
		int map[256], np = 0;

		for (int i = 0; i < jobs && next < l.cnt; i++) {
			if (ws[i].pid > 0)
				continue;
			spawn(&ws[i], &l, next, o);
			if (ws[i].pid < 0) {
				record_failure(&t, l.paths[next], "triage: cannot fork");
				ws[i].pid = 0;
			} else {
				running++;
			}
			next++;
		}
		for (int i = 0; i < jobs; i++) {
			if (ws[i].pid <= 0)
				continue;
			pfd[np].fd = ws[i].fd;
			pfd[np].events = POLLIN;
			map[np++] = i;
		}
		if (np == 0)
			continue;
		poll(pfd, (nfds_t)np, 50);
		for (int k = 0; k < np; k++) {
			struct worker *w = &ws[map[k]];
			bool done = false, timed_out = false;
			int status = 0;

			if (pfd[k].revents & (POLLIN | POLLHUP | POLLERR)) {
				char buf[8192];
				ssize_t n = read(w->fd, buf, sizeof(buf));

				if (n > 0 && w->out.len < (16u << 20)) {
					for (ssize_t j = 0; j < n; j++)
						strbuf_putc(&w->out, buf[j]);
				} else if (n <= 0) {
					done = true;
				}
			}
			if (!done && now_s() > w->deadline) {
				kill(w->pid, SIGKILL);
				done = timed_out = true;
			}
			if (!done)
				continue;
			waitpid(w->pid, &status, 0);
			close(w->fd);
			if (!w->out.buf)
				strbuf_puts(&w->out, "");
			finish_worker(&t, w, l.paths[w->input], status, timed_out);
			strbuf_free(&w->out);
			w->pid = 0;
			running--;
		}
	}
	qsort(t.buckets, t.bucket_cnt, sizeof(*t.buckets), cmp_bucket);
	if (json) {
		json_t *doc = json_object(), *bs = json_array();
		char *text;

		json_object_set_new(doc, "inputs", json_integer(l.cnt));
		json_object_set_new(doc, "programs", json_integer(t.programs));
		json_object_set_new(doc, "accept", json_integer(t.verdicts[0]));
		json_object_set_new(doc, "reject", json_integer(t.verdicts[1]));
		json_object_set_new(doc, "error", json_integer(t.verdicts[2]));
		for (u32 i = 0; i < t.bucket_cnt; i++)
			json_array_append_new(bs,
					      json_pack("{s:s,s:i,s:s}", "reason", t.buckets[i].key,
							"count", (int)t.buckets[i].count, "example",
							t.buckets[i].example));
		json_object_set_new(doc, "buckets", bs);
		json_object_set_new(doc, "failures", t.failures);
		json_object_set_new(doc, "wall_s", json_real(now_s() - t0));
		text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (text)
			strbuf_printf(&out, "%s\n", text);
		free(text);
		json_decref(doc);
	} else {
		strbuf_printf(&out,
			      "%u inputs, %u programs: %u accept, %u reject, %u error; "
			      "%zu inputs failed (%.1fs)\n",
			      l.cnt, t.programs, t.verdicts[0], t.verdicts[1], t.verdicts[2],
			      json_array_size(t.failures), now_s() - t0);
		for (u32 i = 0; i < t.bucket_cnt; i++)
			strbuf_printf(&out, "%6u  %s\n        e.g. %s\n", t.buckets[i].count,
				      t.buckets[i].key, t.buckets[i].example);
		json_decref(t.failures);
	}
	cli_write_output(o, strbuf_str(&out), out.len);
	for (u32 i = 0; i < t.bucket_cnt; i++) {
		free(t.buckets[i].key);
		free(t.buckets[i].example);
	}
	free(t.buckets);
	for (u32 i = 0; i < l.cnt; i++)
		free(l.paths[i]);
	free(l.paths);
	free(ws);
	strbuf_free(&out);
	return t.verdicts[1] || t.verdicts[2] ? EXIT_REJECTED : EXIT_ACCEPTED;
}
