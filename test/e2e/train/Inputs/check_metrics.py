#!/usr/bin/python3
"""Checks the metrics log (JSON lines) that `exe train --log` appends to.

    check_metrics.py LOG [--epochs N] [--max-final-val-loss X]
                         [--final-below-first] [--same-losses-as OTHER_LOG]
                         [--eval-output EVAL]

--epochs: the log holds exactly epochs 1..N, each with the documented keys.
--max-final-val-loss: the last epoch's val_loss is below X.
--final-below-first: the last epoch's val_loss is below the first epoch's.
--same-losses-as: epoch, loss and val_loss equal those of OTHER_LOG exactly
  (timings may differ): a resumed run against an uninterrupted one.
--eval-output: the loss `exe eval` printed (file EVAL, first line "<loss>
  <value> on ...") is the last epoch's val_loss, to the 6 decimals eval prints.
Exit 1 with a message on the first failed check.
"""

import argparse
import json
import math
import sys

KEYS = ("epoch", "loss", "val_loss", "seconds", "images_per_second")


def read(path):
    try:
        with open(path) as f:
            lines = [json.loads(line) for line in f if line.strip()]
    except (OSError, json.JSONDecodeError) as error:
        sys.exit(f"check_metrics: {path}: {error}")
    for line in lines:
        missing = [k for k in KEYS if k not in line]
        if missing:
            sys.exit(f"check_metrics: {path}: a line lacks {', '.join(missing)}: {line}")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log")
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--max-final-val-loss", type=float)
    parser.add_argument("--final-below-first", action="store_true")
    parser.add_argument("--same-losses-as")
    parser.add_argument("--eval-output")
    args = parser.parse_args()

    lines = read(args.log)
    if not lines:
        sys.exit(f"check_metrics: {args.log}: no epochs logged")
    if args.epochs is not None and [l["epoch"] for l in lines] != list(range(1, args.epochs + 1)):
        sys.exit(f"check_metrics: {args.log}: epochs {[l['epoch'] for l in lines]}, "
                 f"expected 1..{args.epochs}")
    for line in lines:
        for key in ("loss", "val_loss"):
            if line[key] is not None and not math.isfinite(line[key]):
                sys.exit(f"check_metrics: {args.log}: epoch {line['epoch']}: {key} {line[key]}")
    first, last = lines[0]["val_loss"], lines[-1]["val_loss"]
    if (args.max_final_val_loss is not None or args.final_below_first) and last is None:
        sys.exit(f"check_metrics: {args.log}: no val_loss logged")
    if args.max_final_val_loss is not None and not last < args.max_final_val_loss:
        sys.exit(f"check_metrics: {args.log}: final val_loss {last:.4f} is not below "
                 f"{args.max_final_val_loss}")
    if args.final_below_first and not last < first:
        sys.exit(f"check_metrics: {args.log}: final val_loss {last:.4f} is not below the "
                 f"first epoch's {first:.4f}")
    if args.same_losses_as:
        other = read(args.same_losses_as)
        ours = [(l["epoch"], l["loss"], l["val_loss"]) for l in lines]
        theirs = [(l["epoch"], l["loss"], l["val_loss"]) for l in other]
        if ours != theirs:
            sys.exit(f"check_metrics: {args.log} and {args.same_losses_as} differ:\n"
                     f"  {ours}\n  {theirs}")
    if args.eval_output:
        with open(args.eval_output) as f:
            words = f.readline().split()
        if len(words) < 3 or words[2] != "on":
            sys.exit(f"check_metrics: {args.eval_output}: expected '<loss> <value> on ...', "
                     f"got {' '.join(words)}")
        if last is None or abs(float(words[1]) - last) > 1e-6:
            sys.exit(f"check_metrics: eval printed {words[1]}, the last val_loss is {last}")
    print(f"check_metrics: {args.log}: {len(lines)} epochs, val_loss "
          + " ".join("-" if l["val_loss"] is None else f"{l['val_loss']:.4f}" for l in lines))


if __name__ == "__main__":
    main()
