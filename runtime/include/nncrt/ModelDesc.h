//===- ModelDesc.h - What nnc tells the runtime about a compiled model ----===//
//
// nnc generates one C++ file per executable that defines `nnc_model_registry`
// with these plain structures (static arrays, no constructors), next to the
// Halide pipelines it compiled ahead of time. The runtime's command line
// (summary, init, predict) works from this description alone.
//
// Shapes never include the batch dimension; tensors are row-major with the
// batch first (NHWC for images), as in Keras.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_MODELDESC_H
#define NNCRT_MODELDESC_H

#include <cstdint>

struct halide_filter_metadata_t;

namespace nncrt {

struct TensorSpec {
  const char *name; ///< "image", "logits", "conv2d_1.kernel"
  int rank;
  const int64_t *shape;
};

enum class Initializer { Zeros, GlorotUniform };

struct ParamSpec {
  TensorSpec tensor; ///< shape in Keras layout, e.g. conv kernel (kh, kw, in, out)
  Initializer init;
  int64_t fanIn, fanOut; ///< for GlorotUniform: limit = sqrt(6 / (fanIn + fanOut))
};

/// One row of the Keras-style summary table.
struct SummaryRow {
  const char *layer;       ///< "conv2d_1"
  const char *type;        ///< "Conv2D"
  const char *outputShape; ///< "(None, 28, 28, 16)"
  int64_t params;
  const char *connectedTo; ///< "" for a chain, else "x, y"
};

struct ModelDesc {
  const char *name;
  const TensorSpec *inputs;
  int numInputs;
  const TensorSpec *outputs;
  int numOutputs;
  const ParamSpec *params;
  int numParams;
  const SummaryRow *summary;
  int numSummaryRows;
  /// Halide's generic entry point for the forward pipeline. `args` holds one
  /// halide_buffer_t* per argument, in this order: inputs, params, outputs.
  /// Halide buffers list dimensions innermost first (reverse of the shapes
  /// above), the batch being the last Halide dimension.
  int (*forward)(void **args);
  const halide_filter_metadata_t *(*forwardMetadata)();
};

struct ModelRegistry {
  const char *sourceFile; ///< the .nn file the executable was built from
  const ModelDesc *models;
  int numModels;
  /// The Halide runtime's halide_set_num_threads, carried by the AOT objects;
  /// passed here so that the runtime library itself links without them.
  int (*setNumThreads)(int);
};

} // namespace nncrt

/// Defined by the file nnc generates for each executable.
extern "C" const nncrt::ModelRegistry nnc_model_registry;

#endif // NNCRT_MODELDESC_H
