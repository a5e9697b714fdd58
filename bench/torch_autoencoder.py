#!/usr/bin/python3
"""The autoencoders of examples/ in PyTorch (CPU), trained as `exe train` does.

    /usr/bin/python3 bench/torch_autoencoder.py [--model autoencoder]
        [--data /usr/share/datasets/fashion-mnist] [--epochs 1] [--batch 256]
        [--threads 2] [--seed 0] [--limit N] [--validation-limit N]
        [--no-shuffle] [--init weights.safetensors] [--log metrics.jsonl]

The baseline of bench/train_autoencoder.sh and bench/compare_50_epochs.sh, and
the source of the loss threshold of test/e2e/train/autoencoder_short.test. The
same model and settings as the .nn file's train block: Keras initialization
(glorot-uniform kernels, zero biases), binary cross-entropy on probabilities
clipped to [1e-7, 1 - 1e-7] as Keras does, Adadelta with learning rate 1.0,
rho 0.95 and Keras's epsilon 1e-7 (torch's default would be 1e-6), batch 256,
shuffled each epoch, validation on the test split. Pixels are bytes / 255.
PyTorch's native NCHW layout is used (its fastest on CPU); 'same' 3x3
convolutions pad 1 on each side and the 'same' 2x2 pool of 7 rows rounds up
(ceil_mode), which is exactly Keras's arithmetic for these sizes.

--init starts from the weights `exe init` wrote (Keras layouts, converted),
so that both frameworks start from the same point.

Prints one line per epoch and appends JSON lines (epoch, loss, val_loss,
seconds, images_per_second: training steps only, as `exe train` counts them)
to --log.
"""

import argparse
import gzip
import json
import struct
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from compare_safetensors import read_safetensors  # noqa: E402

KERAS_EPSILON = 1e-7


def read_idx_images(path, limit=None):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 2051:
            raise SystemExit(f"{path}: not an IDX image file")
        count = count if limit is None else min(count, limit)
        data = np.frombuffer(f.read(count * rows * cols), np.uint8)
    # Kept as bytes (like the nnc runtime); batches are converted when used.
    return torch.from_numpy(data.reshape(count, 1, rows, cols).copy())


def find(directory, stem):
    for name in (stem, stem + ".gz"):
        if (Path(directory) / name).exists():
            return Path(directory) / name
    raise SystemExit(f"{directory}: no {stem}[.gz]")


def autoencoder():
    """examples/autoencoder.nn (version A of the notes)."""
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),
        nn.Conv2d(16, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),
        nn.Conv2d(8, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),
        nn.Conv2d(4, 4, 3, padding=1), nn.ReLU(), nn.Upsample(scale_factor=2),
        nn.Conv2d(4, 8, 3, padding=1), nn.ReLU(), nn.Upsample(scale_factor=2),
        nn.Conv2d(8, 16, 3), nn.ReLU(), nn.Upsample(scale_factor=2),
        nn.Conv2d(16, 1, 3, padding=1), nn.Sigmoid())


def autoencoder_transpose():
    """examples/autoencoder_transpose.nn (version B)."""
    return nn.Sequential(
        nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 4, 3), nn.ReLU(),
        nn.ConvTranspose2d(4, 4, 2, stride=2), nn.ReLU(),
        nn.ConvTranspose2d(4, 8, 2, stride=2), nn.ReLU(),
        nn.ConvTranspose2d(8, 16, 3), nn.ReLU(),
        nn.ConvTranspose2d(16, 1, 2, stride=2), nn.Sigmoid())


MODELS = {"autoencoder": autoencoder, "autoencoder_transpose": autoencoder_transpose}


def keras_init(model):
    for layer in model.modules():
        if isinstance(layer, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.xavier_uniform_(layer.weight)  # Keras's fans for both kinds
            nn.init.zeros_(layer.bias)


def load_keras_weights(model, path):
    """nnc's names (conv2d_1, conv2d_transpose_1, ... in model order) and
    Keras layouts (kernels [kh, kw, in, out], or [kh, kw, out, in] for the
    transposed ones) into the torch modules, whose kernels are [out, in, kh,
    kw] ([in, out, kh, kw] transposed): the same permutation for both."""
    tensors = read_safetensors(path)
    counts = {}
    for layer in model.modules():
        if isinstance(layer, (nn.Conv2d, nn.ConvTranspose2d)):
            kind = "conv2d_transpose" if isinstance(layer, nn.ConvTranspose2d) else "conv2d"
            counts[kind] = counts.get(kind, 0) + 1
            name = f"{kind}_{counts[kind]}"
            kernel = torch.tensor(tensors.pop(f"{name}.kernel")).permute(3, 2, 0, 1)
            if kernel.shape != layer.weight.shape:
                raise SystemExit(f"{path}: {name}.kernel does not fit {layer}")
            with torch.no_grad():
                layer.weight.copy_(kernel)
                layer.bias.copy_(torch.tensor(tensors.pop(f"{name}.bias")))
    if tensors:
        raise SystemExit(f"{path}: tensors the model does not have: {sorted(tensors)}")


def bce(pred, target):
    p = torch.clamp(pred, KERAS_EPSILON, 1.0 - KERAS_EPSILON)
    return -torch.mean(target * torch.log(p) + (1.0 - target) * torch.log(1.0 - p))


def evaluate(model, images, batch):
    total = 0.0
    with torch.no_grad():
        for first in range(0, len(images), batch):
            x = images[first:first + batch].float() / 255.0
            total += bce(model(x), x).item() * len(x)
    return total / max(len(images), 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(MODELS), default="autoencoder")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--lr", type=float, default=1.0)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--validation-limit", type=int)
    parser.add_argument("--no-shuffle", action="store_true")
    parser.add_argument("--init", help="initial weights written by `exe init`")
    parser.add_argument("--log")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train = read_idx_images(find(args.data, "train-images-idx3-ubyte"), args.limit)
    test = read_idx_images(find(args.data, "t10k-images-idx3-ubyte"), args.validation_limit)
    model = MODELS[args.model]()
    keras_init(model)
    if args.init:
        load_keras_weights(model, args.init)
    optimizer = torch.optim.Adadelta(model.parameters(), lr=args.lr, rho=0.95, eps=KERAS_EPSILON)
    steps = -(-len(train) // args.batch)  # the last partial batch is kept, as in Keras
    print(f"torch {torch.__version__}: {args.model}, {len(train)} training and {len(test)} "
          f"validation images, batch {args.batch}, {args.threads} threads", flush=True)

    for epoch in range(1, args.epochs + 1):
        order = (torch.arange(len(train)) if args.no_shuffle
                 else torch.randperm(len(train)))
        start = time.perf_counter()
        total = 0.0
        model.train()
        for step in range(steps):
            x = train[order[step * args.batch:(step + 1) * args.batch]].float() / 255.0
            loss = bce(model(x), x)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
        train_seconds = time.perf_counter() - start
        model.eval()
        val_loss = evaluate(model, test, args.batch) if len(test) else None
        seconds = time.perf_counter() - start
        metrics = {"epoch": epoch, "loss": total / len(train), "val_loss": val_loss,
                   "seconds": seconds, "images_per_second": len(train) / train_seconds}
        print(f"Epoch {epoch}/{args.epochs}  {seconds:.1f}s  loss {metrics['loss']:.4f}"
              + (f"  val_loss {val_loss:.4f}" if val_loss is not None else "")
              + f"  {metrics['images_per_second']:.0f} images/s", flush=True)
        if args.log:
            with open(args.log, "a") as log:
                log.write(json.dumps(metrics) + "\n")


if __name__ == "__main__":
    main()
