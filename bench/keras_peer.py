#!/usr/bin/env python3
"""The examples' models in Keras 3 (TensorFlow or JAX backend), trained the
way nnc trains them, for bench/peers.sh:

  keras_peer.py --model autoencoder|classifier --backend tensorflow|jax
                --data DIR --threads N --log FILE [--limit N]
  keras_peer.py --model lyricist_small|lyricist --backend ... --steps S ...

Image models train one epoch on the Fashion-MNIST training images (IDX files
in DIR) with the example's batch, optimizer and loss, and log the training
images per second of the steps after the first (which includes tracing and
XLA compilation; nnc compiles ahead of time). Sequence models take S steps
after one warm-up step on batches of 256 random sentences of 14 tokens
(the cost of a step does not depend on the words), and log tokens per
second. One JSON line: {"images_per_second": ...} or {"tokens_per_second": ...}.
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--model", required=True,
                    choices=["autoencoder", "classifier", "lyricist_small", "lyricist"])
parser.add_argument("--backend", required=True, choices=["tensorflow", "jax"])
parser.add_argument("--data", type=Path, default=Path("/usr/share/datasets/fashion-mnist"))
parser.add_argument("--threads", type=int, default=os.cpu_count())
parser.add_argument("--limit", type=int, default=60000)
parser.add_argument("--steps", type=int, default=3)
parser.add_argument("--log", type=Path, required=True)
args = parser.parse_args()

# Threads and backend before Keras is imported.
os.environ["KERAS_BACKEND"] = args.backend
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") +
                           f" --xla_cpu_multi_thread_eigen=true intra_op_parallelism_threads={args.threads}")
if args.backend == "tensorflow":
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

keras.utils.set_random_seed(0)


def idx(stem):
    path = next(p for p in (args.data / stem, args.data / (stem + ".gz")) if p.exists())
    raw = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
    dims = raw[3]
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * dims).reshape(shape)


def autoencoder():
    conv = lambda filters, **kw: layers.Conv2D(filters, 3, activation="relu", **kw)  # noqa: E731
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        conv(16, padding="same"), layers.MaxPooling2D(2, padding="same"),
        conv(8, padding="same"), layers.MaxPooling2D(2, padding="same"),
        conv(4, padding="same"), layers.MaxPooling2D(2, padding="same"),
        conv(4, padding="same"), layers.UpSampling2D(2),
        conv(8, padding="same"), layers.UpSampling2D(2),
        conv(16), layers.UpSampling2D(2),
        layers.Conv2D(1, 3, activation="sigmoid", padding="same"),
    ])
    model.compile(optimizer=keras.optimizers.Adadelta(learning_rate=1.0),
                  loss="binary_crossentropy")
    return model, 256


def classifier():
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(2),
        layers.Flatten(), layers.Dense(128, activation="relu"), layers.Dense(10),
    ])
    model.compile(optimizer="adam",
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    return model, 128


def lyricist(vocab, embedding, units):
    model = keras.Sequential([
        keras.Input((14,)),
        layers.Embedding(vocab, embedding),
        layers.LSTM(units, return_sequences=True),
        layers.LSTM(units, return_sequences=True),
        layers.Dense(vocab),
    ])
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(
        from_logits=True, ignore_class=0))
    return model, 256


class StepTimes(keras.callbacks.Callback):
    """The end time of every training batch."""

    def __init__(self):
        super().__init__()
        self.ends = []

    def on_train_batch_end(self, batch, logs=None):
        self.ends.append(time.perf_counter())


times = StepTimes()
if args.model in ("autoencoder", "classifier"):
    model, batch = autoencoder() if args.model == "autoencoder" else classifier()
    images = (idx("train-images-idx3-ubyte")[:args.limit].astype(np.float32) / 255)[..., None]
    target = images if args.model == "autoencoder" else \
        idx("train-labels-idx1-ubyte")[:args.limit].astype(np.int64)
    model.fit(images, target, batch_size=batch, epochs=1, shuffle=True, verbose=0,
              callbacks=[times])
    # The steps after the first, which traces and compiles.
    result = {"images_per_second": (len(images) - batch) / (times.ends[-1] - times.ends[0])}
else:
    sizes = {"lyricist_small": (2000, 64, 256), "lyricist": (7001, 256, 1024)}[args.model]
    model, batch = lyricist(*sizes)
    rng = np.random.default_rng(0)
    count = batch * (args.steps + 1)
    tokens = rng.integers(1, sizes[0], (count, 15))
    model.fit(tokens[:, :-1].astype(np.float32), tokens[:, 1:], batch_size=batch, epochs=1,
              shuffle=False, verbose=0, callbacks=[times])
    result = {"tokens_per_second": args.steps * batch * 14 / (times.ends[-1] - times.ends[0])}

result.update(model=args.model, backend=args.backend, keras=keras.__version__)
args.log.write_text(json.dumps(result) + "\n")
print(json.dumps(result))
