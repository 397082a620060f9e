# Helpers for the installer tests: assertions, free ports, HTTP calls against an installed appliance.
# Sourced by tests/install/run.sh.

passed=0 failed=0 current=''

begin() { current=$1; echo "--- $current"; }
pass() { passed=$((passed + 1)); echo "  ok   $current: $1"; }
fail() { failed=$((failed + 1)); echo "  FAIL $current: $1"; }
# check "what" command...  — passes when the command succeeds.
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then pass "$what"; else fail "$what"; fi; }
check_eq() { if [[ $2 == "$3" ]]; then pass "$1"; else fail "$1 (expected '$3', got '$2')"; fi; }
check_contains() { if [[ $2 == *"$3"* ]]; then pass "$1"; else fail "$1 (no '$3' in: ${2:0:400})"; fi; }

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

health_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$1/api/health"; }
health_body() { curl -s --max-time 5 "http://127.0.0.1:$1/api/health"; }
# token PORT USER PASSWORD → prints the access token (empty on failure)
token() {
  node -e '
    const [port, username, password] = process.argv.slice(1);
    fetch(`http://127.0.0.1:${port}/api/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) })
      .then((r) => r.json()).then((j) => console.log(j.access_token ?? "")).catch(() => console.log(""));' "$1" "$2" "$3"
}
# api PORT TOKEN METHOD PATH [JSON] → prints "<status> <body>"
api() {
  node -e '
    const [port, token, method, path, body] = process.argv.slice(1);
    fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body || undefined })
      .then(async (r) => console.log(r.status, await r.text())).catch((e) => console.log(0, e.message));' "$@"
}
json_field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{let v;try{v=process.argv[1].split(".").reduce((o,k)=>o?.[k],JSON.parse(s))}catch{v=""}console.log(v??"")})' "$1"; }
sql() { node -e 'const D=require(process.argv[1]);const db=new D(process.argv[2]);const st=db.prepare(process.argv[3]);const r=st.reader?st.all():st.run();db.close();console.log(JSON.stringify(r))' "$ROOT/node_modules/better-sqlite3" "$@"; }
pid_alive() { [[ -n $1 && -d /proc/$1 ]]; }
