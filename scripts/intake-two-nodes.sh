#!/usr/bin/env bash
# Two ledger nodes on one PostgreSQL receive alert deliveries for the same class and scope at the
# same moment: exactly one incident must be opened and every firing attached to it, and the same
# delivery posted to both nodes at once is recorded once. Prints the latency figures it saw.
# Node A runs the embedded PostgreSQL; node B uses it as an external database.
#
#   scripts/intake-two-nodes.sh            (needs ledger-api/target/*.jar, curl and jq)
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_A_PORT=${NODE_A_PORT:-18181}
NODE_B_PORT=${NODE_B_PORT:-18182}
PG_PORT=${PG_PORT:-15432}
DELIVERIES=${DELIVERIES:-40}
WAIT_SECONDS=${WAIT_SECONDS:-60}

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }
for tool in curl jq java; do command -v "$tool" >/dev/null || fail "$tool is not installed"; done
jar=$(ls ledger-api/target/ledger-api-*.jar 2>/dev/null | grep -v original | head -1 || true)
[ -n "$jar" ] || fail "no ledger-api/target/ledger-api-*.jar: build it first (./mvnw -B -DskipTests package)"

work=$(mktemp -d)
pids=()
cleanup() {
    local status=$?
    # node B first: it uses node A's database
    for (( i=${#pids[@]}-1; i>=0; i-- )); do
        kill "${pids[$i]}" 2>/dev/null && wait "${pids[$i]}" 2>/dev/null || true
    done
    if [ $status -ne 0 ]; then
        for log in "$work"/*.log; do
            [ -f "$log" ] && { echo "--- errors in $log"; grep -A12 -E "ERROR|unexpected failure" "$log" | head -n 80; } >&2
        done
    fi
    [ -n "${KEEP_WORK:-}" ] && echo "work directory kept: $work" >&2 || rm -rf "$work"
    exit $status
}
trap cleanup EXIT INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
await() {
    local what=$1; shift
    for _ in $(seq "$WAIT_SECONDS"); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 1
    done
    fail "$what: not true after ${WAIT_SECONDS}s"
}
for port in "$NODE_A_PORT" "$NODE_B_PORT" "$PG_PORT"; do port_free "$port" || fail "port $port is in use"; done

ALERT_TOKEN="am-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
READ_TOKEN="rd-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export LEDGER_SECURITY_TOKENS_0_NAME=alertmanager LEDGER_SECURITY_TOKENS_0_ROLES=ALERT_INTAKE
export LEDGER_SECURITY_TOKENS_0_TOKEN="$ALERT_TOKEN"
export LEDGER_SECURITY_TOKENS_1_NAME=two-node-reader LEDGER_SECURITY_TOKENS_1_ROLES=AUDITOR
export LEDGER_SECURITY_TOKENS_1_TOKEN="$READ_TOKEN"
# several nodes share one audit signing key (and one object store, node A's embedded one below)
LEDGER_AUDIT_SIGNING_KEY="$(openssl genpkey -algorithm ed25519)" || fail "openssl cannot generate an Ed25519 key"
export LEDGER_AUDIT_SIGNING_KEY

step "node A on 127.0.0.1:$NODE_A_PORT with the embedded PostgreSQL on $PG_PORT"
java -jar "$jar" --server.address=127.0.0.1 --server.port="$NODE_A_PORT" --ledger.data-dir="$work/a" \
    --ledger.embedded-postgres-port="$PG_PORT" >"$work/node-a.log" 2>&1 &
pids+=($!)
WAIT_SECONDS=180 await "node A healthy" sh -c "curl -fsS http://127.0.0.1:$NODE_A_PORT/actuator/health | grep -q UP"
step "node B on 127.0.0.1:$NODE_B_PORT using node A's PostgreSQL and object store"
# node A's embedded PostgreSQL asks for passwords: the ones node A generated into its data directory
password() { sed -n "s/^$1=//p" "$work/a/database-passwords"; }
store=$(grep -o 'Embedded S3-compatible store at http://[0-9.:]*' "$work/node-a.log" | head -1 | awk '{print $NF}')
[ -n "$store" ] || fail "node A did not log its embedded object store"
LEDGER_STORAGE_ENDPOINT="$store" LEDGER_STORAGE_BUCKET=ledger \
LEDGER_STORAGE_ACCESS_KEY_ID=ledger-local LEDGER_STORAGE_SECRET_ACCESS_KEY=ledger-local-secret \
SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
SPRING_DATASOURCE_USERNAME=ledger SPRING_DATASOURCE_PASSWORD="$(password ledger)" \
SPRING_FLYWAY_USER=postgres SPRING_FLYWAY_PASSWORD="$(password postgres)" \
    java -jar "$jar" --server.address=127.0.0.1 --server.port="$NODE_B_PORT" --ledger.data-dir="$work/b" \
    >"$work/node-b.log" 2>&1 &
pids+=($!)
WAIT_SECONDS=180 await "node B healthy" sh -c "curl -fsS http://127.0.0.1:$NODE_B_PORT/actuator/health | grep -q UP"

scope="locality/two-nodes-$(date +%s)"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
payload() { # fingerprint
    jq -cn --arg scope "$scope" --arg fp "$1" --arg at "$started" '{version:"4", status:"firing", receiver:"ledger",
        groupKey:("two-nodes:" + $scope), truncatedAlerts:0, externalURL:"http://alertmanager.test",
        alerts:[{status:"firing", labels:{alertname:"PublishBlocked", scope:$scope}, annotations:{summary:"two nodes"},
                 startsAt:$at, endsAt:"0001-01-01T00:00:00Z", fingerprint:$fp}]}'
}
post() { # port payload-file name: writes "status seconds" to $work/status/name and the answer to $work/body/name
    curl -sS -o "$work/body/$3" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $ALERT_TOKEN" \
        -H 'Content-Type: application/json' --data-binary @"$2" "http://127.0.0.1:$1/alerts/alertmanager?wait=PT60S" >"$work/status/$3"
}
mkdir -p "$work/status" "$work/body"

step "$DELIVERIES deliveries of distinct firings at once, alternating between the nodes"
for i in $(seq "$DELIVERIES"); do payload "$(printf '%016x' $((0xA000 + i)))" >"$work/p$i.json"; done
begin=$(date +%s%N)
for i in $(seq "$DELIVERIES"); do
    port=$NODE_A_PORT; [ $((i % 2)) -eq 0 ] && port=$NODE_B_PORT
    post "$port" "$work/p$i.json" "d$i" &
done
wait_for_posts() { for pid in $(jobs -p); do case " ${pids[*]} " in *" $pid "*) ;; *) wait "$pid" || true;; esac; done; }
wait_for_posts
elapsed_ms=$(( ($(date +%s%N) - begin) / 1000000 ))
statuses=$(cat "$work"/status/d* | awk '{print $1}' | sort | uniq -c | tr '\n' ' ')
if [ "$(cat "$work"/status/d* | awk '$1 != 200' | wc -l)" -ne 0 ]; then
    for answer in "$work"/status/d*; do
        grep -q '^200 ' "$answer" || echo "$(basename "$answer"): $(cat "$answer") $(cat "$work/body/$(basename "$answer")")" >&2
    done
    fail "not every delivery answered 200: $statuses"
fi
opened=$(cat "$work"/body/d* | jq -s 'map(.opened) | add')
[ "$opened" -eq 1 ] || fail "$opened deliveries report opening an incident; exactly one may"
read -r avg max < <(cat "$work"/status/d* | awk '{s+=$2; if ($2>m) m=$2} END {printf "%.0f %.0f\n", s/NR*1000, m*1000}')
echo "   $DELIVERIES deliveries: all 200, opened=1, wall ${elapsed_ms} ms, latency avg ${avg} ms, max ${max} ms"

incidents() { curl -fsS -H "Authorization: Bearer $READ_TOKEN" "http://127.0.0.1:$NODE_A_PORT/incidents?scope=$scope"; }
[ "$(incidents | jq length)" -eq 1 ] || fail "expected one incident for $scope, found: $(incidents)"
incident=$(incidents | jq -r '.[0].incidentId')
await "all $DELIVERIES firings on $incident (read on node B)" sh -c "curl -fsS -H 'Authorization: Bearer $READ_TOKEN' \
    http://127.0.0.1:$NODE_B_PORT/incidents/$incident | jq -e '.alerts | length == $DELIVERIES'"

step "the same delivery posted to both nodes at once"
payload "ffffffffffff0001" >"$work/same.json"
post "$NODE_A_PORT" "$work/same.json" sameA & post "$NODE_B_PORT" "$work/same.json" sameB &
wait_for_posts
grep -q '^200 ' "$work/status/sameA" && grep -q '^200 ' "$work/status/sameB" \
    || fail "the same delivery was not answered 200 by both nodes: $(cat "$work"/status/same* "$work"/body/same*)"
repeated=$(cat "$work/body/sameA" "$work/body/sameB" | jq -s 'map(select(.repeatedDelivery)) | length')
attached=$(cat "$work/body/sameA" "$work/body/sameB" | jq -s 'map(.attached) | add')
[ "$attached" -eq 1 ] || fail "the firing was attached $attached times"
[ "$repeated" -le 1 ] || fail "both nodes saw the delivery as a repeat"
[ "$(incidents | jq length)" -eq 1 ] || fail "a second incident was opened"
echo "   attached once across both nodes; one incident"
echo "PASSED: two nodes, one PostgreSQL: one incident for the class and scope"
