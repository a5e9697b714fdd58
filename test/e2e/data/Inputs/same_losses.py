#!/usr/bin/python3
"""Checks that two training runs logged the same numbers, epoch by epoch.

    same_losses.py A.jsonl B.jsonl

Every field of the metrics logs (loss, val_loss, accuracy, ...) must be
equal except the timings; the runs must have
the same number of epochs. Prints the epochs compared.
"""

import json
import sys

IGNORED = {"seconds", "images_per_second"}


def epochs(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    a, b = epochs(sys.argv[1]), epochs(sys.argv[2])
    if len(a) != len(b) or not a:
        sys.exit(f"{sys.argv[1]} has {len(a)} epochs, {sys.argv[2]} {len(b)}")
    for i, (x, y) in enumerate(zip(a, b)):
        keys = (set(x) | set(y)) - IGNORED
        different = {k: (x.get(k), y.get(k)) for k in keys if x.get(k) != y.get(k)}
        if different:
            sys.exit(f"epoch {i + 1} differs: {different}")
    print(f"same numbers in {len(a)} epochs: {sorted(set(a[0]) - IGNORED)}")


if __name__ == "__main__":
    main()
