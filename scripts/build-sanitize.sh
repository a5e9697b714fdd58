#!/usr/bin/env bash
# Configures (once) and builds the sanitizer build in ./build-sanitize: clang-19
# with AddressSanitizer and UndefinedBehaviorSanitizer, assertions on, and
# libFuzzer's coverage instrumentation, so that one build serves both the
# sanitizer runs and the fuzzer (scripts/check-sanitize.sh, bench/fuzz.sh).
# MLIR, LLVM and Halide stay Debian's gcc-built shared libraries: only nnc's
# own code is instrumented. Without arguments it builds what those checks run;
# otherwise the arguments go to `cmake --build` as in scripts/build.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${NNC_SANITIZE_BUILD_DIR:-$root/build-sanitize}"

sanitizers="-fsanitize=address,undefined -fno-sanitize-recover=all"
if [ ! -f "$build/build.ninja" ]; then
  # -O1 with line tables: readable stacks at a third of -O0's run time.
  # RelWithDebInfo without its -DNDEBUG: assertions are checks too.
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
    -DCMAKE_C_FLAGS="$sanitizers -fno-omit-frame-pointer -fsanitize=fuzzer-no-link" \
    -DCMAKE_CXX_FLAGS="$sanitizers -fno-omit-frame-pointer -fsanitize=fuzzer-no-link" \
    -DCMAKE_EXE_LINKER_FLAGS="$sanitizers" \
    -DCMAKE_SHARED_LINKER_FLAGS="$sanitizers" \
    -DNNC_BUILD_FUZZERS=ON \
    -DMLIR_DIR=/usr/lib/llvm-19/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-19/build/utils/lit/lit.py
fi
if [ $# -eq 0 ]; then
  set -- --target nnc nnc-opt nncrt-tests nnc-frontend-fuzzer
fi
cmake --build "$build" "$@"
