#!/usr/bin/env python3
"""Lists a safetensors file's tensors, one per line in name order:
NAME DTYPE [SHAPE]. Reads the header only; needs nothing beyond Python."""
import json
import struct
import sys

with open(sys.argv[1], "rb") as f:
    (length,) = struct.unpack("<Q", f.read(8))
    header = json.loads(f.read(length))
for name in sorted(header):
    if name != "__metadata__":
        info = header[name]
        print(f"{name} {info['dtype']} [{', '.join(map(str, info['shape']))}]")
