#!/usr/bin/env bash
# Storm benchmark (not a test of time: it checks counts, and prints latency) of alert intake from a
# real Prometheus Alertmanager: STORM_FIRINGS distinct firings (10,000 by default) of PublishBlocked
# for one scope, posted to Alertmanager over STORM_SECONDS (60), then all resolved. Alertmanager groups
# them by alertname, scope and shard (STORM_SHARDS groups, so a group stays well inside the ledger's
# webhook body limit) and delivers to the ledger. Checks, and prints: incidents opened for the scope
# (must be 1), firings and resolutions on it (must be all), Alertmanager's failed notifications (must
# be 0); prints the ledger's webhook latency (count, mean, max) and Alertmanager's notification latency.
#
#   scripts/alertmanager-storm.sh                          starts ledger-api/target/*.jar itself
#   STORM_FIRINGS=1000 STORM_SECONDS=20 scripts/alertmanager-storm.sh
#   LEDGER_JAR=/tmp/other.jar JAVA_OPTS=-Dledger.storage.call-timeout=60s scripts/alertmanager-storm.sh
set -euo pipefail
cd "$(dirname "$0")/.."

STORM_FIRINGS=${STORM_FIRINGS:-10000}
STORM_SECONDS=${STORM_SECONDS:-60}
STORM_SHARDS=${STORM_SHARDS:-100}
WAIT_SECONDS=${WAIT_SECONDS:-600}

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

for tool in prometheus-alertmanager amtool curl jq java; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (apt-get install -y prometheus-alertmanager curl jq)"
done

work=$(mktemp -d)
pids=()
cleanup() {
    local status=$?
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    done
    if [ $status -ne 0 ]; then
        for log in "$work"/*.log; do
            [ -f "$log" ] && { echo "--- last lines of $log"; tail -n 40 "$log"; } >&2
        done
    fi
    rm -rf "$work"
    exit $status
}
trap cleanup EXIT INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local port=; while [ -z "$port" ] || ! port_free "$port"; do port=$((20000 + RANDOM % 20000)); done; echo "$port"; }

jar=${LEDGER_JAR:-$(ls ledger-api/target/ledger-api-*.jar 2>/dev/null | grep -v original | head -1 || true)}
[ -n "$jar" ] || fail "no ledger-api/target/ledger-api-*.jar: build it first (./mvnw -B -DskipTests package)"
LEDGER_PORT=$(free_port)
LEDGER_ALERT_TOKEN="am-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
LEDGER_READ_TOKEN="rd-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
step "starting the ledger ($jar) on 127.0.0.1:$LEDGER_PORT"
LEDGER_SECURITY_TOKENS_0_NAME=alertmanager LEDGER_SECURITY_TOKENS_0_ROLES=ALERT_INTAKE \
LEDGER_SECURITY_TOKENS_0_TOKEN="$LEDGER_ALERT_TOKEN" \
LEDGER_SECURITY_TOKENS_1_NAME=storm-reader LEDGER_SECURITY_TOKENS_1_ROLES=AUDITOR \
LEDGER_SECURITY_TOKENS_1_TOKEN="$LEDGER_READ_TOKEN" \
    java ${JAVA_OPTS:-} -jar "$jar" --server.address=127.0.0.1 --server.port="$LEDGER_PORT" \
    --ledger.data-dir="$work/ledger-data" >"$work/ledger.log" 2>&1 &
pids+=($!)
LEDGER_URL="http://127.0.0.1:$LEDGER_PORT"
for _ in $(seq 300); do
    curl -fsS "$LEDGER_URL/actuator/health" 2>/dev/null | grep -q UP && break
    sleep 1
done
curl -fsS "$LEDGER_URL/actuator/health" | grep -q UP || fail "the ledger did not become healthy"
read_ledger() { curl -fsS -H "Authorization: Bearer $LEDGER_READ_TOKEN" "$LEDGER_URL$1"; }

AM_PORT=$(free_port)
step "starting Alertmanager on 127.0.0.1:$AM_PORT (no cluster), $STORM_SHARDS groups"
printf '%s' "$LEDGER_ALERT_TOKEN" >"$work/ledger-token"
cat >"$work/alertmanager.yml" <<YAML
route:
  receiver: ledger
  group_by: [alertname, scope, shard]
  group_wait: 2s
  group_interval: 5s
  repeat_interval: 1h
receivers:
  - name: ledger
    webhook_configs:
      - url: $LEDGER_URL/alerts/alertmanager
        send_resolved: true
        max_alerts: 0
        http_config:
          authorization:
            type: Bearer
            credentials_file: $work/ledger-token
YAML
amtool check-config "$work/alertmanager.yml" >/dev/null || fail "amtool rejects the generated config"
prometheus-alertmanager --config.file="$work/alertmanager.yml" --storage.path="$work/am-data" \
    --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address= >"$work/alertmanager.log" 2>&1 &
pids+=($!)
AM="http://127.0.0.1:$AM_PORT"
for _ in $(seq 60); do curl -fsS "$AM/-/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "$AM/-/ready" >/dev/null || fail "Alertmanager did not become ready"

scope="locality/am-storm-$(date +%s)"
start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
batches=60
per_batch=$(( (STORM_FIRINGS + batches - 1) / batches ))
# $1 first alert, $2 count, $3 endsAt ("" while firing)
alerts() {
    jq -cn --arg scope "$scope" --arg start "$start" --arg ends "$3" --argjson from "$1" --argjson n "$2" \
        --argjson shards "$STORM_SHARDS" '
        [range($from; $from + $n) | {labels: {alertname: "PublishBlocked", scope: $scope, instance: ("publisher-" + tostring),
                                              shard: (. % $shards | tostring)},
                                     annotations: {summary: ("gate FAILED on publisher-" + tostring)},
                                     startsAt: $start} + (if $ends == "" then {} else {endsAt: $ends} end)]'
}
post_am() { curl -fsS -X POST -H 'Content-Type: application/json' --data-binary @- "$AM/api/v2/alerts" >/dev/null; }

step "firing $STORM_FIRINGS PublishBlocked alerts for $scope over ${STORM_SECONDS}s"
began=$(date +%s.%N)
for b in $(seq 0 $((batches - 1))); do
    from=$((b * per_batch)); n=$per_batch
    [ $((from + n)) -gt "$STORM_FIRINGS" ] && n=$((STORM_FIRINGS - from))
    if [ "$n" -gt 0 ]; then alerts "$from" "$n" "" | post_am || fail "Alertmanager refused batch $b"; fi
    # Alertmanager forgets a firing that is not re-sent within resolve_timeout (5m): the storm is shorter
    sleep "$(awk -v s="$STORM_SECONDS" -v b="$batches" 'BEGIN { printf "%.3f", s / b }')"
done

firings_on() { read_ledger "/incidents/$1" | jq '.alerts | length' || echo unknown; }
resolved_on() { read_ledger "/incidents/$1" | jq '[.alerts[] | select(.endsAt != null)] | length' || echo unknown; }
incident=
for _ in $(seq "$WAIT_SECONDS"); do
    # a busy ledger may answer a read 503 (its views not caught up in time): poll again
    incident=$(read_ledger "/incidents?scope=$scope" | jq -r '.[0].incidentId // empty' || true)
    [ -n "$incident" ] && [ "$(firings_on "$incident")" = "$STORM_FIRINGS" ] && break
    sleep 1
done
[ -n "$incident" ] || fail "no incident opened for $scope"
fired_after=$(awk -v a="$began" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
echo "   all firings on record ${fired_after}s after the storm began: $(firings_on "$incident")"

step "resolving all $STORM_FIRINGS"
ends=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for b in $(seq 0 $((batches - 1))); do
    from=$((b * per_batch)); n=$per_batch
    [ $((from + n)) -gt "$STORM_FIRINGS" ] && n=$((STORM_FIRINGS - from))
    if [ "$n" -gt 0 ]; then alerts "$from" "$n" "$ends" | post_am || fail "Alertmanager refused resolution batch $b"; fi
done
for _ in $(seq "$WAIT_SECONDS"); do
    [ "$(resolved_on "$incident")" = "$STORM_FIRINGS" ] && break
    sleep 1
done

opened=$(read_ledger "/incidents?scope=$scope" | jq length)
firings=$(firings_on "$incident")
resolutions=$(resolved_on "$incident")
am_metrics=$(curl -fsS "$AM/metrics")
failed=$(awk '/^alertmanager_notifications_failed_total\{.*integration="webhook"/ { s += $2 } END { print s + 0 }' <<<"$am_metrics")
sent=$(awk '/^alertmanager_notifications_total\{.*integration="webhook"/ { s += $2 } END { print s + 0 }' <<<"$am_metrics")
am_latency=$(awk '/^alertmanager_notification_latency_seconds_(sum|count)\{.*integration="webhook"/ { print $1 "=" $2 }' <<<"$am_metrics" | tr '\n' ' ')
ledger_latency=$(curl -fsS -H "Authorization: Bearer $LEDGER_READ_TOKEN" "$LEDGER_URL/actuator/prometheus" \
    | awk '/^http_server_requests_seconds_(count|sum|max)\{.*uri="\/alerts\/alertmanager"/ {
               name = $1; sub(/\{.*/, "", name); v[name] += $2 }
           END { printf "deliveries=%d mean_ms=%.0f max_ms=%.0f", v["http_server_requests_seconds_count"],
                 v["http_server_requests_seconds_count"] ? 1000 * v["http_server_requests_seconds_sum"] / v["http_server_requests_seconds_count"] : 0,
                 1000 * v["http_server_requests_seconds_max"] }')
echo "   incidents opened for the scope: $opened"
echo "   firings recorded: $firings of $STORM_FIRINGS; resolutions recorded: $resolutions"
echo "   Alertmanager webhook notifications: $sent sent, $failed failed; latency $am_latency"
echo "   ledger webhook: $ledger_latency"
[ "$opened" = 1 ] || fail "expected 1 incident for the storm, got $opened"
[ "$firings" = "$STORM_FIRINGS" ] || fail "expected $STORM_FIRINGS firings, got $firings"
[ "$resolutions" = "$STORM_FIRINGS" ] || fail "expected $STORM_FIRINGS resolutions, got $resolutions"
[ "$failed" = 0 ] || fail "Alertmanager counted $failed failed notifications"
echo "PASSED: storm of $STORM_FIRINGS firings from a real Alertmanager: 1 incident, every firing and resolution recorded once"
