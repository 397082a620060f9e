#!/usr/bin/env bash
# Stops the appliance started by scripts/quickstart.sh and waits until its port is free.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/appliance-pid.sh
port=$(sed -n 's/^WEB_UI_PORT=//p' .env 2>/dev/null | tail -n1)
port=${WEB_UI_PORT:-${port:-8000}}
if [[ -z $(appliance_pid data/appliance.pid || true) ]]; then
  echo "The appliance is not running (no live process in data/appliance.pid)."
  port_taken "$port" && { echo "Port $port is in use by another program: $(port_holder "$port" || true)" >&2; exit 1; }
  exit 0
fi
stop_appliance data/appliance.pid "$port"
echo "The appliance is stopped; port $port is free."
