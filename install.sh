#!/usr/bin/env bash
# NetBird MSP Appliance installer. Run ./install.sh --help for every option.
# Safe to re-run: an existing installation keeps its SECRET_KEY, database, settings and tenants.
set -euo pipefail
umask 022

SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
APP_UID=10001

usage() {
  cat <<'EOF'
Usage: sudo ./install.sh [options]

Installs the NetBird MSP Appliance, asking for what it needs. With --yes it asks nothing:
every answer comes from a flag or its environment variable (shown in brackets).

Answers (asked on the first installation only; later change them in the web UI):
  --admin-username NAME     first administrator's user name      [NBMSP_ADMIN_USERNAME] (admin)
  --admin-password PASS     its password, 12+ characters         [NBMSP_ADMIN_PASSWORD] (required)
  --admin-email EMAIL       its email, also the Let's Encrypt contact [NBMSP_ADMIN_EMAIL] (required)
  --base-domain DOMAIN      customers get <name>.DOMAIN           [NBMSP_BASE_DOMAIN] (required)
  --npm-url URL             Nginx Proxy Manager API, e.g. http://127.0.0.1:81 [NBMSP_NPM_URL]
  --npm-email EMAIL         NPM login email                       [NBMSP_NPM_EMAIL]
  --npm-password PASS       NPM login password                    [NBMSP_NPM_PASSWORD]
  --management-image REF    NetBird images (defaults offered)     [NBMSP_MANAGEMENT_IMAGE]
  --signal-image REF                                              [NBMSP_SIGNAL_IMAGE]
  --relay-image REF                                               [NBMSP_RELAY_IMAGE]
  --dashboard-image REF                                           [NBMSP_DASHBOARD_IMAGE]
  --caddy-image REF                                               [NBMSP_CADDY_IMAGE]

Installation:
  --mode container|native   container (default): the appliance image with the Docker socket
                            mounted; native: Node.js on the host (systemd unit or background)
                                                                  [NBMSP_MODE]
  --prefix DIR              installation directory                [NBMSP_PREFIX] (/opt/netbird-msp)
  --data-dir DIR            database and tenant files             [NBMSP_DATA_DIR] (PREFIX/data)
  --port N                  web UI port                           [NBMSP_PORT] (8000)
  --host-ip IP              address the appliance reaches tenant ports on [NBMSP_HOST_IP] (detected)
  --docker-network NAME     network shared with NPM               [NBMSP_DOCKER_NETWORK] (npm-network)
  --log-level LEVEL         debug|info|warn|error                 [NBMSP_LOG_LEVEL] (info)
  --source DIR              checkout to install from              (this script's directory)
  --no-build                use the existing build in --source as is (NEXT_DIST_DIR or .next);
                            without it a build runs only when sources are newer than the build
  --base-image REF          container mode: base image, e.g. netbird-msp-base:local made by
                            scripts/make-base-image.sh on air-gapped machines [NBMSP_BASE_IMAGE]
  --image REF               container mode: image tag to build    [NBMSP_IMAGE] (netbird-msp:local)
  --container-name NAME     container mode: container name        [NBMSP_CONTAINER] (netbird-msp)
  --no-systemd              native mode: run in the background with a pid and log file
  --skip-packages           do not install missing packages (Docker, curl, openssl)
  --firewall                open the web UI port and relay UDP range with ufw
  --yes, -y                 non-interactive: take answers from flags/environment only

Actions (default: install, or check and start an existing installation):
  --upgrade                 back up the database, rebuild, migrate and restart
  --uninstall               stop and remove the appliance; keeps the data directory
  --purge                   with --uninstall: also delete the data directory and .env
  --help, -h                show this help
EOF
}

die() { echo "install.sh: error: $*" >&2; exit 1; }
warn() { echo "install.sh: warning: $*" >&2; }
info() { echo "==> $*"; }

# ---------- options ----------
yes=0 action=install no_build=0 no_systemd=0 skip_packages=0 firewall=0 purge=0
admin_username=${NBMSP_ADMIN_USERNAME:-} admin_password=${NBMSP_ADMIN_PASSWORD:-} admin_email=${NBMSP_ADMIN_EMAIL:-}
base_domain=${NBMSP_BASE_DOMAIN:-} npm_url=${NBMSP_NPM_URL:-} npm_email=${NBMSP_NPM_EMAIL:-} npm_password=${NBMSP_NPM_PASSWORD:-}
management_image=${NBMSP_MANAGEMENT_IMAGE:-} signal_image=${NBMSP_SIGNAL_IMAGE:-} relay_image=${NBMSP_RELAY_IMAGE:-}
dashboard_image=${NBMSP_DASHBOARD_IMAGE:-} caddy_image=${NBMSP_CADDY_IMAGE:-}
mode=${NBMSP_MODE:-} prefix=${NBMSP_PREFIX:-/opt/netbird-msp} data_dir=${NBMSP_DATA_DIR:-} port=${NBMSP_PORT:-}
host_ip=${NBMSP_HOST_IP:-} docker_network=${NBMSP_DOCKER_NETWORK:-} log_level=${NBMSP_LOG_LEVEL:-}
base_image=${NBMSP_BASE_IMAGE:-} image=${NBMSP_IMAGE:-} container=${NBMSP_CONTAINER:-}

while (($#)); do
  opt=$1
  case $opt in
    -h | --help) usage; exit 0 ;;
    -y | --yes) yes=1 ;;
    --upgrade) action=upgrade ;;
    --uninstall) action=uninstall ;;
    --purge) purge=1 ;;
    --no-build) no_build=1 ;;
    --no-systemd) no_systemd=1 ;;
    --skip-packages) skip_packages=1 ;;
    --firewall) firewall=1 ;;
    --*)
      [[ $# -ge 2 && $2 != --* ]] || { [[ $opt =~ ^--(admin|base|npm|management|signal|relay|dashboard|caddy|mode|prefix|data|port|host|docker|log|source|image|container) ]] && die "$opt needs a value"; die "unknown option $opt (see --help)"; }
      val=$2
      shift
      case $opt in
        --admin-username) admin_username=$val ;; --admin-password) admin_password=$val ;; --admin-email) admin_email=$val ;;
        --base-domain) base_domain=$val ;; --npm-url) npm_url=$val ;; --npm-email) npm_email=$val ;; --npm-password) npm_password=$val ;;
        --management-image) management_image=$val ;; --signal-image) signal_image=$val ;; --relay-image) relay_image=$val ;;
        --dashboard-image) dashboard_image=$val ;; --caddy-image) caddy_image=$val ;;
        --mode) mode=$val ;; --prefix) prefix=$val ;; --data-dir) data_dir=$val ;; --port) port=$val ;;
        --host-ip) host_ip=$val ;; --docker-network) docker_network=$val ;; --log-level) log_level=$val ;;
        --source) SOURCE_DIR=$(cd "$val" 2>/dev/null && pwd) || die "--source $val is not a directory" ;;
        --base-image) base_image=$val ;; --image) image=$val ;; --container-name) container=$val ;;
        *) die "unknown option $opt (see --help)" ;;
      esac ;;
    *) die "unexpected argument $opt (see --help)" ;;
  esac
  shift
done
((purge == 0)) || [[ $action == uninstall ]] || die "--purge only goes with --uninstall"

# ---------- paths and existing state ----------
safe_path() { [[ $1 == /* && $1 =~ ^[A-Za-z0-9_./-]+$ ]] || die "$2 must be an absolute path of letters, digits and ._-/ (got '$1')"; }
safe_path "$prefix" --prefix
env_file=$prefix/.env conf_file=$prefix/install.conf
release=$prefix/release pid_file=$prefix/run/netbird-msp.pid log_file=$prefix/log/netbird-msp.log
unit=/etc/systemd/system/netbird-msp.service

# Reads KEY=value from a file without executing it.
read_kv() { [[ -f $1 ]] && sed -n "s/^$2=//p" "$1" | tail -n1 || true; }
existing=0
[[ -f $env_file ]] && existing=1
secret_key=$(read_kv "$env_file" SECRET_KEY)
: "${port:=$(read_kv "$env_file" WEB_UI_PORT)}" "${port:=8000}"
: "${docker_network:=$(read_kv "$env_file" DOCKER_NETWORK)}" "${docker_network:=npm-network}"
: "${log_level:=$(read_kv "$env_file" LOG_LEVEL)}" "${log_level:=info}"
: "${host_ip:=$(read_kv "$env_file" HOST_IP)}"
: "${mode:=$(read_kv "$conf_file" MODE)}"
: "${image:=$(read_kv "$conf_file" IMAGE)}" "${image:=netbird-msp:local}"
: "${container:=$(read_kv "$conf_file" CONTAINER)}" "${container:=netbird-msp}"
: "${base_image:=$(read_kv "$conf_file" BASE_IMAGE)}"
if [[ -z $data_dir ]]; then
  old_db=$(read_kv "$env_file" DATABASE_PATH)
  data_dir=${old_db:+$(dirname "$old_db")}
  : "${data_dir:=$prefix/data}"
fi
safe_path "$data_dir" --data-dir
db_path=$data_dir/netbird_msp.db tenants_dir=$data_dir/tenants
dist_name=${NEXT_DIST_DIR:-.next}
dist=$SOURCE_DIR/$dist_name

[[ $port =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) || die "--port must be a number from 1 to 65535 (got '$port')"
[[ $log_level =~ ^(debug|info|warn|error)$ ]] || die "--log-level must be debug, info, warn or error"
[[ $docker_network =~ ^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$ ]] || die "--docker-network '$docker_network' is not a Docker network name"

# ---------- service control (native: systemd or background; container: docker) ----------
use_systemd() { ((no_systemd == 0)) && [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; }
# Next.js renames its process to "next-server (...)", so both names identify ours.
bg_pid() { local pid; pid=$(cat "$pid_file" 2>/dev/null || true); [[ -n $pid ]] && grep -qsaE 'next-server|server\.js' "/proc/$pid/cmdline" && echo "$pid"; }
is_running() {
  case $mode in
    container) [[ $(docker inspect -f '{{.State.Running}}' "$container" 2>/dev/null) == true ]] ;;
    *) { use_systemd && systemctl is-active --quiet netbird-msp; } || [[ -n $(bg_pid) ]] ;;
  esac
}
stop_appliance() {
  if [[ $mode == container ]]; then
    docker rm -f "$container" >/dev/null 2>&1 || true
    return
  fi
  use_systemd && systemctl stop netbird-msp 2>/dev/null || true
  local pid
  pid=$(bg_pid) || true
  [[ -n $pid ]] || return 0
  kill "$pid"
  for _ in $(seq 50); do [[ -d /proc/$pid ]] || break; sleep 0.2; done
  [[ ! -d /proc/$pid ]] || kill -9 "$pid" 2>/dev/null || true
  rm -f "$pid_file"
}
# Starts the installed release. Extra NAME=value arguments reach only this process (first admin).
start_background() {
  mkdir -p "$(dirname "$pid_file")" "$(dirname "$log_file")"
  (
    set -a; . "$env_file"; set +a
    export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 AUTH_TRUST_HOST=true PORT=$port HOSTNAME=${LISTEN_HOST:-0.0.0.0} "$@"
    cd "$release"
    # The supervisor writes the pid file, restarts the server if it dies and logs why.
    exec setsid "$node_bin" supervisor/supervise-cli.mjs --pid-file "$pid_file" server.js >>"$log_file" 2>&1 </dev/null
  ) &
  for _ in $(seq 50); do [[ -s $pid_file ]] && return; sleep 0.1; done
  die "the appliance did not start; see $log_file"
}
write_unit() {
  cat >"$unit" <<UNIT
[Unit]
Description=NetBird MSP Appliance
After=network-online.target docker.service
Wants=network-online.target

[Service]
EnvironmentFile=$env_file
Environment=NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 AUTH_TRUST_HOST=true HOSTNAME=0.0.0.0 PORT=$port
# A bounded heap keeps memory flat under load; NODE_OPTIONS in $env_file overrides it.
Environment="NODE_OPTIONS=--max-old-space-size=320 --max-semi-space-size=2"
# Ahead of the engine's container starts when both want the CPU, as the supervisor does elsewhere
# (APPLIANCE_CPU_NICE); the server's JavaScript runs on one thread and leaves the other cores.
Nice=-10
WorkingDirectory=$release
ExecStart=$node_bin $release/server.js
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
UNIT
  systemctl daemon-reload
  systemctl enable netbird-msp >/dev/null 2>&1
}
run_container() {
  local gid=0
  [[ -S /var/run/docker.sock ]] && gid=$(stat -c %g /var/run/docker.sock)
  local extra=() kv
  for kv in "$@"; do extra+=(-e "$kv"); done
  docker rm -f "$container" >/dev/null 2>&1 || true
  # DATA_DIR is mounted at the same path inside and out so tenant bind mounts resolve on the host.
  docker run -d --name "$container" --init --restart unless-stopped \
    --env-file "$env_file" "${extra[@]}" --group-add "$gid" --add-host host.docker.internal:host-gateway \
    -p "$port:$port" -v /var/run/docker.sock:/var/run/docker.sock -v "$data_dir:$data_dir" \
    --label netbird-msp.appliance=true "$image" >/dev/null
}
start_appliance() {
  if [[ $mode == container ]]; then run_container "$@"
  elif (($# == 0)) && use_systemd; then write_unit; systemctl restart netbird-msp
  else start_background "$@"
  fi
}
show_logs() {
  if [[ $mode == container ]]; then docker logs --tail 40 "$container" 2>&1 || true
  elif use_systemd && systemctl is-active --quiet netbird-msp; then journalctl -u netbird-msp -n 40 --no-pager || true
  else tail -n 40 "$log_file" 2>/dev/null || true
  fi
}
wait_healthy() {
  for _ in $(seq 120); do
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/api/health" 2>/dev/null && return 0
    if [[ $mode == container ]]; then
      [[ $(docker inspect -f '{{.State.Status}} {{.RestartCount}}' "$container" 2>/dev/null) == "running 0" ]] || break
    elif [[ -z $(bg_pid) ]] && ! { use_systemd && systemctl is-active --quiet netbird-msp; }; then break
    fi
    sleep 1
  done
  show_logs >&2
  die "the appliance did not answer http://127.0.0.1:$port/api/health (last log lines above)"
}

# ---------- uninstall ----------
if [[ $action == uninstall ]]; then
  [[ $(id -u) == 0 ]] || die "run as root (sudo ./install.sh --uninstall)"
  [[ -n $mode ]] || mode=native
  info "Stopping the appliance"
  stop_appliance
  if [[ -f $unit ]] && command -v systemctl >/dev/null; then systemctl disable netbird-msp >/dev/null 2>&1 || true; rm -f "$unit"; systemctl daemon-reload 2>/dev/null || true; fi
  rm -rf "$release" "$release.new" "$release.old" "$prefix/run" "$prefix/docker-compose.yml" "$prefix/compose.env" "$conf_file"
  if ((purge)); then rm -rf "$data_dir" "$env_file" "$prefix/backups" "$prefix/log"; rmdir "$prefix" 2>/dev/null || true
  else info "Kept $data_dir, $env_file and backups (add --purge to delete them)"
  fi
  echo "Uninstalled. Customer stacks (containers netbird-<name>-*) keep running until deleted: docker ps --filter label=netbird-msp.customer"
  exit 0
fi

# ---------- answers ----------
ask() { # ask VAR "question" default [secret]
  local var=$1 question=$2 default=${3:-} reply
  [[ -n ${!var} ]] && return
  ((yes)) && { printf -v "$var" '%s' "$default"; return; }
  if [[ ${4:-} == secret ]]; then
    local again
    while :; do
      read -rsp "$question: " reply </dev/tty; echo
      read -rsp "$question (again): " again </dev/tty; echo
      [[ $reply == "$again" ]] && break
      echo "The two entries differ; try again."
    done
  else
    read -rp "$question${default:+ [$default]}: " reply </dev/tty
  fi
  printf -v "$var" '%s' "${reply:-$default}"
}
require() { [[ -n ${!1} ]] || die "missing answer: $2 (flag $3 or environment variable $4)"; }
gather_answers() {
  if ((yes == 0)) && [[ ! -r /dev/tty ]]; then die "no terminal to ask on: pass --yes with the answers as flags (see --help)"; fi
  ask admin_username "Administrator user name" admin
  ask admin_password "Administrator password (12+ characters)" "" secret
  ask admin_email "Administrator email" ""
  ask base_domain "Base domain (customers get <name>.<domain>)" ""
  ask npm_url "Nginx Proxy Manager API URL (empty: set it later)" ""
  if [[ -n $npm_url ]]; then ask npm_email "NPM login email" ""; ask npm_password "NPM login password" "" secret; fi
  ask management_image "NetBird management image" netbirdio/management:0.77.1
  ask signal_image "NetBird signal image" netbirdio/signal:0.77.1
  ask relay_image "NetBird relay image" netbirdio/relay:0.77.1
  ask dashboard_image "NetBird dashboard image" netbirdio/dashboard:v2.90.9
  ask caddy_image "Caddy image" caddy:2.10-alpine
  require admin_password "administrator password" --admin-password NBMSP_ADMIN_PASSWORD
  require admin_email "administrator email" --admin-email NBMSP_ADMIN_EMAIL
  require base_domain "base domain" --base-domain NBMSP_BASE_DOMAIN
  ((${#admin_password} >= 12)) || die "the administrator password must be at least 12 characters"
  [[ $admin_password != *[$'\n\r']* ]] || die "the administrator password must be on one line"
  [[ $admin_username =~ ^[A-Za-z0-9._-]{1,64}$ ]] || die "--admin-username may use letters, digits and ._- (1-64 characters)"
  [[ $admin_email =~ ^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$ ]] || die "--admin-email '$admin_email' is not an email address"
  [[ ${base_domain,,} =~ ^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$ ]] || die "--base-domain '$base_domain' is not a domain like msp.example.com"
  [[ -z $npm_url || $npm_url =~ ^https?://[^[:space:]]+$ ]] || die "--npm-url must be an http(s) URL like http://127.0.0.1:81"
  [[ -n $npm_url ]] || warn "no Nginx Proxy Manager configured: set it in Settings before deploying customers"
  if [[ -z $mode ]]; then
    if ((yes)); then mode=container; else ask mode "Install mode: container or native" container; fi
  fi
}

# ---------- requirements and packages ----------
check_requirements() {
  [[ $(uname -s) == Linux ]] || die "the appliance runs on Linux only"
  [[ $(id -u) == 0 ]] || die "run as root: sudo ./install.sh"
  local dir=$prefix free mem
  while [[ ! -d $dir ]]; do dir=$(dirname "$dir"); done
  free=$(df -Pk "$dir" | awk 'NR==2 {print $4}')
  ((free >= 2 * 1024 * 1024)) || die "only $((free / 1024)) MB free on $dir: at least 2 GB are needed"
  mem=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
  ((mem >= 1000 * 1024)) || die "only $((mem / 1024)) MB of memory: at least 1 GB is needed (2 GB recommended)"
  ((mem >= 1900 * 1024)) || warn "$((mem / 1024)) MB of memory: 2 GB or more is recommended"
  if ! is_running && command -v ss >/dev/null && [[ -n $(ss -Hltn "sport = :$port" 2>/dev/null) ]]; then
    die "port $port is already in use by another program: free it or choose another with --port"
  fi
}
install_packages() {
  local missing=()
  command -v docker >/dev/null || missing+=(docker.io)
  command -v curl >/dev/null || missing+=(curl)
  command -v openssl >/dev/null || missing+=(openssl)
  # Backups: restic (a static binary; the container image carries a copy of this one).
  command -v restic >/dev/null || missing+=(restic)
  if ((${#missing[@]})); then
    ((skip_packages == 0)) || die "missing: ${missing[*]} (install them or drop --skip-packages)"
    command -v apt-get >/dev/null || die "missing: ${missing[*]}; this installer uses apt-get (Debian/Ubuntu). Install them yourself and re-run."
    info "Installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" ca-certificates
  fi
  if ! docker info >/dev/null 2>&1; then
    info "Starting Docker"
    if [[ -d /run/systemd/system ]]; then systemctl enable --now docker
    else (dockerd >/var/log/dockerd.log 2>&1 &)
    fi
    for _ in $(seq 30); do docker info >/dev/null 2>&1 && break; sleep 1; done
    docker info >/dev/null 2>&1 || die "Docker does not answer; see /var/log/dockerd.log or: systemctl status docker"
  fi
  if [[ $mode == native ]]; then
    node_bin=$(command -v node || true)
    [[ -n $node_bin ]] || die "native mode needs Node.js 20.9 or newer (NodeSource packages), or use --mode container"
    "$node_bin" -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=9)?0:1)' ||
      die "native mode needs Node.js 20.9 or newer; found $("$node_bin" -v)"
  fi
}

# ---------- build and release ----------
build_is_current() {
  [[ -f $dist/standalone/server.js && -f $dist/BUILD_ID ]] || return 1
  ((no_build)) && return 0
  local newer
  newer=$(cd "$SOURCE_DIR" && find app lib components messages prisma templates public instrumentation.ts next.config.mjs package.json package-lock.json \
    -newer "$dist/BUILD_ID" -type f -not -path 'lib/generated/*' -print -quit 2>/dev/null || true)
  [[ -z $newer ]]
}
ensure_build() {
  build_is_current && return 0
  ((no_build == 0)) || die "--no-build: no build in $dist (run: NEXT_DIST_DIR=$dist_name npm run build in $SOURCE_DIR)"
  command -v npm >/dev/null || die "npm is needed to build the appliance (it comes with Node.js 20)"
  info "Building the appliance in $SOURCE_DIR (npm ci, npm run build)"
  (
    cd "$SOURCE_DIR"
    if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then npm ci --no-audit --no-fund; fi
    NEXT_DIST_DIR=$dist_name NEXT_TELEMETRY_DISABLED=1 npm run build
  ) || die "the build failed (output above)"
}
# Lays out a runnable app: standalone server + static assets + migrations + templates.
assemble_app() {
  local dest=$1
  rm -rf "$dest"
  mkdir -p "$dest/$dist_name" "$dest/prisma"
  cp -a "$dist/standalone/." "$dest/"
  cp -a "$dist/static" "$dest/$dist_name/static"
  [[ -d $SOURCE_DIR/public ]] && cp -a "$SOURCE_DIR/public" "$dest/public"
  rm -rf "$dest/prisma/migrations" "$dest/templates"
  cp -a "$SOURCE_DIR/prisma/migrations" "$dest/prisma/migrations"
  cp -a "$SOURCE_DIR/templates" "$dest/templates"
  rm -f "$dest/.env" "$dest"/.env.*
  # Only the SQLite query compiler is used; the other databases' runtimes are ~45 MB.
  find "$dest/node_modules/@prisma/client/runtime" -type f \( -name '*.mysql.*' -o -name '*.postgresql.*' -o -name '*.sqlserver.*' -o -name '*.cockroachdb.*' \) -delete 2>/dev/null || true
  cp "$dist/BUILD_ID" "$dest/BUILD_ID"
  mkdir -p "$dest/supervisor"
  cp "$SOURCE_DIR/scripts/supervise.mjs" "$SOURCE_DIR/scripts/supervise-cli.mjs" "$dest/supervisor/"
}
install_release() {
  info "Installing the appliance into $release"
  assemble_app "$release.new"
  rm -rf "$release.old"
  [[ -d $release ]] && mv "$release" "$release.old"
  mv "$release.new" "$release"
}
build_image() {
  local ctx args=()
  [[ -n $base_image ]] && args+=(--build-arg "BASE_IMAGE=$base_image")
  if command -v node >/dev/null && command -v npm >/dev/null && { build_is_current || ((no_build == 0)); }; then
    ensure_build
    ctx=$(mktemp -d)
    trap 'rm -rf "$ctx"; trap - RETURN' RETURN
    info "Building image $image from the host build${base_image:+ on $base_image}"
    mkdir -p "$ctx/scripts"
    cp "$SOURCE_DIR/Dockerfile" "$ctx/"
    cp "$SOURCE_DIR/scripts/docker-entrypoint.sh" "$ctx/scripts/"
    assemble_app "$ctx/prebuilt"
    mkdir -p "$ctx/prebuilt-bin" && cp "$(command -v restic)" "$ctx/prebuilt-bin/restic"
  else
    ctx=$SOURCE_DIR
    info "Building image $image from source${base_image:+ on $base_image} (needs the npm registry)"
  fi
  # The classic builder works without the buildx plugin, which Debian's docker.io lacks.
  local builder=0 log
  docker buildx version >/dev/null 2>&1 && builder=1
  log=$(mktemp)
  if ! DOCKER_BUILDKIT=$builder docker build -t "$image" "${args[@]}" "$ctx" >"$log" 2>&1; then
    tail -n 30 "$log" >&2; rm -f "$log"
    die "building the image failed; on a machine without registry access build a base first: scripts/make-base-image.sh, then --base-image netbird-msp-base:local"
  fi
  rm -f "$log"
  docker image inspect -f '{{.Size}}' "$image" | awk -v i="$image" '{printf "    image %s: %d MB\n", i, $1 / 1000000}'
}

# ---------- configuration files ----------
detect_host_ip() {
  local ip
  ip=$(ip -4 route get 1.1.1.1 2>/dev/null | awk '{for (i = 1; i < NF; i++) if ($i == "src") {print $(i + 1); exit}}')
  [[ -n $ip ]] || ip=$(hostname -I 2>/dev/null | awk '{print $1}')
  echo "${ip:-127.0.0.1}"
}
# Rewrites a file only when its content changes, so a re-run touches nothing.
put_file() {
  local path=$1 perms=$2 tmp
  tmp=$(mktemp "$path.XXXXXX")
  cat >"$tmp"
  chmod "$perms" "$tmp"
  if cmp -s "$tmp" "$path"; then rm -f "$tmp"; else mv "$tmp" "$path"; config_changed=1; fi
}
write_config() {
  [[ -n $secret_key ]] || secret_key=$(openssl rand -hex 32)
  [[ -n $host_ip ]] || host_ip=$(detect_host_ip)
  mkdir -p "$prefix" "$tenants_dir" "$prefix/backups"
  put_file "$env_file" 600 <<ENV
SECRET_KEY=$secret_key
DATABASE_PATH=$db_path
DATA_DIR=$tenants_dir
DOCKER_NETWORK=$docker_network
LOG_LEVEL=$log_level
WEB_UI_PORT=$port
HOST_IP=$host_ip
ENV
  put_file "$conf_file" 644 <<CONF
MODE=$mode
IMAGE=$image
CONTAINER=$container
BASE_IMAGE=$base_image
SOURCE=$SOURCE_DIR
CONF
  if [[ $mode == container ]]; then
    chown "$APP_UID:$APP_UID" "$data_dir" "$tenants_dir"
    for f in "$db_path" "$db_path-wal" "$db_path-shm"; do [[ -e $f ]] && chown "$APP_UID:$APP_UID" "$f"; done
    cp "$SOURCE_DIR/docker-compose.yml" "$prefix/docker-compose.yml.new" && put_file "$prefix/docker-compose.yml" 644 <"$prefix/docker-compose.yml.new" && rm -f "$prefix/docker-compose.yml.new"
    put_file "$prefix/compose.env" 644 <<CENV
NBMSP_IMAGE=$image
NBMSP_CONTAINER=$container
NBMSP_DATA_DIR=$data_dir
NBMSP_PORT=$port
DOCKER_GID=$(stat -c %g /var/run/docker.sock 2>/dev/null || echo 0)
CENV
  fi
  docker network inspect "$docker_network" >/dev/null 2>&1 || { info "Creating Docker network $docker_network"; docker network create "$docker_network" >/dev/null; }
}

# ---------- settings ----------
json_str() {
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}
seed_settings() {
  local tmp token body
  tmp=$(mktemp -d)
  chmod 700 "$tmp"
  trap 'rm -rf "$tmp"; trap - RETURN' RETURN
  printf '{"username":%s,"password":%s}' "$(json_str "$admin_username")" "$(json_str "$admin_password")" >"$tmp/login"
  token=$(curl -fsS --max-time 20 -H 'Content-Type: application/json' --data-binary "@$tmp/login" "http://127.0.0.1:$port/api/auth/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p') || true
  [[ -n $token ]] || die "could not sign in as $admin_username to store the settings; set them in the web UI"
  printf 'Authorization: Bearer %s\n' "$token" >"$tmp/headers"
  body="{\"base_domain\":$(json_str "${base_domain,,}"),\"admin_email\":$(json_str "$admin_email"),\"data_dir\":$(json_str "$tenants_dir"),\"docker_network\":$(json_str "$docker_network")"
  body+=",\"netbird_management_image\":$(json_str "$management_image"),\"netbird_signal_image\":$(json_str "$signal_image"),\"netbird_relay_image\":$(json_str "$relay_image")"
  body+=",\"netbird_dashboard_image\":$(json_str "$dashboard_image"),\"caddy_image\":$(json_str "$caddy_image")"
  [[ -n $npm_url ]] && body+=",\"npm_api_url\":$(json_str "$npm_url"),\"npm_api_email\":$(json_str "$npm_email"),\"npm_api_password\":$(json_str "$npm_password")"
  printf '%s}' "$body" >"$tmp/settings"
  if ! curl -fsS --max-time 20 -o "$tmp/out" -X PUT -H 'Content-Type: application/json' -H "@$tmp/headers" --data-binary "@$tmp/settings" "http://127.0.0.1:$port/api/settings" 2>"$tmp/err"; then
    cat "$tmp/out" "$tmp/err" >&2 2>/dev/null || true
    die "the appliance refused the settings (details above); correct them in the web UI under Settings"
  fi
}
open_firewall() {
  command -v ufw >/dev/null || { warn "--firewall: ufw is not installed; open $port/tcp and the relay UDP range yourself"; return; }
  ufw allow "$port/tcp" >/dev/null
  ufw allow 3478:4477/udp >/dev/null
  info "ufw: opened $port/tcp (web UI) and 3478:4477/udp (default relay range; adjust if you change it in Settings)"
}

# ---------- main ----------
node_bin=$(command -v node || true)
config_changed=0
if [[ $action == upgrade ]]; then
  ((existing)) || die "no installation in $prefix to upgrade (run without --upgrade first)"
  [[ -n $mode ]] || die "$conf_file is missing: re-run the installer without --upgrade first"
fi
fresh=0
if ((existing == 0)) || [[ ! -f $db_path ]]; then fresh=1; fi
((fresh)) && [[ $action == install ]] && gather_answers
[[ -n $mode ]] || mode=container
[[ $mode =~ ^(container|native)$ ]] || die "--mode must be container or native (got '$mode')"
[[ $mode == container ]] || [[ -z $base_image ]] || warn "--base-image is only used in container mode"
check_requirements
install_packages
((existing)) && info "Existing installation in $prefix: keeping its SECRET_KEY, database and settings"
write_config

if [[ $mode == native ]]; then
  if [[ $action == upgrade || ! -f $release/server.js ]]; then ensure_build; fi
  if [[ $action == upgrade ]] || [[ ! -f $release/server.js ]]; then
    changed=1
    [[ -f $release/BUILD_ID ]] && cmp -s "$release/BUILD_ID" "$dist/BUILD_ID" && [[ $action == install ]] && changed=0
  else
    changed=0
    [[ -f $dist/BUILD_ID ]] && ! cmp -s "$release/BUILD_ID" "$dist/BUILD_ID" && info "A newer build is available in $SOURCE_DIR: run ./install.sh --upgrade to install it"
  fi
else
  changed=0
  if [[ $action == upgrade ]] || ! docker image inspect "$image" >/dev/null 2>&1; then build_image; changed=1; fi
fi

if [[ $action == upgrade ]]; then
  stamp=$(date +%Y%m%d-%H%M%S)
  stop_appliance
  if [[ -f $db_path ]]; then
    for f in "$db_path" "$db_path-wal" "$db_path-shm"; do [[ -e $f ]] && cp -p "$f" "$prefix/backups/$(basename "$f" | sed "s/netbird_msp\.db/netbird_msp-$stamp.db/")"; done
    info "Database backed up to $prefix/backups/netbird_msp-$stamp.db"
  fi
  [[ $mode == native ]] && install_release
  start_appliance
elif ((fresh)); then
  [[ $mode == native ]] && ((changed)) && install_release
  stop_appliance
  # The first administrator is created from these variables at first start; they are
  # given to this one process only and never written to disk.
  start_appliance "ADMIN_USERNAME=$admin_username" "ADMIN_PASSWORD=$admin_password" "ADMIN_EMAIL=$admin_email"
  wait_healthy
  info "Storing the settings"
  seed_settings
  # Restarted so the password lives on in no process environment or container config.
  stop_appliance
  start_appliance
elif ((changed || config_changed)); then
  ((config_changed)) && info "The configuration changed: restarting the appliance"
  [[ $mode == native ]] && ((changed)) && install_release
  stop_appliance
  start_appliance
elif ! is_running; then
  info "Starting the appliance"
  start_appliance
else
  info "The appliance is running; nothing to change"
fi
wait_healthy
((firewall)) && open_firewall

url="http://$host_ip:$port"
cat <<DONE

NetBird MSP Appliance is ready ($mode mode).
  Open:      $url   (or https://<your NPM host> once proxied)
  Sign in:   as the administrator chosen at the first installation${admin_username:+ ($admin_username)}
  API token: curl -X POST $url/api/auth/token -d "username=<user>&password=<password>"
  Config:    $env_file (mode 600)   Data: $data_dir   Backups: $prefix/backups
  Upgrade:   sudo $SOURCE_DIR/install.sh --upgrade
DONE
