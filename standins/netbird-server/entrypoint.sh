#!/bin/sh
# Stand-in for netbirdio/netbird-server (management + signal + relay + STUN in one process since
# NetBird v0.65): same command line (--config), config file, volume and ports as the real image.
# One HTTP port (server.listenAddress) carries the REST API, /oauth2, /relay, /ws-proxy/ and the
# gRPC paths; healthcheckAddress and metricsPort answer as well. STUN is published on UDP like
# the real one but not answered (busybox has no UDP listener).
export SERVICE=netbird-server
exec 3>&1
config=/etc/netbird/config.yaml
while [ $# -gt 0 ]; do
  case "$1" in
    --config | -c) config=$2; shift ;;
    --config=*) config=${1#--config=} ;;
    *) ;;
  esac
  shift
done

. /standin/check-config.sh
check_config "$config"

mkdir -p "$DATA_DIR" || fatal "cannot create $DATA_DIR"
# Like the classic management stand-in: an existing store encrypted with another key is refused,
# so a migration or redeploy that loses the key fails at once instead of later.
fingerprint=$(printf '%s' "$STORE_KEY" | sha256sum | cut -c1-64)
if [ -f "$DATA_DIR/store.db" ] && [ -f "$DATA_DIR/standin-key.sha256" ]; then
  [ "$(cat "$DATA_DIR/standin-key.sha256")" = "$fingerprint" ] || fatal "store.db was encrypted with a different store.encryptionKey"
fi
[ -f "$DATA_DIR/store.db" ] || : >"$DATA_DIR/store.db"
echo "$fingerprint" >"$DATA_DIR/standin-key.sha256"
# Tests mark one tenant's store to make its move onto the combined server fail (as a store the
# combined release cannot migrate would), the way standin-refuse-upgrade does for management.
if [ -f "$DATA_DIR/standin-refuse-combined" ]; then
  fatal "migrating the classic store to the combined server failed"
fi
# Store schema versions (a newer release migrates up, one way; a broken one fails): lib/store-schema.sh.
. /standin/store-schema.sh
migrate_store_schema "$DATA_DIR"
# A slow first start (a long store migration): a test that must catch a migration between the
# classic stack's retirement and the combined server's first answer writes the seconds here.
if [ -f "$DATA_DIR/standin-slow-start" ]; then
  sleep "$(cat "$DATA_DIR/standin-slow-start")"
fi

export NB_STANDIN_DATADIR=$DATA_DIR NB_STANDIN_ISSUER=$ISSUER NB_STANDIN_EXPOSED=$EXPOSED
# The combined server creates personal access tokens in /api/setup when asked (no env switch).
export NB_SETUP_PAT_ENABLED=true
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) INFO netbird-server: starting, exposed $EXPOSED, stun ports ${STUN_PORTS:-none}, geolocation disabled=${NB_DISABLE_GEOLOCATION:-false}"

# GET /api/instance (the health probe) says whether this file exists: lib/management-routes.sh.
export STANDIN_OWNER_FILE=$DATA_DIR/standin-owner.json
. /standin/serve.sh
ports=$LISTEN_PORT
[ -n "$HEALTH_PORT" ] && [ "$HEALTH_PORT" != "$LISTEN_PORT" ] && ports="$ports $HEALTH_PORT"
[ -n "$METRICS_PORT" ] && [ "$METRICS_PORT" != "$LISTEN_PORT" ] && ports="$ports $METRICS_PORT"
# shellcheck disable=SC2086
serve_ports /standin/handler.sh $ports
