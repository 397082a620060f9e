# Native mode: fresh install, harmless re-run, upgrade keeping users and customers, uninstall.
native_port=$(free_port)
native=(--mode native --no-systemd --prefix "$native_prefix" --data-dir "$native_data" --port "$native_port")

begin "native: fresh install"
out=$("$ROOT/install.sh" "${common[@]}" "${native[@]}" "${answers[@]}" 2>&1); code=$?
check_eq "install.sh exits 0" "$code" 0
((code == 0)) || echo "$out" | tail -30
check_contains "ends with the URL" "$out" ":$native_port"
check_eq "/api/health answers 200" "$(health_code "$native_port")" 200
tok=$(token "$native_port" admin "$password")
check "the admin gets a token" test -n "$tok"
settings=$(api "$native_port" "$tok" GET /api/settings)
check_contains "the base domain was seeded" "$settings" '"base_domain":"msp.example.com"'
check_contains "the data directory was seeded" "$settings" "\"data_dir\":\"$native_data/tenants\""
check_eq ".env is mode 600" "$(stat -c %a "$native_prefix/.env")" 600
check_eq ".env holds only the container-level variables" "$(cut -d= -f1 "$native_prefix/.env" | sort | tr '\n' ' ')" "DATABASE_PATH DATA_DIR DOCKER_NETWORK HOST_IP LOG_LEVEL SECRET_KEY WEB_UI_PORT "
check "SECRET_KEY is 64 hex characters" grep -qE '^SECRET_KEY=[0-9a-f]{64}$' "$native_prefix/.env"
check "no password is written to disk" bash -c "! grep -rqs -- '$password' '$native_prefix' --exclude-dir=release"
check "the shared Docker network exists" docker network inspect "$network"
pid1=$(cat "$native_prefix/run/netbird-msp.pid" 2>/dev/null)
check "the pid file names a running process" pid_alive "$pid1"
check "the log file has the server output" grep -q "appliance ready" "$native_prefix/log/netbird-msp.log"

begin "native: backups run restic"
check "restic is on the host's PATH" restic version
out=$(api "$native_port" "$tok" PUT /api/settings/backups '{"repository_type":"local"}')
check_eq "the backup settings are saved" "${out%% *}" 200
check_contains "the generated repository password is shown" "$out" '"password":"'
out=$(api "$native_port" "$tok" POST /api/settings/backups/test)
check_eq "Test repository answers 200" "${out%% *}" 200
check_contains "the appliance runs restic and creates the repository" "$out" '"created":true'
check_contains "it reports restic's version" "$out" '"restic_version":"0.'
check "the repository is beside the database" test -f "$native_data/backups/config"

begin "native: re-run changes nothing"
env_sum=$(sha256sum "$native_prefix/.env")
release_stamp=$(stat -c %Y "$native_prefix/release/server.js")
admin_id=$(sql "$native_data/netbird_msp.db" "SELECT id FROM User WHERE username='admin'")
out=$("$ROOT/install.sh" "${common[@]}" --prefix "$native_prefix" --no-systemd 2>&1); code=$?
check_eq "re-run exits 0 without any answers" "$code" 0
((code == 0)) || echo "$out" | tail -20
check_contains "re-run reports the existing installation" "$out" "keeping its SECRET_KEY, database and settings"
check_contains "re-run leaves the running appliance alone" "$out" "nothing to change"
check_eq ".env is unchanged (same SECRET_KEY)" "$(sha256sum "$native_prefix/.env")" "$env_sum"
check_eq "the same process still serves" "$(cat "$native_prefix/run/netbird-msp.pid")" "$pid1"
check_eq "the release was not rewritten" "$(stat -c %Y "$native_prefix/release/server.js")" "$release_stamp"
check_eq "the admin is the same user" "$(sql "$native_data/netbird_msp.db" "SELECT id FROM User WHERE username='admin'")" "$admin_id"
check "the old token still works" test "$(api "$native_port" "$tok" GET /api/auth/me | cut -d' ' -f1)" = 200

begin "native: re-run with a new port"
new_port=$(free_port)
key_before=$(grep ^SECRET_KEY= "$native_prefix/.env")
out=$("$ROOT/install.sh" "${common[@]}" --prefix "$native_prefix" --no-systemd --port "$new_port" 2>&1); code=$?
check_eq "re-run with --port exits 0" "$code" 0
check_contains "it says why it restarts" "$out" "configuration changed"
check_eq "/api/health answers on the new port" "$(health_code "$new_port")" 200
check "the old port is free" test "$(health_code "$native_port")" != 200
check_eq "SECRET_KEY is kept" "$(grep ^SECRET_KEY= "$native_prefix/.env")" "$key_before"
env_sum=$(sha256sum "$native_prefix/.env")
native_port=$new_port
pid1=$(cat "$native_prefix/run/netbird-msp.pid")

begin "native: --upgrade keeps users and customers"
created=$(api "$native_port" "$tok" POST /api/users '{"username":"operator1","password":"Operator-password-1","role":"operator"}')
check_eq "a second user is created through the API" "$(echo "$created" | cut -d' ' -f1)" 201
sql "$native_data/netbird_msp.db" "INSERT INTO Customer (id, name, subdomain, email, maxDevices, status, createdAt, updatedAt) VALUES ('cust-upgrade', 'Acme', 'acme', 'it@acme.example', 20, 'active', 0, 0)" >/dev/null
out=$("$ROOT/install.sh" "${common[@]}" --prefix "$native_prefix" --no-systemd --upgrade 2>&1); code=$?
check_eq "--upgrade exits 0" "$code" 0
((code == 0)) || echo "$out" | tail -20
check_eq "/api/health answers 200 after the upgrade" "$(health_code "$native_port")" 200
backup=$(ls "$native_prefix"/backups/netbird_msp-*.db 2>/dev/null | head -1)
check "the database was backed up" test -s "$backup"
check_contains "the backup holds the customer" "$(sql "$backup" "SELECT subdomain FROM Customer")" acme
check "the appliance was restarted" test "$(cat "$native_prefix/run/netbird-msp.pid")" != "$pid1"
check_eq ".env is unchanged after the upgrade" "$(sha256sum "$native_prefix/.env")" "$env_sum"
check_contains "the customer survived" "$(sql "$native_data/netbird_msp.db" "SELECT subdomain FROM Customer WHERE id='cust-upgrade'")" acme
check "the admin still signs in" test -n "$(token "$native_port" admin "$password")"
check "the second user still signs in" test -n "$(token "$native_port" operator1 Operator-password-1)"
check "the old token survives (same SECRET_KEY)" test "$(api "$native_port" "$tok" GET /api/auth/me | cut -d' ' -f1)" = 200

begin "native: uninstall"
pid2=$(cat "$native_prefix/run/netbird-msp.pid")
out=$("$ROOT/install.sh" --uninstall --prefix "$native_prefix" 2>&1); code=$?
check_eq "--uninstall exits 0" "$code" 0
sleep 0.5
check "the appliance process is gone" bash -c "! grep -qsaE 'next-server|server.js' /proc/$pid2/cmdline"
check "the release is removed" test ! -e "$native_prefix/release"
check "the database is kept" test -f "$native_data/netbird_msp.db"
check_contains "it says what was kept" "$out" "Kept $native_data"
"$ROOT/install.sh" --uninstall --purge --prefix "$native_prefix" >/dev/null 2>&1
check "--purge removes the data" test ! -e "$native_data"
