#!/usr/bin/python3
"""Writes the CSV fixture of CsvTest and what Python's csv module and NumPy
make of it: the values the runtime must read, bit for bit.

Run from this directory: /usr/bin/python3 make_csv_fixtures.py

quoted.csv has a UTF-8 byte order mark, CRLF line ends, a quoted header
name with a comma, quoted text cells holding commas, quotes ("") and a line
break, numbers quoted or padded with spaces, signs, exponents and decimals
that float32 cannot hold exactly, and a blank last line. expected.npy holds
the value columns (all but "id" and "name, quoted"; label last) of each
row, parsed by float() (a double) and rounded to float32 as NumPy's
astype does: [rows, 4] as (x, y, z, label).
"""
import csv
import io

import numpy as np

text = (
    "\ufeffid,\"name, quoted\",x,y,z,label\r\n"
    "1,\"a, b\",0.1,-2.5e-3,+7,0\r\n"
    "2,\"say \"\"hi\"\"\",\" 3.14159265358979 \",1e10,0.000001,2\r\n"
    "3,\"two\r\nlines\",16777217,-0,123456.789,1\r\n"
    "\r\n"
)
with open("quoted.csv", "w", newline="", encoding="utf-8") as f:
    f.write(text)

rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
header, body = rows[0], [row for row in rows[1:] if row]
columns = [header.index(name) for name in ("x", "y", "z", "label")]
values = np.array([[float(row[c]) for c in columns] for row in body]).astype(np.float32)
np.save("expected.npy", values)
