//===- ModelSummary.h - Keras-style summary rows of a model ---------------===//
//
// Derived from the nn dialect (after shape inference), so `nnc --emit=summary`
// and the executable's `summary` show the same, checked, shapes and counts.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_DRIVER_MODELSUMMARY_H
#define NNC_DRIVER_MODELSUMMARY_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <string>
#include <vector>

namespace nnc {

struct SummaryLine {
  std::string layer, type, outputShape;
  int64_t params = 0;
  /// Of `params`, those not trained (nn.trainable = false: moving statistics).
  int64_t nonTrainableParams = 0;
  std::string connectedTo; ///< empty for a plain chain of layers
  /// "HxW" input pixels seen by one output pixel, or "-" (see ReceptiveField).
  std::string receptiveField;
};

std::vector<SummaryLine> summarizeModel(mlir::func::FuncOp model);

/// "(None, 28, 28, 16)": the batch dimension shown as None, as Keras does.
std::string formatShape(mlir::Type tensorType);

} // namespace nnc

#endif // NNC_DRIVER_MODELSUMMARY_H
