#!/usr/bin/env bash
# Matching benchmark: pathways-matching (student-proposing deferred
# acceptance, file in → file out, parsing included) against the PyPI package
# `matching` (HospitalResident, resident-optimal) on seeded generated rounds.
#
# Usage: bench/matching/run.sh
# Sizes: students × placements × 10 choices each.
#   PEER_SIZES="2000 10000 20000"   strict priorities, both solvers, outputs compared
#   OURS_SIZES="100000 1000000"     ours only (the peer needs minutes at 20k and
#                                   grows quadratically), both priority kinds
# Placements = students / 20. Needs: cargo, python3, /usr/bin/time. Creates a
# venv with `matching` at $VENV on first use. Results: $OUT/results.jsonl and
# a table on stdout.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/matching"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=${BENCH_OUT:-$ROOT/bench/out/matching}
VENV=${VENV:-$OUT/venv}
PEER_SIZES=${PEER_SIZES:-"2000 10000 20000"}
OURS_SIZES=${OURS_SIZES:-"100000 1000000"}
CHOICES=${CHOICES:-10}
SEED=${SEED:-7}
REPEAT=${REPEAT:-5}   # runs of ours per instance; the table shows the fastest (shared machine)
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q matching
fi
PY="$VENV/bin/python"

cargo build -q --release -p pathways-matching --examples
BIN="$CARGO_TARGET_DIR/release/examples"

# timed NAME LOG -- CMD...: runs CMD under /usr/bin/time -v; records wall s, user and
# system CPU s, peak MB, and the 1-minute load average when it started (the machine is
# shared: CPU time is the fairer figure when the load is above the 2 cores).
timed() {
  local name=$1 log=$2; shift 3
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -v "$@" 2> "$log" > "$log.stdout"
  "$PY" - "$name" "$log" "$load" >> "$RESULTS" <<'PYEOF'
import json, re, sys
name, log, load = sys.argv[1], open(sys.argv[2]).read(), float(sys.argv[3])
m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", log)
parts = [float(x) for x in m.group(1).split(":")]
wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
user = float(re.search(r"User time \(seconds\): (\S+)", log).group(1))
system = float(re.search(r"System time \(seconds\): (\S+)", log).group(1))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", log).group(1)) / 1024
print(json.dumps({"run": name, "wall_s": round(wall, 3), "user_s": user, "sys_s": system,
                  "peak_mb": round(rss), "load": load}))
PYEOF
}

# round KIND STUDENTS: generates the instance (once) and prints its directory.
round() {
  local kind=$1 n=$2 dir="$OUT/$1-$2"
  if [ ! -s "$dir/priorities.csv" ]; then
    "$BIN/gen_instance" --students "$n" --placements $((n / 20)) --choices "$CHOICES" \
      --seed "$n" --priorities "$kind" --out "$dir" >&2
  fi
  echo "$dir"
}

ours() { # NAME DIR: REPEAT timed runs, each recorded
  for i in $(seq "$REPEAT"); do
    timed "$1" "$2/ours.log" -- "$BIN/match_files" "$2/placements.csv" "$2/preferences.csv" "$2/priorities.csv" "$2/ours.csv" "$SEED"
    grep -o '"timings":{[^}]*}' "$2/ours.log" | sed "s/^/{\"run\": \"phases $1\", /; s/\$/}/" >> "$RESULTS"
  done
}

for n in $PEER_SIZES; do
  echo "== strict $n: ours and matching" >&2
  dir=$(round strict "$n")
  ours "ours strict $n" "$dir"
  timed "peer strict $n" "$dir/peer.log" -- "$PY" "$HERE/peer.py" "$dir/placements.csv" "$dir/preferences.csv" "$dir/priorities.csv" "$dir/peer.csv"
  if cmp -s "$dir/ours.csv" "$dir/peer.csv"; then same=true; else same=false; fi
  echo "{\"run\": \"same strict $n\", \"same\": $same}" >> "$RESULTS"
done

for n in $OURS_SIZES; do
  for kind in groups strict; do
    echo "== $kind $n: ours" >&2
    dir=$(round "$kind" "$n")
    ours "ours $kind $n" "$dir"
  done
done

echo "machine: $(nproc) cores, $(uname -sr), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" "$HERE/report.py" "$RESULTS"
