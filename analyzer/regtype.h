/* Register types and type flags, with the kernel's numbering scheme (enum bpf_reg_type and
 * enum bpf_type_flag of include/linux/bpf.h): a base type in the low 8 bits plus flag bits. Shared
 * by the engine (register state), the context tables (what a ctx load yields) and the helper
 * prototype tables (argument and return types use the same flags). */
#ifndef BPFVET_REGTYPE_H
#define BPFVET_REGTYPE_H

#include "compiler.h"

#define BPF_BASE_TYPE_BITS 8
#define BPF_BASE_TYPE_MASK 0xffu
#define base_type(t)	   ((t)&BPF_BASE_TYPE_MASK)
#define type_flag(t)	   ((t) & ~BPF_BASE_TYPE_MASK)

enum bpf_type_flag {
	PTR_MAYBE_NULL = 1u << (0 + BPF_BASE_TYPE_BITS),
	MEM_RDONLY = 1u << (1 + BPF_BASE_TYPE_BITS),
	MEM_RINGBUF = 1u << (2 + BPF_BASE_TYPE_BITS),
	MEM_USER = 1u << (3 + BPF_BASE_TYPE_BITS),
	MEM_PERCPU = 1u << (4 + BPF_BASE_TYPE_BITS),
	OBJ_RELEASE = 1u << (5 + BPF_BASE_TYPE_BITS),
	PTR_UNTRUSTED = 1u << (6 + BPF_BASE_TYPE_BITS),
	MEM_UNINIT = 1u << (7 + BPF_BASE_TYPE_BITS),
	DYNPTR_TYPE_LOCAL = 1u << (8 + BPF_BASE_TYPE_BITS),
	DYNPTR_TYPE_RINGBUF = 1u << (9 + BPF_BASE_TYPE_BITS),
	MEM_FIXED_SIZE = 1u << (10 + BPF_BASE_TYPE_BITS),
	MEM_ALLOC = 1u << (11 + BPF_BASE_TYPE_BITS),
	PTR_TRUSTED = 1u << (12 + BPF_BASE_TYPE_BITS),
	MEM_RCU = 1u << (13 + BPF_BASE_TYPE_BITS),
	NON_OWN_REF = 1u << (14 + BPF_BASE_TYPE_BITS),
	DYNPTR_TYPE_SKB = 1u << (15 + BPF_BASE_TYPE_BITS),
	DYNPTR_TYPE_XDP = 1u << (16 + BPF_BASE_TYPE_BITS),
	MEM_ALIGNED = 1u << (17 + BPF_BASE_TYPE_BITS),
	MEM_WRITE = 1u << (18 + BPF_BASE_TYPE_BITS),
};

enum bpf_reg_type {
	NOT_INIT = 0,
	SCALAR_VALUE,
	PTR_TO_CTX,
	CONST_PTR_TO_MAP,
	PTR_TO_MAP_VALUE,
	PTR_TO_MAP_KEY,
	PTR_TO_STACK,
	PTR_TO_PACKET_META,
	PTR_TO_PACKET,
	PTR_TO_PACKET_END,
	PTR_TO_FLOW_KEYS,
	PTR_TO_SOCKET,
	PTR_TO_SOCK_COMMON,
	PTR_TO_TCP_SOCK,
	PTR_TO_TP_BUFFER,
	PTR_TO_XDP_SOCK,
	PTR_TO_BTF_ID,
	PTR_TO_MEM,
	PTR_TO_ARENA,
	PTR_TO_BUF,
	PTR_TO_FUNC,
	CONST_PTR_TO_DYNPTR,
	BPF_REG_TYPE_MAX,

	PTR_TO_MAP_VALUE_OR_NULL = PTR_MAYBE_NULL | PTR_TO_MAP_VALUE,
	PTR_TO_SOCKET_OR_NULL = PTR_MAYBE_NULL | PTR_TO_SOCKET,
	PTR_TO_SOCK_COMMON_OR_NULL = PTR_MAYBE_NULL | PTR_TO_SOCK_COMMON,
	PTR_TO_TCP_SOCK_OR_NULL = PTR_MAYBE_NULL | PTR_TO_TCP_SOCK,
	PTR_TO_BTF_ID_OR_NULL = PTR_MAYBE_NULL | PTR_TO_BTF_ID,
};

#endif
