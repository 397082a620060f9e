# The management REST routes both stand-ins answer (classic management and the combined server).
# Call after read_request; $data is the directory with the stand-in's state files.
# Shapes follow NetBird's management openapi.yml (User, PersonalAccessToken, SetupKey,
# InstanceVersionInfo, Account). Like NetBird, every route but /api/instance and /api/setup needs
# a personal access token ("Authorization: Token …"); an unknown, deleted or expired one is 401.
. /standin/account-state.sh

owner_exists() { [ -f "$data/standin-owner.json" ]; }

unauthorized() { respond '401 Unauthorized' '{"message":"token invalid","code":401}'; }

management_routes() {
  case "$METHOD $REQ_PATH" in
    "GET /api/instance")
      if owner_exists; then respond '200 OK' '{"setup_required":false}'; else respond '200 OK' '{"setup_required":true}'; fi
      ;;
    "POST /api/setup")
      email=$(json_field "$BODY" email)
      password=$(json_field "$BODY" password)
      name=$(json_field "$BODY" name)
      days=$(json_number "$BODY" pat_expire_in)
      if [ -z "$email" ] || [ ${#password} -lt 8 ] || [ ${#password} -gt 72 ]; then
        respond '422 Unprocessable Entity' '{"message":"email and a password of 8-72 characters are required","code":422}'
      # mkdir is atomic: of two concurrent setup calls only one creates the owner.
      elif ! mkdir "$data/standin-owner.lock" 2>/dev/null; then
        respond '412 Precondition Failed' '{"message":"setup already completed","code":412}'
      else
        user_id="standin-$(random_token 12)"
        printf '{"user_id":"%s","email":"%s","name":"%s"}' "$user_id" "$email" "$name" >"$data/standin-owner.json"
        save_user "$user_id" "$email" "$name" owner false
        if [ "$NB_SETUP_PAT_ENABLED" = "true" ] && echo "$BODY" | grep -q '"create_pat"[[:space:]]*:[[:space:]]*true'; then
          # NetBird's default is one day when pat_expire_in is left out.
          make_token "$user_id" "setup token" "${days:-1}" "$user_id"
          echo "$TOKEN_PLAIN" >"$data/standin-pat"
          respond '200 OK' "{\"user_id\":\"$user_id\",\"email\":\"$email\",\"personal_access_token\":\"$TOKEN_PLAIN\"}"
        else
          respond '200 OK' "{\"user_id\":\"$user_id\",\"email\":\"$email\"}"
        fi
      fi
      ;;
    "GET /api/standin/forwarded")
      # A test aid NetBird does not have: the client headers as they arrived here, the ones
      # NetBird's real-IP middleware reads (X-Forwarded-For first, then X-Real-IP). Only address
      # characters are echoed, so the answer stays valid JSON whatever a sender put in them.
      xff=$(printf '%s' "$FORWARDED_FOR" | tr -dc '0-9A-Fa-f.:, ' | sed 's/^ *//')
      xri=$(printf '%s' "$REAL_IP" | tr -dc '0-9A-Fa-f.:' )
      respond '200 OK' "{\"x_forwarded_for\":\"$xff\",\"x_real_ip\":\"$xri\"}"
      ;;
    "GET /oauth2/.well-known/openid-configuration")
      iss=$NB_STANDIN_ISSUER
      respond '200 OK' "{\"issuer\":\"$iss\",\"authorization_endpoint\":\"$iss/auth\",\"token_endpoint\":\"$iss/token\",\"jwks_uri\":\"$iss/keys\",\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}"
      ;;
    "GET /api/"* | "POST /api/"* | "PUT /api/"* | "DELETE /api/"*)
      if authorized; then api_routes; else unauthorized; fi
      ;;
    *)
      respond '404 Not Found' '{"message":"not found","code":404}'
      ;;
  esac
}

# Routes behind a valid token; $CALLER_ID and $CALLER_ROLE name its user.
api_routes() {
  case "$METHOD $REQ_PATH" in
    "GET /api/peers")
      if [ ! -f "$data/standin-peers.json" ]; then respond '200 OK' '[]'
      # Peers are what the test wrote to standin-peers.json; a variant image whose peers do
      # not come back after an upgrade (NB_STANDIN_PEERS_STAY_AWAY) reports every one offline.
      elif [ -n "$NB_STANDIN_PEERS_STAY_AWAY" ]; then respond '200 OK' "$(sed 's/"connected":[[:space:]]*true/"connected":false/g' "$data/standin-peers.json")"
      else respond '200 OK' "$(cat "$data/standin-peers.json")"
      fi
      ;;
    "GET /api/instance/version")
      # A test announces a newer release by writing its version to standin-available-version.
      available=$(cat "$data/standin-available-version" 2>/dev/null)
      if [ -n "$available" ]; then
        respond '200 OK' "{\"management_current_version\":\"${NB_STANDIN_VERSION:-0.77.1}\",\"management_available_version\":\"$available\",\"management_update_available\":true}"
      else
        respond '200 OK' "{\"management_current_version\":\"${NB_STANDIN_VERSION:-0.77.1}\",\"management_update_available\":false}"
      fi
      ;;
    "GET /api/setup-keys")
      if [ -f "$data/standin-setup-keys.json" ]; then respond '200 OK' "$(cat "$data/standin-setup-keys.json")"; else respond '200 OK' '[]'; fi
      ;;
    "GET /api/users") respond '200 OK' "$(list_users "$(query_param service_user)")" ;;
    "POST /api/users") create_user_route ;;
    "GET /api/users/"*/tokens) token_list_route "$(path_part 4)" ;;
    "POST /api/users/"*/tokens) token_create_route "$(path_part 4)" ;;
    "DELETE /api/users/"*/tokens/*) token_delete_route "$(path_part 4)" "$(path_part 6)" ;;
    "GET /api/accounts") respond '200 OK' "[$(account_json)]" ;;
    "PUT /api/accounts/"*) account_update_route "$(path_part 4)" ;;
    *) respond '404 Not Found' '{"message":"not found","code":404}' ;;
  esac
}
