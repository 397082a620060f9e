# Shared by scripts/quickstart.sh and scripts/stop.sh: the pid file of the supervisor
# (scripts/start.mjs) and whether a TCP port is taken. Sourced, not run.

# port_taken PORT: true when something listens on PORT (a bind test, as the server would try it).
port_taken() {
  node -e 'const s=require("net").createServer();s.once("error",()=>process.exit(0));s.listen(Number(process.argv[1]),"0.0.0.0",()=>s.close(()=>process.exit(1)))' "$1"
}
# port_holder PORT: the processes listening on PORT, for error messages.
port_holder() {
  command -v ss >/dev/null 2>&1 && ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -3
}
# appliance_pid FILE: the supervisor's pid when FILE names a live start.mjs process.
appliance_pid() {
  local pid
  pid=$(cat "$1" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] && grep -qsa 'scripts/start.mjs' "/proc/$pid/cmdline" && echo "$pid"
}
# stop_appliance FILE PORT: SIGTERM to the supervisor (it stops the server and waits for it),
# SIGKILL to its process group after 20 s, then waits until PORT is free. Fails if it stays taken.
stop_appliance() {
  local file=$1 port=$2 pid
  pid=$(appliance_pid "$file" || true)
  if [[ -n $pid ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do [[ -d /proc/$pid ]] || break; sleep 0.2; done
    if [[ -d /proc/$pid ]]; then
      echo "The appliance did not stop within 20 s; killing it" >&2
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
  fi
  for _ in $(seq 1 50); do port_taken "$port" || return 0; sleep 0.2; done
  echo "Port $port is still in use by: $(port_holder "$port" || echo 'another program')" >&2
  return 1
}
