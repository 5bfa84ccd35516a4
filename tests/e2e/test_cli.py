#!/usr/bin/env python3
"""End-to-end checks of the bpfvet command line on the bundled examples: exit statuses, the JSON
contract of DESIGN.md, the other output formats, and robustness against damaged inputs.

usage: test_cli.py BPFVET SOURCE_ROOT      (ends with 'N passed, N failed')
"""
import json, os, random, subprocess, sys, tempfile

BPFVET, ROOT = sys.argv[1], sys.argv[2]
EX = os.path.join(ROOT, "examples")
results = []


def run(*args, timeout=60):
    return subprocess.run([BPFVET, *args], capture_output=True, timeout=timeout)


def case(name):
    def wrap(fn):
        try:
            fn()
            results.append((name, None))
        except AssertionError as e:
            results.append((name, str(e) or "assertion failed"))
        except Exception as e:
            results.append((name, "%s: %s" % (type(e).__name__, e)))
        return fn
    return wrap


@case("help and version")
def _():
    p = run("--help")
    assert p.returncode == 0 and b"usage: bpfvet" in p.stdout, p
    p = run("--version")
    assert p.returncode == 0 and p.stdout.startswith(b"bpfvet "), p


@case("usage errors exit 2")
def _():
    for args in (["frobnicate", "x"], ["check"], ["check", "--format", "yaml", "x.o"],
                 ["check", "--prog-flags", "nonsense", "x.o"], ["check", "--type", "nope", "x"]):
        p = run(*args)
        assert p.returncode == 2, (args, p.returncode, p.stderr)
        assert p.stderr, args


@case("missing file exits 2 with a JSON error")
def _():
    p = run("check", "--format", "json", "/nonexistent/prog.o")
    assert p.returncode == 2, p.returncode
    doc = json.loads(p.stdout)
    f = doc["files"][0]
    assert f["error"] and "cannot open" in f["error"]["message"], f
    assert f["programs"] == []


@case("list follows the JSON contract")
def _():
    p = run("list", "--format", "json", os.path.join(EX, "bad_packet.bpf.o"))
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["version"] == 1
    f = doc["files"][0]
    assert f["format"] == "elf" and f["error"] is None
    names = [(q["section"], q["name"], q["prog_type"]) for q in f["programs"]]
    assert names == [("tc", "read_unchecked", "sched_cls"),
                     ("tc", "lookup_no_null_check", "sched_cls")], names
    assert "verdict" not in f["programs"][0]


@case("check accepts the good example")
def _():
    p = run("check", "--format", "json", os.path.join(EX, "xdp_pass.bpf.o"))
    doc = json.loads(p.stdout)
    prog = doc["files"][0]["programs"][0]
    assert prog["name"] == "count_protocols" and prog["prog_type"] == "xdp", prog
    assert prog["verdict"] == "accept", prog
    assert prog["error"] is None
    assert prog["stats"]["processed_insns"] > 0, prog["stats"]
    assert p.returncode == 0, p.returncode


@case("check rejects the bad examples with the kernel's messages")
def _():
    p = run("check", "--format", "json", os.path.join(EX, "bad_packet.bpf.o"))
    assert p.returncode == 1, p.returncode
    progs = {q["name"]: q for q in json.loads(p.stdout)["files"][0]["programs"]}
    a = progs["read_unchecked"]
    assert a["verdict"] == "reject", a
    assert a["error"]["insn"] == 1, a["error"]
    assert a["error"]["message"].startswith("invalid access to packet, off=0 size=4"), a["error"]
    assert "R1 offset is outside of the packet" in a["error"]["message"], a["error"]
    src = a["error"]["source"]
    assert src and src["file"].endswith("bad_packet.bpf.c") and src["line"] == 19, src
    b = progs["lookup_no_null_check"]
    assert b["verdict"] == "reject", b
    assert "invalid mem access 'map_value_or_null'" in b["error"]["message"], b["error"]


@case("--program selects one program; unknown name exits 2")
def _():
    p = run("check", "--format", "json", "--program", "read_unchecked",
            os.path.join(EX, "bad_packet.bpf.o"))
    progs = json.loads(p.stdout)["files"][0]["programs"]
    assert [q["name"] for q in progs] == ["read_unchecked"], progs
    p = run("check", "--program", "nope", os.path.join(EX, "bad_packet.bpf.o"))
    assert p.returncode == 2, p.returncode


@case("text, sarif, dump, explain and cfg outputs")
def _():
    bad = os.path.join(EX, "bad_packet.bpf.o")
    p = run("check", bad)
    assert p.returncode == 1 and b"bad_packet.bpf.c:19" in p.stdout, p.stdout
    p = run("check", "--format", "sarif", bad)
    doc = json.loads(p.stdout)
    assert doc["version"] == "2.1.0" and len(doc["runs"][0]["results"]) == 2, doc
    p = run("dump", bad)
    assert p.returncode == 0 and b"r1 = *(u32 *)(r1 +76)" in p.stdout, p.stdout[:400]
    p = run("explain", "--program", "read_unchecked", bad)
    assert p.returncode == 1 and b"invalid access to packet" in p.stdout, p.stdout
    p = run("cfg", "--program", "read_unchecked", bad)
    assert p.returncode == 0 and p.stdout.startswith(b"digraph"), p.stdout[:200]
    assert b"color=red" in p.stdout


@case("triage buckets a folder")
def _():
    p = run("triage", "--format", "json", "-j", "2", EX)
    doc = json.loads(p.stdout)
    assert doc["programs"] == 3 and doc["accept"] == 1 and doc["reject"] == 2, doc
    assert doc["failures"] == [], doc["failures"]


@case("damaged inputs never crash")
def _():
    rnd = random.Random(1234)
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("xdp_pass.bpf.o", "bad_packet.bpf.o"):
            data = open(os.path.join(EX, name), "rb").read()
            for i in range(120):
                b = bytearray(data)
                kind = i % 3
                if kind == 0:
                    b = b[: rnd.randrange(len(b))]
                elif kind == 1:
                    for _ in range(rnd.randrange(1, 16)):
                        b[rnd.randrange(len(b))] ^= 1 << rnd.randrange(8)
                else:
                    pos = rnd.randrange(len(b))
                    b[pos:pos + 8] = rnd.randbytes(8)
                f = os.path.join(tmp, "x.o")
                open(f, "wb").write(b)
                p = run("check", "--format", "json", f, timeout=30)
                assert p.returncode in (0, 1, 2), (name, i, p.returncode, p.stderr[-300:])
                json.loads(p.stdout)
        for i in range(40):
            f = os.path.join(tmp, "r.bin")
            open(f, "wb").write(rnd.randbytes(rnd.randrange(0, 400)))
            p = run("check", "--format", "json", "--type", "xdp", f, timeout=30)
            assert p.returncode in (0, 1, 2), (i, p.returncode, p.stderr[-300:])


failed = [r for r in results if r[1]]
for name, why in failed:
    print("FAIL %s: %s" % (name, why))
print("%d passed, %d failed" % (len(results) - len(failed), len(failed)))
sys.exit(1 if failed else 0)
