#!/usr/bin/env bash
# Runs every benchmark once, in order, and keeps the output:
#   bash bench/run-all.sh            (after `npm ci && npm run build`; NEXT_DIST_DIR is honoured)
# deploy latency (~6 min), then the scale measurements on one population of 500 customers with
# 200 deployed = 1,000 containers (~15 min). Options for scale.ts can be given, e.g.
#   bash bench/run-all.sh --total 50 --deployed 10
# The output goes to the terminal and to /tmp/netbird-msp-bench-<time>.md. Every script removes
# what it created; after a crash, bench/cleanup.sh removes whatever is left.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=/tmp/netbird-msp-bench-$(date -u +%Y%m%dT%H%M%SZ).md

server="${NEXT_DIST_DIR:-.next}/standalone/server.js"
[[ -f $server ]] || { echo "The appliance is not built ($server missing): run npm run build first." >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "Docker Engine is not reachable: start it first." >&2; exit 1; }
bash scripts/build-standins.sh >/dev/null

trap 'echo "interrupted: removing what the run created"; bash bench/cleanup.sh' INT TERM

{
  echo "# NetBird MSP Appliance benchmarks ($(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
  npx tsx bench/deploy-latency.ts
  npx tsx bench/scale.ts "$@"
} 2>&1 | tee "$out"
echo "results written to $out"
