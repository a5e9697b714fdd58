#!/usr/bin/env python3
"""Runs an ONNX model in ONNX Runtime, the way `exe predict` runs the model.

  run_onnx.py MODEL.onnx --input [NAME=]FILE.npy ... --output [NAME=]FILE.npy ...

The model is checked with ONNX's checker (full check, with shape inference)
before it runs. An input or output without a name is the model's only one.
Needs onnxruntime and onnx (the test environment: build/test-python).
"""
import argparse

import numpy as np
import onnx
import onnxruntime

from export_io import named

parser = argparse.ArgumentParser()
parser.add_argument("model")
parser.add_argument("--input", action="append", default=[])
parser.add_argument("--output", action="append", default=[])
args = parser.parse_args()

model = onnx.load(args.model)
onnx.checker.check_model(model, full_check=True)
inputs = named(args.input, [v.name for v in model.graph.input], "input")
outputs = named(args.output, [v.name for v in model.graph.output], "output")
session = onnxruntime.InferenceSession(args.model, providers=["CPUExecutionProvider"])
feeds = {name: np.load(path).astype(np.float32) for name, path in inputs.items()}
for name, value in zip(outputs, session.run(list(outputs), feeds)):
    np.save(outputs[name], value)
