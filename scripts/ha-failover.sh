#!/usr/bin/env bash
# The ledger on a PostgreSQL primary with a synchronous streaming standby (Debian's PostgreSQL, both on
# loopback): a bounded write load runs while the primary is stopped hard and the standby promoted; the
# ledger, whose JDBC URL names both servers, carries on against the new primary without a restart.
# Then every declaration the ledger acknowledged (201) must be in the promoted database, and the
# audit chain must verify. Prints what it saw.
#
#   scripts/ha-failover.sh     (needs ledger-api/target/*.jar, Debian's postgresql-15, curl and jq; run as root)
set -euo pipefail
cd "$(dirname "$0")/.."

LEDGER_PORT=${LEDGER_PORT:-18281}
PRIMARY_PORT=${PRIMARY_PORT:-15441}
STANDBY_PORT=${STANDBY_PORT:-15442}
DECLARATIONS=${DECLARATIONS:-120}
FAIL_AFTER=${FAIL_AFTER:-40}
WAIT_SECONDS=${WAIT_SECONDS:-60}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }
for tool in curl jq java "$PG_BIN/initdb" "$PG_BIN/pg_ctl" "$PG_BIN/pg_basebackup" psql runuser; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (Debian: postgresql-15, curl, jq)"
done
jar=$(ls ledger-api/target/ledger-api-*.jar 2>/dev/null | grep -v original | head -1 || true)
[ -n "$jar" ] || fail "no ledger-api/target/ledger-api-*.jar: build it first (./mvnw -B -DskipTests package)"

work=$(mktemp -d)
chmod 755 "$work" && chown postgres "$work"
ledger_pid=""
as_pg() { runuser -u postgres -- "$@"; }
cleanup() {
    local status=$?
    [ -n "$ledger_pid" ] && { kill "$ledger_pid" 2>/dev/null; wait "$ledger_pid" 2>/dev/null || true; }
    for cluster in primary standby; do
        [ -f "$work/$cluster/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$work/$cluster" -m immediate stop >/dev/null 2>&1 || true
    done
    if [ $status -ne 0 ]; then
        for log in "$work"/*.log; do
            [ -f "$log" ] && { echo "--- last lines of $log"; tail -n 40 "$log"; } >&2
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
for port in "$LEDGER_PORT" "$PRIMARY_PORT" "$STANDBY_PORT"; do port_free "$port" || fail "port $port is in use"; done

OWNER_PASSWORD="own-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
LEDGER_PASSWORD="led-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
REPLICATION_PASSWORD="rep-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

step "primary on 127.0.0.1:$PRIMARY_PORT, synchronous standby on 127.0.0.1:$STANDBY_PORT"
mkdir -p "$work/primary" && chown postgres "$work/primary"
echo "$OWNER_PASSWORD" >"$work/pwfile" && chown postgres "$work/pwfile" && chmod 600 "$work/pwfile"
as_pg "$PG_BIN/initdb" -D "$work/primary" -A scram-sha-256 --pwfile="$work/pwfile" -U postgres -k >"$work/initdb.log"
rm -f "$work/pwfile"
cat >>"$work/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = '$work'
wal_level = replica
max_wal_senders = 4
synchronous_commit = on
fsync = on
full_page_writes = on
EOF
echo "host replication replicator 127.0.0.1/32 scram-sha-256" >>"$work/primary/pg_hba.conf"
as_pg "$PG_BIN/pg_ctl" -D "$work/primary" -l "$work/primary.log" -w start >/dev/null
export PGPASSWORD="$OWNER_PASSWORD"
psql_at() { psql -h 127.0.0.1 -p "$1" -U postgres -v ON_ERROR_STOP=1 -qAt "${@:2}"; }
psql_at "$PRIMARY_PORT" -d postgres <<EOF
create role replicator replication login password '$REPLICATION_PASSWORD';
create role ledger_owner login password '$OWNER_PASSWORD';
create database ledger owner ledger_owner;
create role ledger_app login password '$LEDGER_PASSWORD';
EOF

mkdir -p "$work/standby" && chown postgres "$work/standby" && chmod 700 "$work/standby"
PGPASSWORD="$REPLICATION_PASSWORD" as_pg env PGPASSWORD="$REPLICATION_PASSWORD" "$PG_BIN/pg_basebackup" \
    -h 127.0.0.1 -p "$PRIMARY_PORT" -U replicator -D "$work/standby" -R -X stream \
    -d "application_name=standby1" >/dev/null
sed -i "s/^port = .*/port = $STANDBY_PORT/" "$work/standby/postgresql.conf"
as_pg "$PG_BIN/pg_ctl" -D "$work/standby" -l "$work/standby.log" -w start >/dev/null
# Only now that the standby streams: before, every commit would wait for a standby that is not there.
# From here an acknowledged commit is on both machines: the primary waits for the standby to flush it.
psql_at "$PRIMARY_PORT" -d postgres -c "alter system set synchronous_standby_names = 'FIRST 1 (standby1)'" \
    -c "select pg_reload_conf()" >/dev/null
await "the standby streams synchronously" sh -c \
    "PGPASSWORD='$OWNER_PASSWORD' psql -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -qAt -d postgres \
     -c \"select sync_state from pg_stat_replication where application_name = 'standby1'\" | grep -qx sync"
echo "standby1 is a synchronous standby"

OPERATOR_TOKEN="op-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
AUDITOR_TOKEN="au-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export LEDGER_SECURITY_TOKENS_0_NAME=ha-operator LEDGER_SECURITY_TOKENS_0_ROLES=OPERATOR
export LEDGER_SECURITY_TOKENS_0_TOKEN="$OPERATOR_TOKEN"
export LEDGER_SECURITY_TOKENS_1_NAME=ha-auditor LEDGER_SECURITY_TOKENS_1_ROLES=AUDITOR
export LEDGER_SECURITY_TOKENS_1_TOKEN="$AUDITOR_TOKEN"
# Both servers in one URL: after a failover the pool's new connections find whichever is primary now.
export SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PRIMARY_PORT,127.0.0.1:$STANDBY_PORT/ledger?targetServerType=primary"
# Migrations as the owner, the ledger itself as a role that may only append events (docs/operations.md).
export SPRING_DATASOURCE_USERNAME=ledger_app SPRING_DATASOURCE_PASSWORD="$LEDGER_PASSWORD"
export SPRING_FLYWAY_USER=ledger_owner SPRING_FLYWAY_PASSWORD="$OWNER_PASSWORD"
# The only ledger node on this database: it may keep its own audit key and embedded object store.
export LEDGER_SINGLE_NODE=true

step "ledger on 127.0.0.1:$LEDGER_PORT"
java -jar "$jar" --server.address=127.0.0.1 --server.port="$LEDGER_PORT" --ledger.data-dir="$work/ledger" \
    >"$work/ledger.log" 2>&1 &
ledger_pid=$!
WAIT_SECONDS=180 await "the ledger is healthy" sh -c "curl -fsS http://127.0.0.1:$LEDGER_PORT/actuator/health | grep -q UP"

L="http://127.0.0.1:$LEDGER_PORT"
declare_one() { # n: prints "status id"
    local body
    body=$(jq -cn --arg scope "locality/ha-$1" '{incidentClass:"PUBLISH_FAILURE", scope:$scope,
        impact:{ACTIVE_TRUTH_WRONG_FOR_USERS:"NO", ROLLBACK_PATH_FAILING:"NO",
                MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE:"NO", REFRESH_PIPELINE_DEGRADED:"YES"},
        trigger:{kind:"MANUAL", detail:"ha failover script"}, observedFailureMode:"failover drill"}')
    curl -sS -m 30 -o "$work/answer" -w '%{http_code}' -H "Authorization: Bearer $OPERATOR_TOKEN" \
        -H 'Content-Type: application/json' -H "Idempotency-Key: ha-$1" -X POST "$L/incidents" -d "$body" || echo 000
}

step "$DECLARATIONS declarations; the primary is stopped hard and the standby promoted after $FAIL_AFTER"
: >"$work/acknowledged"
declare -A statuses=()
failed_over_at=""
for n in $(seq "$DECLARATIONS"); do
    if [ "$n" -eq "$FAIL_AFTER" ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$work/primary" -m immediate stop >/dev/null
        as_pg "$PG_BIN/pg_ctl" -D "$work/standby" -w promote >/dev/null
        failed_over_at=$(date +%s.%N)
        echo "primary stopped (immediate), standby promoted"
    fi
    # A client retries an unanswered or 503 request with the same Idempotency-Key, as a client should.
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        status=$(declare_one "$n")
        [ "$status" = 201 ] && break
        statuses[$status]=$(( ${statuses[$status]:-0} + 1 ))
        sleep 1
    done
    statuses[$status]=$(( ${statuses[$status]:-0} + 1 ))
    if [ "$status" = 201 ]; then
        jq -r '.incidentId' "$work/answer" >>"$work/acknowledged"
    else
        echo "declaration $n was not acknowledged: last status $status" >&2
    fi
done
for status in "${!statuses[@]}"; do echo "answers $status: ${statuses[$status]}"; done

acknowledged=$(wc -l <"$work/acknowledged")
step "every acknowledged write is in the promoted database ($acknowledged acknowledged)"
ids=$(sed "s/.*/'&'/" "$work/acknowledged" | paste -sd, -)
stored=$(psql_at "$STANDBY_PORT" -d ledger -c \
    "select count(distinct aggregate_identifier) from domain_event_entry where aggregate_identifier in ($ids)
       and payload_type like '%.IncidentDeclared'")
echo "acknowledged $acknowledged, stored on the promoted standby $stored"
[ "$acknowledged" -eq "$DECLARATIONS" ] || fail "only $acknowledged of $DECLARATIONS declarations were acknowledged"
[ "$stored" -eq "$acknowledged" ] || fail "$(( acknowledged - stored )) acknowledged declarations are missing after the failover"

step "the audit chain verifies on the promoted database"
await "the sealer has sealed every event" sh -c "curl -fsS -H 'Authorization: Bearer $AUDITOR_TOKEN' $L/audit/verification \
    | jq -e '.intact and .sealedEvents == .events and .events >= $acknowledged'"
curl -fsS -H "Authorization: Bearer $AUDITOR_TOKEN" "$L/audit/verification" | jq -c '{intact, events, sealedEvents, checkpoints, firstFailure}'
echo "PASSED: $acknowledged declarations acknowledged across a failover, all on the promoted standby, chain INTACT"
