#!/usr/bin/env bash
# Installer tests, run as root on a machine with a running Docker Engine:
#   NEXT_DIST_DIR=<build folder> bash tests/install/run.sh        (default build folder: .next)
# Installs into temporary prefixes and data directories on free ports (native mode, then
# container mode from a local base image), and removes everything it created.
# INSTALL_TESTS="cli quickstart" runs a subset (cli native container quickstart).
# Ends with "N passed, M failed" and exits non-zero on any failure.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$ROOT/tests/install/lib.sh"
export NEXT_DIST_DIR=${NEXT_DIST_DIR:-.next}
[[ $(id -u) == 0 ]] || { echo "tests/install: run as root"; echo "0 passed, 1 failed"; exit 1; }
docker info >/dev/null 2>&1 || { echo "tests/install: Docker Engine is not running"; echo "0 passed, 1 failed"; exit 1; }

started=$SECONDS
tmp=$(mktemp -d /tmp/nbmsp-install-test-XXXXXX)
id=$(basename "$tmp" | tr 'A-Z' 'a-z' | tr -cd 'a-z0-9' | tail -c 8)
network=nbmsp-itest-$id image=nbmsp-itest:$id container=nbmsp-itest-$id
native_prefix=$tmp/native/opt native_data=$tmp/native/data
box_prefix=$tmp/box/opt box_data=$tmp/box/data
password='Install-test-password-1'

cleanup() {
  [[ -f $tmp/quickstart/app/scripts/stop.sh ]] && (cd "$tmp/quickstart/app" && bash scripts/stop.sh >/dev/null 2>&1)
  NBMSP_MODE=native "$ROOT/install.sh" --uninstall --purge --prefix "$native_prefix" --data-dir "$native_data" >/dev/null 2>&1
  docker rm -f "$container" >/dev/null 2>&1
  docker rmi -f "$image" >/dev/null 2>&1
  docker network rm "$network" >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT

if [[ ! -f $ROOT/$NEXT_DIST_DIR/standalone/server.js ]]; then
  echo "--- building the appliance into $NEXT_DIST_DIR"
  (cd "$ROOT" && npm run build >"$tmp/build.log" 2>&1) || { tail -30 "$tmp/build.log"; echo "0 passed, 1 failed"; exit 1; }
fi
common=(--yes --skip-packages --no-build --source "$ROOT" --docker-network "$network")
answers=(--admin-password "$password" --admin-email ops@example.com --base-domain msp.example.com)

only=${INSTALL_TESTS:-cli native container quickstart}
[[ " $only " == *" cli "* ]] && . "$ROOT/tests/install/test-cli.sh"
[[ " $only " == *" quickstart "* ]] && . "$ROOT/tests/install/test-quickstart.sh"
[[ " $only " == *" native "* ]] && . "$ROOT/tests/install/test-native.sh"
[[ " $only " == *" container "* ]] && . "$ROOT/tests/install/test-container.sh"

echo "install tests took $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
((failed == 0))
