#!/usr/bin/env bash
# Builds the stand-in images netbird-msp-standin/<service>:<tag> used by the Docker tests
# (no registry is reachable there). Each image is FROM scratch out of binaries on this
# machine: busybox-static for all, plus Debian's caddy and the libraries ldd lists, and the
# stand-ins' own HTTP server (standins/lib/httpd.c, compiled static here with gcc).
# Idempotent: an image whose content-hash label matches its inputs is left alone.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tag=${STANDIN_TAG:-test}
services=(management signal relay dashboard caddy netbird-server)
[[ $# -gt 0 ]] && services=("$@")

busybox=$(command -v busybox || true)
[[ -n $busybox ]] || { echo "busybox not found (apt-get install busybox-static)" >&2; exit 1; }
if ldd "$busybox" >/dev/null 2>&1; then
  echo "$busybox is dynamically linked; install busybox-static" >&2
  exit 1
fi
# The HTTP server, built once per run; gcc's output is the same for the same source, so the hash holds.
command -v gcc >/dev/null || { echo "gcc not found (apt-get install gcc libc6-dev)" >&2; exit 1; }
build_dir=$(mktemp -d)
trap 'rm -rf "$build_dir"' EXIT
httpd_bin=$build_dir/httpd
gcc -static -Os -Wall -Wextra -Werror -o "$httpd_bin" "$root/standins/lib/httpd.c"

applets=(sh ash wget nc sed grep cat head tr date base64 sha256sum cut wc mkdir sleep kill ls echo printf env ps rm cp mv touch timeout)

# Files of one image: "<source>\t<path in image>" lines.
list_inputs() {
  local service=$1
  printf '%s\t%s\n' "$busybox" /bin/busybox
  if [[ $service == caddy ]]; then
    local caddy
    caddy=$(command -v caddy) || { echo "caddy not found (apt-get install caddy)" >&2; exit 1; }
    printf '%s\t%s\n' "$caddy" /usr/bin/caddy
    # Libraries the dynamic loader needs, at the same paths as on this machine.
    ldd "$caddy" | awk '/=>/ && $3 ~ /^\// {print $3} !/=>/ && $1 ~ /^\// {print $1}' | while read -r lib; do
      printf '%s\t%s\n' "$(readlink -f "$lib")" "$lib"
    done
  else
    printf '%s\t%s\n' "$httpd_bin" /standin/httpd
    for f in "$root"/standins/lib/*.sh "$root"/standins/"$service"/*.sh; do
      printf '%s\t/standin/%s\n' "$f" "$(basename "$f")"
    done
  fi
}

dockerfile() {
  local service=$1 hash=$2
  echo 'FROM scratch'
  echo 'COPY rootfs/ /'
  echo 'ENV PATH=/usr/bin:/bin'
  echo "LABEL netbird-msp.standin=$service netbird-msp.standin-hash=$hash"
  if [[ $service == caddy ]]; then
    # Same layout and command as the official caddy image.
    echo 'ENV XDG_CONFIG_HOME=/config XDG_DATA_HOME=/data HOME=/root'
    echo 'EXPOSE 80'
    echo 'WORKDIR /srv'
    echo 'CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]'
  else
    echo 'ENTRYPOINT ["/standin/entrypoint.sh"]'
  fi
}

# The combined server also gets a release-like tag: the appliance chooses a new tenant's layout
# from the server image's version (>= 0.65 means combined), which a tag like "test" does not carry.
version_tag() {
  [[ $1 == netbird-server ]] || return 0
  docker tag "$2" "netbird-msp-standin/netbird-server:${STANDIN_SERVER_VERSION:-0.77.1}"
}

build_one() {
  local service=$1 image="netbird-msp-standin/$1:$tag"
  local inputs hash current ctx
  inputs=$(list_inputs "$service")
  hash=$( { echo "$inputs" | cut -f2; echo "$inputs" | cut -f1 | xargs sha256sum | cut -d' ' -f1; printf '%s ' "${applets[@]}"; dockerfile "$service" x; } | sha256sum | cut -c1-32)
  current=$(docker image inspect -f '{{ index .Config.Labels "netbird-msp.standin-hash" }}' "$image" 2>/dev/null || true)
  if [[ $current == "$hash" ]]; then
    version_tag "$service" "$image"
    echo "$image up to date"
    return
  fi
  ctx=$(mktemp -d)
  trap 'rm -rf "$ctx"' RETURN
  mkdir -p "$ctx/rootfs/bin" "$ctx/rootfs/tmp" "$ctx/rootfs/etc/caddy" "$ctx/rootfs/var/lib/netbird" "$ctx/rootfs/www" "$ctx/rootfs/root"
  chmod 1777 "$ctx/rootfs/tmp"
  while IFS=$'\t' read -r src dest; do
    mkdir -p "$ctx/rootfs$(dirname "$dest")"
    cp "$src" "$ctx/rootfs$dest"
  done <<<"$inputs"
  for applet in "${applets[@]}"; do ln -s busybox "$ctx/rootfs/bin/$applet"; done
  dockerfile "$service" "$hash" >"$ctx/Dockerfile"
  # The legacy builder needs no buildx plugin; its deprecation notice is noise unless the build fails.
  if ! DOCKER_BUILDKIT=0 docker build -q -t "$image" "$ctx" >"$ctx/build.log" 2>&1; then
    cat "$ctx/build.log" >&2
    exit 1
  fi
  version_tag "$service" "$image"
  echo "$image built"
}

for service in "${services[@]}"; do build_one "$service"; done
