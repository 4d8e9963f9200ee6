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


print("| run | precision | recall | F1 | wall s | CPU s | CPU % | peak MB | load avg |")
print("|---|---|---|---|---|---|---|---|---|")
for run in ["ours_acc", "splink_acc", "ours_dedupe", "ours_big", "splink_big"]:
    if run in rows:
        print(f"| {run} | {g(run, 'precision')} | {g(run, 'recall')} | {g(run, 'f1')} | {g(run, 'wall_s')} | "
              f"{g(run, 'cpu_s')} | {g(run, 'cpu')} | {g(run, 'peak_mb')} | {g(run, 'loadavg_after')} |")
print()
print("| peer run | wall s | CPU s | CPU % | peak MB |")
print("|---|---|---|---|---|")
for run in ["clkhash_encode", "ours_encode", "anonlink_match", "ours_match_exhaustive", "ours_match_lsh"]:
    if run in rows:
        print(f"| {run} | {g(run, 'wall_s')} | {g(run, 'cpu_s')} | {g(run, 'cpu')} | {g(run, 'peak_mb')} |")
print()
if "ours_acc" in rows and "splink_acc" in rows:
    print(f"F1 ours {g('ours_acc', 'f1')} vs Splink {g('splink_acc', 'f1')}; "
          f"speed-up {g('splink_acc', 'wall_s') / g('ours_acc', 'wall_s'):.1f}x at the accuracy size")
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
