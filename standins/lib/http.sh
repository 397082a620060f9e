# Minimal HTTP/1.x for busybox `nc -ll -e`: one request per connection.
# The connection is stdin/stdout; fd 3 is the container's stdout (set by the entrypoint),
# so request logs reach `docker logs` like the real services' access logs.

CR=$(printf '\r')

read_request() {
  IFS=' ' read -r METHOD REQ_TARGET _proto || exit 0
  _proto=${_proto%"$CR"}
  REQ_PATH=${REQ_TARGET%%\?*}
  CONTENT_LENGTH=0
  AUTHORIZATION=
  FORWARDED_FOR=
  REAL_IP=
  while IFS= read -r line; do
    line=${line%"$CR"}
    [ -z "$line" ] && break
    case "$line" in
      [Cc]ontent-[Ll]ength:*) CONTENT_LENGTH=$(echo "${line#*:}" | tr -dc 0-9) ;;
      [Aa]uthorization:*) AUTHORIZATION=${line#*: } ;;
      [Xx]-[Ff]orwarded-[Ff]or:*) FORWARDED_FOR=${line#*:} ;;
      [Xx]-[Rr]eal-[Ii][Pp]:*) REAL_IP=${line#*:} ;;
    esac
  done
  BODY=
  if [ "${CONTENT_LENGTH:-0}" -gt 0 ]; then BODY=$(head -c "$CONTENT_LENGTH"); fi
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) INFO ${SERVICE:-standin}: $METHOD $REQ_TARGET" >&3
}

respond() {
  _status=$1
  _body=$2
  _type=${3:-application/json}
  printf 'HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' \
    "$_status" "$_type" "${#_body}" "$_body"
}

# Value of a top-level string field in a small flat JSON body (no nested quotes needed by the stand-ins).
json_field() {
  echo "$1" | sed -n "s/.*\"$2\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p"
}

random_token() {
  head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "$1"
}
