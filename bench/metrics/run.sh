#!/usr/bin/env bash
# Metrics benchmark: a state-sized population, the full suite with full
# disaggregation, one metric by one subgroup, peak memory, and DuckDB on the
# same SQL over the same Parquet in the same run.
#
#   bench/metrics/run.sh [STUDENTS] [COURSES] [WAGES]   (default 5000000 20000000 50000000)
#
# Generates with the seeded synthesizer (`pathways data generate`, here its
# release example so the web stack need not be built); GEN=fallback uses
# bench/metrics/gen_fallback.py (DuckDB SQL) instead. Needs `pip install duckdb`.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-5000000}; C=${2:-20000000}; W=${3:-50000000}; SEED=${SEED:-7}
WORK=${BENCH_DIR:-/tmp/pathways-metrics-bench}/$N
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/target}
THREADS=$(nproc)
mkdir -p "$WORK"
echo "== build (release, no LTO)"
CARGO_PROFILE_RELEASE_LTO=false cargo build --release -q -p pathways-analytics --no-default-features --example bench
BENCH="$CARGO_TARGET_DIR/release/examples/bench"
if [ "${GEN:-synth}" = synth ]; then
  CARGO_PROFILE_RELEASE_LTO=false cargo build --release -q -p pathways-synth --example generate
fi
echo "== generate $N students (fallback generator: ~$C course records, ~$W wage rows)"
if [ ! -f "$WORK/raw/students.parquet" ]; then
  if [ "${GEN:-synth}" = synth ]; then
    /usr/bin/time -f "generate %e s, peak %M KB" "$CARGO_TARGET_DIR/release/examples/generate" "$N" "$WORK/raw" parquet
  else
    /usr/bin/time -f "generate %e s, peak %M KB" python3 bench/metrics/gen_fallback.py "$WORK/raw" "$N" "$C" "$W" "$SEED"
  fi
fi
echo "== load (validate every row, convert to Parquet; skipped when loaded, RELOAD=1 to redo), then the suite"
SKIP=""; [ -f "$WORK/loaded/students.parquet" ] && [ "${RELOAD:-0}" = 0 ] && SKIP=--skip-load
/usr/bin/time -f "load+suite peak_rss_kb %M" "$BENCH" "$WORK/raw" "$WORK/loaded" $SKIP --cold --out "$WORK/cells-datafusion.csv" 2>&1 | tee "$WORK/pathways.txt"
echo "== DuckDB $(python3 -c 'import duckdb; print(duckdb.__version__)'), same SQL, same Parquet, $THREADS threads"
/usr/bin/time -f "duckdb peak_rss_kb %M" python3 bench/metrics/duckdb_suite.py "$WORK/loaded" "$THREADS" "$WORK/cells-duckdb.csv" 2>&1 | tee "$WORK/duckdb.txt"
echo "== the same cells? (counts equal, rates to 1e-9)"
python3 bench/metrics/compare.py "$WORK/cells-datafusion.csv" "$WORK/cells-duckdb.csv" | tail -5
get() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
DF_VIEWS=$(get session_views "$WORK/pathways.txt"); DF_SUITE=$(get suite_full_disaggregation "$WORK/pathways.txt")
DD_VIEWS=$(get duckdb_session_views "$WORK/duckdb.txt"); DD_SUITE=$(get duckdb_suite_full_disaggregation "$WORK/duckdb.txt")
DF_ONE=$(get one_metric_one_subgroup "$WORK/pathways.txt"); DD_ONE=$(get duckdb_one_metric_one_subgroup "$WORK/duckdb.txt")
python3 - "$DF_VIEWS" "$DF_SUITE" "$DD_VIEWS" "$DD_SUITE" "$DF_ONE" "$DD_ONE" <<'PY'
import sys
dv, ds, kv, ks, d1, k1 = map(float, sys.argv[1:])
print(f"full suite (views + metrics): DataFusion {dv + ds:.1f} s, DuckDB {kv + ks:.1f} s, ratio DataFusion/DuckDB {(dv + ds) / (kv + ks):.2f}")
print(f"one metric by one subgroup: DataFusion {d1:.3f} s, DuckDB {k1:.3f} s, ratio {d1 / k1:.2f}")
PY
