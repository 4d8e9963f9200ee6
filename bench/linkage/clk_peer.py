#!/usr/bin/env python3
"""Peer run for privacy-preserving linkage: clkhash encoding and anonlink matching.

Usage:
  clk_peer.py encode SCHEMA SECRET IN.csv OUT.csv   # clkhash, all cores; writes rec_id,clk
  clk_peer.py match A.csv B.csv OUT.csv THRESHOLD   # anonlink dice (C++) + greedy solve
Prints one JSON line with the wall time of the work (file reading excluded for match).
"""
import base64
import csv
import io
import json
import sys
import time

from bitarray import bitarray


def encode(schema_path, secret, inp, out):
    from clkhash import clk
    from clkhash.schema import from_json_file
    from clkhash.serialization import serialize_bitarray
    with open(schema_path) as f:
        schema = from_json_file(f)
    with open(inp, newline="") as f:
        text = f.read()
    ids = [r[0] for r in list(csv.reader(io.StringIO(text)))[1:]]
    t = time.time()
    clks = clk.generate_clk_from_csv(io.StringIO(text), secret, schema, progress_bar=False)
    dt = time.time() - t
    with open(out, "w") as f:
        f.write("rec_id,clk\n")
        for i, c in zip(ids, clks):
            f.write(f"{i},{serialize_bitarray(c)}\n")
    print(json.dumps({"tool": "clkhash", "records": len(clks), "seconds": round(dt, 3),
                      "records_per_s": round(len(clks) / dt)}))


def load(path):
    ids, bas = [], []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            ids.append(r["rec_id"])
            b = bitarray()
            b.frombytes(base64.b64decode(r["clk"]))
            bas.append(b)
    return ids, bas


def match(a, b, out, threshold):
    import anonlink
    ia, ca = load(a)
    ib, cb = load(b)
    t = time.time()
    cands = anonlink.candidate_generation.find_candidate_pairs(
        [ca, cb], anonlink.similarities.dice_coefficient_accelerated, threshold)
    groups = anonlink.solving.greedy_solve(cands)
    dt = time.time() - t
    n = 0
    with open(out, "w") as f:
        f.write("left_id,right_id,match_probability\n")
        for g in groups:
            (d0, r0), (d1, r1) = sorted(g)
            f.write(f"{ia[r0]},{ib[r1]},1.0\n")
            n += 1
    print(json.dumps({"tool": "anonlink", "left": len(ca), "right": len(cb), "candidates": len(cands[0]),
                      "links": n, "seconds": round(dt, 3)}))


if __name__ == "__main__":
    if sys.argv[1] == "encode":
        encode(*sys.argv[2:6])
    else:
        match(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]))
