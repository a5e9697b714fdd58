#!/usr/bin/python3
"""Writes lyrics.expected.json, the reference for TextFixtureTest: the lyric
notes' cleaning (Python regular expressions on str) and Keras's
Tokenizer(num_words, oov_token='<unk>', filters='', lower=True) logic
(fit_on_texts: counts in an OrderedDict, sorted by count with Python's stable
sort, reverse=True; texts_to_sequences: indices >= num_words become <unk>),
then the max_tokens filter, 'post' padding and the one-token shift.

Run from this directory: /usr/bin/python3 make_text_fixtures.py
Letters are those Python's \\w matches, less digits and '_' (the corpus has
no other word characters), as the runtime's letters for these scripts.
"""
import json
import re
from collections import OrderedDict

NUM_WORDS = 20
MAX_TOKENS = 10


def clean(line):
    line = line.strip()
    if not line or line.endswith(":"):
        return None
    w = line.lower().strip()
    w = re.sub(r"([?.!,¿])", r" \1 ", w)
    w = re.sub(r"[^\w?.!,¿]|[\d_]", " ", w)
    w = re.sub(r" +", " ", w).strip()
    return "<start> " + w + " <end>" if w else None


with open("lyrics.txt", encoding="utf-8") as f:
    sentences = [s for s in (clean(l) for l in f.read().split("\n")) if s]

counts = OrderedDict()
for sentence in sentences:
    for word in sentence.split(" "):
        counts[word] = counts.get(word, 0) + 1
ordered = sorted(counts.items(), key=lambda item: item[1], reverse=True)
vocabulary = ["<unk>"] + [word for word, _ in ordered]
word_index = {word: i + 1 for i, word in enumerate(vocabulary)}

sequences = []
for sentence in sentences:
    tokens = [word_index[w] if word_index[w] < NUM_WORDS else 1
              for w in sentence.split(" ")]
    if len(tokens) <= MAX_TOKENS:
        sequences.append(tokens + [0] * (MAX_TOKENS - len(tokens)))

with open("lyrics.expected.json", "w", encoding="utf-8") as f:
    json.dump({
        "num_words": NUM_WORDS,
        "max_tokens": MAX_TOKENS,
        "sentences": sentences,
        "words": ["<pad>"] + vocabulary[:NUM_WORDS - 1],
        "distinct_words": len(counts),
        "inputs": [s[:-1] for s in sequences],
        "targets": [s[1:] for s in sequences],
    }, f, ensure_ascii=False, indent=1)
