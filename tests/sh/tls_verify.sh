#!/usr/bin/env bash
# SECURITY.md, "TLS always": the GitHub client verifies the server's
# certificate. A loopback HTTPS server with a self-signed certificate (made
# here with openssl) answers a client that trusts that certificate (python,
# the control: the server works); relcap, which does not trust it, must
# fail the GitHub part of sync with a certificate error and send no request
# (so the token never travels). Skipped (77) without openssl, python3, git.
# $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
need openssl python3 git
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null ||
    fail "openssl req"
python3 - "$tmp" <<'PY' &
import http.server, ssl, sys, os
d = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(os.path.join(d, "requests.log"), "a") as f:
            f.write(self.path + "\n")
        body = b"[]"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
srv = http.server.HTTPServer(("127.0.0.1", 0), H)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(os.path.join(d, "cert.pem"), os.path.join(d, "key.pem"))
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
with open(os.path.join(d, "port.tmp"), "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(os.path.join(d, "port.tmp"), os.path.join(d, "port"))
srv.serve_forever()
PY
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do [ -f "$tmp/port" ] && break; sleep 0.1; done
[ -f "$tmp/port" ] || fail "the TLS server did not start"
url=https://127.0.0.1:$(cat "$tmp/port")
python3 -c 'import ssl, sys, urllib.request
ctx = ssl.create_default_context(cafile=sys.argv[2])
assert urllib.request.urlopen(sys.argv[1] + "/control", context=ctx).status == 200' \
    "$url" "$tmp/cert.pem" || fail "control: a client that trusts the certificate"

git init -q -b main "$repo"
git -C "$repo" -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m initial
st=0
GH_TOKEN=ghp_tls_secret "$relcap" -C "$repo" --db "$tmp/cache.db" -c "relcap.githubApi=$url" \
    -c relcap.github=o/r -c relcap.githubRetries=0 sync --no-fetch >"$tmp/out" 2>&1 || st=$?
[ "$st" -ne 0 ] || fail "sync against an untrusted certificate succeeded: $(cat "$tmp/out")"
grep -qiE "certificate|SSL" "$tmp/out" || fail "no certificate error: $(cat "$tmp/out")"
[ "$(cat "$tmp/requests.log")" = "/control" ] || fail "relcap sent requests: $(cat "$tmp/requests.log")"
echo "TLS: untrusted certificate refused ($(grep -oiE '[^:]*certificate[^.]*' "$tmp/out" | head -1))"
