/* Section name -> program type, expected attach type and load flags, following libbpf's SEC()
 * naming convention (the section_defs[] table of libbpf, 6.12). */
#ifndef BPFVET_SECNAME_H
#define BPFVET_SECNAME_H

#include "bpf_defs.h"

/* flags of a section definition (what the name implies beyond the types) */
#define SECDEF_ATTACHABLE (1u << 0) /* expected_attach_type is meaningful */
#define SECDEF_ATTACH_BTF (1u << 1) /* the part after '/' names a BTF attach target */
#define SECDEF_SLEEPABLE  (1u << 2) /* loaded with BPF_F_SLEEPABLE */
#define SECDEF_XDP_FRAGS  (1u << 3) /* loaded with BPF_F_XDP_HAS_FRAGS */
#define SECDEF_USDT	  (1u << 4)
#define SECDEF_ATTACH_OPT (1u << 5) /* libbpf drops expected_attach_type on kernels without it */

struct secname_info {
	u32 prog_type;	     /* enum bpf_prog_type */
	u32 attach_type;     /* enum bpf_attach_type, 0 if none */
	u32 prog_flags;	     /* BPF_F_* load flags the name implies */
	u32 def_flags;	     /* SECDEF_* */
	bool autoload;	     /* false for the "?name" form (not loaded by default) */
	const char *name;    /* the name without a leading '?' (points into the argument) */
	const char *target;  /* the part after the first '/', or NULL */
	const char *pattern; /* the table entry that matched */
};

/* Classify a section name. Returns true when it matches a known definition, false otherwise
 * (info then holds BPF_PROG_TYPE_UNSPEC with name/autoload still filled in). */
bool secname_lookup(const char *sec, struct secname_info *info);

#endif
