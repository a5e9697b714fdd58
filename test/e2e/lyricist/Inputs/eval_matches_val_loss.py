#!/usr/bin/python3
"""eval_matches_val_loss.py LOG EVAL: the loss `exe eval` printed (file EVAL,
"<loss> <value> per token on ...") is the last epoch's val_loss in LOG (JSON
lines of `exe train --log`), to the 6 decimals eval prints."""

import json
import sys

log, output = sys.argv[1], sys.argv[2]
with open(log) as f:
    val_loss = [json.loads(line)["val_loss"] for line in f if line.strip()][-1]
with open(output) as f:
    words = f.readline().split()
if len(words) < 3 or words[2] != "per":
    sys.exit(f"{output}: expected '<loss> <value> per token ...', got {' '.join(words)}")
if abs(float(words[1]) - val_loss) > 1e-6:
    sys.exit(f"eval printed {words[1]}, train's last val_loss is {val_loss:.6f}")
