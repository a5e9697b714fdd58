#!/usr/bin/python3
"""Writes the npy data folders of TrainingDataTest with NumPy, and what
NumPy makes of them: the batches the runtime must gather, bit for bit.

Run from this directory: /usr/bin/python3 make_npy_data_fixtures.py

clf/     (the fake 'clf_npy' model: 2x2 images, 3 classes, scale=1/255)
         x.npy uint8 [5, 2, 2], y.npy int64 [5], x_test.npy uint8 [3, 2, 2],
         y_test.npy int32 [3]; expected_x.npy and expected_x_test.npy are
         x / 255 as float32 (NumPy divides in float64, then rounds).
linreg/  (the fake 'linreg_npy' model: 2x2 inputs, one value, scale=0.5)
         x.npy float64 [5, 2, 2], y.npy float32 [5, 1]; expected_x.npy is
         x * 0.5 as float32.
"""
from pathlib import Path

import numpy as np

rng = np.random.default_rng(7)

clf = Path("clf")
clf.mkdir(exist_ok=True)
x = rng.integers(0, 256, (5, 2, 2), dtype=np.uint8)
x_test = rng.integers(0, 256, (3, 2, 2), dtype=np.uint8)
np.save(clf / "x.npy", x)
np.save(clf / "y.npy", np.array([2, 0, 1, 1, 2], dtype=np.int64))
np.save(clf / "x_test.npy", x_test)
np.save(clf / "y_test.npy", np.array([1, 2, 0], dtype=np.int32))
np.save(clf / "expected_x.npy", (x / 255).astype(np.float32))
np.save(clf / "expected_x_test.npy", (x_test / 255).astype(np.float32))

linreg = Path("linreg")
linreg.mkdir(exist_ok=True)
x = rng.normal(size=(5, 2, 2)) * 3
np.save(linreg / "x.npy", x)
np.save(linreg / "y.npy", rng.normal(size=(5, 1)).astype(np.float32))
np.save(linreg / "expected_x.npy", (x * 0.5).astype(np.float32))
