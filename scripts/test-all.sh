#!/usr/bin/env bash
# Runs every test of the appliance: type check, unit, integration (real Docker
# Engine, stand-in images, fake NPM, the built server), browser (real Chromium)
# and installer tests. Installs what they need first.
#   bash scripts/test-all.sh [--build-only]
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CI="${CI:-}"
# Tests build into their own folder: the operator's build (.next), which a running appliance
# serves, is never touched by npm test. Every stage below (vitest's app server, Playwright's
# e2e/serve.sh, the installer tests) starts the server from this folder.
export NEXT_DIST_DIR="${NEXT_DIST_DIR:-.next-test}"
[ "$NEXT_DIST_DIR" != .next ] || { echo "npm test: NEXT_DIST_DIR=.next would rebuild the operator's build; use another folder" >&2; exit 1; }

step() { printf '\n==> %s\n' "$*"; }

if [ "${1:-}" = --build-only ]; then
  # The build exactly as npm test makes it (tests/install checks it leaves a running appliance alone).
  step "Build (into $NEXT_DIST_DIR)"
  npm run build
  exit 0
fi

step "System packages and services"
if [ "$(id -u)" = 0 ]; then bash scripts/ensure-test-deps.sh; else sudo bash scripts/ensure-test-deps.sh; fi

step "Node dependencies"
# No audit or funding report: neither is a test, and the audit is one more registry round trip.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund; fi

# Runs "name|command" entries side by side, each into its own log; once all have finished shows
# the logs in the order given and fails naming every entry that failed.
side_by_side() {
  local dir names=() pids=() failed=() i
  dir=$(mktemp -d)
  for entry in "$@"; do
    names+=("${entry%%|*}")
    bash -c "${entry#*|}" >"$dir/${#names[@]}" 2>&1 &
    pids+=("$!")
  done
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed+=("${names[$i]}"); done
  for i in "${!names[@]}"; do printf -- '--- %s\n' "${names[$i]}"; cat "$dir/$((i + 1))"; done
  rm -rf "$dir"
  [ ${#failed[@]} -eq 0 ] || { echo "npm test: failed: ${failed[*]}" >&2; return 1; }
}
as_root=; [ "$(id -u)" = 0 ] || as_root=sudo

# The stand-in images (Docker, mostly I/O) are made while Next.js builds (CPU).
step "Build (into $NEXT_DIST_DIR), stand-in NetBird images, and the same on the test host (second engine)"
side_by_side \
  "build|npm run build" \
  "stand-ins|bash scripts/build-standins.sh && $as_root bash scripts/test-host.sh load-images"

# The checks only read the tree (the build has generated lib/generated): side by side on two cores.
step "Type check, type assertions say why (scripts/check-casts.mjs), layering rules (.dependency-cruiser.cjs)"
side_by_side \
  "tsc|npx tsc --noEmit -p ." \
  "tsc (bench)|npx tsc --noEmit -p bench/tsconfig.json" \
  "check-casts|node scripts/check-casts.mjs" \
  "layers|npm run --silent check:layers"

step "Unit and integration tests"
npx vitest run

step "Browser tests"
npx playwright test

if [ -x tests/install/run.sh ] || [ -f tests/install/run.sh ]; then
  step "Installer tests"
  bash tests/install/run.sh
fi

printf '\nAll test suites passed.\n'
