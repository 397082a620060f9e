#!/usr/bin/env bash
# Starts the built appliance for the browser tests: a fresh SQLite file and
# data directory under /tmp, the admin password the specs sign in with.
set -euo pipefail
port="${1:-8311}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$(mktemp -d /tmp/nbmsp-e2e.XXXXXX)"
export SECRET_KEY="e2e-secret-key-7d3f91b2c8a64e05b9f1d2c7a8e3b640"
export DATABASE_PATH="$dir/appliance.db" DATA_DIR="$dir/tenants" WEB_UI_PORT="$port" LISTEN_HOST=127.0.0.1
export ADMIN_USERNAME=admin ADMIN_PASSWORD="admin-password-for-tests" LOG_LEVEL=warn
# Specs that seed at database scale (hundreds of customers) find the file here.
echo "$DATABASE_PATH" > "/tmp/nbmsp-e2e-$port.db-path"

exec node "$root/scripts/start.mjs"
