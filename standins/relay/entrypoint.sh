#!/bin/sh
# Stand-in for netbirdio/relay: checks the env the real relay needs and listens on NB_LISTEN_ADDRESS.
# (No STUN: busybox has no UDP listener. The UDP port is still published like the real one.)
export SERVICE=relay
exec 3>&1
for var in NB_LISTEN_ADDRESS NB_EXPOSED_ADDRESS NB_AUTH_SECRET; do
  eval "value=\${$var:-}"
  if [ -z "$value" ]; then
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) FATAL relay: $var is required" >&2
    exit 1
  fi
done
port=${NB_LISTEN_ADDRESS##*:}
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) INFO relay: exposed address $NB_EXPOSED_ADDRESS, stun=${NB_ENABLE_STUN:-false} ports=${NB_STUN_PORTS:-}"
. /standin/serve.sh
serve_ports /standin/handler.sh "$port"
