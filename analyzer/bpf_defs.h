/* The BPF instruction set and the kernel's UAPI enumerations, as numbers. bpfvet does not use the
 * build machine's <linux/bpf.h> because it may be older than the kernels we model; these values are
 * the public ABI of Linux (include/uapi/linux/bpf.h, bpf_common.h). Names are prefixed BPF_ as in
 * the UAPI, since they denote the very same constants. */
#ifndef BPFVET_BPF_DEFS_H
#define BPFVET_BPF_DEFS_H

#include "compiler.h"

/* One instruction, laid out exactly as struct bpf_insn (8 bytes, little-endian on disk). */
struct insn {
	u8 code;
	u8 dst : 4;
	u8 src : 4;
	s16 off;
	s32 imm;
};

#define BPF_CLASS(code) ((code)&0x07)
#define BPF_LD		0x00
#define BPF_LDX		0x01
#define BPF_ST		0x02
#define BPF_STX		0x03
#define BPF_ALU		0x04
#define BPF_JMP		0x05
#define BPF_JMP32	0x06
#define BPF_ALU64	0x07

#define BPF_SIZE(code) ((code)&0x18)
#define BPF_W	       0x00
#define BPF_H	       0x08
#define BPF_B	       0x10
#define BPF_DW	       0x18

#define BPF_MODE(code) ((code)&0xe0)
#define BPF_IMM	       0x00
#define BPF_ABS	       0x20
#define BPF_IND	       0x40
#define BPF_MEM	       0x60
#define BPF_LEN	       0x80
#define BPF_MSH	       0xa0
#define BPF_MEMSX      0x80
#define BPF_ATOMIC     0xc0

#define BPF_OP(code) ((code)&0xf0)
#define BPF_ADD	     0x00
#define BPF_SUB	     0x10
#define BPF_MUL	     0x20
#define BPF_DIV	     0x30
#define BPF_OR	     0x40
#define BPF_AND	     0x50
#define BPF_LSH	     0x60
#define BPF_RSH	     0x70
#define BPF_NEG	     0x80
#define BPF_MOD	     0x90
#define BPF_XOR	     0xa0
#define BPF_MOV	     0xb0
#define BPF_ARSH     0xc0
#define BPF_END	     0xd0

#define BPF_SRC(code) ((code)&0x08)
#define BPF_K	      0x00
#define BPF_X	      0x08
#define BPF_TO_LE     0x00
#define BPF_TO_BE     0x08

#define BPF_JA	  0x00
#define BPF_JEQ	  0x10
#define BPF_JGT	  0x20
#define BPF_JGE	  0x30
#define BPF_JSET  0x40
#define BPF_JNE	  0x50
#define BPF_JSGT  0x60
#define BPF_JSGE  0x70
#define BPF_CALL  0x80
#define BPF_EXIT  0x90
#define BPF_JLT	  0xa0
#define BPF_JLE	  0xb0
#define BPF_JSLT  0xc0
#define BPF_JSLE  0xd0
#define BPF_JCOND 0xe0

/* atomic op (imm of BPF_STX|BPF_ATOMIC) */
#define BPF_FETCH     0x01
#define BPF_XCHG      (0xe0 | BPF_FETCH)
#define BPF_CMPXCHG   (0xf0 | BPF_FETCH)
#define BPF_LOAD_ACQ  0x100
#define BPF_STORE_REL 0x110

/* src_reg of BPF_LD|BPF_IMM|BPF_DW */
#define BPF_PSEUDO_MAP_FD	 1
#define BPF_PSEUDO_MAP_VALUE	 2
#define BPF_PSEUDO_BTF_ID	 3
#define BPF_PSEUDO_FUNC		 4
#define BPF_PSEUDO_MAP_IDX	 5
#define BPF_PSEUDO_MAP_IDX_VALUE 6
/* src_reg of BPF_JMP|BPF_CALL */
#define BPF_PSEUDO_CALL	      1
#define BPF_PSEUDO_KFUNC_CALL 2
/* src_reg of BPF_JMP|BPF_JCOND */
#define BPF_MAY_GOTO 0
/* off of BPF_ALU64|BPF_MOV|BPF_X for addr_space_cast */
#define BPF_ADDR_SPACE_CAST 1

#define MAX_BPF_REG		     11 /* r0..r10 */
#define BPF_REG_FP		     10
#define MAX_BPF_STACK		     512
#define MAX_CALL_FRAMES		     8
#define BPF_MAX_SUBPROGS	     256
#define BPF_MAXINSNS		     4096
#define BPF_COMPLEXITY_LIMIT_INSNS   1000000
#define BPF_COMPLEXITY_LIMIT_JMP_SEQ 8192
#define BPF_COMPLEXITY_LIMIT_STATES  64
#define MAX_USED_MAPS		     64

/* prog_flags of BPF_PROG_LOAD */
#define BPF_F_STRICT_ALIGNMENT	  (1U << 0)
#define BPF_F_ANY_ALIGNMENT	  (1U << 1)
#define BPF_F_TEST_RND_HI32	  (1U << 2)
#define BPF_F_TEST_STATE_FREQ	  (1U << 3)
#define BPF_F_SLEEPABLE		  (1U << 4)
#define BPF_F_XDP_HAS_FRAGS	  (1U << 5)
#define BPF_F_XDP_DEV_BOUND_ONLY  (1U << 6)
#define BPF_F_TEST_REG_INVARIANTS (1U << 7)

enum bpf_prog_type {
	BPF_PROG_TYPE_UNSPEC,
	BPF_PROG_TYPE_SOCKET_FILTER,
	BPF_PROG_TYPE_KPROBE,
	BPF_PROG_TYPE_SCHED_CLS,
	BPF_PROG_TYPE_SCHED_ACT,
	BPF_PROG_TYPE_TRACEPOINT,
	BPF_PROG_TYPE_XDP,
	BPF_PROG_TYPE_PERF_EVENT,
	BPF_PROG_TYPE_CGROUP_SKB,
	BPF_PROG_TYPE_CGROUP_SOCK,
	BPF_PROG_TYPE_LWT_IN,
	BPF_PROG_TYPE_LWT_OUT,
	BPF_PROG_TYPE_LWT_XMIT,
	BPF_PROG_TYPE_SOCK_OPS,
	BPF_PROG_TYPE_SK_SKB,
	BPF_PROG_TYPE_CGROUP_DEVICE,
	BPF_PROG_TYPE_SK_MSG,
	BPF_PROG_TYPE_RAW_TRACEPOINT,
	BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
	BPF_PROG_TYPE_LWT_SEG6LOCAL,
	BPF_PROG_TYPE_LIRC_MODE2,
	BPF_PROG_TYPE_SK_REUSEPORT,
	BPF_PROG_TYPE_FLOW_DISSECTOR,
	BPF_PROG_TYPE_CGROUP_SYSCTL,
	BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE,
	BPF_PROG_TYPE_CGROUP_SOCKOPT,
	BPF_PROG_TYPE_TRACING,
	BPF_PROG_TYPE_STRUCT_OPS,
	BPF_PROG_TYPE_EXT,
	BPF_PROG_TYPE_LSM,
	BPF_PROG_TYPE_SK_LOOKUP,
	BPF_PROG_TYPE_SYSCALL,
	BPF_PROG_TYPE_NETFILTER,
	BPF_PROG_TYPE_MAX
};

enum bpf_map_type {
	BPF_MAP_TYPE_UNSPEC,
	BPF_MAP_TYPE_HASH,
	BPF_MAP_TYPE_ARRAY,
	BPF_MAP_TYPE_PROG_ARRAY,
	BPF_MAP_TYPE_PERF_EVENT_ARRAY,
	BPF_MAP_TYPE_PERCPU_HASH,
	BPF_MAP_TYPE_PERCPU_ARRAY,
	BPF_MAP_TYPE_STACK_TRACE,
	BPF_MAP_TYPE_CGROUP_ARRAY,
	BPF_MAP_TYPE_LRU_HASH,
	BPF_MAP_TYPE_LRU_PERCPU_HASH,
	BPF_MAP_TYPE_LPM_TRIE,
	BPF_MAP_TYPE_ARRAY_OF_MAPS,
	BPF_MAP_TYPE_HASH_OF_MAPS,
	BPF_MAP_TYPE_DEVMAP,
	BPF_MAP_TYPE_SOCKMAP,
	BPF_MAP_TYPE_CPUMAP,
	BPF_MAP_TYPE_XSKMAP,
	BPF_MAP_TYPE_SOCKHASH,
	BPF_MAP_TYPE_CGROUP_STORAGE,
	BPF_MAP_TYPE_REUSEPORT_SOCKARRAY,
	BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE,
	BPF_MAP_TYPE_QUEUE,
	BPF_MAP_TYPE_STACK,
	BPF_MAP_TYPE_SK_STORAGE,
	BPF_MAP_TYPE_DEVMAP_HASH,
	BPF_MAP_TYPE_STRUCT_OPS,
	BPF_MAP_TYPE_RINGBUF,
	BPF_MAP_TYPE_INODE_STORAGE,
	BPF_MAP_TYPE_TASK_STORAGE,
	BPF_MAP_TYPE_BLOOM_FILTER,
	BPF_MAP_TYPE_USER_RINGBUF,
	BPF_MAP_TYPE_CGRP_STORAGE,
	BPF_MAP_TYPE_ARENA,
	BPF_MAP_TYPE_MAX
};

enum bpf_attach_type {
	BPF_CGROUP_INET_INGRESS,
	BPF_CGROUP_INET_EGRESS,
	BPF_CGROUP_INET_SOCK_CREATE,
	BPF_CGROUP_SOCK_OPS,
	BPF_SK_SKB_STREAM_PARSER,
	BPF_SK_SKB_STREAM_VERDICT,
	BPF_CGROUP_DEVICE,
	BPF_SK_MSG_VERDICT,
	BPF_CGROUP_INET4_BIND,
	BPF_CGROUP_INET6_BIND,
	BPF_CGROUP_INET4_CONNECT,
	BPF_CGROUP_INET6_CONNECT,
	BPF_CGROUP_INET4_POST_BIND,
	BPF_CGROUP_INET6_POST_BIND,
	BPF_CGROUP_UDP4_SENDMSG,
	BPF_CGROUP_UDP6_SENDMSG,
	BPF_LIRC_MODE2,
	BPF_FLOW_DISSECTOR,
	BPF_CGROUP_SYSCTL,
	BPF_CGROUP_UDP4_RECVMSG,
	BPF_CGROUP_UDP6_RECVMSG,
	BPF_CGROUP_GETSOCKOPT,
	BPF_CGROUP_SETSOCKOPT,
	BPF_TRACE_RAW_TP,
	BPF_TRACE_FENTRY,
	BPF_TRACE_FEXIT,
	BPF_MODIFY_RETURN,
	BPF_LSM_MAC,
	BPF_TRACE_ITER,
	BPF_CGROUP_INET4_GETPEERNAME,
	BPF_CGROUP_INET6_GETPEERNAME,
	BPF_CGROUP_INET4_GETSOCKNAME,
	BPF_CGROUP_INET6_GETSOCKNAME,
	BPF_XDP_DEVMAP,
	BPF_CGROUP_INET_SOCK_RELEASE,
	BPF_XDP_CPUMAP,
	BPF_SK_LOOKUP,
	BPF_XDP,
	BPF_SK_SKB_VERDICT,
	BPF_SK_REUSEPORT_SELECT,
	BPF_SK_REUSEPORT_SELECT_OR_MIGRATE,
	BPF_PERF_EVENT,
	BPF_TRACE_KPROBE_MULTI,
	BPF_LSM_CGROUP,
	BPF_STRUCT_OPS,
	BPF_NETFILTER,
	BPF_TCX_INGRESS,
	BPF_TCX_EGRESS,
	BPF_TRACE_UPROBE_MULTI,
	BPF_CGROUP_UNIX_CONNECT,
	BPF_CGROUP_UNIX_SENDMSG,
	BPF_CGROUP_UNIX_RECVMSG,
	BPF_CGROUP_UNIX_GETPEERNAME,
	BPF_CGROUP_UNIX_GETSOCKNAME,
	BPF_NETKIT_PRIMARY,
	BPF_NETKIT_PEER,
	BPF_TRACE_KPROBE_SESSION,
	BPF_ATTACH_TYPE_MAX
};

/* map_flags bits that matter to verification */
#define BPF_F_NO_PREALLOC (1U << 0)
#define BPF_F_RDONLY	  (1U << 3)
#define BPF_F_WRONLY	  (1U << 4)
#define BPF_F_RDONLY_PROG (1U << 7)
#define BPF_F_WRONLY_PROG (1U << 8)
#define BPF_F_MMAPABLE	  (1U << 10)

/* Names as libbpf prints them (libbpf_bpf_prog_type_str() etc.); NULL when out of range. */
const char *prog_type_name(u32 type);
const char *map_type_name(u32 type);
const char *attach_type_name(u32 type);
/* Reverse lookups; -1 when unknown. */
int prog_type_from_name(const char *name);
int map_type_from_name(const char *name);
int attach_type_from_name(const char *name);
/* Number of attach types known (enum bpf_attach_type of the newest kernel modelled). */
u32 attach_type_count(void);

#endif
