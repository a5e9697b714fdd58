#!/usr/bin/python3
"""Checks that `eval` of a run's final weights gives the val_loss of its
best logged epoch (restore_best_weights), and not that of its last.

    check_best_epoch.py LOG EVAL_OUTPUT
"""

import json
import math
import re
import sys


def main():
    with open(sys.argv[1]) as f:
        log = [json.loads(line) for line in f if line.strip()]
    text = open(sys.argv[2]).read()
    match = re.match(r"\S+ ([0-9.eE+-]+) on ", text)
    if not match:
        sys.exit(f"no loss in the eval output:\n{text}")
    loss = float(match.group(1))
    best = min(line["val_loss"] for line in log)
    if not math.isclose(loss, best, rel_tol=1e-5):
        sys.exit(f"eval loss {loss}; the best epoch's val_loss is {best}, the last's "
                 f"{log[-1]['val_loss']}")
    print(f"eval loss {loss} is the best epoch's val_loss")


if __name__ == "__main__":
    main()
