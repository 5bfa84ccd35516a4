/* Frontends: bytes on disk -> the program model (analyzer/prog.h). All parsing of untrusted input
 * lives here. Every function returns 0 or a negative errno and, on failure, a diagnostic naming
 * the place (section, offset, line) in d; none of them prints. */
#ifndef BPFVET_FRONTEND_H
#define BPFVET_FRONTEND_H

#include "diag.h"
#include "prog.h"

/* A map given on the command line for raw/asm input without a spec ("--map hash:8:8:1"). */
struct cli_map {
	u32 type;
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 flags;
};

struct load_opts {
	const char
		*spec_path; /* raw input: JSON spec; NULL = NAME.json beside NAME.bin if present */
	int prog_type;	    /* --type for raw/asm input without spec; -1 = not given */
	int attach_type;    /* --attach-type; -1 = not given */
	const struct cli_map *maps; /* --map for raw/asm input without spec */
	u32 map_cnt;
	const char *program; /* --program: keep only this program (function or section name) */
	const char *format;  /* --input-format elf|raw|asm, or NULL to detect */
};

/* Largest input file read at all (bigger files are refused before reading). */
#define FE_MAX_FILE_SIZE (512u << 20)

/* Read path, detect its format (ELF magic; ".s"/".asm" text; otherwise raw), and load it. */
int fe_load_file(const char *path, const struct load_opts *opts, struct object **out,
		 struct diag *d);

/* The individual frontends, on bytes already in memory (data stays owned by the caller). */
int fe_elf_load(const char *path, const u8 *data, size_t len, const struct load_opts *opts,
		struct object **out, struct diag *d);
int fe_raw_load(const char *path, const u8 *data, size_t len, const struct load_opts *opts,
		struct object **out, struct diag *d);
int fe_asm_load(const char *path, const char *text, size_t len, const struct load_opts *opts,
		struct object **out, struct diag *d);

/* Read a whole file into memory (NUL-terminated, *len excludes the NUL); refuses files over
 * max bytes. Returns 0 or a negative errno with d set. */
int fe_read_file(const char *path, size_t max, u8 **data, size_t *len, struct diag *d);

#endif
