# Sourced by scripts/check-sanitize.sh and bench/fuzz.sh: how the programs of the
# sanitizer build (scripts/build-sanitize.sh) report. Settings already in the
# environment win.
#
# abort_on_error: a report ends the program with SIGABRT rather than exit 1, so
#   that `not nnc bad.nn` in a lit test (which accepts an error exit) still
#   fails on it. halt_on_error: the first report ends the run.
# allow_user_poisoning=0: LLVM's BumpPtrAllocator (inline, from its headers)
#   poisons the free part of each slab when compiled into our ASan code and
#   unpoisons each piece it hands out, but the same allocators are also used
#   by Debian's uninstrumented libMLIR, whose pieces stay poisoned: every
#   attribute MLIR creates in a slab our code opened is then a false
#   use-after-poison (seen in nnc-opt on test/Dialect/round-trip.mlir). Only
#   manual poisoning is off; heap, stack and global checks are unchanged.
: "${ASAN_OPTIONS:=abort_on_error=1:halt_on_error=1:allow_user_poisoning=0}"
: "${UBSAN_OPTIONS:=abort_on_error=1:halt_on_error=1:print_stacktrace=1}"
# LSAN_OPTIONS: leaks of system libraries that keep process-long caches
#   (scripts/lsan.supp says which and why).
: "${ASAN_SYMBOLIZER_PATH:=/usr/lib/llvm-19/bin/llvm-symbolizer}"
: "${LSAN_OPTIONS:=suppressions=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lsan.supp:print_suppressions=0}"
export ASAN_OPTIONS UBSAN_OPTIONS ASAN_SYMBOLIZER_PATH LSAN_OPTIONS
