#!/usr/bin/env python3
"""Independent NumPy reference for examples/conv_1920x1080.nn.

A fixture for this model would weigh about 30 MB, so the test builds its data
at run time instead:

  conv_1920x1080_ref.py input --seed S --output X.npy
      writes one seeded 1920x1080x3 frame (uniform in [0, 1), like pixels).
  conv_1920x1080_ref.py reference --weights W.safetensors --input X.npy --output Y.npy
      reads the weights written by `exe init` (checking their names, shapes and
      Glorot-uniform range) and computes the model in float64.

Because the convolution's stride equals its kernel (5), every output pixel
sees its own 5x5 block: cutting the frame into blocks with a reshape and
multiplying by the kernel is the convolution, exactly. Needs only numpy.
"""

import argparse
import json
import math
import struct
import sys

import numpy as np

HEIGHT, WIDTH, CHANNELS = 1920, 1080, 3
KERNEL, FILTERS = 5, 16
OUT_H, OUT_W = HEIGHT // KERNEL, WIDTH // KERNEL  # 384, 216
FLAT = OUT_H * OUT_W * FILTERS                    # 1,327,104


def fail(message):
    sys.exit(f"conv_1920x1080_ref: {message}")


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        fail(f"{path}: too short for a safetensors file")
    (size,) = struct.unpack("<Q", raw[:8])
    if 8 + size > len(raw):
        fail(f"{path}: header of {size} bytes runs past the end of the file")
    header = json.loads(raw[8:8 + size])
    header.pop("__metadata__", None)
    data = raw[8 + size:]
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            fail(f"{path}: {name} is {entry['dtype']}, expected F32")
        begin, end = entry["data_offsets"]
        count = math.prod(entry["shape"])
        if end - begin != 4 * count or end > len(data):
            fail(f"{path}: {name} has bad data_offsets {begin}..{end} for shape {entry['shape']}")
        tensors[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(entry["shape"])
    return tensors


def check_glorot(name, values, fan_in, fan_out):
    """Keras's default kernel initializer: uniform in [-limit, limit]."""
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    largest = float(np.max(np.abs(values)))
    # With >= 1,200 uniform draws the largest lies above 0.98 * limit unless
    # the range is wrong (the chance otherwise is 0.98^1200, about 3e-11).
    if not 0.98 * limit <= largest <= limit * (1 + 1e-6):
        fail(f"{name}: largest |value| {largest:.6g} does not fit Glorot-uniform "
             f"limit sqrt(6 / ({fan_in} + {fan_out})) = {limit:.6g}")


def make_input(args):
    rng = np.random.default_rng(args.seed)
    frame = rng.random((1, HEIGHT, WIDTH, CHANNELS), dtype=np.float32)
    np.save(args.output, frame)


def reference(args):
    weights = read_safetensors(args.weights)
    expected_shapes = {"conv2d_1.kernel": (KERNEL, KERNEL, CHANNELS, FILTERS),
                       "dense_1.kernel": (FLAT, 1)}
    if set(weights) != set(expected_shapes):
        fail(f"{args.weights}: tensors {sorted(weights)}, expected {sorted(expected_shapes)}")
    for name, shape in expected_shapes.items():
        if weights[name].shape != shape:
            fail(f"{name}: shape {weights[name].shape}, expected {shape}")
    conv_kernel = weights["conv2d_1.kernel"].astype(np.float64)
    dense_kernel = weights["dense_1.kernel"].astype(np.float64)
    check_glorot("conv2d_1.kernel", conv_kernel, KERNEL * KERNEL * CHANNELS,
                 KERNEL * KERNEL * FILTERS)
    check_glorot("dense_1.kernel", dense_kernel, FLAT, 1)

    frame = np.load(args.input).astype(np.float64)
    if frame.shape[1:] != (HEIGHT, WIDTH, CHANNELS):
        fail(f"{args.input}: shape {frame.shape}, expected (batch, {HEIGHT}, {WIDTH}, {CHANNELS})")
    batch = frame.shape[0]
    # (b, 384, 5, 216, 5, 3) -> (b, 384, 216, 5, 5, 3): one row per output pixel.
    blocks = frame.reshape(batch, OUT_H, KERNEL, OUT_W, KERNEL, CHANNELS)
    blocks = blocks.transpose(0, 1, 3, 2, 4, 5).reshape(batch * OUT_H * OUT_W, -1)
    conv = blocks @ conv_kernel.reshape(-1, FILTERS)          # (b*384*216, 16)
    flat = conv.reshape(batch, FLAT)                           # row-major = Keras Flatten
    output = flat @ dense_kernel                               # (b, 1)
    np.save(args.output, output.astype(np.float32))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("input", help="write a seeded input frame")
    make.add_argument("--seed", type=int, required=True)
    make.add_argument("--output", required=True)
    ref = commands.add_parser("reference", help="compute the expected output")
    ref.add_argument("--weights", required=True)
    ref.add_argument("--input", required=True)
    ref.add_argument("--output", required=True)
    args = parser.parse_args()
    {"input": make_input, "reference": reference}[args.command](args)


if __name__ == "__main__":
    main()
