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
DOCKER_NETWORK=${DOCKER_NETWORK:-npm-network}
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

. scripts/appliance-pid.sh
pid_file=data/appliance.pid

# Decided before anything starts: a database without users (or none at all) means the server
# would create the first administrator. The password is made here, handed to the server
# process only, and shown on this terminal once; the server logs just the user name.
users=$(node -e '
  try { const D = require("./node_modules/better-sqlite3"); const db = new D(process.argv[1], { readonly: true, fileMustExist: true });
        console.log(db.prepare("SELECT count(*) AS n FROM User").get().n); db.close(); } catch { console.log(0); }' "${DATABASE_PATH:-data/netbird_msp.db}" 2>/dev/null || echo 0)
first_password=""
if [ "$users" = 0 ] && [ -z "${ADMIN_PASSWORD:-}" ]; then
  first_password="$(openssl rand -base64 18 | tr -d '/+=' | cut -c1-20)"
fi

if [ -n "$(appliance_pid "$pid_file" || true)" ]; then
  say "Stopping the running appliance (it is rebuilt now)"
  stop_appliance "$pid_file" "$port" || die "the old appliance still holds port $port; stop it (bash scripts/stop.sh) and re-run"
fi
if port_taken "$port"; then
  die "port $port is already in use by $(port_holder "$port" || echo 'another program'). Stop it (an appliance started by an older quick start: pkill -f next-server), or set WEB_UI_PORT in .env."
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing Node dependencies"
  npm ci --no-audit --no-fund
fi
say "Building"
NEXT_TELEMETRY_DISABLED=1 npm run build >data/build.log 2>&1 || { tail -40 data/build.log; die "build failed (full log: data/build.log)"; }
build_id=$(cat "${NEXT_DIST_DIR:-.next}/BUILD_ID")

say "Starting on port $port"
# Its own session: the supervisor (scripts/start.mjs) owns its process group and outlives this shell.
ADMIN_PASSWORD="${ADMIN_PASSWORD:-$first_password}" setsid nohup node scripts/start.mjs --pid-file "$pid_file" >>data/appliance.log 2>&1 </dev/null &
launcher=$!
health=""
for _ in $(seq 1 90); do
  health=$(curl -fsS --max-time 2 "http://127.0.0.1:$port/api/health" 2>/dev/null || true)
  [ -n "$health" ] && break
  kill -0 "$launcher" 2>/dev/null || { tail -30 data/appliance.log; die "the appliance exited (log: data/appliance.log)"; }
  sleep 1
done
[ -n "$health" ] || die "the appliance did not answer on port $port within 90 s (log: data/appliance.log)"
# Whoever answers must be the build just made, not a server this script did not start.
case "$health" in
  *"\"build_id\":\"$build_id\""*) ;;
  *) die "port $port is answered by another server (not build $build_id); stop it and re-run" ;;
esac

echo
echo "The appliance is running: http://$(hostname -I 2>/dev/null | awk '{print $1}' || echo localhost):$port  (also http://localhost:$port)"
if [ -n "$first_password" ]; then
  echo "Sign in as:  username ${ADMIN_USERNAME:-admin}   password $first_password"
  echo "(This password is shown only now and is written nowhere. Change it after signing in.)"
else
  echo "Sign in with your administrator account (${ADMIN_USERNAME:-admin})."
fi
echo "Logs: data/appliance.log   Stop: bash scripts/stop.sh"
