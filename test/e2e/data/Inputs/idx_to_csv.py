#!/usr/bin/python3
"""Writes the first samples of an IDX data folder (Fashion-MNIST) as CSV
files in the layout of the notes' competition: an id, the digit label, a
letter, then one column per pixel.

    idx_to_csv.py IDX_DIR OUT_DIR --train N --test M

OUT_DIR gets train.csv (N rows) and test.csv (the first M test samples),
with a header row "id,label,letter,pixel0,...,pixel783"; the letter column
is text (quoted for every third row, as pandas quotes when it must).
"""

import csv

from idx_to_npy import splits


def main():
    for out_dir, split, images, labels in splits(__doc__.splitlines()[0]):
        with open(out_dir / f"{split}.csv", "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["id", "label", "letter"] + [f"pixel{k}" for k in range(784)])
            for i, (image, label) in enumerate(zip(images, labels)):
                letter = "A, or B" if i % 3 == 0 else "ABCDEFGHIJ"[label]
                writer.writerow([i, int(label), letter] + [int(p) for p in image.reshape(-1)])


if __name__ == "__main__":
    main()
