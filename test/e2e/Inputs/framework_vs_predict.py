#!/usr/bin/env python3
"""Runs a model exported to another framework on the inputs that
onnx_vs_predict.py drew, and compares its outputs with predict's.

  framework_vs_predict.py WORKDIR NAME [--rtol R] -- PYTHON RUNNER DIR

WORKDIR holds onnx_vs_predict.py's input_<name>.npy and predict's
output_<name>.npy; RUNNER (scripts/run_torch.py or run_keras.py) runs the
export in DIR under PYTHON. Prints one line per output with the largest
difference relative to the output's largest magnitude, and exits 1 when one
exceeds R (default 1e-5). NAME names the framework in those lines.
"""
import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np

from relative_difference import report

separator = sys.argv.index("--")
parser = argparse.ArgumentParser()
parser.add_argument("workdir", type=Path)
parser.add_argument("name")
parser.add_argument("--rtol", type=float, default=1e-5)
args = parser.parse_args(sys.argv[1:separator])
runner = sys.argv[separator + 1:]

command = list(runner)
for path in sorted(args.workdir.glob("input_*.npy")):
    command += ["--input", f"{path.stem[len('input_'):]}={path}"]
outputs = sorted(args.workdir.glob("output_*.npy"))
for path in outputs:
    command += ["--output", f"{path.stem[len('output_'):]}={path.with_name('actual_' + path.name)}"]
subprocess.run(command, check=True)

failed = False
for path in outputs:
    name = path.stem[len("output_"):]
    actual = np.load(path.with_name("actual_" + path.name))
    failed |= not report(name, args.name, actual, np.load(path), args.rtol)
sys.exit(1 if failed else 0)
