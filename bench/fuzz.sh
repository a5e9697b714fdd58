#!/usr/bin/env bash
# Fuzzes the front end with libFuzzer (fuzz/FrontendFuzzer.cpp: parse, Sema,
# MLIRGen with shape inference and the verifier, the summary, nn-make-step and
# nn-autodiff; no Halide), in the sanitizer build (ASan+UBSan, assertions on).
# Rejected input is fine; a crash, assertion, sanitizer report or timeout
# stops the run, writes the input to build-sanitize/fuzz/crash-* (or
# timeout-*, oom-*) and exits non-zero. Arguments go to libFuzzer:
#
#   bench/fuzz.sh                             # until Ctrl-C or the first crash
#   bench/fuzz.sh -max_total_time=60          # a minute (what CI runs)
#   bench/fuzz.sh -runs=1000000               # a million inputs
#   bench/fuzz.sh -fork=2 -ignore_crashes=1   # two processes, past crashes
#   bench/fuzz.sh build-sanitize/fuzz/crash-XXXX   # rerun one input
#
# Seeds: examples/*.nn and every .nn under test/, copied afresh each run; the
# inputs that reach new code accumulate in build-sanitize/fuzz/corpus (kept,
# so later runs start where earlier ones stopped). Minimize a crash with
# `bench/fuzz.sh -minimize_crash=1 -runs=10000 build-sanitize/fuzz/crash-XXXX`.
set -euo pipefail
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
  echo "libFuzzer's own flags: bench/fuzz.sh -help=1"
  exit 0
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${NNC_SANITIZE_BUILD_DIR:-$root/build-sanitize}"
work="$build/fuzz"

"$root/scripts/build-sanitize.sh" --target nnc-frontend-fuzzer >&2

mkdir -p "$work/corpus"
seeds=$(mktemp -d -t nnc-fuzz-seeds.XXXXXX)
trap 'rm -rf "$seeds"' EXIT
# Named after their paths: test files share names (chain.nn, named-values.nn).
(cd "$root" && find examples test -name '*.nn' -print0 |
   while IFS= read -r -d '' file; do
     cp "$file" "$seeds/${file//\//_}"
   done)

# Sanitizer settings shared with scripts/check-sanitize.sh (why each is there).
source "$root/scripts/sanitizer-options.sh"

corpus=("$work/corpus" "$seeds")
for arg in "$@"; do
  # A file argument runs just that input, not the corpus.
  if [ -f "$arg" ]; then corpus=(); fi
done
"$build/bin/nnc-frontend-fuzzer" \
  -dict="$root/fuzz/nn.dict" \
  -timeout=10 \
  -artifact_prefix="$work/" \
  "$@" "${corpus[@]}"
