#!/usr/bin/env bash
# Makes a virtual environment of Python packages from PyPI for the export
# tests (test/CMakeLists.txt) and touches STAMP once it holds them all.
#
#   install-test-python.sh [--system-site-packages] VENV STAMP PACKAGE...
#
# Where PyPI cannot be reached (offline, or behind a proxy whose certificate
# this machine does not trust), it says so and leaves no environment, so that
# lit finds none and the checks that need one are unsupported rather than
# failed; the next build tries again.
set -u
site=()
if [ "${1:-}" = --system-site-packages ]; then
  site=(--system-site-packages)
  shift
fi
venv=$1 stamp=$2
shift 2
rm -rf "$venv"
if /usr/bin/python3 -m venv "${site[@]}" "$venv" &&
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@"; then
  touch "$stamp"
  exit 0
fi
rm -rf "$venv"
echo "warning: could not install $* from PyPI into $venv;" \
     "the export checks that need them are skipped (UNSUPPORTED)" >&2
exit 0
