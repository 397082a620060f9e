# Strict reading of the combined server's config.yaml (the shape NetBird's combined/cmd/config.go
# parses). The stand-in refuses what the appliance must never write: unknown keys, a missing
# exposedAddress or authSecret, a store key that is not padded base64 of 32 bytes, a listen
# address without a port. It understands the subset of YAML our template produces: two-space
# indentation, `key: value` and `- item` lines, double-quoted strings.

fatal() {
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) FATAL netbird-server: $*" >&2
  exit 1
}

SERVER_KEYS=" listenAddress exposedAddress stunPorts metricsPort healthcheckAddress logLevel logFile tls authSecret dataDir stuns relays signalUri enableLocalSTUN enableLocalRelay disableAnonymousMetrics disableGeoliteUpdate auth store activityStore authStore reverseProxy "
AUTH_KEYS=" issuer localAuthDisabled signKeyRefreshEnabled mfaSessionMaxLifetime mfaSessionIdleTimeout mfaSessionRememberMe sessionCookieEncryptionKey storage dashboardRedirectURIs cliRedirectURIs owner dashboardPostLogoutRedirectURIs "
STORE_KEYS=" engine encryptionKey dsn file "
PROXY_KEYS=" trustedHTTPProxies trustedHTTPProxiesCount trustedPeers accessLogRetentionDays accessLogCleanupIntervalHours "

# Prints "<section>.<key>" for every key line; list items and comments are skipped.
config_keys() {
  section=
  while IFS= read -r line || [ -n "$line" ]; do
    trimmed=${line#"${line%%[! ]*}"}
    case "$trimmed" in '#'* | '- '* | '-' | '') continue ;; esac
    indent=$(( ${#line} - ${#trimmed} ))
    key=${trimmed%%:*}
    if [ "$indent" -eq 0 ]; then echo "top.$key"; section=
    elif [ "$indent" -eq 2 ]; then echo "server.$key"; section=$key
    elif [ "$indent" -eq 4 ]; then echo "$section.$key"
    fi
  done <"$1"
}

# Value of `  <key>: "<value>"` at the given indentation within a section (first match).
config_value() {
  sed -n "/^  $2:/,/^  [A-Za-z]/p" "$1" | sed -n "s/^    $3:[[:space:]]*\"\{0,1\}\([^\"]*\)\"\{0,1\}[[:space:]]*$/\1/p" | head -1
}

server_value() {
  sed -n "s/^  $2:[[:space:]]*\"\{0,1\}\([^\"]*\)\"\{0,1\}[[:space:]]*$/\1/p" "$1" | head -1
}

check_config() {
  file=$1
  [ -r "$file" ] || fatal "failed reading config $file"
  for entry in $(config_keys "$file"); do
    section=${entry%%.*}
    key=${entry#*.}
    case "$section" in
      top) [ "$key" = server ] || fatal "config.yaml: unknown top-level key \"$key\"" ;;
      server) case "$SERVER_KEYS" in *" $key "*) ;; *) fatal "config.yaml: unknown key server.$key" ;; esac ;;
      auth) case "$AUTH_KEYS" in *" $key "*) ;; *) fatal "config.yaml: unknown key server.auth.$key" ;; esac ;;
      store | activityStore | authStore) case "$STORE_KEYS" in *" $key "*) ;; *) fatal "config.yaml: unknown key server.$section.$key" ;; esac ;;
      reverseProxy) case "$PROXY_KEYS" in *" $key "*) ;; *) fatal "config.yaml: unknown key server.reverseProxy.$key" ;; esac ;;
      *) ;;
    esac
  done
  EXPOSED=$(server_value "$file" exposedAddress)
  [ -n "$EXPOSED" ] || fatal "config.yaml: server.exposedAddress is required"
  AUTH_SECRET=$(server_value "$file" authSecret)
  [ -n "$AUTH_SECRET" ] || fatal "config.yaml: server.authSecret is required for the local relay"
  LISTEN=$(server_value "$file" listenAddress)
  LISTEN_PORT=${LISTEN##*:}
  echo "$LISTEN_PORT" | grep -Eq '^[0-9]+$' || fatal "config.yaml: server.listenAddress \"$LISTEN\" has no port"
  HEALTH=$(server_value "$file" healthcheckAddress)
  HEALTH_PORT=${HEALTH##*:}
  METRICS_PORT=$(server_value "$file" metricsPort)
  ISSUER=$(config_value "$file" auth issuer)
  [ -n "$ISSUER" ] || fatal "config.yaml: server.auth.issuer is required"
  STORE_KEY=$(config_value "$file" store encryptionKey)
  echo "$STORE_KEY" | grep -Eq '^[A-Za-z0-9+/]{43}=$' || fatal "invalid store.encryptionKey: not padded base64 of 32 bytes"
  COOKIE_KEY=$(config_value "$file" auth sessionCookieEncryptionKey)
  if [ -n "$COOKIE_KEY" ]; then
    len=$(printf '%s' "$COOKIE_KEY" | base64 -d 2>/dev/null | wc -c)
    case "$len" in 16 | 24 | 32) ;; *) fatal "invalid auth.sessionCookieEncryptionKey: must decode to 16, 24 or 32 bytes" ;; esac
  fi
  DATA_DIR=$(server_value "$file" dataDir)
  DATA_DIR=${DATA_DIR:-/var/lib/netbird}
  STUN_PORTS=$(sed -n '/^  stunPorts:/,/^  [A-Za-z]/p' "$file" | sed -n 's/^    - \([0-9][0-9]*\)$/\1/p' | tr '\n' ' ')
}
