//===- TorchWeights.h - A model's weights as a PyTorch state_dict ---------===//
//
// nnc describes each model's PyTorch form (compiler/Export/TorchExport.h):
// the source of a torch.nn.Module and, for each tensor of its state_dict,
// how it is made from nnc's Keras-layout parameters (TorchParamSpec: a
// transposition, a gate reordering, a row of a stacked bias, a constant).
// `export --torch` converts the weights that way; `init --from` converts a
// state_dict in PyTorch's layouts (written by `export --torch` or by
// PyTorch) back, so that a model can start from weights trained elsewhere.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_TORCHWEIGHTS_H
#define NNCRT_TORCHWEIGHTS_H

#include "nncrt/ModelDesc.h"
#include "nncrt/SafeTensors.h"
#include "nncrt/Tensor.h"

#include <string>
#include <vector>

namespace nncrt {

/// The module's state_dict holding `params` (in ModelDesc order). An error
/// saying why when the model has no PyTorch form.
SafeTensorsFile torchStateDict(const ModelDesc &model, const std::vector<Tensor> &params);

/// The parameters (in ModelDesc order) held by the state_dict `file`, read
/// from `path`: every tensor of the module must be there with its shape, and
/// nothing else.
std::vector<Tensor> paramsFromTorchStateDict(const ModelDesc &model, const SafeTensorsFile &file,
                                             const std::string &path);

} // namespace nncrt

#endif // NNCRT_TORCHWEIGHTS_H
