#!/usr/bin/env python3
"""Ask the running kernel's verifier about a raw program (needs root): a development oracle.

    tools/kload.py --type xdp [--map array:4:48:1 ...] [--flags N] [--log-level 1|2] FILE.bin
    tools/kload.py --spec NAME.json NAME.bin      (a test_verifier-style spec: maps, type, flags)

Map references in ld_imm64 (src_reg 1 or 2) hold map indexes, as in bpfvet's raw format; they are
replaced by the fds of freshly created maps. Prints the verdict and the verifier log.
"""
import argparse, ctypes, json, os, struct, sys

libc = ctypes.CDLL(None, use_errno=True)
SYS_BPF = 321
MAP_TYPES = ["unspec", "hash", "array", "prog_array", "perf_event_array", "percpu_hash",
             "percpu_array", "stack_trace", "cgroup_array", "lru_hash", "lru_percpu_hash",
             "lpm_trie", "array_of_maps", "hash_of_maps", "devmap", "sockmap", "cpumap", "xskmap",
             "sockhash", "cgroup_storage", "reuseport_sockarray", "percpu_cgroup_storage", "queue",
             "stack", "sk_storage", "devmap_hash", "struct_ops", "ringbuf", "inode_storage",
             "task_storage", "bloom_filter", "user_ringbuf", "cgrp_storage", "arena"]
PROG_TYPES = ["unspec", "socket_filter", "kprobe", "sched_cls", "sched_act", "tracepoint", "xdp",
              "perf_event", "cgroup_skb", "cgroup_sock", "lwt_in", "lwt_out", "lwt_xmit",
              "sock_ops", "sk_skb", "cgroup_device", "sk_msg", "raw_tracepoint",
              "cgroup_sock_addr", "lwt_seg6local", "lirc_mode2", "sk_reuseport",
              "flow_dissector", "cgroup_sysctl", "raw_tracepoint_writable", "cgroup_sockopt",
              "tracing", "struct_ops", "ext", "lsm", "sk_lookup", "syscall", "netfilter"]


def bpf(cmd, attr):
    buf = ctypes.create_string_buffer(attr, 256)
    r = libc.syscall(SYS_BPF, cmd, buf, 256)
    return r, ctypes.get_errno()


def map_create(mtype, key, value, entries, flags=0):
    fd, err = bpf(0, struct.pack("<IIIII", mtype, key, value, entries, flags))
    if fd < 0:
        sys.exit("map create failed: %s" % os.strerror(err))
    return fd


def load(insns, ptype, flags=0, attach=0, log_level=1, license=b"GPL"):
    size = 1 << 24
    log = ctypes.create_string_buffer(size)
    lic = ctypes.create_string_buffer(license)
    prog = ctypes.create_string_buffer(insns)
    attr = struct.pack("<IIQQIIQII", ptype, len(insns) // 8, ctypes.addressof(prog),
                       ctypes.addressof(lic), log_level, size, ctypes.addressof(log), 0, flags)
    attr += b"\0" * 16  # prog_name
    attr += struct.pack("<II", 0, attach)  # prog_ifindex, expected_attach_type
    fd, err = bpf(5, attr)
    return fd, err, log.value.decode(errors="replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec")
    ap.add_argument("--type", default="socket_filter")
    ap.add_argument("--map", action="append", default=[])
    ap.add_argument("--flags", type=int, default=0)
    ap.add_argument("--log-level", type=int, default=1)
    ap.add_argument("file")
    a = ap.parse_args()
    data = open(a.file, "rb").read()
    maps, ptype, flags, attach = [], PROG_TYPES.index(a.type), a.flags, 0
    if a.spec:
        s = json.load(open(a.spec))
        ptype, flags = s["prog_type_id"], s["prog_flags"]
        attach = s.get("expected_attach_type_id") or 0
        maps = [(m["type_id"], m["key_size"], m["value_size"], m["max_entries"], m["flags"])
                for m in s["maps"]]
    else:
        for m in a.map:
            t, k, v, e = m.split(":")[:4]
            maps.append((MAP_TYPES.index(t), int(k), int(v), int(e), 0))
    fds = [map_create(*m) for m in maps]
    insns = bytearray(data)
    for i in range(len(insns) // 8):
        code, regs = insns[8 * i], insns[8 * i + 1]
        if code == 0x18 and (regs >> 4) in (1, 2):
            idx = struct.unpack_from("<i", insns, 8 * i + 4)[0]
            if 0 <= idx < len(fds):
                struct.pack_into("<i", insns, 8 * i + 4, fds[idx])
    fd, err, log = load(bytes(insns), ptype, flags, attach, a.log_level)
    print("verdict:", "accept" if fd >= 0 else "reject (%s)" % os.strerror(err))
    print(log)


if __name__ == "__main__":
    main()
