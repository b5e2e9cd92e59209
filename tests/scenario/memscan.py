#!/usr/bin/env python3
"""memscan.py PID NEEDLES-FILE — exit 1 if any NEEDLE (one per line of the
file, so the needles are not in the kiosk's own memory as arguments) is found in the
writable memory of process PID (heap, stacks, anonymous maps). Used after a
citizen logged out: their NIK and password must not be anywhere in the
kiosk's memory, not even in freed buffers."""
import re
import sys

pid = int(sys.argv[1])
with open(sys.argv[2]) as f:
    needles = [n.rstrip("\n").encode() for n in f if n.strip()]
if not needles:
    sys.exit(0)
found = []
with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
    for line in maps:
        m = re.match(r"([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)", line)
        start, end, perms, name = int(m[1], 16), int(m[2], 16), m[3], m[4]
        if "w" not in perms or name.startswith("[v"):
            continue
        if end - start > (1 << 32):
            continue  # sanitizer shadow/reserve maps: terabytes, never data
        # Read in chunks that overlap by the longest needle, so a needle
        # across a chunk boundary is still found.
        chunk, over = 16 << 20, max(len(n) for n in needles)
        pos = start
        while pos < end:
            size = min(chunk + over, end - pos)
            try:
                mem.seek(pos)
                data = mem.read(size)
            except (OSError, ValueError, MemoryError):
                break
            for n in needles:
                at = data.find(n)
                if at >= 0:
                    found.append(f"{n.decode()!r} at {pos + at:#x} in {name or 'anon'}")
            pos += chunk
found = sorted(set(found))
for f in found:
    print("memscan: found", f)
sys.exit(1 if found else 0)
