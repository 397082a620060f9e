#!/usr/bin/env bash
# Quick start on a fresh Debian/Ubuntu machine with Node 20: installs the
# dependencies (Docker Engine too, when run as root), builds, and starts the
# appliance on port 8000 (WEB_UI_PORT) with the embedded SQLite database.
# Re-running it rebuilds and restarts; data and SECRET_KEY are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
port="${WEB_UI_PORT:-8000}"
say() { printf '==> %s\n' "$*"; }
die() { printf 'Error: %s\n' "$*" >&2; exit 1; }

[ "$(uname -s)" = Linux ] || die "the appliance runs on Linux."
command -v node >/dev/null || die "Node.js 20 or newer is required (apt-get install nodejs)."
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || die "Node.js 20 or newer is required (found $(node -v))."

if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    say "Installing and starting Docker Engine"
    command -v dockerd >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io openssl >/dev/null; }
    if ! docker info >/dev/null 2>&1; then
      if command -v systemctl >/dev/null && systemctl is-system-running >/dev/null 2>&1; then systemctl enable --now docker; else nohup dockerd >/var/log/dockerd.log 2>&1 & fi
      for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
    fi
  fi
  docker info >/dev/null 2>&1 || echo "Warning: Docker Engine is not reachable; the appliance starts, but cannot deploy customers until Docker runs."
fi

mkdir -p data
if [ ! -f .env ]; then
  say "Writing .env with a new SECRET_KEY"
  umask 077
  cat > .env <<ENV
SECRET_KEY=$(openssl rand -hex 32)
DATABASE_PATH=$root/data/netbird_msp.db
DATA_DIR=$root/data/tenants
DOCKER_NETWORK=npm-network
HOST_IP=127.0.0.1
LOG_LEVEL=info
WEB_UI_PORT=$port
ENV
fi
set -a; . ./.env; set +a
port="${WEB_UI_PORT:-8000}"

if docker info >/dev/null 2>&1 && ! docker network inspect "${DOCKER_NETWORK:-npm-network}" >/dev/null 2>&1; then
  docker network create "${DOCKER_NETWORK:-npm-network}" >/dev/null
fi

say "Installing Node dependencies"
npm ci --no-audit --no-fund
say "Building"
NEXT_TELEMETRY_DISABLED=1 npm run build >data/build.log 2>&1 || { tail -40 data/build.log; die "build failed (full log: data/build.log)"; }

if [ -f data/appliance.pid ] && kill -0 "$(cat data/appliance.pid)" 2>/dev/null; then
  say "Stopping the running appliance"
  kill "$(cat data/appliance.pid)"; sleep 2
fi
first_password=""
if [ ! -f "${DATABASE_PATH:-data/netbird_msp.db}" ] && [ -z "${ADMIN_PASSWORD:-}" ]; then
  # First start: generate the admin password here so it is shown on this terminal only, never written to a log.
  first_password="$(openssl rand -base64 18 | tr -d '/+=' | cut -c1-20)"
fi
say "Starting on port $port"
ADMIN_PASSWORD="${ADMIN_PASSWORD:-$first_password}" nohup npm start >>data/appliance.log 2>&1 &
echo $! > data/appliance.pid
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  kill -0 "$(cat data/appliance.pid)" 2>/dev/null || { tail -30 data/appliance.log; die "the appliance exited (log: data/appliance.log)"; }
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null || die "the appliance did not answer (log: data/appliance.log)"

echo
echo "The appliance is running: http://$(hostname -I 2>/dev/null | awk '{print $1}' || echo localhost):$port  (also http://localhost:$port)"
if [ -n "$first_password" ]; then
  echo "Sign in as:  username ${ADMIN_USERNAME:-admin}   password $first_password"
  echo "(This password is shown only now. Change it after signing in.)"
else
  echo "Sign in with your administrator account (${ADMIN_USERNAME:-admin})."
fi
echo "Logs: data/appliance.log   Stop: kill \$(cat data/appliance.pid)"
