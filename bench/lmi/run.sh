#!/usr/bin/env bash
# Labor-market timings on the shipped data: load, search p50/p99, targeting, gaps.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo run --release -q -p pathways-lmi --example lmi_timing -- "${1:-0012420}"
