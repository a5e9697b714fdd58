//===- Ensemble.cpp - Majority vote of several trained members -------------===//

#include "nncrt/Ensemble.h"

#include "nncrt/Error.h"
#include "nncrt/SafeTensors.h"
#include "nncrt/Weights.h"

namespace nncrt {

std::vector<ClassPrediction>
majorityVote(const std::vector<Tensor> &memberProbabilities) {
  if (memberProbabilities.empty())
    fail("an ensemble needs at least one member");
  const Shape &shape = memberProbabilities.front().shape;
  if (shape.size() != 2 || shape[1] < 1)
    fail("ensemble probabilities must be [samples, classes], got {}",
         formatShape(shape));
  for (const Tensor &member : memberProbabilities)
    if (member.shape != shape)
      fail("ensemble members disagree on the shape of their probabilities: "
           "{} and {}",
           formatShape(shape), formatShape(member.shape));
  const int64_t samples = shape[0], classes = shape[1];
  const double members = double(memberProbabilities.size());

  std::vector<ClassPrediction> result(static_cast<size_t>(samples));
  std::vector<int64_t> votes(static_cast<size_t>(classes));
  std::vector<double> meanProbability(static_cast<size_t>(classes));
  for (int64_t n = 0; n < samples; ++n) {
    std::fill(votes.begin(), votes.end(), 0);
    std::fill(meanProbability.begin(), meanProbability.end(), 0.0);
    for (const Tensor &member : memberProbabilities) {
      const float *row = member.data.data() + n * classes;
      votes[size_t(predictedClass(row, classes, /*fromLogits=*/false))]++;
      for (int64_t c = 0; c < classes; ++c)
        meanProbability[size_t(c)] += double(row[c]) / members;
    }
    int64_t best = 0;
    for (int64_t c = 1; c < classes; ++c)
      if (votes[size_t(c)] > votes[size_t(best)] ||
          (votes[size_t(c)] == votes[size_t(best)] &&
           meanProbability[size_t(c)] > meanProbability[size_t(best)]))
        best = c;
    result[size_t(n)] = {best, float(meanProbability[size_t(best)])};
  }
  return result;
}

Tensor outputProbabilities(const Tensor &output, int64_t width, bool fromLogits) {
  int64_t rows = width ? output.numElements() / width : 0;
  int64_t classes = classesOfWidth(width);
  Tensor probabilities({rows, classes});
  for (int64_t r = 0; r < rows; ++r) {
    std::vector<float> row =
        classProbabilities(output.data.data() + r * width, width, fromLogits);
    std::copy(row.begin(), row.end(), probabilities.data.begin() + r * classes);
  }
  return probabilities;
}

std::vector<std::vector<Tensor>>
loadEnsembleMembers(const std::vector<std::string> &paths,
                    const ModelDesc &model, const char *command) {
  if (paths.empty())
    fail("{}: --ensemble needs at least one weights file", command);
  std::vector<std::vector<Tensor>> members;
  for (const std::string &path : paths) {
    // A checkpoint says which model wrote it: a clearer error than a
    // missing tensor.
    SafeTensorsFile file = readSafeTensors(path);
    auto owner = file.metadata.find("model");
    if (owner != file.metadata.end() && owner->second != model.name)
      fail("{}: ensemble member of model '{}', not '{}' (every member must be "
           "trained from the same model)",
           path, owner->second, model.name);
    try {
      members.push_back(weightsFromFile(path, std::move(file), model));
    } catch (const Error &error) {
      fail("{}: {} (every ensemble member must be trained from model '{}')",
           command, error.what(), model.name);
    }
  }
  return members;
}

} // namespace nncrt
