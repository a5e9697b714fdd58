#!/usr/bin/python3
"""Regenerates every end-to-end reference fixture of nnc from scratch.

Run with the system Python, which has PyTorch and NumPy:

    /usr/bin/python3 scripts/gen_reference.py

For each op case below it writes a lit test `test/e2e/ops/<case>.nn` (RUN lines
plus the model) and `test/e2e/ops/Inputs/<case>/{weights.safetensors,
input.npy | input_<name>.npy, expected.npy}`; for the examples/ models it
writes `test/e2e/examples/<example>.test` and `test/e2e/examples/Inputs/...`.

How a reference is made trustworthy:
  * the model text is parsed here (a small reader of the .nn language) so the
    fixture is computed from the very file nnc compiles;
  * every layer is computed twice, in float64: with PyTorch (the reference that
    is stored) and with a direct NumPy transcription of the Keras formula
    (loops over windows, explicit 'same' padding arithmetic). Both get the same
    layer input and must agree to 1e-9, or the script stops;
  * each case also runs in float32 through PyTorch, and the script stops if
    that rounding alone uses more than a tenth of the tolerance written into
    the RUN line, so the tolerance is not tighter than float32 allows.

Weights and inputs are drawn from fixed seeds (one per case, from its name),
rounded to float32 and then widened, so the stored weights are exactly the
numbers the reference used. This script is the only way fixtures are made.
"""

import gzip
import json
import math
import re
import shutil
import struct
import sys
import zlib
from pathlib import Path

import numpy as np
try:  # PyTorch makes the references; the helpers (model reader, safetensors writer) need only NumPy.
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = F = None

ROOT = Path(__file__).resolve().parent.parent
OPS_DIR = ROOT / "test" / "e2e" / "ops"
EXAMPLES_TEST_DIR = ROOT / "test" / "e2e" / "examples"
FASHION_MNIST_TEST_IMAGES = Path(
    "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")

DEFAULT_RTOL = 1e-5
DEFAULT_ATOL = 1e-6
CROSS_CHECK_TOL = 1e-9  # torch vs NumPy, both float64, relative to max |value|


class ReferenceError(Exception):
    pass


# ===----------------------------------------------------------------------=== #
# Reading .nn files (the subset the fixtures use)
# ===----------------------------------------------------------------------=== #

TOKEN_RE = re.compile(r"""
    (?P<space>\s+|\#[^\n]*)
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)
  | (?P<ident>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<string>"[^"\n]*")
  | (?P<punct>[{}()\[\],:=])
""", re.VERBOSE)

# Mirror of compiler/Frontend/Layers.cpp: parameters in positional order,
# with defaults (None: required; "=pool": the value of parameter `pool`).
LAYER_PARAMS = {
    "dense": [("units", None), ("activation", "linear"), ("use_bias", True)],
    "conv2d": [("filters", None), ("kernel", None), ("strides", 1),
               ("padding", "valid"), ("dilation", 1), ("activation", "linear"),
               ("use_bias", True)],
    "conv1d": [("filters", None), ("kernel", None), ("strides", 1),
               ("padding", "valid"), ("dilation", 1), ("activation", "linear"),
               ("use_bias", True)],
    "conv2d_transpose": [("filters", None), ("kernel", None), ("strides", 1),
                         ("padding", "valid"), ("activation", "linear"),
                         ("use_bias", True)],
    "maxpool2d": [("pool", 2), ("strides", "=pool"), ("padding", "valid")],
    "minpool2d": [("pool", 2), ("strides", "=pool"), ("padding", "valid")],
    "avgpool2d": [("pool", 2), ("strides", "=pool"), ("padding", "valid")],
    "maxpool1d": [("pool", 2), ("strides", "=pool"), ("padding", "valid")],
    "avgpool1d": [("pool", 2), ("strides", "=pool"), ("padding", "valid")],
    "upsample2d": [("size", 2), ("mode", "nearest")],
    # pool names a maxpool2d value; the parser adds that pool's input as a
    # second input and copies its pool, strides and padding.
    "max_unpool2d": [("pool", None)],
    "flatten": [],
    "reshape": [("shape", None)],
    "squeeze": [("axis", -1)],
    "concat": [("axis", -1)],
    "zero_padding2d": [("padding", 1)], "cropping2d": [("cropping", 0)],
    "global_avgpool1d": [], "global_maxpool1d": [], "global_avgpool2d": [], "global_maxpool2d": [],
    # Keras's merge layers (subtract takes exactly two inputs).
    "add": [], "subtract": [], "multiply": [], "average": [], "maximum": [], "minimum": [],
    "softmax": [("axis", -1)],
    # Keras's BatchNormalization (the last axis only): moving statistics unless TRAINING_MODE.
    "batchnorm": [("axis", -1), ("momentum", 0.99), ("epsilon", 0.001), ("center", True),
                  ("scale", True)],
    # Keras's LayerNormalization (the last axis only).
    "layernorm": [("axis", -1), ("epsilon", 0.001), ("center", True), ("scale", True)],
    # Keras's Dropout, SpatialDropout1D/2D: the identity unless TRAINING_COUNTERS is set.
    "dropout": [("rate", None)], "spatial_dropout1d": [("rate", None)],
    "spatial_dropout2d": [("rate", None)],
    # Keras's LeakyReLU and ELU layer defaults, keras.activations.gelu's.
    "leaky_relu": [("negative_slope", 0.3)],
    "elu": [("alpha", 1.0)],
    "gelu": [("approximate", False)],
}
# The activations (the dialect's Activation enum, NNEnums.td, and `swish`);
# those without a row above are layers without parameters.
ACTIVATIONS = ("linear", "relu", "sigmoid", "tanh", "softmax", "leaky_relu", "elu",
               "selu", "gelu", "gelu_tanh", "silu", "softplus", "hard_sigmoid", "swish")
for _name in ACTIVATIONS:
    LAYER_PARAMS.setdefault(_name, [])
# keras.activations' defaults, for `activation=` (the layers' are above).
ACTIVATION_ALPHA = {"leaky_relu": 0.2, "elu": 1.0}
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
PARAM_ALIASES = {"kernel_size": "kernel", "pool_size": "pool",
                 "dilation_rate": "dilation", "target_shape": "shape",
                 "interpolation": "mode"}
LAYERS_WITH_WEIGHTS = ("dense", "conv1d", "conv2d", "conv2d_transpose", "batchnorm",
                       "layernorm")
# A layer's weights, by their Keras names; the last two are non-trainable
# (BatchNormalization's moving statistics: no gradient, updated by training).
WEIGHT_KEYS = ("kernel", "bias", "gamma", "beta", "moving_mean", "moving_variance")
NON_TRAINABLE_KEYS = ("moving_mean", "moving_variance")


class Call:
    def __init__(self, kind, name, inputs, args):
        self.kind, self.name, self.inputs, self.args = kind, name, inputs, args


class Model:
    def __init__(self, name):
        self.name = name
        self.inputs = []      # [(name, shape without batch)]
        self.statements = []  # [(value name, Call)] in evaluation order
        self.outputs = []     # value names


class Parser:
    def __init__(self, text, filename):
        self.filename = filename
        self.tokens = []
        pos = 0
        while pos < len(text):
            match = TOKEN_RE.match(text, pos)
            if not match:
                self.fail(f"unexpected character {text[pos]!r}", pos, text)
            if match.lastgroup != "space":
                self.tokens.append((match.lastgroup, match.group(), pos))
            pos = match.end()
        self.tokens.append(("eof", "", len(text)))
        self.text = text
        self.index = 0

    def fail(self, message, pos=None, text=None):
        text = self.text if text is None else text
        pos = self.tokens[self.index][2] if pos is None else pos
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        raise ReferenceError(f"{self.filename}:{line}:{col}: {message}")

    def peek(self, ahead=0):
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def take(self, kind=None, value=None):
        token = self.peek()
        if (kind and token[0] != kind) or (value and token[1] != value):
            self.fail(f"expected {value or kind}, found {token[1]!r}")
        self.index += 1
        return token[1]

    def parse_module(self):
        models = []
        while self.peek()[0] != "eof":
            models.append(self.parse_model())
        return models

    def parse_model(self):
        self.take("ident", "model")
        model = Model(self.take("ident"))
        self.take("punct", "{")
        self.counters = {}
        self.model = model
        previous = None
        while self.peek()[1] != "}":
            kind, word, _ = self.peek()
            if word == "input" and self.peek(1)[0] == "ident":
                self.take()
                name = self.take("ident")
                self.take("punct", ":")
                if self.take("ident") != "f32":
                    self.fail("only f32 inputs are supported here")
                model.inputs.append((name, tuple(self.parse_literal())))
                previous = name
            elif word == "train" and self.peek(1)[1] == "{":
                self.skip_block()
            elif word == "output":
                self.take()
                name = self.take("ident")
                if self.peek()[1] == "=":
                    self.take()
                    self.parse_expr(previous, name)
                model.outputs.append(name)
                previous = name
            elif kind == "ident" and self.peek(1)[1] == "=":
                name = self.take()
                self.take()
                previous = self.parse_expr(previous, name)
            elif kind == "ident":
                previous = self.parse_call(previous, None)
            else:
                self.fail(f"unexpected {word!r}")
        self.take("punct", "}")
        if not model.outputs:
            # The last value is the output, named `output`.
            model.outputs.append(previous)
            model.default_output = True
        else:
            model.default_output = False
        return model

    def skip_block(self):
        self.take()
        self.take("punct", "{")
        depth = 1
        while depth:
            word = self.take()
            depth += {"{": 1, "}": -1}.get(word, 0)

    def parse_expr(self, previous, assigned):
        if self.peek(1)[1] == "(":
            return self.parse_call(previous, assigned)
        name = self.take("ident")
        if assigned:
            self.model.statements.append((assigned, Call("identity", assigned, [name], {})))
            return assigned
        return name

    def parse_call(self, chain_input, assigned):
        kind = self.take("ident")
        if kind not in LAYER_PARAMS:
            self.fail(f"unknown layer {kind!r}")
        if assigned is None:
            self.counters[kind] = self.counters.get(kind, 0) + 1
            name = f"{kind}_{self.counters[kind]}"
        else:
            name = assigned
        self.take("punct", "(")
        inputs, positional, named = [], [], {}
        while self.peek()[1] != ")":
            token_kind, word, _ = self.peek()
            if token_kind == "ident" and self.peek(1)[1] == "=":
                self.take()
                self.take()
                named[PARAM_ALIASES.get(word, word)] = self.parse_literal()
            elif token_kind == "ident" and self.peek(1)[1] == "(":
                inputs.append(self.parse_call(None, None))
            elif token_kind == "ident" and word not in ("true", "false"):
                inputs.append(self.take())
            else:
                positional.append(self.parse_literal())
            if self.peek()[1] != ")":
                self.take("punct", ",")
        self.take("punct", ")")
        if not inputs:
            if chain_input is None:
                self.fail(f"{kind} has no input")
            inputs = [chain_input]
        args = self.resolve(kind, positional, named)
        if kind == "max_unpool2d":
            pool = dict(self.model.statements).get(args["pool"])
            if pool is None or pool.kind != "maxpool2d":
                self.fail(f"max_unpool2d: {args['pool']!r} is not a maxpool2d value")
            inputs = inputs + [pool.inputs[0]]
            args.update({key: pool.args[key] for key in ("pool", "strides", "padding")})
        self.model.statements.append((name, Call(kind, name, inputs, args)))
        return name

    def resolve(self, kind, positional, named):
        spec = LAYER_PARAMS[kind]
        if len(positional) > len(spec):
            self.fail(f"too many arguments for {kind}")
        args = {}
        for (param, default), value in zip(spec, positional):
            args[param] = value
        for param, value in named.items():
            if param not in dict(spec):
                self.fail(f"{kind} has no parameter {param!r}")
            args[param] = value
        for param, default in spec:
            if param not in args:
                if default is None:
                    self.fail(f"{kind} needs {param}")
                args[param] = args[default[1:]] if str(default).startswith("=") else default
        return args

    def parse_literal(self):
        kind, word, _ = self.peek()
        if word == "[":
            self.take()
            items = []
            while self.peek()[1] != "]":
                items.append(self.parse_literal())
                if self.peek()[1] != "]":
                    self.take("punct", ",")
            self.take()
            return items
        self.take()
        if kind == "number":
            return float(word) if re.search(r"[.eE]", word) else int(word)
        if kind == "ident":
            return {"true": True, "false": False}.get(word, word)
        if kind == "string":
            return word[1:-1]
        self.fail(f"expected a value, found {word!r}")


def parse_model_file(path):
    models = Parser(Path(path).read_text(), str(path)).parse_module()
    if len(models) != 1:
        raise ReferenceError(f"{path}: expected exactly one model")
    return models[0]


def pair(value):
    return tuple(value) if isinstance(value, list) else (value, value)


# ===----------------------------------------------------------------------=== #
# Keras size arithmetic for the PyTorch side (the NumPy side has its own)
# ===----------------------------------------------------------------------=== #

def same_padding(size, kernel, stride, dilation=1):
    """(before, after) of Keras/TF 'same': out = ceil(in / s); the odd cell goes after."""
    out = -(-size // stride)
    effective = (kernel - 1) * dilation + 1
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def transpose_output_size(size, kernel, stride, padding):
    if padding == "same":
        return size * stride
    return size * stride + max(kernel - stride, 0)


def transpose_crop(kernel, stride, padding):
    return max(kernel - stride, 0) // 2 if padding == "same" else 0


# Known TensorFlow 'same' paddings: (in, kernel, stride, dilation) -> (before,
# after). The first is the worked example of TF's "notes on padding"
# (in_width 13, filter 6, stride 5: 1 left, 2 right).
KNOWN_TF_SAME_PADDING = {
    (13, 6, 5, 1): (1, 2),
    (8, 3, 2, 1): (0, 1),
    (7, 3, 2, 1): (1, 1),
    (5, 2, 1, 1): (0, 1),
    (6, 3, 1, 2): (2, 2),
}


def check_size_arithmetic():
    for (size, kernel, stride, dilation), want in KNOWN_TF_SAME_PADDING.items():
        got = same_padding(size, kernel, stride, dilation)
        out, before = numpy_window_geometry(size, kernel, stride, "same", dilation)
        if got != want or before != want[0] or out != math.ceil(size / stride):
            raise ReferenceError(f"'same' padding of {size} by kernel {kernel} stride "
                                 f"{stride}: got {got} / {before}, TF gives {want}")


# ===----------------------------------------------------------------------=== #
# PyTorch implementation (the stored reference). Tensors are NHWC like Keras.
# ===----------------------------------------------------------------------=== #

def activation_of_layer(call):
    """The activation an activation layer applies, and its alpha."""
    a = call.args
    if call.kind == "gelu" and a["approximate"]:
        return "gelu_tanh", None
    return call.kind, a.get("negative_slope", a.get("alpha"))


MERGES = ("add", "subtract", "multiply", "average", "maximum", "minimum")

# ===----------------------------------------------------------------------=== #
# Dropout: the masks nnc draws in training mode (compiler/Codegen/
# DropoutLowering.cpp), transcribed: a hash of (seed, step, layer, element).
# ===----------------------------------------------------------------------=== #

# The (seed, step) of the training step the model runs in, or None for
# inference mode (dropout is the identity, as in predict and eval).
TRAINING_COUNTERS = None
# Training mode (what nnc's gradient pipeline computes): BatchNormalization
# normalizes by the batch's statistics; else by the moving ones.
TRAINING_MODE = False


def batchnorm_statistics(x, weights, mean_of):
    """(mean, variance) a batchnorm layer normalizes `x` with: the batch's,
    over all axes but the last, in training mode (the biased variance, as
    Keras), else the moving ones."""
    if not TRAINING_MODE:
        return weights["moving_mean"], weights["moving_variance"]
    axes = tuple(range(x.ndim - 1))
    mean = mean_of(x, axes)
    return mean, mean_of((x - mean) ** 2, axes)
DROPOUT_SHARED_AXES = {"dropout": (), "spatial_dropout1d": (1,), "spatial_dropout2d": (1, 2)}
MASK32 = 0xFFFFFFFF


def mix32(h):
    """murmur3's 32-bit finalizer, on uint64 arrays holding 32-bit values."""
    h = h ^ (h >> np.uint64(16))
    h = (h * np.uint64(0x85EBCA6B)) & np.uint64(MASK32)
    h = h ^ (h >> np.uint64(13))
    h = (h * np.uint64(0xC2B2AE35)) & np.uint64(MASK32)
    return h ^ (h >> np.uint64(16))


def fnv1a32(text):
    h = 2166136261
    for byte in text.encode():
        h = ((h ^ byte) * 16777619) & MASK32
    return h


def dropout_mask(call, shape):
    """Keras's keep-and-scale factors (0 or 1 / (1 - rate)) of a dropout layer
    for a batch of `shape`, in the training step TRAINING_COUNTERS."""
    seed, step = TRAINING_COUNTERS
    rate = np.float32(call.args["rate"])
    shared = DROPOUT_SHARED_AXES[call.kind]
    mask_shape = tuple(1 if axis in shared else size for axis, size in enumerate(shape))
    key = mix32(np.uint64(seed & MASK32))
    key = mix32(key ^ np.uint64(step & MASK32))
    key = mix32(key ^ np.uint64(fnv1a32(call.name)))
    element = np.arange(int(np.prod(mask_shape)), dtype=np.uint64)
    bits = mix32((key + element * np.uint64(0x9E3779B9)) & np.uint64(MASK32))
    uniform = (bits >> np.uint64(8)).astype(np.float64) / 16777216.0
    scale = 1.0 / (1.0 - float(rate))
    return np.where(uniform >= float(rate), scale, 0.0).reshape(mask_shape)


def margins(value):
    """Keras's padding/cropping argument as (top, bottom, left, right)."""
    if isinstance(value, int):
        return value, value, value, value
    sides = [(side, side) if isinstance(side, int) else tuple(side) for side in value]
    return sides[0] + sides[1]


def torch_merge(kind, xs):
    if kind == "subtract":
        return xs[0] - xs[1]
    stacked = torch.stack(xs)
    if kind == "add":
        return stacked.sum(0)
    if kind == "multiply":
        return stacked.prod(0)
    if kind == "average":
        return stacked.mean(0)
    # Inputs drawn from a continuous distribution tie with probability 0.
    return stacked.max(0).values if kind == "maximum" else stacked.min(0).values


def numpy_merge(kind, xs):
    if kind == "subtract":
        return xs[0] - xs[1]
    reduce = {"add": np.sum, "multiply": np.prod, "average": np.mean,
              "maximum": np.max, "minimum": np.min}[kind]
    return reduce(np.stack(xs), axis=0)


def torch_activation(x, name, axis=-1, alpha=None):
    if alpha is None:
        alpha = ACTIVATION_ALPHA.get(name)
    if name == "linear":
        return x
    if name == "relu":
        return torch.relu(x)
    if name == "sigmoid":
        return torch.sigmoid(x)
    if name == "tanh":
        return torch.tanh(x)
    if name == "softmax":
        return torch.softmax(x, dim=axis)
    if name == "leaky_relu":
        return F.leaky_relu(x, alpha)
    if name == "elu":
        return F.elu(x, alpha)
    if name == "selu":
        return F.selu(x)
    if name == "gelu":
        return F.gelu(x)
    if name == "gelu_tanh":
        return F.gelu(x, approximate="tanh")
    if name in ("silu", "swish"):
        return F.silu(x)
    if name == "softplus":  # F.softplus switches to x above a threshold
        return torch.logaddexp(x, torch.zeros_like(x))
    if name == "hard_sigmoid":
        return F.hardsigmoid(x)
    raise ReferenceError(f"unknown activation {name}")


def torch_pad_same(x_nchw, kernel, strides, dilation, value):
    (top, bottom) = same_padding(x_nchw.shape[2], kernel[0], strides[0], dilation[0])
    (left, right) = same_padding(x_nchw.shape[3], kernel[1], strides[1], dilation[1])
    return F.pad(x_nchw, (left, right, top, bottom), value=value)


def torch_max_unpool(value, pool_input, pool, strides, padding):
    """Each value at its window's first maximum of `pool_input` (the indices
    of F.max_pool2d: row-major, strictly greater wins; -inf padding never
    does), summed where windows share a winner. No gradient reaches
    `pool_input` (the indices are integers)."""
    xc = pool_input.permute(0, 3, 1, 2)
    if padding == "same":
        xc = torch_pad_same(xc, pool, strides, (1, 1), -math.inf)
    _, indices = F.max_pool2d(xc, pool, strides, return_indices=True)
    batch, channels, height, width = xc.shape
    flat = value.permute(0, 3, 1, 2).reshape(batch, channels, -1)
    out = flat.new_zeros((batch, channels, height * width))
    out = out.scatter_add(2, indices.reshape(batch, channels, -1), flat)
    out = out.reshape(batch, channels, height, width)
    if padding == "same":
        (top, _), (left, _) = (same_padding(pool_input.shape[1], pool[0], strides[0]),
                               same_padding(pool_input.shape[2], pool[1], strides[1]))
        out = out[:, :, top:top + pool_input.shape[1], left:left + pool_input.shape[2]]
    return out.permute(0, 2, 3, 1)


def torch_layer(call, xs, weights):
    a = call.args
    x = xs[0]
    if call.kind == "identity":
        return x
    if call.kind == "dense":
        y = torch.matmul(x, weights["kernel"])
        if a["use_bias"]:
            y = y + weights["bias"]
        return torch_activation(y, a["activation"])
    if call.kind == "conv2d":
        kernel, strides, dilation = pair(a["kernel"]), pair(a["strides"]), pair(a["dilation"])
        xc = x.permute(0, 3, 1, 2)
        if a["padding"] == "same":
            xc = torch_pad_same(xc, kernel, strides, dilation, 0.0)
        y = F.conv2d(xc, weights["kernel"].permute(3, 2, 0, 1),
                     weights.get("bias"), stride=strides, dilation=dilation)
        return torch_activation(y.permute(0, 2, 3, 1), a["activation"])
    if call.kind == "conv1d":
        kernel, stride, dilation = a["kernel"], a["strides"], a["dilation"]
        xc = x.permute(0, 2, 1)
        if a["padding"] == "same":
            xc = F.pad(xc, same_padding(xc.shape[2], kernel, stride, dilation))
        elif a["padding"] == "causal":  # all of it before: no step sees a later one
            xc = F.pad(xc, ((kernel - 1) * dilation, 0))
        y = F.conv1d(xc, weights["kernel"].permute(2, 1, 0), weights.get("bias"),
                     stride=stride, dilation=dilation)
        return torch_activation(y.permute(0, 2, 1), a["activation"])
    if call.kind == "conv2d_transpose":
        kernel, strides = pair(a["kernel"]), pair(a["strides"])
        # Keras kernel (kh, kw, filters, in) -> torch (in, filters, kh, kw).
        full = F.conv_transpose2d(x.permute(0, 3, 1, 2),
                                  weights["kernel"].permute(3, 2, 0, 1), stride=strides)
        # The full result has (in - 1) * s + k rows; Keras keeps in * s (+ k - s
        # when 'valid'), which is longer when k < s: pad with zeros, then crop.
        sizes = [transpose_output_size(x.shape[1 + d], kernel[d], strides[d], a["padding"])
                 for d in range(2)]
        crops = [transpose_crop(kernel[d], strides[d], a["padding"]) for d in range(2)]
        extra = [max(crops[d] + sizes[d] - full.shape[2 + d], 0) for d in range(2)]
        full = F.pad(full, (0, extra[1], 0, extra[0]))
        y = full[:, :, crops[0]:crops[0] + sizes[0], crops[1]:crops[1] + sizes[1]]
        y = y.permute(0, 2, 3, 1)
        if a["use_bias"]:
            y = y + weights["bias"]
        return torch_activation(y, a["activation"])
    if call.kind in ("maxpool2d", "minpool2d", "avgpool2d"):
        pool, strides = pair(a["pool"]), pair(a["strides"])
        xc = x.permute(0, 3, 1, 2)
        same = a["padding"] == "same"
        if call.kind == "avgpool2d":
            ones = torch.ones_like(xc)
            if same:
                xc = torch_pad_same(xc, pool, strides, (1, 1), 0.0)
                ones = torch_pad_same(ones, pool, strides, (1, 1), 0.0)
            sums = F.avg_pool2d(xc, pool, strides, divisor_override=1)
            counts = F.avg_pool2d(ones, pool, strides, divisor_override=1)
            y = sums / counts
        else:
            sign = 1.0 if call.kind == "maxpool2d" else -1.0
            xc = sign * xc
            if same:
                xc = torch_pad_same(xc, pool, strides, (1, 1), -math.inf)
            y = sign * F.max_pool2d(xc, pool, strides)
        return y.permute(0, 2, 3, 1)
    if call.kind in ("maxpool1d", "avgpool1d"):
        pool, stride = a["pool"], a["strides"]
        xc = x.permute(0, 2, 1)
        padding = same_padding(xc.shape[2], pool, stride) if a["padding"] == "same" else (0, 0)
        if call.kind == "avgpool1d":  # divided by the real cells under the window
            sums = F.avg_pool1d(F.pad(xc, padding), pool, stride) * pool
            counts = F.avg_pool1d(F.pad(torch.ones_like(xc), padding), pool, stride) * pool
            y = sums / counts
        else:
            y = F.max_pool1d(F.pad(xc, padding, value=-math.inf), pool, stride)
        return y.permute(0, 2, 1)
    if call.kind == "upsample2d":
        size = pair(a["size"])
        if a["mode"] == "bed_of_nails":
            y = x.new_zeros((x.shape[0], x.shape[1] * size[0], x.shape[2] * size[1], x.shape[3]))
            y[:, ::size[0], ::size[1], :] = x
            return y
        return x.repeat_interleave(size[0], dim=1).repeat_interleave(size[1], dim=2)
    if call.kind == "max_unpool2d":
        return torch_max_unpool(x, xs[1], pair(a["pool"]), pair(a["strides"]), a["padding"])
    if call.kind == "flatten":
        return x.reshape(x.shape[0], -1)
    if call.kind == "reshape":
        return x.reshape(x.shape[0], *a["shape"])
    if call.kind == "squeeze":
        axis = a["axis"] % x.dim()
        if x.shape[axis] != 1:
            raise ReferenceError(f"{call.name}: squeeze of axis of size {x.shape[axis]}")
        return x.squeeze(axis)
    if call.kind == "concat":
        return torch.cat(xs, dim=a["axis"])
    if call.kind in MERGES:
        return torch_merge(call.kind, xs)
    if call.kind in DROPOUT_SHARED_AXES:
        if TRAINING_COUNTERS is None:
            return x
        return x * torch.from_numpy(dropout_mask(call, tuple(x.shape))).to(x.dtype)
    if call.kind == "layernorm":
        return F.layer_norm(x, (x.shape[-1],), weights.get("gamma"), weights.get("beta"),
                            eps=a["epsilon"])
    if call.kind == "batchnorm":
        mean, variance = batchnorm_statistics(x, weights, lambda v, axes: v.mean(dim=axes))
        y = (x - mean) / torch.sqrt(variance + a["epsilon"])
        y = y * weights["gamma"] if a["scale"] else y
        return y + weights["beta"] if a["center"] else y
    if call.kind == "zero_padding2d":
        top, bottom, left, right = margins(a["padding"])
        return F.pad(x, (0, 0, left, right, top, bottom))  # NHWC: the last axis first
    if call.kind == "cropping2d":
        top, bottom, left, right = margins(a["cropping"])
        return x[:, top:x.shape[1] - bottom, left:x.shape[2] - right, :]
    if call.kind.startswith("global_"):
        spatial = tuple(range(1, x.dim() - 1))
        # amax shares the gradient among ties, as TensorFlow's reduce_max.
        return x.mean(dim=spatial) if "avg" in call.kind else x.amax(dim=spatial)
    if call.kind in ACTIVATIONS:
        name, alpha = activation_of_layer(call)
        return torch_activation(x, name, a.get("axis", -1), alpha)
    raise ReferenceError(f"no torch implementation of {call.kind}")


# ===----------------------------------------------------------------------=== #
# NumPy implementation: the Keras formulas written out, used as a cross-check.
# ===----------------------------------------------------------------------=== #

def numpy_activation(x, name, axis=-1, alpha=None):
    if alpha is None:
        alpha = ACTIVATION_ALPHA.get(name)
    if name == "leaky_relu":
        return np.where(x > 0, x, alpha * x)
    if name == "elu":
        return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))
    if name == "selu":
        return SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(np.minimum(x, 0)))
    if name == "gelu":
        return 0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))
    if name == "gelu_tanh":
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    if name in ("silu", "swish"):
        return x / (1 + np.exp(-x))
    if name == "softplus":
        return np.logaddexp(x, 0)
    if name == "hard_sigmoid":
        return np.clip(x / 6 + 0.5, 0, 1)
    if name == "linear":
        return x
    if name == "relu":
        return np.maximum(x, 0.0)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-x))
    if name == "tanh":
        return np.tanh(x)
    if name == "softmax":
        e = np.exp(x - np.max(x, axis=axis, keepdims=True))
        return e / np.sum(e, axis=axis, keepdims=True)
    raise ReferenceError(f"unknown activation {name}")


def numpy_row_major(x):
    """The values of x[b] in row-major order, by explicit enumeration."""
    items = np.empty((x.shape[0], int(np.prod(x.shape[1:], dtype=np.int64))))
    for flat, index in enumerate(np.ndindex(*x.shape[1:])):
        items[:, flat] = x[(slice(None),) + index]
    return items


def numpy_from_row_major(items, shape):
    y = np.empty((items.shape[0],) + tuple(shape))
    for flat, index in enumerate(np.ndindex(*shape)):
        y[(slice(None),) + index] = items[:, flat]
    return y


def numpy_window_geometry(size, kernel, stride, padding, dilation=1):
    """(output size, padding before) written out from the Keras documentation,
    independently of same_padding() above, which the PyTorch side uses."""
    span = dilation * (kernel - 1) + 1
    if padding == "valid":
        return (size - span) // stride + 1, 0
    out = math.ceil(size / stride)
    # TF: the input is padded so that the last window ends at the last padded
    # cell; when the padding is odd the extra cell goes at the end.
    padded = max(size, (out - 1) * stride + span)
    return out, (padded - size) // 2


def numpy_conv2d(x, kernel, bias, strides, padding, dilation):
    batch, height, width, _ = x.shape
    kh, kw, _, filters = kernel.shape
    (out_h, top), (out_w, left) = (
        numpy_window_geometry(height, kh, strides[0], padding, dilation[0]),
        numpy_window_geometry(width, kw, strides[1], padding, dilation[1]))
    y = np.zeros((batch, out_h, out_w, filters))
    for i in range(out_h):
        for j in range(out_w):
            for u in range(kh):
                for v in range(kw):
                    r = i * strides[0] + u * dilation[0] - top
                    c = j * strides[1] + v * dilation[1] - left
                    if 0 <= r < height and 0 <= c < width:  # outside: zero padding
                        y[:, i, j, :] += x[:, r, c, :] @ kernel[u, v]
    return y if bias is None else y + bias


def numpy_conv2d_transpose(x, kernel, bias, strides, padding):
    """Each input pixel adds kernel * value into the output window it maps to."""
    batch, height, width, _ = x.shape
    kh, kw, filters, _ = kernel.shape
    # Keras: 'valid' keeps every touched cell (in*s + max(k - s, 0)); 'same'
    # keeps in*s cells starting floor(max(k - s, 0) / 2) into the full result.
    overhang_h, overhang_w = max(kh - strides[0], 0), max(kw - strides[1], 0)
    if padding == "same":
        out_h, out_w = height * strides[0], width * strides[1]
        top, left = overhang_h // 2, overhang_w // 2
    else:
        out_h, out_w = height * strides[0] + overhang_h, width * strides[1] + overhang_w
        top = left = 0
    y = np.zeros((batch, out_h, out_w, filters))
    for i in range(height):
        for j in range(width):
            for u in range(kh):
                for v in range(kw):
                    r = i * strides[0] + u - top
                    c = j * strides[1] + v - left
                    if 0 <= r < out_h and 0 <= c < out_w:
                        y[:, r, c, :] += x[:, i, j, :] @ kernel[u, v].T
    return y if bias is None else y + bias


def numpy_pool(x, kind, pool, strides, padding):
    """Windows are clipped to the input: padded cells never take part."""
    batch, height, width, channels = x.shape
    (out_h, top), (out_w, left) = (numpy_window_geometry(height, pool[0], strides[0], padding),
                                   numpy_window_geometry(width, pool[1], strides[1], padding))
    reduce = {"maxpool2d": np.max, "minpool2d": np.min, "avgpool2d": np.mean}[kind]
    y = np.zeros((batch, out_h, out_w, channels))
    for i in range(out_h):
        for j in range(out_w):
            r0, c0 = i * strides[0] - top, j * strides[1] - left
            window = x[:, max(r0, 0):min(r0 + pool[0], height),
                       max(c0, 0):min(c0 + pool[1], width), :]
            y[:, i, j, :] = reduce(window, axis=(1, 2))
    return y


def numpy_max_unpool(value, pool_input, pool, strides, padding):
    """Windows clipped to the input as in numpy_pool; np.argmax over a window
    in row-major order returns its first maximum."""
    batch, height, width, channels = pool_input.shape
    (out_h, top), (out_w, left) = (numpy_window_geometry(height, pool[0], strides[0], padding),
                                   numpy_window_geometry(width, pool[1], strides[1], padding))
    y = np.zeros(pool_input.shape)
    for i in range(out_h):
        for j in range(out_w):
            r0, c0 = max(i * strides[0] - top, 0), max(j * strides[1] - left, 0)
            r1, c1 = min(i * strides[0] - top + pool[0], height), min(j * strides[1] - left + pool[1], width)
            for n in range(batch):
                for ch in range(channels):
                    window = pool_input[n, r0:r1, c0:c1, ch]
                    r, c = np.unravel_index(np.argmax(window), window.shape)
                    y[n, r0 + r, c0 + c, ch] += value[n, i, j, ch]
    return y


def numpy_layer(call, xs, weights):
    a = call.args
    x = xs[0]
    if call.kind == "identity":
        return x
    if call.kind == "dense":
        kernel = weights["kernel"]
        y = np.zeros(x.shape[:-1] + (kernel.shape[1],))
        for i in range(kernel.shape[0]):
            y += x[..., i:i + 1] * kernel[i]
        if a["use_bias"]:
            y += weights["bias"]
        return numpy_activation(y, a["activation"])
    if call.kind == "conv2d":
        y = numpy_conv2d(x, weights["kernel"], weights.get("bias"), pair(a["strides"]),
                         a["padding"], pair(a["dilation"]))
        return numpy_activation(y, a["activation"])
    if call.kind == "conv1d":  # the sequence as an image one pixel wide
        kernel = weights["kernel"]
        padding = a["padding"]
        if padding == "causal":  # 'valid' after (k - 1) * dilation zeros before
            x = np.concatenate([np.zeros((x.shape[0], (kernel.shape[0] - 1) * a["dilation"],
                                          x.shape[2])), x], axis=1)
            padding = "valid"
        y = numpy_conv2d(x[:, :, None, :], kernel[:, None], weights.get("bias"),
                         (a["strides"], 1), padding, (a["dilation"], 1))
        return numpy_activation(y[:, :, 0, :], a["activation"])
    if call.kind == "conv2d_transpose":
        y = numpy_conv2d_transpose(x, weights["kernel"], weights.get("bias"),
                                   pair(a["strides"]), a["padding"])
        return numpy_activation(y, a["activation"])
    if call.kind in ("maxpool2d", "minpool2d", "avgpool2d"):
        return numpy_pool(x, call.kind, pair(a["pool"]), pair(a["strides"]), a["padding"])
    if call.kind in ("maxpool1d", "avgpool1d"):
        kind = call.kind.replace("1d", "2d")
        y = numpy_pool(x[:, :, None, :], kind, (a["pool"], 1), (a["strides"], 1), a["padding"])
        return y[:, :, 0, :]
    if call.kind == "upsample2d":
        sh, sw = pair(a["size"])
        nails = a["mode"] == "bed_of_nails"
        y = np.zeros((x.shape[0], x.shape[1] * sh, x.shape[2] * sw, x.shape[3]))
        for r in range(y.shape[1]):
            for c in range(y.shape[2]):
                if not nails or (r % sh == 0 and c % sw == 0):
                    y[:, r, c, :] = x[:, r // sh, c // sw, :]
        return y
    if call.kind == "max_unpool2d":
        return numpy_max_unpool(x, xs[1], pair(a["pool"]), pair(a["strides"]), a["padding"])
    if call.kind == "flatten":
        return numpy_row_major(x)
    if call.kind == "reshape":
        shape = list(a["shape"])
        count = int(np.prod(x.shape[1:]))
        if -1 in shape:
            shape[shape.index(-1)] = count // -int(np.prod(shape))
        if int(np.prod(shape)) != count:
            raise ReferenceError(f"{call.name}: cannot reshape {x.shape[1:]} to {shape}")
        return numpy_from_row_major(numpy_row_major(x), shape)
    if call.kind == "squeeze":
        axis = a["axis"] % x.ndim
        return np.take(x, 0, axis=axis)
    if call.kind in MERGES:
        return numpy_merge(call.kind, xs)
    if call.kind in DROPOUT_SHARED_AXES:
        return x if TRAINING_COUNTERS is None else x * dropout_mask(call, x.shape)
    if call.kind == "layernorm":
        mean = np.mean(x, axis=-1, keepdims=True)
        y = (x - mean) / np.sqrt(np.mean((x - mean) ** 2, axis=-1, keepdims=True) + a["epsilon"])
        y = y * weights["gamma"] if a["scale"] else y
        return y + weights["beta"] if a["center"] else y
    if call.kind == "batchnorm":
        mean, variance = batchnorm_statistics(x, weights, lambda v, axes: np.mean(v, axis=axes))
        y = (x - mean) / np.sqrt(variance + a["epsilon"])
        y = y * weights["gamma"] if a["scale"] else y
        return y + weights["beta"] if a["center"] else y
    if call.kind == "zero_padding2d":
        top, bottom, left, right = margins(a["padding"])
        return np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))
    if call.kind == "cropping2d":
        top, bottom, left, right = margins(a["cropping"])
        return x[:, top:x.shape[1] - bottom, left:x.shape[2] - right, :]
    if call.kind.startswith("global_"):
        spatial = tuple(range(1, x.ndim - 1))
        return x.mean(axis=spatial) if "avg" in call.kind else x.max(axis=spatial)
    if call.kind == "concat":
        axis = a["axis"] % x.ndim
        sizes = [t.shape[axis] for t in xs]
        shape = list(x.shape)
        shape[axis] = sum(sizes)
        y = np.empty(shape)
        start = 0
        for t, size in zip(xs, sizes):
            index = [slice(None)] * x.ndim
            index[axis] = slice(start, start + size)
            y[tuple(index)] = t
            start += size
        return y
    if call.kind in ACTIVATIONS:
        name, alpha = activation_of_layer(call)
        return numpy_activation(x, name, a.get("axis", -1), alpha)
    raise ReferenceError(f"no NumPy implementation of {call.kind}")


# ===----------------------------------------------------------------------=== #
# Running a model
# ===----------------------------------------------------------------------=== #

def make_weights(call, input_shape, rng):
    """Glorot-uniform kernels (as Keras initializes them) and non-zero biases
    (so that a dropped bias shows), in Keras layouts, rounded to float32."""
    a = call.args
    if call.kind in ("batchnorm", "layernorm"):
        # Not Keras's ones and zeros: values that make every term show.
        channels = (input_shape[-1],)
        weights = {}
        if call.kind == "batchnorm":
            weights = {"moving_mean": rng.uniform(-0.5, 0.5, channels),
                       "moving_variance": rng.uniform(0.5, 1.5, channels)}
        if a["scale"]:
            weights["gamma"] = rng.uniform(0.5, 1.5, channels)
        if a["center"]:
            weights["beta"] = rng.uniform(-0.5, 0.5, channels)
        return {key: value.astype(np.float32) for key, value in weights.items()}
    if call.kind == "dense":
        shape = (input_shape[-1], a["units"])
        fan_in, fan_out = shape
    elif call.kind == "conv1d":
        k = a["kernel"]
        shape = (k, input_shape[-1], a["filters"])
        fan_in, fan_out = k * input_shape[-1], k * a["filters"]
    elif call.kind == "conv2d":
        kh, kw = pair(a["kernel"])
        shape = (kh, kw, input_shape[-1], a["filters"])
        fan_in, fan_out = kh * kw * input_shape[-1], kh * kw * a["filters"]
    else:  # conv2d_transpose: (kh, kw, filters, in)
        kh, kw = pair(a["kernel"])
        shape = (kh, kw, a["filters"], input_shape[-1])
        fan_in, fan_out = kh * kw * a["filters"], kh * kw * input_shape[-1]
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    weights = {"kernel": rng.uniform(-limit, limit, shape).astype(np.float32)}
    if a["use_bias"]:
        units = a.get("units", a.get("filters"))
        weights["bias"] = rng.uniform(-0.5, 0.5, (units,)).astype(np.float32)
    return weights


def run_model(model, inputs, params, rng=None, dtype=None, cross_check=False):
    """Evaluates the model with PyTorch (in float64 unless `dtype` says); `params`
    (name.kernel -> array) is filled from `rng` the first time a layer is seen.
    With cross_check, every layer is recomputed with NumPy from the same layer
    input and compared."""
    dtype = dtype or torch.float64
    values = {name: torch.from_numpy(inputs[name]).to(dtype) for name, _ in model.inputs}
    for name, call in model.statements:
        xs = [values[i] for i in call.inputs]
        if call.kind in LAYERS_WITH_WEIGHTS and not any(k.startswith(name + ".") for k in params):
            for key, array in make_weights(call, tuple(xs[0].shape[1:]), rng).items():
                params[f"{name}.{key}"] = array
        weights = {key: torch.from_numpy(params[f"{name}.{key}"]).to(dtype)
                   for key in WEIGHT_KEYS if f"{name}.{key}" in params}
        y = torch_layer(call, xs, weights)
        if cross_check:
            expected = numpy_layer(call, [t.numpy() for t in xs],
                                   {k: w.numpy() for k, w in weights.items()})
            got = y.numpy()
            if got.shape != expected.shape:
                raise ReferenceError(f"{model.name}/{name} ({call.kind}): torch shape "
                                     f"{got.shape} != NumPy shape {expected.shape}")
            error = float(np.max(np.abs(got - expected))) if got.size else 0.0
            scale = max(1.0, float(np.max(np.abs(expected))) if got.size else 0.0)
            if not error <= CROSS_CHECK_TOL * scale:
                raise ReferenceError(f"{model.name}/{name} ({call.kind}): torch and NumPy "
                                     f"disagree by {error:.3g}")
        values[name] = y
    return {name: values[name].numpy() for name in model.outputs}


# ===----------------------------------------------------------------------=== #
# File formats
# ===----------------------------------------------------------------------=== #

def write_safetensors(path, tensors):
    """safetensors: u64 LE header size, JSON header (keys sorted, contiguous
    data_offsets, padded with spaces to 8 bytes), then raw LE float32 data."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    Path(path).write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def read_safetensors(path):
    raw = Path(path).read_bytes()
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + size])
    data = raw[8 + size:]
    return {name: np.frombuffer(data[e["data_offsets"][0]:e["data_offsets"][1]],
                                dtype="<f4").reshape(e["shape"])
            for name, e in header.items()}


def read_idx_images(path, count):
    with gzip.open(path, "rb") as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 2051 or n < count:
            raise ReferenceError(f"{path}: not an IDX image file with {count} images")
        pixels = np.frombuffer(f.read(count * rows * cols), dtype=np.uint8)
    return (pixels.reshape(count, rows, cols, 1) / 255.0).astype(np.float32)


# ===----------------------------------------------------------------------=== #
# The cases
# ===----------------------------------------------------------------------=== #

class Case:
    """An op case: `body` is the model body; the model is named after the case."""

    def __init__(self, name, batch, body, comment, atol=DEFAULT_ATOL):
        self.name, self.batch, self.body = name, batch, body.strip("\n")
        self.comment, self.atol = comment, atol


OP_CASES = [
    # dense
    Case("dense_rank2", 3, "input x: f32[6]\ndense(4)", "dense on a rank-2 input (batch, 6)"),
    Case("dense_rank3", 2, "input x: f32[4, 5]\ndense(3)",
         "dense on a rank-3 input acts on the last axis"),
    Case("dense_rank4", 2, "input x: f32[3, 4, 5]\ndense(2, activation=relu)",
         "dense on a rank-4 input acts on the last axis (legal in Keras)"),
    Case("dense_no_bias", 5, "input x: f32[7]\ndense(3, use_bias=false)",
         "dense without bias, batch 5"),
    Case("dense_relu", 3, "input x: f32[8]\ndense(6, activation=relu)", "dense + relu"),
    Case("dense_sigmoid", 3, "input x: f32[8]\ndense(6, activation=sigmoid)",
         "dense + sigmoid"),
    Case("dense_tanh", 3, "input x: f32[8]\ndense(6, activation=tanh)", "dense + tanh"),
    Case("dense_softmax", 3, "input x: f32[8]\ndense(6, activation=softmax)",
         "dense + softmax over the units"),
    Case("dense_linear", 2, "input x: f32[5]\ndense(units=4, activation=linear)",
         "dense with an explicit linear activation and a named units argument"),
    Case("dense_softmax_rank3", 2, "input x: f32[3, 5]\ndense(4, activation=softmax)",
         "softmax activation of a rank-3 dense is over the last axis"),
    # conv2d
    Case("conv2d_valid", 2, "input x: f32[7, 6, 2]\nconv2d(3, kernel=3)",
         "conv2d, 'valid' padding (the default)"),
    Case("conv2d_valid_rect", 3, "input x: f32[8, 7, 2]\nconv2d(4, kernel=[3, 2], strides=[2, 1])",
         "conv2d with a rectangular kernel and different strides per axis"),
    Case("conv2d_valid_s2", 2, "input x: f32[9, 8, 3]\nconv2d(2, kernel_size=3, strides=2)",
         "conv2d 'valid' stride 2 (Keras alias kernel_size)"),
    Case("conv2d_same_s1", 2, "input x: f32[7, 6, 2]\nconv2d(3, kernel=3, padding=same)",
         "'same', stride 1, odd kernel: one cell each side"),
    Case("conv2d_same_s1_k2", 3, "input x: f32[5, 6, 2]\nconv2d(3, kernel=2, padding=same)",
         "'same', even kernel: total padding 1, all of it after (TF convention)"),
    Case("conv2d_same_s2_odd", 5, "input x: f32[7, 7, 2]\nconv2d(4, kernel=3, strides=2, padding=same)",
         "'same' stride 2 on odd sizes: out 4, total padding 2 (1 before, 1 after); batch 5"),
    Case("conv2d_same_s2_even", 2, "input x: f32[8, 6, 2]\nconv2d(4, kernel=3, strides=2, padding=same)",
         "'same' stride 2 on even sizes: total padding 1, asymmetric (0 before, 1 after)"),
    Case("conv2d_same_s2_k4", 2, "input x: f32[9, 8, 1]\nconv2d(2, kernel=4, strides=2, padding=same)",
         "'same' stride 2 kernel 4: total padding 3 (rows: 1 before, 2 after) and 2 (cols)"),
    Case("conv2d_dilation2", 2, "input x: f32[9, 8, 2]\nconv2d(3, kernel=3, dilation=2)",
         "dilation 2, 'valid': effective kernel 5"),
    Case("conv2d_dilation2_same", 3, "input x: f32[6, 7, 2]\nconv2d(2, kernel=3, dilation_rate=2, padding=same)",
         "dilation 2, 'same': effective kernel 5, 2 cells each side"),
    Case("conv2d_no_bias", 2, "input x: f32[6, 6, 3]\nconv2d(4, kernel=3, use_bias=false)",
         "conv2d without bias"),
    Case("conv2d_relu", 2, "input x: f32[6, 6, 3]\nconv2d(4, kernel=3, activation=relu)",
         "conv2d + relu"),
    Case("conv2d_sigmoid", 2, "input x: f32[6, 6, 3]\nconv2d(4, kernel=3, activation=sigmoid, padding=same)",
         "conv2d + sigmoid"),
    Case("conv2d_tanh", 3, "input x: f32[6, 6, 3]\nconv2d(4, kernel=3, activation=tanh, strides=2)",
         "conv2d + tanh"),
    # conv1d
    Case("conv1d_valid", 2, "input x: f32[9, 3]\nconv1d(4, kernel=3)",
         "conv1d, 'valid' padding (the default)"),
    Case("conv1d_same_s2", 3, "input x: f32[10, 2]\nconv1d(3, kernel_size=4, strides=2, padding=same)",
         "conv1d 'same' stride 2 (even kernel: the odd cell after)"),
    Case("conv1d_causal_dilation2", 2,
         "input x: f32[8, 3]\nconv1d(2, kernel=3, padding=causal, dilation_rate=2, activation=relu)",
         "conv1d 'causal' with dilation 2: 4 zeros before, none after"),
    Case("conv1d_causal_s2_no_bias", 2,
         "input x: f32[7, 2]\nconv1d(3, kernel=2, strides=2, padding=causal, use_bias=false)",
         "conv1d 'causal' stride 2 without bias"),
    # maxpool1d, avgpool1d
    Case("maxpool1d_valid", 2, "input x: f32[9, 3]\nmaxpool1d(2)", "MaxPooling1D, pool 2"),
    Case("maxpool1d_same_strides", 2, "input x: f32[8, 2]\nmaxpool1d(pool_size=3, strides=2, padding=same)",
         "MaxPooling1D 'same' (windows cross the border)"),
    Case("avgpool1d_valid_strides", 2, "input x: f32[10, 3]\navgpool1d(3, strides=2)",
         "AveragePooling1D 'valid', overlapping windows"),
    Case("avgpool1d_same", 3, "input x: f32[7, 2]\navgpool1d(2, padding=same)",
         "AveragePooling1D 'same': the last window averages its one real cell"),
    # conv2d_transpose
    Case("conv2d_transpose_valid_s1", 2, "input x: f32[4, 5, 3]\nconv2d_transpose(2, kernel=3)",
         "transposed conv 'valid' stride 1: out = in + k - 1"),
    Case("conv2d_transpose_valid_s2_k3", 2, "input x: f32[4, 3, 2]\nconv2d_transpose(3, kernel=3, strides=2)",
         "'valid' kernel 3 stride 2: out = in*2 + 1 (overlapping windows)"),
    Case("conv2d_transpose_valid_s2_k2", 3, "input x: f32[4, 5, 2]\nconv2d_transpose(3, kernel=2, strides=2)",
         "'valid' kernel 2 stride 2: out = in*2, windows tile exactly"),
    Case("conv2d_transpose_valid_s3_k2", 2, "input x: f32[3, 4, 2]\nconv2d_transpose(2, kernel=2, strides=3)",
         "'valid' kernel 2 stride 3 (k < s): out = in*3, gaps hold only the bias"),
    Case("conv2d_transpose_same_s1", 2, "input x: f32[5, 4, 2]\nconv2d_transpose(3, kernel=3, padding=same)",
         "'same' stride 1: out = in, full result cropped by 1 at the start"),
    Case("conv2d_transpose_same_s2_k3", 5, "input x: f32[4, 3, 2]\nconv2d_transpose(3, kernel=3, strides=2, padding=same)",
         "'same' kernel 3 stride 2: out = in*2, crop floor(1/2) = 0 at the start; batch 5"),
    Case("conv2d_transpose_same_s2_k2", 2, "input x: f32[4, 5, 2]\nconv2d_transpose(3, kernel=2, strides=2, padding=same)",
         "'same' kernel 2 stride 2: out = in*2, no crop"),
    Case("conv2d_transpose_same_s2_k5", 2, "input x: f32[3, 4, 2]\nconv2d_transpose(2, kernel=5, strides=2, padding=same)",
         "'same' kernel 5 stride 2: crop floor(3/2) = 1 at the start, 2 at the end"),
    Case("conv2d_transpose_rect", 2, "input x: f32[3, 4, 2]\nconv2d_transpose(2, kernel=[3, 2], strides=[1, 2])",
         "rectangular kernel, per-axis strides"),
    Case("conv2d_transpose_relu_no_bias", 2, "input x: f32[4, 4, 3]\nconv2d_transpose(2, kernel=3, strides=2, activation=relu, use_bias=false)",
         "transposed conv without bias, with relu"),
]

for pool_kind in ("maxpool2d", "minpool2d", "avgpool2d"):
    OP_CASES += [
        Case(f"{pool_kind}_valid", 2, f"input x: f32[6, 6, 3]\n{pool_kind}(2)",
             f"{pool_kind} 2x2, 'valid', strides = pool"),
        Case(f"{pool_kind}_same_odd", 3, f"input x: f32[7, 5, 2]\n{pool_kind}(2, padding=same)",
             f"{pool_kind} 'same' on odd sizes: the last window hangs over the edge "
             f"and only its valid cells count"),
        Case(f"{pool_kind}_strides", 2, f"input x: f32[7, 8, 2]\n{pool_kind}(3, strides=2)",
             f"{pool_kind} pool 3 strides 2 'valid': overlapping windows"),
        Case(f"{pool_kind}_same_strides", 5,
             f"input x: f32[8, 7, 2]\n{pool_kind}(pool_size=3, strides=2, padding=same)",
             f"{pool_kind} pool 3 strides 2 'same': rows pad 0 before 1 after, cols 1 and 1; batch 5"),
        Case(f"{pool_kind}_rect", 2, f"input x: f32[6, 9, 2]\n{pool_kind}([2, 3], strides=[1, 2])",
             f"{pool_kind} rectangular pool with per-axis strides"),
    ]

OP_CASES += [
    Case("upsample2d_2", 2, "input x: f32[3, 4, 2]\nupsample2d(2)", "nearest upsampling x2"),
    Case("upsample2d_2x3", 3, "input x: f32[3, 2, 2]\nupsample2d([2, 3])",
         "nearest upsampling 2 rows x 3 columns"),
    Case("upsample2d_bed_of_nails", 2, "input x: f32[3, 4, 2]\nupsample2d([2, 3], mode=bed_of_nails)",
         "bed-of-nails upsampling 2x3: values at each block's top-left, zeros elsewhere"),
    Case("max_unpool2d", 2, "input x: f32[6, 6, 3]\np = maxpool2d(2)\nd = dense(3)\n"
         "max_unpool2d(d, pool=p)",
         "max unpooling 2x2: each value back at its window's argmax"),
    Case("max_unpool2d_same_odd", 3, "input x: f32[7, 5, 2]\np = maxpool2d(2, padding=same)\n"
         "d = dense(2)\nmax_unpool2d(d, pool=p)",
         "max unpooling after 'same' pooling of odd sizes: windows over the edge"),
    Case("max_unpool2d_overlap", 2, "input x: f32[7, 8, 2]\np = maxpool2d(3, strides=2)\n"
         "d = dense(2)\nmax_unpool2d(d, pool=p)",
         "max unpooling of overlapping windows: values sum at shared winners"),
    Case("flatten", 2, "input x: f32[3, 4, 2]\nflatten()", "flatten in row-major (NHWC) order"),
    Case("reshape", 2, "input x: f32[4, 6]\nreshape([3, 8])", "reshape keeps row-major order"),
    Case("reshape_infer", 3, "input x: f32[2, 3, 4]\nreshape(shape=[4, -1, 3])",
         "reshape with one inferred (-1) dimension"),
    Case("squeeze_last", 2, "input x: f32[3, 4, 1]\nsqueeze()", "squeeze of the last axis (default)"),
    Case("squeeze_axis1", 3, "input x: f32[1, 5]\nsqueeze(axis=1)",
         "squeeze of axis 1 (the first axis after the batch)"),
    Case("concat_last", 2, "input a: f32[3, 4, 2]\ninput b: f32[3, 4, 3]\nconcat(a, b, axis=-1)",
         "concat of two inputs along the channel axis"),
    Case("concat_axis1", 2, "input a: f32[2, 3]\ninput b: f32[4, 3]\nconcat(a, b, axis=1)",
         "concat along axis 1 (Keras counts the batch as axis 0)"),
    Case("concat_three", 3, "input a: f32[2, 2]\ninput b: f32[2, 1]\ninput c: f32[2, 3]\n"
         "output joined = concat(a, b, c)", "concat of three inputs, default axis -1, named output"),
    Case("zero_padding2d", 2, "input x: f32[3, 4, 2]\nzero_padding2d([[1, 0], [2, 3]])",
         "ZeroPadding2D with different margins on every side"),
    Case("zero_padding2d_default", 2, "input x: f32[3, 3, 1]\nzero_padding2d()",
         "ZeroPadding2D, Keras's default 1"),
    Case("cropping2d", 2, "input x: f32[6, 7, 2]\ncropping2d([1, [2, 0]])",
         "Cropping2D: 1 row top and bottom, 2 columns left"),
    # Keras's global poolings.
    Case("global_avgpool2d", 2, "input x: f32[5, 4, 3]\nglobal_avgpool2d()", "GlobalAveragePooling2D"),
    Case("global_maxpool2d", 2, "input x: f32[5, 4, 3]\nglobal_maxpool2d()", "GlobalMaxPooling2D"),
    Case("global_avgpool1d", 2, "input x: f32[7, 3]\nglobal_avgpool1d()", "GlobalAveragePooling1D"),
    Case("global_maxpool1d", 2, "input x: f32[7, 3]\nglobal_maxpool1d()", "GlobalMaxPooling1D"),
    # Keras's BatchNormalization in inference mode (predict): the moving statistics.
    Case("batchnorm_predict", 2,
         "input x: f32[4, 4, 3]\nconv2d(4, kernel=3)\nbatchnorm()\nflatten()\n"
         "dense(3)\nbatchnorm(center=false, epsilon=0.1)",
         "BatchNormalization with its moving statistics, as predict computes it"),
    # Keras's LayerNormalization.
    Case("layernorm", 2,
         "input x: f32[3, 5]\nlayernorm()\nflatten()\ndense(4)\nlayernorm(center=false, epsilon=0.1)",
         "LayerNormalization of a sequence's steps, and of dense features without beta"),
    # Keras's dropout layers in inference mode (predict): the identity.
    Case("dropout_predict", 2,
         "input x: f32[4, 4, 3]\nconv2d(4, kernel=3)\nspatial_dropout2d(0.5)\nflatten()\n"
         "dropout(0.9)\ndense(2)",
         "SpatialDropout2D and Dropout, which predict leaves out"),
    # Keras's merge layers.
    Case("merge_add", 2, "input a: f32[3, 4]\ninput b: f32[3, 4]\ninput c: f32[3, 4]\nadd(a, b, c)",
         "add of three inputs"),
    Case("merge_subtract", 2, "input a: f32[3, 4]\ninput b: f32[3, 4]\nsubtract(a, b)",
         "subtract: the first input minus the second"),
    Case("merge_multiply", 2, "input a: f32[5]\ninput b: f32[5]\ninput c: f32[5]\nmultiply(a, b, c)",
         "multiply of three inputs"),
    Case("merge_average", 2, "input a: f32[2, 2, 3]\ninput b: f32[2, 2, 3]\naverage(a, b)",
         "average of two images"),
    Case("merge_maximum", 2, "input a: f32[6]\ninput b: f32[6]\ninput c: f32[6]\nmaximum(a, b, c)",
         "maximum of three inputs"),
    Case("merge_minimum", 2, "input a: f32[6]\ninput b: f32[6]\nminimum(a, b)",
         "minimum of two inputs"),
    Case("relu", 2, "input x: f32[4, 3]\nrelu()", "relu as a layer"),
    Case("sigmoid", 2, "input x: f32[4, 3]\nsigmoid()", "sigmoid as a layer"),
    Case("tanh", 2, "input x: f32[4, 3]\ntanh()", "tanh as a layer"),
    Case("linear", 2, "input x: f32[4, 3]\nlinear()", "linear (identity) as a layer"),
    # The activations of issue 10 (standard-normal inputs reach past +-3,
    # where hard_sigmoid saturates), as layers and as `activation=`.
    Case("leaky_relu", 2, "input x: f32[8, 8]\nleaky_relu()", "LeakyReLU, Keras's slope 0.3"),
    Case("leaky_relu_slope", 2, "input x: f32[8, 8]\nleaky_relu(negative_slope=0.05)",
         "LeakyReLU with its slope"),
    Case("elu", 2, "input x: f32[8, 8]\nelu(alpha=0.7)", "ELU with alpha"),
    Case("selu", 2, "input x: f32[8, 8]\nselu()", "selu"),
    # float32 erf rounds to a few 1e-7: atol 2e-6 keeps it a tenth of the tolerance.
    Case("gelu", 2, "input x: f32[8, 8]\ngelu()", "exact gelu", atol=2e-6),
    Case("gelu_approximate", 2, "input x: f32[8, 8]\ngelu(approximate=true)",
         "tanh-approximate gelu"),
    Case("silu", 2, "input x: f32[8, 8]\nsilu()", "silu"),
    Case("swish", 2, "input x: f32[8, 8]\nswish()", "swish, Keras's other name of silu"),
    Case("softplus", 2, "input x: f32[8, 8]\nsoftplus()", "softplus"),
    Case("hard_sigmoid", 2, "input x: f32[8, 8]\nhard_sigmoid()",
         "hard_sigmoid (Keras 3: relu6(x + 3) / 6)"),
    Case("dense_activations", 2,
         "input x: f32[6]\nh1 = dense(x, 5, activation=leaky_relu)\nh2 = dense(x, 5, activation=elu)\n"
         "h3 = dense(x, 5, activation=gelu)\nh4 = dense(x, 5, activation=swish)\n"
         "h5 = dense(x, 5, activation=softplus)\nh6 = dense(x, 5, activation=hard_sigmoid)\n"
         "output y = concat(h1, h2, h3, h4, h5, h6)",
         "every new activation fused into dense (keras.activations' defaults)"),
    Case("softmax", 3, "input x: f32[7]\nsoftmax()", "softmax as a layer over the last axis"),
    Case("softmax_axis1", 2, "input x: f32[4, 5]\nsoftmax(axis=1)",
         "softmax over axis 1 of a rank-3 tensor (not the last axis)"),
    Case("conv_pool_dense_chain", 3,
         "input image: f32[9, 9, 2]\n"
         "conv2d(4, kernel=3, activation=relu, padding=same)\n"
         "maxpool2d(2, padding=same)\n"
         "c = conv2d(3, kernel=2, activation=tanh)\n"
         "output probs = dense(flatten(c), 5, activation=softmax)",
         "a small chain mixing implicit and named values", atol=2e-6),
]

# (example, batch, absolute tolerance). Whole models sum more terms per output
# than single ops, so the absolute part of the tolerance is looser; the
# float32 check below confirms each stays 10x above float32 rounding.
EXAMPLE_CASES = [
    ("autoencoder", 2, 1e-5),
    ("autoencoder_transpose", 2, 1e-5),
    ("boxes", 3, DEFAULT_ATOL),
    ("boxes_rich", 5, DEFAULT_ATOL),
    ("two_inputs", 2, 1e-5),
    ("classifier", 2, 1e-5),
    ("residual_classifier", 2, 1e-5),
]


def seed_for(name):
    return zlib.crc32(name.encode())


def make_inputs(model, batch, rng, images=None):
    inputs = {}
    for name, shape in model.inputs:
        if shape == (28, 28, 1) and images is not None:
            inputs[name] = images[:batch]
            images = images[batch:]
        else:
            inputs[name] = rng.standard_normal((batch,) + shape).astype(np.float32)
    return inputs


def check_float32_rounding(label, model, inputs, params, expected, rtol, atol):
    """The float32 PyTorch result must sit well inside the tolerance."""
    got = run_model(model, inputs, params, dtype=torch.float32)
    for name, want in expected.items():
        ratio = float(np.max(np.abs(got[name].astype(np.float64) - want)
                             / (atol + rtol * np.abs(want)))) if want.size else 0.0
        if ratio > 0.1:
            raise ReferenceError(f"{label}: float32 rounding uses {ratio:.0%} of the tolerance "
                                 f"(rtol {rtol:g}, atol {atol:g}); loosen it")


def write_fixtures(directory, model, inputs, params, outputs):
    directory.mkdir(parents=True, exist_ok=True)
    write_safetensors(directory / "weights.safetensors", params)
    back = read_safetensors(directory / "weights.safetensors")
    assert sorted(back) == sorted(params)
    assert all(np.array_equal(back[k], params[k]) for k in params)
    if len(model.inputs) == 1:
        np.save(directory / "input.npy", inputs[model.inputs[0][0]])
    else:
        for name, _ in model.inputs:
            np.save(directory / f"input_{name}.npy", inputs[name])
    (name,) = outputs  # every case has one output
    np.save(directory / "expected.npy", outputs[name].astype(np.float32))


def run_lines(source, fixtures, model, atol):
    if len(model.inputs) == 1:
        input_flags = f"--input {fixtures}/input.npy"
    else:
        input_flags = " ".join(f"--input {name}={fixtures}/input_{name}.npy"
                               for name, _ in model.inputs)
    # The same model exported to ONNX and run in ONNX Runtime meets the same
    # reference (where the test environment has ONNX Runtime).
    return (f"# RUN: nnc {source} -o %t.exe\n"
            f"# RUN: %t.exe predict --weights {fixtures}/weights.safetensors "
            f"{input_flags} --output %t.npy\n"
            f"# RUN: %python %nnc_src/scripts/compare_npy.py %t.npy {fixtures}/expected.npy "
            f"--rtol {DEFAULT_RTOL:g} --atol {atol:g}\n"
            f"# RUN: %if onnxruntime %{{ %t.exe export --weights {fixtures}/weights.safetensors "
            f"--onnx %t.onnx > /dev/null %}}\n"
            f"# RUN: %if onnxruntime %{{ %onnx_python %nnc_src/scripts/run_onnx.py %t.onnx "
            f"{input_flags} --output %t.onnx.npy %}}\n"
            f"# RUN: %if onnxruntime %{{ %python %nnc_src/scripts/compare_npy.py %t.onnx.npy "
            f"{fixtures}/expected.npy --rtol {DEFAULT_RTOL:g} --atol {atol:g} %}}\n"
            + torch_run_lines(fixtures, input_flags, f"--rtol {DEFAULT_RTOL:g} --atol {atol:g}"))


def torch_run_lines(fixtures, input_flags, tolerance):
    """The model exported as a PyTorch module meets the same reference in
    PyTorch, and its state_dict read back by `init --from` predicts exactly
    what the weights did (where the test environment has PyTorch)."""
    return (f"# RUN: %if pytorch %{{ %t.exe export --weights {fixtures}/weights.safetensors "
            f"--torch %t.torch > /dev/null %}}\n"
            f"# RUN: %if pytorch %{{ %torch_python %nnc_src/scripts/run_torch.py %t.torch "
            f"{input_flags} --output %t.torch.npy %}}\n"
            f"# RUN: %if pytorch %{{ %python %nnc_src/scripts/compare_npy.py %t.torch.npy "
            f"{fixtures}/expected.npy {tolerance} %}}\n"
            f"# RUN: %if pytorch %{{ %t.exe init --from %t.torch/model.safetensors "
            f"--output %t.from-torch.safetensors > /dev/null %}}\n"
            f"# RUN: %if pytorch %{{ %t.exe predict --weights %t.from-torch.safetensors "
            f"{input_flags} --output %t.from-torch.npy %}}\n"
            f"# RUN: %if pytorch %{{ %python %nnc_src/scripts/compare_npy.py %t.from-torch.npy "
            f"%t.npy --rtol 0 --atol 0 %}}\n")


def reference(label, model, inputs, rng, atol):
    params = {}
    outputs = run_model(model, inputs, params, rng=rng, cross_check=True)
    check_float32_rounding(label, model, inputs, params, outputs, DEFAULT_RTOL, atol)
    return params, outputs


def generate_op_case(case):
    source = (f"# {case.comment}.\n"
              f"# Generated by scripts/gen_reference.py (edit the case there and rerun it).\n"
              f"#\n")
    body = "\n".join("  " + line for line in case.body.splitlines())
    model_text = f"model {case.name} {{\n{body}\n}}\n"
    path = OPS_DIR / f"{case.name}.nn"
    model = Parser(model_text, str(path)).parse_module()[0]
    rng = np.random.default_rng(seed_for(case.name))
    inputs = make_inputs(model, case.batch, rng)
    params, outputs = reference(case.name, model, inputs, rng, case.atol)
    write_fixtures(OPS_DIR / "Inputs" / case.name, model, inputs, params, outputs)
    fixtures = f"%S/Inputs/{case.name}"
    path.write_text(source + run_lines("%s", fixtures, model, case.atol) + "\n" + model_text)


def generate_example_case(example, batch, atol, images):
    model = parse_model_file(ROOT / "examples" / f"{example}.nn")
    rng = np.random.default_rng(seed_for(example))
    inputs = make_inputs(model, batch, rng, images)
    params, outputs = reference(example, model, inputs, rng, atol)
    write_fixtures(EXAMPLES_TEST_DIR / "Inputs" / example, model, inputs, params, outputs)
    (EXAMPLES_TEST_DIR / f"{example}.test").write_text(
        f"# examples/{example}.nn compiles, and its prediction on fixed weights matches\n"
        f"# the PyTorch reference (batch {batch}).\n"
        f"# Generated by scripts/gen_reference.py (rerun it after editing the example).\n"
        f"#\n" + run_lines(f"%examples/{example}.nn", f"%S/Inputs/{example}", model, atol))


def main():
    if torch is None:
        sys.exit("gen_reference.py needs PyTorch: Debian's python3-torch, run with /usr/bin/python3")
    torch.set_num_threads(1)
    check_size_arithmetic()
    names = [case.name for case in OP_CASES]
    if len(set(names)) != len(names):
        raise ReferenceError("duplicate case names")
    # Start from nothing so that a removed case leaves no stale files behind.
    shutil.rmtree(OPS_DIR, ignore_errors=True)
    shutil.rmtree(EXAMPLES_TEST_DIR / "Inputs", ignore_errors=True)
    OPS_DIR.mkdir(parents=True)
    EXAMPLES_TEST_DIR.mkdir(parents=True, exist_ok=True)

    for case in OP_CASES:
        generate_op_case(case)
    # Two real test images per model with an image input (first ones of t10k).
    images = read_idx_images(FASHION_MNIST_TEST_IMAGES, 4)
    for example, batch, atol in EXAMPLE_CASES:
        generate_example_case(example, batch, atol, images)

    total = sum(f.stat().st_size for d in (OPS_DIR, EXAMPLES_TEST_DIR)
                for f in d.rglob("*") if f.is_file())
    print(f"gen_reference: {len(OP_CASES)} op cases and {len(EXAMPLE_CASES)} examples "
          f"written and cross-checked; fixtures and tests total {total / 1024:.0f} KiB")


if __name__ == "__main__":
    try:
        main()
    except ReferenceError as error:
        sys.exit(f"gen_reference: error: {error}")
