# -*- Python -*-
# lit configuration of the nnc test suites. The build writes lit.site.cfg.py
# (paths of this build) next to the tests' output and loads this file from it.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "NNC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)

# Test files. Only these suffixes are discovered, so helper scripts (*.py) and
# data files (*.npy, *.safetensors) next to tests are never run as tests.
config.suffixes = [".mlir", ".nn", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py",
                   "README.md"]

config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.nnc_obj_root, "test")

# nnc links executables with `c++`: keep the user's PATH (lit starts from it)
# and the variables compilers and ccache read.
llvm_config.with_system_environment(
    ["HOME", "TMP", "TMPDIR", "TEMP", "CC", "CXX", "CCACHE_DIR", "LD_LIBRARY_PATH"])
llvm_config.with_environment(
    "PATH", [config.nnc_tools_dir, config.llvm_tools_dir], append_path=True)
# Compiled pipelines are cached in the build folder, not the user's cache:
# a rerun of the suite compiles only what changed (Support/ObjectCache.h).
config.environment["NNC_CACHE_DIR"] = os.path.join(config.test_exec_root, "nnc-cache")

# FileCheck, count, not (and lit's own %python, replaced below).
llvm_config.use_default_substitutions()

# The reference scripts run under the system python (NumPy; PyTorch where installed).
config.substitutions = [s for s in config.substitutions if s[0] != "%python"]
config.substitutions.append(("%python", "/usr/bin/python3"))
config.substitutions.append(("%nnc_src", config.nnc_src_root))
config.substitutions.append(("%examples", os.path.join(config.nnc_src_root, "examples")))

tools = [
    ToolSubst("nnc-opt", unresolved="fatal"),
    ToolSubst("nnc", unresolved="ignore"),
    ToolSubst("nncrt-tests", unresolved="ignore"),
    ToolSubst("nnc-codegen-tests", unresolved="ignore"),
]
llvm_config.add_tool_substitutions(tools, [config.nnc_tools_dir, config.llvm_tools_dir])

# The sanitizer build (scripts/build-sanitize.sh). AddressSanitizer reserves
# terabytes of address space for its shadow memory, so a test that bounds the
# compiler's address space (prlimit --as) says `UNSUPPORTED: asan`.
if "-fsanitize=address" in config.nnc_cxx_flags:
    config.available_features.add("asan")

import subprocess


def python_imports(python, modules, **environment):
    """Whether the interpreter `python` (which may not exist: the build leaves
    no environment where PyPI was out of reach) imports `modules`."""
    if not python or not os.path.exists(python):
        return False
    return subprocess.run([python, "-c", "import " + modules],
                          env=dict(os.environ, **environment), stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


# Tests that run PyTorch itself (regenerating a committed fixture to check it is
# current) say `REQUIRES: torch`; every other test reads committed fixtures.
if python_imports("/usr/bin/python3", "torch"):
    config.available_features.add("torch")

# Tests of `export --onnx` run the exported model in ONNX Runtime, installed by
# the build (test/CMakeLists.txt: build/test/python), under %onnx_python; their
# RUN lines say `%if onnxruntime %{ ... %}`.
if python_imports(config.nnc_onnx_python, "onnxruntime, onnx"):
    config.available_features.add("onnxruntime")
    config.substitutions.append(("%onnx_python", config.nnc_onnx_python))

# Tests of `export --torch` load the generated module with its weights in
# Debian's PyTorch, which the same environment sees, and safetensors; their
# RUN lines say `%if pytorch %{ ... %}`.
if python_imports(config.nnc_onnx_python, "torch, safetensors.torch"):
    config.available_features.add("pytorch")
    config.substitutions.append(("%torch_python", config.nnc_onnx_python))

# Tests of `export --keras` build the generated model in Keras 3 on JAX, from
# an environment of their own (build/test/keras-python); their RUN lines say
# `%if keras %{ ... %}`.
if python_imports(config.nnc_keras_python, "keras, jax, safetensors.numpy",
                  KERAS_BACKEND="jax"):
    config.environment["KERAS_BACKEND"] = "jax"
    config.available_features.add("keras")
    config.substitutions.append(("%keras_python", config.nnc_keras_python))
