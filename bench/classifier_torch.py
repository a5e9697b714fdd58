#!/usr/bin/python3
"""nnc's classifiers in PyTorch (CPU), trained as `exe train` does.

    /usr/bin/python3 bench/classifier_torch.py [--model tiny|classifier]
        [--data /usr/share/datasets/fashion-mnist] [--epochs 2] [--batch 32]
        [--lr 0.003] [--threads 2] [--seed 0] [--limit N] [--validation-limit N]
        [--log metrics.jsonl]

The baseline of bench/classifier.sh. Two models, each as its .nn file has it:
- tiny (test/e2e/classify/Inputs/tiny_classifier.nn, the source of the
  accuracy threshold of test/e2e/classify/tiny_classifier.test): flatten,
  dense(10) with softmax; sparse categorical cross-entropy of probabilities
  clipped to [1e-7, 1 - 1e-7] as Keras does.
- classifier (examples/classifier.nn; use --batch 128 --lr 0.001): conv 3x3
  32 relu, max-pool 2, conv 3x3 64 relu, max-pool 2, dense 128 relu, dense 10
  logits; the cross-entropy from logits.
Both: Keras initialization (glorot-uniform kernels with Keras's fans, zero
biases), Adam (beta 0.9/0.999, Keras's epsilon 1e-7), shuffled each epoch,
validation on the test split. Pixels are bytes / 255.

Prints one line per epoch and appends JSON lines (epoch, loss, val_loss,
accuracy, val_accuracy, seconds, images_per_second: training steps only, as
`exe train` counts them) to --log.
"""

import argparse
import gzip
import json
import struct
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

KERAS_EPSILON = 1e-7


def find(directory, stem):
    for name in (stem, stem + ".gz"):
        if (Path(directory) / name).exists():
            return Path(directory) / name
    raise SystemExit(f"{directory}: no {stem}[.gz]")


def read_idx(path, limit):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = magic & 0xFF
        shape = struct.unpack(">" + "I" * dims, f.read(4 * dims))
        count = shape[0] if limit is None else min(shape[0], limit)
        size = int(np.prod(shape[1:], dtype=np.int64))
        data = np.frombuffer(f.read(count * size), np.uint8)
    return torch.from_numpy(data.reshape((count,) + tuple(shape[1:])).copy())


def keras_init(layer):
    """glorot_uniform with Keras's fans (receptive field x channels), zero bias."""
    receptive = layer.weight[0, 0].numel()
    fan_in, fan_out = layer.weight.shape[1] * receptive, layer.weight.shape[0] * receptive
    limit = (6.0 / (fan_in + fan_out)) ** 0.5
    nn.init.uniform_(layer.weight, -limit, limit)
    nn.init.zeros_(layer.bias)
    return layer


def tiny_model():
    return nn.Sequential(nn.Flatten(), keras_init(nn.Linear(784, 10)), nn.Softmax(dim=1))


def classifier_model():
    # NCHW here, NHWC in nnc: flatten orders features differently, which only
    # permutes dense_1's rows (same function class, same initial distribution).
    return nn.Sequential(
        keras_init(nn.Conv2d(1, 32, 3)), nn.ReLU(), nn.MaxPool2d(2),
        keras_init(nn.Conv2d(32, 64, 3)), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), keras_init(nn.Linear(1600, 128)), nn.ReLU(),
        keras_init(nn.Linear(128, 10)))


def sparse_ce_probabilities(probabilities, labels):
    clipped = probabilities.clamp(KERAS_EPSILON, 1 - KERAS_EPSILON)
    return -torch.log(clipped.gather(1, labels[:, None])).mean()


MODELS = {
    # name: (builder, loss of its output)
    "tiny": (tiny_model, sparse_ce_probabilities),
    "classifier": (classifier_model, nn.functional.cross_entropy),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(MODELS), default="tiny")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.003)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--validation-limit", type=int)
    parser.add_argument("--log")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    images = read_idx(find(args.data, "train-images-idx3-ubyte"), args.limit)
    labels = read_idx(find(args.data, "train-labels-idx1-ubyte"), args.limit).long()
    test_images = read_idx(find(args.data, "t10k-images-idx3-ubyte"), args.validation_limit)
    test_labels = read_idx(find(args.data, "t10k-labels-idx1-ubyte"), args.validation_limit).long()
    build, sparse_ce = MODELS[args.model]
    net = build()
    if args.model == "classifier":  # images as [N, 1, 28, 28]
        images, test_images = images[:, None], test_images[:, None]
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr, eps=KERAS_EPSILON)

    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(len(images))
        loss_sum, correct = 0.0, 0
        for first in range(0, len(images), args.batch):
            rows = order[first:first + args.batch]
            x = images[rows].float() / 255.0
            y = labels[rows]
            probabilities = net(x)
            loss = sparse_ce(probabilities, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(rows)
            correct += (probabilities.argmax(1) == y).sum().item()
        train_seconds = time.perf_counter() - start
        with torch.no_grad():
            val_loss, val_correct = 0.0, 0
            for first in range(0, len(test_images), 256):
                x = test_images[first:first + 256].float() / 255.0
                y = test_labels[first:first + 256]
                p = net(x)
                val_loss += sparse_ce(p, y).item() * len(y)
                val_correct += (p.argmax(1) == y).sum().item()
        line = {
            "epoch": epoch,
            "loss": loss_sum / len(images),
            "val_loss": val_loss / len(test_images),
            "accuracy": correct / len(images),
            "val_accuracy": val_correct / len(test_images),
            "seconds": time.perf_counter() - start,
            "images_per_second": len(images) / train_seconds,
        }
        print(f"Epoch {epoch}/{args.epochs}  {train_seconds:.1f}s  loss {line['loss']:.4f}  "
              f"val_loss {line['val_loss']:.4f}  acc {line['accuracy']:.4f}  "
              f"val_acc {line['val_accuracy']:.4f}  {line['images_per_second']:.0f} images/s")
        if args.log:
            with open(args.log, "a") as f:
                f.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    main()
