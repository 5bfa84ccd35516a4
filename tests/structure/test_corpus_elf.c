/* Corpus check of cfg_build() on clang-built programs (skipped, exit 77, without the corpus):
 * for every program of the kselftests corpus that the ELF frontend loads, a rejection by
 * cfg_build() must be a kernel rejection with the same message. Kernel rejections with a
 * structural message that cfg_build() let through are listed (they may come from the frontend's
 * model) but do not fail the test. Corpus: $BPFVET_KS_CORPUS, else
 * /work/shared/corpus/kselftests. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cfg.h"
#include "frontend.h"

/* message starts of the checks cfg_build() makes */
static const char *const structural[] = {
	"unknown opcode",
	"invalid bpf_ld_imm64",
	"unrecognized bpf_ld_imm64",
	"jump out of range",
	"last insn is not",
	"unreachable insn",
	"back-edge",
	"jump into the middle",
	"call to invalid destination",
	"too many subprograms",
	"BPF_LDX uses reserved",
	"fd ",
	"direct value offset",
	"invalid access to map value pointer",
	"no direct value access",
	"func_info BTF",
	"number of funcs in func_info",
	"nonzero insn_off",
	"same or smaller insn offset",
	"invalid type id",
	"kernel btf_id",
	"LD_ABS is not allowed",
	"tail_call is not allowed",
	"cannot call kernel function",
	"Sleepable programs can only",
	"tracing progs cannot",
	"socket filter progs cannot",
	"Only fentry/fexit",
	"Syscall programs can only",
	"Tracing programs must provide",
	"ldimm64 insn specifies",
};

static bool is_structural(const char *msg)
{
	for (size_t i = 0; msg && i < sizeof(structural) / sizeof(structural[0]); i++)
		if (strncmp(msg, structural[i], strlen(structural[i])) == 0)
			return true;
	return false;
}

int main(void)
{
	const char *dir = getenv("BPFVET_KS_CORPUS");
	char path[4096], cur[1024] = "";
	u32 progs = 0, found = 0, rejected = 0, agree = 0, wrong = 0, missed = 0;
	struct object *obj = NULL;
	struct stat st;
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	if (!dir)
		dir = "/work/shared/corpus/kselftests";
	snprintf(path, sizeof(path), "%s/manifest.jsonl", dir);
	if (stat(path, &st) != 0) {
		printf("no corpus at %s: skipped\n", dir);
		return 77;
	}
	f = fopen(path, "r");
	if (!f)
		return 77;
	while (getline(&line, &cap, f) > 0) {
		json_t *c = json_loads(line, 0, NULL), *k;
		const char *o, *name, *verdict, *msg;
		const struct program *p;
		struct result r;
		struct cfg cfg;

		if (!c)
			continue;
		progs++;
		o = json_string_value(json_object_get(c, "object")) ?: "";
		name = json_string_value(json_object_get(c, "program")) ?: "";
		k = json_object_get(c, "kernel");
		verdict = json_string_value(json_object_get(k, "verdict")) ?: "";
		msg = json_string_value(json_object_get(k, "msg"));
		if (strcmp(o, cur) != 0) {
			struct load_opts opts = {.prog_type = -1, .attach_type = -1};
			struct diag d = {0};

			object_free(obj);
			obj = NULL;
			snprintf(cur, sizeof(cur), "%s", o);
			snprintf(path, sizeof(path), "%s/%s", dir, o);
			if (fe_load_file(path, &opts, &obj, &d) != 0)
				obj = NULL;
		}
		p = obj ? object_find_program(obj, name) : NULL;
		if (!p || p->load_error || p->loader_reject || strcmp(verdict, "env") == 0) {
			json_decref(c);
			continue;
		}
		found++;
		result_init(&r);
		if (cfg_build(p, false, &cfg, &r) != 0) {
			rejected++;
			if (strcmp(verdict, "reject") == 0 && msg && strcmp(msg, r.message) == 0) {
				agree++;
			} else {
				wrong++;
				printf("WRONG %s:%s: bpfvet '%s', kernel %s '%s'\n", o, name,
				       r.message, verdict, msg ? msg : "");
			}
		} else if (strcmp(verdict, "reject") == 0 && is_structural(msg)) {
			missed++;
			printf("missed %s:%s: kernel '%s'\n", o, name, msg);
		}
		cfg_fini(&cfg);
		result_fini(&r);
		json_decref(c);
	}
	object_free(obj);
	free(line);
	fclose(f);
	printf("programs %u, analysable %u; cfg_build rejected %u: same message %u, wrong %u; "
	       "structural rejections let through %u\n",
	       progs, found, rejected, agree, wrong, missed);
	return wrong ? 1 : 0;
}
