/* A cross-check driver (not a unit test; needs root and a kernel): opens each object with the
 * system's libbpf, enables every program, loads the object (which relocates everything, whatever
 * the verifier then says) and prints each program's final instructions in the same layout as
 * `elf-dump -v`, with "PROG <object> <name> <count> err=<load result>" headers. check_corpus.py
 * --libbpf compares them with the ELF frontend's. */
#include <bpf/libbpf.h>
#include <stdio.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

int main(int argc, char **argv)
{
	libbpf_set_print(quiet);
	for (int a = 1; a < argc; a++) {
		struct bpf_object *o = bpf_object__open_file(argv[a], NULL);
		struct bpf_program *p;
		int err;

		if (!o) {
			printf("OPENFAIL %s\n", argv[a]);
			continue;
		}
		bpf_object__for_each_program(p, o) bpf_program__set_autoload(p, true);
		err = bpf_object__load(o);
		bpf_object__for_each_program(p, o)
		{
			const struct bpf_insn *in = bpf_program__insns(p);
			size_t n = bpf_program__insn_cnt(p);

			printf("PROG %s %s %zu err=%d\n", argv[a], bpf_program__name(p), n, err);
			for (size_t i = 0; i < n; i++)
				printf("  %4zu: %02x %x %x %6d %d\n", i, in[i].code, in[i].dst_reg,
				       in[i].src_reg, in[i].off, in[i].imm);
		}
		bpf_object__close(o);
	}
	return 0;
}
