//===- TrainAttrs.cpp - Verifiers and parsers of the train block ----------===//
//
// The verifiers state what nn-autodiff and the model registry rely on, with
// Keras's ranges (the frontend reports the same rules at the user's text).
//
//===----------------------------------------------------------------------===//

#include "nn/IR/NNDialect.h"

#include "llvm/ADT/SmallSet.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace mlir;
using namespace nnc::nn;

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

FailureOr<APFloat> nnc::nn::parseReal(AsmParser &parser) {
  double value;
  if (parser.parseFloat(value))
    return failure();
  return APFloat(value);
}

void nnc::nn::printReal(AsmPrinter &printer, const APFloat &value) {
  double number = value.convertToDouble();
  // The shortest text that reads back as the same double, as the train
  // block would be written: 0.95, not 0.94999999999999996.
  char text[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(text, sizeof(text), "%.*g", digits, number);
    if (std::strtod(text, nullptr) == number)
      break;
  }
  std::string real = text;
  // MLIR's real literals have a point: 1.0, 1.0e-07.
  if (std::isfinite(number) && real.find('.') == std::string::npos)
    real.insert(std::min(real.find('e'), real.size()), ".0");
  printer << real;
}

FailureOr<bool> nnc::nn::parseBool(AsmParser &parser) {
  if (succeeded(parser.parseOptionalKeyword("true")))
    return true;
  if (succeeded(parser.parseOptionalKeyword("false")))
    return false;
  return parser.emitError(parser.getCurrentLocation(), "expected 'true' or 'false'");
}

FailureOr<Validation> nnc::nn::parseValidation(AsmParser &parser) {
  if (succeeded(parser.parseOptionalKeyword("test")))
    return Validation::testSplit();
  FailureOr<APFloat> fraction = parseReal(parser);
  if (failed(fraction))
    return failure();
  return Validation::ofFraction(fraction->convertToDouble());
}

void nnc::nn::printValidation(AsmPrinter &printer, const Validation &validation) {
  if (validation.kind == Validation::Kind::TestSplit)
    printer << "test";
  else
    printReal(printer, APFloat(validation.fraction));
}

//===----------------------------------------------------------------------===//
// Optimizers
//===----------------------------------------------------------------------===//

/// A number as the train block would write it: 0.9, 2, 1e-07.
static std::string formatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", value);
  return text;
}

namespace {

/// Checks hyperparameters of one optimizer, reporting the first bad one.
class HyperparameterChecker {
public:
  HyperparameterChecker(function_ref<InFlightDiagnostic()> emitError,
                        StringRef optimizer)
      : emitError(emitError), optimizer(optimizer) {}

  HyperparameterChecker &positive(StringRef name, const APFloat &value) {
    double v = value.convertToDouble();
    return check(name, v, v > 0, "a positive number");
  }
  /// Momenta: Keras 2 accepts [0, 1].
  HyperparameterChecker &unitInterval(StringRef name, const APFloat &value) {
    double v = value.convertToDouble();
    return check(name, v, v >= 0 && v <= 1, "a number in [0, 1]");
  }
  /// Decay rates (beta_1, rho): [0, 1).
  HyperparameterChecker &unitFraction(StringRef name, const APFloat &value) {
    double v = value.convertToDouble();
    return check(name, v, v >= 0 && v < 1, "a number in [0, 1)");
  }
  LogicalResult result() const { return success(ok); }

private:
  HyperparameterChecker &check(StringRef name, double value, bool valid,
                               StringRef expected) {
    if (ok && !valid) {
      emitError() << optimizer << ": '" << name << "' must be " << expected << ", got "
                  << formatNumber(value);
      ok = false;
    }
    return *this;
  }

  function_ref<InFlightDiagnostic()> emitError;
  StringRef optimizer;
  bool ok = true;
};

} // namespace

LogicalResult SgdAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                              APFloat learningRate, APFloat momentum, bool) {
  return HyperparameterChecker(emitError, getMnemonic())
      .positive("learning_rate", learningRate)
      .unitInterval("momentum", momentum)
      .result();
}

LogicalResult AdamAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               APFloat learningRate, APFloat beta1, APFloat beta2,
                               APFloat epsilon) {
  return HyperparameterChecker(emitError, getMnemonic())
      .positive("learning_rate", learningRate)
      .unitFraction("beta_1", beta1)
      .unitFraction("beta_2", beta2)
      .positive("epsilon", epsilon)
      .result();
}

LogicalResult AdadeltaAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   APFloat learningRate, APFloat rho, APFloat epsilon) {
  return HyperparameterChecker(emitError, getMnemonic())
      .positive("learning_rate", learningRate)
      .unitFraction("rho", rho)
      .positive("epsilon", epsilon)
      .result();
}

LogicalResult RmspropAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  APFloat learningRate, APFloat rho, APFloat momentum,
                                  APFloat epsilon) {
  return HyperparameterChecker(emitError, getMnemonic())
      .positive("learning_rate", learningRate)
      .unitFraction("rho", rho)
      .unitInterval("momentum", momentum)
      .positive("epsilon", epsilon)
      .result();
}

//===----------------------------------------------------------------------===//
// Data and the train block
//===----------------------------------------------------------------------===//

LogicalResult TextDataAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   StringRef, int64_t numWords, int64_t maxTokens) {
  if (numWords <= 0)
    return emitError() << "text: 'num_words' must be a positive integer, got " << numWords;
  if (maxTokens < 3)
    return emitError() << "text: 'max_tokens' must be at least 3 (<start>, a word, "
                          "<end>), got "
                       << maxTokens;
  return success();
}

/// A data source's `scale` (a fraction: multiplier / divisor) is positive.
static LogicalResult checkScale(function_ref<InFlightDiagnostic()> emitError,
                                StringRef source, APFloat multiplier, APFloat divisor) {
  return HyperparameterChecker(emitError, source)
      .positive("scale", multiplier)
      .positive("scale's divisor", divisor)
      .result();
}

LogicalResult NpyDataAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  StringRef, StringRef x, StringRef, StringRef,
                                  StringRef, APFloat multiplier, APFloat divisor) {
  if (x.empty())
    return emitError() << "npy: 'x' must name the samples' .npy file";
  return checkScale(emitError, getMnemonic(), multiplier, divisor);
}

LogicalResult NpzDataAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  StringRef path, StringRef x, StringRef, StringRef,
                                  StringRef, APFloat multiplier, APFloat divisor) {
  if (path.empty())
    return emitError() << "npz: 'path' must name the .npz archive";
  if (x.empty())
    return emitError() << "npz: 'x' must name the samples' array";
  return checkScale(emitError, getMnemonic(), multiplier, divisor);
}

LogicalResult CsvDataAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  StringRef path, ArrayAttr label, ArrayAttr drop,
                                  APFloat multiplier, APFloat divisor, StringRef) {
  if (path.empty())
    return emitError() << "csv: 'path' must name the CSV file";
  for (auto [key, names] : {std::pair{"label", label}, std::pair{"drop", drop}})
    if (!llvm::all_of(names, [](Attribute name) { return llvm::isa<StringAttr>(name); }))
      return emitError() << "csv: '" << key << "' must be a list of column names, got "
                         << names;
  return checkScale(emitError, getMnemonic(), multiplier, divisor);
}

LogicalResult ImagesDataAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                     StringRef path, int64_t height, int64_t width,
                                     StringRef color, APFloat multiplier, APFloat divisor,
                                     StringRef, int64_t seed) {
  if (path.empty())
    return emitError() << "images: 'path' must name the folder of class folders";
  if (height <= 0 || width <= 0)
    return emitError() << "images: the size must be positive, got " << height << "x"
                       << width;
  if (color != "grayscale" && color != "rgb" && color != "rgba")
    return emitError() << "images: 'color' must be \"grayscale\", \"rgb\" or \"rgba\", got \""
                       << color << "\"";
  if (seed < 0 || seed > int64_t(UINT32_MAX))
    return emitError() << "images: 'seed' must be in [0, 2^32), as numpy's, got " << seed;
  return checkScale(emitError, getMnemonic(), multiplier, divisor);
}

/// Each entry of `list` once.
template <typename Enum>
static LogicalResult checkUnique(function_ref<InFlightDiagnostic()> emitError,
                                 StringRef key, ArrayRef<Enum> list) {
  llvm::SmallSet<Enum, 4> seen;
  for (Enum element : list)
    if (!seen.insert(element).second)
      return emitError() << "'" << key << "' lists '" << stringifyEnum(element)
                         << "' twice";
  return success();
}

LogicalResult TrainAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                Target target, Loss loss, bool fromLogits,
                                std::optional<int64_t> ignoreClass,
                                OptimizerAttrInterface optimizer, int64_t epochs,
                                int64_t batch, bool, Validation validation,
                                Attribute data, ArrayRef<Metric> metrics,
                                ArrayRef<Augmentation> augment, Attribute schedule,
                                ArrayAttr callbacks) {
  if (!optimizer)
    return emitError() << "'optimizer' is missing";
  if (loss == Loss::mean_squared_error && fromLogits)
    return emitError() << "mean_squared_error has no 'from_logits'";
  if (ignoreClass && loss != Loss::sparse_categorical_crossentropy)
    return emitError() << "'ignore_class' needs sparse_categorical_crossentropy, not "
                       << stringifyLoss(loss);
  if (ignoreClass && *ignoreClass < 0)
    return emitError() << "'ignore_class' must be a class index (an integer >= 0), got "
                       << *ignoreClass;
  if (epochs <= 0)
    return emitError() << "'epochs' must be a positive integer, got " << epochs;
  if (batch <= 0)
    return emitError() << "'batch' must be a positive integer, got " << batch;
  if (validation.kind == Validation::Kind::Fraction &&
      !(validation.fraction > 0 && validation.fraction < 1))
    return emitError() << "'validation' must be 'test' or a fraction strictly between "
                          "0 and 1, got "
                       << formatNumber(validation.fraction);
  if (data && !llvm::isa<IdxDataAttr, NpyDataAttr, NpzDataAttr, CsvDataAttr, ImagesDataAttr,
                         TextDataAttr>(data))
    return emitError() << "'data' must be #nn.idx, #nn.npy, #nn.npz, #nn.csv, #nn.images or "
                          "#nn.text, got "
                       << data;

  // Text trains a language model: each position's target is the next token,
  // a class index.
  bool isText = llvm::isa_and_present<TextDataAttr>(data);
  if (isText && target != Target::next_tokens)
    return emitError() << "text data needs 'target = next_tokens', not "
                       << stringifyTarget(target);
  if (!isText && target == Target::next_tokens)
    return emitError() << "'target = next_tokens' needs text data";
  if (isText && loss != Loss::sparse_categorical_crossentropy)
    return emitError() << "text data needs sparse_categorical_crossentropy, not "
                       << stringifyLoss(loss);

  if (failed(checkUnique(emitError, "metrics", metrics)) ||
      failed(checkUnique(emitError, "augment", augment)))
    return failure();
  if (augment.size() > 1)
    return emitError() << "'flip_lr' and 'random_flip_lr' exclude each other";

  if (schedule &&
      !llvm::isa<ExponentialDecayAttr, CosineDecayAttr, PiecewiseConstantDecayAttr>(schedule))
    return emitError() << "'schedule' must be a learning-rate schedule, got " << schedule;
  // A callback watches what the run logs, once per kind.
  llvm::SmallSet<StringRef, 2> kinds;
  for (Attribute callback : callbacks ? callbacks.getValue() : ArrayRef<Attribute>()) {
    StringRef monitor;
    if (auto stop = llvm::dyn_cast<EarlyStoppingAttr>(callback))
      monitor = stop.getMonitor();
    else if (auto plateau = llvm::dyn_cast<ReduceLrOnPlateauAttr>(callback))
      monitor = plateau.getMonitor();
    else if (auto checkpoint = llvm::dyn_cast<ModelCheckpointAttr>(callback))
      monitor = checkpoint.getMonitor();
    else
      return emitError() << "'callbacks' must hold #nn.early_stopping, "
                            "#nn.reduce_lr_on_plateau and #nn.model_checkpoint, got "
                         << callback;
    if (!kinds.insert(callback.getAbstractAttribute().getName()).second)
      return emitError() << "'callbacks' holds " << callback.getAbstractAttribute().getName()
                         << " twice";
    if (monitor.starts_with("val_") && validation.kind == Validation::Kind::Unspecified)
      return emitError() << "a callback watches '" << monitor << "' without validation data";
    if (monitor.ends_with("accuracy") && !llvm::is_contained(metrics, Metric::accuracy))
      return emitError() << "a callback watches '" << monitor
                         << "', which needs the accuracy metric";
    if (llvm::isa<ReduceLrOnPlateauAttr>(callback) && schedule)
      return emitError() << "reduce_lr_on_plateau and a schedule both set the learning rate";
  }
  return success();
}

/// What a callback may watch: the values of the metrics log.
static LogicalResult checkMonitor(function_ref<InFlightDiagnostic()> emitError,
                                  StringRef callback, StringRef monitor) {
  if (llvm::is_contained({"loss", "val_loss", "accuracy", "val_accuracy"}, monitor))
    return success();
  return emitError() << callback << ": 'monitor' must be loss, val_loss, accuracy or "
                                    "val_accuracy, got '"
                     << monitor << "'";
}

LogicalResult EarlyStoppingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                        StringRef monitor, APFloat minDelta,
                                        int64_t patience, bool) {
  if (failed(checkMonitor(emitError, getMnemonic(), monitor)))
    return failure();
  if (patience < 0)
    return emitError() << "early_stopping: 'patience' must be >= 0, got " << patience;
  if (!(minDelta.convertToDouble() >= 0))
    return emitError() << "early_stopping: 'min_delta' must be >= 0";
  return success();
}

LogicalResult ReduceLrOnPlateauAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                            StringRef monitor, APFloat factor,
                                            int64_t patience, APFloat minDelta,
                                            int64_t cooldown, APFloat minLr) {
  if (failed(checkMonitor(emitError, getMnemonic(), monitor)))
    return failure();
  double f = factor.convertToDouble();
  if (!(f > 0 && f < 1))
    return emitError() << "reduce_lr_on_plateau: 'factor' must be strictly between 0 "
                          "and 1, got "
                       << formatNumber(f);
  if (patience < 0 || cooldown < 0)
    return emitError() << "reduce_lr_on_plateau: 'patience' and 'cooldown' must be >= 0";
  if (!(minDelta.convertToDouble() >= 0) || !(minLr.convertToDouble() >= 0))
    return emitError() << "reduce_lr_on_plateau: 'min_delta' and 'min_lr' must be >= 0";
  return success();
}

LogicalResult ModelCheckpointAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                          StringRef path, StringRef monitor, bool) {
  if (path.empty())
    return emitError() << "model_checkpoint: 'path' must name the weights file";
  return checkMonitor(emitError, getMnemonic(), monitor);
}

LogicalResult ExponentialDecayAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                           int64_t decaySteps, APFloat decayRate, bool) {
  if (decaySteps <= 0)
    return emitError() << "exponential_decay: 'decay_steps' must be positive, got "
                       << decaySteps;
  return HyperparameterChecker(emitError, getMnemonic())
      .positive("decay_rate", decayRate)
      .result();
}

LogicalResult CosineDecayAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                      int64_t decaySteps, APFloat alpha) {
  if (decaySteps <= 0)
    return emitError() << "cosine_decay: 'decay_steps' must be positive, got " << decaySteps;
  return HyperparameterChecker(emitError, getMnemonic()).unitInterval("alpha", alpha).result();
}

LogicalResult
PiecewiseConstantDecayAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   DenseI64ArrayAttr boundaries, ArrayAttr values) {
  ArrayRef<int64_t> steps = boundaries.asArrayRef();
  if (values.size() != int64_t(steps.size()) + 1)
    return emitError() << "piecewise_constant_decay: " << steps.size()
                       << " boundaries need " << steps.size() + 1 << " values, got "
                       << values.size();
  for (size_t i = 0; i < steps.size(); ++i)
    if (steps[i] <= 0 || (i && steps[i] <= steps[i - 1]))
      return emitError() << "piecewise_constant_decay: 'boundaries' must be ascending "
                            "positive integers";
  for (Attribute value : values) {
    auto number = llvm::dyn_cast<FloatAttr>(value);
    if (!number || !number.getType().isF64() ||
        !(number.getValueAsDouble() > 0 && std::isfinite(number.getValueAsDouble())))
      return emitError() << "piecewise_constant_decay: 'values' must be positive f64 numbers";
  }
  return success();
}
