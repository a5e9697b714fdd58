#!/usr/bin/python3
"""Writes the first samples of an IDX data folder (Fashion-MNIST) as .npy
arrays, for the tests that train on NumPy data and compare with the IDX run.

    idx_to_npy.py IDX_DIR OUT_DIR --train N --test M

OUT_DIR gets x_train.npy (uint8, [N, 28, 28]), y_train.npy (int64, [N]),
x_test.npy and y_test.npy (the first M test samples), written by numpy.save,
and y_train_onehot.npy, y_test_onehot.npy: the labels as one-hot float32 rows;
mnist.npz holds x_train, y_train, x_test and y_test in one archive
(numpy.savez_compressed), as Keras's keras.datasets.mnist ships them.
"""

import argparse
import gzip
import struct
from pathlib import Path

import numpy as np


def read_idx(path):
    data = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4 : 4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(folder, base):
    for name in (base, base + ".gz"):
        if (folder / name).exists():
            return folder / name
    raise SystemExit(f"{folder}: no {base}[.gz]")


def splits(description):
    """Parses IDX_DIR OUT_DIR --train N --test M; yields (out_dir, split,
    images, labels) for "train" and "test", the first N and M samples."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("idx_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--train", type=int, required=True)
    parser.add_argument("--test", type=int, required=True)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for split, prefix, count in (("train", "train", args.train), ("test", "t10k", args.test)):
        images = read_idx(find(args.idx_dir, f"{prefix}-images-idx3-ubyte"))[:count]
        labels = read_idx(find(args.idx_dir, f"{prefix}-labels-idx1-ubyte"))[:count]
        yield args.out_dir, split, images, labels


def main():
    arrays = {}
    for out_dir, split, images, labels in splits(__doc__.splitlines()[0]):
        arrays[f"x_{split}"] = images
        arrays[f"y_{split}"] = labels.astype(np.uint8)
        np.save(out_dir / f"x_{split}.npy", images)
        np.save(out_dir / f"y_{split}.npy", labels.astype(np.int64))
        np.save(out_dir / f"y_{split}_onehot.npy", np.eye(10, dtype=np.float32)[labels])
    np.savez_compressed(out_dir / "mnist.npz", **arrays)


if __name__ == "__main__":
    main()
