//===- OnnxModel.h - A trained model as an ONNX file ---------------------===//
//
// nnc embeds each model's forward graph in the executable as an ONNX
// ModelProto whose parameters are graph inputs (compiler/Export). Exporting
// a trained model turns those inputs into initializers holding the weights,
// in Keras's layouts under their weights-file names; the graph rearranges
// them where ONNX wants another layout, nodes ONNX Runtime folds away.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_ONNXMODEL_H
#define NNCRT_ONNXMODEL_H

#include "nncrt/ModelDesc.h"
#include "nncrt/Tensor.h"

#include <string>
#include <vector>

namespace nncrt {

/// The serialized ONNX model of `model` with `params` (in ModelDesc order)
/// as its initializers, checked by ONNX's checker and shape inference.
/// An error naming the layer when the model has no ONNX form.
std::string onnxModelWithWeights(const ModelDesc &model, const std::vector<Tensor> &params);

} // namespace nncrt

#endif // NNCRT_ONNXMODEL_H
