#!/usr/bin/env bash
# Load benchmark of `loket serve` on SQLite: a bare route (/healthz) and the full signed WhatsApp webhook path
# (signature + parse + understanding + machine + durable commit + 200), measured with wrk in one run.
#   benchmarks/load.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
connections="${2:-32}"
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }

swift build -c release --product loket >/dev/null
work="$(mktemp -d /tmp/loket-load.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
secret="bench-secret"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

# Unique signed messages from many citizens, in the exact shape and signature of the platform.
python3 - "$work/requests.tsv" "$secret" <<'PY'
import hashlib, hmac, json, sys
path, secret = sys.argv[1], sys.argv[2].encode()
texts = ["halo min", "menu", "kartu bpjs saya nonaktif gmn biar aktif lg", "berapa iurannya?", "terima kasih", "batal"]
with open(path, "w") as out:
    for i in range(120000):
        sender = "62812%08d" % (i % 5000)
        body = json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp", "metadata": {"display_phone_number": "628118165165", "phone_number_id": "1"},
            "contacts": [{"profile": {"name": "Warga"}, "wa_id": sender}],
            "messages": [{"from": sender, "id": "wamid.bench.%d" % i, "timestamp": "1772417700", "type": "text",
                          "text": {"body": texts[i % len(texts)]}}]}}]}]}, separators=(",", ":"))
        signature = "sha256=" + hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
        out.write(signature + "\t" + body + "\n")
PY

# One address and a few thousand citizens sending faster than people type: the request limits are off here.
(cd "$work" && ln -s "$OLDPWD/config" config && LOKET_WHATSAPP_APP_SECRET="$secret" LOKET_WHATSAPP_VERIFY_TOKEN=bench \
    LOKET_ADDRESS_LIMIT_PER_MINUTE=0 LOKET_SENDER_LIMIT_PER_MINUTE=0 \
    exec "$OLDPWD/.build/release/loket" serve --port "$port" >"$work/server.log" 2>&1) &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

# The server's CPU time (user + system, in clock ticks) so far, to tell what one request costs it.
ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
# Replies handed to the transport so far.
sent() { curl -sf "http://127.0.0.1:$port/metrics" | awk '/^loket_messages_sent_total/ { total += $2 } END { print total + 0 }'; }
# Waits until the replies to everything accepted have gone out: the count stops growing.
drained() {
    local previous=-1 now
    while now="$(sent)"; [ "$now" != "$previous" ]; do previous="$now"; sleep 1; done
}
# Runs wrk with the given arguments and prints its figures, then the server's CPU time per request, counted until
# the replies to those requests have gone out (sending them is part of what a message costs).
measure() {
    local before output requests
    drained
    before="$(ticks)"
    output="$(wrk "$@")"
    drained
    requests="$(awk '/requests in/ { print $1 }' <<<"$output")"
    rate="$(awk '/Requests\/sec/ { print $2 }' <<<"$output")"
    grep -E "Requests/sec|^ +99%|^ +50%|Non-2xx" <<<"$output"
    awk -v t="$(( $(ticks) - before ))" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
        'BEGIN { printf "  server CPU per request, replies sent: %.0f µs\n", t / hz / n * 1e6 }'
}

echo "== bare route: GET /healthz ($connections connections, ${seconds}s)"
measure -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/healthz"
bare="$rate"
echo "== full path: signed WhatsApp webhook, each a new message ($connections connections, ${seconds}s)"
LOKET_BENCH_REQUESTS="$work/requests.tsv" measure -t2 -c"$connections" -d"${seconds}s" --latency \
    -s benchmarks/whatsapp-webhook.lua "http://127.0.0.1:$port"
awk -v full="$rate" -v bare="$bare" 'BEGIN { printf "  full path / bare route: %.0f%% (the budget asks at least 50%%)\n", full / bare * 100 }'
echo "== full path at lower load (connections / 8)"
LOKET_BENCH_REQUESTS="$work/requests.tsv" measure -t1 -c"$(( connections / 8 > 0 ? connections / 8 : 1 ))" -d"${seconds}s" --latency \
    -s benchmarks/whatsapp-webhook.lua "http://127.0.0.1:$port"
