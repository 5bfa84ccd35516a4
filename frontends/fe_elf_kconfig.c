/* The values of __kconfig externs, as libbpf fills the .kconfig map before loading
 * (bpf_object__resolve_externs(), 6.12): LINUX_KERNEL_VERSION from the running kernel's release,
 * LINUX_HAS_* feature flags, and CONFIG_* from the running kernel's configuration
 * (/proc/config.gz, or /boot/config-<release>). This mirrors what CO-RE does with the running
 * kernel's BTF. BPFVET_KCONFIG names another config file (plain or gzip; "" for none). When a
 * value a program needs cannot be known, the map is left unknown (no initial data, not treated as
 * read-only constants) rather than guessed. */
#include "fe_elf_int.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "config.h"
#if HAVE_ZLIB
#include <zlib.h>
#endif

#define KCONFIG_MAX (8u << 20) /* a kernel config is ~250 KiB; refuse anything absurd */

u32 elf_kcfg_kind(const struct btf *btf, u32 id, bool *is_signed)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name;

	for (int i = 0; t && i < 32 && (btf_is_mod(t) || btf_is_typedef(t)); i++)
		t = btf__type_by_id(btf, t->type);
	if (is_signed)
		*is_signed = false;
	if (!t)
		return KCFG_UNKNOWN;
	name = btf__name_by_offset(btf, t->name_off);
	switch (btf_kind(t)) {
	case BTF_KIND_INT: {
		u32 enc = btf_int_encoding(t);

		if (enc & BTF_INT_BOOL)
			return t->size == 1 ? KCFG_BOOL : KCFG_UNKNOWN;
		if (is_signed)
			*is_signed = enc & BTF_INT_SIGNED;
		if (t->size == 1)
			return KCFG_CHAR;
		if (t->size < 1 || t->size > 8 || (t->size & (t->size - 1)))
			return KCFG_UNKNOWN;
		return KCFG_INT;
	}
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if ((btf_is_enum(t) && t->size != 4) || !name || strcmp(name, "libbpf_tristate"))
			return KCFG_UNKNOWN;
		return KCFG_TRISTATE;
	case BTF_KIND_ARRAY: {
		const struct btf_type *e = btf__type_by_id(btf, btf_array(t)->type);

		if (btf_array(t)->nelems == 0 || !e)
			return KCFG_UNKNOWN;
		/* an array of char (one level: nested arrays are not char) */
		for (int i = 0; e && i < 32 && (btf_is_mod(e) || btf_is_typedef(e)); i++)
			e = btf__type_by_id(btf, e->type);
		if (!e || !btf_is_int(e) || e->size != 1 || (btf_int_encoding(e) & BTF_INT_BOOL))
			return KCFG_UNKNOWN;
		return KCFG_CHAR_ARR;
	}
	default:
		return KCFG_UNKNOWN;
	}
}

/* The whole config file (gzip or plain), NUL-terminated, or NULL. */
static char *read_config(const char *path)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
#if HAVE_ZLIB
	gzFile f = gzopen(path, "rb");

	if (!f)
		return NULL;
	for (;;) {
		int n;

		if (len + 65536 + 1 > cap) {
			char *nb;

			cap = cap ? cap * 2 : 262144;
			if (cap > KCONFIG_MAX + 65536 + 1)
				break;
			nb = realloc(buf, cap);
			if (!nb)
				break;
			buf = nb;
		}
		n = gzread(f, buf + len, 65536);
		if (n <= 0) {
			gzclose(f);
			if (n < 0) {
				free(buf);
				return NULL;
			}
			buf[len] = 0;
			return buf;
		}
		len += n;
	}
	gzclose(f);
	free(buf);
	return NULL;
#else
	FILE *f = fopen(path, "rb");

	if (!f)
		return NULL;
	cap = KCONFIG_MAX + 1;
	buf = malloc(cap);
	if (buf) {
		len = fread(buf, 1, KCONFIG_MAX, f);
		buf[len] = 0;
	}
	fclose(f);
	return buf;
#endif
}

/* The value text of NAME in a config ("y", "m", "\"str\"", "123"), "n" for "# NAME is not set",
 * or NULL when the config does not mention it. */
static const char *config_value(const char *cfg, const char *name, char *out, size_t out_sz)
{
	size_t nl = strlen(name);

	for (const char *line = cfg; line && *line;
	     line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		const char *end = strchr(line, '\n');
		size_t ll = end ? (size_t)(end - line) : strlen(line);

		if (ll > nl && strncmp(line, name, nl) == 0 && line[nl] == '=') {
			size_t vl = ll - nl - 1;

			if (vl == 0 || vl >= out_sz)
				return NULL;
			memcpy(out, line + nl + 1, vl);
			out[vl] = 0;
			return out;
		}
		if (line[0] == '#' && ll == nl + 13 && strncmp(line + 2, name, nl) == 0 &&
		    strncmp(line + 2 + nl, " is not set", 11) == 0)
			return "n";
	}
	return NULL;
}

static bool num_fits(const struct elf_ext *e, u64 v)
{
	u32 bits = e->kcfg_size * 8;

	if (e->kcfg_size >= 8)
		return true;
	if (e->kcfg_signed)
		return v + (1ull << (bits - 1)) < (1ull << bits);
	return (v >> bits) == 0;
}

static bool set_num(const struct elf_ext *e, u8 *dst, u64 v)
{
	if ((e->kcfg_type != KCFG_INT && e->kcfg_type != KCFG_BOOL) || !num_fits(e, v))
		return false;
	if (e->kcfg_type == KCFG_BOOL && v > 1)
		return false;
	memcpy(dst, &v, e->kcfg_size); /* little-endian host and target */
	return true;
}

/* Mirrors bpf_object__process_kconfig_line() for one value. */
static bool set_value(const struct elf_ext *e, u8 *dst, const char *val)
{
	u32 tri;
	u64 num;
	char *end;
	size_t len;

	switch (val[0]) {
	case 'y':
	case 'n':
	case 'm':
		if (e->kcfg_type == KCFG_BOOL) {
			if (val[0] == 'm')
				return false;
			dst[0] = val[0] == 'y';
			return true;
		}
		if (e->kcfg_type == KCFG_TRISTATE) {
			tri = val[0] == 'y' ? 1 : val[0] == 'm' ? 2 : 0; /* TRI_YES, TRI_MODULE */
			memcpy(dst, &tri, 4);
			return true;
		}
		if (e->kcfg_type == KCFG_CHAR) {
			dst[0] = (u8)val[0];
			return true;
		}
		return false;
	case '"':
		len = strlen(val);
		if (e->kcfg_type != KCFG_CHAR_ARR || len < 2 || val[len - 1] != '"')
			return false;
		len -= 2;
		if (len >= e->kcfg_size)
			len = e->kcfg_size - 1;
		memcpy(dst, val + 1, len);
		dst[len] = 0;
		return true;
	default:
		errno = 0;
		num = strtoull(val, &end, 0);
		if (errno || *end)
			return false;
		return set_num(e, dst, num);
	}
}

static u64 kernel_version(void)
{
	struct utsname u;
	unsigned a = 0, b = 0, p = 0;

	if (uname(&u) != 0 || sscanf(u.release, "%u.%u.%u", &a, &b, &p) < 2)
		return 0;
	/* KERNEL_VERSION() with the patch level capped at 255, as libbpf does */
	return ((u64)a << 16) + ((u64)b << 8) + (p > 255 ? 255 : p);
}

int elf_kconfig_fill(struct elf_ctx *c)
{
	struct map_def *m = &c->obj->maps[c->kconfig_map];
	const char *path = getenv("BPFVET_KCONFIG");
	char *cfg = NULL;
	bool cfg_tried = false, all = true;
	u8 *data = calloc(1, m->value_size);

	if (!data)
		return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
	for (u32 i = 0; i < c->ext_cnt && all; i++) {
		const struct elf_ext *e = &c->exts[i];
		u8 *dst = data + e->kcfg_off;
		char buf[256];
		const char *val = NULL;
		bool ok;

		if (e->kind != EEXT_KCFG)
			continue;
		if (strcmp(e->name, "LINUX_KERNEL_VERSION") == 0) {
			u64 v = kernel_version();

			ok = v && set_num(e, dst, v);
		} else if (strcmp(e->name, "LINUX_HAS_BPF_COOKIE") == 0 ||
			   strcmp(e->name, "LINUX_HAS_SYSCALL_WRAPPER") == 0) {
			/* both hold on the x86-64 kernels modelled (>= 5.15) */
			ok = set_num(e, dst, 1);
		} else if (strncmp(e->name, "CONFIG_", 7) == 0) {
			if (!cfg_tried) {
				struct utsname u;
				char boot[512];

				cfg_tried = true;
				if (path)
					cfg = *path ? read_config(path) : NULL;
				else if (!(cfg = read_config("/proc/config.gz")) &&
					 uname(&u) == 0) {
					snprintf(boot, sizeof(boot), "/boot/config-%s", u.release);
					cfg = read_config(boot);
				}
			}
			val = cfg ? config_value(cfg, e->name, buf, sizeof(buf)) : NULL;
			/* a weak extern the config does not mention stays zero */
			ok = val ? set_value(e, dst, val) : (cfg && e->weak);
		} else {
			/* an unknown LINUX_ extern: zero when weak, a libbpf error otherwise */
			ok = e->weak && strncmp(e->name, "LINUX_", 6) == 0;
		}
		all = ok;
	}
	free(cfg);
	if (!all) {
		/* some value is unknown: the map's contents are unknown too */
		free(data);
		m->readonly = false;
		return 0;
	}
	m->init_data = data;
	m->readonly = true; /* libbpf freezes .kconfig: the verifier sees constants */
	return 0;
}
