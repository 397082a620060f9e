# Serves the given ports with /standin/httpd (standins/lib/httpd.c) and never returns: every
# request goes to <handler> on its own connection, but for management's health probe, which
# httpd answers itself when STANDIN_OWNER_FILE names the owner file. httpd exits on SIGTERM.
serve_ports() {
  _handler=$1
  shift
  _args=
  for _port in "$@"; do _args="$_args -p $_port"; done
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) INFO ${SERVICE:-standin}: listening on $*"
  # shellcheck disable=SC2086
  exec /standin/httpd -n "${SERVICE:-standin}" -e "$_handler" ${STANDIN_OWNER_FILE:+-o "$STANDIN_OWNER_FILE"} $_args
}
