"""Peer solver for the matching benchmark: the PyPI package `matching`
(HospitalResident, resident-optimal) on the same three CSV files.

Usage: peer.py PLACEMENTS PREFERENCES PRIORITIES OUT
Writes OUT as student_id,placement_id (every student, empty when unmatched)
and prints {"read_s", "solve_s"} as JSON on stdout.

Ineligible pairs are removed from both sides first (a placement that does
not list a student is unacceptable to it). Priorities must be strict: the
package has no ties or lottery, so the benchmark only runs it on instances
generated with `--priorities strict`.
"""
import csv
import json
import sys
import threading
import time

from matching.games import HospitalResident

def main(placements, preferences, priorities, out):
    t0 = time.perf_counter()
    with open(placements, newline="") as f:
        capacity = {r["placement_id"]: int(r["capacity"]) for r in csv.DictReader(f)}
    students = []
    ranked = {}
    with open(preferences, newline="") as f:
        for r in csv.DictReader(f):
            s = r["student_id"]
            if s not in ranked:
                ranked[s] = []
                students.append(s)
            ranked[s].append((int(r["rank"]), r["placement_id"]))
    prio = {}
    with open(priorities, newline="") as f:
        for r in csv.DictReader(f):
            prio.setdefault(r["placement_id"], []).append((int(r["rank"]), r["student_id"]))
    eligible = {(p, s) for p, lst in prio.items() for _, s in lst}
    open_seats = {p for p, c in capacity.items() if c > 0}
    resident_prefs = {}
    for s, lst in ranked.items():
        keep = [p for _, p in sorted(lst) if (p, s) in eligible and p in open_seats]
        if keep:
            resident_prefs[s] = keep
    wanted = {(p, s) for s, lst in resident_prefs.items() for p in lst}
    hospital_prefs = {}
    for p, lst in prio.items():
        keep = [s for _, s in sorted(lst) if (p, s) in wanted]
        if keep:
            hospital_prefs[p] = keep
    resident_prefs = {s: [p for p in lst if p in hospital_prefs] for s, lst in resident_prefs.items()}
    resident_prefs = {s: lst for s, lst in resident_prefs.items() if lst}
    caps = {p: capacity[p] for p in hospital_prefs}
    t1 = time.perf_counter()
    game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, caps)
    solution = game.solve(optimal="resident")
    t2 = time.perf_counter()
    held = {}
    for hospital, residents in solution.items():
        for r in residents:
            held[r.name] = hospital.name
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["student_id", "placement_id"])
        for s in students:
            w.writerow([s, held.get(s, "")])
    print(json.dumps({"read_s": round(t1 - t0, 3), "solve_s": round(t2 - t1, 3)}))


# The package deep-copies its object graph recursively (one level per
# linked object), which overflows Python's default recursion limit and C
# stack beyond a few hundred residents: give it a deep limit and a big stack.
sys.setrecursionlimit(10**7)
threading.stack_size(1 << 29)
worker = threading.Thread(target=main, args=sys.argv[1:5])
worker.start()
worker.join()
