#!/usr/bin/python3
"""Checks the output of `exe eval` for a classifier (read from stdin).

    check_eval.py --classes K --samples N --min-accuracy A [--ensemble M]

The accuracy line ("accuracy X (C of N)", or with --ensemble the line
"ensemble (majority vote of M members): accuracy X (C of N) ...") must say
at least A, with C / N = X; the confusion matrix must have a header of the K
class indices and K rows (true classes 0..K-1) of K counts that sum to N, with
C on the diagonal, in aligned columns. With --ensemble, M member lines come first.
Exit 1 with a message on the first failed check.
"""

import argparse
import re
import sys


def fail(message):
    sys.exit(f"check_eval: {message}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--classes", type=int, required=True)
    parser.add_argument("--samples", type=int, required=True)
    parser.add_argument("--min-accuracy", type=float, required=True)
    parser.add_argument("--ensemble", type=int, default=0)
    args = parser.parse_args()
    lines = sys.stdin.read().splitlines()

    if args.ensemble:
        members = [l for l in lines if re.match(r"member \d+ \(", l)]
        if len(members) != args.ensemble:
            fail(f"expected {args.ensemble} member lines, got {len(members)}")
        pattern = (rf"ensemble \(majority vote of {args.ensemble} members\): "
                   r"accuracy ([0-9.]+) \((\S+) of (\S+)\)")
    else:
        pattern = r"accuracy ([0-9.]+) \((\S+) of (\S+)\)$"
    found = [re.match(pattern, l) for l in lines]
    found = [m for m in found if m]
    if len(found) != 1:
        fail(f"no line matching '{pattern}' in:\n" + "\n".join(lines))
    accuracy = float(found[0].group(1))
    correct = int(found[0].group(2).replace(",", ""))
    total = int(found[0].group(3).replace(",", ""))
    if total != args.samples:
        fail(f"accuracy over {total} samples, expected {args.samples}")
    if abs(correct / total - accuracy) > 1e-4:
        fail(f"accuracy {accuracy} but {correct} of {total}")
    if accuracy < args.min_accuracy:
        fail(f"accuracy {accuracy} is below {args.min_accuracy}")

    title = lines.index("confusion matrix (rows: true class, columns: predicted class):")
    header, rows = lines[title + 1], lines[title + 2:title + 2 + args.classes]
    if header.split() != ["true\\pred"] + [str(k) for k in range(args.classes)]:
        fail(f"bad confusion matrix header: {header!r}")
    counts, diagonal = 0, 0
    for k, row in enumerate(rows):
        cells = row.split()
        if len(cells) != args.classes + 1 or cells[0] != str(k):
            fail(f"bad confusion matrix row {k}: {row!r}")
        if len(row) != len(header):
            fail(f"row {k} is not aligned with the header: {row!r}")
        values = [int(c) for c in cells[1:]]
        counts += sum(values)
        diagonal += values[k]
    if len(rows) != args.classes:
        fail(f"{len(rows)} confusion matrix rows, expected {args.classes}")
    if counts != args.samples or diagonal != correct:
        fail(f"confusion matrix sums to {counts} with {diagonal} on the diagonal; "
             f"expected {args.samples} and {correct}")
    print(f"check_eval: accuracy {accuracy:.4f} >= {args.min_accuracy}, "
          f"{args.classes}x{args.classes} confusion matrix of {counts} samples")


if __name__ == "__main__":
    main()
