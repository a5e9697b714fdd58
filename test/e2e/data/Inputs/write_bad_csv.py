#!/usr/bin/python3
"""Writes CSV files with one thing wrong each, for csv_errors.test.

    write_bad_csv.py OUT_DIR

OUT_DIR/NAME.csv for csv_small.nn (header "id,label,a,b,c,d", labels 0..2);
the docstring of each entry below says what is wrong.
"""

import sys
from pathlib import Path

HEADER = "id,label,a,b,c,d\n"
GOOD = "1,0,0.5,1,2,3\n2,2,-1e-3,4,5,6\n"

FILES = {
    "good": HEADER + GOOD,
    "text": HEADER + GOOD + "3,1,7,8,oops,9\n",                # a word in a value column
    "ragged": HEADER + GOOD + "3,1,7,8,9\n",                   # a row one field short
    "columns": "id,label,a,b,c,d,e\n1,0,1,2,3,4,5\n",          # five value columns
    "range": HEADER + GOOD + "3,1,1,1,1,1\n4,3,1,1,1,1\n",     # label 3 of 3 classes
    "nolabel": "id,a,b,c,d\n1,1,2,3,4\n",                      # no label column
    "noid": "label,a,b,c,d\n1,1,2,3,4\n",                      # no column to drop
    "quote": HEADER + '1,0,"1,2,3,4\n',                        # a quote never closed
    "empty": "",                                               # nothing at all
    "header": HEADER,                                          # no rows
    "cell": HEADER + GOOD + "3,1,,1,1,1\n",                    # an empty cell
    "infinite": HEADER + GOOD + "3,1,1e39,1,1,1\n",            # beyond f32
}


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        (out / f"{name}.csv").write_text(text)


if __name__ == "__main__":
    main()
