#!/usr/bin/python3
"""final_loss_below.py LOG X: the last epoch's training loss in LOG (JSON
lines of `exe train --log`) is below X, and below the first epoch's."""

import json
import sys

log, limit = sys.argv[1], float(sys.argv[2])
with open(log) as f:
    losses = [json.loads(line)["loss"] for line in f if line.strip()]
if not losses:
    sys.exit(f"{log}: no epochs logged")
if not losses[-1] < limit or not losses[-1] < losses[0]:
    sys.exit(f"{log}: final loss {losses[-1]:.4f} (first {losses[0]:.4f}); expected below {limit}")
