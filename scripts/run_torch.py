#!/usr/bin/env python3
"""Runs the PyTorch module `exe export --torch` wrote, the way `exe predict` runs the model.

  run_torch.py DIR --input [NAME=]FILE.npy ... --output [NAME=]FILE.npy ...

Loads DIR/model.py, builds its module, loads DIR/model.safetensors with
load_state_dict (strict: every tensor of the module, nothing else), and runs
it in eval mode. An input or output without a name is the model's only one.
Needs torch (Debian's python3-torch) and safetensors (the test environment:
build/test/python).
"""
import argparse
import importlib.util
import os
import sys

import numpy as np
import torch
from safetensors.torch import load_file

from export_io import named

parser = argparse.ArgumentParser()
parser.add_argument("directory")
parser.add_argument("--input", action="append", default=[])
parser.add_argument("--output", action="append", default=[])
args = parser.parse_args()

torch.set_num_threads(1)
spec = importlib.util.spec_from_file_location("model", os.path.join(args.directory, "model.py"))
source = importlib.util.module_from_spec(spec)
spec.loader.exec_module(source)
classes = [value for value in vars(source).values()
           if isinstance(value, type) and issubclass(value, torch.nn.Module)
           and value.__module__ == "model"]
if len(classes) != 1:
    sys.exit(f"run_torch.py: model.py defines {len(classes)} modules, expected one")
model = classes[0]()
model.load_state_dict(load_file(os.path.join(args.directory, "model.safetensors")))
model.eval()

inputs = named(args.input, list(model.input_names), "input")
outputs = named(args.output, list(model.output_names), "output")
feeds = [torch.from_numpy(np.load(inputs[name]).astype(np.float32)) for name in model.input_names]
with torch.no_grad():
    results = model(*feeds)
if not isinstance(results, tuple):
    results = (results,)
for name, value in zip(model.output_names, results):
    if name in outputs:
        np.save(outputs[name], value.numpy())
