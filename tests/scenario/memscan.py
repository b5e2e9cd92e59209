#!/usr/bin/env python3
"""memscan.py PID NEEDLES-FILE [--sim-db DB] [--docs DIR] — exit 1 if any
needle is found anywhere in the readable memory of process PID (heap, stacks,
anonymous and file maps). Used after a citizen logged out: nothing of them
may be left in the kiosk's memory, not even in freed buffers.

Needles: each line of NEEDLES-FILE (the NIK, the password; in a file, so they
are not in the kiosk's memory as arguments), every session token the
simulator ever issued (its sim.db), and eight 64-byte samples spread over
every document the printer received (DIR holds the printed files). A
document sample that also occurs in a file the process maps (a PDF made by
cairo carries bytes of cairo itself) is no citizen's data and is dropped;
at least four per document must remain."""
import re
import sqlite3
import sys
from pathlib import Path

pid = int(sys.argv[1])
needles = []  # (label, bytes)
with open(sys.argv[2]) as f:
    needles += [(n.rstrip("\n"), n.rstrip("\n").encode(), "") for n in f if n.strip()]
args = sys.argv[3:]
if needles:  # an empty needle file means: no scan (sanitizer builds)
    for opt, val in zip(args[::2], args[1::2]):
        if opt == "--sim-db":
            db = sqlite3.connect(f"file:{val}?mode=ro", uri=True)
            toks = [r[0] for r in db.execute("SELECT token FROM tokens_issued")]
            db.close()
            if not toks:
                print("memscan: the simulator issued no token")
                sys.exit(2)
            needles += [(f"token {t[:6]}…", t.encode(), "") for t in toks]
        elif opt == "--docs":
            files = [p for p in Path(val).iterdir() if p.is_file() and p.stat().st_size >= 256]
            if not files:
                print(f"memscan: no printed document in {val}")
                sys.exit(2)
            for p in files:
                data = p.read_bytes()
                for k in range(8):
                    at = min((len(data) - 64) * k // 7, len(data) - 64)
                    needles.append((f"{p.name}@{at}", data[at:at + 64], "doc"))
        else:
            print(f"memscan: unknown option {opt}")
            sys.exit(2)
if not needles:
    sys.exit(0)


def file_maps(pid):
    """The files the process maps (libraries, fonts): their own bytes."""
    names = set()
    with open(f"/proc/{pid}/maps") as maps:
        for line in maps:
            parts = line.split(None, 5)
            if len(parts) == 6 and parts[5].startswith("/"):
                names.add(parts[5].strip())
    return names


doc = [n for n in needles if n[2] == "doc"]
if doc:
    blobs = []
    for name in file_maps(pid):
        try:
            blobs.append(open(name, "rb").read())
        except OSError:
            pass
    common = {n[0] for n in doc if any(n[1] in b for b in blobs)}
    for label in sorted(common):
        print(f"memscan: sample {label} is also in a mapped file: not citizen data, dropped")
    needles = [n for n in needles if n[0] not in common]
    per_doc = {}
    for n in needles:
        if n[2] == "doc":
            per_doc[n[0].split("@")[0]] = per_doc.get(n[0].split("@")[0], 0) + 1
    if not per_doc or min(per_doc.values()) < 4:
        print(f"memscan: too few document samples left: {per_doc}")
        sys.exit(2)
print(f"memscan: {len(needles)} needles")
found = []
scanned = 0
with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
    for line in maps:
        m = re.match(r"([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)", line)
        start, end, perms, name = int(m[1], 16), int(m[2], 16), m[3], m[4]
        if "r" not in perms or name in ("[vvar]", "[vsyscall]"):
            continue
        if end - start > (1 << 32):
            continue  # sanitizer shadow/reserve maps: terabytes, never data
        # Read in chunks that overlap by the longest needle, so a needle
        # across a chunk boundary is still found.
        chunk, over = 16 << 20, max(len(n) for _, n, _ in needles)
        pos = start
        while pos < end:
            size = min(chunk + over, end - pos)
            try:
                mem.seek(pos)
                data = mem.read(size)
            except (OSError, ValueError, MemoryError):
                break
            scanned += len(data)
            for label, n, _ in needles:
                at = data.find(n)
                if at >= 0:
                    found.append(f"{label!r} at {pos + at:#x} in {name or 'anon'} ({perms})")
            pos += chunk
print(f"memscan: {scanned >> 20} MiB scanned")
found = sorted(set(found))
for f in found:
    print("memscan: found", f)
sys.exit(1 if found else 0)
