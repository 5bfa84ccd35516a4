/* Raw bpf(2) calls for kdiff: map creation and program loading with a verifier log that is never
 * truncated. The attribute layouts are the kernel's UAPI (union bpf_attr, include/uapi/linux/bpf.h)
 * spelled out here because the build machine's <linux/bpf.h> may be older than the kernel. */
#include "kload.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_bpf
#define __NR_bpf 321
#endif

#define KL_CMD_MAP_CREATE 0
#define KL_CMD_PROG_LOAD  5

/* union bpf_attr, BPF_MAP_CREATE part */
struct kl_map_attr {
	u32 map_type;
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 map_flags;
	u32 inner_map_fd;
	u32 numa_node;
	char map_name[16];
	u8 rest[48]; /* map_ifindex, btf_fd, ...: zero */
};

/* union bpf_attr, BPF_PROG_LOAD part, up to log_true_size (144 bytes) */
struct kl_prog_attr {
	u32 prog_type;
	u32 insn_cnt;
	u64 insns;
	u64 license;
	u32 log_level;
	u32 log_size;
	u64 log_buf;
	u32 kern_version;
	u32 prog_flags;
	char prog_name[16];
	u32 prog_ifindex;
	u32 expected_attach_type;
	u32 prog_btf_fd;
	u32 func_info_rec_size;
	u64 func_info;
	u32 func_info_cnt;
	u32 line_info_rec_size;
	u64 line_info;
	u32 line_info_cnt;
	u32 attach_btf_id;
	u32 attach_prog_fd;
	u32 core_relo_cnt;
	u64 fd_array;
	u64 core_relos;
	u32 core_relo_rec_size;
	u32 log_true_size;
};

static long kl_sys_bpf(int cmd, void *attr, unsigned int size)
{
	return syscall(__NR_bpf, cmd, attr, size);
}

int kload_map_create(u32 type, u32 key_size, u32 value_size, u32 max_entries, u32 flags)
{
	struct kl_map_attr a;
	long fd;

	memset(&a, 0, sizeof(a));
	a.map_type = type;
	a.key_size = key_size;
	a.value_size = value_size;
	a.max_entries = max_entries;
	a.map_flags = flags;
	fd = kl_sys_bpf(KL_CMD_MAP_CREATE, &a, sizeof(a));
	return fd < 0 ? -errno : (int)fd;
}

#define KL_LOG_START (1u << 20)
#define KL_LOG_MAX   (1u << 30)

int kload_prog_load(u32 prog_type, const void *insns, u32 cnt, u32 prog_flags, u32 log_level,
		    struct kload_result *r)
{
	static const char license[] = "GPL";
	u32 size = KL_LOG_START;

	r->fd = -1;
	r->err = 0;
	r->log = NULL;
	for (;;) {
		struct kl_prog_attr a;
		/* zeroed: the kernel writes only the text it has */
		char *buf = calloc(1, size);
		long fd;
		int e;

		if (!buf)
			return -ENOMEM;
		buf[0] = '\0';
		memset(&a, 0, sizeof(a));
		a.prog_type = prog_type;
		a.insn_cnt = cnt;
		a.insns = (u64)(uintptr_t)insns;
		a.license = (u64)(uintptr_t)license;
		a.log_level = log_level;
		a.log_size = size;
		a.log_buf = (u64)(uintptr_t)buf;
		a.prog_flags = prog_flags;
		fd = kl_sys_bpf(KL_CMD_PROG_LOAD, &a, sizeof(a));
		e = fd < 0 ? errno : 0;
		if (e == ENOSPC && size < KL_LOG_MAX) {
			/* log_true_size says how much the full log needs (with its NUL) */
			u64 want = a.log_true_size > size ? (u64)a.log_true_size + 4096
							  : (u64)size * 2;

			free(buf);
			size = want > KL_LOG_MAX ? KL_LOG_MAX : (u32)want;
			continue;
		}
		buf[size - 1] = '\0';
		r->fd = fd < 0 ? -1 : (int)fd;
		r->err = e;
		r->log = buf;
		return 0;
	}
}

void kload_result_fini(struct kload_result *r)
{
	if (r->fd >= 0)
		close(r->fd);
	free(r->log);
	r->fd = -1;
	r->log = NULL;
}
