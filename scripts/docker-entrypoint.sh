#!/bin/sh
# Container start: fails early with a readable message when the mounts are not usable,
# then runs the standalone server (it applies database migrations itself at start-up).
set -e
export PORT="${WEB_UI_PORT:-8000}"
export HOSTNAME="${LISTEN_HOST:-0.0.0.0}"
db_dir=$(dirname "${DATABASE_PATH:-/var/lib/netbird-msp/netbird_msp.db}")
mkdir -p "$db_dir" 2>/dev/null || true
if [ ! -w "$db_dir" ]; then
  echo "netbird-msp: cannot write the database directory $db_dir as uid $(id -u)." >&2
  echo "netbird-msp: on the host run: chown $(id -u):$(id -g) $db_dir  (install.sh does this)" >&2
  exit 1
fi
sock=/var/run/docker.sock
if [ -S "$sock" ] && [ ! -w "$sock" ]; then
  echo "netbird-msp: warning: no access to $sock (group $(stat -c %g "$sock")); start the container with --group-add $(stat -c %g "$sock")." >&2
fi
exec "$@"
