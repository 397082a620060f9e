#!/usr/bin/env bash
# Removes everything a bench run leaves behind after a crash or Ctrl-C: the appliance and
# fake NPM processes it started, every container whose netbird-msp.subdomain label starts
# with "bench-" (on this engine and the test host's), every network named netbird-bench-*, and
# the /tmp/nbmsp-bench-* and /var/tmp/netbird-msp-bench-* folders.
# Nothing else is touched. Do not run it while a bench script is running.
set -euo pipefail

for pidfile in /tmp/nbmsp-bench-*/pids; do
  [[ -f $pidfile ]] || continue
  while read -r pid; do
    [[ -n $pid && -r /proc/$pid/cmdline ]] || continue
    # Only our own processes: a recycled pid that now runs something else stays alive.
    if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -Eq 'start\.mjs|server\.js'; then
      kill "$pid" 2>/dev/null || true
    fi
  done <"$pidfile"
done

containers=$(docker ps -a --filter label=netbird-msp.subdomain --format '{{.ID}} {{.Label "netbird-msp.subdomain"}}' | awk '$2 ~ /^bench-/ {print $1}')
if [[ -n $containers ]]; then
  echo "removing $(wc -w <<<"$containers") bench containers"
  xargs -n 25 -P 4 docker rm -f >/dev/null <<<"$containers"
fi

networks=$(docker network ls --format '{{.Name}}' | grep '^netbird-bench-' || true)
if [[ -n $networks ]]; then
  echo "removing $(wc -w <<<"$networks") bench networks"
  # One network that refuses (Docker can keep a stale endpoint of a container removed while
  # it was being created) must not keep the others or the folders below from being removed.
  while read -r net; do
    docker network rm "$net" >/dev/null 2>&1 || echo "could not remove network $net (docker network inspect $net)" >&2
  done <<<"$networks"
fi

# bench/hosts.ts puts tenants on the test host's engine (scripts/test-host.sh) as well.
testhost_sock=${TEST_HOST_DIR:-/var/tmp/netbird-msp-testhost}/run/docker.sock
if [[ -S $testhost_sock ]]; then
  remote=$(DOCKER_HOST=unix://$testhost_sock docker ps -a --filter label=netbird-msp.subdomain --format '{{.ID}} {{.Label "netbird-msp.subdomain"}}' | awk '$2 ~ /^bench-/ {print $1}')
  if [[ -n $remote ]]; then
    echo "removing $(wc -w <<<"$remote") bench containers on the test host"
    DOCKER_HOST=unix://$testhost_sock xargs -n 25 -P 4 docker rm -f >/dev/null <<<"$remote"
  fi
  for net in $(DOCKER_HOST=unix://$testhost_sock docker network ls --format '{{.Name}}' | grep '^netbird-bench-' || true); do
    DOCKER_HOST=unix://$testhost_sock docker network rm "$net" >/dev/null 2>&1 || echo "could not remove network $net on the test host" >&2
  done
fi

rm -rf /tmp/nbmsp-bench-* /var/tmp/netbird-msp-bench-*
echo "bench resources removed"
