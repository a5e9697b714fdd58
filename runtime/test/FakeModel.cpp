//===- FakeModel.cpp - Hand-written models standing in for nnc's output ---===//

#include "FakeModel.h"

#include "HalideRuntime.h"

namespace nncrt::test {

namespace {

/// Element (i, row) of a rank-2 Halide buffer (dim 0: feature, dim 1: batch).
float &at(void *arg, int i, int row) {
  auto *buffer = static_cast<halide_buffer_t *>(arg);
  auto *data = reinterpret_cast<float *>(buffer->host);
  return data[(i - buffer->dim[0].min) * buffer->dim[0].stride +
              (row - buffer->dim[1].min) * buffer->dim[1].stride];
}

/// Element i of a rank-1 Halide buffer (a parameter).
float param(void *arg, int i) {
  auto *buffer = static_cast<halide_buffer_t *>(arg);
  return reinterpret_cast<float *>(buffer->host)[i * buffer->dim[0].stride];
}

bool isFloatBuffer(void *arg, int rank) {
  auto *buffer = static_cast<halide_buffer_t *>(arg);
  return buffer->type.code == halide_type_float && buffer->type.bits == 32 &&
         buffer->dimensions == rank;
}

/// Records the call; returns the status the test asked for.
int recordCall(void *output) {
  auto *buffer = static_cast<halide_buffer_t *>(output);
  fakeCalls().forwardCalls++;
  fakeCalls().batchExtents.push_back(buffer->dim[1].extent);
  return fakeCalls().forwardStatus;
}

// args: x, affine.scale, affine.bias, y
int affineForward(void **args) {
  if (!isFloatBuffer(args[0], 2) || !isFloatBuffer(args[1], 1) ||
      !isFloatBuffer(args[2], 1) || !isFloatBuffer(args[3], 2))
    return -1;
  if (int status = recordCall(args[3]))
    return status;
  auto *y = static_cast<halide_buffer_t *>(args[3]);
  for (int row = 0; row < y->dim[1].extent; ++row)
    for (int i = 0; i < 3; ++i)
      at(args[3], i, row) = param(args[1], i) * at(args[0], i, row) + param(args[2], i);
  return 0;
}

// args: a, b, pair.offset, sum, diff
int pairForward(void **args) {
  if (int status = recordCall(args[3]))
    return status;
  auto *sum = static_cast<halide_buffer_t *>(args[3]);
  for (int row = 0; row < sum->dim[1].extent; ++row)
    for (int i = 0; i < 2; ++i) {
      at(args[3], i, row) = at(args[0], i, row) + at(args[1], i, row) + param(args[2], i);
      at(args[4], i, row) = at(args[0], i, row) - at(args[1], i, row);
    }
  return 0;
}

int fakeSetNumThreads(int threads) {
  fakeCalls().numThreads = threads;
  return 0;
}

const int64_t kShape3[] = {3};
const int64_t kShape2[] = {2};

const TensorSpec kAffineInputs[] = {{"x", 1, kShape3}};
const TensorSpec kAffineOutputs[] = {{"y", 1, kShape3}};
const ParamSpec kAffineParams[] = {
    {{"affine.scale", 1, kShape3}, Initializer::GlorotUniform, 3, 3},
    {{"affine.bias", 1, kShape3}, Initializer::Zeros, 0, 0},
};
const SummaryRow kAffineSummary[] = {
    {"x", "InputLayer", "[(None, 3)]", 0, ""},
    {"affine", "Affine", "(None, 3)", 6, ""},
};

const TensorSpec kPairInputs[] = {{"a", 1, kShape2}, {"b", 1, kShape2}};
const TensorSpec kPairOutputs[] = {{"sum", 1, kShape2}, {"diff", 1, kShape2}};
const ParamSpec kPairParams[] = {
    {{"pair.offset", 1, kShape2}, Initializer::Zeros, 0, 0},
};
const SummaryRow kPairSummary[] = {
    {"a", "InputLayer", "[(None, 2)]", 0, ""},
    {"b", "InputLayer", "[(None, 2)]", 0, ""},
    {"sum", "Add", "(None, 2)", 2, "['a[0][0]', 'b[0][0]']"},
    {"diff", "Subtract", "(None, 2)", 0, "['a[0][0]', 'b[0][0]']"},
};

const ModelDesc kModels[] = {
    {"affine", kAffineInputs, 1, kAffineOutputs, 1, kAffineParams, 2,
     kAffineSummary, 2, affineForward, nullptr},
    {"pair", kPairInputs, 2, kPairOutputs, 2, kPairParams, 1, kPairSummary, 4,
     pairForward, nullptr},
};

} // namespace

FakeCalls &fakeCalls() {
  static FakeCalls calls;
  return calls;
}

void resetFakeCalls() { fakeCalls() = FakeCalls(); }

const ModelDesc &affineModel() { return kModels[0]; }
const ModelDesc &pairModel() { return kModels[1]; }

const ModelRegistry &affineRegistry() {
  static const ModelRegistry registry = {"affine.nn", kModels, 1,
                                         fakeSetNumThreads};
  return registry;
}

const ModelRegistry &twoModelRegistry() {
  static const ModelRegistry registry = {"models.nn", kModels, 2,
                                         fakeSetNumThreads};
  return registry;
}

} // namespace nncrt::test
