//===- TrainingInputs.h - One batch from files, for gradient and gradcheck ===//
//
// `gradient` and `gradcheck` take one batch from .npy or IDX files: every
// model input (`--input [NAME=]FILE`) and the target (`--target FILE`, not
// needed when the target is an input). The weights come from --weights.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_TRAININGINPUTS_H
#define NNCRT_TRAININGINPUTS_H

#include "nncrt/CommandLineParser.h"
#include "nncrt/ModelDesc.h"
#include "nncrt/Tensor.h"
#include "nncrt/TrainingPipelines.h"

#include <vector>

namespace nncrt {

struct FileBatch {
  std::vector<Tensor> inputs;
  Tensor target; ///< empty when the target is an input
  int targetInput = -1; ///< index of the input that is the target, or -1

  /// Views of the whole batch for the pipelines.
  BatchViews views();
};

/// Reads --input and --target; `command` words the errors.
FileBatch readFileBatch(const ModelDesc &model, const ParsedOptions &options,
                        const char *command);

} // namespace nncrt

#endif // NNCRT_TRAININGINPUTS_H
