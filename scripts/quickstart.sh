#!/usr/bin/env bash
# The README's first command: installs what nnc needs, builds it, compiles the
# MNIST autoencoder of examples/, trains it on Fashion-MNIST and draws its
# reconstructions of test images.
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

step "Training it as the notes do (50 epochs of the 60,000 Fashion-MNIST images)"
./autoencoder train

step "Reconstructing 10 test images"
./autoencoder eval
./autoencoder reconstruct --count 10 --output reconstructions.png
echo "Originals (top) and reconstructions (bottom): reconstructions.png"
