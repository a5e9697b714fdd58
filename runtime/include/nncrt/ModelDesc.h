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

/// Halide's halide_error_handler_t, spelled out so that this header needs no
/// Halide one.
using HalideErrorHandler = void (*)(void *userContext, const char *message);

struct TensorSpec {
  const char *name; ///< "image", "logits", "conv2d_1.kernel"
  int rank;
  const int64_t *shape;
};

/// Keras's default initializers of the layers nnc has.
enum class Initializer {
  Zeros,
  GlorotUniform, ///< dense/conv kernels, LSTM kernel
  /// Embedding tables: uniform in [-0.05, 0.05] (Keras RandomUniform).
  RandomUniform,
  /// LSTM recurrent kernel [U, 4U]: a random orthogonal matrix (Keras
  /// Orthogonal, gain 1: rows orthonormal when rows <= columns).
  Orthogonal,
  /// LSTM bias [4U] (Keras unit_forget_bias): zeros, except ones for the
  /// forget gate, entries [U, 2U).
  UnitForgetBias,
  /// BatchNormalization's gamma and moving variance.
  Ones,
};

struct ParamSpec {
  TensorSpec tensor; ///< shape in Keras layout, e.g. conv kernel (kh, kw, in, out)
  Initializer init;
  int64_t fanIn, fanOut; ///< for GlorotUniform: limit = sqrt(6 / (fanIn + fanOut))
  /// Not differentiated nor updated by the optimizer, but by the layer while
  /// training (BatchNormalization's moving statistics: Keras's non-trainable
  /// weights). Saved with the others.
  bool nonTrainable;
};

/// One row of the Keras-style summary table.
struct SummaryRow {
  const char *layer;       ///< "conv2d_1"
  const char *type;        ///< "Conv2D"
  const char *outputShape; ///< "(None, 28, 28, 16)"
  int64_t params;
  const char *connectedTo; ///< "" for a chain, else "x, y"
  /// Input pixels (height x width) that one output pixel sees, "3x3"; "-"
  /// once the spatial layout is gone (flatten, dense on flat features). Null
  /// (column omitted) in descriptions written before the column existed.
  const char *receptiveField;
  /// Of `params`, those not trained (BatchNormalization's moving statistics).
  int64_t nonTrainableParams;
};

/// One argument of a train block's data source, as text.
struct DataArg {
  const char *name;
  const char *value;
};

/// A Keras callback of the train block.
struct CallbackDesc {
  /// "early_stopping", "reduce_lr_on_plateau" or "model_checkpoint"
  const char *kind;
  const char *monitor; ///< "loss", "val_loss", "accuracy" or "val_accuracy"
  double minDelta;
  int64_t patience;
  bool restoreBestWeights; ///< early_stopping
  double factor;           ///< reduce_lr_on_plateau
  int64_t cooldown;
  double minLr;
  const char *path;        ///< model_checkpoint: the weights file
  bool saveBestOnly;
};

/// How a model trains: the settings of its `train { ... }` block (command-line
/// flags override them) and the three compiled training pipelines. All
/// tensors in their `args` are halide_buffer_t*, scalars are pointers to
/// float; outputs follow the inputs, as Halide's `_argv` convention has it.
struct TrainDesc {
  const char *loss;      ///< "binary_crossentropy", "mean_squared_error", ...
  const char *optimizer; ///< "sgd", "adam", "adadelta", "rmsprop"
  float learningRate;    ///< the train block's value (or Keras's default)
  /// The target of each sample: a model input (autoencoders: target = input)
  /// or the labels of the data set (then `targetInput` is null).
  const char *targetInput;
  TensorSpec target; ///< per-sample shape of the target (labels: class indices as floats)
  int epochs;
  int batch;
  bool shuffle;
  /// Validation data: the data set's test split when negative, else this
  /// fraction of the training split (taken from its end, before shuffling).
  float validationFraction;
  /// "idx" (a folder of MNIST-format files), "npy", "csv", "images" or "text"
  const char *dataKind;
  /// The data folder (idx, npy, images) or file (csv, text); `--data`
  /// replaces it.
  const char *dataPath;
  /// The data source's other arguments, by name (npy: "x", "y", "x_test",
  /// "y_test", "scale_multiplier", "scale_divisor"; csv: "label" and "drop"
  /// once per column, "scale_multiplier", "scale_divisor", "test"; images:
  /// "height", "width", "color", "scale_multiplier", "scale_divisor",
  /// "test", "seed").
  const DataArg *dataArgs;
  int numDataArgs;

  /// Optimizer state tensors, `numStatePerParam` per trainable parameter, in
  /// parameter order: state[i * numStatePerParam + k] belongs to the i-th
  /// trainable param and has its shape; names are "<param>.<slot>", e.g.
  /// "conv2d_1.kernel.accum_grad".
  const TensorSpec *state;
  int numStatePerParam;

  /// loss:     inputs, target, params                    -> loss (0-dim)
  int (*lossFn)(void **args);
  /// gradient: inputs, target, params [, &seed, &step]    -> loss, one gradient
  ///           per trainable param, then the new value of each non-trainable one
  ///           [, the model's output]
  int (*gradientFn)(void **args);
  /// update:   trainable params, their gradients, state, &learningRate,
  ///           &iteration (1-based, float) -> new trainable params, new state
  ///           (never the same buffers as the inputs)
  int (*updateFn)(void **args);

  /// Whether the model's output is logits (the loss's from_logits): then
  /// class probabilities are its softmax (or sigmoid for one unit).
  bool fromLogits;
  /// The train block's `metrics` ("accuracy") and `augment` ("flip_lr":
  /// one mirrored copy of every training image; "random_flip_lr": each image
  /// mirrored with probability 1/2 each epoch). Validation is never augmented.
  const char *const *metrics;
  int numMetrics;
  const char *const *augment;
  int numAugment;

  /// dataKind "text" (`data = text(path, num_words=, max_tokens=)`): Keras
  /// Tokenizer's num_words (token indices stay below it: 0 pads, 1 is
  /// <unk>, then the most frequent words) and the longest sentence kept, in
  /// tokens with <start> and <end>. The model's input is the sentence less
  /// its last token ([max_tokens - 1]), the target the sentence less its
  /// first. 0 for idx data.
  int textNumWords;
  int textMaxTokens;

  /// The gradient pipeline computes the model in training mode (it has a
  /// layer such as Dropout that trains differently), while forward and loss
  /// compute it in inference mode: finite differences must differentiate
  /// the gradient pipeline's own loss.
  bool gradientInTrainingMode;
  /// The gradient pipeline takes two more arguments after the params:
  /// pointers to the run's seed and the step (int32_t, their low 32 bits),
  /// which key its random draws (dropout masks).
  bool gradientTakesCounters;
  /// The gradient pipeline's last output is the model's output for the batch
  /// (in training mode): `train` counts the training accuracy from it, as
  /// Keras does, without a forward pass of its own.
  bool gradientReturnsOutput;

  /// The learning-rate schedule (Keras's LearningRateSchedule, from the
  /// optimizer's rate): null for a constant rate, "exponential_decay"
  /// {decay_steps, decay_rate, staircase}, "cosine_decay" {decay_steps,
  /// alpha}, "piecewise_constant_decay" {boundaries..., values...}.
  const char *schedule;
  const double *scheduleArgs;
  int numScheduleArgs;
  /// Keras's callbacks, run at each epoch end in this order.
  const CallbackDesc *callbacks;
  int numCallbacks;

  /// The gradient and loss pipelines compute each time step only for the
  /// leading rows of the batch that hold a sequence still running (nnc's
  /// Codegen/SequencePacking.h: labels of `paddingClass` after a sequence's
  /// last other label count for nothing). `train` sorts each batch longest
  /// first, so that those rows are as few as they can be.
  bool sortsByLength;
  int paddingClass;
};

/// One token step of a sequence model, for generation: the model with a
/// sequence of length 1 whose LSTM layers take their state in and give it
/// back (nn-make-step builds it as @M_step), so that generating n tokens
/// costs n steps, not n re-runs of the growing prefix.
struct StepDesc {
  /// `args`: the model's input ([N, 1]: one token index per row, as f32),
  /// the params in ModelDesc order, then `states` (in order); then the
  /// outputs: the model's outputs ([N, 1, ...]) followed by the new states.
  int (*stepFn)(void **args);
  /// The state tensors, "lstm_1.h", "lstm_1.c", ... (shape [units], no batch).
  const TensorSpec *states;
  int numStates;
};

/// How a tensor of the PyTorch export's state_dict is made from the
/// weights (compiler/Export/TorchModule.h).
enum class TorchParamRole {
  /// The (row of the) source parameter, its axes permuted, its gates
  /// reordered.
  Copy,
  /// Zeros on export, added to the source on import (LSTM's bias_hh).
  Addend,
  /// `fill` everywhere; ignored on import.
  Fill,
  /// BatchNorm's num_batches_tracked: an I64 scalar 0; ignored on import.
  Counter,
};

struct TorchParamSpec {
  const char *name;   ///< "conv2d_1.weight"
  const char *source; ///< "conv2d_1.kernel"; null for Fill and Counter
  int rank;
  const int64_t *shape; ///< PyTorch's shape
  TorchParamRole role;
  /// The row of the source's first axis taken, or -1 for all of it; then
  /// perm[i] is the source axis of axis i (rank entries).
  int row;
  const int *perm;
  /// The tensor's gate g along gateAxis (-1: none) is the source's gate
  /// gateOrder[g], of shape[gateAxis] / numGates elements.
  int gateAxis;
  const int *gateOrder;
  int numGates;
  float fill;
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
  /// Null when the model has no `train` block.
  const TrainDesc *train;
  /// Null unless the model has recurrent layers (a sequence model).
  const StepDesc *step;
  /// The bytes one sample takes in the largest batch-sized tensor of the
  /// forward, loss and gradient pipelines (arguments, results and the values
  /// in between). Halide refuses buffers of 2^31 bytes or more, so a batch
  /// holds at most (2^31 - 1) / bytes samples (BatchLimits.h); 0: not known
  /// (no train block, or a description written before the fields existed).
  int64_t forwardSampleBytes;
  int64_t lossSampleBytes;
  int64_t gradientSampleBytes;
  /// The forward graph as a serialized ONNX ModelProto (opset 17) whose
  /// parameters are graph inputs named as `params`: `export --onnx` makes
  /// them initializers. Null when the model has no ONNX form, and then
  /// `onnxError` says why (the layer that has none).
  const char *onnxModel;
  int64_t onnxModelSize;
  const char *onnxError;
  /// The forward graph as a torch.nn.Module (the source of model.py) and its
  /// state_dict's tensors: `export --torch` writes both, `init --from` reads
  /// such a state_dict back. Null when the model has no PyTorch form, and
  /// then `torchError` says why.
  const char *torchModule;
  const TorchParamSpec *torchParams;
  int numTorchParams;
  const char *torchError;
  /// The source of a Python file that builds the model in Keras 3 and sets
  /// its weights from the weights file (already in Keras's layouts):
  /// `export --keras` writes both. Null when the model has no Keras form,
  /// and then `kerasError` says why.
  const char *kerasModule;
  const char *kerasError;
};

struct ModelRegistry {
  const char *sourceFile; ///< the .nn file the executable was built from
  const ModelDesc *models;
  int numModels;
  /// The Halide runtime's halide_set_num_threads, carried by the AOT objects;
  /// passed here so that the runtime library itself links without them.
  int (*setNumThreads)(int);
  /// The Halide runtime's halide_set_error_handler (null: keep Halide's
  /// handler, which prints and aborts). The command line installs one that
  /// keeps the message, so that a failed pipeline becomes an nncrt::Error.
  HalideErrorHandler (*setErrorHandler)(HalideErrorHandler);
};

} // namespace nncrt

/// Defined by the file nnc generates for each executable.
extern "C" const nncrt::ModelRegistry nnc_model_registry;

#endif // NNCRT_MODELDESC_H
