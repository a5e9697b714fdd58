#!/usr/bin/python3
"""Writes malformed/: small safetensors, .npy, IDX and text files that are
broken (or odd but valid) in one way each, and malformed/expected.txt, the
one-line result each must give: `error: <message>` (what follows "<path>: "
in the runtime's error) or `ok: <summary>` (what MalformedFilesTest prints
for a file that reads). The expectations are written here by hand, next to
the bytes they are about; MalformedFilesTest reads every file with the
runtime's reader and checks it gets exactly that.

Run from this directory: /usr/bin/python3 make_malformed_fixtures.py
Standard library only: the bytes are spelled out, so that each file is
wrong exactly where its name says.
"""
import gzip
import json
import os
import struct

OUT = "malformed"
cases = []  # (file name, expected line)


def write(name, data, expected):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    cases.append((name, expected))


# --- safetensors: u64 little-endian header length, JSON header, data -------

def safetensors(header, data=b"", raw_header=None):
    text = raw_header if raw_header is not None else json.dumps(
        header, separators=(",", ":")).encode()
    return struct.pack("<Q", len(text)) + text + data


def f32(*values):
    return struct.pack("<%df" % len(values), *values)


def entry(shape, begin, end, dtype="F32"):
    return {"dtype": dtype, "shape": shape, "data_offsets": [begin, end]}


write("st-truncated-length.safetensors", b"\x10\x00\x00\x00\x00",
      "error: not a safetensors file: 5 bytes, too short for the 8-byte "
      "header length")
write("st-header-past-end.safetensors",
      struct.pack("<Q", 1000) + b'{"w":{}}',
      "error: header length 1000 is larger than the rest of the file (8 bytes)")
write("st-bad-json.safetensors", safetensors(None, raw_header=b'{"w": {"dtype": '),
      "error: header is not valid JSON")
write("st-not-an-object.safetensors", safetensors([1, 2]),
      "error: header must be a JSON object")
write("st-wrong-dtype.safetensors",
      safetensors({"w": entry([2], 0, 4, "F16")}, b"\0" * 4),
      "error: tensor 'w' has dtype F16; only F32 and I64 are supported")
write("st-negative-extent.safetensors",
      safetensors({"w": entry([-2], 0, 8)}, f32(1, 2)),
      "error: tensor 'w': shape must hold non-negative integers")
write("st-size-mismatch.safetensors",
      safetensors({"w": entry([2, 2], 0, 12)}, f32(1, 2, 3)),
      "error: tensor 'w': data_offsets [0, 12] span 12 bytes, but shape "
      "[2, 2] of F32 needs 16")
write("st-truncated-data.safetensors",
      safetensors({"w": entry([4], 0, 16)}, f32(1, 2)),
      "error: tensor 'w': data_offsets [0, 16] are outside the 8-byte data "
      "section")
write("st-gap.safetensors",
      safetensors({"a": entry([1], 0, 4), "b": entry([1], 8, 12)}, f32(1, 2, 3)),
      "error: bytes [4, 8) of the data section belong to no tensor")
write("st-overlap.safetensors",
      safetensors({"a": entry([2], 0, 8), "b": entry([1], 4, 8)}, f32(1, 2)),
      "error: tensors 'a' and 'b' overlap")
# 2^62 elements: 2^64 bytes, which wrapped to 0 and passed as an empty tensor
# (then: "cannot create std::vector larger than max_size()").
write("st-bytes-overflow.safetensors",
      safetensors({"w": entry([65536, 65536, 65536, 16384], 0, 0)}),
      "error: tensor 'w': shape [65536, 65536, 65536, 16384] is too large: "
      "its size in bytes does not fit in 64 bits")
# 2^64 elements: the count itself wrapped to 0.
write("st-count-overflow.safetensors",
      safetensors({"w": entry([65536, 65536, 65536, 65536], 0, 0)}),
      "error: tensor 'w': shape [65536, 65536, 65536, 65536] is too large: "
      "its size in bytes does not fit in 64 bits")
# No elements, but a sample of [2147483647, 2147483647, 2147483647] would
# have more than a count holds.
write("st-empty-overflow.safetensors",
      safetensors({"w": entry([0, 2147483647, 2147483647, 2147483647], 0, 0)}),
      "error: tensor 'w': shape [0, 2147483647, 2147483647, 2147483647] is "
      "too large: its size in bytes does not fit in 64 bits")
write("st-empty-tensor.safetensors",
      safetensors({"empty": entry([0, 3], 0, 0), "w": entry([2], 0, 8)},
                  f32(1.5, -2)),
      "ok: empty [0, 3], w [2]")
write("st-duplicate-tensor.safetensors",
      safetensors(None, f32(1, 2), raw_header=(
          b'{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
          b'"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}')),
      "error: the header has the key 'w' twice")
write("st-duplicate-field.safetensors",
      safetensors(None, f32(1), raw_header=(
          b'{"w":{"dtype":"F64","dtype":"F32","shape":[1],'
          b'"data_offsets":[0,4]}}')),
      "error: tensor 'w' has the key 'dtype' twice")
write("st-duplicate-metadata.safetensors",
      safetensors(None, f32(1), raw_header=(
          b'{"__metadata__":{"format":"pt","format":"nnc-checkpoint"},'
          b'"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}')),
      "error: __metadata__ has the key 'format' twice")
# Names come from the file: a newline in one stays out of the message.
write("st-newline-in-name.safetensors",
      safetensors({"a\nb": entry([1], 0, 4, "I8\nX")}, f32(1)),
      "error: tensor 'a\\nb' has dtype I8\\nX; only F32 and I64 are supported")


# --- .npy: magic, version, u16 header length, Python dict literal, data -----

def npy(header, data=b"", version=1):
    text = header.encode("latin1")
    prefix = 10 if version == 1 else 12
    text += b" " * ((64 - (prefix + len(text) + 1) % 64) % 64) + b"\n"
    length = struct.pack("<H" if version == 1 else "<I", len(text))
    return b"\x93NUMPY" + bytes([version, 0]) + length + text + data


def npy_header(descr, shape):
    return "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (
        descr, shape)


write("npy-bad-magic.npy", b"\x93NUMPX\x01\x00" + b"\0" * 20,
      "error: not a .npy file (bad magic)")
write("npy-bad-version.npy", b"\x93NUMPY\x07\x00" + b"\0" * 20,
      "error: unsupported .npy format version 7")
write("npy-truncated-header.npy", npy(npy_header("<f4", "(3,)"))[:30],
      "error: truncated .npy header: expected 118 bytes, found 20")
# The header ends in padding and a newline; the message is still one line.
write("npy-bad-header.npy", npy("{'descr': '<f4', 'fortran_order': False, "
                                "'shape': (3,), "),
      "error: bad .npy header: expected a quoted string (header: {'descr': "
      "'<f4', 'fortran_order': False, 'shape': (3,),)")
write("npy-missing-shape.npy", npy("{'descr': '<f4', 'fortran_order': False}"),
      "error: bad .npy header: missing or malformed 'shape'")
write("npy-wrong-dtype.npy", npy(npy_header("<c8", "(3,)"), b"\0" * 24),
      "error: unsupported dtype '<c8'; expected one of <f4, <f8, |u1, <i4, <i8")
write("npy-truncated-data.npy", npy(npy_header("<f4", "(2, 3)"), f32(1, 2)),
      "error: truncated: expected 24 bytes of data, found 8")
write("npy-trailing-data.npy",
      npy(npy_header("<f4", "(2,)"), f32(1, 2, 3)),
      "error: 4 bytes of trailing garbage after the 8 bytes of data")
# 2^16 x 2^48 = 2^64 elements: the count wrapped to 0 and the file passed
# as an empty array.
write("npy-count-overflow.npy",
      npy(npy_header("<f4", "(65536, 281474976710656)")),
      "error: shape [65536, 281474976710656] is too large: more than "
      "2^31 - 1 elements")
# No elements, but each sample would have 10^28.
write("npy-empty-overflow.npy",
      npy(npy_header("<f4", "(0, 100000000000000, 100000000000000)")),
      "error: shape [0, 100000000000000, 100000000000000] is too large: more "
      "than 2^31 - 1 elements")
write("npy-empty.npy", npy(npy_header("<f4", "(0, 3)")), "ok: [0, 3]")


# --- IDX: 0x00 0x00 type rank, big-endian u32 extents, big-endian data ------

def idx(type_code, shape, data=b""):
    return (bytes([0, 0, type_code, len(shape)]) +
            b"".join(struct.pack(">I", n) for n in shape) + data)


write("idx-too-short.idx", b"\x00\x00", "error: not an IDX file: 2 bytes, "
      "too short for the 4-byte magic")
write("idx-bad-magic.idx", b"\x01\x02\x08\x01" + b"\0" * 8,
      "error: not an IDX file: bad magic 0x01020801 (expected 0x0000TTNN)")
write("idx-unknown-type.idx", idx(0x0A, [2], b"\0\0"),
      "error: unknown IDX element type code 0x0a")
write("idx-no-dimensions.idx", idx(0x08, []),
      "error: IDX file has 0 dimensions; expected 1 to 4")
write("idx-truncated-header.idx", idx(0x08, [2, 3])[:8],
      "error: truncated: expected 12 header bytes, found 8")
write("idx-truncated-data.idx", idx(0x08, [2, 3], b"\1\2\3"),
      "error: truncated: expected 6 bytes of data, found 3")
write("idx-trailing-data.idx", idx(0x0D, [1], struct.pack(">ff", 1, 2)),
      "error: 4 bytes of trailing garbage after the 4 bytes of data")
# No elements, but each sample would have (2^32 - 1)^3.
write("idx-empty-overflow.idx", idx(0x08, [0, 4294967295, 4294967295, 4294967295]),
      "error: IDX shape [0, 4294967295, 4294967295, 4294967295] is too "
      "large: more than 2^31 - 1 elements")
write("idx-too-large.idx", idx(0x08, [65536, 65536]),
      "error: IDX shape [65536, 65536] is too large: more than 2^31 - 1 "
      "elements")
write("idx-empty.idx", idx(0x08, [0, 28, 28]), "ok: [0, 28, 28]")
whole = gzip.compress(idx(0x08, [1000], bytes(range(250)) * 4), mtime=0)
write("idx-truncated.idx.gz", whole[:len(whole) // 2],
      "error: corrupt gzip data: unexpected end of file")


# --- text: UTF-8 lines ------------------------------------------------------

write("text-not-utf8.txt", "Canción de cuna\n".encode("latin1"),
      "error: not valid UTF-8 (byte 0xf3 at offset 5); text data must be UTF-8")
write("text-empty.txt", b"", "error: no usable lines (1 file, 0 lines read)")
write("text-only-labels.txt", b"Chorus:\n\n  \nVerse 2:\n",
      "error: no usable lines (1 file, 4 lines read)")
# A byte order mark (Windows editors write one) is not text.
write("text-byte-order-mark.txt", b"\xef\xbb\xbfHello, world\nsecond line\n",
      "ok: 2 sentences, the first '<start> hello , world <end>'")

with open(os.path.join(OUT, "expected.txt"), "w") as f:
    f.write("# Written by ../make_malformed_fixtures.py: file, then what reading "
            "it gives.\n")
    for name, expected in cases:
        f.write("%s\t%s\n" % (name, expected))
