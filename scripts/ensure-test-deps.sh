#!/usr/bin/env bash
# Installs and starts what the tests need, idempotently: Docker Engine
# (Debian's docker.io, daemon started when none answers), Chromium for
# Playwright, Caddy (to validate rendered Caddyfiles), busybox-static and gcc with
# the static libc (stand-in images), openssl, nginx (to check the NPM advanced config with a real
# `nginx -t` and proxy gRPC through it), restic and openssh-server (backups),
# and a second Docker Engine as a remote test host (scripts/test-host.sh).
# Needs root on Debian/Ubuntu.
set -euo pipefail

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v caddy >/dev/null 2>&1 || need+=(caddy)
[ -x /bin/busybox ] || command -v busybox >/dev/null 2>&1 || need+=(busybox-static)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
dpkg -s libc6-dev >/dev/null 2>&1 || need+=(libc6-dev)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v nsenter >/dev/null 2>&1 || need+=(util-linux)
command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
# Backups: restic is the backup engine; sshd serves the SFTP repository tests.
command -v restic >/dev/null 2>&1 || need+=(restic)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)

if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  echo "Starting the Docker daemon"
  mkdir -p /var/log
  nohup dockerd >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { echo "Docker did not start; see /var/log/dockerd.log" >&2; tail -20 /var/log/dockerd.log >&2; exit 1; }
fi
echo "Docker $(docker version --format '{{.Server.Version}}') is running"

# The second engine (own network namespace, TLS and SSH) the multi-host tests deploy to.
bash "$(dirname "$0")/test-host.sh" up >/dev/null
echo "Test host engine is running at 10.250.0.2 (scripts/test-host.sh)"
