#!/usr/bin/env bash
# The sanitizer checks CI runs after the test suite: builds build-sanitize
# (scripts/build-sanitize.sh: clang-19, ASan+UBSan, assertions on), then runs
#  1. the runtime's unit tests (nncrt-tests, leak checks included);
#  2. the lit suites that drive nnc and nnc-opt without linking executables
#     (Frontend, Dialect, MLIRGen, Transforms): the suites that link would
#     need the sanitizer runtime in every executable nnc makes, and are what
#     the normal build's check-nnc is for;
#  3. the front-end fuzzer for NNC_FUZZ_SECONDS (default 60) from the seeds.
# Any sanitizer report, assertion or fuzzer crash fails it.
#
#   scripts/check-sanitize.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${NNC_SANITIZE_BUILD_DIR:-$root/build-sanitize}"
lit=/usr/lib/llvm-19/build/utils/lit/lit.py

"$root/scripts/build-sanitize.sh"
source "$root/scripts/sanitizer-options.sh"

echo "== nncrt-tests (ASan+UBSan)"
"$build/bin/nncrt-tests" --gtest_brief=1

echo "== lit with the sanitized nnc and nnc-opt"
"$lit" -sv "$build/test/Frontend" "$build/test/Dialect" "$build/test/MLIRGen" \
  "$build/test/Transforms"

echo "== fuzzing the front end for ${NNC_FUZZ_SECONDS:-60} s"
"$root/bench/fuzz.sh" -max_total_time="${NNC_FUZZ_SECONDS:-60}" -print_final_stats=1
