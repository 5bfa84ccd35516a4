/* bpfvet command line: parse options, dispatch to a subcommand, map outcomes to exit statuses.
 * All the work happens in the library; this file only turns argv into a struct cli_opts. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "fe_kbtf.h"

static const char usage_text[] =
	"usage: bpfvet COMMAND [options] FILE...\n"
	"\n"
	"Decide, without a kernel, whether the Linux verifier would accept BPF programs.\n"
	"\n"
	"commands:\n"
	"  check FILE...     verify every program in each file (exit 0 all accepted,\n"
	"                    1 some program not accepted, 2 usage or unreadable input)\n"
	"  explain FILE      the failing path of a rejected program, step by step\n"
	"  cfg FILE          the control-flow graph (--format dot|svg|png)\n"
	"  dump FILE         disassembly in the kernel's syntax, with source lines\n"
	"                    (--format raw: the instruction bytes, e.g. to assemble .s into .bin)\n"
	"  list FILE...      the programs in each file\n"
	"  triage PATH...    many inputs (files or folders) in parallel, time and memory\n"
	"                    bounded, bucketed by rejection reason\n"
	"\n"
	"input options:\n"
	"  --spec FILE            JSON spec for raw input (default: NAME.json beside NAME.bin)\n"
	"  --type TYPE            program type for raw/asm input without spec (xdp, sched_cls, "
	"...)\n"
	"  --attach-type TYPE     expected attach type (cgroup_inet_ingress, ...)\n"
	"  --map TYPE:KEY:VALUE:ENTRIES[:FLAGS]\n"
	"                         a map for raw/asm input without spec; repeat for map 0, 1, ...\n"
	"  --input-format FMT     elf, raw or asm (default: detect)\n"
	"  --program NAME         only the program with this function or section name\n"
	"verification options:\n"
	"  --prog-flags LIST      BPF_F_* load flags, lower-case without prefix, comma-separated\n"
	"                         (strict_alignment, any_alignment, test_state_freq, sleepable,\n"
	"                         xdp_has_frags, test_rnd_hi32, test_reg_invariants, ...)\n"
	"  --unpriv               verify as a loader without CAP_BPF/CAP_PERFMON/CAP_NET_ADMIN\n"
	"  --insn-limit N         processed-instruction budget (default 1000000, the kernel's)\n"
	"  --kernel-btf FILE      the kernel's BTF, for kernel types, kfuncs and kptrs\n"
	"                         (default /sys/kernel/btf/vmlinux)\n"
	"output options:\n"
	"  --format FMT           check/list: text, json, sarif; cfg: dot, svg, png\n"
	"  -o, --output FILE      write to FILE instead of standard output\n"
	"  --log-level N          explain: 1 failing path (default), 2 state after every insn\n"
	"  -v, --verbose          more detail in text output\n"
	"triage options:\n"
	"  -j, --jobs N           parallel workers (default: number of CPUs)\n"
	"  --timeout SEC          time limit per input (default 10)\n"
	"  --mem-limit MB         memory limit per input (default 2048)\n"
	"\n"
	"  -h, --help             this text\n"
	"  --version              print the version\n";

static const struct {
	const char *name;
	u32 bit;
} prog_flag_names[] = {
	{"strict_alignment", BPF_F_STRICT_ALIGNMENT},
	{"any_alignment", BPF_F_ANY_ALIGNMENT},
	{"test_rnd_hi32", BPF_F_TEST_RND_HI32},
	{"test_state_freq", BPF_F_TEST_STATE_FREQ},
	{"sleepable", BPF_F_SLEEPABLE},
	{"xdp_has_frags", BPF_F_XDP_HAS_FRAGS},
	{"xdp_dev_bound_only", BPF_F_XDP_DEV_BOUND_ONLY},
	{"test_reg_invariants", BPF_F_TEST_REG_INVARIANTS},
};

static int parse_prog_flags(const char *list, u32 *out)
{
	char *copy = strdup(list), *save = NULL, *tok;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(prog_flag_names); i++)
			if (strcmp(tok, prog_flag_names[i].name) == 0)
				break;
		if (i == ARRAY_SIZE(prog_flag_names)) {
			fprintf(stderr, "bpfvet: unknown program flag '%s'\n", tok);
			err = -EINVAL;
			break;
		}
		*out |= prog_flag_names[i].bit;
	}
	free(copy);
	return err;
}

static bool parse_u32(const char *s, u32 *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || v > UINT32_MAX)
		return false;
	*out = (u32)v;
	return true;
}

/* TYPE:KEY:VALUE:ENTRIES[:FLAGS] */
static int parse_map(const char *spec, struct cli_map *m)
{
	char buf[256], *fields[6], *save = NULL;
	int n = 0, type;

	snprintf(buf, sizeof(buf), "%s", spec);
	for (char *t = strtok_r(buf, ":", &save); t && n < 6; t = strtok_r(NULL, ":", &save))
		fields[n++] = t;
	if (n < 4 || n > 5)
		return -EINVAL;
	type = map_type_from_name(fields[0]);
	if (type <= 0)
		return -EINVAL;
	m->type = (u32)type;
	if (!parse_u32(fields[1], &m->key_size) || !parse_u32(fields[2], &m->value_size) ||
	    !parse_u32(fields[3], &m->max_entries))
		return -EINVAL;
	m->flags = 0;
	if (n == 5 && !parse_u32(fields[4], &m->flags))
		return -EINVAL;
	return 0;
}

enum {
	OPT_SPEC = 256,
	OPT_TYPE,
	OPT_ATTACH,
	OPT_MAP,
	OPT_INPUT_FORMAT,
	OPT_PROGRAM,
	OPT_PROG_FLAGS,
	OPT_UNPRIV,
	OPT_FORMAT,
	OPT_LOG_LEVEL,
	OPT_TIMEOUT,
	OPT_MEM_LIMIT,
	OPT_INSN_LIMIT,
	OPT_KERNEL_BTF,
	OPT_VERSION,
};

static const struct option long_opts[] = {
	{"spec", required_argument, NULL, OPT_SPEC},
	{"type", required_argument, NULL, OPT_TYPE},
	{"attach-type", required_argument, NULL, OPT_ATTACH},
	{"map", required_argument, NULL, OPT_MAP},
	{"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
	{"program", required_argument, NULL, OPT_PROGRAM},
	{"prog-flags", required_argument, NULL, OPT_PROG_FLAGS},
	{"unpriv", no_argument, NULL, OPT_UNPRIV},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"output", required_argument, NULL, 'o'},
	{"log-level", required_argument, NULL, OPT_LOG_LEVEL},
	{"verbose", no_argument, NULL, 'v'},
	{"jobs", required_argument, NULL, 'j'},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"mem-limit", required_argument, NULL, OPT_MEM_LIMIT},
	{"insn-limit", required_argument, NULL, OPT_INSN_LIMIT},
	{"kernel-btf", required_argument, NULL, OPT_KERNEL_BTF},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0},
};

static int usage_error(const char *fmt, ...) PRINTF_LIKE(1, 2);

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("bpfvet: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'bpfvet --help'.\n", stderr);
	return EXIT_USAGE;
}

static const struct {
	const char *name;
	int (*run)(struct cli_opts *o);
} commands[] = {
	{"check", cmd_check}, {"explain", cmd_explain}, {"cfg", cmd_cfg},
	{"dump", cmd_dump},   {"list", cmd_list},	{"triage", cmd_triage},
};

int main(int argc, char **argv)
{
	struct cli_opts o;
	u32 map_cnt = 0, v;
	int c, type;
	const char *cmd, *kbtf_path = NULL;

	memset(&o, 0, sizeof(o));
	o.load.prog_type = -1;
	o.load.attach_type = -1;
	o.jobs = 0;
	o.timeout = 10.0;
	o.mem_limit_mb = 2048;
	if (argc < 2)
		return usage_error("%s", "missing command");
	cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("bpfvet %s\n", BPFVET_VERSION);
		return 0;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "o:vj:h", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_SPEC:
			o.load.spec_path = optarg;
			break;
		case OPT_TYPE:
			type = prog_type_from_name(optarg);
			if (type <= 0)
				return usage_error("unknown program type '%s'", optarg);
			o.load.prog_type = type;
			break;
		case OPT_ATTACH:
			type = attach_type_from_name(optarg);
			if (type < 0)
				return usage_error("unknown attach type '%s'", optarg);
			o.load.attach_type = type;
			break;
		case OPT_MAP:
			if (map_cnt >= ARRAY_SIZE(o.maps))
				return usage_error("%s", "too many --map options");
			if (parse_map(optarg, &o.maps[map_cnt]))
				return usage_error(
					"bad --map '%s' (TYPE:KEY:VALUE:ENTRIES[:FLAGS])", optarg);
			map_cnt++;
			break;
		case OPT_INPUT_FORMAT:
			o.load.format = optarg;
			break;
		case OPT_PROGRAM:
			o.load.program = optarg;
			break;
		case OPT_PROG_FLAGS:
			if (parse_prog_flags(optarg, &o.analyze.extra_prog_flags))
				return usage_error("bad --prog-flags '%s'", optarg);
			break;
		case OPT_UNPRIV:
			o.analyze.unpriv = true;
			break;
		case OPT_FORMAT:
			o.format = optarg;
			break;
		case 'o':
			o.output = optarg;
			break;
		case OPT_LOG_LEVEL:
			if (!parse_u32(optarg, &v) || v > 2)
				return usage_error("bad --log-level '%s' (0, 1 or 2)", optarg);
			o.analyze.log_level = (int)v;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'j':
			if (!parse_u32(optarg, &v) || v == 0 || v > 256)
				return usage_error("bad --jobs '%s'", optarg);
			o.jobs = (int)v;
			break;
		case OPT_TIMEOUT:
			o.timeout = strtod(optarg, NULL);
			if (!(o.timeout > 0 && o.timeout < 86400))
				return usage_error("bad --timeout '%s'", optarg);
			break;
		case OPT_MEM_LIMIT:
			if (!parse_u32(optarg, &v) || v < 16)
				return usage_error("bad --mem-limit '%s' (MB, at least 16)",
						   optarg);
			o.mem_limit_mb = v;
			break;
		case OPT_INSN_LIMIT:
			if (!parse_u32(optarg, &v) || v == 0)
				return usage_error("bad --insn-limit '%s'", optarg);
			o.analyze.insn_limit = v;
			break;
		case OPT_KERNEL_BTF:
			kbtf_path = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case OPT_VERSION:
			printf("bpfvet %s\n", BPFVET_VERSION);
			return 0;
		default:
			return usage_error("%s", "invalid option");
		}
	}
	o.load.maps = o.maps;
	o.load.map_cnt = map_cnt;
	o.inputs = argv + optind;
	o.input_cnt = argc - optind;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(cmd, commands[i].name) != 0)
			continue;
		if (o.input_cnt == 0)
			return usage_error("%s: no input file", cmd);
		o.analyze.kbtf = fe_kbtf_open(kbtf_path);
		c = commands[i].run(&o);
		fe_kbtf_close(o.analyze.kbtf);
		return c;
	}
	return usage_error("unknown command '%s'", cmd);
}
