#!/bin/sh
# Stand-in for netbirdio/management: same flags, env, config file and volume as the real
# image, answering the HTTP routes the appliance uses. Unknown flags are accepted and ignored.
export SERVICE=management
exec 3>&1
config=/etc/netbird/management.json
port=80
datadir=/var/lib/netbird

while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift ;;
    --port=*) port=${1#--port=} ;;
    --config) config=$2; shift ;;
    --config=*) config=${1#--config=} ;;
    --single-account-mode-domain=*) export NB_STANDIN_DOMAIN=${1#*=} ;;
    *) ;;
  esac
  shift
done

fatal() {
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) FATAL management: $*" >&2
  exit 1
}

[ -r "$config" ] || fatal "failed reading config $config"
key=$(sed -n 's/.*"DataStoreEncryptionKey"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$config")
# The real server refuses a key that is not standard padded base64 of exactly 32 bytes.
echo "$key" | grep -Eq '^[A-Za-z0-9+/]{43}=$' || fatal "invalid DataStoreEncryptionKey: not padded base64 of 32 bytes"
[ "$(printf '%s' "$key" | base64 -d 2>/dev/null | wc -c)" -eq 32 ] || fatal "invalid DataStoreEncryptionKey: not 32 bytes"

mkdir -p "$datadir" || fatal "cannot create $datadir"
# The real server starts with a different key but then fails to decrypt its store.
# The stand-in refuses outright so a changed key is caught at once.
fingerprint=$(printf '%s' "$key" | sha256sum | cut -c1-64)
if [ -f "$datadir/store.db" ] && [ -f "$datadir/standin-key.sha256" ]; then
  [ "$(cat "$datadir/standin-key.sha256")" = "$fingerprint" ] || fatal "store.db was encrypted with a different DataStoreEncryptionKey"
fi
[ -f "$datadir/store.db" ] || : >"$datadir/store.db"
echo "$fingerprint" >"$datadir/standin-key.sha256"

# Store schema versions (a newer release migrates up, one way; a broken one fails): lib/store-schema.sh.
. /standin/store-schema.sh
migrate_store_schema "$datadir"

export NB_STANDIN_DATADIR=$datadir
export NB_STANDIN_ISSUER
NB_STANDIN_ISSUER=$(sed -n 's/.*"Issuer"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$config")
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) INFO management: starting, setup PAT enabled=${NB_SETUP_PAT_ENABLED:-false}, geolocation disabled=${NB_DISABLE_GEOLOCATION:-false}"

# GET /api/instance (the health probe) says whether this file exists: lib/management-routes.sh.
export STANDIN_OWNER_FILE=$datadir/standin-owner.json
. /standin/serve.sh
serve_ports /standin/handler.sh "$port"
