#!/bin/sh
. /standin/http.sh
read_request
respond '404 Not Found' 'relay stand-in' 'text/plain'
