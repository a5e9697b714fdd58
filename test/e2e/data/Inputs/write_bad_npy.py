#!/usr/bin/python3
"""Writes npy data folders with one thing wrong each, for npy_errors.test.

    write_bad_npy.py OUT_DIR

Every folder holds x_train.npy, y_train.npy, x_test.npy and y_test.npy for
npy_classifier.nn (8 training and 4 test samples of 28x28 bytes, labels
0..9), with one change:
  truncated/  x_train.npy cut short by 100 bytes
  shape/      x_train.npy of 28x27 images
  count/      y_train.npy with 7 labels for the 8 images
  range/      label 10 in y_train.npy (the classes are 0..9)
  fraction/   y_train.npy of floats, one of them 2.5
  dtype/      x_train.npy of int16
  missing/    no y_train.npy
  notnpy/     x_train.npy is text
  notest/     no y_test.npy
  nan/        x_train.npy of float32 with a NaN
"""

import sys
from pathlib import Path

import numpy as np


def write(folder, **changes):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    arrays = {
        "x_train": rng.integers(0, 256, (8, 28, 28), dtype=np.uint8),
        "y_train": np.arange(8, dtype=np.int64) % 10,
        "x_test": rng.integers(0, 256, (4, 28, 28), dtype=np.uint8),
        "y_test": np.arange(4, dtype=np.int64),
    }
    arrays.update(changes)
    for name, array in arrays.items():
        if array is not None:
            np.save(folder / f"{name}.npy", array)


def main():
    out = Path(sys.argv[1])
    write(out / "truncated")
    data = (out / "truncated" / "x_train.npy").read_bytes()
    (out / "truncated" / "x_train.npy").write_bytes(data[:-100])
    write(out / "shape", x_train=np.zeros((8, 28, 27), dtype=np.uint8))
    write(out / "count", y_train=np.arange(7, dtype=np.int64))
    write(out / "range", y_train=np.array([0, 1, 2, 10, 4, 5, 6, 7], dtype=np.int64))
    write(out / "fraction", y_train=np.array([0, 1, 2.5, 3, 4, 5, 6, 7]))
    write(out / "dtype", x_train=np.zeros((8, 28, 28), dtype=np.int16))
    write(out / "missing", y_train=None)
    write(out / "notnpy")
    (out / "notnpy" / "x_train.npy").write_text("id,label\n1,2\n")
    write(out / "notest", y_test=None)
    x = np.zeros((8, 28, 28), dtype=np.float32)
    x[5, 3, 4] = np.nan
    write(out / "nan", x_train=x)


if __name__ == "__main__":
    main()
