//===- Ensemble.h - Majority vote of several trained members ---------------===//
//
// `eval --ensemble` and `predict --ensemble` combine members of one model
// (e.g. the checkpoints of `train --bagging N`): each member votes for its
// predicted class; the class with most votes wins, ties going to the tied
// class with the highest mean probability over all members (then to the
// lowest class index, so the result never depends on member order).
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_ENSEMBLE_H
#define NNCRT_ENSEMBLE_H

#include "nncrt/Classification.h"
#include "nncrt/ModelDesc.h"
#include "nncrt/Tensor.h"

#include <string>
#include <vector>

namespace nncrt {

/// The vote over `memberProbabilities` (one [samples, classes] tensor of
/// class probabilities per member, all of one shape): per sample, the
/// winning class and its mean probability over the members.
std::vector<ClassPrediction>
majorityVote(const std::vector<Tensor> &memberProbabilities);

/// Class probabilities of every output row: [rows, classes].
Tensor outputProbabilities(const Tensor &output, int64_t width, bool fromLogits);

/// Loads each member's weights; a member of another model (its checkpoint
/// names another model, or its tensors do not fit) is an Error naming the
/// file. `command` words the errors.
std::vector<std::vector<Tensor>>
loadEnsembleMembers(const std::vector<std::string> &paths,
                    const ModelDesc &model, const char *command);

} // namespace nncrt

#endif // NNCRT_ENSEMBLE_H
