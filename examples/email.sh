#!/usr/bin/env bash
# Links an e-mail address to the demo user: sign in, re-authenticate, send a code, read it from the outbox, verify, bind.
set -euo pipefail
GW=${GW:-http://localhost:8080}
EMAIL='demo@example.com'   # not a sandbox address: its code really goes out (to the outbox, in local mode)

# JSON request; --fail-with-body ends the script on any 4xx/5xx, showing the answer
call() { curl -sS --fail-with-body -H 'Content-Type: application/json' "$@"; }
# one string field of a JSON answer; fails, showing the answer, when the field is missing
field() { local body; body=$(cat); sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" <<<"$body" | grep . || { echo "no $1 in: $body" >&2; return 1; }; }

AT=$(call "$GW/auth/v1/signin" -d '{"username":"demo","password":"passwd"}' | field access_token)
AUTH="Authorization: Bearer $AT"
SUDO=$(call "$GW/auth/v1/user/sudo" -H "$AUTH" -d '{"password":"passwd"}' | field sudo_token)
VID=$(call "$GW/auth/v1/verification" -H "$AUTH" -d "{\"email\":\"$EMAIL\"}" | field verification_id)
CODE=$(call "$GW/local/outbox" | tr '{' '\n' | grep -m 1 -F "\"recipient\":\"$EMAIL\"" | field code)
VT=$(call "$GW/auth/v1/verification/verify" -d "{\"verification_id\":\"$VID\",\"verification_code\":\"$CODE\"}" | field verification_token)
call -X PATCH "$GW/auth/v1/user/contact" -H "$AUTH" \
  -d "{\"sudo_token\":\"$SUDO\",\"email\":\"$EMAIL\",\"verification_token\":\"$VT\"}"; echo
echo "demo's e-mail address: $(call "$GW/auth/v1/user/me" -H "$AUTH" | field email)"
