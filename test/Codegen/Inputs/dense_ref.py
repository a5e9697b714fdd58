#!/usr/bin/env python3
"""numpy reference of a model that is one `dense` layer (any input rank).

    dense_ref.py WEIGHTS.safetensors INPUT.npy EXPECTED.npy [LAYER]

Reads LAYER.kernel (in, units) and, when present, LAYER.bias (default layer
dense_1) from the safetensors file and writes input @ kernel + bias.
"""

import json
import struct
import sys

import numpy as np


def read_safetensors(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F32", entry
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], "<f4").reshape(entry["shape"])
    return tensors


def main():
    weights_path, input_path, expected_path = sys.argv[1:4]
    layer = sys.argv[4] if len(sys.argv) > 4 else "dense_1"
    weights = read_safetensors(weights_path)
    x = np.load(input_path).astype(np.float64)
    y = x @ weights[f"{layer}.kernel"].astype(np.float64)
    if f"{layer}.bias" in weights:
        y = y + weights[f"{layer}.bias"]
    np.save(expected_path, y.astype(np.float32))


if __name__ == "__main__":
    main()
