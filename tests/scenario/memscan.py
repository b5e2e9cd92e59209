#!/usr/bin/env python3
"""memscan.py PID NEEDLES-FILE [--sim-db DB] [--docs DIR] — exit 1 if any
needle is found anywhere in the readable memory of process PID (heap, stacks,
anonymous and file maps). Used after a citizen logged out: nothing of them
may be left in the kiosk's memory, not even in freed buffers.

Needles: each line of NEEDLES-FILE (the NIK, the password; in a file, so they
are not in the kiosk's memory as arguments), every session token the
simulator ever issued (its sim.db), and three 64-byte samples (at a quarter,
at half, and the last 64 bytes) of every document the printer received
(DIR holds the printed files)."""
import re
import sqlite3
import sys
from pathlib import Path

pid = int(sys.argv[1])
needles = []  # (label, bytes)
with open(sys.argv[2]) as f:
    needles += [(n.rstrip("\n"), n.rstrip("\n").encode()) for n in f if n.strip()]
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
            needles += [(f"token {t[:6]}…", t.encode()) for t in toks]
        elif opt == "--docs":
            files = [p for p in Path(val).iterdir() if p.is_file() and p.stat().st_size >= 256]
            if not files:
                print(f"memscan: no printed document in {val}")
                sys.exit(2)
            for p in files:
                data = p.read_bytes()
                for at in (len(data) // 4, len(data) // 2, len(data) - 64):
                    needles.append((f"{p.name}@{at}", data[at:at + 64]))
        else:
            print(f"memscan: unknown option {opt}")
            sys.exit(2)
if not needles:
    sys.exit(0)
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
        chunk, over = 16 << 20, max(len(n) for _, n in needles)
        pos = start
        while pos < end:
            size = min(chunk + over, end - pos)
            try:
                mem.seek(pos)
                data = mem.read(size)
            except (OSError, ValueError, MemoryError):
                break
            scanned += len(data)
            for label, n in needles:
                at = data.find(n)
                if at >= 0:
                    found.append(f"{label!r} at {pos + at:#x} in {name or 'anon'} ({perms})")
            pos += chunk
print(f"memscan: {scanned >> 20} MiB scanned")
found = sorted(set(found))
for f in found:
    print("memscan: found", f)
sys.exit(1 if found else 0)
