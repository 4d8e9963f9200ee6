"""Prints the matching benchmark table from results.jsonl (see run.sh).

Ours runs several times per instance on a shared machine: the table shows
the fastest run (and its peak memory), the phases table that run's phases.
"""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]


def runs(name):
    return [r for r in rows if r["run"] == name]


def best(name):
    rs = [r for r in runs(name) if "wall_s" in r]
    return min(rs, key=lambda r: r["wall_s"]) if rs else None


print("| instance (students × placements × 10 choices) | ours wall s (best of n) | ours peak MB | matching wall s | matching peak MB | matching ÷ ours | same matching |")
print("|---|---:|---:|---:|---:|---:|---|")
sizes = sorted({int(r["run"].split()[-1]) for r in rows})
for kind in ("strict", "groups"):
    for n in sizes:
        o = best(f"ours {kind} {n}")
        if o is None:
            continue
        count = len(runs(f"ours {kind} {n}"))
        p = best(f"peer {kind} {n}")
        same = [r["same"] for r in runs(f"same {kind} {n}")]
        ratio = f"{p['wall_s'] / max(o['wall_s'], 0.01):.0f}×" if p else "—"
        print(
            f"| {kind} {n:,} × {n // 20:,} | {o['wall_s']:.2f} ({count}) | {o['peak_mb']} | "
            f"{p['wall_s']:.2f} | {p['peak_mb']} | {ratio} | {('yes' if same[0] else 'NO') if same else '—'} |"
            if p else
            f"| {kind} {n:,} × {n // 20:,} | {o['wall_s']:.2f} ({count}) | {o['peak_mb']} | — | — | — | — |"
        )
print()
print("| ours, phases of the fastest run (s) | parse | lottery | match | check | write |")
print("|---|---:|---:|---:|---:|---:|")
for kind in ("strict", "groups"):
    for n in sizes:
        ph = runs(f"phases ours {kind} {n}")
        walls = [r["wall_s"] for r in runs(f"ours {kind} {n}")]
        if not ph or not walls:
            continue
        t = ph[walls.index(min(walls))]["timings"]
        print(f"| {kind} {n:,} | {t['parse_s']:.3f} | {t['lottery_s']:.3f} | {t['match_s']:.3f} | {t['check_s']:.3f} | {t['write_s']:.3f} |")
