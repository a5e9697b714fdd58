#!/usr/bin/env python3
"""Runs the ONNX form of Inputs/lstm_initial_state.mlir (weights as graph
inputs: nnc --emit=onnx) in ONNX Runtime on random inputs and weights, and
compares its three outputs with Keras's LSTM recurrence in NumPy float64:
gates i, f, c, o of x W + h U + b, c' = f c + i tanh(g), h' = o tanh(c')."""
import sys

import numpy as np
import onnxruntime

rng = np.random.default_rng(4)
n, steps, features, units = 2, 5, 3, 4
feeds = {
    "x": rng.normal(size=(n, steps, features)), "h0": rng.normal(size=(n, units)),
    "c0": rng.normal(size=(n, units)),
    "lstm_1.kernel": rng.normal(size=(features, 4 * units)) * 0.5,
    "lstm_1.recurrent_kernel": rng.normal(size=(units, 4 * units)) * 0.5,
    "lstm_1.bias": rng.normal(size=(4 * units,)) * 0.5,
}
feeds = {k: v.astype(np.float32) for k, v in feeds.items()}
session = onnxruntime.InferenceSession(sys.argv[1], providers=["CPUExecutionProvider"])
y, h, c = session.run(["y", "h", "c"], feeds)

sigmoid = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
f64 = {k: v.astype(np.float64) for k, v in feeds.items()}
hs, cs, outputs = f64["h0"], f64["c0"], []
for t in range(steps):
    z = f64["x"][:, t] @ f64["lstm_1.kernel"] + hs @ f64["lstm_1.recurrent_kernel"] + f64["lstm_1.bias"]
    i, f, g, o = np.split(z, 4, axis=1)
    cs = sigmoid(f) * cs + sigmoid(i) * np.tanh(g)
    hs = sigmoid(o) * np.tanh(cs)
    outputs.append(hs)
expected = {"y": np.stack(outputs, axis=1), "h": hs, "c": cs}
for name, actual in (("y", y), ("h", h), ("c", c)):
    error = np.abs(actual - expected[name]).max()
    print(f"{name}: largest difference {error:.1e} from the float64 recurrence")
    if error > 1e-5:
        sys.exit(1)
