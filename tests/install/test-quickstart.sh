# Quick start (scripts/quickstart.sh) the way a newcomer runs it, in a clean copy of the
# checkout: the first password only on the terminal, a stop that frees the port, a re-run that
# serves the new build, a port held by someone else refused, the test build leaving the running
# appliance alone, and the supervisor restarting a server killed under load.
qs=$tmp/quickstart/app
qs_port=$(free_port)
# run.sh exports NEXT_DIST_DIR for the installer; a newcomer's shell has none.
qs_run() { (cd "$qs" && env -u NEXT_DIST_DIR WEB_UI_PORT="$qs_port" DOCKER_NETWORK="$network" bash scripts/quickstart.sh 2>&1); }
qs_health_field() { health_body "$qs_port" | json_field "$1"; }
# Processes whose working directory is inside the copy (next-server renames its command line).
qs_processes() { local p n=0; for p in /proc/[0-9]*; do [[ $(readlink "$p/cwd" 2>/dev/null) == "$qs"* ]] && n=$((n + 1)); done; echo "$n"; }
first_script_src() { curl -s --max-time 5 "http://127.0.0.1:$qs_port/login" | grep -o '/_next/static/[^"]*\.js' | head -1; }

begin "quick start: clean directory"
mkdir -p "$qs"
tar -C "$ROOT" --exclude=./node_modules --exclude='./.next*' --exclude=./data --exclude=./.env --exclude=./lib/generated \
  --exclude=./test-results --exclude=./.git -cf - . | tar -C "$qs" -xf -
cp -a "$ROOT/node_modules" "$qs/node_modules"
# The copied modules are the lock file's: the quick start's npm ci (registry, native builds) is skipped.
touch "$qs/node_modules/.package-lock.json"
out=$(qs_run); code=$?
check_eq "quickstart.sh exits 0" "$code" 0
((code == 0)) || echo "$out" | tail -30
qs_password=$(echo "$out" | sed -n 's/.*username admin *password \([^ ]*\).*/\1/p' | head -1)
check "the generated password is printed on the terminal" test -n "$qs_password"
check "the password is in no file of the installation" bash -c "! grep -rqsF -- '$qs_password' '$qs' --exclude-dir=node_modules"
check "the password is not in the log" bash -c "! grep -qF -- '$qs_password' '$qs/data/appliance.log'"
check "the administrator signs in with it" test -n "$(token "$qs_port" admin "$qs_password")"
build1=$(cat "$qs/.next/BUILD_ID")
check_eq "/api/health names the build just made" "$(qs_health_field build_id)" "$build1"
qs_pid1=$(cat "$qs/data/appliance.pid" 2>/dev/null)
check "the pid file names the running supervisor" grep -qsa 'scripts/start.mjs' "/proc/$qs_pid1/cmdline"

begin "quick start: re-run while running"
out=$(qs_run); code=$?
check_eq "the second quickstart.sh exits 0" "$code" 0
((code == 0)) || echo "$out" | tail -30
check_contains "it stops the old appliance first" "$out" "Stopping the running appliance"
check_contains "no new password on a re-run" "$out" "Sign in with your administrator account (admin)"
build2=$(cat "$qs/.next/BUILD_ID")
check "a new build was made" test "$build2" != "$build1"
check_eq "the new build answers /api/health" "$(qs_health_field build_id)" "$build2"
check "the old supervisor is gone" test ! -d "/proc/$qs_pid1"
check "the log has no EADDRINUSE" bash -c "! grep -q EADDRINUSE '$qs/data/appliance.log'"

begin "quick start: a test build leaves the running appliance alone"
script=$(first_script_src)
check "the login page names a script" test -n "$script"
out=$(cd "$qs" && env -u NEXT_DIST_DIR bash scripts/test-all.sh --build-only 2>&1); code=$?
check_eq "the test build exits 0" "$code" 0
((code == 0)) || echo "$out" | tail -20
check "it built into its own folder" test -f "$qs/.next-test/BUILD_ID"
check_eq "the operator's build is untouched" "$(cat "$qs/.next/BUILD_ID")" "$build2"
check_eq "the login page still answers 200" "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$qs_port/login")" 200
check_contains "its script is still served as JavaScript" "$(curl -s -o /dev/null -w '%{http_code} %{content_type}' --max-time 5 "http://127.0.0.1:$qs_port$script")" "200 application/javascript"
check_eq "the same build still answers" "$(qs_health_field build_id)" "$build2"

begin "quick start: the supervisor restarts a server killed under load"
qs_sup=$(cat "$qs/data/appliance.pid")
qs_server=$(cat "/proc/$qs_sup/task/$qs_sup/children" | awk '{print $1}')
check "the supervisor runs one server process" test -n "$qs_server"
load_pids=()
for _ in 1 2 3 4; do (while :; do curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$qs_port/login"; done) & load_pids+=($!); done
sleep 3
kill -KILL "$qs_server"
for _ in $(seq 60); do [[ $(qs_health_field restarts) == 1 ]] && break; sleep 1; done
kill "${load_pids[@]}" 2>/dev/null; wait "${load_pids[@]}" 2>/dev/null
check_eq "/api/health counts one restart" "$(qs_health_field restarts)" 1
check_eq "/api/health names the previous exit" "$(qs_health_field last_exit.signal)" SIGKILL
check "the supervisor stayed (same pid file)" test "$(cat "$qs/data/appliance.pid")" = "$qs_sup"
check "the log names the previous exit" grep -q 'server exited (killed (SIGKILL' "$qs/data/appliance.log"
check "the restarted server logs it too" grep -q 'restarted after the server exited: killed' "$qs/data/appliance.log"
check_contains "the audit log records the restart" "$(sql "$qs/data/netbird_msp.db" "SELECT action, details FROM AuditEvent WHERE action='system.restart'")" SIGKILL

begin "quick start: stop frees the port"
out=$(cd "$qs" && bash scripts/stop.sh 2>&1); code=$?
check_eq "scripts/stop.sh exits 0" "$code" 0
check_contains "it says the port is free" "$out" "port $qs_port is free"
check "nothing listens on the port" bash -c "! (. '$ROOT/scripts/appliance-pid.sh'; port_taken $qs_port)"
check_eq "no appliance process is left" "$(qs_processes)" 0
check "the pid file is removed" test ! -e "$qs/data/appliance.pid"

begin "quick start: a port held by another program is refused"
node -e 'require("net").createServer().listen(Number(process.argv[1]), "0.0.0.0")' "$qs_port" & squatter=$!
sleep 0.5
out=$(qs_run); code=$?
check "quickstart.sh fails" test "$code" -ne 0
check_contains "it names the taken port" "$out" "port $qs_port is already in use"
check_eq "nothing of the appliance runs" "$(qs_processes)" 0
kill "$squatter"; wait "$squatter" 2>/dev/null
