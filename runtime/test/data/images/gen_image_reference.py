#!/usr/bin/env python3
"""Writes what Keras makes of folder/ (see make_image_fixtures.py):
the values the images() data source must reproduce.

Run from this directory, in a virtualenv with TensorFlow (Keras 3) and
NumPy:

    /usr/bin/python3 -m venv /tmp/tfvenv
    /tmp/tfvenv/bin/pip install tensorflow-cpu pillow numpy
    KERAS_BACKEND=tensorflow /tmp/tfvenv/bin/python gen_image_reference.py

(written with TensorFlow 2.21.0, Keras 3.15.1, Pillow 13.0.0, NumPy 2.4.6.)

For color_mode "rgb" and "grayscale" it runs

    keras.utils.image_dataset_from_directory(
        "folder", labels="inferred", label_mode="int", color_mode=M,
        image_size=(4, 6), interpolation="bilinear", shuffle=False,
        batch_size=None)

(tf.io.decode_image with channels 3 or 1, then tf.image.resize bilinear,
half-pixel centres, no antialiasing, to height 4 and width 6) and writes

    expected_rgb.npy        float32 [N, 4, 6, 3]
    expected_grayscale.npy  float32 [N, 4, 6, 1]
    expected_labels.npy     int64 [N], the class index of each image
    expected_files.txt      the dataset's file_paths, relative to folder/,
                            "/"-separated, one a line, in dataset order
    expected_classes.txt    class_names, one a line

and for each image what Keras decodes before it resizes,
tf.io.decode_image(..., channels=3 or 1, expand_animations=False), as

    decoded_tf_rgb/<class>_<file name less extension>.npy        uint8 [H, W, 3]
    decoded_tf_grayscale/<class>_<file name less extension>.npy  uint8 [H, W, 1]

Pillow's pixels are not the reference: they differ from TensorFlow's for
the JPEGs (TensorFlow's default inverse DCT is libjpeg's JDCT_IFAST,
Pillow's JDCT_ISLOW: up to 5 levels apart), for the 16-bit PNG (TensorFlow
keeps the high byte, Pillow clips to 255) and for grey from colour (libpng's
truncating rgb_to_gray against Pillow's rounding). expected_*.npy is
decoded_tf_* resized by bilinear interpolation in float32.
"""
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import tensorflow as tf

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)

import keras  # noqa: E402  (after the backend is chosen)

HERE = os.path.dirname(os.path.abspath(__file__))
FOLDER = os.path.join(HERE, "folder")
SIZE = (4, 6)  # (height, width)


def load(color_mode):
    ds = keras.utils.image_dataset_from_directory(
        FOLDER, labels="inferred", label_mode="int", color_mode=color_mode,
        image_size=SIZE, interpolation="bilinear", shuffle=False,
        batch_size=None)
    images, labels = [], []
    for image, label in ds:
        images.append(image.numpy())
        labels.append(label.numpy())
    files = [os.path.relpath(p, FOLDER).replace(os.sep, "/") for p in ds.file_paths]
    return (np.stack(images).astype(np.float32),
            np.array(labels, dtype=np.int64), files, list(ds.class_names))


def main():
    rgb, labels, files, classes = load("rgb")
    gray, labels_g, files_g, classes_g = load("grayscale")
    assert files == files_g and classes == classes_g
    assert np.array_equal(labels, labels_g)
    assert rgb.shape == (len(files),) + SIZE + (3,), rgb.shape
    assert gray.shape == (len(files),) + SIZE + (1,), gray.shape

    np.save(os.path.join(HERE, "expected_rgb.npy"), rgb)
    np.save(os.path.join(HERE, "expected_grayscale.npy"), gray)
    np.save(os.path.join(HERE, "expected_labels.npy"), labels)
    with open(os.path.join(HERE, "expected_files.txt"), "w", newline="\n") as f:
        f.write("".join(name + "\n" for name in files))
    with open(os.path.join(HERE, "expected_classes.txt"), "w", newline="\n") as f:
        f.write("".join(name + "\n" for name in classes))

    outs = {}
    for sub in ("decoded_tf_rgb", "decoded_tf_grayscale"):
        outs[sub] = os.path.join(HERE, sub)
        os.makedirs(outs[sub], exist_ok=True)
        for old in os.listdir(outs[sub]):
            if old.endswith(".npy"):
                os.remove(os.path.join(outs[sub], old))
    for name in files:
        cls, fname = name.split("/")
        path = os.path.join(FOLDER, cls, fname)
        npy = "%s_%s.npy" % (cls, os.path.splitext(fname)[0])
        data = tf.io.read_file(path)
        for sub, channels in (("decoded_tf_rgb", 3), ("decoded_tf_grayscale", 1)):
            pixels = tf.io.decode_image(data, channels=channels,
                                        expand_animations=False).numpy()
            assert pixels.dtype == np.uint8 and pixels.shape[2] == channels
            np.save(os.path.join(outs[sub], npy), pixels)

    for name, label in zip(files, labels):
        print(label, name)


if __name__ == "__main__":
    main()
