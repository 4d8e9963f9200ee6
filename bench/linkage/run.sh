#!/usr/bin/env bash
# Record-linkage benchmark: pathways-linkage against Splink (probabilistic
# linkage), clkhash (CLK encoding) and anonlink (CLK matching), on seeded
# generated K-12 / college / wage records with known truth.
#
# Usage: bench/linkage/run.sh            # everything below
#        bench/linkage/run.sh accuracy   # only the accuracy run: every pair of sources
#                                        # (K-12 x college, K-12 x wage, college x wage),
#                                        # ours then Splink on each, plus dedupe
#        bench/linkage/run.sh scale      # only the scale run (ours, K-12 x wage)
#        bench/linkage/run.sh clk-match  # only CLK matching, anonlink then ours back to back,
#                                        # on MATCH_PERSONS (default 130000) generated people
# Sizes (people generated; the K-12 file holds ~87% of them, college ~75%,
# wage ~77%, duplicates included):
#   ACC_PERSONS=100000   accuracy run, ours vs Splink on each pair (ACC_SEED=1 draws the people)
#   BIG_PERSONS=1250000  scale run (~1.09M x 0.97M K-12 x wage), ours (Splink too if SPLINK_BIG=1)
#   CLK_RECORDS=200000   CLK encoding throughput, ours vs clkhash
#   MATCH_RECORDS=100000 CLK matching N x N, ours vs anonlink
# Needs: cargo, python3, /usr/bin/time. Creates a venv at $VENV (default
# bench/out/venv) and installs the peers a step needs (splink, clkhash,
# anonlink) on first use. Results: $OUT/results.jsonl and a table; every
# timed run records wall and CPU (user+sys) seconds, peak RSS and the load
# average before and after, since the machine is shared.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/linkage"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=${BENCH_OUT:-$ROOT/bench/out/linkage}
VENV=${VENV:-$ROOT/bench/out/venv}
ACC_PERSONS=${ACC_PERSONS:-100000}
ACC_SEED=${ACC_SEED:-1}
BIG_PERSONS=${BIG_PERSONS:-1250000}
CLK_RECORDS=${CLK_RECORDS:-200000}
MATCH_RECORDS=${MATCH_RECORDS:-100000}
SECRET=${SECRET:-bench-secret}
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"

[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
PY="$VENV/bin/python"
need() { # PACKAGE...: installs the peers not yet in the venv
  for p in "$@"; do "$PY" -c "import $p" 2>/dev/null || "$VENV/bin/pip" install -q "$p"; done
}

cargo build -q --release -p pathways-linkage --examples
BIN="$CARGO_TARGET_DIR/release/examples"

# timed NAME LOG -- CMD...: runs CMD under /usr/bin/time -v, records wall s and peak MB.
timed() {
  local name=$1 log=$2; shift 3
  local before
  before=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -v "$@" 2> "$log"
  "$PY" - "$name" "$log" "$before" >> "$RESULTS" <<'PYEOF'
import json, re, sys
name, log, before = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3]
m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", log)
parts = [float(x) for x in m.group(1).split(":")]
wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", log).group(1)) / 1024
cpu = re.search(r"Percent of CPU this job got: (\S+)", log).group(1)
user = float(re.search(r"User time \(seconds\): (\S+)", log).group(1))
sys_ = float(re.search(r"System time \(seconds\): (\S+)", log).group(1))
load = open("/proc/loadavg").read().split()[0]
print(json.dumps({"run": name, "wall_s": round(wall, 2), "cpu_s": round(user + sys_, 2), "peak_mb": round(rss),
                  "cpu": cpu, "loadavg_before": before, "loadavg_after": load}))
PYEOF
}

accuracy() { # NAME LEFT_TRUTH RIGHT_TRUTH PREDICTIONS
  "$PY" "$HERE/evaluate.py" "$2" "$3" "$4" 0.5 | "$PY" -c "import json,sys; d=json.load(sys.stdin); d['run']='$1'; print(json.dumps(d))" >> "$RESULTS"
}

dob_format() { # SOURCE: how its DOBs are written (for Splink's loader)
  case $1 in k12) echo %Y-%m-%d ;; college) echo %Y%m%d ;; wage) echo %m/%d/%Y ;; esac
}

dedupe() { # DATA_DIR SOURCE: ours within one file, scored against the truth
  timed "ours_dedupe_$2" "$1/dedupe_$2.log" -- "$BIN/link_files" dedupe "$1/$2.csv" "$1/dedupe_$2.csv"
  "$PY" - "$1" "$2" >> "$RESULTS" <<'PYEOF'
import csv, json, sys
from collections import Counter
d, src = sys.argv[1], sys.argv[2]
t = {r["rec_id"]: r["person_id"] for r in csv.DictReader(open(f"{d}/{src}_truth.csv"))}
true = sum(n * (n - 1) // 2 for n in Counter(t.values()).values())
pred = {(r["left_id"], r["right_id"]) for r in csv.DictReader(open(f"{d}/dedupe_{src}.csv"))}
tp = sum(1 for a, b in pred if t[a] == t[b])
p, r = tp / max(len(pred), 1), tp / max(true, 1)
print(json.dumps({"run": f"ours_dedupe_{src}", "true_pairs": true, "predicted": len(pred), "precision": round(p, 4),
                  "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}))
PYEOF
}

accuracy_run() {
need splink pandas
echo "== accuracy: $ACC_PERSONS people, every pair of sources" >&2
ACC="$OUT/acc"
"$BIN/generate_people" "$ACC_PERSONS" "$ACC" "$ACC_SEED" >&2
# Each pair: ours, then Splink right after on the same files (same machine load).
for pair in "k12 college" "k12 wage" "college wage"; do
  set -- $pair
  local a=$1 b=$2 tag="$1_$2"
  echo "-- $a x $b" >&2
  timed "ours_$tag" "$ACC/ours_$tag.log" -- "$BIN/link_files" run "$ACC/$a.csv" "$ACC/$b.csv" "$ACC/ours_$tag.csv"
  accuracy "ours_$tag" "$ACC/${a}_truth.csv" "$ACC/${b}_truth.csv" "$ACC/ours_$tag.csv"
  timed "splink_$tag" "$ACC/splink_$tag.log" -- "$PY" "$HERE/splink_link.py" \
    "$ACC/$a.csv" "$(dob_format "$a")" "$ACC/$b.csv" "$(dob_format "$b")" "$ACC/splink_$tag.csv"
  accuracy "splink_$tag" "$ACC/${a}_truth.csv" "$ACC/${b}_truth.csv" "$ACC/splink_$tag.csv"
done
echo "== dedupe (within the wage and the college file of the accuracy run)" >&2
dedupe "$ACC" wage
dedupe "$ACC" college
}

scale_run() {
echo "== scale: $BIG_PERSONS people, K-12 x wage" >&2
BIG="$OUT/big"
"$BIN/generate_people" "$BIG_PERSONS" "$BIG" 7 >&2
timed ours_big "$BIG/ours.log" -- "$BIN/link_files" run "$BIG/k12.csv" "$BIG/wage.csv" "$BIG/ours.csv"
accuracy ours_big "$BIG/k12_truth.csv" "$BIG/wage_truth.csv" "$BIG/ours.csv"
if [ "${SPLINK_BIG:-0}" = 1 ]; then
  need splink pandas
  timed splink_big "$BIG/splink.log" -- "$PY" "$HERE/splink_link.py" \
    "$BIG/k12.csv" "$(dob_format k12)" "$BIG/wage.csv" "$(dob_format wage)" "$BIG/splink.csv"
  accuracy splink_big "$BIG/k12_truth.csv" "$BIG/wage_truth.csv" "$BIG/splink.csv"
fi
}

clk_match() { # SOURCE_DIR (k12.csv, wage.csv of generated people)
need anonlink
echo "== CLK matching: $MATCH_RECORDS x $MATCH_RECORDS" >&2
CLK="$OUT/clk"; mkdir -p "$CLK"
# anonlink, then ours exhaustive right after it: the same machine load for both.
# Wage DOBs are MM/DD/YYYY; the schema wants ISO, as a partner's export would be.
head -n $((MATCH_RECORDS + 1)) "$1/k12.csv" > "$CLK/ma.csv"
"$PY" - "$1/wage.csv" "$CLK/mb.csv" "$MATCH_RECORDS" <<'PYEOF'
import csv, sys
r = csv.reader(open(sys.argv[1], newline="")); w = csv.writer(open(sys.argv[2], "w", newline=""))
w.writerow(next(r))
for n, row in enumerate(r):
    if n >= int(sys.argv[3]): break
    if row[4]:
        m, d, y = row[4].split("/"); row[4] = f"{y}-{m}-{d}"
    w.writerow(row)
PYEOF
"$BIN/link_files" encode "$HERE/clk_schema.json" "$SECRET" "$CLK/ma.csv" "$CLK/ma_clk.csv" 2>/dev/null
"$BIN/link_files" encode "$HERE/clk_schema.json" "$SECRET" "$CLK/mb.csv" "$CLK/mb_clk.csv" 2>/dev/null
timed anonlink_match "$CLK/anonlink.log" -- "$PY" "$HERE/clk_peer.py" match "$CLK/ma_clk.csv" "$CLK/mb_clk.csv" "$CLK/anonlink_links.csv" 0.8
timed ours_match_exhaustive "$CLK/ours_exh.log" -- "$BIN/link_files" match-clks "$CLK/ma_clk.csv" "$CLK/mb_clk.csv" "$CLK/ours_exh_links.csv" 0.8 --exhaustive
timed ours_match_lsh "$CLK/ours_lsh.log" -- "$BIN/link_files" match-clks "$CLK/ma_clk.csv" "$CLK/mb_clk.csv" "$CLK/ours_lsh_links.csv" 0.8
"$PY" - "$CLK" >> "$RESULTS" <<'PYEOF'
import csv, json, sys
d = sys.argv[1]
load = lambda f: {(r["left_id"], r["right_id"]) for r in csv.DictReader(open(f"{d}/{f}"))}
a, e, l = load("anonlink_links.csv"), load("ours_exh_links.csv"), load("ours_lsh_links.csv")
print(json.dumps({"run": "clk_link_agreement", "anonlink": len(a), "ours_exhaustive_same_as_anonlink": e == a,
                  "ours_lsh": len(l), "lsh_recall_vs_anonlink": round(len(l & a) / max(len(a), 1), 4)}))
PYEOF
}

if [ "${1:-}" = clk-match ]; then
  # Peer first, ours right after, so both see the same machine load.
  SRC="$OUT/clk_src"
  [ -s "$SRC/wage.csv" ] || "$BIN/generate_people" "${MATCH_PERSONS:-130000}" "$SRC" 7 >&2
  clk_match "$SRC"
  "$PY" "$HERE/report.py" "$RESULTS" | tee "$OUT/summary_clk_match.md"
  exit 0
fi

case "${1:-}" in
  accuracy) accuracy_run; "$PY" "$HERE/report.py" "$RESULTS" | tee "$OUT/summary_accuracy.md"; exit 0 ;;
  scale) scale_run; "$PY" "$HERE/report.py" "$RESULTS" | tee "$OUT/summary_scale.md"; exit 0 ;;
esac

accuracy_run
scale_run

need clkhash
echo "== CLK encoding: $CLK_RECORDS records" >&2
CLK="$OUT/clk"
mkdir -p "$CLK"
head -n $((CLK_RECORDS + 1)) "$BIG/k12.csv" > "$CLK/in.csv"
timed clkhash_encode "$CLK/clkhash.log" -- "$PY" "$HERE/clk_peer.py" encode "$HERE/clk_schema.json" "$SECRET" "$CLK/in.csv" "$CLK/clkhash.csv"
timed ours_encode "$CLK/ours.log" -- "$BIN/link_files" encode "$HERE/clk_schema.json" "$SECRET" "$CLK/in.csv" "$CLK/ours.csv"
if cmp -s "$CLK/clkhash.csv" "$CLK/ours.csv"; then same=true; else same=false; fi
echo "{\"run\": \"clk_identical\", \"records\": $CLK_RECORDS, \"identical\": $same}" >> "$RESULTS"

clk_match "$BIG"

"$PY" "$HERE/report.py" "$RESULTS" | tee "$OUT/summary.md"
