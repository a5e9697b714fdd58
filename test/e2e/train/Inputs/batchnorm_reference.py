#!/usr/bin/python3
"""Checks a BatchNormalization model trained by nnc (test/e2e/train/
batchnorm_moving_statistics.nn): `image -> batchnorm -> flatten -> dense`.

    batchnorm_reference.py --checkpoint CKPT --data DIR --momentum M --epsilon E
        --batch B --steps S --predicted LOGITS.npy --log METRICS.jsonl

1. The moving statistics in CKPT are Keras's update replayed in float64 over
   the S training batches of B images in file order (shuffle = false), from
   Keras's initial moving mean 0 and variance 1: per step, with the batch's
   mean and biased variance over all of it (one channel),
   moving = moving * M + batch * (1 - M).
2. LOGITS (`exe predict` on the test images) equal the model in inference
   mode computed here from CKPT's weights: (x - moving_mean) /
   sqrt(moving_variance + E) * gamma + beta, then the dense layer.
3. The last epoch's val_loss in the log is the mean sparse categorical
   cross-entropy of those logits against the test labels.
4. gamma and beta were trained (they left Keras's initial 1 and 0).
Exits 1 with a message on the first failed check.
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "scripts"))
from compare_safetensors import read_safetensors  # noqa: E402
from optimizer_reference import read_idx  # noqa: E402  (this folder's IDX reader)

RTOL = 1e-5


def close(name, got, want):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    if got.shape != want.shape or not np.allclose(got, want, rtol=RTOL, atol=1e-6):
        sys.exit(f"batchnorm_reference: {name}: nnc {got.ravel()[:6]}, expected "
                 f"{want.ravel()[:6]} (rtol {RTOL})")


def main():
    parser = argparse.ArgumentParser()
    for flag in ("--checkpoint", "--data", "--predicted", "--log"):
        parser.add_argument(flag, required=True)
    for flag in ("--momentum", "--epsilon"):
        parser.add_argument(flag, type=float, required=True)
    for flag in ("--batch", "--steps"):
        parser.add_argument(flag, type=int, required=True)
    args = parser.parse_args()
    data = Path(args.data)
    weights = read_safetensors(args.checkpoint)

    train = read_idx(data, "train-images-idx3-ubyte").astype(np.float64) / 255.0
    mean, variance = 0.0, 1.0
    batches = len(train) // args.batch
    for step in range(args.steps):
        batch = train[(step % batches) * args.batch:][:args.batch]
        mean = mean * args.momentum + batch.mean() * (1 - args.momentum)
        variance = variance * args.momentum + batch.var() * (1 - args.momentum)
    close("batchnorm_1.moving_mean", weights["batchnorm_1.moving_mean"], [mean])
    close("batchnorm_1.moving_variance", weights["batchnorm_1.moving_variance"], [variance])

    test = read_idx(data, "t10k-images-idx3-ubyte").astype(np.float64) / 255.0
    gamma, beta = weights["batchnorm_1.gamma"], weights["batchnorm_1.beta"]
    if np.allclose(gamma, 1) or np.allclose(beta, 0):
        sys.exit(f"batchnorm_reference: gamma {gamma} and beta {beta} were not trained")
    normalized = ((test - weights["batchnorm_1.moving_mean"])
                  / np.sqrt(weights["batchnorm_1.moving_variance"] + args.epsilon)
                  * gamma + beta)
    logits = normalized.reshape(len(test), -1) @ weights["dense_1.kernel"] + weights["dense_1.bias"]
    close("predict", np.load(args.predicted), logits)

    labels = read_idx(data, "t10k-labels-idx1-ubyte").astype(np.int64)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_softmax[np.arange(len(labels)), labels].mean()
    with open(args.log) as f:
        val_loss = [json.loads(line)["val_loss"] for line in f if line.strip()][-1]
    close("val_loss", val_loss, loss)
    print(f"batchnorm_reference: moving mean {mean:.6f}, variance {variance:.6f}; "
          f"predict and val_loss {loss:.6f} in inference mode")


if __name__ == "__main__":
    main()
