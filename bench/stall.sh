#!/usr/bin/env bash
# The writer-stall benchmark (issue: production-safe migrations): for each server and table size, a table of N rows
# with one session inserting back to back, and for each kind of change the longest insert while the migration runs,
# plain form beside lock-safe form (`autogen-bench stall`). Results: target/bench/stall.jsonl and the markdown
# table printed at the end (the one in docs/benchmarks.md).
#
# BENCH_STALL_ROWS (default "1000000 5000000"); the servers are those of the test URLs
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

log() { printf '==> %s\n' "$*" >&2; }

cargo build --release -q -p sea-autogen-bench
BENCH=$ROOT/target/release/autogen-bench

# server NAME URL: runs every size on the server at URL (its `autogen_stall` database).
server() {
    local name=$1 url=$2 base=${2%/*} db
    db=$base/autogen_stall
    case $url in
        postgres*)
            psql "$url" -qc "DROP DATABASE IF EXISTS autogen_stall" -c "CREATE DATABASE autogen_stall" >&2 ;;
        mysql*)
            local host=${base#mysql://}
            mariadb -u"${host%@*}" -h"${host#*@}" --port=3306 -e \
                "DROP DATABASE IF EXISTS autogen_stall; CREATE DATABASE autogen_stall" >&2 ;;
    esac
    for n in $ROWS; do
        log "$name, $n rows"
        "$BENCH" stall --url "$db" --rows "$n" --server "$name" | tee -a "$RESULTS"
    done
    case $url in
        postgres*) psql "$url" -qc "DROP DATABASE IF EXISTS autogen_stall" >&2 ;;
        mysql*)
            local host=${base#mysql://}
            mariadb -u"${host%@*}" -h"${host#*@}" --port=3306 -e "DROP DATABASE IF EXISTS autogen_stall" >&2 ;;
    esac
}

server "PostgreSQL $(psql "$PG" -Atc 'SHOW server_version' | cut -d' ' -f1)" "$PG"
if [[ -n $PG18 ]]; then
    server "PostgreSQL $(psql "$PG18" -Atc 'SHOW server_version' | cut -d' ' -f1)" "$PG18"
fi
server "MariaDB $(mariadb -uroot -h127.0.0.1 -N -e 'SELECT VERSION()' | cut -d- -f1)" "$MY"

python3 - "$RESULTS" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
servers = list(dict.fromkeys(r["server"] for r in rows))
sizes = sorted({r["rows"] for r in rows})
changes = list(dict.fromkeys(r["change"] for r in rows))
def cell(server, size, change, form):
    for r in rows:
        if (r["server"], r["rows"], r["change"], r["form"]) == (server, size, change, form):
            return f'{r["longest_insert_s"]:.2f} s'
    return "—"
for server in servers:
    print(f"\n**{server}**: the longest insert while the migration runs (a writer inserting back to back)\n")
    head = " | ".join(f"{n:,} rows {form}" for n in sizes for form in ("plain", "lock-safe"))
    print(f"| change | {head} |")
    print("|---|" + "---|" * (2 * len(sizes)))
    for change in changes:
        if change.startswith("(no migration"):
            cells = " | ".join(cell(server, n, change, "-") for n in sizes for _ in (0, 1))
        else:
            cells = " | ".join(cell(server, n, change, f) for n in sizes for f in ("plain", "lock-safe"))
        print(f"| {change} | {cells} |")
PY
