#!/usr/bin/env python3
"""The same metric SQL on DuckDB over the same loaded Parquet: the peer of
bench/metrics/run.sh. Usage: duckdb_suite.py LOADED_DIR THREADS [CELLS.csv]
(CELLS.csv: every cell, for compare.py to check against the engine's --out)"""
import csv, glob, os, sys, time, tomllib

import duckdb

root = os.path.dirname(os.path.abspath(__file__))
crate = os.path.join(root, "..", "..", "crates", "pathways-analytics")
loaded, threads = sys.argv[1], int(sys.argv[2])
FLAGS = ["economically_disadvantaged", "english_learner", "disability", "homeless", "foster_care",
         "migrant", "military_connected", "single_parent", "out_of_workforce"]
FIELDS = ["sex", "race_ethnicity"] + FLAGS + ["pathway", "program", "school", "district", "region", "year"]
# The views the engine computes and keeps (engine.rs MATERIALIZE), plus the
# attributes every cohort is joined with here.
MATERIALIZE = {"course_programs", "primary_program", "last_enrollment", "graduates", "ps_concentrators",
               "ps_completers", "wioa_exiters", "followed_wages", "followed_employed_quarters",
               "followed_employed_years", "person_attributes"}

con = duckdb.connect()
con.execute(f"SET threads = {threads}")
t0 = time.perf_counter()
for p in sorted(glob.glob(os.path.join(loaded, "*.parquet"))):
    name = os.path.basename(p)[:-8]
    con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{p}')")
views = open(os.path.join(crate, "src", "views.sql")).read()
views = views.replace("${secondary_courses}", "2").replace("${postsecondary_credits}", "12")
for stmt in views.split("\n;\n"):
    body = "\n".join(l for l in stmt.splitlines() if not l.strip().startswith("--")).strip()
    if not body.startswith("CREATE VIEW "):
        continue
    name, query = body[len("CREATE VIEW "):].split(" AS\n", 1)
    kind = "TABLE" if name in MATERIALIZE else "VIEW"
    con.execute(f"CREATE {kind} {name} AS {query}")
print(f"duckdb_session_views {time.perf_counter() - t0:.2f}")

specs = [tomllib.load(open(p, "rb")) for p in sorted(glob.glob(os.path.join(crate, "metrics", "*.toml")))]
attrs = ", ".join(f"a.{f}" for f in FIELDS if f != "year")


def run(spec, by):
    value = "CAST(m.value AS DOUBLE)" if spec.get("kind") == "median" else "CAST(NULL AS DOUBLE)"
    con.execute(f"CREATE OR REPLACE TEMP TABLE cohort AS SELECT m.year, m.numerator, {value} AS value, {attrs} "
                f"FROM ({spec['sql']}) m LEFT JOIN person_attributes a ON a.person_key = m.person_key WHERE m.denominator")
    agg = ("COUNT(*), COUNT(*), median(value)" if spec.get("kind") == "median"
           else "SUM(CASE WHEN numerator THEN 1 ELSE 0 END), COUNT(*), CAST(NULL AS DOUBLE)")
    parts = [f"SELECT 'all', 'all', {agg} FROM cohort"]
    parts += [f"SELECT '{b}', COALESCE(CAST({b} AS VARCHAR), 'unknown') AS g, {agg} FROM cohort GROUP BY g" for b in by]
    return con.execute(" UNION ALL ".join(parts)).fetchall()


t = time.perf_counter()
cells = 0
rows = []
for s in specs:
    for r in run(s, FIELDS):
        if r[3]:
            cells += 1
            rate = r[4] if s.get("kind") == "median" else r[2] / r[3]
            rows.append((s["id"], r[0], r[1], r[2], r[3], "" if rate is None else repr(float(rate))))
print(f"duckdb_suite_full_disaggregation {time.perf_counter() - t:.2f}")
print(f"duckdb_suite_cells {cells}")
t = time.perf_counter()
run(next(s for s in specs if s["id"] == "1S1"), ["sex"])
print(f"duckdb_one_metric_one_subgroup {time.perf_counter() - t:.3f}")

if len(sys.argv) > 3:
    with open(sys.argv[3], "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["metric_id", "group_by", "group_value", "numerator", "denominator", "rate"])
        w.writerows(rows)
