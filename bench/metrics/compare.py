#!/usr/bin/env python3
"""Checks two metric result files cell for cell (the bench's `--out` or
`pathways metrics run --out`): same cells, same counts, rates equal to 1e-9
relative. Usage: compare.py A.csv B.csv"""
import csv, sys


def cells(path):
    with open(path, newline="") as f:
        return {(r["metric_id"], r["group_by"], r["group_value"]): r for r in csv.DictReader(f)}


a, b = cells(sys.argv[1]), cells(sys.argv[2])
problems = [f"only in {sys.argv[1]}: {k}" for k in a.keys() - b.keys()]
problems += [f"only in {sys.argv[2]}: {k}" for k in b.keys() - a.keys()]
for k in a.keys() & b.keys():
    x, y = a[k], b[k]
    for f in ("numerator", "denominator"):
        if x[f] != y[f]:
            problems.append(f"{k} {f}: {x[f]} vs {y[f]}")
    rx, ry = x.get("rate", ""), y.get("rate", "")
    if (rx == "") != (ry == ""):
        problems.append(f"{k} rate: {rx!r} vs {ry!r}")
    elif rx and abs(float(rx) - float(ry)) > 1e-9 * max(1.0, abs(float(rx))):
        problems.append(f"{k} rate: {rx} vs {ry}")
for p in sorted(problems)[:40]:
    print(p)
print(f"{len(a.keys() & b.keys())} cells in both; {len(problems)} differences")
sys.exit(1 if problems else 0)
