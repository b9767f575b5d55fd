#!/bin/sh
# kartu serve from the outside: its options and settings, TLS beyond the
# loopback, the language, and a clean stop on SIGTERM.  (The pages themselves:
# tests/web/*.test.js, through web.t.)
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
echo 11112222 | "$K" --as Admin operator pin Sari >/dev/null

# serve ARGS...: start kartu serve in the background, wait for its address in
# $url (or for it to exit: $rc).
serve() {
	rm -f "$trash/url"
	"$K" serve --url-file "$trash/url" "$@" >"$out" 2>"$err" &
	spid=$!
	n=0 rc=
	while [ ! -s "$trash/url" ]; do
		if ! kill -0 $spid 2>/dev/null; then wait $spid; rc=$?; return; fi
		n=$((n + 1)); [ $n -gt 200 ] && { echo "Bail out! kartu serve did not start"; exit 1; }
		sleep 0.05
	done
	url=$(cat "$trash/url")
}
stop() { kill -TERM $spid; wait $spid; rc=$?; }
# get URL [node options]: status and headers of a GET, through node (TLS
# without checking the self-signed certificate).
get() {
	node -e '
const u = new URL(process.argv[1]);
const m = u.protocol === "https:" ? require("node:https") : require("node:http");
const req = m.request(u, { rejectUnauthorized: false, method: process.argv[2] || "GET",
  headers: JSON.parse(process.argv[3] || "{}") }, (res) => {
  let body = ""; res.on("data", (d) => body += d);
  res.on("end", () => { console.log("status " + res.statusCode);
    for (const [k, v] of Object.entries(res.headers)) console.log(k + ": " + v);
    console.log(body); });
});
req.on("error", (e) => { console.log("error " + e.code); });
req.end(process.argv[4] || "");' "$@" >"$out" 2>"$err"
}

expect 2 "a listen address without a port is refused" -- serve --listen 127.0.0.1
has "$err" "is no address to listen on" "and the message says what is wanted"
expect 2 "listening beyond this computer without TLS is refused" -- serve --listen 0.0.0.0:0
has "$err" "needs TLS" "and the message says TLS"
expect 2 "a certificate without its key is refused" -- serve --tls-cert /dev/null
expect 2 "--lang takes id or en" -- serve --lang fr

printf 'listen = 127.0.0.1:0\n' >"$trash/kartu.conf"
KARTU_CONFIG="$trash/kartu.conf" serve
same "$rc" "" "the listen setting is taken (port 0: a free one)"
case "$url" in http://127.0.0.1:[0-9]*/) pass "the address is said: $url" ;;
	*) fail "the address: '$url'" ;; esac
get "${url}masuk"
has "$out" "status 200" "the login page answers"
has "$out" '<html lang="id">' "in Indonesian by default"
has "$out" "content-security-policy: default-src 'self'" "with the security headers"
hasnt "$out" "strict-transport-security" "no HSTS over plain HTTP"
stop
same "$rc" 0 "SIGTERM stops it with status 0"

serve --listen 127.0.0.1:0 --lang en
get "${url}masuk"
has "$out" "<title>Log in" "--lang en gives English"
port=${url##*:}
port=${port%/}
serve2_out=$(mktemp "$trash/serve2.XXXXXX")
"$K" serve --listen "127.0.0.1:$port" >"$serve2_out" 2>&1
same "$?" 1 "a port already in use is a failure (exit 1)"
grep -q "cannot listen on" "$serve2_out" && pass "that says why" || fail "the message: $(cat "$serve2_out")"
stop

# TLS: a self-signed certificate for the counter's tablet.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$trash/key.pem" -out "$trash/cert.pem" \
    -days 2 -subj "/CN=kartu-test" >/dev/null 2>&1 || { echo "Bail out! openssl"; exit 1; }
serve --listen 0.0.0.0:0 --tls-cert "$trash/cert.pem" --tls-key "$trash/key.pem"
case "$url" in https://127.0.0.1:[0-9]*/) pass "with TLS it listens beyond the loopback: $url" ;;
	*) fail "the TLS address: '$url'" ;; esac
get "${url}masuk"
has "$out" "status 200" "the login page answers over TLS"
has "$out" "strict-transport-security: max-age=" "with HSTS"
host=${url#https://}
host=${host%/}
get "${url}masuk" POST "{\"Content-Type\":\"application/x-www-form-urlencoded\",\"Origin\":\"https://$host\"}" "operator=Sari&pin=11112222"
has "$out" "status 303" "a login over TLS"
has "$out" "Secure" "the session cookie is Secure under TLS"
has "$out" "HttpOnly" "and HttpOnly"
plain="http://$host/masuk"
get "$plain"
hasnt "$out" "status 200" "plain HTTP to the TLS port gets no page"
stop
same "$rc" 0 "and stops cleanly"
hasnt "$trash/err" "11112222" "no PIN in the server's log"

finish
