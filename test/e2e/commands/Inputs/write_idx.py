#!/usr/bin/python3
"""Writes a small data folder in MNIST's IDX format for the command tests.

    write_idx.py DIR --train N --test M [--side 4] [--classes 3] [--seed 1]
                 [--truncate-train]

Images are side x side random bytes (fixed by --seed), labels 0..classes-1.
--truncate-train cuts train-images-idx3-ubyte short, as a broken download
would: commands that need only the test split must not read it.
"""

import argparse
import struct
from pathlib import Path

import numpy as np


def idx_images(images):
    count, rows, cols = images.shape
    return struct.pack(">IIII", 2051, count, rows, cols) + images.astype(np.uint8).tobytes()


def idx_labels(labels):
    return struct.pack(">II", 2049, len(labels)) + labels.astype(np.uint8).tobytes()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir", type=Path)
    parser.add_argument("--train", type=int, required=True)
    parser.add_argument("--test", type=int, required=True)
    parser.add_argument("--side", type=int, default=4)
    parser.add_argument("--classes", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--truncate-train", action="store_true")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    args.dir.mkdir(parents=True, exist_ok=True)
    for split, count in (("train", args.train), ("t10k", args.test)):
        images = idx_images(rng.integers(0, 256, (count, args.side, args.side)))
        if split == "train" and args.truncate_train:
            images = images[: len(images) // 2]
        (args.dir / f"{split}-images-idx3-ubyte").write_bytes(images)
        labels = rng.integers(0, args.classes, count)
        (args.dir / f"{split}-labels-idx1-ubyte").write_bytes(idx_labels(labels))


if __name__ == "__main__":
    main()
