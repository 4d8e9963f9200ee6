#!/usr/bin/env bash
# Runs every cargo-fuzz target for N seconds each (default 60) on the corpus in
# fuzz/corpus/<target>/, then minimizes the corpus in place.
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and works on the stable
# toolchain: RUSTC_BOOTSTRAP=1 lets stable rustc take the -Z flags cargo-fuzz
# passes. The sanitizer defaults to none (FUZZ_SANITIZER=address to use ASan,
# which needs a nightly-built std on most machines): libFuzzer's coverage
# guidance works without it, and safe Rust's panics and aborts are what the
# targets look for.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECS=${1:-60}
shift || true
SANITIZER=${FUZZ_SANITIZER:-none}
export RUSTC_BOOTSTRAP=1
cd "$ROOT/fuzz"
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  mapfile -t TARGETS < <(cargo fuzz list)
fi
status=0
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t"
  echo "== $t for ${SECS}s" >&2
  # -max_len keeps inputs (and the kept corpus) small; -rss_limit_mb guards the shared machine.
  if ! cargo fuzz run -O --sanitizer "$SANITIZER" "$t" "corpus/$t" -- \
      -max_total_time="$SECS" -max_len=4096 -rss_limit_mb=2048 -print_final_stats=1; then
    echo "!! $t found a crash: see fuzz/artifacts/$t/" >&2
    status=1
  fi
  cargo fuzz cmin -O --sanitizer "$SANITIZER" "$t" "corpus/$t" >/dev/null 2>&1 || true
done
exit $status
