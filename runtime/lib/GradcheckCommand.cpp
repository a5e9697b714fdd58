//===- GradcheckCommand.cpp - `exe gradcheck` ------------------------------===//
//
// Compares the gradient pipeline with central finite differences of the loss
// pipeline, (L(p + h) - L(p - h)) / 2h, on random coordinates of every
// parameter.
//
// Step and tolerance, for a float32 loss: the difference quotient carries a
// rounding error of about k * eps * |L| / h (eps = 2^-23; k, the rounding
// noise of a loss summed over many elements, in ulps of L, taken as 8: a
// tree reduction of n terms errs by O(log n) ulps) and a truncation error of
// about h^2 |L'''| / 6. We use h = 1e-3 * max(1, |p|): small enough that a
// step rarely crosses a kink of relu, max-pooling or the BCE clip, and large
// enough that the rounding term stays near 1e-3 |L|.
// A coordinate passes when
//   |analytic - numeric| <= atol + rtol * max(|analytic|, |numeric|)
// with atol = 2 k eps |L| / h (twice the rounding bound above) and
// rtol = 2e-2 (truncation for curvature of order one, plus float32 error in
// the analytic gradient itself).
// Kinks: when the forward and backward one-sided differences disagree by
// more than twice that tolerance, the step straddles a point where the loss
// is not differentiable, and the coordinate says nothing about the gradient:
// it is reported as skipped. More than half the coordinates skipped fails.
//
//===----------------------------------------------------------------------===//

#include "nncrt/BatchLimits.h"
#include "nncrt/Error.h"
#include "nncrt/Initializers.h"
#include "nncrt/Subcommand.h"
#include "nncrt/TrainingInputs.h"
#include "nncrt/TrainingPipelines.h"
#include "nncrt/Weights.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace nncrt {

namespace {

constexpr double kFloatEpsilon = 1.0 / (1 << 23);
constexpr double kRoundingUlps = 8;
constexpr double kRelativeStep = 1e-3;
constexpr double kRelativeTolerance = 2e-2;

/// `samples` distinct coordinates of a tensor of `size` elements (all of
/// them when it has fewer), drawn from `generator`.
std::vector<int64_t> pickCoordinates(int64_t size, int64_t samples,
                                     std::mt19937_64 &generator) {
  std::vector<int64_t> all(static_cast<size_t>(size));
  for (int64_t i = 0; i < size; ++i)
    all[size_t(i)] = i;
  int64_t count = std::min(size, samples);
  // A partial Fisher-Yates: the first `count` entries are a random subset.
  for (int64_t i = 0; i < count; ++i) {
    auto j = i + int64_t(generator() % uint64_t(size - i));
    std::swap(all[size_t(i)], all[size_t(j)]);
  }
  all.resize(size_t(count));
  std::sort(all.begin(), all.end());
  return all;
}

int runGradcheck(const CommandContext &context, const ParsedOptions &options) {
  const ModelDesc &model = context.model;
  requireTrainDesc(model, "gradcheck");
  const std::string &weightsPath = options.required("--weights", "gradcheck");
  int64_t samples = options.integer("--samples", 16, 1, 1 << 20);
  auto seed = uint64_t(options.integer("--seed", 0, 0, INT64_MAX));
  std::vector<Tensor> params = loadWeights(weightsPath, model);
  FileBatch batch = readFileBatch(model, options, "gradcheck");
  // The gradient of one batch: its samples cannot be split into chunks.
  requireBatchFits(model, {BatchPipeline::Gradient, BatchPipeline::Loss},
                   batch.inputs[0].batchSize(), "gradcheck");
  BatchViews views = batch.views();

  // Layers that train differently (dropout) make the gradient pipeline's
  // loss another function than the loss pipeline's: differentiate its own,
  // with the draws of one fixed step.
  StepCounters counters{seed, options.integer("--step", 1, 1, INT64_MAX)};
  const bool trainingMode = model.train->gradientInTrainingMode;
  std::vector<Tensor> gradients = zerosLikeParams(model);
  std::vector<Tensor> scratch = trainingMode ? zerosLikeParams(model) : std::vector<Tensor>();
  auto lossAt = [&](std::vector<Tensor> &at) -> double {
    return trainingMode ? computeGradient(model, views, at, scratch, counters)
                        : computeLoss(model, views, at);
  };
  float loss = computeGradient(model, views, params, gradients, counters);
  if (!std::isfinite(loss))
    fail("gradcheck: the loss is {} at these weights", loss);
  std::ostream &out = context.out;
  out << fmt::format("loss {:.7g}; step h = {:g} * max(1, |p|); pass when "
                     "|a - n| <= atol + {:g} * max(|a|, |n|)\n",
                     loss, kRelativeStep, kRelativeTolerance);
  out << fmt::format("{:<28} {:>8} {:>13} {:>13} {:>11} {:>11}  {}\n",
                     "parameter", "index", "analytic", "numeric", "abs error",
                     "allowed", "result");

  std::mt19937_64 generator(seed);
  int checked = 0, mismatches = 0, skipped = 0;
  for (int p = 0; p < model.numParams; ++p) {
    if (model.params[p].nonTrainable) // moving statistics: no gradient
      continue;
    Tensor &param = params[size_t(p)];
    for (int64_t index : pickCoordinates(param.numElements(), samples, generator)) {
      float original = param.data[size_t(index)];
      double step = kRelativeStep * std::max(1.0, std::fabs(double(original)));
      param.data[size_t(index)] = float(double(original) + step);
      double plusStep = double(param.data[size_t(index)]) - double(original);
      double lossPlus = lossAt(params);
      param.data[size_t(index)] = float(double(original) - step);
      double minusStep = double(original) - double(param.data[size_t(index)]);
      double lossMinus = lossAt(params);
      param.data[size_t(index)] = original;
      // Divide by the steps actually taken after rounding to float.
      double numeric = (lossPlus - lossMinus) / (plusStep + minusStep);
      double forward = (lossPlus - double(loss)) / plusStep;
      double backward = (double(loss) - lossMinus) / minusStep;
      double analytic = gradients[size_t(p)].data[size_t(index)];
      double absoluteTolerance = 2 * kRoundingUlps * kFloatEpsilon *
                                 std::fabs(double(loss)) / step;
      auto allowedFor = [&](double a, double b) {
        return absoluteTolerance +
               kRelativeTolerance * std::max(std::fabs(a), std::fabs(b));
      };
      double allowed = allowedFor(analytic, numeric);
      double error = std::fabs(analytic - numeric);
      bool kink = std::fabs(forward - backward) > 2 * allowedFor(forward, backward);
      bool ok = kink || error <= allowed;
      skipped += kink;
      checked++;
      mismatches += !ok;
      out << fmt::format("{:<28} {:>8} {:>13.6e} {:>13.6e} {:>11.3e} {:>11.3e}  {}\n",
                         model.params[p].tensor.name, index, analytic, numeric,
                         error, allowed,
                         kink ? "skipped (kink)" : ok ? "ok" : "MISMATCH");
    }
  }
  out << fmt::format("{} of {} coordinates match, {} skipped at kinks\n",
                     checked - mismatches - skipped, checked, skipped);
  if (2 * skipped > checked) {
    context.err << fmt::format("error: gradcheck: {} of {} coordinates lie at kinks "
                               "of the loss, too few to compare (try another --seed)\n",
                               skipped, checked);
    return 1;
  }
  if (mismatches) {
    context.err << fmt::format("error: gradcheck: {} of {} coordinates differ "
                               "from finite differences\n",
                               mismatches, checked);
    return 1;
  }
  return 0;
}

} // namespace

const Subcommand &gradcheckSubcommand() {
  static const Subcommand command = {
      "gradcheck",
      "Check the gradient pipeline against finite differences of the loss.",
      "For `--samples` random coordinates of every parameter, compares the\n"
      "gradient computed by the compiled gradient pipeline with the central\n"
      "difference (L(p+h) - L(p-h)) / 2h of the compiled loss pipeline (of\n"
      "the gradient pipeline's own loss for models with dropout), on\n"
      "the given batch. Prints one row per coordinate and exits with status\n"
      "1 if any of them differs by more than float32 rounding allows.\n"
      "\n"
      "Example:\n"
      "  {exe} init --seed 1 --output w.safetensors\n"
      "  {exe} gradcheck --weights w.safetensors --input x.npy --target y.npy\n",
      {
          {"--weights", "FILE", "weights (or checkpoint) to check at (required)"},
          {"--input", "[NAME=]FILE", "input samples, .npy or IDX (required, repeatable)",
           /*repeatable=*/true},
          {"--target", "FILE", "targets, .npy or IDX (not for models whose target is their input)"},
          {"--samples", "N", "coordinates checked per parameter (default 16)"},
          {"--seed", "S", "seed that picks the coordinates and keys dropout's draws (default 0)"},
          {"--step", "T", "the training step whose draws to use (default 1)"},
      },
      runGradcheck,
  };
  return command;
}

} // namespace nncrt
