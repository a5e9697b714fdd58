#!/usr/bin/env python3
"""Runs the Keras model `exe export --keras` wrote, the way `exe predict` runs the model.

  run_keras.py DIR --input [NAME=]FILE.npy ... --output [NAME=]FILE.npy ...

Loads DIR/model.py, builds the model with its load() (Keras 3, the JAX
backend unless KERAS_BACKEND says otherwise), which sets the weights of
DIR/model.safetensors, and predicts. An input or output without a name is the
model's only one. Needs keras, a backend and safetensors (the test
environment: build/test/python).
"""
import argparse
import importlib.util
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np

from export_io import named

parser = argparse.ArgumentParser()
parser.add_argument("directory")
parser.add_argument("--input", action="append", default=[])
parser.add_argument("--output", action="append", default=[])
args = parser.parse_args()

spec = importlib.util.spec_from_file_location("model", os.path.join(args.directory, "model.py"))
source = importlib.util.module_from_spec(spec)
spec.loader.exec_module(source)
model = source.load()

inputs = named(args.input, list(source.INPUT_NAMES), "input")
outputs = named(args.output, list(source.OUTPUT_NAMES), "output")
feeds = [np.load(inputs[name]).astype(np.float32) for name in source.INPUT_NAMES]
results = model.predict(feeds if len(feeds) > 1 else feeds[0], verbose=0)
if len(source.OUTPUT_NAMES) == 1:
    results = [results]
for name, value in zip(source.OUTPUT_NAMES, results):
    if name in outputs:
        np.save(outputs[name], np.asarray(value))
