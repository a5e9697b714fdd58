#!/usr/bin/env python3
"""Writes a heavily padded batch of sentences for a language model's tests.

From a test case's input.npy and target.npy ([N, T] token indices as
float32), keeps the first 1 + (5 n) % T positions of row n and pads the rest
with 0 (post-padding, as the text data's sentences are), then writes the
batch twice into OUT: as it is (unsorted/input.npy, target.npy) and sorted
longest first (sorted/input.npy, target.npy), the order `train` gives the
pipelines (nncrt TrainDesc::sortsByLength).

    pad_sequences.py CASE_DIR OUT_DIR
"""
import os
import sys

import numpy as np


def main():
    case, out = sys.argv[1], sys.argv[2]
    inputs = np.load(os.path.join(case, "input.npy"))
    targets = np.load(os.path.join(case, "target.npy"))
    rows, steps = targets.shape
    lengths = np.array([1 + (5 * n) % steps for n in range(rows)])
    kept = np.arange(steps)[None, :] < lengths[:, None]
    inputs = np.where(kept, inputs, 0).astype(np.float32)
    targets = np.where(kept, targets, 0).astype(np.float32)
    # Padding is class 0: a kept label of 0 would end its sentence early.
    targets[kept & (targets == 0)] = 1
    order = np.argsort(-lengths, kind="stable")
    for name, index in (("unsorted", np.arange(rows)), ("sorted", order)):
        os.makedirs(os.path.join(out, name), exist_ok=True)
        np.save(os.path.join(out, name, "input.npy"), inputs[index])
        np.save(os.path.join(out, name, "target.npy"), targets[index])


if __name__ == "__main__":
    main()
