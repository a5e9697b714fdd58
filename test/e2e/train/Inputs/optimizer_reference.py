#!/usr/bin/python3
"""Reference training run of a one-dense-layer model, for the optimizer tests.

    optimizer_reference.py MODEL.nn --init INIT.safetensors --data DIR
        --output EXPECTED.safetensors [--log METRICS.jsonl] [--rtol R --atol A]

Reads the model and its train block from MODEL.nn (the chain must be
`flatten()`, one `dense`, and optionally a `reshape` back to the input shape),
the initial weights written by `exe init` and the IDX folder, and replays what
`exe train` must do with shuffle = false: epochs x (samples / batch) steps in
file order. It writes the parameters and optimizer state after the last step
(names as in the checkpoint: `dense_1.kernel`, `optimizer/dense_1.kernel.m`)
and, with --log, checks the `loss` and `val_loss` of every epoch in the
metrics log of the run.

The reference is computed in float64, and where PyTorch is installed a second
time, the two agreeing to 1e-10 (without PyTorch the NumPy replay alone is the
reference; its formulas were cross-checked when this test was written):
  * NumPy: the dense layer's gradients written out by hand and the Keras 2
    (tf.keras optimizer_v2) update formulas of the design, slot by slot;
  * PyTorch: autograd through gen_reference.py's layers and
    gen_grad_reference.py's losses, updated by torch.optim, whose formulas
    coincide with Keras's once mapped: SGD's buffer is Keras's velocity
    divided by -lr; Adam puts epsilon outside the bias correction, so each
    step runs with eps / sqrt(1 - beta_2^t), which makes the two identical;
    Adadelta is identical given Keras's epsilon (torch's default differs);
    RMSprop's momentum buffer is Keras's `mom` divided by lr.
The same NumPy replay in float32 must stay within a tenth of the tolerance,
or this script says that the tolerance, not nnc, is at fault (exit 2).
"""

import argparse
import gzip
import json
import math
import re
import struct
import sys
from pathlib import Path

import numpy as np

try:  # the cross-check with torch.optim runs where PyTorch is installed
    import torch
except ImportError:
    torch = None

SCRIPTS = Path(__file__).resolve().parents[4] / "scripts"
sys.path.insert(0, str(SCRIPTS))
import gen_reference as ref  # noqa: E402
import gen_grad_reference as grad_ref  # noqa: E402
from compare_safetensors import read_safetensors  # noqa: E402  (skips __metadata__)

KERAS_DEFAULTS = {
    "sgd": {"learning_rate": 0.01, "momentum": 0.0, "nesterov": False},
    "adam": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},
    "adadelta": {"learning_rate": 0.001, "rho": 0.95, "epsilon": 1e-7},
    "rmsprop": {"learning_rate": 0.001, "rho": 0.9, "momentum": 0.0, "epsilon": 1e-7},
}
SLOTS = {"sgd": ("velocity",), "adam": ("m", "v"), "adadelta": ("accum_grad", "accum_var"),
         "rmsprop": ("ms", "mom")}


class Failure(Exception):
    pass


# ===----------------------------------------------------------------------=== #
# Inputs
# ===----------------------------------------------------------------------=== #

def parse_train_block(text):
    block = re.search(r"\btrain\s*\{(.*?)\}", text, re.S)
    if not block:
        raise Failure("the model has no train block")
    settings = {}
    for line in block.group(1).splitlines():
        line = line.split("#")[0].strip()
        if line:
            key, value = (s.strip() for s in line.split("=", 1))
            settings[key] = value

    def call(value):
        match = re.fullmatch(r"(\w+)\s*(?:\((.*)\))?", value)
        args = {}
        for item in filter(None, (s.strip() for s in (match.group(2) or "").split(","))):
            k, v = (s.strip() for s in item.split("="))
            args[k] = {"true": True, "false": False}.get(v, v)
            if isinstance(args[k], str):
                args[k] = float(args[k])
        return match.group(1), args

    loss, loss_args = call(settings["loss"])
    optimizer, args = call(settings["optimizer"])
    hyper = dict(KERAS_DEFAULTS[optimizer])
    hyper.update(args)
    if settings.get("shuffle") != "false":
        raise Failure("the reference replays file order: the model needs shuffle = false")
    return {"loss": loss, "from_logits": bool(loss_args.get("from_logits", False)),
            "optimizer": optimizer, "hyper": hyper, "epochs": int(settings["epochs"]),
            "batch": int(settings["batch"]), "target": settings.get("target", "labels")}


def read_idx(directory, stem):
    for path in (directory / stem, directory / (stem + ".gz")):
        if path.exists():
            raw = (gzip.open if path.suffix == ".gz" else open)(path, "rb").read()
            dims = raw[3]
            shape = struct.unpack(f">{dims}I", raw[4:4 + 4 * dims])
            return np.frombuffer(raw[4 + 4 * dims:], np.uint8).reshape(shape)
    raise Failure(f"{directory}: no {stem}[.gz]")


def load_split(directory, prefix):
    images = read_idx(directory, f"{prefix}-images-idx3-ubyte")
    x = (images.astype(np.float32) / np.float32(255)).reshape(len(images), -1)
    labels = read_idx(directory, f"{prefix}-labels-idx1-ubyte").astype(np.int64)
    return x, labels


# ===----------------------------------------------------------------------=== #
# NumPy: hand-written gradients and the Keras 2 update formulas
# ===----------------------------------------------------------------------=== #

def activation(name, z):
    if name == "linear":
        return z, np.ones_like(z)
    if name == "sigmoid":
        y = 1 / (1 + np.exp(-z))
        return y, y * (1 - y)
    if name == "tanh":
        y = np.tanh(z)
        return y, 1 - y * y
    if name == "relu":
        return np.maximum(z, 0), (z > 0).astype(z.dtype)
    raise Failure(f"no reference for activation {name}")


def numpy_loss_and_gradients(config, act, params, x, labels):
    """(loss, {param: gradient}) of the mean loss over the batch."""
    kernel, bias = params["dense_1.kernel"], params["dense_1.bias"]
    z = x @ kernel + bias
    y, dact = activation(act, z)
    loss, from_logits = config["loss"], config["from_logits"]
    one = z.dtype.type(1)
    if loss == "sparse_categorical_crossentropy" and from_logits and act == "linear":
        shifted = z - z.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        log_softmax = shifted - np.log(e.sum(axis=1, keepdims=True))
        value = -np.mean(log_softmax[np.arange(len(x)), labels])
        dz = e / e.sum(axis=1, keepdims=True)
        dz[np.arange(len(x)), labels] -= one
        dz /= len(x)
    else:
        target = x  # target = input: the dense output is reshaped back to it
        if loss == "mean_squared_error":
            value = np.mean((y - target) ** 2)
            dy = 2 * (y - target) / y.size
        elif loss == "binary_crossentropy" and not from_logits:
            eps = z.dtype.type(1e-7)
            p = np.clip(y, eps, one - eps)
            value = -np.mean(target * np.log(p) + (one - target) * np.log(one - p))
            dy = np.where((y > eps) & (y < one - eps),
                          (-target / p + (one - target) / (one - p)) / y.size, 0)
        else:
            raise Failure(f"no NumPy reference for {loss} (from_logits={from_logits})")
        dz = dy * dact
    return value, {"dense_1.kernel": x.T @ dz, "dense_1.bias": dz.sum(axis=0)}


def keras_update(optimizer, h, p, g, state, iteration):
    """One Keras 2 step: returns the new parameter and state slots."""
    lr = h["learning_rate"]
    if optimizer == "sgd":
        (v,) = state
        v = h["momentum"] * v - lr * g
        p = p + h["momentum"] * v - lr * g if h["nesterov"] else p + v
        return p, (v,)
    if optimizer == "adam":
        m, v = state
        b1, b2 = h["beta_1"], h["beta_2"]
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        lr_t = lr * math.sqrt(1 - b2 ** iteration) / (1 - b1 ** iteration)
        return p - lr_t * m / (np.sqrt(v) + h["epsilon"]), (m, v)
    if optimizer == "adadelta":
        ag, av = state
        rho, eps = h["rho"], h["epsilon"]
        ag = rho * ag + (1 - rho) * g * g
        update = g * np.sqrt(av + eps) / np.sqrt(ag + eps)
        av = rho * av + (1 - rho) * update * update
        return p - lr * update, (ag, av)
    if optimizer == "rmsprop":
        ms, mom = state
        rho, eps, momentum = h["rho"], h["epsilon"], h["momentum"]
        ms = rho * ms + (1 - rho) * g * g
        if momentum > 0:
            mom = momentum * mom + lr * g / (np.sqrt(ms) + eps)
            return p - mom, (ms, mom)
        return p - lr * g / (np.sqrt(ms) + eps), (ms, mom)
    raise Failure(f"unknown optimizer {optimizer}")


def numpy_training(config, act, init, train, validation, dtype):
    """Replays the run; returns params, state and per-epoch (loss, val_loss)."""
    params = {k: v.astype(dtype) for k, v in init.items()}
    state = {k: tuple(np.zeros_like(v) for _ in SLOTS[config["optimizer"]])
             for k, v in params.items()}
    hyper = {k: (dtype(v) if isinstance(v, float) else v) for k, v in config["hyper"].items()}
    x_all, labels_all = train[0].astype(dtype), train[1]
    batch, iteration, history = config["batch"], 0, []
    for _ in range(config["epochs"]):
        total = 0.0
        for first in range(0, len(x_all), batch):
            x, labels = x_all[first:first + batch], labels_all[first:first + batch]
            loss, grads = numpy_loss_and_gradients(config, act, params, x, labels)
            total += float(loss) * len(x)
            iteration += 1
            for name in params:
                params[name], state[name] = keras_update(config["optimizer"], hyper, params[name],
                                                         grads[name], state[name], iteration)
        val_loss, _ = numpy_loss_and_gradients(config, act, params,
                                               validation[0].astype(dtype), validation[1])
        history.append((total / len(x_all), float(val_loss)))
    return params, state, history


# ===----------------------------------------------------------------------=== #
# PyTorch: autograd + torch.optim
# ===----------------------------------------------------------------------=== #

def torch_training(config, model, init, train, input_shape):
    variables = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True)
                 for k, v in init.items()}
    names = sorted(variables)
    h, opt = config["hyper"], config["optimizer"]
    lr = h["learning_rate"]
    if opt == "sgd":
        optimizer = torch.optim.SGD([variables[n] for n in names], lr=lr, momentum=h["momentum"],
                                    nesterov=h["nesterov"])
    elif opt == "adam":
        optimizer = torch.optim.Adam([variables[n] for n in names], lr=lr,
                                     betas=(h["beta_1"], h["beta_2"]), eps=h["epsilon"])
    elif opt == "adadelta":
        optimizer = torch.optim.Adadelta([variables[n] for n in names], lr=lr, rho=h["rho"],
                                         eps=h["epsilon"])
    else:
        optimizer = torch.optim.RMSprop([variables[n] for n in names], lr=lr, alpha=h["rho"],
                                        eps=h["epsilon"], momentum=h["momentum"])
    x_all, labels_all = train
    iteration = 0
    for _ in range(config["epochs"]):
        for first in range(0, len(x_all), config["batch"]):
            x = torch.from_numpy(x_all[first:first + config["batch"]]).double()
            values = {model.inputs[0][0]: x.reshape((len(x),) + input_shape)}
            for name, call in model.statements:
                weights = {key: variables[f"{name}.{key}"] for key in ("kernel", "bias")
                           if f"{name}.{key}" in variables}
                values[name] = ref.torch_layer(call, [values[i] for i in call.inputs], weights)
            (output,) = model.outputs
            if config["target"] == "input":
                target = values[model.inputs[0][0]]
            else:
                target = torch.from_numpy(labels_all[first:first + config["batch"]]).double()
            loss = grad_ref.torch_loss(config["loss"], config["from_logits"], values[output],
                                       target)
            optimizer.zero_grad()
            loss.backward()
            iteration += 1
            if opt == "adam":  # Keras's epsilon, moved outside the bias correction
                optimizer.param_groups[0]["eps"] = h["epsilon"] / math.sqrt(
                    1 - h["beta_2"] ** iteration)
            optimizer.step()
    params = {n: variables[n].detach().numpy() for n in names}
    state = {}
    for n in names:
        s = optimizer.state[variables[n]]
        if opt == "sgd":
            # torch keeps no buffer without momentum; Keras's velocity is then -lr * g.
            buffer = (s["momentum_buffer"] if h["momentum"] > 0 else variables[n].grad)
            state[n] = (-lr * buffer.numpy(),)
        elif opt == "adam":
            state[n] = (s["exp_avg"].numpy(), s["exp_avg_sq"].numpy())
        elif opt == "adadelta":
            state[n] = (s["square_avg"].numpy(), s["acc_delta"].numpy())
        else:
            mom = (lr * s["momentum_buffer"].numpy() if h["momentum"] > 0
                   else np.zeros_like(params[n]))
            state[n] = (s["square_avg"].numpy(), mom)
    return params, state


# ===----------------------------------------------------------------------=== #

def flatten_state(params, state, optimizer):
    tensors = dict(params)
    for name, slots in state.items():
        for slot, value in zip(SLOTS[optimizer], slots):
            tensors[f"optimizer/{name}.{slot}"] = value
    return tensors


def worst_ratio(got, want, rtol, atol):
    return max(float(np.max(np.abs(np.asarray(got[k], np.float64) - want[k])
                            / (atol + rtol * np.abs(want[k])))) for k in want)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--init", required=True)
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--output", required=True)
    parser.add_argument("--log")
    parser.add_argument("--rtol", type=float, default=1e-4)
    parser.add_argument("--atol", type=float, default=1e-6)
    args = parser.parse_args()
    text = Path(args.model).read_text()
    config = parse_train_block(text)
    model = ref.Parser(text, args.model).parse_module()[0]
    kinds = [call.kind for _, call in model.statements]
    if kinds not in (["flatten", "dense"], ["flatten", "dense", "reshape"]):
        raise Failure(f"the reference knows flatten, dense[, reshape]; the model has {kinds}")
    act = model.statements[1][1].args["activation"]
    init = {k: v.astype(np.float64) for k, v in read_safetensors(args.init).items()}
    if sorted(init) != ["dense_1.bias", "dense_1.kernel"]:
        raise Failure(f"{args.init}: expected dense_1.kernel and dense_1.bias, got {sorted(init)}")
    train = load_split(args.data, "train")
    validation = load_split(args.data, "t10k")
    if len(train[0]) % config["batch"]:
        raise Failure("the batch must divide the number of training samples")

    params, state, history = numpy_training(config, act, init, train, validation, np.float64)
    expected = flatten_state(params, state, config["optimizer"])

    if torch is not None:
        torch.set_num_threads(1)
        torch_params, torch_state = torch_training(config, model, init, train,
                                                   model.inputs[0][1])
        cross = flatten_state(torch_params, torch_state, config["optimizer"])
        disagreement = worst_ratio(cross, expected, 1e-10, 1e-12)
        if disagreement > 1:
            raise Failure(f"NumPy (Keras formulas) and torch.optim disagree "
                          f"({disagreement:.3g} times 1e-10): the reference itself is wrong")
        cross_checked = "NumPy and torch.optim agree"
    else:
        cross_checked = "no PyTorch here, NumPy only"

    p32, s32, h32 = numpy_training(config, act, init, train, validation, np.float32)
    rounding = worst_ratio(flatten_state(p32, s32, config["optimizer"]), expected,
                           args.rtol, args.atol)
    if rounding > 0.1:
        print(f"optimizer_reference: float32 rounding alone uses {rounding:.0%} of the "
              f"tolerance (rtol {args.rtol:g}, atol {args.atol:g}): loosen it", file=sys.stderr)
        return 2

    ref.write_safetensors(args.output, expected)
    print(f"optimizer_reference: {config['optimizer']} {config['hyper']}, "
          f"{config['epochs']} epochs of {len(train[0]) // config['batch']} steps; "
          f"{cross_checked}, float32 uses {rounding:.1%} of the tolerance")
    for epoch, (loss, val_loss) in enumerate(history, 1):
        print(f"  epoch {epoch}: loss {loss:.7f}  val_loss {val_loss:.7f}")

    if args.log:
        lines = [json.loads(line) for line in Path(args.log).read_text().splitlines() if line]
        if [line["epoch"] for line in lines] != list(range(1, len(history) + 1)):
            raise Failure(f"{args.log}: epochs {[line['epoch'] for line in lines]}, expected "
                          f"1..{len(history)}")
        for line, (loss, val_loss) in zip(lines, history):
            for key, want in (("loss", loss), ("val_loss", val_loss)):
                got = line[key]
                if got is None or not abs(got - want) <= args.atol + args.rtol * abs(want):
                    raise Failure(f"{args.log}: epoch {line['epoch']} {key} {got}, "
                                  f"reference {want:.7f}")
        print(f"  {args.log}: loss and val_loss of every epoch match")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as error:
        sys.exit(f"optimizer_reference: error: {error}")
