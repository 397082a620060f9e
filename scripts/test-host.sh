#!/usr/bin/env bash
# A second, real Docker Engine on this machine that the tests treat as a remote host: its own
# network namespace (reached from here at 10.250.0.2 over a veth pair), its own data root,
# exec root, pid file, bridge and address pool, TCP with TLS (certificates made here with
# openssl) and an OpenSSH server in the same namespace for ssh:// endpoints. The main
# engine's configuration is never touched.
#
#   bash scripts/test-host.sh up            start (idempotent) and print the connection facts
#   bash scripts/test-host.sh load-images   copy the stand-in images into it (docker save | load)
#   bash scripts/test-host.sh cut | mend    take its link down / up (the host "dies" and returns)
#   bash scripts/test-host.sh down          stop the engine and sshd, remove the namespace
#   bash scripts/test-host.sh env           the facts as KEY=value lines (for tests)
#
# Needs root, iproute2, docker.io, openssh-server and openssl.
set -euo pipefail

NS=${TEST_HOST_NS:-nbth2}
DIR=${TEST_HOST_DIR:-/var/tmp/netbird-msp-testhost}
HOST_SIDE=veth-$NS
HOST_ADDR=10.250.0.1
ADDR=10.250.0.2
BRIDGE=$NS-br0
BRIDGE_CIDR=10.251.0.1/24
POOL=10.252.0.0/16
TLS_PORT=2376
SSH_PORT=22
# The SSH user the appliance logs in as: unprivileged, in the engine socket's group, with a plain
# /bin/sh (root's shell start-up files on a build machine can take seconds per session).
SSH_USER=${TEST_HOST_SSH_USER:-nbtesthost}
SOCK=$DIR/run/docker.sock

in_ns() { nsenter --net=/var/run/netns/"$NS" "$@"; }
remote() { docker -H "unix://$SOCK" "$@"; }

facts() {
  cat <<EOF
TEST_HOST_ADDRESS=$ADDR
TEST_HOST_TCP=tcp://$ADDR:$TLS_PORT
TEST_HOST_SSH=ssh://$SSH_USER@$ADDR:$SSH_PORT
TEST_HOST_CA=$DIR/tls/ca.pem
TEST_HOST_CERT=$DIR/tls/client-cert.pem
TEST_HOST_KEY=$DIR/tls/client-key.pem
TEST_HOST_SSH_KEY=$DIR/ssh/client_ed25519
TEST_HOST_SOCKET=unix://$SOCK
EOF
}

make_namespace() {
  [ -e /var/run/netns/"$NS" ] || ip netns add "$NS"
  if ! ip link show "$HOST_SIDE" >/dev/null 2>&1; then
    ip link add "$HOST_SIDE" type veth peer name eth0 netns "$NS"
  fi
  ip addr replace "$HOST_ADDR/30" dev "$HOST_SIDE"
  ip link set "$HOST_SIDE" up
  ip netns exec "$NS" sh -c "
    ip addr replace $ADDR/30 dev eth0; ip link set eth0 up; ip link set lo up
    ip route replace default via $HOST_ADDR
    ip link show $BRIDGE >/dev/null 2>&1 || ip link add name $BRIDGE type bridge
    ip addr replace $BRIDGE_CIDR dev $BRIDGE; ip link set $BRIDGE up"
}

make_tls() {
  local t=$DIR/tls
  [ -s "$t/client-cert.pem" ] && [ -s "$t/server-cert.pem" ] && return 0
  mkdir -p "$t" && chmod 700 "$t"
  openssl genrsa -out "$t/ca-key.pem" 3072 2>/dev/null
  openssl req -new -x509 -days 3650 -key "$t/ca-key.pem" -sha256 -subj "/CN=netbird-msp test host CA" -out "$t/ca.pem"
  openssl genrsa -out "$t/server-key.pem" 3072 2>/dev/null
  openssl req -new -key "$t/server-key.pem" -subj "/CN=$ADDR" -out "$t/server.csr"
  printf 'subjectAltName = IP:%s\nextendedKeyUsage = serverAuth\n' "$ADDR" >"$t/server.ext"
  openssl x509 -req -days 3650 -sha256 -in "$t/server.csr" -CA "$t/ca.pem" -CAkey "$t/ca-key.pem" -CAcreateserial \
    -extfile "$t/server.ext" -out "$t/server-cert.pem" 2>/dev/null
  openssl genrsa -out "$t/client-key.pem" 3072 2>/dev/null
  openssl req -new -key "$t/client-key.pem" -subj "/CN=appliance" -out "$t/client.csr"
  printf 'extendedKeyUsage = clientAuth\n' >"$t/client.ext"
  openssl x509 -req -days 3650 -sha256 -in "$t/client.csr" -CA "$t/ca.pem" -CAkey "$t/ca-key.pem" -CAcreateserial \
    -extfile "$t/client.ext" -out "$t/client-cert.pem" 2>/dev/null
  chmod 600 "$t"/*-key.pem
}

engine_up() { [ -S "$SOCK" ] && remote info >/dev/null 2>&1; }

# The process in a pid file, only if it is still ours: after a reboot the file survives in /var/tmp
# and its number may belong to anything else, which must be neither trusted nor killed.
our_pid() { # pidfile, text its command line must contain
  local pid
  [ -s "$1" ] || return 1
  pid=$(cat "$1")
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2" || return 1
  echo "$pid"
}

ssh_answers() { timeout 2 bash -c "exec 3<>/dev/tcp/$ADDR/$SSH_PORT" 2>/dev/null; }

make_user() {
  id "$SSH_USER" >/dev/null 2>&1 || useradd --system --user-group --no-create-home --home-dir "$DIR/home" --shell /bin/sh "$SSH_USER"
  # No password, but not "locked" ("!"): sshd without PAM refuses locked accounts even for keys.
  usermod -p '*' "$SSH_USER"
  mkdir -p "$DIR/home"
}

start_engine() {
  engine_up && return 0
  mkdir -p "$DIR/data" "$DIR/exec" "$DIR/run"
  local old
  if old=$(our_pid "$DIR/run/docker.pid" "$DIR/data"); then
    kill "$old" || true
    for _ in $(seq 1 20); do kill -0 "$old" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -f "$DIR/run/docker.pid" "$SOCK"
  # nsenter (not `ip netns exec`, which remounts /sys and breaks the engine's cgroups).
  nohup nsenter --net=/var/run/netns/"$NS" dockerd \
    --data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$DIR/run/docker.pid" \
    --group "$SSH_USER" --bridge "$BRIDGE" --default-address-pool "base=$POOL,size=24" --cgroup-parent "/$NS" \
    -H "unix://$SOCK" -H "tcp://$ADDR:$TLS_PORT" \
    --tlsverify --tlscacert "$DIR/tls/ca.pem" --tlscert "$DIR/tls/server-cert.pem" --tlskey "$DIR/tls/server-key.pem" \
    >"$DIR/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do engine_up && return 0; sleep 1; done
  echo "The test host's engine did not start; see $DIR/dockerd.log" >&2
  tail -20 "$DIR/dockerd.log" >&2
  exit 1
}

start_sshd() {
  local s=$DIR/ssh
  mkdir -p "$s" /run/sshd && chmod 700 "$s"
  [ -s "$s/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$s/host_ed25519"
  [ -s "$s/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C appliance -f "$s/client_ed25519"
  cp "$s/client_ed25519.pub" "$DIR/home/authorized_keys"
  chown "$SSH_USER" "$DIR/home" "$DIR/home/authorized_keys" && chmod 600 "$DIR/home/authorized_keys"
  # The session's docker CLI (docker system dial-stdio) must talk to this engine, not the main one.
  cat >"$s/sshd_config.new" <<EOF
ListenAddress $ADDR:$SSH_PORT
HostKey $s/host_ed25519
PidFile $DIR/run/sshd.pid
AuthorizedKeysFile $DIR/home/authorized_keys
PermitRootLogin no
AllowUsers $SSH_USER
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
SetEnv DOCKER_HOST=unix://$SOCK
EOF
  local old
  if old=$(our_pid "$DIR/run/sshd.pid" "$s/sshd_config"); then
    if cmp -s "$s/sshd_config.new" "$s/sshd_config" && ssh_answers; then rm "$s/sshd_config.new"; return 0; fi
    kill "$old"
    for _ in $(seq 1 20); do kill -0 "$old" 2>/dev/null || break; sleep 0.25; done
  fi
  mv "$s/sshd_config.new" "$s/sshd_config"
  rm -f "$DIR/run/sshd.pid"
  in_ns /usr/sbin/sshd -f "$s/sshd_config" -E "$DIR/sshd.log"
  for _ in $(seq 1 20); do [ -s "$DIR/run/sshd.pid" ] && ssh_answers && return 0; sleep 0.25; done
  echo "sshd did not start or does not answer on $ADDR:$SSH_PORT; see $DIR/sshd.log" >&2
  tail -5 "$DIR/sshd.log" >&2
  exit 1
}

load_images() {
  engine_up || { echo "The test host is not running: bash scripts/test-host.sh up" >&2; exit 1; }
  local missing=()
  while read -r img id; do
    [ "$(remote image inspect --format '{{.Id}}' "$img" 2>/dev/null || true)" = "$id" ] || missing+=("$img")
  done < <(docker images --format '{{.Repository}}:{{.Tag}} {{.ID}}' --no-trunc "netbird-msp-standin/*:${STANDIN_TAG:-test}")
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Loading into the test host: ${missing[*]}"
  docker save "${missing[@]}" | remote load -q >/dev/null
}

stop_all() {
  local f pid
  for f in "$DIR/run/sshd.pid:$DIR/ssh/sshd_config" "$DIR/run/docker.pid:$DIR/data"; do
    if pid=$(our_pid "${f%%:*}" "${f#*:}"); then
      kill "$pid"
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    fi
  done
  ip link del "$HOST_SIDE" 2>/dev/null || true
  ip netns del "$NS" 2>/dev/null || true
}

case "${1:-up}" in
  up)
    make_namespace
    make_tls
    make_user
    start_engine
    start_sshd
    facts
    ;;
  load-images) load_images ;;
  cut) ip link set "$HOST_SIDE" down ;;
  mend) ip link set "$HOST_SIDE" up ;;
  down) stop_all ;;
  env) facts ;;
  *) echo "usage: $0 up|load-images|cut|mend|down|env" >&2; exit 2 ;;
esac
