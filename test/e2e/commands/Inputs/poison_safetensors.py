#!/usr/bin/python3
"""Overwrites every value of one F32 tensor of a safetensors file, in place.

    poison_safetensors.py FILE TENSOR [nan|inf|-inf]

A safetensors file is an 8-byte little-endian header length, a JSON header
giving each tensor's dtype, shape and data_offsets, then the data.
"""

import json
import struct
import sys

import numpy as np


def main():
    path, name = sys.argv[1], sys.argv[2]
    value = np.float32(sys.argv[3] if len(sys.argv) > 3 else "nan")
    with open(path, "r+b") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        entry = header[name]
        if entry["dtype"] != "F32":
            sys.exit(f"{path}: tensor '{name}' is {entry['dtype']}, not F32")
        begin, end = entry["data_offsets"]
        f.seek(8 + length + begin)
        f.write(np.full((end - begin) // 4, value, "<f4").tobytes())


if __name__ == "__main__":
    main()
