//===- TrainAttribute.cpp - The train block as an attribute ---------------===//

#include "MLIRGen/TrainAttribute.h"

#include "llvm/ADT/StringMap.h"

using namespace nnc;
using namespace mlir;

namespace {

/// The settings of a checked block by key, and their call arguments by name.
class CheckedBlock {
public:
  explicit CheckedBlock(const ast::TrainBlock &train) {
    for (const ast::Setting &setting : train.settings)
      settings[setting.key] = &setting;
  }

  const ast::Setting *find(StringRef key) const { return settings.lookup(key); }
  const ast::Setting &get(StringRef key) const { return *settings.lookup(key); }

  static const ast::Literal *findArg(const ast::Setting &setting, StringRef name) {
    for (const ast::Argument &arg : setting.callArgs)
      if (arg.name == name)
        return &arg.value;
    return nullptr;
  }
  /// Rates are Float literals after checking.
  static APFloat getReal(const ast::Setting &setting, StringRef name) {
    return APFloat(findArg(setting, name)->floatValue);
  }

private:
  llvm::StringMap<const ast::Setting *> settings;
};

nn::OptimizerAttrInterface buildOptimizer(MLIRContext *context,
                                          const ast::Setting &optimizer) {
  auto real = [&](StringRef name) { return CheckedBlock::getReal(optimizer, name); };
  StringRef name = *optimizer.callee;
  if (name == nn::SgdAttr::getMnemonic())
    return nn::SgdAttr::get(context, real("learning_rate"), real("momentum"),
                            CheckedBlock::findArg(optimizer, "nesterov")->boolValue);
  if (name == nn::AdamAttr::getMnemonic())
    return nn::AdamAttr::get(context, real("learning_rate"), real("beta_1"),
                             real("beta_2"), real("epsilon"));
  if (name == nn::AdadeltaAttr::getMnemonic())
    return nn::AdadeltaAttr::get(context, real("learning_rate"), real("rho"),
                                 real("epsilon"));
  if (name == nn::RmspropAttr::getMnemonic())
    return nn::RmspropAttr::get(context, real("learning_rate"), real("rho"),
                                real("momentum"), real("epsilon"));
  return nullptr;
}

Attribute buildData(MLIRContext *context, const ast::Setting &data) {
  StringRef path = CheckedBlock::findArg(data, "path")->text;
  if (*data.callee == nn::IdxDataAttr::getMnemonic())
    return nn::IdxDataAttr::get(context, path);
  if (*data.callee == nn::NpyDataAttr::getMnemonic()) {
    auto text = [&](StringRef name) -> StringRef {
      const ast::Literal *arg = CheckedBlock::findArg(data, name);
      return arg ? StringRef(arg->text) : StringRef(); // x_test, y_test: None
    };
    const ast::Literal *scale = CheckedBlock::findArg(data, "scale");
    return nn::NpyDataAttr::get(context, path, text("x"), text("y"), text("x_test"),
                                text("y_test"), APFloat(scale->numerator),
                                APFloat(scale->denominator));
  }
  if (*data.callee == nn::NpzDataAttr::getMnemonic()) {
    auto text = [&](StringRef name) { return StringRef(CheckedBlock::findArg(data, name)->text); };
    const ast::Literal *scale = CheckedBlock::findArg(data, "scale");
    return nn::NpzDataAttr::get(context, path, text("x"), text("y"), text("x_test"),
                                text("y_test"), APFloat(scale->numerator),
                                APFloat(scale->denominator));
  }
  if (*data.callee == nn::CsvDataAttr::getMnemonic()) {
    auto names = [&](StringRef key) {
      SmallVector<Attribute> columns;
      for (const ast::Literal &name : CheckedBlock::findArg(data, key)->elements)
        columns.push_back(StringAttr::get(context, name.text));
      return ArrayAttr::get(context, columns);
    };
    const ast::Literal *scale = CheckedBlock::findArg(data, "scale");
    const ast::Literal *test = CheckedBlock::findArg(data, "test");
    return nn::CsvDataAttr::get(context, path, names("label"), names("drop"),
                                APFloat(scale->numerator), APFloat(scale->denominator),
                                test ? StringRef(test->text) : StringRef());
  }
  if (*data.callee == nn::ImagesDataAttr::getMnemonic()) {
    // The checker filled size and color in from the model's input.
    const ast::Literal *size = CheckedBlock::findArg(data, "size");
    const ast::Literal *scale = CheckedBlock::findArg(data, "scale");
    const ast::Literal *test = CheckedBlock::findArg(data, "test");
    return nn::ImagesDataAttr::get(context, path, size->elements[0].intValue,
                                   size->elements[1].intValue,
                                   CheckedBlock::findArg(data, "color")->text,
                                   APFloat(scale->numerator), APFloat(scale->denominator),
                                   test ? StringRef(test->text) : StringRef(),
                                   CheckedBlock::findArg(data, "seed")->intValue);
  }
  if (*data.callee == nn::TextDataAttr::getMnemonic())
    return nn::TextDataAttr::get(context, path,
                                 CheckedBlock::findArg(data, "num_words")->intValue,
                                 CheckedBlock::findArg(data, "max_tokens")->intValue);
  return nullptr;
}

Attribute buildSchedule(MLIRContext *context, const ast::Setting &schedule) {
  auto arg = [&](StringRef name) { return CheckedBlock::findArg(schedule, name); };
  StringRef name = *schedule.callee;
  if (name == nn::ExponentialDecayAttr::getMnemonic())
    return nn::ExponentialDecayAttr::get(context, arg("decay_steps")->intValue,
                                         CheckedBlock::getReal(schedule, "decay_rate"),
                                         arg("staircase")->boolValue);
  if (name == nn::CosineDecayAttr::getMnemonic())
    return nn::CosineDecayAttr::get(context, arg("decay_steps")->intValue,
                                    CheckedBlock::getReal(schedule, "alpha"));
  if (name == nn::PiecewiseConstantDecayAttr::getMnemonic()) {
    SmallVector<int64_t> boundaries;
    SmallVector<Attribute> values;
    for (const ast::Literal &boundary : arg("boundaries")->elements)
      boundaries.push_back(boundary.intValue);
    for (const ast::Literal &value : arg("values")->elements)
      values.push_back(FloatAttr::get(Float64Type::get(context), value.floatValue));
    return nn::PiecewiseConstantDecayAttr::get(
        context, DenseI64ArrayAttr::get(context, boundaries), ArrayAttr::get(context, values));
  }
  return nullptr;
}

Attribute buildCallback(MLIRContext *context, const ast::Setting &callback) {
  auto arg = [&](StringRef name) { return CheckedBlock::findArg(callback, name); };
  auto real = [&](StringRef name) { return CheckedBlock::getReal(callback, name); };
  StringRef name = *callback.callee;
  if (name == nn::EarlyStoppingAttr::getMnemonic())
    return nn::EarlyStoppingAttr::get(context, arg("monitor")->text, real("min_delta"),
                                      arg("patience")->intValue,
                                      arg("restore_best_weights")->boolValue);
  if (name == nn::ReduceLrOnPlateauAttr::getMnemonic())
    return nn::ReduceLrOnPlateauAttr::get(context, arg("monitor")->text, real("factor"),
                                          arg("patience")->intValue, real("min_delta"),
                                          arg("cooldown")->intValue, real("min_lr"));
  if (name == nn::ModelCheckpointAttr::getMnemonic())
    return nn::ModelCheckpointAttr::get(context, arg("path")->text, arg("monitor")->text,
                                        arg("save_best_only")->boolValue);
  return nullptr;
}

/// The identifiers of a list setting as enum values; false if one has none.
template <typename Enum>
bool buildList(const ast::Setting &setting,
               std::optional<Enum> (*symbolize)(StringRef),
               SmallVectorImpl<Enum> &values) {
  for (const ast::Literal &element : setting.value.elements) {
    std::optional<Enum> value = symbolize(element.text);
    if (!value)
      return false;
    values.push_back(*value);
  }
  return true;
}

} // namespace

nn::TrainAttr nnc::buildTrainAttribute(MLIRContext *context, const ast::TrainBlock &train) {
  auto fail = [&](const Twine &what) {
    emitError(train.loc) << "the nn dialect cannot hold this train block's " << what;
    return nn::TrainAttr();
  };
  CheckedBlock block(train);
  const ast::Setting &lossSetting = block.get("loss");

  std::optional<nn::Target> target = nn::symbolizeTarget(block.get("target").value.text);
  if (!target)
    return fail("target");
  std::optional<nn::Loss> loss = nn::symbolizeLoss(*lossSetting.callee);
  if (!loss)
    return fail("loss");
  const ast::Literal *fromLogits = CheckedBlock::findArg(lossSetting, "from_logits");
  std::optional<int64_t> ignoreClass;
  if (const ast::Literal *ignore = CheckedBlock::findArg(lossSetting, "ignore_class"))
    ignoreClass = ignore->intValue;
  nn::OptimizerAttrInterface optimizer = buildOptimizer(context, block.get("optimizer"));
  if (!optimizer)
    return fail("optimizer");

  nn::Validation validation;
  if (const ast::Setting *setting = block.find("validation"))
    validation = setting->value.kind == ast::Literal::Kind::Float
                     ? nn::Validation::ofFraction(setting->value.floatValue)
                     : nn::Validation::testSplit();
  Attribute data;
  if (const ast::Setting *setting = block.find("data"))
    if (!(data = buildData(context, *setting)))
      return fail("data source");

  Attribute schedule;
  if (const ast::Setting *setting = block.find("schedule"))
    if (!(schedule = buildSchedule(context, *setting)))
      return fail("schedule");
  ArrayAttr callbacks;
  if (const ast::Setting *setting = block.find("callbacks")) {
    SmallVector<Attribute> built;
    for (const ast::Setting &call : setting->calls) {
      built.push_back(buildCallback(context, call));
      if (!built.back())
        return fail("callback");
    }
    callbacks = ArrayAttr::get(context, built);
  }

  SmallVector<nn::Metric> metrics;
  SmallVector<nn::Augmentation> augment;
  if (!buildList(block.get("metrics"), nn::symbolizeMetric, metrics))
    return fail("metrics");
  if (!buildList(block.get("augment"), nn::symbolizeAugmentation, augment))
    return fail("augmentations");

  return nn::TrainAttr::getChecked(
      [&] { return emitError(train.loc); }, context, *target, *loss,
      fromLogits && fromLogits->boolValue, ignoreClass, optimizer,
      block.get("epochs").value.intValue, block.get("batch").value.intValue,
      block.get("shuffle").value.boolValue, validation, data, ArrayRef<nn::Metric>(metrics),
      ArrayRef<nn::Augmentation>(augment), schedule, callbacks);
}
