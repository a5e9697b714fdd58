#!/usr/bin/env python3
"""Writes runtime/test/data/callbacks/reference.json: what Keras 3's own
learning-rate schedules and callbacks do, for CallbacksTest.

Needs Keras 3 (pip install keras; the numpy backend is enough), not part of
the tests:
    KERAS_BACKEND=numpy python scripts/gen_callback_reference.py

schedules: the rate of steps 0..N of each schedule (keras.optimizers.
schedules.*, as the optimizer evaluates them at optimizer.iterations).
early_stopping: scripted epoch logs fed to keras.callbacks.EarlyStopping
on a stand-in model whose weights are the epoch's number: how many epochs
run, and the weights restore_best_weights leaves.
plateau: scripted logs fed to keras.callbacks.ReduceLROnPlateau: the rate
of each epoch (as logged) and after the last.
model_checkpoint: the epochs after which keras.callbacks.ModelCheckpoint
saves.
"""
import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "numpy")
import keras  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "runtime/test/data/callbacks/reference.json"

SCHEDULES = [
    ("exponential_decay", {"decay_steps": 7, "decay_rate": 0.5, "staircase": False}, 0.1),
    ("exponential_decay", {"decay_steps": 7, "decay_rate": 0.5, "staircase": True}, 0.1),
    ("exponential_decay", {"decay_steps": 1000, "decay_rate": 0.96, "staircase": False}, 0.003),
    ("cosine_decay", {"decay_steps": 30, "alpha": 0.0}, 0.01),
    ("cosine_decay", {"decay_steps": 30, "alpha": 0.1}, 0.5),
    ("piecewise_constant_decay", {"boundaries": [5, 12], "values": [0.1, 0.01, 0.001]}, 1.0),
]
STEPS = 40

LOSSES = [1.0, 0.8, 0.79, 0.795, 0.7, 0.71, 0.72, 0.69, 0.7, 0.71, 0.72, 0.73]
ACCURACIES = [0.5, 0.6, 0.61, 0.605, 0.7, 0.69, 0.7, 0.71, 0.7, 0.69, 0.68, 0.67]
EARLY_STOPPING = [
    {"monitor": "val_loss", "patience": 0, "min_delta": 0.0},
    {"monitor": "val_loss", "patience": 2, "min_delta": 0.0},
    {"monitor": "val_loss", "patience": 2, "min_delta": 0.02},
    {"monitor": "val_loss", "patience": 3, "min_delta": 0.0},
    {"monitor": "val_accuracy", "patience": 1, "min_delta": 0.0},
    {"monitor": "val_accuracy", "patience": 2, "min_delta": 0.005},
    {"monitor": "loss", "patience": 20, "min_delta": 0.0},
]
PLATEAU = [
    {"monitor": "val_loss", "factor": 0.5, "patience": 1, "min_delta": 0.0001, "cooldown": 0,
     "min_lr": 0.0},
    {"monitor": "val_loss", "factor": 0.1, "patience": 2, "min_delta": 0.0001, "cooldown": 1,
     "min_lr": 0.0},
    {"monitor": "val_accuracy", "factor": 0.3, "patience": 1, "min_delta": 0.005, "cooldown": 2,
     "min_lr": 0.002},
    {"monitor": "loss", "factor": 0.5, "patience": 0, "min_delta": 0.0, "cooldown": 0,
     "min_lr": 0.0},
]


class Optimizer:
    """The part of an optimizer ReduceLROnPlateau reads and sets: a float32 rate."""

    def __init__(self, rate):
        self._rate = np.float32(rate)

    @property
    def learning_rate(self):
        return self._rate

    @learning_rate.setter
    def learning_rate(self, value):
        self._rate = np.float32(value)


class Model:
    """A stand-in whose weights are the number of the epoch that left them."""

    def __init__(self, rate=0.01):
        self.stop_training = False
        self.weights = [np.array(-1.0)]
        self.optimizer = Optimizer(rate)
        self.metrics = []

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = [w.copy() for w in weights]


def logs_of(epoch):
    return {"loss": LOSSES[epoch], "val_loss": LOSSES[epoch] + 0.05,
            "accuracy": ACCURACIES[epoch], "val_accuracy": ACCURACIES[epoch] - 0.01}


def run_early_stopping(config, restore):
    model = Model()
    # mode 'auto' of a real model with the accuracy metric (whose direction
    # is up); the stand-in model has no metric objects to ask.
    mode = "max" if "accuracy" in config["monitor"] else "auto"
    callback = keras.callbacks.EarlyStopping(restore_best_weights=restore, mode=mode, **config)
    callback.set_model(model)
    callback.on_train_begin()
    epochs = 0
    for epoch in range(len(LOSSES)):
        model.weights = [np.array(float(epoch))]
        callback.on_epoch_end(epoch, logs_of(epoch))
        epochs = epoch + 1
        if model.stop_training:
            break
    callback.on_train_end()
    return {"epochs": epochs, "weights_epoch": int(model.weights[0])}


def run_plateau(config, rate):
    model = Model(rate)
    mode = "max" if "accuracy" in config["monitor"] else "auto"
    callback = keras.callbacks.ReduceLROnPlateau(mode=mode, **config)
    callback.set_model(model)
    callback.on_train_begin()
    rates = []
    for epoch in range(len(LOSSES)):
        logs = logs_of(epoch)
        callback.on_epoch_end(epoch, logs)
        rates.append(float(logs["learning_rate"]))
    rates.append(float(model.optimizer.learning_rate))
    return rates


CHECKPOINT = [
    {"monitor": "val_loss", "save_best_only": True},
    {"monitor": "val_accuracy", "save_best_only": True},
    {"monitor": "val_loss", "save_best_only": False},
]


def run_checkpoint(config):
    model = Model()
    saved = []
    model.save = lambda filepath, overwrite=True: saved.append(int(model.weights[0]))
    mode = "max" if "accuracy" in config["monitor"] else "auto"
    callback = keras.callbacks.ModelCheckpoint("/tmp/unused.keras", mode=mode, **config)
    callback.set_model(model)
    callback.on_train_begin()
    for epoch in range(len(LOSSES)):
        model.weights = [np.array(float(epoch))]
        callback.on_epoch_end(epoch, logs_of(epoch))
    return saved


def main():
    reference = {"losses": LOSSES, "accuracies": ACCURACIES, "schedules": [],
                 "early_stopping": [], "plateau": []}
    for name, args, rate in SCHEDULES:
        cls = {"exponential_decay": keras.optimizers.schedules.ExponentialDecay,
               "cosine_decay": keras.optimizers.schedules.CosineDecay,
               "piecewise_constant_decay": keras.optimizers.schedules.PiecewiseConstantDecay}[name]
        schedule = cls(**args) if name == "piecewise_constant_decay" else cls(rate, **args)
        rates = [float(np.float32(schedule(step))) for step in range(STEPS)]
        reference["schedules"].append({"name": name, "args": args, "rate": rate, "rates": rates})
    for config in EARLY_STOPPING:
        for restore in (False, True):
            result = run_early_stopping(config, restore)
            reference["early_stopping"].append(dict(config, restore_best_weights=restore, **result))
    for config in PLATEAU:
        reference["plateau"].append(dict(config, rate=0.01, rates=run_plateau(config, 0.01)))
    reference["model_checkpoint"] = [dict(config, saved_epochs=run_checkpoint(config))
                                     for config in CHECKPOINT]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(reference, indent=1) + "\n")
    print(f"wrote {OUT} (keras {keras.__version__})")


if __name__ == "__main__":
    main()
