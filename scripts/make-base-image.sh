#!/usr/bin/env bash
# Makes a Node.js base image out of this machine's own Node runtime, for building the
# appliance image where no image registry is reachable (air-gapped servers, CI):
#   scripts/make-base-image.sh [image]          (default: netbird-msp-base:local)
#   docker build --build-arg BASE_IMAGE=netbird-msp-base:local -t netbird-msp:local .
# The image is FROM scratch: node, the shared libraries it and the appliance's native
# modules need (as ldd lists them), CA certificates, passwd/group files and a static
# busybox as /bin/sh (the Dockerfile's build stage runs a shell). Idempotent: an image whose
# content-hash label matches its inputs is left alone.
set -euo pipefail

image=${1:-netbird-msp-base:local}
node=$(command -v node || true)
[[ -n $node ]] || { echo "node not found: install Node.js 20 on this machine first" >&2; exit 1; }
node=$(readlink -f "$node")
major=$("$node" -p 'process.versions.node.split(".")[0]')
(( major >= 20 )) || { echo "node $("$node" -v) is too old: the appliance needs Node.js 20.9 or newer" >&2; exit 1; }
busybox=$(command -v busybox || true)
if [[ -z $busybox ]] || ldd "$busybox" >/dev/null 2>&1; then
  echo "a static busybox is needed for /bin/sh in the image: apt-get install busybox-static" >&2
  exit 1
fi
certs=/etc/ssl/certs/ca-certificates.crt
[[ -f $certs ]] || { echo "$certs not found: apt-get install ca-certificates" >&2; exit 1; }
applets=(sh ash cat cp mv rm ls mkdir rmdir chmod chown ln find grep sed head tail tr cut wc env id
  test '[' echo printf sleep kill ps stat du df tar gzip wget readlink dirname basename true false)

# Files of the image: "<source>\t<path in image>" lines. Libraries keep the paths the
# loader looks for; extra ones cover what better-sqlite3 and argon2 link against.
list_inputs() {
  printf '%s\t%s\n' "$node" /usr/bin/node "$busybox" /bin/busybox "$certs" "$certs"
  {
    ldd "$node"
    for lib in libstdc++.so.6 libgcc_s.so.1 libm.so.6 libc.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libresolv.so.2; do
      ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64|AArch64|aarch64/ && !n++ {print "\t" l " => " $NF}'
    done
  } | awk '/=>/ && $3 ~ /^\// {print $3} !/=>/ && $1 ~ /^\// {print $1}' | sort -u | while read -r lib; do
    printf '%s\t%s\n' "$(readlink -f "$lib")" "$lib"
  done
}

dockerfile() {
  cat <<EOF
FROM scratch
COPY rootfs/ /
ENV PATH=/usr/local/bin:/usr/bin:/bin NODE_VERSION=$("$node" -p process.versions.node)
LABEL netbird-msp.base-hash=$1
CMD ["node"]
EOF
}

inputs=$(list_inputs)
hash=$( { echo "$inputs" | cut -f2; echo "$inputs" | cut -f1 | xargs sha256sum | cut -d' ' -f1; printf '%s ' "${applets[@]}"; } | sha256sum | cut -c1-32)
current=$(docker image inspect -f '{{ index .Config.Labels "netbird-msp.base-hash" }}' "$image" 2>/dev/null || true)
if [[ $current == "$hash" ]]; then
  echo "$image up to date"
  exit 0
fi

ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
root=$ctx/rootfs
mkdir -p "$root"/{bin,etc,tmp,usr/bin,usr/local/bin}
chmod 1777 "$root/tmp"
while IFS=$'\t' read -r src dest; do
  mkdir -p "$root$(dirname "$dest")"
  cp "$src" "$root$dest"
done <<<"$inputs"
for applet in "${applets[@]}"; do ln -sf busybox "$root/bin/$applet"; done
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000:node:/home/node:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\nnogroup:x:65534:\n' >"$root/etc/group"
printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
mkdir -p "$root/home/node" "$root/root"
dockerfile "$hash" >"$ctx/Dockerfile"
# The classic builder needs no buildx plugin (Debian's docker.io ships none).
if ! DOCKER_BUILDKIT=0 docker build -q -t "$image" "$ctx" >"$ctx/build.log" 2>&1; then
  cat "$ctx/build.log" >&2
  exit 1
fi
size=$(docker image inspect -f '{{.Size}}' "$image")
echo "$image built: $((size / 1000000)) MB"
