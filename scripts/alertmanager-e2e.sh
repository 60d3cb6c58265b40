#!/usr/bin/env bash
# End-to-end check of alert intake against a real Prometheus Alertmanager (Debian package
# prometheus-alertmanager, which brings amtool): starts Alertmanager on loopback with a webhook
# receiver pointing at the ledger, fires, re-fires and resolves alerts with amtool, and checks the
# incidents the ledger shows. Fails loudly on the first unmet expectation; stops what it started.
#
#   scripts/alertmanager-e2e.sh                    starts the ledger from ledger-api/target/*.jar itself
#   LEDGER_URL=http://127.0.0.1:8080 LEDGER_ALERT_TOKEN=… LEDGER_READ_TOKEN=… scripts/alertmanager-e2e.sh
#                                                  uses a ledger already running (tokens: ALERT_INTAKE, and a reader)
set -euo pipefail
cd "$(dirname "$0")/.."

ALERTMANAGER_PORT=${ALERTMANAGER_PORT:-19093}
LEDGER_PORT=${LEDGER_PORT:-18080}
WAIT_SECONDS=${WAIT_SECONDS:-60}

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

for tool in prometheus-alertmanager amtool curl jq; do
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

# Polls "$@" (a command) once a second until it succeeds, for at most WAIT_SECONDS.
await() {
    local what=$1; shift
    for _ in $(seq "$WAIT_SECONDS"); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 1
    done
    fail "$what: not true after ${WAIT_SECONDS}s"
}

if [ -z "${LEDGER_URL:-}" ]; then
    jar=$(ls ledger-api/target/ledger-api-*.jar 2>/dev/null | grep -v original | head -1 || true)
    [ -n "$jar" ] || fail "no ledger-api/target/ledger-api-*.jar: build it first (./mvnw -B -DskipTests package)"
    port_free "$LEDGER_PORT" || fail "port $LEDGER_PORT is in use (set LEDGER_PORT)"
    LEDGER_ALERT_TOKEN="am-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    LEDGER_READ_TOKEN="rd-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    step "starting the ledger ($jar) on 127.0.0.1:$LEDGER_PORT"
    LEDGER_SECURITY_TOKENS_0_NAME=alertmanager LEDGER_SECURITY_TOKENS_0_ROLES=ALERT_INTAKE \
    LEDGER_SECURITY_TOKENS_0_TOKEN="$LEDGER_ALERT_TOKEN" \
    LEDGER_SECURITY_TOKENS_1_NAME=e2e-reader LEDGER_SECURITY_TOKENS_1_ROLES=AUDITOR \
    LEDGER_SECURITY_TOKENS_1_TOKEN="$LEDGER_READ_TOKEN" \
        java -jar "$jar" --server.address=127.0.0.1 --server.port="$LEDGER_PORT" --ledger.data-dir="$work/ledger-data" \
        >"$work/ledger.log" 2>&1 &
    pids+=($!)
    LEDGER_URL="http://127.0.0.1:$LEDGER_PORT"
    WAIT_SECONDS=180 await "ledger health at $LEDGER_URL" \
        sh -c "curl -fsS $LEDGER_URL/actuator/health | grep -q UP"
fi
: "${LEDGER_ALERT_TOKEN:?set LEDGER_ALERT_TOKEN (a token with role ALERT_INTAKE)}"
: "${LEDGER_READ_TOKEN:?set LEDGER_READ_TOKEN (a token that may read incidents)}"

read_ledger() { curl -fsS -H "Authorization: Bearer $LEDGER_READ_TOKEN" "$LEDGER_URL$1"; }

step "starting Alertmanager on 127.0.0.1:$ALERTMANAGER_PORT (no cluster)"
port_free "$ALERTMANAGER_PORT" || fail "port $ALERTMANAGER_PORT is in use (set ALERTMANAGER_PORT)"
printf '%s' "$LEDGER_ALERT_TOKEN" >"$work/ledger-token"
cat >"$work/alertmanager.yml" <<YAML
route:
  receiver: ledger
  group_by: [alertname, scope]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 4s
receivers:
  - name: ledger
    webhook_configs:
      - url: $LEDGER_URL/alerts/alertmanager
        send_resolved: true
        max_alerts: 50
        http_config:
          authorization:
            type: Bearer
            credentials_file: $work/ledger-token
YAML
amtool check-config "$work/alertmanager.yml" >/dev/null || fail "amtool rejects the generated config"
prometheus-alertmanager --config.file="$work/alertmanager.yml" --storage.path="$work/am-data" \
    --web.listen-address="127.0.0.1:$ALERTMANAGER_PORT" --cluster.listen-address= >"$work/alertmanager.log" 2>&1 &
pids+=($!)
AM="http://127.0.0.1:$ALERTMANAGER_PORT"
await "Alertmanager ready at $AM" curl -fsS "$AM/-/ready"

run=$(date +%s)
scope="locality/am-e2e-$run"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
amtool_add() { amtool --alertmanager.url="$AM" alert add "$@" >/dev/null; }

incidents_of() { read_ledger "/incidents?scope=$scope"; }
count_is() { [ "$(incidents_of | jq "[.[] | select(.incidentClass == \"$1\")] | length")" = "$2" ]; }

step "firing PublishBlocked for $scope"
amtool_add alertname=PublishBlocked scope="$scope" --start="$started" \
    --annotation=summary="publish_blocked three times at the verifier gate"
await "one PUBLISH_FAILURE incident for $scope" count_is PUBLISH_FAILURE 1
incident=$(incidents_of | jq -r '.[] | select(.incidentClass == "PUBLISH_FAILURE") | .incidentId')
detail=$(read_ledger "/incidents/$incident")
[ "$(jq -r .severity <<<"$detail")" = SEV2 ] || fail "expected SEV2, got $(jq -r .severity <<<"$detail")"
[ "$(jq -r .trigger.kind <<<"$detail")" = ALERT ] || fail "the trigger is not the alert"
[ "$(jq -r .declared.actor <<<"$detail")" = alertmanager ] || fail "the actor is not Alertmanager's token holder"
echo "   opened $incident: $(jq -r '.trigger.detail' <<<"$detail")"

step "firing it again, a second PublishBlocked firing in the scope, and an alert the matrix does not know"
amtool_add alertname=PublishBlocked scope="$scope" --start="$started" \
    --annotation=summary="publish_blocked three times at the verifier gate"
amtool_add alertname=PublishBlocked scope="$scope" stage=attestation --annotation=summary="attestation failed"
amtool_add alertname=DiskFullE2E scope="$scope" --annotation=summary="not in the alert matrix"
await "the second firing attached to $incident" \
    sh -c "curl -fsS -H 'Authorization: Bearer $LEDGER_READ_TOKEN' '$LEDGER_URL/incidents/$incident' | jq -e '.alerts | length == 2'"
await "DiskFullE2E shown as unmapped" \
    sh -c "curl -fsS -H 'Authorization: Bearer $LEDGER_READ_TOKEN' '$LEDGER_URL/alerts/unmapped' | jq -e '[.[] | select(.alert.alertname == \"DiskFullE2E\" and .alert.labels.scope == \"$scope\")] | length >= 1'"
# Alertmanager re-sends each group every repeat_interval (4s): wait through two of them
sleep 9
count_is PUBLISH_FAILURE 1 || fail "a second incident was opened: $(incidents_of)"

step "resolving the first firing"
amtool_add alertname=PublishBlocked scope="$scope" --start="$started" --end="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --annotation=summary="publish_blocked three times at the verifier gate"
await "the resolution recorded on $incident" \
    sh -c "curl -fsS -H 'Authorization: Bearer $LEDGER_READ_TOKEN' '$LEDGER_URL/incidents/$incident' | jq -e '[.alerts[] | select(.endsAt != null)] | length == 1'"
detail=$(read_ledger "/incidents/$incident")
[ "$(jq -r .status <<<"$detail")" = OPEN ] || fail "a resolved alert closed the incident"
count_is PUBLISH_FAILURE 1 || fail "a second incident was opened: $(incidents_of)"

step "a storm: 45 PublishBlocked firings (unicode, ESC and NUL in annotations) and 5 alerts the matrix does not know, at once"
storm_scope="locality/am-storm-$run"
storm_start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
# Posted to Alertmanager's own API in one request, as a busy Prometheus would; under max_alerts (50) per group.
jq -cn --arg scope "$storm_scope" --arg start "$storm_start" '
    [range(0; 45) | {labels: {alertname: "PublishBlocked", scope: $scope, instance: ("publisher-" + tostring)},
                     annotations: {summary: ("gate \u001b[31mFAILED\u001b[0m on publisher-" + tostring + " – ünïcødé ✓ 日本"),
                                   description: "a log line with a NUL \u0000 in it"},
                     startsAt: $start}]
    + [range(0; 5) | {labels: {alertname: "StormUnknownE2E", scope: $scope, instance: ("x-" + tostring)},
                      annotations: {summary: "not in the alert matrix"}, startsAt: $start}]' >"$work/storm.json"
curl -fsS -X POST -H 'Content-Type: application/json' --data-binary "@$work/storm.json" "$AM/api/v2/alerts" >/dev/null \
    || fail "Alertmanager refused the storm"
storm_incidents() { read_ledger "/incidents?scope=$storm_scope"; }
await "one PUBLISH_FAILURE incident for the storm" sh -c "[ \"\$(curl -fsS -H 'Authorization: Bearer $LEDGER_READ_TOKEN' '$LEDGER_URL/incidents?scope=$storm_scope' | jq length)\" = 1 ]"
storm_incident=$(storm_incidents | jq -r '.[0].incidentId')
await "all 45 storm firings on $storm_incident" \
    sh -c "curl -fsS -H 'Authorization: Bearer $LEDGER_READ_TOKEN' '$LEDGER_URL/incidents/$storm_incident' | jq -e '.alerts | length == 45'"
await "the 5 unknown storm alerts shown as unmapped" \
    sh -c "curl -fsS -H 'Authorization: Bearer $LEDGER_READ_TOKEN' '$LEDGER_URL/alerts/unmapped?limit=1000' | jq -e '[.[] | select(.alert.labels.scope == \"$storm_scope\")] | length == 5'"
# through two more repeat intervals: re-sends add no firing and no unmapped entry
sleep 9
storm_detail=$(read_ledger "/incidents/$storm_incident")
[ "$(jq '.alerts | length' <<<"$storm_detail")" = 45 ] || fail "re-sends changed the storm's firings: $(jq '.alerts | length' <<<"$storm_detail")"
[ "$(storm_incidents | jq length)" = 1 ] || fail "the storm opened more than one incident"
unmapped_rows=$(read_ledger "/alerts/unmapped?limit=1000" | jq "[.[] | select(.alert.labels.scope == \"$storm_scope\")] | length")
[ "$unmapped_rows" = 5 ] || fail "expected the 5 unknown storm alerts once each, got $unmapped_rows"
marked=$(jq -r '.alerts[0].annotations.summary' <<<"$storm_detail")
case "$marked" in *"␛[31mFAILED␛[0m"*"ünïcødé ✓ 日本"*) ;; *) fail "the ESC was not marked or the unicode not kept: $marked" ;; esac
[ "$(jq -r '.alerts[0].annotations.description' <<<"$storm_detail")" = "a log line with a NUL ␀ in it" ] \
    || fail "the NUL was not marked: $(jq -r '.alerts[0].annotations.description' <<<"$storm_detail")"
[ "$(jq -r '.alerts[0].corrections.originalSha256 | length' <<<"$storm_detail")" = 64 ] || fail "no digest of the alert as sent"
echo "   storm: 1 incident with 45 firings, 5 unmapped alerts once each, ESC/NUL marked, unicode kept"

deliveries=$(read_ledger "/alerts/deliveries?limit=500" | jq "[.[] | select(.groupKey | test(\"am-e2e-$run\"))] | length")
echo "   $deliveries distinct deliveries recorded from Alertmanager for the scope; 1 incident"
echo "PASSED: real Alertmanager → ledger: open, attach, re-send, unmapped, resolve, a storm with unstorable text"
