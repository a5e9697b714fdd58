#!/usr/bin/env python3
"""Writes weights, inputs and numpy-computed expected outputs for the models of
two-models.nn, independently of nnc.

    two_models_ref.py OUTDIR

OUTDIR/small.safetensors, small_x.npy, small_expected.npy,
OUTDIR/other.safetensors, other_image.npy, other_expected.npy, and
OUTDIR/small_bad_shape.safetensors (dense_1.kernel transposed).
"""

import json
import struct
import sys

import numpy as np


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, array in tensors.items():
        data = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def conv2d_valid(x, kernel, bias):
    """x (N, H, W, C), kernel (kh, kw, C, F): Keras Conv2D, 'valid', stride 1."""
    kh, kw, _, filters = kernel.shape
    n, h, w, _ = x.shape
    out = np.zeros((n, h - kh + 1, w - kw + 1, filters))
    for i in range(h - kh + 1):
        for j in range(w - kw + 1):
            window = x[:, i:i + kh, j:j + kw, :]
            out[:, i, j, :] = np.tensordot(window, kernel, axes=([1, 2, 3], [0, 1, 2]))
    return out + bias


def main():
    out = sys.argv[1]
    rng = np.random.default_rng(7)
    rand = lambda *shape: rng.uniform(-1, 1, shape).astype(np.float32)

    kernel, bias = rand(3, 2), rand(2)
    x = rand(5, 4, 3)
    write_safetensors(f"{out}/small.safetensors",
                      {"dense_1.kernel": kernel, "dense_1.bias": bias})
    write_safetensors(f"{out}/small_bad_shape.safetensors",
                      {"dense_1.kernel": kernel.T.copy(), "dense_1.bias": bias})
    np.save(f"{out}/small_x.npy", x)
    expected = np.maximum(x.astype(np.float64) @ kernel + bias, 0)
    np.save(f"{out}/small_expected.npy", expected.astype(np.float32))

    kernel, bias = rand(3, 2, 1, 2), rand(2)
    image = rand(3, 6, 5, 1)
    write_safetensors(f"{out}/other.safetensors",
                      {"conv2d_1.kernel": kernel, "conv2d_1.bias": bias})
    np.save(f"{out}/other_image.npy", image)
    expected = conv2d_valid(image.astype(np.float64), kernel, bias).reshape(3, -1)
    np.save(f"{out}/other_expected.npy", expected.astype(np.float32))


if __name__ == "__main__":
    main()
