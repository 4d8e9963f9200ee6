#!/usr/bin/env python3
"""Prints the comparison table of bench/linkage/run.sh from results.jsonl."""
import json
import sys

rows = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if line:
        d = json.loads(line)
        rows.setdefault(d["run"], {}).update(d)


def g(run, key, default="-"):
    return rows.get(run, {}).get(key, default)


PAIRS = ["k12_college", "k12_wage", "college_wage"]
LINK_RUNS = [f"{who}_{pair}" for pair in PAIRS for who in ("ours", "splink")]
LINK_RUNS += ["ours_dedupe_wage", "ours_dedupe_college", "ours_big", "splink_big"]

print("| run | true pairs | precision | recall | F1 | wall s | CPU s | CPU % | peak MB | load avg before/after |")
print("|---|---|---|---|---|---|---|---|---|---|")
for run in LINK_RUNS:
    if run in rows:
        print(f"| {run} | {g(run, 'true_pairs')} | {g(run, 'precision')} | {g(run, 'recall')} | {g(run, 'f1')} | "
              f"{g(run, 'wall_s')} | {g(run, 'cpu_s')} | {g(run, 'cpu')} | {g(run, 'peak_mb')} | "
              f"{g(run, 'loadavg_before')}/{g(run, 'loadavg_after')} |")
print()
print("| peer run | wall s | CPU s | CPU % | peak MB |")
print("|---|---|---|---|---|")
for run in ["clkhash_encode", "ours_encode", "anonlink_match", "ours_match_exhaustive", "ours_match_lsh"]:
    if run in rows:
        print(f"| {run} | {g(run, 'wall_s')} | {g(run, 'cpu_s')} | {g(run, 'cpu')} | {g(run, 'peak_mb')} |")
print()
above = []
for pair in PAIRS:
    o, s_ = f"ours_{pair}", f"splink_{pair}"
    if o in rows and s_ in rows:
        above.append(g(o, "f1") > g(s_, "f1"))
        print(f"{pair}: F1 ours {g(o, 'f1')} vs Splink {g(s_, 'f1')}; "
              f"{g(s_, 'wall_s') / g(o, 'wall_s'):.1f}x by wall time, {g(s_, 'cpu_s') / g(o, 'cpu_s'):.1f}x by CPU time, "
              f"{g(s_, 'peak_mb') / g(o, 'peak_mb'):.1f}x less memory")
if above:
    print(f"F1 above Splink on every pair of sources: {'yes' if all(above) else 'NO'} ({sum(above)} of {len(above)})")
if "ours_big" in rows:
    print(f"scale run: {g('ours_big', 'wall_s')} s wall, {g('ours_big', 'peak_mb')} MB peak (targets: < 10 s, < 1536 MB)")
if "clkhash_encode" in rows and "ours_encode" in rows:
    print(f"CLK encoding: clkhash {g('clkhash_encode', 'wall_s')} s, ours {g('ours_encode', 'wall_s')} s "
          f"-> {g('clkhash_encode', 'wall_s') / g('ours_encode', 'wall_s'):.1f}x (process wall time incl. start-up and I/O); "
          f"identical output: {g('clk_identical', 'identical')}")
if "anonlink_match" in rows:
    a = g("anonlink_match", "wall_s")
    print(f"CLK matching: anonlink {a} s, ours exhaustive {g('ours_match_exhaustive', 'wall_s')} s "
          f"({a / g('ours_match_exhaustive', 'wall_s'):.1f}x, same links: {g('clk_link_agreement', 'ours_exhaustive_same_as_anonlink')}), "
          f"ours LSH-blocked {g('ours_match_lsh', 'wall_s')} s ({a / g('ours_match_lsh', 'wall_s'):.1f}x, "
          f"recall vs anonlink {g('clk_link_agreement', 'lsh_recall_vs_anonlink')})")
