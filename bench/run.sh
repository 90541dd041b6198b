#!/usr/bin/env bash
# The scale benchmark (SPEC §6): a synthetic schema of N tables on each backend, and in one run the wall time of
# `sea-autogen check` (the migration binary, release, already built), `check --shadow` (the migrations replayed
# into a scratch database instead of reading one at head), `cargo autogen check` end to end,
# introspection + diff in-process, `alembic check` on SQLAlchemy models of the same schema, and the schema dump
# (pg_dump --schema-only / mysqldump --no-data / sqlite3 .schema). Every timed command must succeed and find no
# changes. Results: target/bench/results.jsonl and the markdown table printed at the end.
#
# Sizes (space-separated) can be overridden: BENCH_PG_SIZES (default "100 1000"), BENCH_PG_INTROSPECT_SIZES
# (introspection and dump only, no entities compiled; default "5000"), BENCH_MYSQL_SIZES ("1000"),
# BENCH_SQLITE_SIZES ("1000"), BENCH_RUNS (5). A 1,000-entity crate takes minutes and ~7 GB to build.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
OUT=$ROOT/target/bench
mkdir -p "$OUT"
RESULTS=$OUT/results.jsonl
: > "$RESULTS"
RUNS=${BENCH_RUNS:-5}
PG_SIZES=${BENCH_PG_SIZES:-"100 1000"}
PG_INTROSPECT_SIZES=${BENCH_PG_INTROSPECT_SIZES:-"5000"}
MYSQL_SIZES=${BENCH_MYSQL_SIZES:-"1000"}
SQLITE_SIZES=${BENCH_SQLITE_SIZES:-"1000"}
PG=${AUTOGEN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
MY=${AUTOGEN_TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/test}
PG_BASE=${PG%/*}
MY_BASE=${MY%/*}
PG_HOSTPART=${PG_BASE#postgres://}
MY_HOSTPART=${MY_BASE#mysql://}

log() { printf '==> %s\n' "$*" >&2; }

log "installing the Alembic peer (bench/alembic/requirements.txt)"
python3 -m pip install -q -r bench/alembic/requirements.txt >&2
log "building autogen-bench and cargo-autogen (release)"
cargo build --release -q -p sea-autogen-bench -p cargo-autogen
BENCH=$ROOT/target/release/autogen-bench
CARGO_AUTOGEN=$ROOT/target/release/cargo-autogen

record() { tee -a "$RESULTS"; }

# build_entities N: writes and builds the entity crate for N tables; prints the migration binary's path.
build_entities() {
    local n=$1 dir=$OUT/entities-$1
    if [[ ! -f $dir/Cargo.toml ]]; then
        "$BENCH" entities --tables "$n" --out "$dir" --crates "$ROOT/crates"
        cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
    fi
    log "building the $n-entity migration crate (release)"
    CARGO_TARGET_DIR=$ROOT/target cargo build --release -q --manifest-path "$dir/migration/Cargo.toml" >&2
    echo "$ROOT/target/release/bench-migration-$n"
}

# measure BACKEND N URL SQLALCHEMY_URL BINARY: every timing for one loaded database.
measure() {
    local backend=$1 n=$2 url=$3 sa_url=$4 bin=$5 dir=$OUT/entities-$2
    DATABASE_URL=$url "$BENCH" time --tool "sea-autogen check (binary)" --backend "$backend" --tables "$n" \
        --runs "$RUNS" -- "$bin" check | record
    # The same target directory the binary was built in: cargo finds it fresh and only checks.
    DATABASE_URL=$url CARGO_TARGET_DIR=$ROOT/target "$BENCH" time --tool "cargo autogen check" --backend "$backend" \
        --tables "$n" --runs "$RUNS" -- "$CARGO_AUTOGEN" autogen --release --migration-dir "$dir/migration" check | record
    "$BENCH" introspect --url "$url" --tables "$n" --runs "$RUNS" | record
    python3 bench/alembic/alembic_check.py --url "$sa_url" --workdir "$OUT/alembic-$backend-$n" --runs "$RUNS" | record
}

# shadow_pg N BINARY: `check --shadow`, which replays the migrations into a scratch database on the server instead
# of reading a database at head. The N-table schema becomes one generated migration (`revision --shadow`), the binary
# is rebuilt with it, timed, and put back as it was for the other backends.
shadow_pg() {
    local n=$1 bin=$2 dir=$OUT/entities-$1 db=bench_pg_shadow_$1
    log "postgres, $n tables: check --shadow"
    psql "$PG" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
    cp "$dir/migration/src/lib.rs" "$OUT/lib.rs.saved"
    DATABASE_URL=$PG_BASE/$db "$bin" -q revision --shadow -m "initial schema" >&2
    CARGO_TARGET_DIR=$ROOT/target cargo build --release -q --manifest-path "$dir/migration/Cargo.toml" >&2
    DATABASE_URL=$PG_BASE/$db "$BENCH" time --tool "check --shadow (binary)" --backend postgres --tables "$n" \
        --runs "$RUNS" -- "$bin" check --shadow | record
    rm -f "$dir"/migration/src/m2*_initial_schema.rs
    cp "$OUT/lib.rs.saved" "$dir/migration/src/lib.rs"
    CARGO_TARGET_DIR=$ROOT/target cargo build --release -q --manifest-path "$dir/migration/Cargo.toml" >&2
    psql "$PG" -qc "DROP DATABASE $db WITH (FORCE)"
}

sizes=$(printf '%s\n' $PG_SIZES $MYSQL_SIZES $SQLITE_SIZES | sort -n -u)
for n in $sizes; do
    bin=$(build_entities "$n")
    if [[ " $PG_SIZES " == *" $n "* ]]; then
        db=bench_pg_$n
        log "postgres, $n tables"
        psql "$PG" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
        "$BENCH" load --url "$PG_BASE/$db" --tables "$n"
        measure postgres "$n" "$PG_BASE/$db" "postgresql+psycopg2://$PG_HOSTPART/$db" "$bin"
        python3 bench/alembic/dump_time.py --backend postgres --db "$db" --runs "$RUNS" | record
        psql "$PG" -qc "DROP DATABASE $db WITH (FORCE)"
    fi
    if [[ " $MYSQL_SIZES " == *" $n "* ]]; then
        db=bench_my_$n
        log "mariadb, $n tables"
        mariadb -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
        "$BENCH" load --url "$MY_BASE/$db" --tables "$n"
        measure mysql "$n" "$MY_BASE/$db" "mysql+pymysql://$MY_HOSTPART/$db" "$bin"
        python3 bench/alembic/dump_time.py --backend mysql --db "$db" --runs "$RUNS" | record
        mariadb -h 127.0.0.1 -uroot -e "DROP DATABASE $db"
    fi
    if [[ " $SQLITE_SIZES " == *" $n "* ]]; then
        file=$OUT/bench-$n.sqlite3
        log "sqlite, $n tables"
        rm -f "$file"
        "$BENCH" load --url "sqlite://$file?mode=rwc" --tables "$n"
        measure sqlite "$n" "sqlite://$file?mode=rw" "sqlite:///$file" "$bin"
        "$BENCH" time --tool "sqlite3 .schema" --backend sqlite --tables "$n" --runs "$RUNS" -- \
            sqlite3 "$file" .schema | record
    fi
    if [[ " $PG_SIZES " == *" $n "* ]]; then
        shadow_pg "$n" "$bin"
    fi
done

for n in $PG_INTROSPECT_SIZES; do
    db=bench_pg_$n
    log "postgres, $n tables: introspection and dump only (no entities compiled)"
    psql "$PG" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
    "$BENCH" load --url "$PG_BASE/$db" --tables "$n"
    "$BENCH" introspect --url "$PG_BASE/$db" --tables "$n" --runs "$RUNS" | record
    python3 bench/alembic/dump_time.py --backend postgres --db "$db" --runs "$RUNS" | record
    psql "$PG" -qc "DROP DATABASE $db WITH (FORCE)"
done

log "results ($RESULTS)"
"$BENCH" report "$RESULTS"
