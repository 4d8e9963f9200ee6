#!/usr/bin/env bash
# Server time of every HTML page of every demo role on the demo region.
#
# Builds the `pathways` binary (release by default, as the README runs the
# demo; PROFILE=debug for a debug build), builds and serves the demo region
# on a free port, then runs bench.py: each role's pages (listed from the
# router), N requests each, p50/max of the Server-Timing header against the
# 50 ms target. Prints the load average before and after, the demo's build
# time, and the whole table.
#
# Usage: bench/pages/run.sh [N]   (N requests per page, default 5;
#        PROFILE=debug for a debug build, BUILD=0 to skip building)
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-5}"
PROFILE="${PROFILE:-release}"
TARGET="${CARGO_TARGET_DIR:-target}"
# BUILD=0 times the binary already built.
if [ "${BUILD:-1}" = 1 ]; then
  if [ "$PROFILE" = release ]; then
    cargo build -q --release -p pathways-cli
  else
    cargo build -q -p pathways-cli
  fi
fi
BIN="$TARGET/$PROFILE/pathways"
echo "binary: $BIN ($PROFILE), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
WORK="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$BIN" pages > "$WORK/routes.tsv"
echo "pages in the router: $(wc -l < "$WORK/routes.tsv")"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -v "$BIN" --data-dir "$WORK/demo" demo --bind "127.0.0.1:$PORT" \
  > "$WORK/demo.out" 2> "$WORK/demo.err" &
DEMO=$!
# Stop the server (the child of `time`), so `time` reports and exits.
stop() { pkill -TERM -P "$DEMO" 2>/dev/null || true; wait "$DEMO" 2>/dev/null || true; }
trap 'stop; rm -rf "$WORK"' EXIT
until curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null; do
  kill -0 $DEMO 2>/dev/null || { cat "$WORK/demo.err" >&2; exit 1; }
  sleep 0.5
done
head -1 "$WORK/demo.out"
PASSWORD="$(sed -n 's/.*password for every account: \(.*\)):.*/\1/p' "$WORK/demo.out")"
python3 bench/pages/bench.py "http://127.0.0.1:$PORT" "$WORK/routes.tsv" "$PASSWORD" "$N"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
stop
grep -E "Elapsed|Maximum resident|User time|System time" "$WORK/demo.err" | sed 's/^\s*/demo process: /' || true
