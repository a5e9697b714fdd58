#!/usr/bin/python3
"""The first epoch's training accuracy in LOG (JSON lines of `exe train
--log`) equals the share of the first COUNT rows of CLASSES (`exe predict
--classes-output`: a header, then `class,probability` per input) that match
the first COUNT labels of an IDX label file: what a one-step epoch over those
samples must log.

    check_train_accuracy.py --log LOG --classes CSV --labels IDX[.gz] --count N
"""

import argparse
import gzip
import json
import sys

parser = argparse.ArgumentParser()
for flag in ("--log", "--classes", "--labels"):
    parser.add_argument(flag, required=True)
parser.add_argument("--count", type=int, required=True)
args = parser.parse_args()

with open(args.log) as f:
    logged = json.loads(f.readline())["accuracy"]
with open(args.classes) as f:
    rows = f.read().splitlines()[1:args.count + 1]
predicted = [int(row.split(",")[0]) for row in rows]
raw = (gzip.open if args.labels.endswith(".gz") else open)(args.labels, "rb").read()
labels = list(raw[8:8 + args.count])
correct = sum(p == t for p, t in zip(predicted, labels))
expected = correct / args.count
if len(predicted) != args.count or abs(logged - expected) > 1e-12:
    sys.exit(f"check_train_accuracy: the log says {logged}, the initial weights classify "
             f"{correct} of {args.count} = {expected}")
print(f"check_train_accuracy: {correct} of {args.count} = {expected}, as logged")
