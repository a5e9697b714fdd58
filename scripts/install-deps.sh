#!/usr/bin/env bash
# Installs every Debian 12 package nnc needs: the compiler's toolchain (LLVM/MLIR 19,
# Halide 14), the runtime's libraries, the test tools, and the data the examples use.
set -euo pipefail

packages=(
  # build
  cmake ninja-build ccache g++
  # compiler side: MLIR 19 and Halide 14 (shared libraries, never built from source)
  llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools libhalide14-0-dev
  # runtime side
  libfmt-dev nlohmann-json3-dev libcli11-dev zlib1g-dev libpng-dev libjpeg-dev libzip-dev
  libcairo2-dev
  # ONNX export: ONNX's protobuf schema, checker and shape inference
  libonnx-dev libprotobuf-dev
  # tests: lit/FileCheck come with llvm-19-tools; GoogleTest; numpy for comparisons
  libgtest-dev libgmock-dev python3 python3-numpy
  # the export tests: ONNX's checker in Python, PyTorch (with OpenBLAS, not
  # the slow reference BLAS) for the exported modules, and a virtual
  # environment for ONNX Runtime and safetensors (from PyPI; Debian has
  # neither: test/CMakeLists.txt)
  python3-onnx python3-venv python3-torch libopenblas0-pthread
  # the sanitizer build and the fuzzer (scripts/build-sanitize.sh): clang, and
  # its ASan, UBSan and libFuzzer runtimes
  clang-19 libclang-rt-19-dev
  # data: Fashion-MNIST (IDX files) and the fortunes corpus
  dataset-fashion-mnist fortunes
)

sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${packages[@]}"
