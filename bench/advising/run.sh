#!/usr/bin/env bash
# Bulk plan check: 100,000 plans (24 courses, a credential and WBL each)
# against a synthetic region; target < 5 s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo run --release -q -p pathways-advising --example check_bench -- "${1:-100000}"
