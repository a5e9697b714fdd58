#!/usr/bin/python3
"""Writes the first samples of an IDX data folder (Fashion-MNIST) as a
folder of PNG files, one subfolder per class, as Keras's
image_dataset_from_directory reads them, and the same samples as .npy
arrays in the order Keras gives them, for the tests that train on images
and compare with the run on the arrays.

    idx_to_images.py IDX_DIR OUT_DIR --train N --test M --seed S

OUT_DIR gets
  train/<k>_<class name>/<index>.png  the first N training images (8-bit
                                      grey PNG, written with zlib)
  test/<index>.png                    the first M test images, no classes
                                      (predict's input, in IDX order)
  x.npy, y.npy                        the training images and labels in
                                      Keras's order: class folder by class
                                      folder, files by name, then shuffled
                                      by numpy.random.RandomState(S) as
                                      index_directory(shuffle=True, seed=S)
                                      shuffles its file list
One training PNG (the fourth) is then truncated: the images data source
skips it with a warning, so x.npy and y.npy leave it out.
"""

import struct
import zlib

import numpy as np

from idx_to_npy import splits

CLASSES = ["T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
           "Sneaker", "Bag", "Ankle boot"]


def png_bytes(image):
    height, width = image.shape

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + image[y].tobytes() for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def main():
    import sys
    seed = int(sys.argv[sys.argv.index("--seed") + 1])
    del sys.argv[sys.argv.index("--seed"):sys.argv.index("--seed") + 2]
    for out_dir, split, images, labels in splits(__doc__.splitlines()[0]):
        if split == "test":
            (out_dir / "test").mkdir(exist_ok=True)
            for i, image in enumerate(images):
                (out_dir / "test" / f"{i:05d}.png").write_bytes(png_bytes(image))
            continue
        files = []  # (path, label) in Keras's order before shuffling
        for label, name in enumerate(CLASSES):
            folder = out_dir / "train" / f"{label}_{name}"
            folder.mkdir(parents=True, exist_ok=True)
            for i in np.flatnonzero(labels == label):
                path = folder / f"{i:05d}.png"
                path.write_bytes(png_bytes(images[i]))
                files.append((path, i))
        order = list(range(len(files)))
        np.random.RandomState(seed).shuffle(order)
        broken = files[3][0]
        broken.write_bytes(broken.read_bytes()[:60])
        kept = [files[k][1] for k in order if k != 3]
        np.save(out_dir / "x.npy", images[kept])
        np.save(out_dir / "y.npy", labels[kept].astype(np.int64))


if __name__ == "__main__":
    main()
