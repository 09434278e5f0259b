#!/usr/bin/env bash
# Links WeChat to the demo user: CloudBase's authorize URI, the WeChat page (local mode's emulator redirects straight
# back with a code, as if the user had scanned and agreed), the code exchanged for a provider token, the bind.
set -euo pipefail
GW=${GW:-http://localhost:8080}
DEVICE='quickstart-device-0001'                # CloudBase requires an x-device-id on the provider calls
REDIRECT='https://app.example.com/wechat-back'  # the page of your app that WeChat sends the user back to

# JSON request; --fail-with-body ends the script on any 4xx/5xx, showing the answer
call() { curl -sS --fail-with-body -H 'Content-Type: application/json' -H "x-device-id: $DEVICE" "$@"; }
# one string field of a JSON answer; fails, showing the answer, when the field is missing
field() { local body; body=$(cat); sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" <<<"$body" | grep . || { echo "no $1 in: $body" >&2; return 1; }; }

AT=$(call "$GW/auth/v1/signin" -d '{"username":"demo","password":"passwd"}' | field access_token)
AUTH="Authorization: Bearer $AT"
URI=$(call -G "$GW/auth/v1/provider/uri" --data-urlencode provider_id=wx_open --data-urlencode "redirect_uri=$REDIRECT" \
  --data-urlencode state=quickstart | field uri)
# a browser would open $URI; WeChat then redirects to $REDIRECT?code=…&state=quickstart
BACK=$(curl -sS --fail-with-body -o /dev/null -w '%{redirect_url}' "${URI%%#*}")
CODE=$(sed -n 's/^[^?]*?\(.*&\)\{0,1\}code=\([^&]*\).*/\2/p' <<<"$BACK" | grep .) || { echo "no code in: $BACK" >&2; exit 1; }
PT=$(call "$GW/auth/v1/provider/token" -d "{\"provider_id\":\"wx_open\",\"provider_code\":\"$CODE\",\"provider_redirect_uri\":\"$REDIRECT\"}" \
  | field provider_token)
call "$GW/auth/v1/user/provider/bind" -H "$AUTH" -d "{\"provider_token\":\"$PT\"}"; echo
call "$GW/auth/v1/user/provider" -H "$AUTH" | tr '{' '\n' | grep -F '"id":"wx_open"' | grep -qF '"bind":true' \
  || { echo "wx_open is not linked" >&2; exit 1; }
echo "demo's WeChat: linked"
