# install.sh --help and refused answers: clear messages, nothing written.
begin "help"
out=$("$ROOT/install.sh" --help 2>&1); code=$?
check_eq "--help exits 0" "$code" 0
for flag in --yes --mode --prefix --data-dir --port --admin-password --base-domain --npm-url --source --no-build --no-systemd --base-image --upgrade --uninstall; do
  check_contains "--help lists $flag" "$out" "$flag"
done
out=$("$ROOT/install.sh" --frobnicate 2>&1); code=$?
check "an unknown option fails" test "$code" -ne 0
check_contains "an unknown option is named" "$out" "unknown option --frobnicate"
out=$("$ROOT/install.sh" --yes --port 2>&1); code=$?
check "a flag without its value fails" test "$code" -ne 0
check_contains "the flag without value is named" "$out" "--port needs a value"

begin "missing or bad answers with --yes"
target=$tmp/refused
out=$("$ROOT/install.sh" "${common[@]}" --mode native --prefix "$target/opt" --data-dir "$target/data" --port 1 --admin-email ops@example.com --base-domain msp.example.com 2>&1); code=$?
check "a missing password fails" test "$code" -ne 0
check_contains "the message names the missing answer" "$out" "missing answer: administrator password"
check_contains "the message names flag and variable" "$out" "--admin-password or environment variable NBMSP_ADMIN_PASSWORD"
check "nothing was created" test ! -e "$target"
out=$(NBMSP_ADMIN_PASSWORD=$password "$ROOT/install.sh" "${common[@]}" --mode native --prefix "$target/opt" --data-dir "$target/data" --admin-email ops@example.com 2>&1); code=$?
check "a missing base domain fails (password from the environment)" test "$code" -ne 0
check_contains "the base domain is named" "$out" "missing answer: base domain"
out=$("$ROOT/install.sh" "${common[@]}" --mode native --prefix "$target/opt" --admin-password short --admin-email ops@example.com --base-domain msp.example.com 2>&1); code=$?
check "a short password fails" test "$code" -ne 0
check_contains "the rule is stated" "$out" "at least 12 characters"
out=$("$ROOT/install.sh" "${common[@]}" --mode native --prefix "$target/opt" "${answers[@]}" --base-domain 'bad domain' 2>&1); code=$?
check_contains "a bad domain is refused" "$out" "is not a domain like msp.example.com"
out=$("$ROOT/install.sh" "${common[@]}" --prefix "$target/o p t" "${answers[@]}" 2>&1); code=$?
check_contains "a prefix with spaces is refused" "$out" "--prefix must be an absolute path"
check "still nothing was created" test ! -e "$target"
