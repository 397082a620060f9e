# Runs `nc -ll -e <handler>` servers on the given ports and exits on SIGTERM.
# Without this trap a shell as PID 1 would ignore SIGTERM and every stop would wait for its timeout.
serve_ports() {
  _handler=$1
  shift
  _pids=
  for _port in "$@"; do
    nc -ll -p "$_port" -e "$_handler" &
    _pids="$_pids $!"
  done
  trap 'kill $_pids 2>/dev/null; exit 0' TERM INT
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) INFO ${SERVICE:-standin}: listening on $*"
  wait
}
