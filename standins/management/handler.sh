#!/bin/sh
# One HTTP request to the management stand-in (see entrypoint.sh).
. /standin/http.sh
. /standin/management-routes.sh
data=$NB_STANDIN_DATADIR
read_request
management_routes
