//===- NNDialect.cpp - The nn dialect: registration and attributes --------===//
//
// Also the one translation unit that instantiates the generated op classes;
// each op's inference lives in the file named after it.
//
//===----------------------------------------------------------------------===//

#include "nn/IR/NNDialect.h"

#include "nn/IR/DerivedFunctions.h"
#include "nn/IR/NNOps.h"

#include "mlir/IR/SymbolTable.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace nnc::nn;

#include "nn/IR/NNOpsDialect.cpp.inc"

#include "nn/IR/NNEnums.cpp.inc"

#include "nn/IR/OptimizerAttrInterface.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "nn/IR/NNAttrs.cpp.inc"

#define GET_OP_CLASSES
#include "nn/IR/NNOps.cpp.inc"

void NNDialect::initialize() {
  registerAttributes();
  registerOps();
}

void NNDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "nn/IR/NNAttrs.cpp.inc"
      >();
}

void NNDialect::registerOps() {
  addOperations<
#define GET_OP_LIST
#include "nn/IR/NNOps.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Attributes of an operation: a model function's train block and the
// functions derived from it; a wrapped layer's ops' wrapper.
//===----------------------------------------------------------------------===//

LogicalResult NNDialect::verifyOperationAttribute(Operation *op,
                                                  NamedAttribute attribute) {
  StringRef name = attribute.getName().getValue();
  if (name == kTrainAttrName) {
    if (!llvm::isa<TrainAttr>(attribute.getValue()))
      return op->emitError() << "'" << name << "' must be a #nn.train, got "
                             << attribute.getValue();
    return success();
  }
  if (name == kWrapperAttrName) {
    auto wrapper = llvm::dyn_cast<DictionaryAttr>(attribute.getValue());
    auto isName = [&](StringRef key) {
      auto value = wrapper ? wrapper.getAs<StringAttr>(key) : StringAttr();
      return value && !value.getValue().empty();
    };
    if (!wrapper || wrapper.size() != 2 || !isName("layer") || !isName("keras_class"))
      return op->emitError() << "'" << name
                             << "' must be {layer = \"...\", keras_class = \"...\"}, got "
                             << attribute.getValue();
    return success();
  }
  if (llvm::is_contained(llvm::map_range(getDerivedFunctionKinds(),
                                         getDerivedFunctionAttrName),
                         name)) {
    auto symbol = llvm::dyn_cast<FlatSymbolRefAttr>(attribute.getValue());
    if (!symbol)
      return op->emitError() << "'" << name << "' must name a function (@name), got "
                             << attribute.getValue();
    if (!SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(op, symbol))
      return op->emitError() << "'" << name << "' names " << symbol
                             << ", which is not a function of the module";
    return success();
  }
  return op->emitError() << "'" << name << "' is not an nn attribute of an operation";
}

//===----------------------------------------------------------------------===//
// Model function attributes: nn.input, nn.param, nn.init on arguments and
// nn.output on results all name something, so they must be strings; so do
// the training functions' nn.target, nn.grad, nn.state and nn.hyper, and
// the step function's nn.state_in and nn.state_out.
//===----------------------------------------------------------------------===//

static LogicalResult verifyNameAttribute(Operation *op, NamedAttribute attribute,
                                         ArrayRef<StringLiteral> allowed,
                                         StringRef position) {
  StringRef name = attribute.getName().getValue();
  if (!llvm::is_contained(allowed, name))
    return op->emitError() << "'" << name << "' is not an nn attribute of a function "
                           << position;
  auto value = llvm::dyn_cast<StringAttr>(attribute.getValue());
  if (!value || value.getValue().empty())
    return op->emitError() << "'" << name << "' must be a non-empty string, got "
                           << attribute.getValue();
  return success();
}

LogicalResult NNDialect::verifyRegionArgAttribute(Operation *op, unsigned regionIndex,
                                                  unsigned argIndex,
                                                  NamedAttribute attribute) {
  if (attribute.getName() == kTrainableAttrName) {
    if (!llvm::isa<BoolAttr>(attribute.getValue()))
      return op->emitError() << "'" << kTrainableAttrName << "' must be true or false, got "
                             << attribute.getValue();
    return success();
  }
  return verifyNameAttribute(op, attribute,
                             {kInputAttrName, kParamAttrName, kInitAttrName,
                              kTargetAttrName, kGradAttrName, kStateAttrName,
                              kHyperAttrName, kStateInAttrName},
                             "argument");
}

LogicalResult NNDialect::verifyRegionResultAttribute(Operation *op,
                                                     unsigned regionIndex,
                                                     unsigned resultIndex,
                                                     NamedAttribute attribute) {
  return verifyNameAttribute(op, attribute,
                             {kOutputAttrName, kParamAttrName, kGradAttrName,
                              kStateAttrName, kStateOutAttrName},
                             "result");
}
