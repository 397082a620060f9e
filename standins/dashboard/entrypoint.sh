#!/bin/sh
# Stand-in for netbirdio/dashboard: refuses to start without the env the real one needs,
# then serves an HTML page on port 80.
exec 3>&1
missing=
for var in NETBIRD_MGMT_API_ENDPOINT NETBIRD_MGMT_GRPC_API_ENDPOINT AUTH_AUTHORITY AUTH_CLIENT_ID AUTH_AUDIENCE AUTH_SUPPORTED_SCOPES USE_AUTH0 AUTH_REDIRECT_URI AUTH_SILENT_REDIRECT_URI; do
  eval "value=\${$var:-}"
  [ -n "$value" ] || missing="$missing $var"
done
# AUTH_CLIENT_SECRET must be present, even if empty.
[ -n "${AUTH_CLIENT_SECRET+set}" ] || missing="$missing AUTH_CLIENT_SECRET"
if [ -n "$missing" ]; then
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) FATAL dashboard: missing environment:$missing" >&2
  exit 1
fi
mkdir -p /www
cat >/www/index.html <<HTML
<!doctype html>
<html><head><title>NetBird dashboard stand-in</title></head>
<body><h1>NetBird dashboard stand-in</h1><p id="endpoint">$(printf '%s' "$NETBIRD_MGMT_API_ENDPOINT" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g')</p></body></html>
HTML
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) INFO dashboard: serving for $NETBIRD_MGMT_API_ENDPOINT"
# Static files with keep-alive, like the real image's nginx (standins/lib/httpd.c); it exits on SIGTERM.
exec /standin/httpd -n dashboard -p 80 -r /www
