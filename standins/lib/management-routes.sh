# The management REST routes both stand-ins answer (classic management and the combined server).
# Call after read_request; $data is the directory with the stand-in's state files.

owner_exists() { [ -f "$data/standin-owner.json" ]; }

authorized() { [ -f "$data/standin-pat" ] && [ "$AUTHORIZATION" = "Token $(cat "$data/standin-pat")" ]; }

management_routes() {
  case "$METHOD $REQ_PATH" in
    "GET /api/instance")
      if owner_exists; then respond '200 OK' '{"setup_required":false}'; else respond '200 OK' '{"setup_required":true}'; fi
      ;;
    "POST /api/setup")
      email=$(json_field "$BODY" email)
      password=$(json_field "$BODY" password)
      name=$(json_field "$BODY" name)
      if [ -z "$email" ] || [ ${#password} -lt 8 ] || [ ${#password} -gt 72 ]; then
        respond '422 Unprocessable Entity' '{"message":"email and a password of 8-72 characters are required","code":422}'
      # mkdir is atomic: of two concurrent setup calls only one creates the owner.
      elif ! mkdir "$data/standin-owner.lock" 2>/dev/null; then
        respond '412 Precondition Failed' '{"message":"setup already completed","code":412}'
      else
        user_id="standin-$(random_token 12)"
        printf '{"user_id":"%s","email":"%s","name":"%s"}' "$user_id" "$email" "$name" >"$data/standin-owner.json"
        if [ "$NB_SETUP_PAT_ENABLED" = "true" ] && echo "$BODY" | grep -q '"create_pat"[[:space:]]*:[[:space:]]*true'; then
          pat="nbp_$(random_token 36)"
          echo "$pat" >"$data/standin-pat"
          respond '200 OK' "{\"user_id\":\"$user_id\",\"email\":\"$email\",\"personal_access_token\":\"$pat\"}"
        else
          respond '200 OK' "{\"user_id\":\"$user_id\",\"email\":\"$email\"}"
        fi
      fi
      ;;
    "GET /api/peers")
      if ! authorized; then respond '401 Unauthorized' '{"message":"token invalid","code":401}'
      elif [ -f "$data/standin-peers.json" ]; then respond '200 OK' "$(cat "$data/standin-peers.json")"
      else respond '200 OK' '[]'
      fi
      ;;
    "GET /api/instance/version")
      if ! authorized; then respond '401 Unauthorized' '{"message":"token invalid","code":401}'
      else respond '200 OK' "{\"management_current_version\":\"${NB_STANDIN_VERSION:-0.77.1}\",\"management_update_available\":false}"
      fi
      ;;
    "GET /oauth2/.well-known/openid-configuration")
      iss=$NB_STANDIN_ISSUER
      respond '200 OK' "{\"issuer\":\"$iss\",\"authorization_endpoint\":\"$iss/auth\",\"token_endpoint\":\"$iss/token\",\"jwks_uri\":\"$iss/keys\",\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}"
      ;;
    *)
      respond '404 Not Found' '{"message":"not found","code":404}'
      ;;
  esac
}
