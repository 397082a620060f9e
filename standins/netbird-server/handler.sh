#!/bin/sh
# One HTTP request to the combined server stand-in (see entrypoint.sh). The management routes
# are the classic management stand-in's; the rest answers like the services folded into it.
. /standin/http.sh
. /standin/management-routes.sh
read_request
data=$NB_STANDIN_DATADIR
case "$REQ_PATH" in
  /relay | /relay/*)
    respond '426 Upgrade Required' 'netbird-server relay: websocket upgrade required' 'text/plain' ;;
  /ws-proxy/signal*)
    respond '426 Upgrade Required' 'netbird-server signal: websocket upgrade required' 'text/plain' ;;
  /ws-proxy/management*)
    respond '426 Upgrade Required' 'netbird-server management: websocket upgrade required' 'text/plain' ;;
  /signalexchange.SignalExchange/* | /management.ManagementService/*)
    # A real gRPC call arrives as h2c; over HTTP/1.1 the real server refuses it as well.
    respond '415 Unsupported Media Type' 'netbird-server grpc: application/grpc over HTTP/2 required' 'text/plain' ;;
  /health)
    respond '200 OK' '{"status":"ok"}' ;;
  /metrics)
    respond '200 OK' '# TYPE netbird_standin_up gauge
netbird_standin_up 1' 'text/plain' ;;
  *)
    management_routes ;;
esac
