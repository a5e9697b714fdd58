#!/usr/bin/python3
"""The lyric generator of examples/lyricist*.nn in PyTorch (CPU), trained as `exe train` does.

    /usr/bin/python3 bench/lyricist_torch.py [--data /usr/share/games/fortunes/songs-poems]
        [--num-words 7000] [--max-tokens 15] [--vocab 7001] [--embedding 256]
        [--units 1024] [--layers 2] [--batch 256] [--validation 0.1]
        [--epochs 30 | --steps N] [--threads 2] [--seed 0] [--log metrics.jsonl]

The peer of bench/lyricist.sh. Its text pipeline is written here again from
the notes (../shared/seed-digest.md, section 3), independently of nnc's
runtime: the same lines must come out, which the benchmark checks by printing
both corpus summaries.
- Cleaning: skip empty lines and lines ending in ':'; lower-case; spaces around
  ? . ! , ¿; everything but letters and those marks becomes a space; lines
  that clean to nothing are skipped; `<start> ... <end>`.
- Keras Tokenizer(num_words, oov_token='<unk>', filters=''): words by count,
  ties in order of first appearance; 0 pads, 1 is <unk>.
- Sentences of at most max_tokens tokens, padded at the end; source =
  tokens[:-1], target = tokens[1:]. Validation: the last fraction of the
  sentences, before shuffling. Batches of `batch`, the last partial one
  dropped (validation keeps every sentence).
Model: Embedding(vocab, embedding) -> LSTM(units) x layers (whole sequences) ->
Linear(vocab) logits, Keras initialization (embeddings uniform in [-0.05,
0.05]; kernels glorot-uniform; recurrent kernels orthogonal; bias zeros with
ones on the forget gate, PyTorch's second bias zero). Loss: cross-entropy from
logits over the non-padding positions (Keras ignore_class=0); Adam with Keras's
epsilon 1e-7. Validation loss as `exe train` reports it: each batch's mean over
its non-padding positions, weighted by the batch's sentences.

--steps N times N training steps (after one warm-up step) instead of training:
seconds per step and tokens per second (batch x time steps).
"""

import argparse
import json
import time
from pathlib import Path

import torch
import torch.nn as nn

MARKS = "?.!,¿"


def corpus_lines(path):
    path = Path(path)
    files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
    for file in files:
        try:
            text = file.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        yield from text.splitlines()


def clean(line):
    line = line.strip()
    if not line or line.endswith(":"):
        return None
    kept = []
    for char in line.lower():
        if char in MARKS:
            kept.append(f" {char} ")
        elif char.isalpha():
            kept.append(char)
        else:
            kept.append(" ")
    words = "".join(kept).split()
    return ["<start>"] + words + ["<end>"] if words else None


def tokenizer(sentences, num_words):
    counts = {}
    for sentence in sentences:
        for word in sentence:
            counts[word] = counts.get(word, 0) + 1
    by_count = sorted(counts, key=lambda word: -counts[word])  # stable: ties keep first appearance
    index = {"<unk>": 1}
    for i, word in enumerate(by_count):
        index.setdefault(word, i + 2)
    return {w: (i if i < num_words else 1) for w, i in index.items()}, len(counts)


def load(args):
    lines = list(corpus_lines(args.data))
    sentences = [s for s in map(clean, lines) if s]
    index, words = tokenizer(sentences, args.num_words)
    kept = [[index[w] for w in s] for s in sentences if len(s) <= args.max_tokens]
    padded = torch.zeros(len(kept), args.max_tokens, dtype=torch.long)
    for row, tokens in enumerate(kept):
        padded[row, :len(tokens)] = torch.tensor(tokens)
    held = int(len(kept) * args.validation)
    train, validation = padded[:len(kept) - held], padded[len(kept) - held:]
    print(f"{args.data}: {len(kept):,} sentences ({len(sentences):,} lines cleaned, "
          f"vocabulary {min(args.num_words, words + 2):,} of {words:,} words), "
          f"{len(train):,} train / {len(validation):,} validation")
    return train, validation


class Lyricist(nn.Module):
    def __init__(self, vocab, embedding, units, layers):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding)
        nn.init.uniform_(self.embedding.weight, -0.05, 0.05)
        self.lstms = nn.ModuleList()
        for layer in range(layers):
            lstm = nn.LSTM(embedding if layer == 0 else units, units, batch_first=True)
            # Keras: kernel [in, 4U] glorot-uniform over (in, 4U), recurrent
            # kernel orthogonal, bias zeros with the forget gate at 1.
            limit = (6.0 / (lstm.input_size + 4 * units)) ** 0.5
            nn.init.uniform_(lstm.weight_ih_l0, -limit, limit)
            nn.init.orthogonal_(lstm.weight_hh_l0.data.T)
            nn.init.zeros_(lstm.bias_ih_l0)
            nn.init.zeros_(lstm.bias_hh_l0)
            with torch.no_grad():
                lstm.bias_ih_l0[units:2 * units] = 1.0
            self.lstms.append(lstm)
        self.logits = nn.Linear(units, vocab)
        limit = (6.0 / (units + vocab)) ** 0.5
        nn.init.uniform_(self.logits.weight, -limit, limit)
        nn.init.zeros_(self.logits.bias)

    def forward(self, tokens):
        x = self.embedding(tokens)
        for lstm in self.lstms:
            x, _ = lstm(x)
        return self.logits(x)


def loss_of(net, source, target):
    logits = net(source)
    return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]),
                                       target.reshape(-1), ignore_index=0)


def validation_loss(net, validation, batch):
    total = 0.0
    with torch.no_grad():
        for first in range(0, len(validation), batch):
            rows = validation[first:first + batch]
            total += loss_of(net, rows[:, :-1], rows[:, 1:]).item() * len(rows)
    return total / len(validation)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="/usr/share/games/fortunes/songs-poems")
    parser.add_argument("--num-words", type=int, default=7000)
    parser.add_argument("--max-tokens", type=int, default=15)
    parser.add_argument("--vocab", type=int, default=7001)
    parser.add_argument("--embedding", type=int, default=256)
    parser.add_argument("--units", type=int, default=1024)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--validation", type=float, default=0.1)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--steps", type=int)
    parser.add_argument("--lr", type=float, default=0.001)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--log")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    train, validation = load(args)
    net = Lyricist(args.vocab, args.embedding, args.units, args.layers)
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr, eps=1e-7)

    def step(rows):
        loss = loss_of(net, rows[:, :-1], rows[:, 1:])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.item()

    steps_per_epoch = len(train) // args.batch
    if steps_per_epoch == 0:
        raise SystemExit(f"{len(train)} training sentences: fewer than one batch of {args.batch}")
    if args.steps:
        batches = [train[torch.randint(len(train), (args.batch,))] for _ in range(args.steps + 1)]
        step(batches[0])
        start = time.perf_counter()
        for rows in batches[1:]:
            step(rows)
        seconds = (time.perf_counter() - start) / args.steps
        tokens = args.batch * (args.max_tokens - 1) / seconds
        print(f"{seconds:.3f} s/step  {tokens:.0f} tokens/s")
        if args.log:
            with open(args.log, "a") as f:
                f.write(json.dumps({"seconds_per_step": seconds, "tokens_per_second": tokens}) + "\n")
        return

    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(len(train))
        loss_sum = 0.0
        for s in range(steps_per_epoch):
            loss_sum += step(train[order[s * args.batch:(s + 1) * args.batch]])
        seconds = time.perf_counter() - start
        line = {"epoch": epoch, "loss": loss_sum / steps_per_epoch,
                "val_loss": validation_loss(net, validation, args.batch) if len(validation) else None,
                "seconds": seconds,
                "tokens_per_second": steps_per_epoch * args.batch * (args.max_tokens - 1) / seconds}
        print(f"Epoch {epoch}/{args.epochs}  {seconds:.1f}s  loss {line['loss']:.4f}  "
              f"val_loss {line['val_loss']:.4f}  {line['tokens_per_second']:.0f} tokens/s")
        if args.log:
            with open(args.log, "a") as f:
                f.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    main()
