#!/usr/bin/env python3
"""Check bpfvet's helper prototype table against a kernel source tree.

Reads every `struct bpf_func_proto NAME = { ... }` initialiser of the kernel (the verifier's view of
each helper: return type, argument types, gpl_only, pkt_access, might_sleep, fixed argument sizes)
and compares it, field by field, with analyzer/helpers_table.inc. Also checks that every helper id
of the UAPI list has a name in analyzer/helpers_ids.inc.

Usage: tools/check_helpers.py [KERNEL_SRC] [--table FILE] [--ids FILE] [--emit] [--probe-kernel]
  KERNEL_SRC  defaults to /usr/src/linux-source-6.12
  --emit      print the kernel's prototypes in our table format (to seed a new kernel version's
              table; review the output by hand before committing it)
  --probe-kernel  also compare analyzer/helpers_avail.inc (the rows marked "probed") with the
              running kernel: needs root; loads "call <id>; r0 = 0; exit" for every helper id
              and program type and reads the verifier log ("cannot use helper" or not)
  --probe-ctx also compare progtype_ctx_access() (analyzer/progtype.c, compiled with cc into a
              temporary library) with the running kernel: every offset, size 1/2/4/8, read and
              write, for 34 (program type, attach type) pairs; needs root
Exit status: 0 when everything matches, 1 on any mismatch, 2 on usage errors.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

PROTO_FILES = [
    'kernel/bpf/helpers.c', 'kernel/bpf/core.c', 'kernel/bpf/ringbuf.c', 'kernel/bpf/cgroup.c',
    'kernel/bpf/stackmap.c', 'kernel/bpf/bpf_task_storage.c', 'kernel/bpf/bpf_lsm.c',
    'kernel/bpf/syscall.c', 'kernel/bpf/bpf_iter.c', 'kernel/bpf/bpf_inode_storage.c',
    'kernel/bpf/bpf_cgrp_storage.c', 'kernel/bpf/task_iter.c', 'kernel/bpf/btf.c',
    'kernel/trace/bpf_trace.c', 'net/core/filter.c', 'net/core/sock_map.c',
    'net/core/bpf_sk_storage.c', 'net/ipv4/bpf_tcp_ca.c',
]

# Kernel BTF-id list references -> the struct they name (facts of each list's BTF_ID entry).
BTF_ID_NAMES = {
    'btf_seq_file_ids[0]': 'seq_file',
    'btf_tracing_ids[BTF_TRACING_TYPE_TASK]': 'task_struct',
    'btf_tracing_ids[BTF_TRACING_TYPE_FILE]': 'file',
    'btf_tracing_ids[BTF_TRACING_TYPE_VMA]': 'vm_area_struct',
    'bpf_d_path_btf_ids[0]': 'path',
    'bpf_inode_storage_btf_ids[0]': 'inode',
    'bpf_cgroup_btf_id[0]': 'cgroup',
    'btf_sock_ids[BTF_SOCK_TYPE_SOCK_COMMON]': 'sock_common',
    'btf_sock_ids[BTF_SOCK_TYPE_SOCK]': 'sock',
    'btf_sock_ids[BTF_SOCK_TYPE_TCP]': 'tcp_sock',
    'btf_sock_ids[BTF_SOCK_TYPE_TCP6]': 'tcp6_sock',
    'btf_sock_ids[BTF_SOCK_TYPE_TCP_TW]': 'tcp_timewait_sock',
    'btf_sock_ids[BTF_SOCK_TYPE_TCP_REQ]': 'tcp_request_sock',
    'btf_sock_ids[BTF_SOCK_TYPE_UDP]': 'udp_sock',
    'btf_sock_ids[BTF_SOCK_TYPE_UDP6]': 'udp6_sock',
    'btf_sock_ids[BTF_SOCK_TYPE_UNIX]': 'unix_sock',
    'btf_sock_ids[BTF_SOCK_TYPE_MPTCP]': 'mptcp_sock',
    'btf_sock_ids[BTF_SOCK_TYPE_SOCKET]': 'socket',
    'bpf_ima_inode_hash_btf_ids[0]': 'inode',
    'bpf_ima_file_hash_btf_ids[0]': 'file',
    'bpf_skb_output_btf_ids[0]': 'sk_buff',
    'bpf_xdp_output_btf_ids[0]': 'xdp_buff',
    'bpf_sock_from_file_btf_ids[0]': 'file',
    'bpf_ima_inode_hash_btf_ids': 'inode',
    'bpf_task_pt_regs_ids[0]': 'pt_regs',
    'bpf_find_vma_btf_ids[0]': 'task_struct',
    'btf_bpf_sock_ids[0]': 'sock',
    'bpf_get_current_task_btf_ids[0]': 'task_struct',
    'bpf_bprm_opts_set_btf_ids[0]': 'linux_binprm',
    'bpf_sock_from_file_btf_ids[1]': 'file',
    'bpf_sock_from_file_btf_ids[0]': 'socket',
    'bpf_xdp_get_buff_len_bpf_ids[0]': 'xdp_buff',
    'tcp_sock_id': 'tcp_sock',
    # the verifier decides the type itself (kptr_xchg, spin_lock, timer ...)
    'BPF_PTR_POISON': 'POISON',
}

def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return re.sub(r'//[^\n]*', ' ', text)


def parse_protos(src):
    """name -> dict(gpl_only, pkt_access, might_sleep, ret_type, arg_type[5], arg_size[5],
    arg_btf[5], ret_btf, allowed, file)"""
    protos = {}
    for rel in PROTO_FILES:
        path = os.path.join(src, rel)
        if not os.path.exists(path):
            continue
        text = strip_comments(open(path, encoding='utf-8', errors='replace').read())
        for m in re.finditer(r'struct\s+bpf_func_proto\s+(\w+)\s*=\s*\{(.*?)\n\};', text, re.S):
            name, body = m.group(1), m.group(2)
            rec = {'file': rel, 'gpl_only': False, 'pkt_access': False, 'might_sleep': False,
                   'allow_fastcall': False, 'ret_type': 'RET_INTEGER', 'arg_type': ['0'] * 5,
                   'arg_size': ['0'] * 5, 'arg_btf': [None] * 5, 'ret_btf': None,
                   'allowed': False}
            for line in body.split('\n'):
                line = line.strip()
                if not line.startswith('.'):
                    continue
                fm = re.match(r'\.(\w+)\s*=\s*(.+?),?$', line)
                if not fm:
                    continue
                key, val = fm.group(1), fm.group(2).strip().rstrip(',').strip()
                am = re.match(r'arg(\d)_(type|size|btf_id)$', key)
                if key in ('gpl_only', 'pkt_access', 'might_sleep', 'allow_fastcall'):
                    rec[key] = val == 'true'
                elif key == 'ret_type':
                    rec['ret_type'] = norm_type(val)
                elif key == 'allowed':
                    rec['allowed'] = True
                elif key == 'ret_btf_id':
                    rec['ret_btf'] = btf_name(val)
                elif am:
                    i = int(am.group(1)) - 1
                    if am.group(2) == 'type':
                        rec['arg_type'][i] = norm_type(val)
                    elif am.group(2) == 'size':
                        rec['arg_size'][i] = norm_size(val)
                    else:
                        rec['arg_btf'][i] = btf_name(val)
            protos[name] = rec
    return protos


def norm_type(val):
    parts = sorted(p.strip() for p in val.split('|'))
    return '|'.join(parts)


def norm_size(val):
    val = val.strip()
    m = re.match(r'sizeof\((?:struct\s+)?(\w+)\)$', val)
    sizes = {'u64': '8', 'u32': '4', 'int': '4', 'long': '8', 'bpf_timer': '16',
             'bpf_dynptr': '16', 'u16': '2', 'bpf_wq': '16', 's64': '8', 'iphdr': '20', 'ipv6hdr': '40', 'tcphdr': '20'}
    if m and m.group(1) in sizes:
        return sizes[m.group(1)]
    if re.match(r'^\d+$', val):
        return val
    return val


def btf_name(val):
    v = val.strip().lstrip('&').strip()
    if v in BTF_ID_NAMES:
        return BTF_ID_NAMES[v]
    return '?' + v


def parse_ids(src):
    text = open(os.path.join(src, 'include/uapi/linux/bpf.h'), encoding='utf-8').read()
    return {int(m.group(2)): m.group(1) for m in re.finditer(r'FN\((\w+),\s*(\d+),', text)}


def parse_table(path):
    """Our table: one C initialiser per prototype inside HP( ... ) lines."""
    text = strip_comments(open(path, encoding='utf-8').read())
    recs = {}
    for chunk in re.split(r'\n(?=\s*\{\s*\.proto\s*=)', text):
        m = re.match(r'\s*\{\s*\.proto\s*=\s*"(\w+)"(.*)', chunk, re.S)
        if not m:
            continue
        name, body = m.group(1), m.group(2)
        rec = {'gpl_only': False, 'pkt_access': False, 'might_sleep': False,
               'allow_fastcall': False, 'ret_type': 'RET_INTEGER', 'arg_type': ['0'] * 5,
               'arg_size': ['0'] * 5, 'arg_btf': [None] * 5, 'ret_btf': None, 'allowed': False,
               'func': None}
        fm = re.search(r'H\((\w+)\)', body)
        if fm:
            rec['func'] = fm.group(1)
        for key in ('gpl_only', 'pkt_access', 'might_sleep', 'allow_fastcall'):
            if re.search(r'\.' + key + r'\s*=\s*true', body):
                rec[key] = True
        if re.search(r'\.has_allowed\s*=\s*true', body):
            rec['allowed'] = True
        rm = re.search(r'\.ret_type\s*=\s*([\w| ]+)', body)
        if rm:
            rec['ret_type'] = norm_type(rm.group(1))
        for field, key, conv in (('arg_type', 'arg_type', norm_type),
                                 ('arg_size', 'arg_size', lambda v: v.strip()),
                                 ('arg_btf_type', 'arg_btf', lambda v: v.strip().strip('"'))):
            am = re.search(r'\.' + field + r'\s*=\s*\{([^}]*)\}', body)
            if am:
                vals = [v.strip() for v in am.group(1).split(',') if v.strip()]
                for i, v in enumerate(vals[:5]):
                    if key == 'arg_btf':
                        rec[key][i] = None if v == 'NULL' else v.strip('"')
                    else:
                        rec[key][i] = conv(v)
        bm = re.search(r'\.ret_btf_type\s*=\s*"(\w+)"', body)
        if bm:
            rec['ret_btf'] = bm.group(1)
        recs[name] = rec
    return recs


def fmt_emit(name, rec, func):
    args = [a for a in rec['arg_type']]
    while args and args[-1] == '0':
        args.pop()
    out = ['\t{ .proto = "%s", H(%s), .ret_type = %s' % (name, func or '?', rec['ret_type'])]
    if args:
        out.append(',\n\t  .arg_type = { %s }' % ', '.join(a if a != '0' else 'ARG_DONTCARE'
                                                         for a in args))
    if any(s != '0' for s in rec['arg_size']):
        out.append(', .arg_size = { %s }' % ', '.join(rec['arg_size'][:len(args)]))
    if any(rec['arg_btf']):
        out.append(',\n\t  .arg_btf_type = { %s }' % ', '.join(
            '"%s"' % b if b else 'NULL' for b in rec['arg_btf'][:len(args)]))
    if rec['ret_btf']:
        out.append(', .ret_btf_type = "%s"' % rec['ret_btf'])
    for key in ('gpl_only', 'pkt_access', 'might_sleep', 'allow_fastcall'):
        if rec[key]:
            out.append(', .%s = true' % key)
    if rec['allowed']:
        out.append(', .has_allowed = true')
    out.append(' },')
    return ''.join(out)


def proto_funcs(src):
    """proto object name -> helper names it is returned for (from `case BPF_FUNC_x: return &p;`)."""
    res = {}
    files = set(PROTO_FILES) | {'net/netfilter/nf_bpf_link.c', 'net/ipv4/tcp_ipv4.c',
                                'net/unix/af_unix.c'}
    for rel in files:
        path = os.path.join(src, rel)
        if not os.path.exists(path):
            continue
        text = strip_comments(open(path, encoding='utf-8', errors='replace').read())
        for m in re.finditer(r'((?:case\s+BPF_FUNC_\w+\s*:\s*)+)(.{0,300}?)return\s+&?(\w+)\s*;',
                             text, re.S):
            funcs = re.findall(r'BPF_FUNC_(\w+)', m.group(1))
            target = m.group(3)
            if target.endswith('_proto'):
                for f in funcs:
                    res.setdefault(target, set()).add(f)
    return res


def func_of(name, ids, funcs):
    """The helper a prototype implements: from its name, else from the get_func_proto cases."""
    special = {'bpf_probe_read_compat_str_proto': 'probe_read_str',
               'bpf_sock_addr_getsockopt_proto': 'getsockopt',
               'bpf_sock_addr_setsockopt_proto': 'setsockopt',
               'bpf_unlocked_sk_getsockopt_proto': 'getsockopt',
               'bpf_unlocked_sk_setsockopt_proto': 'setsockopt'}
    if name in special:
        return special[name]
    names = set(ids.values())
    base = re.sub(r'^bpf_', '', name)
    base = re.sub(r'_proto.*$', '', base)
    parts = base.split('_')
    for n in range(len(parts), 0, -1):
        cand = '_'.join(parts[:n])
        if cand in names:
            return cand
    f = sorted(funcs.get(name, []))
    return f[0] if len(f) == 1 else ('/'.join(f) or None)


def enum_values(text, enum_name):
    body = re.search(r'enum\s+' + enum_name + r'\s*\{(.*?)\};', text, re.S).group(1)
    names = [n.strip().split('=')[0].strip() for n in body.split(',')]
    return {n: i for i, n in enumerate(n for n in names if n)}


def btf_func_ids(names):
    """BTF type ids of FUNC / TYPEDEF names in the running kernel's vmlinux BTF."""
    import struct
    d = open('/sys/kernel/btf/vmlinux', 'rb').read()
    _, _, _, hdr_len, type_off, type_len, str_off, _ = struct.unpack_from('<HBBIIIII', d, 0)
    ts, ss = hdr_len + type_off, hdr_len + str_off
    extra = {1: lambda v: 4, 3: lambda v: 12, 4: lambda v: 12 * v, 5: lambda v: 12 * v,
             6: lambda v: 8 * v, 13: lambda v: 8 * v, 14: lambda v: 4, 15: lambda v: 12 * v,
             17: lambda v: 4, 19: lambda v: 12 * v}
    p, tid, out, want = ts, 1, {}, set(names)
    while p < ts + type_len:
        name_off, info, _ = struct.unpack_from('<III', d, p)
        kind, vlen = (info >> 24) & 0x1f, info & 0xffff
        p += 12 + extra.get(kind, lambda v: 0)(vlen)
        if name_off and kind in (8, 12):
            n = d[ss + name_off:d.index(b'\0', ss + name_off)].decode()
            if n in want:
                out.setdefault(n, tid)
        tid += 1
    return out


def probe_kernel(avail_file, ids):
    """Compare the probed rows of helpers_avail.inc with the running kernel."""
    import ctypes
    import struct
    defs = open(os.path.join(ROOT, 'analyzer', 'bpf_defs.h'), encoding='utf-8').read()
    ptypes = enum_values(defs, 'bpf_prog_type')
    atypes = enum_values(defs, 'bpf_attach_type')
    libc = ctypes.CDLL(None, use_errno=True)
    btf = btf_func_ids(['btf_trace_sched_switch', 'bpf_iter_task'])
    byname = {v: k for k, v in ids.items()}

    def load(pt, at, flags, btf_id, fid):
        code = struct.pack('<BBhi', 0x85, 0, 0, fid) + struct.pack('<BBhi', 0xb7, 0, 0, 0) + \
            struct.pack('<BBhi', 0x95, 0, 0, 0)
        buf, lic = ctypes.create_string_buffer(code), ctypes.create_string_buffer(b'GPL')
        log = ctypes.create_string_buffer(65536)
        attr = bytearray(128)
        struct.pack_into('=IIQQIIQII', attr, 0, pt, 3, ctypes.addressof(buf),
                         ctypes.addressof(lic), 1, len(log), ctypes.addressof(log), 0, flags)
        struct.pack_into('=I', attr, 68, at)
        struct.pack_into('=I', attr, 108, btf_id)
        a = (ctypes.c_char * len(attr)).from_buffer(attr)
        fd = libc.syscall(321, 5, a, len(attr))
        if fd >= 0:
            os.close(fd)
        text = log.value.decode(errors='replace')
        return not ('cannot use helper' in text or 'unknown func' in text)

    text = open(avail_file, encoding='utf-8').read()
    bad = rows = 0
    for m in re.finditer(r'/\*([^*]*)\*/\s*AVAIL\((\w+), (\w+), \w+,(.*?\))\)\s*$', text,
                         re.S | re.M):
        note, pt_name, at_name, body = m.group(1), m.group(2), m.group(3), m.group(4)
        if 'helpers, probed' not in note:
            continue
        pt = ptypes['BPF_PROG_TYPE_' + pt_name]
        at = 0 if at_name == 'ATTACH_ANY' else atypes[at_name]
        flags, btf_id = 0, 0
        if pt_name == 'SYSCALL':
            flags = 1 << 4
        if pt_name == 'CGROUP_SOCK_ADDR':
            at = atypes['BPF_CGROUP_INET4_CONNECT']
        elif pt_name == 'CGROUP_SOCKOPT':
            at = atypes['BPF_CGROUP_SETSOCKOPT']
        elif pt_name == 'CGROUP_SOCK':
            at = atypes['BPF_CGROUP_INET_SOCK_CREATE']
        elif pt_name == 'CGROUP_DEVICE':
            at = atypes['BPF_CGROUP_DEVICE']
        elif pt_name == 'CGROUP_SYSCTL':
            at = atypes['BPF_CGROUP_SYSCTL']
        elif pt_name == 'SK_LOOKUP':
            at = atypes['BPF_SK_LOOKUP']
        elif pt_name == 'NETFILTER':
            at = atypes['BPF_NETFILTER']
        elif pt_name == 'TRACING':
            if at_name == 'BPF_TRACE_ITER':
                btf_id = btf['bpf_iter_task']
            else:
                at, btf_id = atypes['BPF_TRACE_RAW_TP'], btf['btf_trace_sched_switch']
        ours = {byname[n] for n in re.findall(r'F\((\w+)\)', body)}
        kernel = {fid for fid in ids if fid and load(pt, at, flags, btf_id, fid)}
        rows += 1
        for fid in sorted(kernel ^ ours):
            print('%s/%s: %s: kernel %s, ours %s' % (pt_name, at_name, ids[fid],
                  'yes' if fid in kernel else 'no', 'yes' if fid in ours else 'no'))
            bad += 1
    print('probed %d availability rows against the running kernel: %d difference(s)' % (rows, bad))
    return bad


CTX_TYPES = [  # name, prog type, attach type, bytes to walk
    ('socket_filter', 1, 0, 192), ('sched_cls', 3, 0, 192), ('sched_act', 4, 0, 192),
    ('xdp', 6, 0, 24), ('xdp/devmap', 6, 33, 24), ('kprobe', 2, 0, 168), ('tracepoint', 5, 0, 64),
    ('perf_event', 7, 0, 184), ('cgroup_skb', 8, 0, 192), ('cgroup_skb/egress', 8, 1, 192),
    ('lwt_in', 10, 0, 192), ('lwt_out', 11, 0, 192), ('lwt_xmit', 12, 0, 192),
    ('lwt_seg6local', 19, 0, 192), ('sk_skb', 14, 0, 192), ('cgroup_device', 15, 6, 12),
    ('raw_tp', 17, 0, 96), ('raw_tp_writable', 24, 0, 96), ('cgroup_sysctl', 23, 18, 8),
    ('flow_dissector', 22, 0, 192), ('sk_reuseport', 21, 0, 56), ('netfilter', 32, 45, 16),
    ('cgroup_sock/create', 9, 2, 80), ('cgroup_sock/post_bind4', 9, 12, 80),
    ('cgroup_sock/post_bind6', 9, 13, 80), ('sock_addr/bind4', 18, 8, 72),
    ('sock_addr/connect4', 18, 10, 72), ('sock_addr/connect6', 18, 11, 72),
    ('sock_addr/sendmsg6', 18, 15, 72), ('sock_addr/unix_connect', 18, 49, 72),
    ('sock_ops', 13, 0, 224), ('sk_msg', 16, 0, 80), ('sk_lookup', 30, 36, 72),
    ('sockopt/get', 25, 21, 40), ('sockopt/set', 25, 22, 40),
]


def probe_ctx():
    """Compare progtype_ctx_access() with the running kernel, access by access."""
    import ctypes
    import struct
    import subprocess
    import tempfile
    tmp = tempfile.mkdtemp()
    so = os.path.join(tmp, 'libprogtype.so')
    subprocess.check_call(['cc', '-std=gnu11', '-shared', '-fPIC', '-O1',
                           '-I' + os.path.join(ROOT, 'common'), '-I' + os.path.join(ROOT, 'analyzer'),
                           os.path.join(ROOT, 'analyzer', 'progtype.c'), '-o', so])
    lib = ctypes.CDLL(so)

    class Query(ctypes.Structure):
        _fields_ = [('prog_type', ctypes.c_uint32), ('attach_type', ctypes.c_uint32),
                    ('prog_flags', ctypes.c_uint32), ('unpriv', ctypes.c_bool),
                    ('has_attach_btf', ctypes.c_bool), ('off', ctypes.c_int32),
                    ('size', ctypes.c_uint32), ('write', ctypes.c_bool), ('is_ldsx', ctypes.c_bool)]

    class Access(ctypes.Structure):
        _fields_ = [('reg_type', ctypes.c_uint32), ('ctx_field_size', ctypes.c_uint32),
                    ('btf_type', ctypes.c_char_p), ('max_tp_access', ctypes.c_uint32)]

    libc = ctypes.CDLL(None, use_errno=True)

    def ins(code, dst=0, src=0, off=0, imm=0):
        return struct.pack('<BBhi', code, (src << 4) | dst, off, imm)

    def load(pt, at, insns):
        code = b''.join(insns)
        buf, lic = ctypes.create_string_buffer(code), ctypes.create_string_buffer(b'GPL')
        log = ctypes.create_string_buffer(65536)
        attr = bytearray(128)
        struct.pack_into('=IIQQIIQII', attr, 0, pt, len(code) // 8, ctypes.addressof(buf),
                         ctypes.addressof(lic), 1, len(log), ctypes.addressof(log), 0, 0)
        struct.pack_into('=I', attr, 68, at)
        a = (ctypes.c_char * len(attr)).from_buffer(attr)
        fd = libc.syscall(321, 5, a, len(attr))
        if fd >= 0:
            os.close(fd)
        return fd >= 0, log.value.decode(errors='replace')

    ld = {1: 0x71, 2: 0x69, 4: 0x61, 8: 0x79}
    st = {1: 0x73, 2: 0x6b, 4: 0x63, 8: 0x7b}
    bad = total = 0
    for name, pt, at, size_struct in CTX_TYPES:
        for write in (False, True):
            for size in (1, 2, 4, 8):
                for off in range(-8, size_struct + 8):
                    if write:
                        prog = [ins(0xb7, dst=2), ins(st[size], dst=1, src=2, off=off)]
                    else:
                        prog = [ins(ld[size], dst=0, src=1, off=off)]
                    # r0 = 1 satisfies every return range of these types' hooks
                    ok, log = load(pt, at, prog + [ins(0xb7, imm=1), ins(0x95)])
                    if not ok and 'invalid bpf_context access' not in log:
                        if 'should have been in' not in log:
                            continue  # rejected for another reason: no verdict on the access
                        ok = True
                    q = Query(pt, at, 0, False, False, off, size, write, False)
                    res = lib.progtype_ctx_access(ctypes.byref(q), ctypes.byref(Access()))
                    total += 1
                    if (res == 0) != ok:
                        bad += 1
                        print('ctx %s: %s off=%d size=%d: kernel %s, ours %s'
                              % (name, 'write' if write else 'read', off, size,
                                 'allows' if ok else 'denies', 'allows' if res == 0 else 'denies'))
    print('probed %d context accesses against the running kernel: %d difference(s)' % (total, bad))
    return bad


def main(argv):
    src = '/usr/src/linux-source-6.12'
    table = os.path.join(ROOT, 'analyzer', 'helpers_table.inc')
    ids_file = os.path.join(ROOT, 'analyzer', 'helpers_ids.inc')
    emit = False
    probe = False
    probe_ctx_too = False
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == '--table':
            table = args.pop(0)
        elif a == '--ids':
            ids_file = args.pop(0)
        elif a == '--emit':
            emit = True
        elif a == '--probe-kernel':
            probe = True
        elif a == '--probe-ctx':
            probe_ctx_too = True
        elif a in ('-h', '--help'):
            print(__doc__)
            return 0
        elif a.startswith('-'):
            print('unknown option ' + a, file=sys.stderr)
            return 2
        else:
            src = a
    if not os.path.isdir(src):
        print('kernel source not found: ' + src, file=sys.stderr)
        return 2
    kprotos = parse_protos(src)
    ids = parse_ids(src)
    funcs = proto_funcs(src)
    if emit:
        for name in sorted(kprotos, key=lambda n: (kprotos[n]['file'], n)):
            print(fmt_emit(name, kprotos[name], func_of(name, ids, funcs)))
        return 0

    bad = 0
    ours = parse_table(table)
    # helper ids and names
    id_text = open(ids_file, encoding='utf-8').read()
    our_ids = {int(m.group(2)): m.group(1) for m in re.finditer(r'HID\((\w+),\s*(\d+)\)', id_text)}
    for i, n in sorted(ids.items()):
        if i == 0:
            continue
        if our_ids.get(i) != n:
            print('id %d: kernel %s, ours %s' % (i, n, our_ids.get(i)))
            bad += 1
    for name, k in sorted(kprotos.items()):
        o = ours.get(name)
        if o is None:
            print('%s (%s): missing from our table' % (name, k['file']))
            bad += 1
            continue
        for key in ('gpl_only', 'pkt_access', 'might_sleep', 'ret_type', 'allowed'):
            if k[key] != o[key]:
                print('%s: %s kernel %s, ours %s' % (name, key, k[key], o[key]))
                bad += 1
        for i in range(5):
            for key in ('arg_type', 'arg_size', 'arg_btf'):
                kv, ov = k[key][i], o[key][i]
                if key == 'arg_type' and kv == '0':
                    kv = 'ARG_DONTCARE'
                if key == 'arg_type' and ov == '0':
                    ov = 'ARG_DONTCARE'
                if key == 'arg_size' and 'MEM_FIXED_SIZE' not in k['arg_type'][i]:
                    continue
                if kv != ov:
                    print('%s: %s[%d] kernel %s, ours %s' % (name, key, i + 1, kv, ov))
                    bad += 1
        if o['func'] != func_of(name, ids, funcs):
            print('%s: implements %s in the kernel, ours says %s'
                  % (name, func_of(name, ids, funcs), o['func']))
            bad += 1
    extra = sorted(set(ours) - set(kprotos))
    for name in extra:
        print('%s: in our table only (6.18 addition or private variant?)' % name)
    print('checked %d kernel prototypes against %d of ours, %d helper ids: %d mismatch(es)'
          % (len(kprotos), len(ours), len(ids) - 1, bad))
    if probe:
        bad += probe_kernel(os.path.join(ROOT, 'analyzer', 'helpers_avail.inc'), ids)
    if probe_ctx_too:
        bad += probe_ctx()
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
