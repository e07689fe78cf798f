#!/usr/bin/env bash
# Runs every fuzz target (fuzz/, invariants in crates/khabar-fuzz) for
# SECONDS each, one after the other, from the seed corpora that
# scripts/fuzz-seeds.sh builds from ../shared/data. Installs cargo-fuzz
# under target/cargo-fuzz if it is not on the PATH. Exits non-zero if any
# target crashes, hangs (over 10 s on one input) or runs out of memory,
# naming the target and the input that did it.
#
# Usage: scripts/fuzz.sh SECONDS [TARGET...]
# A finding is reproduced with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run TARGET fuzz/artifacts/TARGET/crash-...
# and kept as a regression test in crates/khabar-fuzz/regressions/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 SECONDS [TARGET...]" >&2
  exit 2
fi
seconds=$1
shift
all=(analyze plain html jsonl tsv warc feed counter query)
targets=("${@:-${all[@]}}")
[ $# -gt 0 ] || targets=("${all[@]}")

# The longest input per target: articles and pages of real size, and
# queries as people type them. scripts/fuzz_seeds.py keeps seeds within it.
max_len() {
  case $1 in
    html | warc | feed) echo 32768 ;;
    query) echo 512 ;;
    *) echo 16384 ;;
  esac
}

if command -v cargo-fuzz >/dev/null; then
  cargo_fuzz=cargo-fuzz
else
  cargo_fuzz=$PWD/target/cargo-fuzz/bin/cargo-fuzz
  if [ ! -x "$cargo_fuzz" ]; then
    cargo install cargo-fuzz --locked --root target/cargo-fuzz
  fi
fi

# libFuzzer's instrumentation needs nightly flags; the toolchain is stable.
export RUSTC_BOOTSTRAP=1
"$cargo_fuzz" fuzz build
scripts/fuzz-seeds.sh

bin=fuzz/target/x86_64-unknown-linux-gnu/release
logs=target/fuzz-logs
mkdir -p "$logs"
failed=()
for target in "${targets[@]}"; do
  corpus=fuzz/corpus/$target
  artifacts=fuzz/artifacts/$target/
  mkdir -p "$corpus" "$artifacts"
  log=$logs/$target.log
  echo "fuzzing $target for ${seconds}s (log: $log)"
  status=0
  "$bin/$target" "$corpus" "target/fuzz-seeds/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len="$(max_len "$target")" -artifact_prefix="$artifacts" \
    -print_final_stats=1 >"$log" 2>&1 || status=$?
  tail -n 12 "$log" | grep -E '^stat::(number_of_executed_units|peak_rss_mb|new_units_added)' || true
  if [ "$status" -ne 0 ]; then
    input=$(grep -o 'Test unit written to .*' "$log" | tail -n 1 | sed 's/^Test unit written to //')
    kind=$(grep -Eo 'ERROR: libFuzzer: [a-z-]+|panicked at [^ ]+[0-9]|ERROR: AddressSanitizer: [a-z-]+' "$log" | head -n 1)
    echo "error: fuzz target $target failed (${kind:-exit $status}) on ${input:-an unknown input}; see $log" >&2
    grep -A 6 "panicked at" "$log" | head -n 20 >&2 || true
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${#failed[@]} of ${#targets[@]} targets failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each without a finding"
