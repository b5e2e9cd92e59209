#!/usr/bin/env python3
"""analyze.py DIR PLOT MODE... — the figures of a fleet run (tests/fleet/run.sh).

Per mode, from DIR/MODE/requests.log (the simulator's arrivals), DIR/MODE/times
and every kiosk's print log and stderr:
  steady      requests/s over the steady window before the outage
  peak        the most requests in any 1-s window (sliding) after the restart,
              and the same after the boot
  drained     seconds from the restart until the simulator held every event
  lost        events in a kiosk's print log the simulator does not hold
  duplicated  events the simulator stored twice (a kiosk's seq under two ids;
              an id twice is impossible: it is the primary key)
  resent      events sent again and recognised by id (idempotent, not stored
              twice: e.g. an answer lost in the outage)
  keep-alive  requests per connection, from each kiosk's stop line
Draws requests per second of every mode, one panel each, to DIR/fleet.png, and
ends with the line `make fleet` is judged by (the first mode's figures).
Exit 1 when the first mode's peak exceeds FLEET_MAX_RATIO (3; 0: not judged,
for a fleet too small for the statistic) times its steady rate, or anything
was lost, duplicated or not drained, or a kiosk did not stop on SIGTERM.
"""
import os
import re
import sqlite3
import subprocess
import sys


def load_times(run):
    t = {}
    with open(os.path.join(run, "times")) as f:
        for line in f:
            k, v = line.split()
            t[k] = int(v)
    return t


def load_requests(run):
    reqs = []
    with open(os.path.join(run, "requests.log")) as f:
        for line in f:
            p = line.split()
            if len(p) == 7:
                reqs.append((int(p[0]), p[1], p[2], int(p[3]), int(p[4]), int(p[5]), int(p[6])))
    reqs.sort()
    return reqs


def peak_1s(times_ms):
    """The most arrivals in any window [t, t+1000)."""
    best, j = 0, 0
    for i in range(len(times_ms)):
        while times_ms[i] - times_ms[j] >= 1000:
            j += 1
        best = max(best, i - j + 1)
    return best


def held_ids(run):
    db = sqlite3.connect(os.path.join(run, "sim", "sim.db"))
    ids = [r[0] for r in db.execute("SELECT id FROM events")]
    db.close()
    return ids


def kiosk_ids(kdir):
    db = sqlite3.connect(os.path.join(kdir, "data", "kiosk.db"))
    ids = [r[0] for r in db.execute("SELECT id FROM events")]
    db.close()
    return ids


STATS = re.compile(r"(\d+) requests over (\d+) connections")


def analyze(run):
    t = load_times(run)
    reqs = load_requests(run)
    arr = [r[0] for r in reqs]
    api = [r for r in reqs if r[1] != "other"]
    steady_n = sum(1 for r in api if t["steady"] <= r[0] < t["down"])
    steady_s = max((t["down"] - t["steady"]) / 1000.0, 0.001)
    steady = steady_n / steady_s
    after = [r[0] for r in api if r[0] >= t["up"]]
    boot = [r[0] for r in api if t["start"] <= r[0] < t["steady"]]
    held = held_ids(run)
    held_set = set(held)
    lost = 0
    kiosks = 0
    reqs_total = conns_total = 0
    for name in sorted(os.listdir(run)):
        kdir = os.path.join(run, name)
        if not name.startswith("ADM-FLEET-") or not os.path.isdir(kdir):
            continue
        kiosks += 1
        lost += sum(1 for i in kiosk_ids(kdir) if i not in held_set)
        with open(os.path.join(kdir, "log"), errors="replace") as f:
            for m in STATS.finditer(f.read()):
                reqs_total += int(m.group(1))
                conns_total += int(m.group(2))
    dup = sum(r[6] for r in reqs) + (len(held) - len(held_set))
    resent = sum(r[4] - r[5] for r in reqs)
    return {
        "t": t,
        "reqs": reqs,
        "arr": arr,
        "steady": steady,
        "peak": peak_1s(after),
        "boot_peak": peak_1s(boot),
        "drain_s": t["drain"] / 1000.0 if t["drain"] >= 0 else -1,
        "boot_drain_s": t["boot_drain"] / 1000.0 if t["boot_drain"] >= 0 else -1,
        "lost": lost,
        "dup": dup,
        "resent": resent,
        "kiosks": kiosks,
        "per_conn": reqs_total / conns_total if conns_total else 0.0,
        "reqs_total": reqs_total,
        "conns_total": conns_total,
        "events": len(held),
        "unclean": t["unclean"],
        "failed": sum(1 for r in api if r[3] >= 500),
    }


def main():
    d, plot, modes = sys.argv[1], sys.argv[2], sys.argv[3:]
    res = {}
    plot_args = [plot, os.path.join(d, "fleet.png")]
    for m in modes:
        r = analyze(os.path.join(d, m))
        res[m] = r
        t = r["t"]
        ratio = r["peak"] / r["steady"] if r["steady"] else float("inf")
        r["ratio"] = ratio
        print(f"[{m}] {r['kiosks']} kiosks, heartbeat {t['heartbeat_s']} s, outage {t['outage_s']} s")
        print(f"[{m}]   steady {r['steady']:.1f} req/s; peak after restart {r['peak']} req/s "
              f"in 1 s ({ratio:.2f}x steady); peak after boot {r['boot_peak']} req/s")
        print(f"[{m}]   boot backlog drained in {r['boot_drain_s']:.1f} s; outage backlog "
              f"drained {r['drain_s']:.1f} s after the restart; {r['events']} events held")
        print(f"[{m}]   events lost {r['lost']}, duplicated {r['dup']}, resent and "
              f"recognised {r['resent']}")
        print(f"[{m}]   {r['reqs_total']} requests over {r['conns_total']} connections "
              f"({r['per_conn']:.1f} per connection); {r['unclean']} kiosks did not stop "
              f"cleanly on SIGTERM")
        arr_path = os.path.join(d, m, "arrivals")
        with open(arr_path, "w") as f:
            f.write(f"# outage {t['down'] - t['start']} {t['up'] - t['start']}\n")
            for (ms, ep, *_rest) in r["reqs"]:
                if ms >= t["start"] and ep != "other":
                    f.write(f"{ms - t['start']} {ep}\n")
        label = (f"{m}: {r['kiosks']} kiosks, steady {r['steady']:.1f}/s, peak after "
                 f"restart {r['peak']}/s ({ratio:.1f}x), drained {r['drain_s']:.0f} s after")
        plot_args += [label, arr_path]
    p = subprocess.run(plot_args)
    if p.returncode != 0:
        print("fleet: the plot was not written")
    first = res[modes[0]]
    print(f"fleet: {first['kiosks']} kiosks, peak/steady {first['ratio']:.2f}, backlog drained "
          f"in {first['drain_s']:.0f} s, events lost {first['lost']}, duplicated {first['dup']}")
    max_ratio = float(os.environ.get("FLEET_MAX_RATIO", "3"))  # 0: not judged
    bad = ((max_ratio > 0 and first["ratio"] > max_ratio) or first["lost"] or first["dup"]
           or first["drain_s"] < 0 or first["unclean"] or p.returncode != 0)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
