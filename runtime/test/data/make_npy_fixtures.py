#!/usr/bin/python3
"""Writes the .npy fixtures of NpyTest with NumPy itself, so that the reader is
checked against files produced by the reference implementation.

Run from this directory: /usr/bin/python3 make_npy_fixtures.py
Every fixture holds the values 0, 1, ..., n-1 (times -1.5 for float and signed
types, so that signs and fractions are exercised) in the shape (2, 3).
"""
import numpy as np

values = np.arange(6).reshape(2, 3)
fixtures = {
    "f4.npy": (values * -1.5).astype("<f4"),
    "f8.npy": (values * -1.5).astype("<f8"),
    "u1.npy": (values * 40).astype("u1"),
    "i4.npy": (values * -100000).astype("<i4"),
    "i8.npy": (values * -100000).astype("<i8"),
    "big_endian_f4.npy": (values * -1.5).astype(">f4"),
    "fortran_f4.npy": np.asfortranarray((values * -1.5).astype("<f4")),
    "i2.npy": values.astype("<i2"),
    "scalar_f4.npy": np.array(2.5, dtype="<f4"),
}
for name, array in fixtures.items():
    np.save(name, array)

# Format version 2.0 (4-byte header length), as NumPy writes for huge headers.
with open("v2_f4.npy", "wb") as f:
    np.lib.format.write_array(f, (values * -1.5).astype("<f4"), version=(2, 0))
