#!/usr/bin/env bash
# The README's first command: installs what nnc needs, builds it, compiles the
# MNIST autoencoder of examples/ and runs it on Fashion-MNIST test images.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

step() { printf '\n==> %s\n' "$*"; }

step "Installing Debian packages (scripts/install-deps.sh)"
scripts/install-deps.sh

step "Building nnc (scripts/build.sh)"
scripts/build.sh

step "Compiling examples/autoencoder.nn into ./autoencoder"
build/bin/nnc examples/autoencoder.nn -o autoencoder
./autoencoder summary

step "Running it on the 10,000 Fashion-MNIST test images"
./autoencoder init --seed 1 --output autoencoder.safetensors
./autoencoder predict --weights autoencoder.safetensors \
  --input /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz \
  --output reconstructions.npy
