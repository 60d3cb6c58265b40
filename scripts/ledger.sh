#!/usr/bin/env bash
# Runs the ledger jar as `java -jar` does, but starts it faster: from the jar's extracted form
# (plain jars on the class path instead of jars nested in the jar, whose class loading was most of
# the start-up's CPU) with a class-data-sharing archive of the classes a start loads.
#
#   scripts/ledger.sh [ledger arguments]        e.g. scripts/ledger.sh --ledger.data-dir=/var/lib/ledger
#
# LEDGER_JAR: the jar (default: ledger-api/target/ledger-api-*.jar); JAVA_OPTS: JVM options, after
# LEDGER_START_JVM_OPTS (default `-XX:TieredStopAtLevel=1 -XX:+UseSerialGC`; empty for the JVM's own);
# LEDGER_START_CACHE: where the extracted jar and the archive are kept (default
# ~/.cache/incident-ledger), one directory per jar, Java version and start options, made on the first start.
# Making the archive is one training start of the ledger on a throwaway data directory (about as
# long as a first start), so the first start through this script takes that much longer.
# Commands (`scripts/ledger.sh tokens list`, `--help`) run the same way.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar=${LEDGER_JAR:-$(ls "$here"/ledger-api/target/ledger-api-*.jar 2>/dev/null | grep -v original | head -1 || true)}
[ -n "$jar" ] && [ -f "$jar" ] || { echo "ledger.sh: no jar (set LEDGER_JAR, or build ledger-api/target/ledger-api-*.jar)" >&2; exit 1; }
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")

# C1 alone and the serial collector, as spring-boot:run's optimizedLaunch does for the compiler: on
# 2 cores C2 took as much CPU as the start itself (a warm start at 200k events: 7.2-8.5 s with
# these, 12.6-13.2 s without). The price is steady-state speed: after minutes of load about 40%
# fewer commands a second (docs/performance.md, P7). LEDGER_START_JVM_OPTS="" keeps the JVM's own.
start_jvm_opts=${LEDGER_START_JVM_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}

java_version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p' | tr -c 'A-Za-z0-9.\n' '-')
cache=${LEDGER_START_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/incident-ledger}
# a rebuilt jar (new size or time), another Java or other start options get a directory of their own
# (the archive is made and used with the same options)
options_key=$(printf '%s' "$start_jvm_opts" | cksum | cut -d' ' -f1)
prepared="$cache/$(basename "$jar" .jar)-$(stat -c '%s-%Y' "$jar")-java-$java_version-options-$options_key"
app="$prepared/app/$(basename "$jar")"
archive="$prepared/ledger.jsa"

if [ ! -f "$prepared/extracted" ]; then
    echo "ledger.sh: extracting $jar into $prepared/app (once per jar)" >&2
    rm -rf "$prepared"; mkdir -p "$prepared"
    java -Djarmode=tools -jar "$jar" extract --destination "$prepared/app" >&2
    touch "$prepared/extracted"
fi

if [ ! -f "$archive" ] && [ ! -f "$prepared/training-failed" ]; then
    echo "ledger.sh: training start for the class-data-sharing archive (once per jar; about as long as a first start)" >&2
    training=$(mktemp -d)
    # The context is refreshed (the embedded PostgreSQL started and migrated, every bean made), then
    # the JVM halts and writes the archive; the halt skips the shutdown hooks, so the training's
    # PostgreSQL is stopped here.
    # shellcheck disable=SC2086 # the options are words
    if java $start_jvm_opts -XX:ArchiveClassesAtExit="$archive.tmp" -Xlog:cds=off -Xlog:cds+dynamic=off -Dspring.context.exit=onRefresh \
            -jar "$app" --ledger.data-dir="$training/data" --server.address=127.0.0.1 --server.port=0 \
            >"$prepared/training.log" 2>&1 && [ -s "$archive.tmp" ]; then
        mv "$archive.tmp" "$archive"
    else
        echo "ledger.sh: the training start failed (see $prepared/training.log); starting without the archive" >&2
        touch "$prepared/training-failed"
    fi
    postmaster=$(head -1 "$training/data/postgres/postmaster.pid" 2>/dev/null || true)
    if [ -n "$postmaster" ] && kill "$postmaster" 2>/dev/null; then
        while kill -0 "$postmaster" 2>/dev/null; do sleep 0.1; done
    fi
    rm -rf "$training" "$archive.tmp"
fi

sharing=()
[ -f "$archive" ] && sharing=(-XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
# exec: the JVM is this process, so signals (a stop, in order) reach it directly
# shellcheck disable=SC2086
exec java $start_jvm_opts "${sharing[@]}" ${JAVA_OPTS:-} -jar "$app" "$@"
