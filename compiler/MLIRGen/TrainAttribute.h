//===- TrainAttribute.h - The train block as an attribute -----------------===//
//
// The checked `train { ... }` block (every setting present, Keras's defaults
// filled in by the frontend) becomes the model function's `nn.train`, a
// `#nn.train<...>` (NNTrainAttrs.td) that nn-autodiff and the model registry
// read. This is a translation only: nothing is checked or defaulted here.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_MLIRGEN_TRAINATTRIBUTE_H
#define NNC_MLIRGEN_TRAINATTRIBUTE_H

#include "Frontend/AST.h"
#include "nn/IR/NNDialect.h"

namespace nnc {

/// Null after reporting (at the train block) a setting the dialect cannot
/// hold, which a checked block never has.
nn::TrainAttr buildTrainAttribute(mlir::MLIRContext *context, const ast::TrainBlock &train);

} // namespace nnc

#endif // NNC_MLIRGEN_TRAINATTRIBUTE_H
