#!/bin/sh
. /standin/http.sh
read_request
respond '404 Not Found' 'signal stand-in' 'text/plain'
