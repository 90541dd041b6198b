# Thin recipes over cargo; the README's commands work without just.

# Run every test, as CI does (after `bash .ci/run` has the databases up).
test:
    cargo test --workspace

# Formatting and lints, as CI checks them.
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets --locked -- -D warnings

# The seed walkthrough on the embedded SQLite default, in examples/quickstart.
demo:
    cd examples/quickstart && cargo autogen revision -m "add users" && cargo autogen upgrade head && cargo autogen check && cargo autogen downgrade -1 && cargo autogen upgrade head

# Everything CI runs.
ci:
    bash .ci/run

# The scale benchmark: sea-autogen check beside alembic check and pg_dump (see docs/benchmarks.md).
bench:
    bash bench/run.sh

# The writer-stall benchmark: the longest insert while each kind of change runs, plain and lock-safe, on tables of
# 1,000,000 and 5,000,000 rows (see docs/benchmarks.md).
bench-stall:
    bash bench/stall.sh

# Fuzz every parser of outside text (type strings, SQL expressions, SQLite DDL, lib.rs), SECONDS per target.
fuzz seconds="600":
    bash fuzz/run.sh {{seconds}}

# Property-test round trips from a random seed, `cases` per backend (docs/reliability.md); prints the count and seed.
soak cases="2000":
    AUTOGEN_PROPTEST_CASES={{cases}} AUTOGEN_PROPTEST_SEED=random cargo test -p sea-autogen-tests --test properties -- --nocapture
