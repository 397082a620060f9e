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
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci; fi

step "Stand-in NetBird images"
bash scripts/build-standins.sh

step "Stand-in images on the test host (second engine)"
if [ "$(id -u)" = 0 ]; then bash scripts/test-host.sh load-images; else sudo bash scripts/test-host.sh load-images; fi

step "Build (into $NEXT_DIST_DIR)"
npm run build

step "Type check"
npx tsc --noEmit -p .
npx tsc --noEmit -p bench/tsconfig.json

step "Type assertions say why (scripts/check-casts.mjs)"
node scripts/check-casts.mjs

step "Layering rules (dependency-cruiser, .dependency-cruiser.cjs)"
npm run --silent check:layers

step "Unit and integration tests"
npx vitest run

step "Browser tests"
npx playwright test

if [ -x tests/install/run.sh ] || [ -f tests/install/run.sh ]; then
  step "Installer tests"
  bash tests/install/run.sh
fi

printf '\nAll test suites passed.\n'
