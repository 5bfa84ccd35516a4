/* Input dispatch: read the file once, pick the frontend by content (ELF magic) or by name (asm
 * text), and fall back to raw instructions. Keeps the frontends themselves free of file I/O. */
#include "frontend.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fe_read_file(const char *path, size_t max, u8 **data, size_t *len, struct diag *d)
{
	struct stat st;
	FILE *f;
	u8 *buf;
	size_t n;

	f = fopen(path, "rb");
	if (!f)
		return diag_error(d, -errno, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return diag_error(d, -EINVAL, "%s: not a regular file", path);
	}
	if ((u64)st.st_size > max) {
		fclose(f);
		return diag_error(d, -EFBIG, "%s: file too large (%lld bytes, limit %zu)", path,
				  (long long)st.st_size, max);
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		fclose(f);
		return diag_error(d, -ENOMEM, "%s: out of memory", path);
	}
	n = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return diag_error(d, -EIO, "%s: read error", path);
	}
	fclose(f);
	buf[n] = 0;
	*data = buf;
	*len = n;
	return 0;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

int fe_load_file(const char *path, const struct load_opts *opts, struct object **out,
		 struct diag *d)
{
	const char *fmt = opts->format;
	size_t len;
	u8 *data;
	int err;

	err = fe_read_file(path, FE_MAX_FILE_SIZE, &data, &len, d);
	if (err == -ENOENT && has_suffix(path, ".bin")) {
		/* large raw programs are stored compressed as NAME.bin.gz beside NAME.json */
		char gz[4096];

		snprintf(gz, sizeof(gz), "%s.gz", path);
		if (access(gz, R_OK) == 0) {
			diag_clear(d);
			err = fe_read_file(gz, FE_MAX_FILE_SIZE, &data, &len, d);
		}
	}
	if (err)
		return err;
	if (!fmt) {
		if (len >= 4 && memcmp(data, "\177ELF", 4) == 0)
			fmt = "elf";
		else if (has_suffix(path, ".s") || has_suffix(path, ".asm") ||
			 has_suffix(path, ".S"))
			fmt = "asm";
		else
			fmt = "raw";
	}
	if (strcmp(fmt, "elf") == 0)
		err = fe_elf_load(path, data, len, opts, out, d);
	else if (strcmp(fmt, "asm") == 0)
		err = fe_asm_load(path, (const char *)data, len, opts, out, d);
	else if (strcmp(fmt, "raw") == 0)
		err = fe_raw_load(path, data, len, opts, out, d);
	else
		err = diag_error(d, -EINVAL, "unknown input format '%s' (elf, raw, asm)", fmt);
	free(data);
	return err;
}
