#!/usr/bin/env python3
"""Compares two float .npy files element by element.

    compare_npy.py ACTUAL.npy EXPECTED.npy [--rtol 1e-5] [--atol 1e-6]

Passes (exit 0) when the shapes are equal and, everywhere,
|actual - expected| <= atol + rtol * |expected| (numpy.isclose's rule, with the
expected file as the reference). Otherwise prints what differs (shape, number
of mismatches, the largest absolute and relative errors and where they are)
and exits 1. NaN never matches. Needs only numpy.
"""

import argparse
import sys

import numpy as np


def load(path):
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError) as error:
        sys.exit(f"compare_npy: cannot read {path}: {error}")


def describe_position(index, shape):
    return "[" + ", ".join(str(i) for i in np.unravel_index(index, shape)) + "]"


def compare(actual, expected, rtol, atol):
    """Returns a list of report lines; empty when the arrays match."""
    if actual.shape != expected.shape:
        return [f"shape mismatch: actual {actual.shape}, expected {expected.shape}"]
    if actual.size == 0:
        return []
    a = actual.astype(np.float64).ravel()
    b = expected.astype(np.float64).ravel()
    with np.errstate(invalid="ignore"):
        abs_err = np.abs(a - b)
        allowed = atol + rtol * np.abs(b)
        bad = ~(abs_err <= allowed)  # NaN compares false, so it is bad
    if not bad.any():
        return []
    shape = actual.shape
    lines = [f"{int(bad.sum())} of {a.size} elements differ "
             f"(rule: |actual - expected| <= {atol:g} + {rtol:g} * |expected|)"]
    nan_count = int(np.isnan(a).sum() + np.isnan(b).sum())
    if nan_count:
        lines.append(f"NaN values: {nan_count}")
    finite_err = np.where(np.isnan(abs_err), -1.0, abs_err)
    worst = int(np.argmax(finite_err))
    with np.errstate(divide="ignore", invalid="ignore"):
        rel_err = np.where(np.isnan(abs_err), -1.0,
                           abs_err / np.maximum(np.abs(b), np.finfo(np.float64).tiny))
    worst_rel = int(np.argmax(rel_err))
    first = int(np.argmax(bad))
    for label, i in (("max abs error", worst), ("max rel error", worst_rel),
                     ("first mismatch", first)):
        lines.append(f"{label}: at {describe_position(i, shape)} actual={a[i]!r} "
                     f"expected={b[i]!r} abs={abs_err[i]:.3g} "
                     f"rel={abs_err[i] / max(abs(b[i]), 1e-300):.3g}")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("actual")
    parser.add_argument("expected")
    parser.add_argument("--rtol", type=float, default=1e-5)
    parser.add_argument("--atol", type=float, default=1e-6)
    args = parser.parse_args()

    actual = load(args.actual)
    expected = load(args.expected)
    for path, array in ((args.actual, actual), (args.expected, expected)):
        if not np.issubdtype(array.dtype, np.floating):
            sys.exit(f"compare_npy: {path}: expected floating point data, got {array.dtype}")

    problems = compare(actual, expected, args.rtol, args.atol)
    if problems:
        print(f"compare_npy: {args.actual} does not match {args.expected}", file=sys.stderr)
        for line in problems:
            print("  " + line, file=sys.stderr)
        return 1
    if actual.size:
        print(f"compare_npy: {actual.size} elements match, max abs error "
              f"{np.max(np.abs(actual.astype(np.float64) - expected)):.3g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
