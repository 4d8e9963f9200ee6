#!/usr/bin/env bash
# Catalog API throughput: 5,000 organizations, 10,000 programs, 50,000 courses in SQLite;
# list/filter endpoints under 64 concurrent connections with wrk on loopback.
# Usage: bench/catalog/run.sh [seconds-per-endpoint]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}
out=bench/out/catalog
rm -rf "$out" && mkdir -p "$out"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -q -p pathways-cli
bin=target/release/pathways
python3 bench/catalog/gen.py "$out/csv"
db="sqlite://$PWD/$out/bench.db"
start=$(date +%s.%N)
$bin --db "$db" import all "$out/csv"
end=$(date +%s.%N)
printf 'import of 5,000 organizations + 10,000 programs + 50,000 courses: %.1f s\n' "$(echo "$end - $start" | bc)"
run_endpoints() {
printf '\n%s\n%-58s %10s %9s %9s %9s\n' "$1" endpoint "req/s" "p50 ms" "p99 ms" "target"
for path in \
  "/api/v1/programs" \
  "/api/v1/programs?kind=associate&cip=51" \
  "/api/v1/courses?level=high_school&limit=100" \
  "/api/v1/organizations?sector=employer" \
  "/api/v1/courses?q=welding" \
  "/api/v1/programs?region_id=1&sector=postsecondary"; do
  curl -sf "http://127.0.0.1:18090$path" >/dev/null  # warm-up
  res=$(wrk -t2 -c64 -d"${secs}s" --latency "http://127.0.0.1:18090$path")
  rps=$(echo "$res" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$res" | awk '$1=="50%" {print $2}')
  p99=$(echo "$res" | awk '$1=="99%" {print $2}')
  to_ms() { case "$1" in *us) echo "scale=2; ${1%us}/1000" | bc;; *ms) echo "${1%ms}";; *s) echo "scale=1; ${1%s}*1000" | bc;; esac; }
  printf '%-58s %10s %9s %9s %9s\n' "$path" "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" ">2000, <20"
done
}
serve() {
  PATHWAYS_CACHE_TTL_SECS=$1 $bin --db "$db" serve --bind 127.0.0.1:18090 > "$out/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 50); do curl -sf http://127.0.0.1:18090/healthz >/dev/null && break; sleep 0.2; done
}
trap 'kill $pid 2>/dev/null || true' EXIT
serve 2
run_endpoints "As served (catalog list cache on, the default):"
kill $pid; wait $pid 2>/dev/null || true
serve 0
run_endpoints "Every request to the database (PATHWAYS_CACHE_TTL_SECS=0):"
