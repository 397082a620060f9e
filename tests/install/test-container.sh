# Container mode: image from the local base, Docker socket and data directory mounted.
box_port=$(free_port)
box=(--mode container --prefix "$box_prefix" --data-dir "$box_data" --port "$box_port" --base-image netbird-msp-base:local --image "$image" --container-name "$container")

begin "container: local base image"
out=$("$ROOT/scripts/make-base-image.sh" 2>&1); code=$?
check_eq "make-base-image.sh exits 0" "$code" 0
((code == 0)) || echo "$out"
check "the base image runs node" docker run --rm netbird-msp-base:local node -e 'process.exit(process.versions.node.startsWith("20") ? 0 : 1)'

begin "container: install"
out=$("$ROOT/install.sh" "${common[@]}" "${box[@]}" "${answers[@]}" 2>&1); code=$?
check_eq "install.sh --mode container exits 0" "$code" 0
((code == 0)) || echo "$out" | tail -30
echo "$out" | grep -E "image .*MB" | sed 's/^ */  /'
check_eq "/api/health answers 200" "$(health_code "$box_port")" 200
check_eq "the appliance reaches Docker through the mounted socket" "$(health_body "$box_port" | json_field docker.reachable)" true
check "the admin gets a token" test -n "$(token "$box_port" admin "$password")"
check_eq "the container runs as the non-root user" "$(docker inspect -f '{{.Config.User}}' "$container")" 10001:10001
check_eq "the restart policy is set" "$(docker inspect -f '{{.HostConfig.RestartPolicy.Name}}' "$container")" unless-stopped
check_contains "the data directory is mounted at the same path" "$(docker inspect -f '{{range .Mounts}}{{.Source}}={{.Destination}} {{end}}' "$container")" "$box_data=$box_data"
check "no password in the container's configuration" bash -c "! docker inspect '$container' | grep -q -- '$password'"
check "the database is in the host's data directory" test -f "$box_data/netbird_msp.db"
hc=$(docker inspect -f '{{json .Config.Healthcheck.Test}}' "$image" | json_field 3)
check "the image's HEALTHCHECK command passes" docker exec "$container" node -e "$hc"

begin "container: backups run restic inside the image"
check_contains "the image carries restic" "$(docker exec "$container" restic version 2>&1)" "restic 0."
check_eq "restic is the copy the image carries" "$(docker exec "$container" sh -c 'command -v restic' 2>&1)" /usr/local/bin/restic
box_tok=$(token "$box_port" admin "$password")
out=$(api "$box_port" "$box_tok" PUT /api/settings/backups '{"repository_type":"local"}')
check_eq "the backup settings are saved" "${out%% *}" 200
out=$(api "$box_port" "$box_tok" POST /api/settings/backups/test)
check_eq "Test repository answers 200" "${out%% *}" 200
check_contains "restic runs as the appliance's user and creates the repository" "$out" '"created":true'
check "the repository is in the mounted data directory" test -f "$box_data/backups/config"

begin "container: re-run changes nothing"
cid=$(docker inspect -f '{{.Id}}' "$container")
check "the container exists" test -n "$cid"
out=$("$ROOT/install.sh" "${common[@]}" --prefix "$box_prefix" 2>&1); code=$?
check_eq "re-run exits 0" "$code" 0
check_contains "re-run leaves the container alone" "$out" "nothing to change"
check_eq "the same container still runs" "$(docker inspect -f '{{.Id}}' "$container")" "$cid"

begin "container: uninstall"
out=$("$ROOT/install.sh" --uninstall --purge --prefix "$box_prefix" 2>&1); code=$?
check_eq "--uninstall --purge exits 0" "$code" 0
((code == 0)) || echo "$out"
check "the container is removed" bash -c "! docker container inspect '$container'"
check "the data is purged" test ! -e "$box_data"
