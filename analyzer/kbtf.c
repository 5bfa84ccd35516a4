/* Queries on the kernel's BTF through the opaque handle of kbtf.h: thin wrappers over the ops the
 * frontend provides, and the walks the verifier performs on kernel types (skipping modifiers,
 * digesting a function prototype, btf_struct_walk() for loads through PTR_TO_BTF_ID). Every
 * loop is bounded by the type counts the BTF itself gives, and chains of references are cut off
 * after a fixed depth, so a malformed BTF file cannot hang the analysis. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kbtf.h"
#include "regtype.h"

#define KBTF_MAX_CHAIN 32 /* modifier / nested struct chains (the kernel's MAX_RESOLVE_DEPTH) */

int kbtf_ready(struct kbtf *k)
{
	if (!k || !k->ops)
		return -ENOENT;
	return k->ops->open(k->priv);
}

int kbtf_type(struct kbtf *k, u32 id, struct kbtf_type *out)
{
	memset(out, 0, sizeof(*out));
	out->name = "";
	if (kbtf_ready(k))
		return -ENOENT;
	return k->ops->type(k->priv, id, out);
}

int kbtf_member(struct kbtf *k, u32 id, u32 idx, struct kbtf_member *out)
{
	memset(out, 0, sizeof(*out));
	out->name = "";
	if (kbtf_ready(k))
		return -ENOENT;
	return k->ops->member(k->priv, id, idx, out);
}

s64 kbtf_find(struct kbtf *k, const char *name, u32 kind)
{
	if (kbtf_ready(k))
		return -ENOENT;
	return k->ops->find(k->priv, name, kind);
}

static bool is_modifier(u32 kind)
{
	return kind == KBTF_TYPEDEF || kind == KBTF_VOLATILE || kind == KBTF_CONST ||
	       kind == KBTF_RESTRICT || kind == KBTF_TYPE_TAG;
}

int kbtf_skip_mods(struct kbtf *k, u32 id, u32 *out_id, struct kbtf_type *out)
{
	for (int depth = 0; depth < KBTF_MAX_CHAIN; depth++) {
		int err = kbtf_type(k, id, out);

		if (err)
			return err;
		if (!is_modifier(out->kind)) {
			if (out_id)
				*out_id = id;
			return 0;
		}
		id = out->type;
	}
	return -ELOOP;
}

const char *kbtf_name(struct kbtf *k, u32 id)
{
	struct kbtf_type t;

	if (kbtf_type(k, id, &t))
		return "";
	return t.name ? t.name : "";
}

int kbtf_func(struct kbtf *k, const char *name, struct kbtf_func *out)
{
	struct kbtf_type fn, proto;
	s64 id;
	int err;

	memset(out, 0, sizeof(*out));
	id = kbtf_find(k, name, KBTF_FUNC);
	if (id < 0)
		return (int)id;
	err = kbtf_type(k, (u32)id, &fn);
	if (!err)
		err = kbtf_type(k, fn.type, &proto);
	if (err)
		return err;
	if (proto.kind != KBTF_FUNC_PROTO)
		return -EINVAL;
	if (proto.vlen > KBTF_MAX_ARGS)
		return -E2BIG;
	out->name = fn.name;
	out->func_id = (u32)id;
	out->ret_type = proto.type;
	out->nargs = proto.vlen;
	for (u32 i = 0; i < proto.vlen; i++) {
		struct kbtf_member p;

		err = kbtf_member(k, fn.type, i, &p);
		if (err)
			return err;
		out->arg_type[i] = p.type;
		out->arg_name[i] = p.name;
	}
	return 0;
}

/* __btf_resolve_size(): size of a member's type with arrays linearised; *elem is the innermost
 * element type (after modifiers) and *nelems the product of all dimensions. */
static int resolve_size(struct kbtf *k, u32 id, u32 *size, struct kbtf_type *t, u32 *tid,
			struct kbtf_type *elem, u32 *elem_id, u32 *nelems)
{
	u64 total = 1;
	bool array = false;

	for (int depth = 0; depth < KBTF_MAX_CHAIN; depth++) {
		struct kbtf_type cur;
		int err = kbtf_skip_mods(k, id, &id, &cur);

		if (err)
			return err;
		if (depth == 0) {
			*t = cur;
			*tid = id;
		}
		switch (cur.kind) {
		case KBTF_ARRAY:
			array = true;
			total *= cur.nelems;
			if (total > UINT32_MAX)
				return -E2BIG;
			id = cur.type;
			continue;
		case KBTF_PTR:
			cur.size = 8;
			/* fall through */
		case KBTF_INT:
		case KBTF_ENUM:
		case KBTF_ENUM64:
		case KBTF_STRUCT:
		case KBTF_UNION:
		case KBTF_FLOAT:
			if ((u64)cur.size * total > UINT32_MAX)
				return -E2BIG;
			*size = (u32)(cur.size * total);
			*elem = cur;
			*elem_id = id;
			*nelems = array ? (u32)total : 1;
			return 0;
		default:
			return -EINVAL;
		}
	}
	return -ELOOP;
}

static bool is_struct(u32 kind)
{
	return kind == KBTF_STRUCT || kind == KBTF_UNION;
}

int kbtf_struct_walk(struct kbtf *k, u32 *tid, int *poff, int size, u32 *next_id, u32 *flags,
		     const char **field, char *msg, size_t msglen)
{
	struct kbtf_type t;
	int off = *poff;
	int err;

again:
	err = kbtf_skip_mods(k, *tid, tid, &t);
	if (err) {
		snprintf(msg, msglen, "unsupported: kernel BTF type %u unreadable", *tid);
		return -ENOTSUP;
	}
	if (!is_struct(t.kind)) {
		snprintf(msg, msglen, "Type '%s' is not a struct", t.name);
		return -EINVAL;
	}
	if (t.kind == KBTF_UNION && t.vlen != 1)
		*flags |= PTR_UNTRUSTED; /* walking unions yields untrusted pointers */

	if (off < 0 || (u64)off + (u64)size > t.size) {
		struct kbtf_member last;
		struct kbtf_type mt, et;
		u32 moff;

		/* a flexible array as the last member relaxes the rule */
		if (off < 0 || t.vlen == 0 || kbtf_member(k, *tid, t.vlen - 1, &last) ||
		    kbtf_skip_mods(k, last.type, NULL, &mt) || mt.kind != KBTF_ARRAY ||
		    mt.nelems != 0)
			goto beyond;
		moff = last.bit_off / 8;
		if ((u32)off < moff || kbtf_skip_mods(k, mt.type, tid, &et))
			goto beyond;
		if (et.kind == KBTF_INT)
			return KBTF_WALK_SCALAR;
		if (!is_struct(et.kind) || !et.size)
			goto beyond;
		off = (int)(((u32)off - moff) % et.size);
		goto again;
	beyond:
		snprintf(msg, msglen, "access beyond struct %s at off %u size %u", t.name, (u32)off,
			 (u32)size);
		return -EACCES;
	}

	for (u32 i = 0; i < t.vlen; i++) {
		struct kbtf_member m;
		struct kbtf_type mt, elem;
		u32 moff, msize = 0, mtid = 0, elem_id = 0, nelems = 0, mtrue_end;

		if (kbtf_member(k, *tid, i, &m)) {
			snprintf(msg, msglen, "unsupported: kernel BTF member unreadable");
			return -ENOTSUP;
		}
		moff = m.bit_off / 8;
		if ((u32)off + (u32)size <= moff)
			break;
		if (m.bitfield_size) {
			u32 end_bit = m.bit_off + m.bitfield_size;

			if ((u32)off <= moff && (end_bit + 7) / 8 <= (u32)off + (u32)size)
				return KBTF_WALK_SCALAR;
			continue;
		}
		if ((u32)off < moff)
			break;
		if (resolve_size(k, m.type, &msize, &mt, &mtid, &elem, &elem_id, &nelems)) {
			snprintf(msg, msglen, "field %s doesn't have size", m.name);
			return -EFAULT;
		}
		mtrue_end = moff + msize;
		if ((u32)off >= mtrue_end)
			continue;
		if (mt.kind == KBTF_ARRAY) {
			u32 esize;

			if (moff == mtrue_end)
				continue;
			esize = msize / nelems;
			moff += ((u32)off - moff) / esize * esize;
			mt = elem;
			mtid = elem_id;
			msize = esize;
		}
		if (is_struct(mt.kind)) {
			*tid = mtid;
			if ((u32)off == moff) {
				*poff = 0;
				return KBTF_WALK_STRUCT;
			}
			off -= (int)moff;
			goto again;
		}
		if (mt.kind == KBTF_PTR) {
			struct kbtf_type tag, st;
			u32 tflag = 0, sid;

			if (msize != (u32)size || (u32)off != moff) {
				snprintf(msg, msglen,
					 "cannot access ptr member %s with moff %u in "
					 "struct %s with off %u size %u",
					 m.name, moff, t.name, (u32)off, (u32)size);
				return -EACCES;
			}
			if (!kbtf_type(k, mt.type, &tag) && tag.kind == KBTF_TYPE_TAG) {
				if (!strcmp(tag.name, "user"))
					tflag = MEM_USER;
				if (!strcmp(tag.name, "percpu"))
					tflag = MEM_PERCPU;
				if (!strcmp(tag.name, "rcu"))
					tflag = MEM_RCU;
			}
			if (!kbtf_skip_mods(k, mt.type, &sid, &st) && is_struct(st.kind)) {
				*next_id = sid;
				*flags |= tflag;
				if (field)
					*field = m.name;
				return KBTF_WALK_PTR;
			}
		}
		if ((u32)off + (u32)size > mtrue_end && !(*flags & PTR_UNTRUSTED)) {
			snprintf(msg, msglen,
				 "access beyond the end of member %s (mend:%u) in struct "
				 "%s with off %u size %u",
				 m.name, mtrue_end, t.name, (u32)off, (u32)size);
			return -EACCES;
		}
		return KBTF_WALK_SCALAR;
	}
	snprintf(msg, msglen, "struct %s doesn't have field at offset %d", t.name, off);
	return -EINVAL;
}

int kbtf_struct_access(struct kbtf *k, u32 struct_id, int off, int size, u32 *flags, u32 *next_id,
		       const char **field, char *msg, size_t msglen)
{
	u32 tid = struct_id, tflags = *flags & PTR_UNTRUSTED;

	msg[0] = 0;
	for (int depth = 0; depth < KBTF_MAX_CHAIN; depth++) {
		int r = kbtf_struct_walk(k, &tid, &off, size, next_id, &tflags, field, msg, msglen);

		if (r == KBTF_WALK_STRUCT)
			continue;
		if (r == KBTF_WALK_PTR)
			*flags = tflags;
		return r;
	}
	snprintf(msg, msglen, "unsupported: kernel struct nesting too deep");
	return -ENOTSUP;
}

bool kbtf_nested_trusted(struct kbtf *k, u32 struct_id, const char *field, u32 target_id,
			 const char *suffix)
{
	char name[256];
	struct kbtf_type safe;
	s64 sid;

	if (!field)
		return false;
	snprintf(name, sizeof(name), "%s%s", kbtf_name(k, struct_id), suffix);
	sid = kbtf_find(k, name, KBTF_STRUCT);
	if (sid < 0 || kbtf_type(k, (u32)sid, &safe))
		return false;
	for (u32 i = 0; i < safe.vlen; i++) {
		struct kbtf_member m;
		struct kbtf_type mt;
		u32 id;

		if (kbtf_member(k, (u32)sid, i, &m) || kbtf_type(k, m.type, &mt) ||
		    mt.kind != KBTF_PTR)
			continue;
		if (kbtf_skip_mods(k, mt.type, &id, &mt))
			continue;
		if (id == target_id && !strcmp(field, m.name))
			return true;
	}
	return false;
}

const char *kbtf_kind_str(u32 kind)
{
	static const char *const names[] = {
		"UNKNOWN", "INT",     "PTR",	  "ARRAY",    "STRUCT",	  "UNION", "ENUM",
		"FWD",	   "TYPEDEF", "VOLATILE", "CONST",    "RESTRICT", "FUNC",  "FUNC_PROTO",
		"VAR",	   "DATASEC", "FLOAT",	  "DECL_TAG", "TYPE_TAG", "ENUM64"};

	return kind < ARRAY_SIZE(names) ? names[kind] : "UNKNOWN";
}

int kbtf_resolve_size(struct kbtf *k, u32 id, u32 *size)
{
	struct kbtf_type t, elem;
	u32 tid, elem_id, nelems;

	return resolve_size(k, id, size, &t, &tid, &elem, &elem_id, &nelems);
}

int kbtf_kallsyms_has(struct kbtf *k, const char *name)
{
	if (kbtf_ready(k) || !k->ops->kallsyms_has)
		return -ENOENT;
	return k->ops->kallsyms_has(k->priv, name);
}
