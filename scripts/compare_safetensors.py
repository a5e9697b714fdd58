#!/usr/bin/env python3
"""Compares the tensors of two safetensors files by name.

    compare_safetensors.py ACTUAL EXPECTED [--rtol 1e-5] [--atol 1e-6]
                           [--allow-extra] [--ignore PREFIX ...]

Every tensor of EXPECTED must be in ACTUAL with the same shape (shapes () and
(1,) count as the same scalar, since a loss may be written either way) and,
everywhere, |actual - expected| <= atol + rtol * |expected| (numpy.isclose's
rule, EXPECTED being the reference). ACTUAL may hold tensors that EXPECTED
lacks only with --allow-extra (a checkpoint carries bookkeeping beside the
weights); names starting with an --ignore prefix are skipped on both sides.
`--rtol 0 --atol 0` asks for bit-identical values. The `__metadata__` entry is
not a tensor and is never compared.

Exit 0 when everything matches, 1 with a report per differing tensor (worst
absolute and relative error and where), 2 when a file cannot be read. Needs
only numpy.
"""

import argparse
import json
import struct
import sys

import numpy as np

DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4",
          "I16": "<i2", "I8": "i1", "U8": "u1", "BOOL": "?"}


class FormatError(Exception):
    pass


def read_safetensors(path):
    """name -> numpy array, checking the header against the file size."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as error:
        raise FormatError(f"cannot read {path}: {error.strerror}")
    if len(raw) < 8:
        raise FormatError(f"{path}: too short for a safetensors file ({len(raw)} bytes)")
    (size,) = struct.unpack("<Q", raw[:8])
    if size > len(raw) - 8:
        raise FormatError(f"{path}: header of {size} bytes runs past the end of the file")
    try:
        header = json.loads(raw[8:8 + size])
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FormatError(f"{path}: header is not JSON: {error}")
    if not isinstance(header, dict):
        raise FormatError(f"{path}: header is not a JSON object")
    data = raw[8 + size:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        try:
            dtype = np.dtype(DTYPES[entry["dtype"]])
            shape = tuple(int(d) for d in entry["shape"])
            begin, end = (int(o) for o in entry["data_offsets"])
        except (KeyError, TypeError, ValueError):
            raise FormatError(f"{path}: tensor '{name}' has a malformed or unsupported "
                              f"entry {entry!r}")
        count = int(np.prod(shape, dtype=np.int64))
        if not 0 <= begin <= end <= len(data) or end - begin != count * dtype.itemsize:
            raise FormatError(f"{path}: tensor '{name}' data [{begin}, {end}) does not fit "
                              f"shape {list(shape)} of {entry['dtype']} in {len(data)} bytes")
        tensors[name] = np.frombuffer(data[begin:end], dtype=dtype).reshape(shape)
    return tensors


def position(index, shape):
    return "[" + ", ".join(str(i) for i in np.unravel_index(index, shape)) + "]" if shape else "[]"


def compare_tensor(actual, expected, rtol, atol):
    """Report lines for one tensor; empty when it matches."""
    scalar_shapes = ((), (1,))
    if actual.shape != expected.shape and not (actual.shape in scalar_shapes
                                               and expected.shape in scalar_shapes):
        return [f"shape mismatch: actual {actual.shape}, expected {expected.shape}"]
    a = actual.astype(np.float64).ravel()
    b = expected.astype(np.float64).ravel()
    if a.size == 0:
        return []
    with np.errstate(invalid="ignore"):
        abs_err = np.abs(a - b)
        bad = ~(abs_err <= atol + rtol * np.abs(b))  # NaN compares false: bad
    if not bad.any():
        return []
    shape = expected.shape
    lines = [f"{int(bad.sum())} of {a.size} elements differ "
             f"(rule: |actual - expected| <= {atol:g} + {rtol:g} * |expected|)"]
    nans = int(np.isnan(a).sum())
    if nans:
        lines.append(f"NaN values in actual: {nans}")
    finite = np.where(np.isnan(abs_err), -1.0, abs_err)
    rel = np.where(np.isnan(abs_err), -1.0, finite / np.maximum(np.abs(b), 1e-300))
    for label, i in (("max abs error", int(np.argmax(finite))),
                     ("max rel error", int(np.argmax(rel))),
                     ("first mismatch", int(np.argmax(bad)))):
        lines.append(f"{label}: at {position(i, shape)} actual={a[i]!r} expected={b[i]!r} "
                     f"abs={abs_err[i]:.3g} rel={abs_err[i] / max(abs(b[i]), 1e-300):.3g}")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("actual")
    parser.add_argument("expected")
    parser.add_argument("--rtol", type=float, default=1e-5)
    parser.add_argument("--atol", type=float, default=1e-6)
    parser.add_argument("--allow-extra", action="store_true",
                        help="tensors only in ACTUAL are not an error")
    parser.add_argument("--ignore", action="append", default=[], metavar="PREFIX",
                        help="skip tensors whose name starts with PREFIX (repeatable)")
    args = parser.parse_args()

    try:
        actual = read_safetensors(args.actual)
        expected = read_safetensors(args.expected)
    except FormatError as error:
        print(f"compare_safetensors: {error}", file=sys.stderr)
        return 2

    def kept(names):
        return {n for n in names if not any(n.startswith(p) for p in args.ignore)}

    problems = []
    missing = sorted(kept(expected) - set(actual))
    extra = sorted(kept(actual) - set(expected))
    if missing:
        problems.append(f"missing in actual: {', '.join(missing)}")
    if extra and not args.allow_extra:
        problems.append(f"not in expected: {', '.join(extra)}")
    compared, worst = 0, 0.0
    for name in sorted(kept(expected) & set(actual)):
        lines = compare_tensor(actual[name], expected[name], args.rtol, args.atol)
        if lines:
            problems.append(f"tensor '{name}':")
            problems += ["  " + line for line in lines]
        else:
            compared += 1
            if expected[name].size:
                worst = max(worst, float(np.max(np.abs(
                    actual[name].astype(np.float64).ravel()
                    - expected[name].astype(np.float64).ravel()))))
    if problems:
        print(f"compare_safetensors: {args.actual} does not match {args.expected}",
              file=sys.stderr)
        for line in problems:
            print("  " + line, file=sys.stderr)
        return 1
    print(f"compare_safetensors: {compared} tensors match, max abs error {worst:.3g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
