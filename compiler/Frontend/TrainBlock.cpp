//===- TrainBlock.cpp - Checks of `train { ... }` -------------------------===//
//
// The train block holds what Keras splits between compile() and fit(). After
// these checks every setting is present in a fixed order (target, loss,
// optimizer, epochs, batch, shuffle, validation, data, metrics, augment;
// validation and data only when written), loss/optimizer/data are calls whose
// arguments are all named and filled with Keras defaults, numbers that are
// rates are Float literals, and metrics and augment are lists. The target
// defaults to `labels`, or `next_tokens` with text data; arguments whose
// Keras default is None (ignore_class) stay absent unless written.
//
//===----------------------------------------------------------------------===//

#include "Frontend/DidYouMean.h"
#include "Frontend/Frontend.h"
#include "Frontend/Sema.h"

#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace nnc;
using LiteralKind = ast::Literal::Kind;

namespace {

enum class ValueKind {
  PositiveNumber, ///< learning_rate, epsilon: > 0
  UnitInterval,   ///< momentum: 0 <= x <= 1 (Keras's range, and the dialect's)
  UnitFraction,   ///< beta_1, rho: 0 <= x < 1
  PositiveInt,
  /// ignore_class: a class index (an integer >= 0).
  ClassIndex,
  Bool,
  String,
  /// CSV column names: a string, or a list of strings (normalized to a list).
  Strings,
  NonNegativeInt,    ///< patience, cooldown
  NonNegativeNumber, ///< min_delta, min_lr
  /// A fraction strictly between 0 and 1 (reduce_lr_on_plateau's factor).
  OpenUnitInterval,
  /// piecewise_constant_decay: boundaries (ascending positive integers) and
  /// values (positive numbers).
  PositiveInts,
  PositiveNumbers,
  /// What a callback watches: loss, val_loss, accuracy, val_accuracy.
  Monitor,
  /// images(size=[height, width]): two positive integers.
  ImageSize,
  /// images(color=): grayscale, rgb or rgba (a name or a string).
  ColorMode,
};

struct ArgSpec {
  llvm::StringRef name;
  ValueKind kind;
  /// Empty when required; kNone when the argument is simply absent by
  /// default (Keras's None).
  llvm::StringRef defaultValue;
};

constexpr llvm::StringLiteral kNone = "None";
/// The default of a Strings argument that names no column.
constexpr llvm::StringLiteral kEmptyList = "[]";
/// The Debian package fortunes' songs and poems (the embedded corpus).
constexpr llvm::StringLiteral kDefaultCorpus = "/usr/share/games/fortunes/songs-poems";

/// A loss, an optimizer or a data source with its Keras signature.
struct FunctionSpec {
  llvm::StringRef name;
  std::vector<ArgSpec> args;
};

const std::vector<FunctionSpec> &losses() {
  static const std::vector<FunctionSpec> specs = {
      {"binary_crossentropy", {{"from_logits", ValueKind::Bool, "false"}}},
      {"categorical_crossentropy", {{"from_logits", ValueKind::Bool, "false"}}},
      // ignore_class (Keras 2.11): positions whose label is this class (the
      // padding of text) leave the mean.
      {"sparse_categorical_crossentropy",
       {{"from_logits", ValueKind::Bool, "false"},
        {"ignore_class", ValueKind::ClassIndex, kNone}}},
      {"mean_squared_error", {}},
  };
  return specs;
}

const std::vector<FunctionSpec> &optimizers() {
  static const std::vector<FunctionSpec> specs = {
      {"sgd",
       {{"learning_rate", ValueKind::PositiveNumber, "0.01"},
        {"momentum", ValueKind::UnitInterval, "0.0"},
        {"nesterov", ValueKind::Bool, "false"}}},
      {"adam",
       {{"learning_rate", ValueKind::PositiveNumber, "0.001"},
        {"beta_1", ValueKind::UnitFraction, "0.9"},
        {"beta_2", ValueKind::UnitFraction, "0.999"},
        {"epsilon", ValueKind::PositiveNumber, "1e-07"}}},
      {"adadelta",
       {{"learning_rate", ValueKind::PositiveNumber, "0.001"},
        {"rho", ValueKind::UnitFraction, "0.95"},
        {"epsilon", ValueKind::PositiveNumber, "1e-07"}}},
      {"rmsprop",
       {{"learning_rate", ValueKind::PositiveNumber, "0.001"},
        {"rho", ValueKind::UnitFraction, "0.9"},
        {"momentum", ValueKind::UnitInterval, "0.0"},
        {"epsilon", ValueKind::PositiveNumber, "1e-07"}}},
  };
  return specs;
}

const std::vector<FunctionSpec> &dataSources() {
  static const std::vector<FunctionSpec> specs = {
      {"idx", {{"path", ValueKind::String, ""}}},
      // NumPy arrays (numpy.save) named relative to the folder `path`: the
      // samples x and labels y, and x_test/y_test for `validation = test`;
      // `scale` multiplies the samples (`1/255`: as `x / 255` in NumPy).
      {"npy",
       {{"path", ValueKind::String, "."},
        {"x", ValueKind::String, "x.npy"},
        {"y", ValueKind::String, "y.npy"},
        {"x_test", ValueKind::String, kNone},
        {"y_test", ValueKind::String, kNone},
        {"scale", ValueKind::PositiveNumber, "1"}}},
      // NumPy arrays in one archive (numpy.savez): the names default to
      // those of Keras's datasets (mnist.npz).
      {"npz",
       {{"path", ValueKind::String, ""},
        {"x", ValueKind::String, "x_train"},
        {"y", ValueKind::String, "y_train"},
        {"x_test", ValueKind::String, "x_test"},
        {"y_test", ValueKind::String, "y_test"},
        {"scale", ValueKind::PositiveNumber, "1"}}},
      // A CSV file with a header row: the `label` column(s) are the labels,
      // the `drop` columns are left out, the rest are the samples' values;
      // `test` is the file `validation = test` reads (beside `path`).
      {"csv",
       {{"path", ValueKind::String, ""},
        {"label", ValueKind::Strings, "label"},
        {"drop", ValueKind::Strings, kEmptyList},
        {"scale", ValueKind::PositiveNumber, "1"},
        {"test", ValueKind::String, kNone}}},
      // Keras's image_dataset_from_directory: one subfolder per class, each
      // image resized to `size` (bilinear) in the `color` mode; both default
      // to the model's input [height, width, channels]. `test` is the folder
      // `validation = test` reads (beside `path`); `seed` shuffles the files
      // as Keras's does before a fraction is held out (Keras draws one when
      // none is given; a fixed default keeps runs reproducible).
      {"images",
       {{"path", ValueKind::String, ""},
        {"size", ValueKind::ImageSize, kNone},
        {"color", ValueKind::ColorMode, kNone},
        {"scale", ValueKind::PositiveNumber, "1"},
        {"test", ValueKind::String, kNone},
        {"seed", ValueKind::NonNegativeInt, "0"}}},
      // The notes' corpus and settings: Keras Tokenizer's num_words, and the
      // longest sentence kept, in tokens with <start> and <end>.
      {"text",
       {{"path", ValueKind::String, kDefaultCorpus},
        {"num_words", ValueKind::PositiveInt, "7000"},
        {"max_tokens", ValueKind::PositiveInt, "15"}}},
  };
  return specs;
}

/// Keras's LearningRateSchedules: the rate of each optimizer step, from
/// the optimizer's learning_rate.
const std::vector<FunctionSpec> &schedules() {
  static const std::vector<FunctionSpec> specs = {
      {"exponential_decay",
       {{"decay_steps", ValueKind::PositiveInt, ""},
        {"decay_rate", ValueKind::PositiveNumber, ""},
        {"staircase", ValueKind::Bool, "false"}}},
      {"cosine_decay",
       {{"decay_steps", ValueKind::PositiveInt, ""},
        {"alpha", ValueKind::UnitInterval, "0.0"}}},
      {"piecewise_constant_decay",
       {{"boundaries", ValueKind::PositiveInts, ""},
        {"values", ValueKind::PositiveNumbers, ""}}},
  };
  return specs;
}

/// Keras's callbacks, with their defaults.
const std::vector<FunctionSpec> &callbacks() {
  static const std::vector<FunctionSpec> specs = {
      {"early_stopping",
       {{"monitor", ValueKind::Monitor, "val_loss"},
        {"min_delta", ValueKind::NonNegativeNumber, "0"},
        {"patience", ValueKind::NonNegativeInt, "0"},
        {"restore_best_weights", ValueKind::Bool, "false"}}},
      {"reduce_lr_on_plateau",
       {{"monitor", ValueKind::Monitor, "val_loss"},
        {"factor", ValueKind::OpenUnitInterval, "0.1"},
        {"patience", ValueKind::NonNegativeInt, "10"},
        {"min_delta", ValueKind::NonNegativeNumber, "0.0001"},
        {"cooldown", ValueKind::NonNegativeInt, "0"},
        {"min_lr", ValueKind::NonNegativeNumber, "0"}}},
      {"model_checkpoint",
       {{"path", ValueKind::String, ""},
        {"monitor", ValueKind::Monitor, "val_loss"},
        {"save_best_only", ValueKind::Bool, "false"}}},
  };
  return specs;
}

/// The keys in the order they are kept after checking.
const std::vector<llvm::StringRef> kKeys = {
    "target", "loss", "optimizer", "epochs",  "batch",    "shuffle",
    "validation", "data", "metrics", "augment", "schedule", "callbacks"};
const std::vector<llvm::StringRef> kMonitors = {"loss", "val_loss", "accuracy",
                                                "val_accuracy"};
/// Keras's color_mode, by channel count 1, 3 and 4.
const std::vector<llvm::StringRef> kColorModes = {"grayscale", "rgb", "rgba"};
/// next_tokens: each position's target is the token after it (text data).
const std::vector<llvm::StringRef> kTargets = {"input", "labels", "next_tokens"};
const std::vector<llvm::StringRef> kMetrics = {"accuracy"};
/// flip_lr: one mirrored copy of every training image (the set doubles);
/// random_flip_lr: each image mirrored with probability 1/2 each epoch.
const std::vector<llvm::StringRef> kAugmentations = {"flip_lr", "random_flip_lr"};

std::vector<llvm::StringRef> namesOf(const std::vector<FunctionSpec> &specs) {
  std::vector<llvm::StringRef> names;
  for (const FunctionSpec &spec : specs)
    names.push_back(spec.name);
  return names;
}

class TrainBlockChecker {
public:
  TrainBlockChecker(const ast::Model &model) : model(model) {}
  bool check(ast::TrainBlock &block);

private:
  mlir::InFlightDiagnostic error(mlir::Location loc, const llvm::Twine &msg) {
    ++errorCount;
    return mlir::emitError(loc) << msg;
  }
  void checkSetting(ast::Setting &setting);
  void checkFunction(ast::Setting &setting, llvm::StringRef what,
                     const std::vector<FunctionSpec> &specs);
  bool checkValue(const ArgSpec &spec, llvm::StringRef function,
                  ast::Literal &value);
  bool checkPositiveInt(ast::Setting &setting);
  bool checkNameList(ast::Literal &value, llvm::StringRef key, llvm::StringRef what,
                     llvm::StringRef example,
                     const std::vector<llvm::StringRef> &known);
  void checkAugmentable(const ast::Setting &setting);
  void checkTextData(const llvm::StringMap<ast::Setting *> &byKey);
  void checkTestFiles(const llvm::StringMap<ast::Setting *> &byKey);
  void checkImageData(const llvm::StringMap<ast::Setting *> &byKey);
  void checkRateAndCallbacks(const llvm::StringMap<ast::Setting *> &byKey);
  ast::Literal makeDefault(const ArgSpec &spec, mlir::Location loc);

  const ast::Model &model;
  unsigned errorCount = 0;
};

} // namespace

ast::Literal TrainBlockChecker::makeDefault(const ArgSpec &spec,
                                            mlir::Location loc) {
  ast::Literal literal(loc);
  switch (spec.kind) {
  case ValueKind::Bool:
    literal.kind = LiteralKind::Bool;
    literal.boolValue = spec.defaultValue == "true";
    break;
  case ValueKind::PositiveInt:
  case ValueKind::NonNegativeInt:
    literal.kind = LiteralKind::Int;
    spec.defaultValue.getAsInteger(10, literal.intValue);
    break;
  case ValueKind::Monitor:
    literal.kind = LiteralKind::String;
    literal.text = spec.defaultValue.str();
    break;
  case ValueKind::String:
    literal.kind = LiteralKind::String;
    literal.text = spec.defaultValue.str();
    break;
  case ValueKind::Strings:
    literal.kind = LiteralKind::List;
    if (spec.defaultValue != kEmptyList) {
      ast::Literal name(loc);
      name.kind = LiteralKind::String;
      name.text = spec.defaultValue.str();
      literal.elements.push_back(std::move(name));
    }
    break;
  default:
    literal.kind = LiteralKind::Float;
    spec.defaultValue.getAsDouble(literal.floatValue);
    literal.numerator = literal.floatValue;
    break;
  }
  return literal;
}

bool TrainBlockChecker::checkValue(const ArgSpec &spec,
                                   llvm::StringRef function,
                                   ast::Literal &value) {
  std::string what = ("argument '" + spec.name + "' of '" + function + "'").str();
  bool isNumber =
      value.kind == LiteralKind::Int || value.kind == LiteralKind::Float;
  double number = value.kind == LiteralKind::Int ? double(value.intValue)
                                                 : value.floatValue;
  switch (spec.kind) {
  case ValueKind::PositiveNumber:
  case ValueKind::NonNegativeNumber:
  case ValueKind::UnitInterval:
  case ValueKind::OpenUnitInterval:
  case ValueKind::UnitFraction: {
    llvm::StringRef expected =
        spec.kind == ValueKind::PositiveNumber      ? "a positive number"
        : spec.kind == ValueKind::NonNegativeNumber ? "a number >= 0"
        : spec.kind == ValueKind::UnitInterval      ? "a number in [0, 1]"
        : spec.kind == ValueKind::OpenUnitInterval  ? "a number strictly between 0 and 1"
                                                    : "a number in [0, 1)";
    auto inRange = [&](double x) {
      if (spec.kind == ValueKind::PositiveNumber)
        return x > 0 && std::isfinite(x);
      if (spec.kind == ValueKind::NonNegativeNumber)
        return x >= 0 && std::isfinite(x);
      if (spec.kind == ValueKind::UnitInterval)
        return x >= 0 && x <= 1;
      if (spec.kind == ValueKind::OpenUnitInterval)
        return x > 0 && x < 1;
      return x >= 0 && x < 1;
    };
    // The generated code computes in f32, so the range holds for the f32
    // value too: 1e-50 is 0 there, 0.99999999 is 1 and 1e39 is infinite.
    llvm::APFloat single(number);
    bool losesInfo;
    single.convert(llvm::APFloat::IEEEsingle(), llvm::APFloat::rmNearestTiesToEven,
                   &losesInfo);
    double rounded = single.convertToDouble();
    if (!isNumber || !inRange(number)) {
      error(value.loc, what + " must be " + expected + ", got " + formatLiteral(value));
      return false;
    }
    if (!inRange(rounded)) {
      error(value.loc, what + " must be " + expected + ", got " + formatLiteral(value) +
                           ", which is " +
                           (single.isFinite()
                                ? llvm::formatv("{0}", llvm::format("%g", rounded)).str()
                                : std::string("infinite")) +
                           " in f32");
      return false;
    }
    value.kind = LiteralKind::Float;
    value.floatValue = number;
    return true;
  }
  case ValueKind::PositiveInt:
    if (value.kind == LiteralKind::Int && value.intValue > 0)
      return true;
    error(value.loc, what + " must be a positive integer, got " +
                         formatLiteral(value));
    return false;
  case ValueKind::NonNegativeInt:
    if (value.kind == LiteralKind::Int && value.intValue >= 0)
      return true;
    error(value.loc, what + " must be an integer >= 0, got " + formatLiteral(value));
    return false;
  case ValueKind::Monitor:
    if (value.kind == LiteralKind::String && llvm::is_contained(kMonitors, value.text))
      return true;
    error(value.loc, what + " must be one of \"loss\", \"val_loss\", \"accuracy\", "
                            "\"val_accuracy\", got " + formatLiteral(value) +
                         (value.kind == LiteralKind::String ? didYouMean(value.text, kMonitors)
                                                            : ""));
    return false;
  case ValueKind::ImageSize:
    if (value.kind == LiteralKind::List && value.elements.size() == 2 &&
        llvm::all_of(value.elements, [](const ast::Literal &element) {
          return element.kind == LiteralKind::Int && element.intValue > 0;
        }))
      return true;
    error(value.loc, what + " must be [height, width], two positive integers, got " +
                         formatLiteral(value));
    return false;
  case ValueKind::ColorMode:
    if ((value.kind == LiteralKind::Identifier || value.kind == LiteralKind::String) &&
        llvm::is_contained(kColorModes, value.text)) {
      value.kind = LiteralKind::String; // `grayscale` is "grayscale"
      return true;
    }
    error(value.loc, what + " must be grayscale, rgb or rgba, got " + formatLiteral(value) +
                         (value.kind == LiteralKind::Identifier ||
                                  value.kind == LiteralKind::String
                              ? didYouMean(value.text, kColorModes)
                              : ""));
    return false;
  case ValueKind::PositiveInts:
  case ValueKind::PositiveNumbers: {
    bool ints = spec.kind == ValueKind::PositiveInts;
    bool ok = value.kind == LiteralKind::List && !value.elements.empty();
    for (ast::Literal &element : value.elements) {
      if (ints) {
        ok &= element.kind == LiteralKind::Int && element.intValue > 0;
        continue;
      }
      bool number = element.kind == LiteralKind::Int || element.kind == LiteralKind::Float;
      double x = element.kind == LiteralKind::Int ? double(element.intValue) : element.floatValue;
      ok &= number && x > 0 && std::isfinite(float(x));
      if (number) {
        element.kind = LiteralKind::Float;
        element.floatValue = x;
      }
    }
    if (ok && ints)
      for (size_t i = 1; i < value.elements.size(); ++i)
        ok &= value.elements[i].intValue > value.elements[i - 1].intValue;
    if (ok)
      return true;
    error(value.loc, what + " must be a list of " +
                         (ints ? "ascending positive integers" : "positive numbers") +
                         ", got " + formatLiteral(value));
    return false;
  }
  case ValueKind::ClassIndex:
    if (value.kind == LiteralKind::Int && value.intValue >= 0)
      return true;
    error(value.loc, what + " must be a class index (an integer >= 0), got " +
                         formatLiteral(value));
    return false;
  case ValueKind::Bool:
    if (value.kind == LiteralKind::Bool)
      return true;
    error(value.loc,
          what + " must be true or false, got " + formatLiteral(value));
    return false;
  case ValueKind::String:
    if (value.kind == LiteralKind::String)
      return true;
    error(value.loc, what + " must be a string in double quotes, got " +
                         formatLiteral(value));
    return false;
  case ValueKind::Strings: {
    if (value.kind == LiteralKind::String) { // "digit" is ["digit"]
      ast::Literal element = value;
      value.kind = LiteralKind::List;
      value.text.clear();
      value.elements = {std::move(element)};
    }
    bool allStrings = value.kind == LiteralKind::List &&
                      llvm::all_of(value.elements, [](const ast::Literal &element) {
                        return element.kind == LiteralKind::String;
                      });
    if (allStrings)
      return true;
    error(value.loc, what + " must be a column name in double quotes or a list of "
                            "them, got " + formatLiteral(value));
    return false;
  }
  }
  return false;
}

void TrainBlockChecker::checkFunction(ast::Setting &setting,
                                      llvm::StringRef what,
                                      const std::vector<FunctionSpec> &specs) {
  if (!setting.callee) {
    if (setting.value.kind != LiteralKind::Identifier) {
      error(setting.value.loc, "'" + setting.key + "' must be one of " +
                                   joinNames(namesOf(specs)) + ", got " +
                                   formatLiteral(setting.value));
      return;
    }
    setting.callee = setting.value.text; // `loss = mse` is `loss = mse()`
  }
  const FunctionSpec *spec = nullptr;
  for (const FunctionSpec &candidate : specs)
    if (candidate.name == *setting.callee)
      spec = &candidate;
  if (!spec) {
    error(setting.value.loc, "unknown " + what + " '" + *setting.callee +
                                 "'; expected one of " +
                                 joinNames(namesOf(specs)) +
                                 didYouMean(*setting.callee, namesOf(specs)));
    return;
  }

  std::vector<const ast::Argument *> bound(spec->args.size(), nullptr);
  size_t nextPositional = 0;
  for (const ast::Argument &arg : setting.callArgs) {
    size_t index = spec->args.size();
    if (arg.name.empty()) {
      if (nextPositional >= spec->args.size()) {
        error(arg.loc, "too many positional arguments for " + what + " '" +
                           spec->name + "'");
        break;
      }
      index = nextPositional++;
    } else {
      std::vector<llvm::StringRef> names;
      for (auto [i, argSpec] : llvm::enumerate(spec->args)) {
        names.push_back(argSpec.name);
        if (argSpec.name == arg.name)
          index = i;
      }
      if (index == spec->args.size()) {
        error(arg.loc, "unknown argument '" + arg.name + "' for " + what +
                           " '" + spec->name + "'" +
                           (names.empty() ? std::string("; it takes none")
                                          : didYouMean(arg.name, names)));
        continue;
      }
    }
    if (bound[index]) {
      error(arg.loc, "argument '" + spec->args[index].name + "' of '" +
                         spec->name + "' is given twice")
              .attachNote(bound[index]->loc)
          << "first given here";
      continue;
    }
    bound[index] = &arg;
  }

  std::vector<ast::Argument> resolved;
  for (auto [index, argSpec] : llvm::enumerate(spec->args)) {
    if (const ast::Argument *arg = bound[index]) {
      ast::Argument copy{argSpec.name.str(), arg->value, arg->loc};
      checkValue(argSpec, spec->name, copy.value);
      resolved.push_back(std::move(copy));
    } else if (argSpec.defaultValue == kNone) {
      continue; // absent, as Keras's None
    } else if (argSpec.defaultValue.empty()) {
      error(setting.value.loc, "missing required argument '" + argSpec.name +
                                   "' of " + what + " '" + spec->name + "'");
    } else {
      resolved.push_back({argSpec.name.str(),
                          makeDefault(argSpec, setting.value.loc),
                          setting.value.loc});
    }
  }
  setting.callArgs = std::move(resolved);
  setting.value.kind = LiteralKind::Identifier;
  setting.value.text = *setting.callee;
}

bool TrainBlockChecker::checkPositiveInt(ast::Setting &setting) {
  if (setting.value.kind == LiteralKind::Int && setting.value.intValue > 0)
    return true;
  error(setting.value.loc, "'" + setting.key +
                               "' must be a positive integer, got " +
                               formatLiteral(setting.value));
  return false;
}

void TrainBlockChecker::checkSetting(ast::Setting &setting) {
  llvm::StringRef key = setting.key;
  if (key == "loss")
    return checkFunction(setting, "loss", losses());
  if (key == "optimizer")
    return checkFunction(setting, "optimizer", optimizers());
  if (key == "data")
    return checkFunction(setting, "data source", dataSources());
  if (key == "schedule")
    return checkFunction(setting, "learning-rate schedule", schedules());
  if (key == "callbacks") {
    if (setting.callee || (!setting.isCallList && (setting.value.kind != LiteralKind::List ||
                                                   !setting.value.elements.empty()))) {
      error(setting.value.loc, "'callbacks' must be a list of calls, as in "
                               "'[early_stopping(patience=3)]', got " +
                                   (setting.callee ? "'" + *setting.callee + "(...)'"
                                                   : formatLiteral(setting.value)));
      return;
    }
    llvm::StringMap<mlir::Location> seen;
    for (ast::Setting &call : setting.calls) {
      checkFunction(call, "callback", callbacks());
      auto [previous, inserted] = seen.try_emplace(*call.callee, call.loc);
      if (!inserted)
        error(call.loc, "callback '" + *call.callee + "' is given twice").attachNote(
            previous->second)
            << "first given here";
    }
    return;
  }

  if (setting.callee) {
    error(setting.value.loc, "'" + setting.key + "' takes a value, not a call");
    return;
  }
  ast::Literal &value = setting.value;
  if (key == "target") {
    if (value.kind != LiteralKind::Identifier ||
        !llvm::is_contained(kTargets, value.text))
      error(value.loc, "'target' must be 'input' (an autoencoder learns to "
                       "reproduce its input), 'labels' or 'next_tokens' (a "
                       "language model learns the next word of text), got " +
                           formatLiteral(value) +
                           (value.kind == LiteralKind::Identifier
                                ? didYouMean(value.text, kTargets)
                                : ""));
  } else if (key == "epochs" || key == "batch") {
    checkPositiveInt(setting);
  } else if (key == "shuffle") {
    if (value.kind != LiteralKind::Bool)
      error(value.loc,
            "'shuffle' must be true or false, got " + formatLiteral(value));
  } else if (key == "validation") {
    bool isTest = value.kind == LiteralKind::Identifier && value.text == "test";
    bool isFraction = value.kind == LiteralKind::Float &&
                      value.floatValue > 0 && value.floatValue < 1;
    if (!isTest && !isFraction)
      error(value.loc, "'validation' must be 'test' (the test split) or a "
                       "fraction of the training data strictly between 0 "
                       "and 1, got " +
                           formatLiteral(value));
  } else if (key == "metrics") {
    checkNameList(value, key, "metric", "[accuracy]", kMetrics);
  } else if (key == "augment") {
    if (checkNameList(value, key, "augmentation", "[flip_lr]", kAugmentations))
      checkAugmentable(setting);
  }
}

bool TrainBlockChecker::checkNameList(ast::Literal &value, llvm::StringRef key,
                                      llvm::StringRef what,
                                      llvm::StringRef example,
                                      const std::vector<llvm::StringRef> &known) {
  if (value.kind == LiteralKind::Identifier) { // `metrics = accuracy`
    ast::Literal single = value;
    value.kind = LiteralKind::List;
    value.text.clear();
    value.elements = {single};
  }
  if (value.kind != LiteralKind::List) {
    error(value.loc, "'" + key + "' must be a list of " + what + " names, as in " +
                         example + ", got " + formatLiteral(value));
    return false;
  }
  bool ok = true;
  llvm::StringMap<mlir::Location> seen;
  for (const ast::Literal &name : value.elements) {
    if (name.kind != LiteralKind::Identifier ||
        !llvm::is_contained(known, name.text)) {
      error(name.loc, "unknown " + what + " " + formatLiteral(name) +
                          "; expected one of " + joinNames(known) +
                          (name.kind == LiteralKind::Identifier
                               ? didYouMean(name.text, known)
                               : ""));
      ok = false;
      continue;
    }
    auto [it, inserted] = seen.try_emplace(name.text, name.loc);
    if (!inserted) {
      error(name.loc, what + " '" + name.text + "' is listed twice")
              .attachNote(it->second)
          << "first listed here";
      ok = false;
    }
  }
  return ok;
}

/// Flips mirror images left to right: the model needs one input of rank 3
/// (height, width, channels). Both flips at once would mirror twice.
void TrainBlockChecker::checkAugmentable(const ast::Setting &setting) {
  const ast::Literal &value = setting.value;
  if (value.elements.size() > 1) {
    error(value.elements[1].loc,
          "'flip_lr' and 'random_flip_lr' exclude each other; choose one");
    return;
  }
  if (value.elements.empty())
    return;
  std::vector<const ast::InputDecl *> inputs;
  for (const ast::Statement &statement : model.statements)
    if (statement.kind == ast::Statement::Kind::Input)
      inputs.push_back(&statement.input);
  std::string flip = value.elements[0].text;
  if (inputs.size() != 1) {
    error(setting.loc, "'" + flip + "' needs a model with one image input; model '" +
                           model.name + "' has " + std::to_string(inputs.size()) +
                           " inputs");
    return;
  }
  if (inputs[0]->shape.size() != 3)
    error(setting.loc, "'" + flip + "' mirrors images: input '" + inputs[0]->name +
                           "' must have 3 dimensions (height, width, channels) "
                           "besides the batch, but it has " +
                           std::to_string(inputs[0]->shape.size()));
}

/// A piecewise schedule has a value per interval; a callback watches what the
/// run logs; reduce_lr_on_plateau sets the rate a schedule would set.
void TrainBlockChecker::checkRateAndCallbacks(const llvm::StringMap<ast::Setting *> &byKey) {
  ast::Setting *schedule = byKey.lookup("schedule");
  if (schedule && schedule->callee == "piecewise_constant_decay") {
    const ast::Argument *boundaries = nullptr, *values = nullptr;
    for (const ast::Argument &arg : schedule->callArgs)
      (arg.name == "boundaries" ? boundaries : values) = &arg;
    if (values->value.elements.size() != boundaries->value.elements.size() + 1)
      error(values->loc, "piecewise_constant_decay needs one value more than its " +
                             std::to_string(boundaries->value.elements.size()) +
                             " boundaries, got " +
                             std::to_string(values->value.elements.size()));
  }
  ast::Setting *callbacksSetting = byKey.lookup("callbacks");
  if (!callbacksSetting)
    return;
  ast::Setting *metrics = byKey.lookup("metrics");
  bool accuracy = metrics && llvm::any_of(metrics->value.elements, [](const ast::Literal &m) {
                    return m.text == "accuracy";
                  });
  bool validation = byKey.count("validation");
  for (const ast::Setting &call : callbacksSetting->calls) {
    if (call.callee == "reduce_lr_on_plateau" && schedule)
      error(call.loc, "reduce_lr_on_plateau sets the learning rate, which the "
                      "schedule '" + *schedule->callee + "' already sets; use one of them")
              .attachNote(schedule->loc)
          << "the schedule is set here";
    for (const ast::Argument &arg : call.callArgs) {
      if (arg.name != "monitor")
        continue;
      llvm::StringRef monitor = arg.value.text;
      if (monitor.starts_with("val_") && !validation)
        error(arg.loc, "'" + *call.callee + "' watches '" + monitor.str() +
                           "', but the train block sets no 'validation'");
      if (monitor.ends_with("accuracy") && !accuracy)
        error(arg.loc, "'" + *call.callee + "' watches '" + monitor.str() +
                           "', which needs 'metrics = [accuracy]'");
    }
  }
}

/// `validation = test` reads the npy data's test arrays, or the csv data's
/// test file: they must be named.
void TrainBlockChecker::checkTestFiles(const llvm::StringMap<ast::Setting *> &byKey) {
  ast::Setting *data = byKey.lookup("data");
  ast::Setting *validation = byKey.lookup("validation");
  if (!data || !validation || validation->value.kind != LiteralKind::Identifier)
    return;
  if (data->callee == "csv" || data->callee == "images") {
    bool isCsv = data->callee == "csv";
    if (!llvm::any_of(data->callArgs, [](const ast::Argument &arg) { return arg.name == "test"; }))
      error(validation->value.loc,
            "'validation = test' needs the " + *data->callee + " data's test " +
                (isCsv ? "file" : "folder") + ": give 'test' in '" + *data->callee +
                "(...)', or hold out a fraction ('validation = 0.1')")
              .attachNote(data->loc)
          << "the " << *data->callee << " data is set here";
    return;
  }
  if (data->callee != "npy")
    return;
  ast::Setting *target = byKey.lookup("target");
  bool labelsNeeded = !target || target->value.text != "input";
  auto given = [&](llvm::StringRef name) {
    return llvm::any_of(data->callArgs, [&](const ast::Argument &arg) {
      return arg.name == name && !arg.value.text.empty();
    });
  };
  for (llvm::StringRef name : {"x_test", "y_test"})
    if (!given(name) && (name == "x_test" || labelsNeeded))
      error(validation->value.loc,
            "'validation = test' needs the npy data's test arrays: give '" + name +
                "' in 'npy(...)', or hold out a fraction ('validation = 0.1')")
              .attachNote(data->loc)
          << "the npy data is set here";
}

/// Images feed one input [height, width, channels]: `size` and `color`
/// default to it, and when given must agree with it.
void TrainBlockChecker::checkImageData(const llvm::StringMap<ast::Setting *> &byKey) {
  ast::Setting *data = byKey.lookup("data");
  if (!data || data->callee != "images")
    return;
  std::vector<const ast::Statement *> inputs;
  for (const ast::Statement &statement : model.statements)
    if (statement.kind == ast::Statement::Kind::Input)
      inputs.push_back(&statement);
  if (inputs.size() != 1 || inputs[0]->input.shape.size() != 3) {
    error(data->loc, "images data feeds one input of shape [height, width, channels]; " +
                         (inputs.size() != 1
                              ? "model '" + model.name + "' has " +
                                    std::to_string(inputs.size()) + " inputs"
                              : "input '" + inputs[0]->input.name + "' has " +
                                    std::to_string(inputs[0]->input.shape.size()) +
                                    (inputs[0]->input.shape.size() == 1 ? " dimension"
                                                                        : " dimensions") +
                                    " besides the batch"));
    return;
  }
  const ast::InputDecl &input = inputs[0]->input;
  mlir::Location inputLoc = inputs[0]->loc;
  int64_t channels = input.shape[2];
  if (channels != 1 && channels != 3 && channels != 4) {
    error(data->loc, "images data gives 1 (grayscale), 3 (rgb) or 4 (rgba) channels, but "
                     "input '" + input.name + "' has " + std::to_string(channels))
            .attachNote(inputLoc)
        << "the input is declared here";
    return;
  }
  llvm::StringRef inputColor = kColorModes[channels == 1 ? 0 : channels == 3 ? 1 : 2];
  auto find = [&](llvm::StringRef name) -> ast::Argument * {
    for (ast::Argument &arg : data->callArgs)
      if (arg.name == name)
        return &arg;
    return nullptr;
  };
  if (ast::Argument *size = find("size")) {
    int64_t height = size->value.elements[0].intValue, width = size->value.elements[1].intValue;
    if (height != input.shape[0] || width != input.shape[1])
      error(size->loc, "images of size [" + std::to_string(height) + ", " +
                           std::to_string(width) + "] do not fit input '" + input.name +
                           "' of height " + std::to_string(input.shape[0]) +
                           " and width " + std::to_string(input.shape[1]))
              .attachNote(inputLoc)
          << "the input is declared here";
  } else {
    ast::Literal inputSize(data->loc);
    inputSize.kind = LiteralKind::List;
    for (int64_t extent : {input.shape[0], input.shape[1]}) {
      ast::Literal element(data->loc);
      element.kind = LiteralKind::Int;
      element.intValue = extent;
      inputSize.elements.push_back(std::move(element));
    }
    data->callArgs.push_back({"size", std::move(inputSize), data->loc});
  }
  if (ast::Argument *color = find("color")) {
    if (color->value.text != inputColor)
      error(color->loc, "color mode '" + color->value.text + "' gives " +
                            (color->value.text == "grayscale" ? "1 channel"
                             : color->value.text == "rgb"     ? "3 channels"
                                                              : "4 channels") +
                            ", but input '" + input.name + "' has " +
                            std::to_string(channels))
              .attachNote(inputLoc)
          << "the input is declared here";
  } else {
    ast::Literal mode(data->loc);
    mode.kind = LiteralKind::String;
    mode.text = inputColor.str();
    data->callArgs.push_back({"color", std::move(mode), data->loc});
  }
  // Back in the signature's order, as checkFunction leaves arguments.
  const std::vector<ArgSpec> &signature =
      llvm::find_if(dataSources(), [](const FunctionSpec &spec) { return spec.name == "images"; })
          ->args;
  auto position = [&](const ast::Argument &arg) {
    return llvm::find_if(signature, [&](const ArgSpec &spec) { return spec.name == arg.name; }) -
           signature.begin();
  };
  std::stable_sort(data->callArgs.begin(), data->callArgs.end(),
                   [&](const ast::Argument &a, const ast::Argument &b) {
                     return position(a) < position(b);
                   });
}

/// Text data trains a language model: the target of each position is the
/// token after it, a class index for sparse_categorical_crossentropy, and the
/// model reads a sentence less its last token ([max_tokens - 1]).
void TrainBlockChecker::checkTextData(const llvm::StringMap<ast::Setting *> &byKey) {
  ast::Setting *data = byKey.lookup("data");
  ast::Setting *target = byKey.lookup("target");
  ast::Setting *loss = byKey.lookup("loss");
  bool isText = data && data->callee == "text";
  bool nextTokens = target && target->value.text == "next_tokens";
  if (!isText) {
    if (nextTokens)
      error(target->value.loc,
            "'target = next_tokens' needs text data, as in 'data = text(\"" +
                kDefaultCorpus + "\")'" +
                (data ? ", not '" + *data->callee + "'" : std::string()));
    return;
  }
  if (target && !nextTokens)
    error(target->value.loc, "text data gives the next token of each position "
                             "as the target: write 'target = next_tokens', not '" +
                                 target->value.text + "'");
  if (loss && loss->callee != "sparse_categorical_crossentropy")
    error(loss->value.loc, "text data gives token indices as targets: the loss "
                           "must be sparse_categorical_crossentropy, not '" +
                               *loss->callee + "'");

  int64_t maxTokens = 0;
  for (const ast::Argument &arg : data->callArgs)
    if (arg.name == "max_tokens") {
      maxTokens = arg.value.intValue;
      if (maxTokens < 3) {
        error(arg.value.loc, "argument 'max_tokens' of 'text' must be at least 3 "
                             "(<start>, a word, <end>), got " +
                                 std::to_string(maxTokens));
        return;
      }
    }
  std::vector<const ast::Statement *> inputs;
  for (const ast::Statement &statement : model.statements)
    if (statement.kind == ast::Statement::Kind::Input)
      inputs.push_back(&statement);
  if (inputs.size() != 1) {
    error(data->loc, "text data needs a model with one input (the tokens of a "
                     "sentence); model '" + model.name + "' has " +
                         std::to_string(inputs.size()));
    return;
  }
  const ast::InputDecl &input = inputs[0]->input;
  if (input.shape.size() == 1 && input.shape[0] == maxTokens - 1)
    return;
  std::string shape;
  for (int64_t dim : input.shape)
    shape += (shape.empty() ? "" : ", ") + std::to_string(dim);
  error(inputs[0]->loc, "input '" + input.name + "' must have shape [" +
                            std::to_string(maxTokens - 1) +
                            "] to read text with max_tokens=" +
                            std::to_string(maxTokens) +
                            " (a sentence less its last token), got [" + shape +
                            "]")
          .attachNote(data->loc)
      << "the text data is set here";
}

bool TrainBlockChecker::check(ast::TrainBlock &block) {
  llvm::StringMap<ast::Setting *> byKey;
  for (ast::Setting &setting : block.settings) {
    if (!llvm::is_contained(kKeys, setting.key)) {
      error(setting.loc, "unknown train setting '" + setting.key +
                             "'; expected one of " + joinNames(kKeys) +
                             didYouMean(setting.key, kKeys));
      continue;
    }
    auto [it, inserted] = byKey.try_emplace(setting.key, &setting);
    if (!inserted) {
      error(setting.loc, "train setting '" + setting.key + "' is given twice")
              .attachNote(it->second->loc)
          << "first given here";
      continue;
    }
    checkSetting(setting);
  }
  for (llvm::StringRef required : {"loss", "optimizer"})
    if (!byKey.count(required))
      error(block.loc, "the train block of model '" + model.name +
                           "' has no '" + required + "' setting");
  if (errorCount)
    return false;
  checkTextData(byKey);
  checkTestFiles(byKey);
  checkImageData(byKey);
  checkRateAndCallbacks(byKey);
  if (errorCount)
    return false;
  ast::Setting *data = byKey.lookup("data");
  bool isText = data && data->callee == "text";

  // Canonical order, with the fit() defaults of Keras filled in.
  std::vector<ast::Setting> ordered;
  for (llvm::StringRef key : kKeys) {
    if (ast::Setting *setting = byKey.lookup(key)) {
      ordered.push_back(std::move(*setting));
      continue;
    }
    ast::Setting filled{key.str(), block.loc, ast::Literal(block.loc),
                        std::nullopt, {}};
    if (key == "target") {
      filled.value.kind = LiteralKind::Identifier;
      filled.value.text = isText ? "next_tokens" : "labels";
    } else if (key == "epochs" || key == "batch") {
      filled.value.kind = LiteralKind::Int;
      filled.value.intValue = key == "epochs" ? 1 : 32;
    } else if (key == "shuffle") {
      filled.value.kind = LiteralKind::Bool;
      filled.value.boolValue = true;
    } else if (key == "metrics" || key == "augment") {
      filled.value.kind = LiteralKind::List;
    } else {
      continue; // validation, data, schedule and callbacks have no default
    }
    ordered.push_back(std::move(filled));
  }
  block.settings = std::move(ordered);
  return true;
}

bool nnc::checkTrainBlock(const ast::Model &model, ast::TrainBlock &block) {
  return TrainBlockChecker(model).check(block);
}
