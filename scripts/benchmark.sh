#!/usr/bin/env bash
# Benchmark of the ledger (issue 16's workloads P1-P7), against the built jar on the embedded
# PostgreSQL with a fresh data directory on a free loopback port, beside the raw insert limit of
# that same PostgreSQL measured in the same run (pgbench). Prints a table; asserts nothing about
# time (it fails only if a workload could not run). docs/performance.md describes the method.
#
#   scripts/benchmark.sh                                   EVENTS=100000 BIG_EVENTS=1000000 DURATION=20
#   EVENTS=3000 BIG_EVENTS=6000 DURATION=2 WARMUP=1 P5_EVENTS=200 P2_SAMPLES=3 PGBENCH_SECONDS=3 scripts/benchmark.sh
#                                                                                   (CI's tiny size)
#   P7_ONLY=1 P7_RUNS=3 scripts/benchmark.sh                                         (the starts only)
#
# EVENTS / BIG_EVENTS: log sizes for P3 and for P4/P6 (grown with the ledger's seeding endpoint,
# ledger.benchmark.seeding-enabled); DURATION: seconds per wrk run; CONNECTIONS: P1's
# connection counts; WARMUP: seconds each P1 workload runs unmeasured first, for the JIT;
# P5_EVENTS: events on P5's incident; P3_RUNS: timed rebuilds of every view at once, at EVENTS and
# again at BIG_EVENTS for P6 (the median is the figure); P7_RUNS: timed warm starts of each kind;
# P7_ONLY=1: skip P1-P6 (the warm starts then run on the cold start's data directory). JAVA_OPTS go
# to the ledger's JVM.
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=${EVENTS:-100000}
BIG_EVENTS=${BIG_EVENTS:-1000000}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-60}
CONNECTIONS=${CONNECTIONS:-"8 32"}
P5_EVENTS=${P5_EVENTS:-10000}
P2_SAMPLES=${P2_SAMPLES:-20}
P3_RUNS=${P3_RUNS:-3}
# pgbench needs a few seconds past connecting 32 clients to report a rate
PGBENCH_SECONDS=${PGBENCH_SECONDS:-$(( DURATION > 10 ? DURATION : 10 ))}
PGBENCH=${PGBENCH:-/usr/lib/postgresql/15/bin/pgbench}
PSQL=${PSQL:-/usr/lib/postgresql/15/bin/psql}

fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in curl jq java jstat wrk "$PGBENCH" "$PSQL"; do command -v "$tool" >/dev/null || fail "$tool is not installed"; done
jar=${LEDGER_JAR:-$(ls ledger-api/target/ledger-api-*.jar 2>/dev/null | grep -v original | head -1 || true)}
[ -n "$jar" ] || fail "no ledger-api/target/ledger-api-*.jar: build it first (./mvnw -B -DskipTests package -pl ledger-api -am)"

work=$(mktemp -d)
data="$work/ledger-data"
pid=
stop_ledger() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; fi
    pid=
}
cleanup() {
    local status=$?
    stop_ledger
    [ $status -ne 0 ] && [ -f "$work/ledger.log" ] && { echo "--- last lines of the ledger's log"; tail -n 40 "$work/ledger.log"; } >&2
    rm -rf "$work"
    exit $status
}
trap cleanup EXIT INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
secret() { head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
ADMIN="adm-$(secret)"; OPERATOR="op-$(secret)"; AUDITOR="aud-$(secret)"
RUN_ID=$(secret | head -c 8)

port=
while [ -z "$port" ] || ! port_free "$port"; do port=$((20000 + RANDOM % 20000)); done
URL="http://127.0.0.1:$port"

# Starts the ledger on $data (in this shell, so that $pid is the one cleanup stops) with the
# command in $launch (default `java -jar`); sets $startup_seconds to the seconds from launch to
# healthy and $startup_cpu to the CPU seconds the JVM had used by then (a figure the load of a
# shared machine changes far less than the wall time).
launch=()
start_ledger() {
    local started; started=$(now)
    local from_line; from_line=$(( $( { [ -f "$work/ledger.log" ] && wc -l <"$work/ledger.log"; } || echo 0) + 1 ))
    [ ${#launch[@]} -gt 0 ] || launch=(java ${JAVA_OPTS:-} -jar "$jar")
    LEDGER_SECURITY_TOKENS_0_NAME=bench-admin LEDGER_SECURITY_TOKENS_0_ROLES=ADMIN LEDGER_SECURITY_TOKENS_0_TOKEN="$ADMIN" \
    LEDGER_SECURITY_TOKENS_1_NAME=bench-operator LEDGER_SECURITY_TOKENS_1_ROLES=OPERATOR LEDGER_SECURITY_TOKENS_1_TOKEN="$OPERATOR" \
    LEDGER_SECURITY_TOKENS_2_NAME=bench-auditor LEDGER_SECURITY_TOKENS_2_ROLES=AUDITOR LEDGER_SECURITY_TOKENS_2_TOKEN="$AUDITOR" \
        "${launch[@]}" --server.address=127.0.0.1 --server.port="$port" --ledger.data-dir="$data" \
        --ledger.benchmark.seeding-enabled=true >>"$work/ledger.log" 2>&1 &
    pid=$!
    # scripts/ledger.sh's first run includes a training start: up to 10 minutes on a loaded machine
    for _ in $(seq 6000); do
        curl -fsS "$URL/actuator/health" 2>/dev/null | grep -q UP && break
        kill -0 "$pid" 2>/dev/null || fail "the ledger stopped while starting"
        # a failed start can leave the JVM running (the embedded PostgreSQL's threads): stop waiting for it
        grep -q "Application run failed" "$work/ledger.log" && fail "the ledger failed to start"
        sleep 0.1
    done
    curl -fsS "$URL/actuator/health" | grep -q UP || fail "the ledger did not become healthy"
    startup_seconds=$(elapsed "$started")
    # utime + stime of the JVM (clock ticks), postgres and initdb are processes of their own
    startup_cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$pid/stat")
    start_log=$(tail -n +"$from_line" "$work/ledger.log")
}

# What a start's parts cost, from the lines the last start logged: the JVM and class loading before
# Spring's first line; Spring's first line to the web server's (reading the configuration classes:
# auto-configuration, Axon's handler lookup); the embedded PostgreSQL's start, which runs beside
# that (how long it took, and how long the context then still waited for it); the embedded object
# store's start and its sample scope check (a directory check on a restart); Flyway's validation;
# the whole context refresh; and the JVM's CPU seconds at healthy.
start_parts() {
    local started pg store flyway first web reading
    started=$(echo "$start_log" | sed -n 's/.*Started LedgerApplication in \([0-9.]*\) seconds (process running for \([0-9.]*\)).*/\1 \2/p' | tail -1)
    pg=$(echo "$start_log" | sed -n 's/.*Database: embedded PostgreSQL.*(started in \([0-9.]*\) s, \([0-9.]*\) s of it waited for).*/\1 s, context waited \2 s/p' | tail -1)
    store=$(echo "$start_log" | sed -n 's/.*Embedded S3-compatible store at .*(started in \([0-9.]*\) s, sample scope checked in \([0-9.]*\) s).*/\1 s, its sample scope check \2 s/p' | tail -1)
    flyway=$(echo "$start_log" | sed -n 's/.*Successfully validated \([0-9]*\) migrations (execution time \([0-9:.]*\)s*).*/\2 (\1 migrations)/p' | tail -1)
    first=$(echo "$start_log" | grep -m1 'Starting LedgerApplication' | cut -c1-23)
    web=$(echo "$start_log" | grep -m1 'Tomcat initialized' | cut -c1-23)
    reading='?'
    [ -n "$first" ] && [ -n "$web" ] && reading=$(awk -v a="$(date -d "$first" +%s.%N)" -v b="$(date -d "$web" +%s.%N)" 'BEGIN { printf "%.1f s", b - a }')
    echo "$started" | awk -v pg="${pg:-?}" -v store="${store:-?}" -v fw="${flyway:-?}" -v reading="$reading" -v cpu="$startup_cpu" -v healthy="$startup_seconds" \
        '{ printf "JVM to Spring %.1f s, Spring to started %.1f s (configuration read by %s; beside it PostgreSQL %s; then the object store %s, Flyway validation %s), started to healthy %.1f s, JVM CPU %s s", $2 - $1, $1, reading, pg, store, fw, healthy - $2, cpu }'
}

api() { # method path token [curl args...]
    local method=$1 path=$2 token=$3; shift 3
    curl -fsS -X "$method" "$URL$path" -H "Authorization: Bearer $token" "$@"
}
log_head() { api GET /audit/chain "$AUDITOR" | jq -r '.logHead // 0'; }
replayable() { api GET /projections "$AUDITOR" | jq -r '.[] | select(.replayable) | .group'; }

# Waits until every view has folded the whole log (and prints nothing).
await_views() {
    local head; head=$(log_head)
    for _ in $(seq 36000); do
        api GET /projections "$AUDITOR" | jq -e --argjson head "$head" \
            '[.[] | select(.replayable) | (.position // 0) >= $head] | all' >/dev/null && return 0
        sleep 0.1
    done
    fail "the views did not catch up with position $head"
}

# Grows the log to at least $1 events: incidents of 100 events each, through the seeding endpoint.
grow_to() {
    local target=$1 head; head=$(log_head)
    local missing=$((target - head))
    while [ "$missing" -gt 0 ]; do
        local incidents=$(( (missing + 99) / 100 )); [ "$incidents" -gt 1000 ] && incidents=1000
        api POST "/benchmark/seed?incidents=$incidents&eventsPerIncident=100" "$ADMIN" >/dev/null
        head=$(log_head); missing=$((target - head))
    done
}

rows=()
raw_tps8=; raw_tps32=; raw_latency=
row() { rows+=("$(printf '%s\t%s\t%s' "$1" "$2" "$3")"); printf '   %-58s %s\n' "$1" "$2" >&2; }
ratio_rate() { awk -v x="$1" -v r="$2" 'BEGIN { printf "%.3fx raw tps", x / r }'; }
ratio_ms() { awk -v x="$1" -v r="$2" 'BEGIN { printf "%.1fx raw latency", x / r }'; }

# Each timed command workload starts on a quiet ledger: the views caught up with the log, then the
# JVM idle for a second (under a tenth of a core: the snapshot thread, the audit sealer and the
# garbage collector done with what the workload before left them), waiting at most a minute.
settle() {
    await_views
    local quiet=$(( $(getconf CLK_TCK) / 10 )) before after
    before=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
    for _ in $(seq 60); do
        sleep 1
        after=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
        [ $((after - before)) -le "$quiet" ] && return 0
        before=$after
    done
    echo "note: the ledger was still busy a minute after the views caught up" >&2
}

# P1-style wrk run: $1 workload, $2 connections, $3 label.
commands() {
    local workload=$1 connections=$2 label=$3 threads=2
    settle
    [ "$connections" -lt 2 ] && threads=1
    # the run id goes into scope ids: lower-case letters, digits and '-' only
    local tag; tag=$(echo "$RUN_ID-$label-$connections" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' '-')
    local out; out=$(WORKLOAD=$workload LEDGER_TOKEN=$OPERATOR RUN_ID="$tag" INCIDENTS="$work/incidents" PREFER="${PREFER:-}" \
        wrk -t"$threads" -c"$connections" -d"${DURATION}s" --timeout 30s -s scripts/benchmark/commands.lua "$URL" | grep '^RESULT')
    [ -n "$out" ] || fail "wrk printed no result for $label"
    local requests seconds errors p50 p90 p99
    eval "$(echo "$out" | sed 's/^RESULT //' | tr ' ' '\n' | sed 's/^/local_/')"
    requests=$local_requests seconds=$local_seconds errors=$local_errors p50=$local_p50 p90=$local_p90 p99=$local_p99
    [ "$requests" -gt 0 ] || fail "$label: no request completed"
    [ "$errors" -lt "$requests" ] || fail "$label: every one of $requests commands failed"
    local rate; rate=$(awk -v n="$requests" -v s="$seconds" 'BEGIN { printf "%.1f", n / s }')
    local raw=$raw_tps8; [ "$connections" -ge 32 ] && raw=$raw_tps32
    row "$label: throughput ($connections connections, $errors errors)" "$rate commands/s" "$(ratio_rate "$rate" "$raw")"
    row "$label: p50 / p90 / p99" "$p50 / $p90 / $p99 ms" "$(ratio_ms "$p99" "$raw_latency") (p99)"
    # What the run left behind: the policies (alert-correlation sends a command per manual declaration) and
    # views still folding its events. The rate the ledger sustains with all of them keeping up is the run's
    # commands over the run and that catch-up together.
    local behind seconds_behind groups_behind; behind=$(caught_up_after)
    seconds_behind=${behind%%|*} groups_behind=${behind#*|}
    local sustained; sustained=$(awk -v n="$requests" -v s="$seconds" -v c="$seconds_behind" 'BEGIN { printf "%.1f", n / (s + c) }')
    row "$label: every processor caught up ($connections connections)" "$seconds_behind s after the run" \
        "sustained $sustained commands/s ($(ratio_rate "$sustained" "$raw")); behind at the run's end: ${groups_behind:-none}"
}

# "seconds|groups": the seconds from now until every running processing group (views and policies) has
# passed the log's head, and the groups that had not at the first look.
caught_up_after() {
    local head start first=; head=$(log_head); start=$(date +%s%N)
    for _ in $(seq 36000); do
        local behind; behind=$(api GET /projections "$AUDITOR" | jq -r --argjson head "$head" \
            '[.[] | select(.running and (.position // 0) < $head) | .group] | join(",")')
        [ -z "$first" ] && first="${behind:-none}"
        if [ -z "$behind" ]; then
            awk -v ns=$(( $(date +%s%N) - start )) -v groups="$first" 'BEGIN { printf "%.1f|%s", ns / 1e9, groups }'
            return 0
        fi
        sleep 0.1
    done
    fail "the processors did not catch up with position $head"
}

# Each timed rebuild starts as it would in production, where rebuilds are rare: on a database that
# autovacuum has caught up with and a quiet ledger. Back to back, a rebuild inserts its rows beside the
# dead ones of the rebuild before it (every view deletes its rows at its reset), and autovacuum cleaning
# those runs during the timed rebuild; pgbench vacuums before its runs for the same reason.
vacuumed() {
    settle
    psql_ledger -c "vacuum analyze"
    for _ in $(seq 600); do
        [ "$(psql_ledger -Atc "select count(*) from pg_stat_activity where backend_type = 'autovacuum worker'")" = 0 ] && break
        sleep 1
    done
}

# P3: every replayable view rebuilt in turn, then all of them at once (POST /projections/rebuild) $2
# times, the median the figure; $1 label.
rebuild_all() {
    local label=$1 runs=$2 head total_ms=0; head=$(log_head)
    for group in $(replayable); do
        vacuumed
        local answer; answer=$(api POST "/projections/$group/rebuild?wait=PT1H" "$ADMIN")
        [ "$(echo "$answer" | jq -r .caughtUp)" = true ] || fail "$group did not catch up: $answer"
        local ms; ms=$(echo "$answer" | jq -r .millis)
        total_ms=$((total_ms + ms))
        row "$label: rebuild $group ($head events)" "$ms ms" \
            "$(ratio_rate "$(awk -v n="$head" -v ms="$ms" 'BEGIN { printf "%.0f", n * 1000 / (ms > 0 ? ms : 1) }')" "$raw_tps8") ($(awk -v n="$head" -v ms="$ms" 'BEGIN { printf "%.0f", n * 1000 / (ms > 0 ? ms : 1) }') events/s)"
    done
    local rate; rate=$(awk -v n="$head" -v ms="$total_ms" 'BEGIN { printf "%.0f", n * 1000 / (ms > 0 ? ms : 1) }')
    row "$label: rebuild of every view, one after another ($head events)" "$rate events/s ($total_ms ms)" "$(ratio_rate "$rate" "$raw_tps8")"
    head=$(log_head)
    local all_runs=()
    for run in $(seq "$runs"); do
        vacuumed
        local all; all=$(api POST "/projections/rebuild?wait=PT1H" "$ADMIN")
        [ "$(echo "$all" | jq -r .caughtUp)" = true ] || fail "every view at once did not catch up: $all"
        all_runs+=("$(echo "$all" | jq -r .millis)")
    done
    local all_ms; all_ms=$(printf '%s\n' "${all_runs[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    rate=$(awk -v n="$head" -v ms="$all_ms" 'BEGIN { printf "%.0f", n * 1000 / (ms > 0 ? ms : 1) }')
    local each=""; [ "$runs" -gt 1 ] && each="; median of $runs: ${all_runs[*]} ms"
    row "$label: rebuild of every view at once ($head events; last view caught up)" "$rate events/s ($all_ms ms$each)" "$(ratio_rate "$rate" "$raw_tps8")"
}

echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem/ { print $2 " GB" }'), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

load_now() { cut -d' ' -f1 /proc/loadavg; }
echo "== P7 cold: first start on an empty data directory" >&2
load=$(load_now); start_ledger
row "P7 start to healthy, cold (new data directory, load $load)" "$startup_seconds s" "$(start_parts)"

# P7_ONLY=1: just the starts (cold, then warm on that small data directory), as P7 re-measures
if [ "${P7_ONLY:-0}" != 1 ]; then
echo "== raw insert limit: pgbench on the ledger's own embedded PostgreSQL" >&2
pg_port=$(sed -n 4p "$(find "$data" -name postmaster.pid | head -1)")
export PGPASSWORD; PGPASSWORD=$(sed -n 's/^postgres=//p' "$data/database-passwords")
export PGOPTIONS="-c synchronous_commit=on"
pg_db=$(ls "$data" >/dev/null; "$PSQL" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -Atc \
    "select datname from pg_database where datname not in ('template0','template1') order by datname = 'postgres' limit 1")
psql_ledger() { "$PSQL" -h 127.0.0.1 -p "$pg_port" -U postgres -d "$pg_db" -q -v ON_ERROR_STOP=1 "$@"; }
psql_ledger -c "set client_min_messages = warning; drop table if exists bench_raw_insert; create table bench_raw_insert (
    global_index bigserial primary key, aggregate_identifier varchar(255) not null, sequence_number bigint not null,
    type varchar(255), event_identifier varchar(255) not null unique, meta_data bytea, payload bytea not null,
    payload_revision varchar(255), payload_type varchar(255) not null, time_stamp varchar(255) not null,
    unique (aggregate_identifier, sequence_number))"
# (its own sequence: a copy of domain_event_entry's default would draw the ledger's global_index numbers)
for c in 8 32; do
    out=$("$PGBENCH" -h 127.0.0.1 -p "$pg_port" -U postgres -n -c "$c" -j 2 -T "$PGBENCH_SECONDS" -f scripts/benchmark/raw-insert.sql "$pg_db" 2>&1) \
        || fail "pgbench: $out"
    tps=$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
    lat=$(echo "$out" | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')
    [ -n "$tps" ] || fail "pgbench printed no tps: $out"
    if [ "$c" = 8 ]; then raw_tps8=$tps; raw_latency=$lat; else raw_tps32=$tps; fi
    row "raw insert limit (pgbench, $c connections, synchronous_commit=on)" "$tps tps, $lat ms average" "1x"
done
psql_ledger -c "drop table bench_raw_insert"

# P3 first, on a log grown by the seeding alone: what P1 writes depends on the machine's speed (its
# warm-up alone declares thousands of incidents, each for a scope of its own), and would change the
# mix of events P3 rebuilds from run to run.
echo "== P3 at $EVENTS events" >&2
grow_to "$EVENTS"
await_views
rebuild_all "P3" "$P3_RUNS"

echo "== P1 commands (the log at $(log_head) events)" >&2
api POST "/benchmark/seed?incidents=100&eventsPerIncident=2" "$ADMIN" | jq -r '.incidentIds[]' >"$work/incidents"
# A new JVM runs a command's path in the interpreter until the JIT has compiled it, under the load
# itself: on these 2 shared cores declarations ran at 110/s in the first 10 s and settled near 240/s
# only after a minute (docs/performance.md). So on the fresh ledger each workload first runs WARMUP
# seconds unmeasured, at the largest connection count; P5 and P6 then find the same JVM warm.
warm_up() {
    local workload=$1 connections; connections=$(echo "$CONNECTIONS" | tr ' ' '\n' | sort -n | tail -1)
    [ "$WARMUP" -gt 0 ] || return 0
    WORKLOAD=$workload LEDGER_TOKEN=$OPERATOR RUN_ID="$RUN_ID-warm" INCIDENTS="$work/incidents" \
        wrk -t2 -c"$connections" -d"${WARMUP}s" --timeout 30s -s scripts/benchmark/commands.lua "$URL" | grep '^RESULT' >/dev/null \
        || fail "wrk printed no result warming up $workload"
}
p1() {
    local prefix=$1
    for c in $CONNECTIONS; do commands declare "$c" "$prefix declare"; done
    for c in $CONNECTIONS; do commands evidence "$c" "$prefix evidence on 100 incidents"; done
}
echo "   warming up: ${WARMUP} s of each workload, unmeasured" >&2
warm_up declare
warm_up evidence
p1 P1

echo "== P2 from a command's answer to its effect in each view" >&2
await_views
# Timed with bash's own clock ($EPOCHREALTIME, no fork) and parsed without jq, so a polling round
# costs one curl: the round's length is the resolution, and its mean is printed beside the figures.
clock_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $(( t / 1000 )); }
: >"$work/p2"; : >"$work/p2-rounds"
views=" $(replayable | tr '\n' ' ')"
for i in $(seq "$P2_SAMPLES"); do
    incident=$(sed -n "$(( (i % 100) + 1 ))p" "$work/incidents")
    # the answer's Ledger-Position is the command's own last event: each view has it once its position reaches it
    position=$(curl -fsS -D - -o /dev/null -X POST "$URL/incidents/$incident/evidence" -H "Authorization: Bearer $OPERATOR" \
        -H 'Content-Type: application/json' -d "{\"field\":\"CONTAINMENT_ACTION\",\"action\":\"p2 sample $RUN_ID $i\"}" \
        | tr -d '\r' | awk -F': ' 'tolower($1) == "ledger-position" { print $2 }')
    [ -n "$position" ] || fail "P2: the command's answer carried no Ledger-Position"
    answered=$(clock_ms); pending=$views; rounds=0
    while [ "$pending" != " " ]; do
        asked=$(clock_ms)
        [ $((asked - answered)) -gt 600000 ] && fail "P2: views$pending did not reach position $position"
        projections=$(curl -fsS "$URL/projections" -H "Authorization: Bearer $AUDITOR")
        rounds=$((rounds + 1))
        # the answer is a JSON array of {"group": ..., ..., "position": n}: one object per line for bash
        while IFS= read -r object; do
            [[ $object =~ \"group\":\"([^\"]+)\" ]] || continue; group=${BASH_REMATCH[1]}
            [[ $pending == *" $group "* ]] || continue
            [[ $object =~ \"position\":([0-9]+) ]] || continue
            if [ "${BASH_REMATCH[1]}" -ge "$position" ]; then
                # the view held it by the time this round was asked (the server reads after that)
                echo "$group $((asked - answered))" >>"$work/p2"; pending=${pending/ $group / }
            fi
        done < <(echo "$projections" | sed 's/},{/}\n{/g')
    done
    echo "$rounds $(( $(clock_ms) - answered ))" >>"$work/p2-rounds"
done
resolution=$(awk '{ r += $1; t += $2 } END { printf "%.0f", r ? t / r : 0 }' "$work/p2-rounds")
for group in $(replayable); do
    p99=$(awk -v g="$group" '$1 == g { print $2 }' "$work/p2" | sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.99 + 0.999); if (i < 1) i = 1; printf "%.0f", v[i] }')
    row "P2 answer to view, $group (p99 of $P2_SAMPLES, polling round ~$resolution ms)" "$p99 ms" "$(ratio_ms "$p99" "$raw_latency")"
done

# What a reader sees: the incident read right after its command, as an operator's console or script
# reads it (it waits until every segment of the incident views has handled every event committed so far)
echo "== P2 read after write: GET /incidents/{id} right after a command on it" >&2
: >"$work/p2-reads"
for i in $(seq "$P2_SAMPLES"); do
    incident=$(sed -n "$(( (i % 100) + 1 ))p" "$work/incidents")
    api POST "/incidents/$incident/evidence" "$OPERATOR" -o /dev/null -H 'Content-Type: application/json' \
        -d "{\"field\":\"CONTAINMENT_ACTION\",\"action\":\"p2 read $RUN_ID $i\"}"
    api GET "/incidents/$incident" "$OPERATOR" -o /dev/null -w '%{time_total}\n' >>"$work/p2-reads"
done
read_p50=$(sort -n "$work/p2-reads" | awk '{ v[NR] = $1 * 1000 } END { printf "%.0f", v[int((NR + 1) / 2)] }')
read_p99=$(sort -n "$work/p2-reads" | awk '{ v[NR] = $1 * 1000 } END { i = int(NR * 0.99 + 0.999); if (i < 1) i = 1; printf "%.0f", v[i] }')
row "P2 read after write, GET /incidents/{id} (p50 / p99 of $P2_SAMPLES)" "$read_p50 / $read_p99 ms" "$(ratio_ms "$read_p99" "$raw_latency")"

echo "== P5 a command on an incident with $P5_EVENTS events" >&2
api POST "/benchmark/seed?incidents=1&eventsPerIncident=$P5_EVENTS" "$ADMIN" | jq -r '.incidentIds[]' >"$work/incidents"
await_views
commands evidence 1 "P5 evidence on one incident of $P5_EVENTS events"
# the same with the answer a client that does not need the incident back asks for: no 1.6 MB body
PREFER=return=minimal commands evidence 1 "P5 evidence on one incident of $P5_EVENTS events, Prefer: return=minimal"

echo "== growing the log to $BIG_EVENTS events" >&2
started=$(now); grow_to "$BIG_EVENTS"
row "seeding to $(log_head) events (declarations through commands, the rest through the event store)" "$(elapsed "$started") s" "-"
started=$(now); await_views
row "views catching up with the grown log" "$(elapsed "$started") s" "-"

echo "== P4 audit export and offline verification at $(log_head) events" >&2
started=$(now)
for _ in $(seq 36000); do
    [ "$(api GET /audit/chain "$AUDITOR" | jq -r .unsealedEvents)" = 0 ] && break
    sleep 0.2
done
row "sealer catching up with the grown log" "$(elapsed "$started") s" "-"
# The export is timed on a settled ledger, as the commands are: growing the log by a million events in
# minutes leaves the views catching up, the metrics refresh re-reading the 10,000 incidents it
# changed (every 15 s, ledger.metrics.refresh-interval), and autovacuum reading the whole event
# table; an export beside those measured them too (36,000 records/s against 110,000 by hand after).
started=$(now)
sleep 16
settle
for _ in $(seq 600); do
    [ "$(psql_ledger -Atc "select count(*) from pg_stat_activity where backend_type = 'autovacuum worker'")" = 0 ] && break
    sleep 1
done
row "settling before the export (views caught up, ledger idle, no autovacuum)" "$(elapsed "$started") s" "-"
# Twice: the first is the export code's first run in this JVM.
export_once() { # $1 label
    local heap_max=0
    # The heap in use every 200 ms, read by jstat from the JVM's shared performance counters: scraping
    # /actuator/prometheus that often, as this did before, took a fifth of the export's time.
    jstat -gc "$pid" 200 >"$work/heap" 2>/dev/null &
    local sampler=$!
    local started; started=$(now)
    api GET /audit/stream "$AUDITOR" -o "$work/export.ndjson"
    local export_s; export_s=$(elapsed "$started")
    kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
    # survivor spaces, eden and the old generation, used (KB): columns S0U, S1U, EU, OU
    heap_max=$(awk '$1 ~ /^[0-9.]+$/ { used = ($3 + $4 + $6 + $8) / 1024; if (used > max) max = used } END { printf "%.0f", max }' "$work/heap")
    [ "${heap_max:-0}" -gt 0 ] 2>/dev/null || heap_max="? (no sample)"
    exported=$(($(wc -l <"$work/export.ndjson") - 2))
    local rate; rate=$(awk -v n="$exported" -v s="$export_s" 'BEGIN { printf "%.0f", n / s }')
    row "P4 audit export, $1 (GET /audit/stream, $exported records), ledger heap in use at most $heap_max MB" "$rate records/s ($export_s s)" "$(ratio_rate "$rate" "$raw_tps8")"
}
export_once "first run"
export_once "second run"
api GET /audit/public-key "$AUDITOR" -o "$work/key.pem"
started=$(now)
/usr/bin/time -f '%M' -o "$work/verify-rss" java -Xmx256m -jar "$jar" audit-verify --stream "$work/export.ndjson" \
    --public-key "$work/key.pem" >"$work/verify.out" 2>&1 || [ $? = 3 ] || { cat "$work/verify.out" >&2; fail "audit-verify failed"; }
verify_s=$(elapsed "$started")
rate=$(awk -v n="$exported" -v s="$verify_s" 'BEGIN { printf "%.0f", n / s }')
row "P4 offline verification (audit-verify, -Xmx256m, peak RSS $(( $(tail -1 "$work/verify-rss") / 1024 )) MB)" "$rate records/s ($verify_s s)" "$(ratio_rate "$rate" "$raw_tps8")"

echo "== P6 P1 and P3 again at $(log_head) events" >&2
api POST "/benchmark/seed?incidents=100&eventsPerIncident=2" "$ADMIN" | jq -r '.incidentIds[]' >"$work/incidents"
p1 P6
# as many runs as P3, so the two figures compare alike (one rebuild at a million events took 54.2 to
# 94.2 s in the full runs of 6 December 2026)
rebuild_all "P6" "$P3_RUNS"

fi

# Each warm start is timed P7_RUNS times (default 1), the load average of the moment on its row:
# on a shared machine the spread between runs says as much as any one figure. $1: how it starts.
warm_starts() {
    for run in $(seq "${P7_RUNS:-1}"); do
        stop_ledger
        port_free "$port" || fail "port $port still taken after stopping the ledger"
        load=$(load_now); start_ledger
        row "P7 start to healthy, warm, $1 ($(log_head) events, load $load)" "$startup_seconds s" "$(start_parts)"
    done
}

echo "== P7 warm: restart on the grown data directory" >&2
warm_starts "java -jar"

echo "== P7 warm through scripts/ledger.sh (extracted jar, class-data-sharing archive)" >&2
stop_ledger
prepare_started=$(now)
# its first run extracts the jar and makes the archive (a training start), then starts the ledger:
# that run is not the one measured
launch=(env LEDGER_JAR="$jar" LEDGER_START_CACHE="$work/start-cache" JAVA_OPTS="${JAVA_OPTS:-}" scripts/ledger.sh)
start_ledger
row "P7 scripts/ledger.sh's one-off preparation and start" "$(elapsed "$prepare_started") s" "-"
warm_starts "scripts/ledger.sh"

# What ledger.sh's start options (C1 alone, the serial collector) buy: the same start with the
# JVM's own compiler and collector (its own preparation, not measured)
echo "== P7 warm through scripts/ledger.sh with LEDGER_START_JVM_OPTS='' (C2, G1)" >&2
stop_ledger
launch=(env LEDGER_JAR="$jar" LEDGER_START_CACHE="$work/start-cache" LEDGER_START_JVM_OPTS= JAVA_OPTS="${JAVA_OPTS:-}" scripts/ledger.sh)
start_ledger
warm_starts "scripts/ledger.sh with the JVM's own compiler and collector"

echo
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem/ { print $2 " GB" }'), load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ); $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo
echo "| workload | figure | ratio to the raw insert limit |"
echo "|---|---|---|"
for r in "${rows[@]}"; do echo "| ${r//$'\t'/ | } |"; done
