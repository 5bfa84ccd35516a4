/* Corpus check of the structure part (skipped, exit 77, when the corpus is absent): every case of
 * the test_verifier corpus loads through the raw frontend with its recorded instruction count,
 * and every rejection cfg_build() makes carries the kernel's exact message (privileged, and
 * unprivileged where the corpus has that verdict). Corpus folder: $BPFVET_TV_CORPUS, else
 * /work/shared/corpus/test_verifier. Prints the figures. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cfg.h"
#include "frontend.h"

struct tally {
	u32 cases, loaded, cnt_ok;
	u32 rejected[2], agree[2], wrong[2];
};

static void judge(const struct program *p, json_t *k, bool unpriv, struct tally *t,
		  const char *name)
{
	const char *msg = json_string_value(json_object_get(k, "msg"));
	const char *lv = json_string_value(json_object_get(k, "load_verdict"));
	struct result r;
	struct cfg c;

	result_init(&r);
	if (cfg_build(p, unpriv, &c, &r) != 0) {
		t->rejected[unpriv]++;
		/* bpf_prog_load() refusals have no kernel message: only the verdict counts */
		if (lv && strcmp(lv, "reject") == 0 && (!msg || strcmp(msg, r.message) == 0)) {
			t->agree[unpriv]++;
		} else {
			t->wrong[unpriv]++;
			printf("%s%s: bpfvet '%s', kernel %s '%s'\n", name,
			       unpriv ? " (unpriv)" : "", r.message, lv ? lv : "?", msg ? msg : "");
		}
	}
	cfg_fini(&c);
	result_fini(&r);
}

int main(void)
{
	const char *dir = getenv("BPFVET_TV_CORPUS");
	char path[4096], bin[4096], spec[4096];
	struct tally t = {0};
	struct stat st;
	FILE *f;
	char *line = NULL;
	size_t cap = 0;

	if (!dir)
		dir = "/work/shared/corpus/test_verifier";
	snprintf(path, sizeof(path), "%s/cases.jsonl", dir);
	if (stat(path, &st) != 0) {
		printf("no corpus at %s: skipped\n", dir);
		return 77;
	}
	f = fopen(path, "r");
	if (!f)
		return 77;
	while (getline(&line, &cap, f) > 0) {
		json_t *c = json_loads(line, 0, NULL), *k;
		const char *name, *file;
		struct load_opts o = {.prog_type = -1, .attach_type = -1, .spec_path = spec};
		struct object *obj = NULL;
		struct diag d = {0};

		if (!c)
			continue;
		t.cases++;
		name = json_string_value(json_object_get(c, "name"));
		file = json_string_value(json_object_get(c, "insns_file"));
		snprintf(spec, sizeof(spec), "%s/%s.json", dir, name ? name : "");
		snprintf(bin, sizeof(bin), "%s/%s", dir, file ? file : "");
		if (fe_load_file(bin, &o, &obj, &d) != 0) {
			printf("%s: load failed: %s\n", name, d.msg);
			json_decref(c);
			continue;
		}
		t.loaded++;
		if (obj->progs[0].insn_cnt ==
		    (u32)json_integer_value(json_object_get(c, "insn_cnt")))
			t.cnt_ok++;
		else
			printf("%s: %u instructions\n", name, obj->progs[0].insn_cnt);
		k = json_object_get(c, "kernel");
		if (k && strcmp(json_string_value(json_object_get(k, "verdict")) ?: "", "env") != 0)
			judge(&obj->progs[0], k, false, &t, name);
		k = json_object_get(c, "kernel_unpriv");
		if (k && json_is_object(k))
			judge(&obj->progs[0], k, true, &t, name);
		object_free(obj);
		json_decref(c);
	}
	free(line);
	fclose(f);
	printf("cases %u, loaded %u, instruction count right %u\n", t.cases, t.loaded, t.cnt_ok);
	printf("privileged: cfg_build rejected %u, kernel agrees (same message) %u, disagrees %u\n",
	       t.rejected[0], t.agree[0], t.wrong[0]);
	printf("unprivileged: cfg_build rejected %u, kernel agrees %u, disagrees %u\n",
	       t.rejected[1], t.agree[1], t.wrong[1]);
	return t.loaded == t.cases && t.cnt_ok == t.loaded && !t.wrong[0] && !t.wrong[1] ? 0 : 1;
}
