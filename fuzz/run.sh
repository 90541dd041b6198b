#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for SECONDS each (default 60); fails if any target finds a crash.
# Run from anywhere as `bash fuzz/run.sh [SECONDS]` (or `just fuzz [SECONDS]`).
#
# Needs only stable Rust: the targets are built without a sanitizer (`-s none`; the code is safe Rust), which
# leaves cargo-fuzz only stable `-C` flags for the coverage instrumentation. They are also built without
# `--cfg fuzzing` (`--no-cfg-fuzzing`): under it proc-macro2 reports every span at line 0, column 0, which breaks
# the span arithmetic of sea-autogen-codegen's lib.rs editing. cargo-fuzz is installed if missing.
#
# Each target fuzzes fuzz/corpus/<target> (generated, git-ignored; new inputs go there) seeded from
# fuzz/seeds/<target> (hand-made, tracked). A crash is saved under fuzz/artifacts/<target>/; reproduce it with
#   cargo fuzz run --fuzz-dir fuzz -s none <target> fuzz/artifacts/<target>/<file>
# Full libFuzzer logs are kept in fuzz/target/logs/<target>.log.
set -euo pipefail

SECONDS_PER_TARGET=${1:-60}
[[ $SECONDS_PER_TARGET =~ ^[1-9][0-9]*$ ]] || {
    printf 'usage: bash fuzz/run.sh [SECONDS]\n' >&2
    exit 2
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v cargo >/dev/null 2>&1 && [[ -x ${HOME:-/root}/.cargo/bin/cargo ]]; then
    export PATH="${HOME:-/root}/.cargo/bin:$PATH"
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    printf 'fuzz: installing cargo-fuzz\n'
    cargo install cargo-fuzz --locked
fi

OPTS=(--fuzz-dir fuzz --sanitizer none --no-cfg-fuzzing)
# AUTOGEN_FUZZ_SEED fixes libFuzzer's random seed (CI does, so a run repeats); unset, every run explores anew.
SEED_OPT=()
if [[ -n ${AUTOGEN_FUZZ_SEED:-} ]]; then
    SEED_OPT=(-seed="$AUTOGEN_FUZZ_SEED")
fi

printf 'fuzz: building the targets\n'
cargo fuzz build "${OPTS[@]}"

targets=$(cargo fuzz list --fuzz-dir fuzz)
mkdir -p fuzz/target/logs
failed=()
for target in $targets; do
    mkdir -p "fuzz/corpus/$target" "fuzz/seeds/$target"
    log="fuzz/target/logs/$target.log"
    printf 'fuzz: %s for %ss ... ' "$target" "$SECONDS_PER_TARGET"
    if cargo fuzz run "${OPTS[@]}" "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=20 -print_final_stats=0 ${SEED_OPT[@]+"${SEED_OPT[@]}"} \
        >"$log" 2>&1; then
        done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -n1 || true)
        printf '%s\n' "${done_line:-finished (no summary line, see $log)}"
    else
        printf 'FAILED\n'
        # The panic message (or libFuzzer's reason: timeout, out of memory, ...) and the failing input.
        grep -E -A2 "panicked at|ERROR: libFuzzer" "$log" | sed 's/^/    /' | head -n 20 || true
        artifact=$(sed -nE 's/.*Test unit written to ([^ ]+).*/\1/p' "$log" | tail -n1)
        if [[ -n $artifact ]]; then
            printf '    input: %s\n    reproduce: cargo fuzz run %s %s %s\n' "$artifact" "${OPTS[*]}" "$target" "$artifact"
        fi
        failed+=("$target")
    fi
done

if ((${#failed[@]})); then
    printf 'fuzz: crash found in: %s (inputs under fuzz/artifacts/, logs under fuzz/target/logs/)\n' "${failed[*]}" >&2
    exit 1
fi
printf 'fuzz: no crash\n'
