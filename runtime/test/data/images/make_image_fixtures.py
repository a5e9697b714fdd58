#!/usr/bin/env python3
"""Writes the class-folder tree of the images() data source tests.

Run from this directory with Python 3, Pillow and NumPy (the virtualenv of
gen_image_reference.py has them):

    /tmp/tfvenv/bin/python make_image_fixtures.py

It (re)creates folder/ as keras.utils.image_dataset_from_directory reads
it: one subfolder per class, the classes sorted by name (ant, cat, dog;
written here in the order dog, cat, ant, so that the order of creation and
the order of os.listdir are no guide), the files of a class sorted by name
as Python sorts strings (by code point: "B_gray.PNG" before "a_rgb.png"),
an extension matched without regard to case (".PNG" counts) and a file
without an image extension (dog/notes.txt) skipped.

Every image differs in size (none of them 4x6, the size the references
resize to; some larger and some smaller in each dimension) and holds
gradients plus a fixed pseudo-random pattern, so that no two pixels
nearby are alike:

    ant/B_gray.PNG    grayscale (L) PNG, 5x5           (width x height)
    ant/a_rgb.png     RGB PNG, 9x6
    cat/gray16.png    16-bit grayscale (I;16) PNG, 3x7, values across the
                      whole 0..65535 range, low bytes above and below 128
    cat/palette.png   palette (P) PNG of 16 colours, 12x8, no transparency
    cat/rgba.png      RGBA PNG, 7x11, alpha varying from 0 to 255
    cat/z_photo.jpeg  RGB JPEG, 8x5, quality 90, 4:2:0 chroma subsampling
    dog/gray.jpg      grayscale JPEG, 10x3, quality 90
    dog/photo.jpg     RGB JPEG, 13x10, quality 90, 4:2:0 (partial MCUs)
    dog/small.png     RGB PNG, 2x3
    dog/notes.txt     not an image

The pixel values depend on nothing but this script. The PNG bytes depend on
the zlib of Pillow and the JPEG bytes on its libjpeg, so a rerun elsewhere
may write other bytes; rerun gen_image_reference.py after any rerun.
"""
import os
import shutil

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "folder")


class Xorshift32:
    """A tiny generator of its own, so the pattern never depends on NumPy."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF or 1

    def next(self):
        x = self.state
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        self.state = x
        return x

    def array(self, shape, bound):
        n = int(np.prod(shape))
        return np.array([self.next() % bound for _ in range(n)],
                        dtype=np.int64).reshape(shape)


def pattern(width, height, channels, seed, noise=64):
    """uint8 [height, width, channels]: per-channel gradients plus noise."""
    rng = Xorshift32(seed)
    y = np.arange(height).reshape(height, 1, 1)
    x = np.arange(width).reshape(1, width, 1)
    c = np.arange(channels).reshape(1, 1, channels)
    gx = x * 255 // max(width - 1, 1)
    gy = y * 255 // max(height - 1, 1)
    base = np.where(c % 3 == 0, gx, np.where(c % 3 == 1, gy, 255 - (gx + gy) // 2))
    base = base + 40 * c
    value = base + rng.array((height, width, channels), noise) - noise // 2
    return np.clip(value, 0, 255).astype(np.uint8)


def path(cls, name):
    return os.path.join(ROOT, cls, name)


def main():
    if os.path.isdir(ROOT):
        shutil.rmtree(ROOT)
    for cls in ("dog", "cat", "ant"):
        os.makedirs(os.path.join(ROOT, cls))

    # dog: two JPEGs, a small RGB PNG and a file that is not an image.
    Image.fromarray(pattern(13, 10, 3, 11)).save(
        path("dog", "photo.jpg"), quality=90, subsampling="4:2:0")
    Image.fromarray(pattern(10, 3, 1, 12)[:, :, 0]).save(
        path("dog", "gray.jpg"), quality=90)
    Image.fromarray(pattern(2, 3, 3, 13, noise=200)).save(path("dog", "small.png"))
    with open(path("dog", "notes.txt"), "w", encoding="ascii") as f:
        f.write("Not an image: image_dataset_from_directory skips it.\n")

    # cat: RGBA, palette, 16-bit grayscale PNGs and a .jpeg.
    Image.fromarray(pattern(7, 11, 4, 21)).save(path("cat", "rgba.png"))

    rng = Xorshift32(22)
    palette = [rng.next() % 256 for _ in range(16 * 3)]
    indices = (pattern(12, 8, 1, 23)[:, :, 0].astype(np.int64) // 16).astype(np.uint8)
    p = Image.frombytes("P", (12, 8), indices.tobytes())
    p.putpalette(palette)
    p.save(path("cat", "palette.png"))

    rng = Xorshift32(24)
    w16, h16 = 3, 7
    ramp = np.linspace(0, 65535, w16 * h16).astype(np.int64)
    wobble = np.array([rng.next() % 512 for _ in range(w16 * h16)]) - 256
    v16 = np.clip(ramp + wobble, 0, 65535).astype("<u2").reshape(h16, w16)
    v16[0, 0], v16[0, 1], v16[0, 2] = 0, 200, 255 + 0x180  # small values
    v16[-1, -1] = 65535
    Image.frombytes("I;16", (w16, h16), v16.tobytes()).save(path("cat", "gray16.png"))

    Image.fromarray(pattern(8, 5, 3, 25)).save(
        path("cat", "z_photo.jpeg"), quality=90, subsampling="4:2:0")

    # ant: an upper-case name and extension, which sorts first.
    Image.fromarray(pattern(5, 5, 1, 31)[:, :, 0]).save(path("ant", "B_gray.PNG"))
    Image.fromarray(pattern(9, 6, 3, 32)).save(path("ant", "a_rgb.png"))

    for cls in sorted(os.listdir(ROOT)):
        for name in sorted(os.listdir(os.path.join(ROOT, cls))):
            f = path(cls, name)
            size = os.path.getsize(f)
            try:
                with Image.open(f) as im:
                    desc = "%s %s %dx%d" % (im.format, im.mode, im.width, im.height)
            except OSError:
                desc = "not an image"
            print("%-20s %5d bytes  %s" % (cls + "/" + name, size, desc))


if __name__ == "__main__":
    main()
