#!/usr/bin/python3
"""Checks a metrics log against what Keras's callbacks would have done with
its numbers (the rules of keras.callbacks.EarlyStopping and
ReduceLROnPlateau, Keras 3, mode 'auto').

    check_callbacks.py LOG --early-stopping MONITOR PATIENCE MIN_DELTA --epochs N
    check_callbacks.py LOG --plateau MONITOR FACTOR PATIENCE MIN_DELTA COOLDOWN --rate R

--early-stopping: the log ends at the epoch where Keras stops (or at N), and
prints the best epoch (1-based) whose weights restore_best_weights keeps.
--plateau: the logged learning_rate of each epoch is the rate Keras's
callback had set by then, starting from R.
"""

import argparse
import json
import math
import sys

import numpy as np


def read(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def early_stopping(log, monitor, patience, min_delta, epochs):
    higher = monitor.removeprefix("val_") != "loss"
    delta = min_delta if higher else -min_delta
    best, wait, best_epoch, stopped = (-math.inf if higher else math.inf), 0, 0, None
    for epoch, line in enumerate(log):
        current = line[monitor]
        wait += 1
        improved = (current - delta > best) if higher else (current - delta < best)
        if improved:
            best, best_epoch, wait = current, epoch, 0
            continue
        if wait >= patience and epoch > 0:
            stopped = epoch
            break
    expected = (stopped + 1) if stopped is not None else epochs
    if len(log) != expected:
        sys.exit(f"the log has {len(log)} epochs; Keras stops after {expected}")
    print(f"best epoch {best_epoch + 1}, stopped after {len(log)}")


def plateau(log, monitor, factor, patience, min_delta, cooldown, rate):
    higher = "acc" in monitor
    best = -math.inf if higher else math.inf
    wait = cooldown_counter = 0
    rate = float(np.float32(rate))
    for epoch, line in enumerate(log):
        if not math.isclose(line["learning_rate"], rate, rel_tol=1e-7):
            sys.exit(f"epoch {epoch + 1}: learning_rate {line['learning_rate']}, Keras {rate}")
        current = line[monitor]
        if cooldown_counter > 0:
            cooldown_counter -= 1
            wait = 0
        if (current > best + min_delta) if higher else (current < best - min_delta):
            best, wait = current, 0
        elif cooldown_counter <= 0:
            wait += 1
            if wait >= patience and rate > np.float32(0.0):
                rate = float(np.float32(max(rate * factor, 0.0)))
                cooldown_counter, wait = cooldown, 0
    print("rates: " + ", ".join(f"{line['learning_rate']:.6g}" for line in log))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("log")
    parser.add_argument("--early-stopping", nargs=3)
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--plateau", nargs=5)
    parser.add_argument("--rate", type=float)
    args = parser.parse_args()
    log = read(args.log)
    if args.early_stopping:
        monitor, patience, min_delta = args.early_stopping
        early_stopping(log, monitor, int(patience), float(min_delta), args.epochs)
    if args.plateau:
        monitor, factor, patience, min_delta, cooldown = args.plateau
        plateau(log, monitor, float(factor), int(patience), float(min_delta), int(cooldown),
                args.rate)


if __name__ == "__main__":
    main()
