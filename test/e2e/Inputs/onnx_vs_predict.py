#!/usr/bin/env python3
"""Runs an exported ONNX model in ONNX Runtime and `exe predict` on the same
inputs, and compares their outputs.

  onnx_vs_predict.py EXE WEIGHTS MODEL.onnx WORKDIR [--batch B] [--rtol R]

The model is checked with ONNX's checker first. Inputs are drawn from a fixed
seed with the shapes the ONNX graph declares (batch B, default 3): uniform in
[0, 1), or, for an input that indexes an embedding table (Cast, then
Gather), token indices in [0, rows of the table). Prints one
line per output with the largest difference relative to the output's largest
magnitude, and exits 1 when one exceeds R (default 1e-5).
"""
import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime

from relative_difference import report

parser = argparse.ArgumentParser()
parser.add_argument("exe")
parser.add_argument("weights")
parser.add_argument("model")
parser.add_argument("workdir", type=Path)
parser.add_argument("--batch", type=int, default=3)
parser.add_argument("--rtol", type=float, default=1e-5)
args = parser.parse_args()
args.workdir.mkdir(parents=True, exist_ok=True)

model = onnx.load(args.model)
onnx.checker.check_model(model, full_check=True)

def embedding_rows(model):
    """Input name -> rows of the table it indexes (Cast -> Gather)."""
    shapes = {t.name: list(t.dims) for t in model.graph.initializer}
    cast_of = {n.output[0]: n.input[0] for n in model.graph.node if n.op_type == "Cast"}
    rows = {}
    for node in model.graph.node:
        if node.op_type == "Gather" and node.input[1] in cast_of:
            rows[cast_of[node.input[1]]] = shapes[node.input[0]][0]
    return rows


vocabulary = embedding_rows(model)

rng = np.random.default_rng(0)
feeds = {}
command = [args.exe, "predict", "--weights", args.weights]
for value in model.graph.input:
    dims = [d.dim_value if d.HasField("dim_value") else args.batch
            for d in value.type.tensor_type.shape.dim]
    if value.name in vocabulary:
        array = rng.integers(0, vocabulary[value.name], size=dims).astype(np.float32)
    else:
        array = rng.random(dims, dtype=np.float32)
    feeds[value.name] = array
    path = args.workdir / f"input_{value.name}.npy"
    np.save(path, array)
    command += ["--input", f"{value.name}={path}"]
outputs = [value.name for value in model.graph.output]
for name in outputs:
    command += ["--output", f"{name}={args.workdir / ('output_' + name + '.npy')}"]
subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

session = onnxruntime.InferenceSession(args.model, providers=["CPUExecutionProvider"])
failed = False
for name, actual in zip(outputs, session.run(outputs, feeds)):
    expected = np.load(args.workdir / f"output_{name}.npy")
    failed |= not report(name, "ONNX Runtime", actual, expected, args.rtol)
sys.exit(1 if failed else 0)
