/* The corpus-format writer of kdiff. The program is socket_filter with one array map (index 0)
 * referenced by one ld_imm64 (BPF_PSEUDO_MAP_FD, imm = 0): exactly the map-index convention of the
 * corpus README. The "kernel" object records what the running kernel said, so the case can be
 * scored like any corpus case. The SHA-256 of the instruction bytes is computed here (FIPS 180-4)
 * because the corpus sidecar carries it and no crypto library is a dependency of the project. */
#include "kspec.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ks_sha256 {
	u32 h[8];
	u8 buf[64];
	u64 len;
	u32 fill;
};

static const u32 ks_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static u32 ks_ror(u32 x, u32 n)
{
	return (x >> n) | (x << (32 - n));
}

static void ks_block(struct ks_sha256 *c, const u8 *p)
{
	u32 w[64], a, b, d, e, f, g, h, cc;

	for (u32 i = 0; i < 16; i++)
		w[i] = (u32)p[4 * i] << 24 | (u32)p[4 * i + 1] << 16 | (u32)p[4 * i + 2] << 8 |
		       p[4 * i + 3];
	for (u32 i = 16; i < 64; i++) {
		u32 s0 = ks_ror(w[i - 15], 7) ^ ks_ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		u32 s1 = ks_ror(w[i - 2], 17) ^ ks_ror(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3];
	e = c->h[4], f = c->h[5], g = c->h[6], h = c->h[7];
	for (u32 i = 0; i < 64; i++) {
		u32 t1 = h + (ks_ror(e, 6) ^ ks_ror(e, 11) ^ ks_ror(e, 25)) + ((e & f) ^ (~e & g)) +
			 ks_k[i] + w[i];
		u32 t2 = (ks_ror(a, 2) ^ ks_ror(a, 13) ^ ks_ror(a, 22)) +
			 ((a & b) ^ (a & cc) ^ (b & cc));

		h = g, g = f, f = e, e = d + t1, d = cc, cc = b, b = a, a = t1 + t2;
	}
	c->h[0] += a, c->h[1] += b, c->h[2] += cc, c->h[3] += d;
	c->h[4] += e, c->h[5] += f, c->h[6] += g, c->h[7] += h;
}

static void ks_sha256_hex(const u8 *data, size_t len, char out[65])
{
	static const u32 init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
				    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	struct ks_sha256 c;
	u8 tail[128];
	size_t full = len & ~(size_t)63, rest = len - full, tlen;
	u64 bits = (u64)len * 8;

	memcpy(c.h, init, sizeof(init));
	for (size_t i = 0; i < full; i += 64)
		ks_block(&c, data + i);
	memset(tail, 0, sizeof(tail));
	memcpy(tail, data + full, rest);
	tail[rest] = 0x80;
	tlen = rest + 1 + 8 <= 64 ? 64 : 128;
	for (u32 i = 0; i < 8; i++)
		tail[tlen - 1 - i] = (u8)(bits >> (8 * i));
	for (size_t i = 0; i < tlen; i += 64)
		ks_block(&c, tail + i);
	for (u32 i = 0; i < 8; i++)
		snprintf(out + 8 * i, 9, "%08x", c.h[i]);
}

static json_t *ks_flag_names(u32 flags)
{
	static const char *const names[] = {
		"strict_alignment", "any_alignment", "test_rnd_hi32",	   "test_state_freq",
		"sleepable",	    "xdp_has_frags", "xdp_dev_bound_only", "test_reg_invariants"};
	json_t *a = json_array();

	for (u32 i = 0; i < ARRAY_SIZE(names); i++)
		if (flags & (1u << i))
			json_array_append_new(a, json_string(names[i]));
	return a;
}

static json_t *ks_kernel(const struct kspec_kernel *k)
{
	json_t *o = json_object();
	json_t *lines = json_array();
	const char *first_end;

	json_object_set_new(o, "verdict", json_string(k->accepted ? "accept" : "reject"));
	json_object_set_new(o, "load_verdict", json_string(k->accepted ? "accept" : "reject"));
	json_object_set_new(o, "errno", json_integer(k->err));
	if (k->msg_block && *k->msg_block) {
		const char *s = k->msg_block;

		first_end = strchr(s, '\n');
		json_object_set_new(o, "msg",
				    first_end ? json_stringn(s, (size_t)(first_end - s))
					      : json_string(s));
		while (*s) {
			const char *e = strchr(s, '\n');
			size_t n = e ? (size_t)(e - s) : strlen(s);

			if (n)
				json_array_append_new(lines, json_stringn(s, n));
			s += n + (e ? 1 : 0);
		}
	} else {
		json_object_set_new(o, "msg", json_null());
	}
	json_object_set_new(o, "msg_lines", lines);
	json_object_set_new(o, "processed_insns",
			    k->processed >= 0 ? json_integer(k->processed) : json_null());
	json_object_set_new(o, "log_level", json_integer(2));
	return o;
}

static int ks_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int err = 0;

	if (!f)
		return -errno;
	if (len && fwrite(data, 1, len, f) != len)
		err = -EIO;
	if (fclose(f) && !err)
		err = -EIO;
	return err;
}

int kspec_write(const char *dir, const char *name, const char *descr, const struct kgen_prog *p,
		u32 prog_flags, const struct kspec_kernel *k)
{
	size_t plen = strlen(dir) + strlen(name) + 16;
	char *path = malloc(plen), *bin_name = malloc(strlen(name) + 8);
	json_t *o = json_object(), *maps = json_array(), *map = json_object();
	json_t *refs = json_array(), *ref = json_object(), *expect = json_object();
	char sha[65];
	int err;

	if (!path || !bin_name || !o || !maps || !map || !refs || !ref || !expect) {
		err = -ENOMEM;
		goto out;
	}
	snprintf(bin_name, strlen(name) + 8, "%s.bin", name);
	snprintf(path, plen, "%s/%s", dir, bin_name);
	err = ks_write_file(path, p->insns, (size_t)p->cnt * 8);
	if (err)
		goto out;
	ks_sha256_hex((const u8 *)p->insns, (size_t)p->cnt * 8, sha);

	json_object_set_new(map, "type", json_string("array"));
	json_object_set_new(map, "type_id", json_integer(2));
	json_object_set_new(map, "key_size", json_integer(4));
	json_object_set_new(map, "value_size", json_integer(p->value_size));
	json_object_set_new(map, "max_entries", json_integer(p->max_entries));
	json_object_set_new(map, "flags", json_integer(0));
	json_object_set_new(map, "flags_names", json_array());
	json_object_set_new(map, "inner_map", json_null());
	json_object_set_new(map, "needs_btf", json_false());
	json_object_set_new(map, "btf", json_null());
	json_object_set_new(map, "init", json_array());
	json_array_append(maps, map);
	json_object_set_new(ref, "insn", json_integer(p->map_insn));
	json_object_set_new(ref, "map", json_integer(0));
	json_object_set_new(ref, "kind", json_string("map_fd"));
	json_object_set_new(ref, "src_reg", json_integer(1));
	if (p->map_insn >= 0)
		json_array_append(refs, ref);

	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "source_file", json_string("kdiff"));
	json_object_set_new(o, "descr", json_string(descr));
	json_object_set_new(o, "prog_type", json_string("socket_filter"));
	json_object_set_new(o, "prog_type_id", json_integer(1));
	json_object_set_new(o, "prog_type_explicit", json_true());
	json_object_set_new(o, "expected_attach_type", json_null());
	json_object_set_new(o, "expected_attach_type_id", json_integer(0));
	json_object_set_new(o, "attach_btf", json_null());
	json_object_set_new(o, "prog_flags", json_integer(prog_flags));
	json_object_set_new(o, "prog_flags_names", ks_flag_names(prog_flags));
	json_object_set_new(o, "license", json_string("GPL"));
	json_object_set_new(o, "insn_cnt", json_integer(p->cnt));
	json_object_set_new(o, "insns_file", json_string(bin_name));
	json_object_set_new(o, "insns_sha256", json_string(sha));
	json_object_set_new(o, "fill_helper", json_false());
	json_object_set_new(o, "features", json_pack("[s]", "maps"));
	json_object_set_new(o, "representable", json_true());
	json_object_set(o, "maps", maps);
	json_object_set(o, "map_refs", refs);
	json_object_set_new(o, "kfuncs", json_array());
	json_object_set_new(o, "kfunc_refs", json_array());
	json_object_set_new(o, "literal_pseudo_insns", json_array());
	json_object_set_new(o, "prog_btf", json_null());
	json_object_set_new(o, "test_kfunc_field", json_null());
	json_object_set_new(expect, "result", json_string(k->accepted ? "accept" : "reject"));
	json_object_set_new(expect, "errstr", json_null());
	json_object_set_new(expect, "unpriv_tested", json_false());
	json_object_set(o, "expect", expect);
	json_object_set_new(o, "kernel", ks_kernel(k));

	snprintf(path, plen, "%s/%s.json", dir, name);
	if (json_dump_file(o, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER))
		err = -EIO;
out:
	json_decref(o);
	json_decref(maps);
	json_decref(map);
	json_decref(refs);
	json_decref(ref);
	json_decref(expect);
	free(path);
	free(bin_name);
	return err;
}

static int ks_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .bin next to a sidecar, as lowercase hex; NULL if missing or unreadable. */
static char *ks_bin_hex(const char *dir, const char *bin_name)
{
	size_t plen = strlen(dir) + strlen(bin_name) + 2;
	char *path = malloc(plen), *hex = NULL;
	FILE *f;
	long size;

	if (!path)
		return NULL;
	snprintf(path, plen, "%s/%s", dir, bin_name);
	f = fopen(path, "rb");
	free(path);
	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (size = ftell(f)) >= 0 && size <= (64l << 20) &&
	    !fseek(f, 0, SEEK_SET)) {
		u8 *data = malloc((size_t)size + 1);

		hex = data ? malloc((size_t)size * 2 + 1) : NULL;
		if (hex && fread(data, 1, (size_t)size, f) == (size_t)size) {
			for (long i = 0; i < size; i++)
				snprintf(hex + 2 * i, 3, "%02x", data[i]);
			hex[2 * size] = '\0';
		} else {
			free(hex);
			hex = NULL;
		}
		free(data);
	}
	fclose(f);
	return hex;
}

int kspec_write_index(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL, *path = NULL;
	u32 cnt = 0, written = 0;
	FILE *out = NULL;
	int err = 0;

	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		char **nn;

		if (strncmp(de->d_name, "kdiff-", 6) || n < 6 ||
		    strcmp(de->d_name + n - 5, ".json"))
			continue;
		nn = realloc(names, (cnt + 1) * sizeof(*nn));
		if (!nn) {
			err = -ENOMEM;
			break;
		}
		names = nn;
		names[cnt] = strdup(de->d_name);
		if (!names[cnt]) {
			err = -ENOMEM;
			break;
		}
		cnt++;
	}
	closedir(d);
	if (!err && cnt)
		qsort(names, cnt, sizeof(*names), ks_name_cmp);
	path = malloc(strlen(dir) + 300);
	if (!err && !path)
		err = -ENOMEM;
	if (!err) {
		sprintf(path, "%s/cases.jsonl", dir);
		out = fopen(path, "w");
		if (!out)
			err = -errno;
	}
	for (u32 i = 0; !err && i < cnt; i++) {
		json_t *o;
		const char *bin;
		char *hex, *line;

		if (strlen(names[i]) > 250)
			continue;
		sprintf(path, "%s/%s", dir, names[i]);
		o = json_load_file(path, 0, NULL);
		bin = o ? json_string_value(json_object_get(o, "insns_file")) : NULL;
		hex = bin ? ks_bin_hex(dir, bin) : NULL;
		if (hex) {
			json_object_set_new(o, "insns_hex", json_string(hex));
			line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
			if (line && fprintf(out, "%s\n", line) < 0)
				err = -EIO;
			if (line)
				written++;
			free(line);
		}
		free(hex);
		json_decref(o);
	}
	if (out && fclose(out) && !err)
		err = -EIO;
	for (u32 i = 0; i < cnt; i++)
		free(names[i]);
	free(names);
	free(path);
	return err ? err : (int)written;
}
