//===- ModelSummary.cpp - Keras-style summary rows of a model -------------===//

#include "Driver/ModelSummary.h"

#include "nn/IR/NNOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

#include <array>
#include <cmath>
#include <optional>

using namespace nnc;

namespace {

/// What one pixel of an image value sees of the model's input image: `size`
/// input pixels along (height, width), its neighbours being `jump` input
/// pixels apart. The usual recurrence: a window of k taps moved by stride s
/// gives size += (k - 1) * jump and jump *= s; upsampling by s divides the
/// jump. Images (batch, height, width, channels) have one, and so do
/// sequences (batch, steps, features), in steps: an image one pixel wide.
struct ReceptiveField {
  std::array<double, 2> size = {1, 1}, jump = {1, 1};

  ReceptiveField window(llvm::ArrayRef<int64_t> taps,
                        llvm::ArrayRef<int64_t> strides) const {
    ReceptiveField result = *this;
    for (int axis = 0; axis < 2; ++axis) {
      result.size[axis] += static_cast<double>(taps[axis] - 1) * jump[axis];
      result.jump[axis] *= static_cast<double>(strides[axis]);
    }
    return result;
  }

  /// Each output pixel comes from ceil(taps / s) input pixels per axis (1 for
  /// plain upsampling), whose spacing is then divided by s.
  ReceptiveField upsample(llvm::ArrayRef<int64_t> taps,
                          llvm::ArrayRef<int64_t> factors) const {
    ReceptiveField result = *this;
    for (int axis = 0; axis < 2; ++axis) {
      int64_t sources = (taps[axis] + factors[axis] - 1) / factors[axis];
      result.size[axis] += static_cast<double>(sources - 1) * jump[axis];
      result.jump[axis] /= static_cast<double>(factors[axis]);
    }
    return result;
  }

  /// "7x7" for an image, "7" (steps) for a sequence; a fractional size
  /// (after upsampling) is rounded up: the most input pixels a pixel can
  /// see, whatever its alignment.
  std::string format(bool sequence) const {
    auto whole = [](double value) {
      return std::to_string(static_cast<int64_t>(std::ceil(value - 1e-9)));
    };
    return sequence ? whole(size[0]) : whole(size[0]) + "x" + whole(size[1]);
  }
};

using MaybeField = std::optional<ReceptiveField>;

int64_t rankOf(mlir::Value value) {
  return llvm::cast<mlir::RankedTensorType>(value.getType()).getRank();
}

/// An image (rank 4) or a sequence (rank 3): a layout with places to see.
bool hasSpatialLayout(mlir::Value value) {
  int64_t rank = rankOf(value);
  return rank == 3 || rank == 4;
}

/// The receptive field of `op`'s result from those of its data operands
/// (`inputs`, parameters left out), following the op's spatial footprint
/// (LayerOpInterface); none once the image layout is gone.
MaybeField receptiveFieldOf(mlir::Operation *op, llvm::ArrayRef<mlir::Value> operands,
                            llvm::ArrayRef<MaybeField> inputs) {
  auto layer = llvm::dyn_cast<nn::LayerOpInterface>(op);
  if (inputs.empty() || !hasSpatialLayout(op->getResult(0)) || !layer)
    return std::nullopt;
  nn::SpatialFootprint footprint = layer.getSpatialFootprint();
  // A sequence starts where token indices [batch, steps] become one row a
  // step (an embedding): each step sees its own token.
  if (rankOf(op->getResult(0)) == 3 &&
      footprint.kind == nn::SpatialFootprint::Kind::Pointwise &&
      llvm::all_of(operands, [](mlir::Value operand) { return rankOf(operand) == 2; }))
    return ReceptiveField();
  for (const MaybeField &input : inputs)
    if (!input)
      return std::nullopt;
  const ReceptiveField &x = *inputs[0];
  switch (footprint.kind) {
  case nn::SpatialFootprint::Kind::None:
    return std::nullopt;
  case nn::SpatialFootprint::Kind::Pointwise:
    return x;
  case nn::SpatialFootprint::Kind::Window:
    return x.window(footprint.taps, footprint.steps);
  case nn::SpatialFootprint::Kind::Upsample:
    return x.upsample(footprint.taps, footprint.steps);
  case nn::SpatialFootprint::Kind::Widest: {
    ReceptiveField widest = x;
    for (const MaybeField &input : inputs)
      for (int axis = 0; axis < 2; ++axis) {
        widest.size[axis] = std::max(widest.size[axis], input->size[axis]);
        widest.jump[axis] = std::max(widest.jump[axis], input->jump[axis]);
      }
    return widest;
  }
  }
  llvm_unreachable("unknown footprint");
}

} // namespace

/// The Keras class a user would have written for this op, as the op declares
/// it (NN_KerasLayer in the dialect); an op that is no layer shows its name.
static std::string kerasClassOf(mlir::Operation *op) {
  if (auto layer = llvm::dyn_cast<nn::LayerOpInterface>(op))
    return layer.getKerasClass().str();
  return op->getName().stripDialect().str();
}

std::string nnc::formatShape(mlir::Type tensorType) {
  std::string text = "(";
  for (auto [index, dim] :
       llvm::enumerate(llvm::cast<mlir::RankedTensorType>(tensorType).getShape())) {
    if (index)
      text += ", ";
    text += mlir::ShapedType::isDynamic(dim) ? "None" : std::to_string(dim);
  }
  return text + ")";
}

std::vector<SummaryLine> nnc::summarizeModel(mlir::func::FuncOp model) {
  auto argName = [&](mlir::BlockArgument arg, llvm::StringRef attr) {
    auto name = model.getArgAttrOfType<mlir::StringAttr>(arg.getArgNumber(), attr);
    return name ? name.str() : std::string();
  };
  auto isParam = [&](mlir::Value value) {
    auto arg = llvm::dyn_cast<mlir::BlockArgument>(value);
    return arg && !argName(arg, "nn.param").empty();
  };
  auto producerName = [&](mlir::Value value) -> std::string {
    if (auto arg = llvm::dyn_cast<mlir::BlockArgument>(value))
      return argName(arg, "nn.input");
    return value.getDefiningOp()->getAttrOfType<mlir::StringAttr>("name").str();
  };

  llvm::DenseMap<mlir::Value, MaybeField> fields;
  auto formatField = [](const MaybeField &field, mlir::Value value) {
    return field ? field->format(rankOf(value) == 3) : std::string("-");
  };

  std::vector<SummaryLine> lines;
  int numInputs = 0;
  for (mlir::BlockArgument arg : model.getArguments()) {
    std::string input = argName(arg, "nn.input");
    if (input.empty())
      continue;
    ++numInputs;
    MaybeField field = hasSpatialLayout(arg) ? MaybeField(ReceptiveField()) : std::nullopt;
    fields[arg] = field;
    lines.push_back({input, "InputLayer", "[" + formatShape(arg.getType()) + "]"});
    lines.back().receptiveField = formatField(field, arg);
  }

  // Keras shows "Connected to" for graphs that are not a plain chain.
  bool isChain = numInputs == 1;
  mlir::Value previous = model.getArgument(0);
  // One row per layer: the ops of a wrapper layer (nn.wrapper, consecutive)
  // share the row of their first op, and only values from outside the
  // wrapper are its inputs.
  struct Row {
    llvm::SmallVector<mlir::Value> inputs;
    llvm::DenseSet<mlir::Value> inside; ///< values the row's ops computed
    std::vector<MaybeField> inputFields;
    mlir::Value output; ///< the last op's: what later rows read
  };
  std::vector<Row> rows;
  mlir::StringAttr openWrapper;
  for (mlir::Operation &op : model.getBody().front().without_terminator()) {
    auto wrapper = op.getAttrOfType<mlir::DictionaryAttr>(nn::NNDialect::kWrapperAttrName);
    mlir::StringAttr wrapperName =
        wrapper ? wrapper.getAs<mlir::StringAttr>("layer") : mlir::StringAttr();
    if (!wrapperName || wrapperName != openWrapper) {
      SummaryLine line;
      line.layer = wrapperName ? wrapperName.str()
                               : op.getAttrOfType<mlir::StringAttr>("name").str();
      line.type = wrapper ? wrapper.getAs<mlir::StringAttr>("keras_class").str()
                          : kerasClassOf(&op);
      lines.push_back(std::move(line));
      rows.emplace_back();
    }
    openWrapper = wrapperName;
    SummaryLine &line = lines.back();
    Row &row = rows.back();
    line.outputShape = formatShape(op.getResult(0).getType());
    for (mlir::Value operand : op.getOperands()) {
      if (isParam(operand)) {
        int64_t count =
            llvm::cast<mlir::RankedTensorType>(operand.getType()).getNumElements();
        line.params += count;
        auto trainable = model.getArgAttrOfType<mlir::BoolAttr>(
            llvm::cast<mlir::BlockArgument>(operand).getArgNumber(),
            nn::NNDialect::kTrainableAttrName);
        if (trainable && !trainable.getValue())
          line.nonTrainableParams += count;
        continue;
      }
      if (wrapper &&
          (row.inside.contains(operand) || llvm::is_contained(row.inputs, operand)))
        continue;
      row.inputs.push_back(operand);
      row.inputFields.push_back(fields.lookup(operand));
    }
    for (mlir::Value result : op.getResults())
      row.inside.insert(result);
    row.output = op.getResult(0);
    // A wrapper's layers run over time: no receptive field.
    MaybeField field =
        wrapper ? std::nullopt : receptiveFieldOf(&op, row.inputs, row.inputFields);
    fields[op.getResult(0)] = field;
    line.receptiveField = formatField(field, op.getResult(0));
  }
  std::vector<std::string> connections;
  for (const Row &row : rows) {
    std::string connectedTo;
    for (mlir::Value input : row.inputs) {
      isChain &= input == previous;
      connectedTo += (connectedTo.empty() ? "" : ", ") + producerName(input);
    }
    isChain &= row.inputs.size() == 1;
    connections.push_back(connectedTo);
    previous = row.output;
  }
  if (!isChain)
    for (size_t i = 0; i < connections.size(); ++i)
      lines[numInputs + i].connectedTo = connections[i];
  return lines;
}
