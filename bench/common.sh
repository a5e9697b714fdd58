# Shared by the bench/ scripts (sourced, not run): argument parsing, the
# OpenBLAS check, building the nnc executable, and reading the runs' results.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=/usr/bin/python3   # Debian's python3-torch lives here, not in pyenv
MODEL=autoencoder
THREADS=$(nproc)
DATA=/usr/share/datasets/fashion-mnist
DATA_PACKAGE=dataset-fashion-mnist
NNC=${NNC:-}
WORK=

usage_common="  --model NAME     autoencoder (default) or autoencoder_transpose (examples/NAME.nn)
  --threads N      threads for both (default: all cores, $(nproc) here)
  --data PATH      the training data (default $DATA)
  --nnc PATH       the nnc compiler (default: \$NNC, build/bin/nnc, or nnc on PATH)
  --work DIR       keep executables, logs and checkpoints there (default: a temporary folder)"

# The comment block at the top of a script, then the shared flags.
usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$1"
  echo "$usage_common"
}

wants_help() {
  local arg
  for arg in "$@"; do [ "$arg" = -h ] || [ "$arg" = --help ] && return 0; done
  return 1
}

die() { echo "$(basename "$0"): error: $*" >&2; exit 1; }

# parse_common ARG...: consumes the shared flags; the rest go to REST.
parse_common() {
  REST=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --model) MODEL=$2; shift 2 ;;
      --threads) THREADS=$2; shift 2 ;;
      --data) DATA=$2; shift 2 ;;
      --nnc) NNC=$2; shift 2 ;;
      --work) WORK=$2; shift 2 ;;
      *) REST+=("$1"); shift ;;
    esac
  done
  [ -f "$ROOT/examples/$MODEL.nn" ] || die "no examples/$MODEL.nn"
  [ -e "$DATA" ] || die "$DATA: not found (Debian package $DATA_PACKAGE)"
  if [ -z "$NNC" ]; then
    if [ -x "$ROOT/build/bin/nnc" ]; then NNC=$ROOT/build/bin/nnc
    else NNC=$(command -v nnc) || die "nnc not found: build it (scripts/build.sh) or pass --nnc"; fi
  fi
  [ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian package time): it measures peak memory"
  if [ "${NEEDS_TORCH:-1}" = 1 ]; then
    "$PYTHON" -c "import torch" 2>/dev/null || die "$PYTHON cannot import torch (Debian package python3-torch)"
  fi
  if [ -z "$WORK" ]; then
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
  fi
  mkdir -p "$WORK"
}

# Without the threaded OpenBLAS, Debian's PyTorch runs its matrix products on
# the reference BLAS, several times slower: the comparison would flatter nnc.
check_openblas() {
  if ! dpkg-query -W -f='${Status}' libopenblas0-pthread 2>/dev/null | grep -q "ok installed"; then
    echo "warning: libopenblas0-pthread is not installed, so PyTorch is slow here and the"
    echo "         comparison is unfair to it: sudo apt-get install libopenblas0-pthread"
  else
    echo "libopenblas0-pthread: installed (PyTorch uses the threaded OpenBLAS)"
  fi
}

build_nnc_executable() {
  echo "compiling examples/$MODEL.nn with $NNC"
  "$NNC" "$ROOT/examples/$MODEL.nn" -o "$WORK/$MODEL" || die "nnc failed"
}

# last_metric LOG KEY: the KEY of the last JSON line of LOG.
last_metric() {
  "$PYTHON" -c 'import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
value = lines[-1][sys.argv[2]] if lines else None
print("nan" if value is None else value)' "$1" "$2"
}

# peak_rss_mb TIME_OUTPUT: "Maximum resident set size" of /usr/bin/time -v, in MiB.
peak_rss_mb() {
  awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1"
}

ratio() { "$PYTHON" -c 'import sys; a, b = map(float, sys.argv[1:]); print(f"{a / b:.2f}" if b else "n/a")' "$1" "$2"; }
