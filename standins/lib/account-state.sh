# Users, personal access tokens and the account settings of the management stand-ins, kept as
# small files under $data (standin-users/<id>, standin-tokens/<id>, standin-dns-domain), with the
# rules of NetBird's user and token managers: tokens live 1-365 days and are refused once
# expired or deleted; a user manages its own tokens, an admin or owner those of service users.

json_number() {
  echo "$1" | sed -n "s/.*\"$2\"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p"
}

json_bool() {
  echo "$1" | sed -n "s/.*\"$2\"[[:space:]]*:[[:space:]]*\(true\|false\).*/\1/p"
}

query_param() {
  case "$REQ_TARGET" in *\?*) echo "${REQ_TARGET#*\?}" | tr '&' '\n' | sed -n "s/^$1=//p" | head -n 1 ;; esac
}

path_part() { echo "$REQ_PATH" | cut -d/ -f "$1"; }

iso_date() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

field() { sed -n "s/^$2=//p" "$1" | head -n 1; }

# save_user <id> <email> <name> <role> <service:true|false>
save_user() {
  mkdir -p "$data/standin-users"
  printf 'id=%s\nemail=%s\nname=%s\nrole=%s\nservice=%s\n' "$1" "$2" "$3" "$4" "$5" >"$data/standin-users/$1"
}

user_json() {
  f=$data/standin-users/$1
  current=false
  [ "$1" = "$CALLER_ID" ] && current=true
  printf '{"id":"%s","email":"%s","name":"%s","role":"%s","status":"active","auto_groups":[],"is_current":%s,"is_service_user":%s,"is_blocked":false,"pending_approval":false,"issued":"api"}' \
    "$1" "$(field "$f" email)" "$(field "$f" name)" "$(field "$f" role)" "$current" "$(field "$f" service)"
}

# list_users [true|false]: all users, or only service users / only regular ones.
list_users() {
  out=
  for f in "$data"/standin-users/*; do
    [ -f "$f" ] || continue
    id=${f##*/}
    [ -n "$1" ] && [ "$(field "$f" service)" != "$1" ] && continue
    out="$out${out:+,}$(user_json "$id")"
  done
  echo "[$out]"
}

# make_token <user id> <name> <days> <creator id>: sets TOKEN_ID, TOKEN_PLAIN.
make_token() {
  mkdir -p "$data/standin-tokens"
  TOKEN_ID="tok$(random_token 17)"
  TOKEN_PLAIN="nbp_$(random_token 36)"
  now=$(date +%s)
  printf 'user=%s\nname=%s\ncreated=%s\nexpires=%s\ncreator=%s\nplain=%s\n' "$1" "$2" "$now" "$((now + $3 * 86400))" "$4" "$TOKEN_PLAIN" \
    >"$data/standin-tokens/$TOKEN_ID"
}

token_json() {
  f=$data/standin-tokens/$1
  printf '{"id":"%s","name":"%s","expiration_date":"%s","created_by":"%s","created_at":"%s"}' \
    "$1" "$(field "$f" name)" "$(iso_date "$(field "$f" expires)")" "$(field "$f" creator)" "$(iso_date "$(field "$f" created)")"
}

# The caller behind "Authorization: Token <pat>", if the token exists and has not expired.
authorized() {
  case "$AUTHORIZATION" in "Token "*) ;; *) return 1 ;; esac
  plain=${AUTHORIZATION#Token }
  echo "$plain" | grep -Eq '^nbp_[A-Za-z0-9]{36}$' || return 1
  file=$(grep -l "^plain=$plain\$" "$data"/standin-tokens/* 2>/dev/null | head -n 1)
  [ -n "$file" ] || return 1
  [ "$(field "$file" expires)" -gt "$(date +%s)" ] || return 1
  CALLER_ID=$(field "$file" user)
  [ -f "$data/standin-users/$CALLER_ID" ] || return 1
  CALLER_ROLE=$(field "$data/standin-users/$CALLER_ID" role)
}

is_admin() { [ "$CALLER_ROLE" = admin ] || [ "$CALLER_ROLE" = owner ]; }

# May the caller manage the tokens of user $1? Itself, or an admin a service user.
may_manage_tokens() {
  [ "$1" = "$CALLER_ID" ] && return 0
  is_admin && [ "$(field "$data/standin-users/$1" service)" = true ]
}

forbidden() { respond '403 Forbidden' '{"message":"permission denied","code":403}'; }
user_missing() { respond '404 Not Found' '{"message":"user not found","code":404}'; }

create_user_route() {
  name=$(json_field "$BODY" name)
  role=$(json_field "$BODY" role)
  service=$(json_bool "$BODY" is_service_user)
  if ! is_admin; then forbidden
  elif [ "$service" != true ]; then respond '422 Unprocessable Entity' '{"message":"only service users can be created without an invite","code":422}'
  elif [ "$role" != admin ] && [ "$role" != user ]; then respond '422 Unprocessable Entity' '{"message":"invalid user role","code":422}'
  else
    id="svc$(random_token 17)"
    save_user "$id" "" "$name" "$role" true
    respond '200 OK' "$(user_json "$id")"
  fi
}

token_list_route() {
  if [ ! -f "$data/standin-users/$1" ]; then user_missing
  elif ! may_manage_tokens "$1"; then forbidden
  else
    out=
    for f in $(grep -l "^user=$1\$" "$data"/standin-tokens/* 2>/dev/null); do out="$out${out:+,}$(token_json "${f##*/}")"; done
    respond '200 OK' "[$out]"
  fi
}

token_create_route() {
  name=$(json_field "$BODY" name)
  days=$(json_number "$BODY" expires_in)
  if [ ! -f "$data/standin-users/$1" ]; then user_missing
  elif ! may_manage_tokens "$1"; then forbidden
  elif [ -z "$name" ]; then respond '422 Unprocessable Entity' '{"message":"name can not be empty","code":422}'
  elif [ -z "$days" ] || [ "$days" -lt 1 ] || [ "$days" -gt 365 ]; then respond '422 Unprocessable Entity' '{"message":"expiration has to be between 1 and 365","code":422}'
  else
    make_token "$1" "$name" "$days" "$CALLER_ID"
    respond '200 OK' "{\"plain_token\":\"$TOKEN_PLAIN\",\"personal_access_token\":$(token_json "$TOKEN_ID")}"
  fi
}

token_delete_route() {
  f=$data/standin-tokens/$2
  if [ ! -f "$data/standin-users/$1" ]; then user_missing
  elif ! may_manage_tokens "$1"; then forbidden
  elif ! echo "$2" | grep -Eq '^[A-Za-z0-9]+$' || [ ! -f "$f" ] || [ "$(field "$f" user)" != "$1" ]; then respond '404 Not Found' '{"message":"token not found","code":404}'
  else rm -f "$f"; respond '200 OK' '{}'
  fi
}

account_json() {
  dns=$(cat "$data/standin-dns-domain" 2>/dev/null)
  printf '{"id":"standin-account","domain":"%s","domain_category":"private","created_by":"standin","created_at":"2026-01-01T00:00:00Z","settings":{"peer_login_expiration_enabled":true,"peer_login_expiration":86400,"peer_inactivity_expiration_enabled":false,"peer_inactivity_expiration":600,"regular_users_view_blocked":true,"groups_propagation_enabled":true,"jwt_groups_enabled":false,"routing_peer_dns_resolution_enabled":true,"dns_domain":"%s"}}' \
    "${NB_STANDIN_DOMAIN:-standin.local}" "$dns"
}

account_update_route() {
  if [ "$1" != standin-account ]; then respond '404 Not Found' '{"message":"account not found","code":404}'
  elif ! is_admin; then forbidden
  # NetBird requires the whole settings object; a body without it is refused, not half-applied.
  elif ! echo "$BODY" | grep -q '"peer_login_expiration"'; then respond '422 Unprocessable Entity' '{"message":"settings are required","code":422}'
  else
    dns=$(json_field "$BODY" dns_domain)
    echo "$dns" | grep -Eq '^[a-z0-9.-]*$' || { respond '422 Unprocessable Entity' '{"message":"invalid dns domain","code":422}'; return; }
    echo "$dns" >"$data/standin-dns-domain"
    respond '200 OK' "$(account_json)"
  fi
}
