#!/usr/bin/python3
"""Writes tiny_idx/: a 4x4-pixel data set in MNIST's IDX format for the
optimizer tests (12 training and 4 test images, labels 0..2), uncompressed
except the test labels (.gz), so both readers of the runtime are used.

    /usr/bin/python3 test/e2e/train/Inputs/make_tiny_idx.py

The committed files are its output; the pixels come from a fixed seed.
"""

import gzip
import struct
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent / "tiny_idx"


def idx_images(images):
    count, rows, cols = images.shape
    return struct.pack(">IIII", 2051, count, rows, cols) + images.astype(np.uint8).tobytes()


def idx_labels(labels):
    return struct.pack(">II", 2049, len(labels)) + labels.astype(np.uint8).tobytes()


def main():
    rng = np.random.default_rng(20240603)
    HERE.mkdir(exist_ok=True)
    for old in HERE.iterdir():
        old.unlink()
    train = rng.integers(0, 256, (12, 4, 4))
    test = rng.integers(0, 256, (4, 4, 4))
    (HERE / "train-images-idx3-ubyte").write_bytes(idx_images(train))
    (HERE / "train-labels-idx1-ubyte").write_bytes(idx_labels(rng.integers(0, 3, 12)))
    (HERE / "t10k-images-idx3-ubyte").write_bytes(idx_images(test))
    # mtime=0: the same bytes on every run.
    with open(HERE / "t10k-labels-idx1-ubyte.gz", "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
            f.write(idx_labels(rng.integers(0, 3, 4)))


if __name__ == "__main__":
    main()
