#!/usr/bin/env bash
# Runs the fuzz targets in fuzz/ for a fixed time each, one after the other.
#
#   scripts/fuzz.sh                          # every target, FUZZ_SECONDS (60) each
#   scripts/fuzz.sh FUZZ_SECONDS=300 value_msgpack policy_roundtrip
#
# Settings (arguments of the form NAME=value, or environment variables):
#   FUZZ_SECONDS  time per target (default 60)
#   FUZZ_TIMEOUT  seconds one input may take before it counts as a hang (default 10)
#   FUZZ_RSS_MB   memory limit in MB before an input counts as an OOM (default 2048)
#   FUZZ_SANITIZER  none (default: the crate has no unsafe code, and AddressSanitizer makes the
#                   catalogue-wide evaluations 10-50 times slower) or address
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). It passes nightly-only flags to
# rustc; RUSTC_BOOTSTRAP=1 lets a stable toolchain accept them. New inputs go to
# fuzz/corpus/<target> (not committed); fuzz/seeds/<target> is the committed starting corpus.
# A crash, hang or OOM stops the run and leaves the input in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=()
for arg in "$@"; do
  case "$arg" in
    *=*) export "${arg?}" ;;
    *) targets+=("$arg") ;;
  esac
done
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
FUZZ_TIMEOUT="${FUZZ_TIMEOUT:-10}"
FUZZ_RSS_MB="${FUZZ_RSS_MB:-2048}"
FUZZ_SANITIZER="${FUZZ_SANITIZER:-none}"

command -v cargo-fuzz >/dev/null || {
  echo "cargo-fuzz is required: cargo install cargo-fuzz --locked" >&2
  exit 2
}
export RUSTC_BOOTSTRAP=1

if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cd fuzz && cargo fuzz list)
fi

mkdir -p fuzz/logs
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  log="fuzz/logs/$target.log"
  echo "=== $target: ${FUZZ_SECONDS}s (log: $log)"
  start=$(date +%s)
  set +e
  # The first directory receives new inputs; the seeds are only read.
  (cd fuzz && cargo fuzz run --sanitizer "$FUZZ_SANITIZER" --debug-assertions "$target" \
    "corpus/$target" "seeds/$target" -- \
    -max_total_time="$FUZZ_SECONDS" -timeout="$FUZZ_TIMEOUT" -rss_limit_mb="$FUZZ_RSS_MB" \
    -print_final_stats=1) >"$log" 2>&1
  status=$?
  set -e
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)' "$log" || true
  echo "=== $target: $(( $(date +%s) - start ))s, corpus $(find "fuzz/corpus/$target" -type f | wc -l) inputs, exit $status"
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log"
    exit "$status"
  fi
done
