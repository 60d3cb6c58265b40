#!/usr/bin/env bash
# Benchmark (not a test: it asserts nothing about time) of the Alertmanager webhook: prints, against
# the number of alerts in one delivery (1, 10, 100, 1000 by default), how long Alertmanager waits for
# its answer (ack_ms: the delivery is on record; 200 if routed within the default wait, else 202) and
# how long until every alert of it is routed (routed_ms, from the send: a re-post with ?wait= returns
# once routed), for a new delivery (every alert a new firing of one class and scope: one incident
# opened, the rest attached); then an exact repeat (Alertmanager's re-send every repeat interval) and
# a changed group (one alert resolved out of it, one new: the same size, so 1000 stays within the
# webhook's bound), both acknowledgements. Runs against the built jar (started here on a free
# loopback port with the embedded PostgreSQL) or a ledger already running.
#
#   scripts/alert-benchmark.sh                      starts ledger-api/target/ledger-api-*.jar itself
#   SIZES="1 10 200" ROUNDS=5 scripts/alert-benchmark.sh
#   LEDGER_URL=http://127.0.0.1:8080 LEDGER_ALERT_TOKEN=… scripts/alert-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1 10 100 1000"}
ROUNDS=${ROUNDS:-3}

fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in curl jq java; do command -v "$tool" >/dev/null || fail "$tool is not installed"; done

work=$(mktemp -d)
pid=
cleanup() {
    local status=$?
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; fi
    [ $status -ne 0 ] && [ -f "$work/ledger.log" ] && { echo "--- last lines of the ledger's log"; tail -n 40 "$work/ledger.log"; } >&2
    rm -rf "$work"
    exit $status
}
trap cleanup EXIT INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ -z "${LEDGER_URL:-}" ]; then
    jar=$(ls ledger-api/target/ledger-api-*.jar 2>/dev/null | grep -v original | head -1 || true)
    [ -n "$jar" ] || fail "no ledger-api/target/ledger-api-*.jar: build it first (./mvnw -B -DskipTests package)"
    port=${LEDGER_PORT:-}
    while [ -z "$port" ] || ! port_free "$port"; do port=$((20000 + RANDOM % 20000)); done
    LEDGER_ALERT_TOKEN="am-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    echo "== starting the ledger ($jar) on 127.0.0.1:$port" >&2
    LEDGER_SECURITY_TOKENS_0_NAME=alertmanager LEDGER_SECURITY_TOKENS_0_ROLES=ALERT_INTAKE \
    LEDGER_SECURITY_TOKENS_0_TOKEN="$LEDGER_ALERT_TOKEN" \
        java ${JAVA_OPTS:-} -jar "$jar" --server.address=127.0.0.1 --server.port="$port" \
        --ledger.data-dir="$work/ledger-data" >"$work/ledger.log" 2>&1 &
    pid=$!
    LEDGER_URL="http://127.0.0.1:$port"
    for _ in $(seq 240); do
        curl -fsS "$LEDGER_URL/actuator/health" 2>/dev/null | grep -q UP && break
        kill -0 "$pid" 2>/dev/null || fail "the ledger stopped while starting"
        sleep 1
    done
    curl -fsS "$LEDGER_URL/actuator/health" | grep -q UP || fail "the ledger did not become healthy"
    echo "   ledger pid $pid (profile it with: jcmd $pid Thread.print)" >&2
fi
: "${LEDGER_ALERT_TOKEN:?set LEDGER_ALERT_TOKEN (a token with role ALERT_INTAKE)}"

# A delivery of $1 firings of PublishBlocked for scope $2 (fingerprints numbered from $3, default 0), as Alertmanager sends it.
payload() {
    jq -cn --argjson n "$1" --arg scope "$2" --argjson from "${3:-0}" --arg start "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '{
        version: "4", receiver: "ledger", status: "firing", groupKey: ("{}:{scope=\"" + $scope + "\"}"),
        externalURL: "http://alertmanager.bench:9093", truncatedAlerts: 0,
        groupLabels: {scope: $scope}, commonLabels: {alertname: "PublishBlocked", scope: $scope}, commonAnnotations: {},
        alerts: [range($from; $from + $n) | {status: "firing",
            labels: {alertname: "PublishBlocked", scope: $scope, instance: ("node-" + tostring), severity: "page"},
            annotations: {summary: ("publish_blocked at the verifier gate on node-" + tostring),
                          description: "gate \u001b[31mFAILED\u001b[0m, see the publisher log"},
            startsAt: $start, endsAt: "0001-01-01T00:00:00Z",
            generatorURL: "http://prometheus.bench:9090/graph?g0.expr=publish_blocked",
            fingerprint: ((1000000000000000 + .) | tostring)}]}'
}

# Posts file $1 (with query $2, if any); prints "seconds http_status".
post() {
    curl -sS -o "$work/answer.json" -w '%{time_total} %{http_code}' -X POST "$LEDGER_URL/alerts/alertmanager${2:-}" \
        -H "Authorization: Bearer $LEDGER_ALERT_TOKEN" -H 'Content-Type: application/json' --data-binary "@$1"
}

ms() { awk -v s="$1" 'BEGIN { printf "%d", s * 1000 + 0.5 }'; }
now_ms() { date +%s%3N; }
acknowledged() { [ "$1" = 200 ] || [ "$1" = 202 ] || fail "HTTP $1 for $size alerts: $(cat "$work/answer.json")"; }

run=$(date +%s)
printf '%8s %6s %8s %10s %10s %10s %s\n' alerts round ack_ms routed_ms repeat_ms changed_ms answer
for size in $SIZES; do
    for round in $(seq "$ROUNDS"); do
        scope="locality/bench-$run-$size-$round"
        payload "$size" "$scope" >"$work/new.json"
        payload "$size" "$scope" 1 >"$work/changed.json"
        sent=$(now_ms)
        read -r new_s new_code <<<"$(post "$work/new.json")"
        acknowledged "$new_code"
        read -r _ routed_code <<<"$(post "$work/new.json" '?wait=PT60S')"
        routed_ms=$(( $(now_ms) - sent ))
        [ "$routed_code" = 200 ] || fail "not routed within 60 s: HTTP $routed_code $(cat "$work/answer.json")"
        summary=$(jq -c '{routed, duplicates}' "$work/answer.json" 2>/dev/null || echo '?')
        read -r repeat_s repeat_code <<<"$(post "$work/new.json")"
        acknowledged "$repeat_code"
        read -r changed_s changed_code <<<"$(post "$work/changed.json")"
        acknowledged "$changed_code"
        printf '%8d %6d %8d %10d %10d %10d %s\n' "$size" "$round" "$(ms "$new_s")" "$routed_ms" "$(ms "$repeat_s")" \
            "$(ms "$changed_s")" "$summary"
    done
done
