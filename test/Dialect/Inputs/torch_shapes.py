"""Writes nn ops whose declared result types PyTorch computed.

Each op is run on a real tensor by PyTorch (NCHW, converted to the NHWC shapes
the nn dialect uses); nnc-opt must then accept every declared type, since its
verifier recomputes the type and rejects any difference. Covers the cases
where PyTorch and Keras agree: 'valid' windows, stride-1 'same' convolutions,
transposed convolutions whose kernel is at least the stride, the layout
ops, embeddings and LSTMs (whose Keras kernels are PyTorch's weights
transposed). Seeded, so a failure is reproducible.
"""

import random
import warnings

import torch
import torch.nn.functional as F

warnings.simplefilter("ignore")  # PyTorch's notes on 'same' with even kernels
random.seed(1234)
torch.manual_seed(1234)


def ty(shape):
    return "tensor<" + "x".join("?" if d is None else str(d) for d in shape) + "xf32>"


def nhwc(t):
    n, c, h, w = t.shape
    return [None, h, w, c]


def pair(values):
    return "array<i64: %d, %d>" % tuple(values)


ops = []
args = []


def arg(shape):
    name = "%%a%d" % len(args)
    args.append("%s: %s" % (name, ty(shape)))
    return name


def emit(text):
    ops.append("  %%r%d = %s" % (len(ops), text))


ACT = "activation = #nn<activation linear>"

for _ in range(40):  # conv2d, 'valid', strides and dilation
    h, w, c, f = random.randint(1, 20), random.randint(1, 20), random.randint(1, 3), random.randint(1, 3)
    kh, kw = random.randint(1, 5), random.randint(1, 5)
    sh, sw = random.randint(1, 4), random.randint(1, 4)
    dh, dw = random.choice([1, 1, 2, 3]), random.choice([1, 1, 2])
    if (kh - 1) * dh + 1 > h or (kw - 1) * dw + 1 > w:
        continue
    y = F.conv2d(torch.zeros(1, c, h, w), torch.zeros(f, c, kh, kw), stride=(sh, sw), dilation=(dh, dw))
    x, k = arg([None, h, w, c]), arg([kh, kw, c, f])
    emit('nn.conv2d %s, %s {%s, dilation = %s, name = "c", padding = #nn<padding valid>, strides = %s} : (%s, %s) -> %s'
         % (x, k, ACT, pair((dh, dw)), pair((sh, sw)), ty([None, h, w, c]), ty([kh, kw, c, f]), ty(nhwc(y))))

for _ in range(15):  # conv2d, 'same', stride 1
    h, w, kh, kw = random.randint(1, 12), random.randint(1, 12), random.randint(1, 5), random.randint(1, 5)
    dh, dw = random.choice([1, 2]), random.choice([1, 3])
    y = F.conv2d(torch.zeros(1, 2, h, w), torch.zeros(3, 2, kh, kw), padding="same", dilation=(dh, dw))
    x, k = arg([None, h, w, 2]), arg([kh, kw, 2, 3])
    emit('nn.conv2d %s, %s {%s, dilation = %s, name = "c", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (%s, %s) -> %s'
         % (x, k, ACT, pair((dh, dw)), ty([None, h, w, 2]), ty([kh, kw, 2, 3]), ty(nhwc(y))))

for _ in range(30):  # conv2d_transpose, 'valid', kernel >= stride
    h, w = random.randint(1, 10), random.randint(1, 10)
    sh, sw = random.randint(1, 3), random.randint(1, 3)
    kh, kw = random.randint(sh, 5), random.randint(sw, 5)
    # PyTorch weight layout (in, out, kh, kw); Keras (kh, kw, out, in).
    y = F.conv_transpose2d(torch.zeros(1, 2, h, w), torch.zeros(2, 3, kh, kw), stride=(sh, sw))
    x, k = arg([None, h, w, 2]), arg([kh, kw, 3, 2])
    emit('nn.conv2d_transpose %s, %s {%s, name = "t", padding = #nn<padding valid>, strides = %s} : (%s, %s) -> %s'
         % (x, k, ACT, pair((sh, sw)), ty([None, h, w, 2]), ty([kh, kw, 3, 2]), ty(nhwc(y))))

for _ in range(30):  # pooling, 'valid'
    h, w = random.randint(1, 20), random.randint(1, 20)
    ph, pw = random.randint(1, min(h, 4)), random.randint(1, min(w, 4))
    sh, sw = random.randint(1, 4), random.randint(1, 4)
    y = F.max_pool2d(torch.zeros(1, 2, h, w), (ph, pw), stride=(sh, sw))
    op = random.choice(["max_pool2d", "min_pool2d", "avg_pool2d"])
    x = arg([None, h, w, 2])
    emit('nn.%s %s {name = "p", padding = #nn<padding valid>, pool = %s, strides = %s} : (%s) -> %s'
         % (op, x, pair((ph, pw)), pair((sh, sw)), ty([None, h, w, 2]), ty(nhwc(y))))

for _ in range(10):  # upsample2d (nearest)
    h, w, sh, sw = random.randint(1, 8), random.randint(1, 8), random.randint(1, 4), random.randint(1, 4)
    y = F.interpolate(torch.zeros(1, 2, h, w), scale_factor=(sh, sw), mode="nearest")
    x = arg([None, h, w, 2])
    emit('nn.upsample2d %s {name = "u", size = %s} : (%s) -> %s' % (x, pair((sh, sw)), ty([None, h, w, 2]), ty(nhwc(y))))

for _ in range(10):  # dense on the last axis, flatten, reshape with -1
    dims = [random.randint(1, 5) for _ in range(random.randint(1, 3))]
    units = random.randint(1, 6)
    t = torch.zeros([2] + dims)
    d = torch.matmul(t, torch.zeros(dims[-1], units))
    x, k = arg([None] + dims), arg([dims[-1], units])
    emit('nn.dense %s, %s {%s, name = "d"} : (%s, %s) -> %s'
         % (x, k, ACT, ty([None] + dims), ty([dims[-1], units]), ty([None] + list(d.shape[1:]))))
    x = arg([None] + dims)
    emit('nn.flatten %s {name = "f"} : (%s) -> %s' % (x, ty([None] + dims), ty([None] + list(torch.flatten(t, 1).shape[1:]))))
    target = [dims[-1], -1]
    r = t.reshape([2] + target)
    x = arg([None] + dims)
    emit('nn.reshape %s {name = "r", shape = array<i64: %s>} : (%s) -> %s'
         % (x, ", ".join(map(str, target)), ty([None] + dims), ty([None] + list(r.shape[1:]))))

for _ in range(10):  # squeeze and concat with negative axes
    dims = [random.randint(1, 4) for _ in range(3)]
    axis = random.choice([1, 2, 3, -1, -2, -3])
    index = (axis if axis > 0 else 4 + axis) - 1  # axis counts the batch
    dims[index] = 1
    t = torch.zeros([2] + dims)
    x = arg([None] + dims)
    emit('nn.squeeze %s {axis = %d : i64, name = "s"} : (%s) -> %s'
         % (x, axis, ty([None] + dims), ty([None] + list(t.squeeze(axis).shape[1:]))))
    other = list(dims)
    other[index] = random.randint(1, 4)
    u = torch.zeros([2] + other)
    a, b = arg([None] + dims), arg([None] + other)
    emit('nn.concat %s, %s {axis = %d : i64, name = "k"} : (%s, %s) -> %s'
         % (a, b, axis, ty([None] + dims), ty([None] + other), ty([None] + list(torch.cat([t, u], axis).shape[1:]))))

for _ in range(10):  # embedding of [N, ...] token indices
    dims = [random.randint(1, 15) for _ in range(random.randint(1, 2))]
    vocab, dim = random.randint(1, 50), random.randint(1, 16)
    e = torch.nn.Embedding(vocab, dim)(torch.zeros([2] + dims, dtype=torch.long))
    t, table = arg([None] + dims), arg([vocab, dim])
    emit('nn.embedding %s, %s {name = "e"} : (%s, %s) -> %s'
         % (t, table, ty([None] + dims), ty([vocab, dim]), ty([None] + list(e.shape[1:]))))

for _ in range(15):  # LSTM: Keras's kernels are PyTorch's weights transposed
    steps, features, units = random.randint(1, 15), random.randint(1, 12), random.randint(1, 12)
    sequences = random.choice([True, False])
    lstm = torch.nn.LSTM(features, units, batch_first=True)
    y, (h, c) = lstm(torch.zeros(2, steps, features))
    out = list(y.shape[1:]) if sequences else list(y[:, -1].shape[1:])
    state = [None] + list(h.shape[2:])
    kernel = list(lstm.weight_ih_l0.t().shape)
    recurrent = list(lstm.weight_hh_l0.t().shape)
    bias = list(lstm.bias_ih_l0.shape)
    x, k, rk, b = arg([None, steps, features]), arg(kernel), arg(recurrent), arg(bias)
    operands = [ty([None, steps, features]), ty(kernel), ty(recurrent), ty(bias)]
    initial = ""
    if random.choice([True, False]):
        initial = " initial_state %s, %s" % (arg(state), arg(state))
        operands += [ty(state), ty(state)]
    ops.append('  %%r%d:3 = nn.lstm %s, %s, %s, %s%s {name = "l", return_sequences = %s} : (%s) -> (%s, %s, %s)'
               % (len(ops), x, k, rk, b, initial, "true" if sequences else "false", ", ".join(operands),
                  ty([None] + out), ty(state), ty(state)))

print("// Generated by test/Dialect/Inputs/torch_shapes.py (rerun it to regenerate): %d ops with PyTorch-computed result types." % len(ops))
print("func.func @torch_shapes(%s) {" % ", ".join(args))
print("\n".join(ops))
print("  return")
print("}")
