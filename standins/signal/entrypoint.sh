#!/bin/sh
# Stand-in for netbirdio/signal: listens on 80 (WebSocket proxy) and 10000 (gRPC) like the real one.
export SERVICE=signal
exec 3>&1
port=80
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift ;;
    --port=*) port=${1#--port=} ;;
    *) ;;
  esac
  shift
done
. /standin/serve.sh
serve_ports /standin/handler.sh "$port" 10000
