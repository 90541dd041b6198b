#!/usr/bin/env bash
# The writer-stall benchmark (issue: production-safe migrations): for each server and table size, a table of N rows
# with one session inserting back to back, and for each kind of change the longest insert while the migration runs,
# plain form beside lock-safe form (`autogen-bench stall`). Results: target/bench/stall.jsonl and the markdown
# table printed at the end (the one in docs/benchmarks.md).
#
# BENCH_STALL_ROWS (default "1000000 5000000"), BENCH_STALL_SERVERS (default "postgres postgres18 mysql"); the
# servers are those of the test URLs
# (AUTOGEN_TEST_POSTGRES_URL, AUTOGEN_TEST_POSTGRES18_URL when set, AUTOGEN_TEST_MYSQL_URL). Each gets a database
# `autogen_stall` of its own, dropped at the end.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
OUT=$ROOT/target/bench
mkdir -p "$OUT"
RESULTS=$OUT/stall.jsonl
: > "$RESULTS"
ROWS=${BENCH_STALL_ROWS:-"1000000 5000000"}
PG=${AUTOGEN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
PG18=${AUTOGEN_TEST_POSTGRES18_URL:-}
MY=${AUTOGEN_TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/test}
SERVERS=${BENCH_STALL_SERVERS:-"postgres postgres18 mysql"}

log() { printf '==> %s\n' "$*" >&2; }

cargo build --release -q -p sea-autogen-bench
BENCH=$ROOT/target/release/autogen-bench

# mysql_admin mysql://USER@HOST:PORT SQL: runs SQL with the mariadb client (no password, as the test servers).
mysql_admin() {
    local rest=${1#mysql://} user host port
    user=${rest%@*}
    host=${rest#*@}
    port=${host##*:}
    host=${host%:*}
    mariadb -u"$user" -h"$host" --port="$port" -e "$2" >&2
}

# server NAME URL: runs every size on the server at URL (its `autogen_stall` database).
server() {
    local name=$1 url=$2 base=${2%/*} db
    db=$base/autogen_stall
    case $url in
        postgres*)
            psql "$url" -qc "DROP DATABASE IF EXISTS autogen_stall" -c "CREATE DATABASE autogen_stall" >&2 ;;
        mysql*) mysql_admin "$base" "DROP DATABASE IF EXISTS autogen_stall; CREATE DATABASE autogen_stall" ;;
    esac
    for n in $ROWS; do
        log "$name, $n rows"
        "$BENCH" stall --url "$db" --rows "$n" --server "$name" | tee -a "$RESULTS"
    done
    case $url in
        postgres*) psql "$url" -qc "DROP DATABASE IF EXISTS autogen_stall" >&2 ;;
        mysql*) mysql_admin "$base" "DROP DATABASE IF EXISTS autogen_stall" ;;
    esac
}

for which in $SERVERS; do
    case $which in
        postgres) server "PostgreSQL $(psql "$PG" -Atc 'SHOW server_version' | cut -d' ' -f1)" "$PG" ;;
        postgres18)
            if [[ -n $PG18 ]]; then
                server "PostgreSQL $(psql "$PG18" -Atc 'SHOW server_version' | cut -d' ' -f1)" "$PG18"
            fi ;;
        mysql) server "MariaDB $(mariadb -uroot -h127.0.0.1 -N -e 'SELECT VERSION()' | cut -d- -f1)" "$MY" ;;
    esac
done

python3 bench/stall_table.py "$RESULTS"
