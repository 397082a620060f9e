#!/usr/bin/env bash
# Runs every test of the appliance: type check, unit, integration (real Docker
# Engine, stand-in images, fake NPM, the built server), browser (real Chromium)
# and installer tests. Installs what they need first.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CI="${CI:-}"

step() { printf '\n==> %s\n' "$*"; }

step "System packages and services"
if [ "$(id -u)" = 0 ]; then bash scripts/ensure-test-deps.sh; else sudo bash scripts/ensure-test-deps.sh; fi

step "Node dependencies"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci; fi

step "Stand-in NetBird images"
bash scripts/build-standins.sh

step "Build"
npm run build

step "Type check"
npx tsc --noEmit -p .

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
