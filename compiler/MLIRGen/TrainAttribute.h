//===- TrainAttribute.h - The train block as an attribute -----------------===//
//
// The normalized `train { ... }` block travels with the forward function as
// the dictionary attribute `nn.train`, which the nn-autodiff pass (loss,
// optimizer) and the model registry (epochs, batch, data, ...) read:
//   {target = "input", loss = "binary_crossentropy", from_logits = false,
//    optimizer = "adadelta", learning_rate = 1.0 : f32, rho = 0.95 : f32, ...,
//    epochs = 50, batch = 256, shuffle = true, validation = "test",
//    data_kind = "idx", data_path = "/usr/share/datasets/fashion-mnist"}
// Text data adds data_num_words and data_max_tokens; its `target =
// next_tokens` is recorded as "labels" (class indices, to nn-autodiff), and
// the loss's ignore_class as `ignore_index` (the nn loss ops' name).
//
//===----------------------------------------------------------------------===//

#ifndef NNC_MLIRGEN_TRAINATTRIBUTE_H
#define NNC_MLIRGEN_TRAINATTRIBUTE_H

#include "Frontend/AST.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

namespace nnc {

mlir::DictionaryAttr buildTrainAttribute(mlir::Builder &builder,
                                         const ast::TrainBlock &train);

} // namespace nnc

#endif // NNC_MLIRGEN_TRAINATTRIBUTE_H
