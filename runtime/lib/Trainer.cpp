//===- Trainer.cpp - The training loop behind `exe train` -----------------===//

#include "nncrt/Trainer.h"

#include "nncrt/Bagging.h"
#include "nncrt/BatchLimits.h"
#include "nncrt/BufferPool.h"
#include "nncrt/Callbacks.h"
#include "nncrt/CheckedArithmetic.h"
#include "nncrt/Checkpoint.h"
#include "nncrt/Error.h"
#include "nncrt/FileIO.h"
#include "nncrt/FileLock.h"
#include "nncrt/Forward.h"
#include "nncrt/Initializers.h"
#include "nncrt/Interrupt.h"
#include "nncrt/MetricsLog.h"
#include "nncrt/Progress.h"
#include "nncrt/SequenceRows.h"
#include "nncrt/Summary.h"
#include "nncrt/TrainingPipelines.h"
#include "nncrt/Weights.h"

#include <chrono>
#include <cmath>
#include <optional>
#include <utility>

namespace nncrt {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Batch tensors sized for the largest batch, reused by every step.
struct BatchBuffers {
  Tensor input;
  Tensor target; ///< used when the target is the labels
  Tensor output; ///< the forward pipeline's, when predictions are wanted

  BatchBuffers(const ModelDesc &model, int64_t capacity,
               bool withOutput = false) {
    Shape inputShape = specShape(model.inputs[0]);
    inputShape.insert(inputShape.begin(), capacity);
    input = Tensor(inputShape);
    if (!model.train->targetInput) {
      Shape targetShape = specShape(model.train->target);
      targetShape.insert(targetShape.begin(), capacity);
      target = Tensor(targetShape);
    }
    if (withOutput) {
      Shape outputShape = specShape(model.outputs[0]);
      outputShape.insert(outputShape.begin(), capacity);
      output = Tensor(outputShape);
    }
  }

  /// Runs the forward pipeline on the first `count` samples into `output`.
  void predict(const ModelDesc &model, int64_t count,
               std::vector<HalideBufferView> &paramViews) {
    std::vector<HalideBufferView> inputs{wrapBatchSlice(input, 0, count)};
    std::vector<HalideBufferView> outputs{wrapBatchSlice(output, 0, count)};
    forwardBatch(model, inputs, paramViews, outputs);
  }

  BatchViews views(const ModelDesc &model, int64_t count) {
    HalideBufferView inputView = wrapBatchSlice(input, 0, count);
    // A target that is the input is the same memory, passed twice.
    HalideBufferView targetView = model.train->targetInput
                                      ? inputView
                                      : wrapBatchSlice(target, 0, count);
    return BatchViews{{inputView}, targetView};
  }
};

std::vector<HalideBufferView> viewsOf(std::vector<Tensor> &params) {
  std::vector<HalideBufferView> views;
  for (Tensor &param : params)
    views.push_back(wrapTensor(param));
  return views;
}

const char *signalName(int signal) {
  return signal == SIGTERM ? "SIGTERM" : "SIGINT";
}

/// The counters a run carries on (from a checkpoint: anything) must count the
/// rest of it without overflowing: the loss and accuracy counts hold at most
/// the samples of one epoch, the iteration gains one per remaining step.
void checkCountersLeaveRoom(const TrainSettings &settings,
                            const TrainingProgress &progress, int64_t samples,
                            int64_t steps) {
  if (progress.lossCount > samples || progress.correctCount > progress.lossCount)
    fail("{}: corrupt checkpoint: loss_count {} and correct_count {} do not "
         "fit an epoch of {} samples",
         settings.checkpointPath, progress.lossCount, progress.correctCount,
         samples);
  if (progress.epoch >= settings.epochs)
    return;
  std::optional<int64_t> epochSteps =
      checkedMultiply(settings.epochs - progress.epoch, steps);
  std::optional<int64_t> lastIteration =
      epochSteps ? checkedAdd(progress.iteration, *epochSteps - progress.step)
                 : std::nullopt;
  if (!lastIteration)
    fail("{}: iteration {} would overflow before epoch {} ends{}",
         settings.checkpointPath, progress.iteration, settings.epochs,
         settings.resume ? " (corrupt checkpoint)" : "");
}

} // namespace

TrainSettings defaultTrainSettings(const ModelDesc &model) {
  TrainSettings settings;
  if (model.train) {
    settings.dataDir = model.train->dataPath ? model.train->dataPath : "";
    settings.epochs = model.train->epochs;
    settings.learningRate = model.train->learningRate;
  }
  settings.checkpointPath = std::string(model.name) + ".ckpt.safetensors";
  settings.logPath = std::string(model.name) + ".metrics.jsonl";
  return settings;
}

int64_t accuracyRowWidth(const ModelDesc &model, const char *command) {
  int64_t width = outputRowWidth(model, command);
  if (numElements(specShape(model.outputs[0])) != width)
    fail("{}: accuracy compares one row of class scores per sample with its "
         "label, but output '{}' has shape {}",
         command, model.outputs[0].name,
         formatShape(specShape(model.outputs[0])));
  return width;
}

int64_t splitLabel(const DataSplit &split, int64_t row) {
  if (!split.labels)
    fail("internal: {} has no labels", split.samplesPath);
  return int64_t(split.labels->at(split.first + row, 0));
}

/// The first `count` rows of a batch of sequences (and what each came from)
/// sorted longest first: the pipelines compute fewer rows at the later time
/// steps (TrainDesc::sortsByLength).
template <typename Source>
static void sortLongestFirst(const TrainDesc &desc, int64_t count, BatchBuffers &buffers,
                             Source *sources) {
  std::vector<int64_t> order = longestFirstOrder(buffers.target, count, desc.paddingClass);
  permuteRows(buffers.input, order);
  permuteRows(buffers.target, order);
  std::vector<Source> sorted(order.size());
  for (size_t i = 0; i < order.size(); ++i)
    sorted[i] = sources[order[i]];
  std::copy(sorted.begin(), sorted.end(), sources);
}

SplitEvaluation evaluateSplit(const ModelDesc &model, const DataSplit &split,
                              std::vector<Tensor> &params, int64_t batch,
                              bool withConfusion) {
  if (split.count == 0)
    fail("no validation samples to evaluate on");
  int64_t width = withConfusion ? accuracyRowWidth(model, "eval") : 0;
  bool fromLogits = model.train && model.train->fromLogits;
  // The mean loss weights each chunk by its size: any chunking gives it.
  batch = withConfusion
              ? chunkSize(model, {BatchPipeline::Loss, BatchPipeline::Forward}, batch)
              : chunkSize(model, {BatchPipeline::Loss}, batch);
  BatchBuffers buffers(model, std::min(batch, split.count), withConfusion);
  std::vector<HalideBufferView> paramViews = viewsOf(params);
  std::vector<int64_t> rows(size_t(std::min(batch, split.count)));
  SplitEvaluation result;
  if (withConfusion)
    result.confusion.emplace(classesOfWidth(width));
  double sum = 0;
  for (int64_t first = 0; first < split.count; first += batch) {
    int64_t count = std::min(batch, split.count - first);
    for (int64_t i = 0; i < count; ++i)
      rows[size_t(i)] = first + i;
    gatherBatch(model, split, rows.data(), count, buffers.input, buffers.target);
    if (model.train && model.train->sortsByLength)
      sortLongestFirst(*model.train, count, buffers, rows.data());
    BatchViews views = buffers.views(model, count);
    sum += double(computeLoss(model, views, params)) * double(count);
    if (!withConfusion)
      continue;
    buffers.predict(model, count, paramViews);
    for (int64_t i = 0; i < count; ++i)
      result.confusion->add(
          splitLabel(split, first + i),
          predictedClass(buffers.output.data.data() + i * width, width, fromLogits));
  }
  result.loss = sum / double(split.count);
  return result;
}

double evaluateLoss(const ModelDesc &model, const DataSplit &split,
                    std::vector<Tensor> &params, int64_t batch) {
  return evaluateSplit(model, split, params, batch, false).loss;
}

Tensor splitOutputs(const ModelDesc &model, const DataSplit &split,
                    std::vector<Tensor> &params, int64_t batch) {
  if (model.numInputs != 1 || model.numOutputs != 1)
    fail("model '{}' needs one input and one output to run on an IDX folder",
         model.name);
  Shape shape = specShape(model.outputs[0]);
  shape.insert(shape.begin(), split.count);
  Tensor outputs(shape);
  batch = chunkSize(model, {BatchPipeline::Forward}, batch);
  BatchBuffers buffers(model, std::min(batch, split.count), true);
  std::vector<HalideBufferView> paramViews = viewsOf(params);
  std::vector<int64_t> rows(size_t(std::min(batch, split.count)));
  int64_t sampleSize = outputs.sampleSize();
  for (int64_t first = 0; first < split.count; first += batch) {
    int64_t count = std::min(batch, split.count - first);
    for (int64_t i = 0; i < count; ++i)
      rows[size_t(i)] = first + i;
    gatherBatch(model, split, rows.data(), count, buffers.input, buffers.target);
    buffers.predict(model, count, paramViews);
    std::copy(buffers.output.data.begin(),
              buffers.output.data.begin() + count * sampleSize,
              outputs.data.begin() + first * sampleSize);
  }
  return outputs;
}

int train(const ModelDesc &model, const TrainSettings &settings,
          std::ostream &out, std::ostream &err) {
  const TrainDesc &desc = requireTrainDesc(model, "train");
  if (settings.epochs <= 0)
    fail("train: the number of epochs must be positive, got {}", settings.epochs);
  if (!(settings.learningRate > 0) || !std::isfinite(settings.learningRate))
    fail("train: the learning rate must be a positive number, got {}",
         settings.learningRate);

  // One run per checkpoint, for the whole run: a second one would interleave
  // the log and the last rename would win.
  long holder = 0;
  std::unique_ptr<FileLock> lock =
      FileLock::tryAcquire(settings.checkpointPath, holder);
  if (!lock)
    fail("train: {} is in use by another train run ({}); wait for it to end "
         "or train into another --checkpoint",
         settings.checkpointPath,
         holder ? fmt::format("pid {}", holder) : std::string("pid unknown"));
  // Under the lock no other run writes it: what is left was killed mid-write.
  removeStaleTemporaries(settings.checkpointPath);

  // Read and check everything before the first step writes anything.
  Checkpoint run;
  std::string lastGoodCheckpoint =
      "none yet (the first is written at the end of epoch 1)";
  if (settings.resume) {
    run = loadCheckpoint(settings.checkpointPath, model);
    if (settings.seedGiven && settings.seed != run.progress.seed)
      fail("train: {} was trained with seed {}; resuming with --seed {} would "
           "not continue the same run",
           settings.checkpointPath, run.progress.seed, settings.seed);
    if (settings.batch != 0 && settings.batch != run.progress.batch)
      fail("train: {} was trained with batch {}; resuming with --batch {} "
           "would not continue the same run",
           settings.checkpointPath, run.progress.batch, settings.batch);
    lastGoodCheckpoint = fmt::format("{} (epoch {}, step {})",
                                     settings.checkpointPath,
                                     run.progress.epoch, run.progress.step);
    // Weights restore_best_weights put in place: go on from the last ones.
    if (!run.lastParams.empty()) {
      run.params = std::move(run.lastParams);
      run.lastParams.clear();
    }
    if (run.progress.baggingMember != settings.baggingMember)
      fail("train: {} was trained as {}; resuming it as {} would not continue "
           "the same run",
           settings.checkpointPath,
           run.progress.baggingMember < 0
               ? std::string("a single model")
               : fmt::format("bagging member {}", run.progress.baggingMember),
           settings.baggingMember < 0
               ? std::string("a single model")
               : fmt::format("bagging member {}", settings.baggingMember));
  } else {
    run.params = initializeParams(
        model, settings.baggingMember < 0
                   ? settings.seed
                   : memberInitSeed(settings.seed, settings.baggingMember));
    run.progress.baggingMember = settings.baggingMember;
    run.state = zerosLikeState(model);
    run.progress.seed = settings.seed;
    run.progress.batch = settings.batch != 0 ? settings.batch : desc.batch;
  }
  TrainingProgress &progress = run.progress;
  const int64_t batch = progress.batch;
  if (batch <= 0)
    fail("train: the batch size must be positive, got {}", batch);
  // Steps average over their batch: a larger one cannot be split. With
  // accuracy, the forward pipeline runs on the training batch too.
  if (wantsAccuracy(model))
    requireBatchFits(model, {BatchPipeline::Gradient, BatchPipeline::Forward},
                     batch, "train");
  else
    requireBatchFits(model, {BatchPipeline::Gradient}, batch, "train");

  std::shared_ptr<const TrainingData> loaded = settings.data;
  if (!loaded)
    loaded = std::make_shared<TrainingData>(loadTrainingData(
        model, DataOptions{settings.dataDir, settings.limit, settings.validationLimit,
                           &out, &err, settings.memoryBudget}));
  const TrainingData &data = *loaded;
  if (data.train.text) {
    // Generation reads the words back from the checkpoint.
    std::string vocabulary = data.train.text->tokenizer.serialize();
    if (settings.resume && run.vocabulary != vocabulary)
      fail("train: {} was trained on another vocabulary than {} gives (use "
           "the same --data to resume)",
           settings.checkpointPath, settings.dataDir);
    run.vocabulary = std::move(vocabulary);
  }
  // predict --classes names the classes from the checkpoint.
  if (settings.resume && run.classNames != data.classNames)
    fail("train: {} was trained on other classes than {} holds (use the same "
         "--data to resume)",
         settings.checkpointPath, settings.dataDir);
  run.classNames = data.classNames;
  // Bagging draws its bootstrap sample from the split; flip_lr doubles it.
  TrainingSamples trainingSamples =
      settings.baggingMember >= 0
          ? TrainingSamples(bootstrapRows(data.train.count, progress.seed,
                                          settings.baggingMember),
                            augmentationOf(model), progress.seed)
          : TrainingSamples(data.train.count, augmentationOf(model), progress.seed);
  const int64_t streamedChunkRows = data.train.streamedChunkRows();
  if (streamedChunkRows && (settings.baggingMember >= 0 || augmentationOf(model).flipCopies))
    fail("train: {} is streamed from disk (larger than the memory budget), which "
         "bagging and flip_lr's mirrored copies cannot visit in order; raise "
         "--memory-budget",
         data.train.samplesPath);
  const int64_t samples = trainingSamples.count();
  const bool accuracy = wantsAccuracy(model);
  const int64_t width = accuracy ? accuracyRowWidth(model, "train") : 0;
  if (settings.resume && progress.trainSamples != samples)
    fail("train: {} was trained on {} samples per epoch, but the data now "
         "gives {} (use the same --data and --limit to resume)",
         settings.checkpointPath, progress.trainSamples, samples);
  progress.trainSamples = samples;
  // (Not samples + batch - 1: a checkpoint's batch may be near INT64_MAX.)
  const int64_t steps =
      samples / batch + (!data.dropPartialBatch && samples % batch != 0);
  if (steps == 0)
    fail("train: {} training samples do not fill one batch of {}, and text "
         "data drops partial batches; lower --batch",
         samples, batch);
  if (progress.step >= steps)
    fail("{}: corrupt checkpoint: step {} of an epoch of {} steps",
         settings.checkpointPath, progress.step, steps);
  checkCountersLeaveRoom(settings, progress, samples, steps);
  if (run.callbacks.stoppedAfter > 0) {
    out << fmt::format("{}: early_stopping stopped the run after epoch {}; nothing "
                       "to do (start a new run to train further)\n",
                       settings.checkpointPath, run.callbacks.stoppedAfter);
    return 0;
  }
  if (progress.epoch >= settings.epochs) {
    out << fmt::format("{} has already trained {} epoch{}; nothing to do "
                       "(raise --epochs to train further)\n",
                       settings.checkpointPath, progress.epoch,
                       progress.epoch == 1 ? "" : "s");
    return 0;
  }

  out << fmt::format(
      "{} '{}'{} on {} samples{}{}, batch {}, {} steps per epoch, {} "
      "(learning rate {})\n",
      settings.resume ? "Resuming" : "Training", model.name,
      settings.baggingMember >= 0
          ? fmt::format(" bagging member {}", settings.baggingMember)
          : "",
      formatWithThousandsSeparators(samples),
      augmentationOf(model).flipCopies
          ? fmt::format(" (2 x {} with flip_lr)",
                        formatWithThousandsSeparators(data.train.count))
          : "",
      data.validation.count
          ? fmt::format(", validating on {}",
                        formatWithThousandsSeparators(data.validation.count))
          : "",
      batch, steps, desc.optimizer, settings.learningRate);
  if (settings.resume)
    out << fmt::format("  continuing at epoch {}, step {}\n",
                       progress.epoch + 1, progress.step);
  out << std::flush;

  BatchBuffers buffers(model, std::min(batch, samples), accuracy);
  std::vector<SampleRef> batchSamples(size_t(std::min(batch, samples)));
  // Double buffers: the update pipeline never writes the tensors it reads.
  std::vector<Tensor> gradients = zerosLikeParams(model);
  std::vector<Tensor> nextParams = zerosLikeParams(model);
  std::vector<Tensor> nextState = zerosLikeState(model);
  ProgressDisplay display(out, settings.interactive);
  InterruptGuard interrupts;

  auto stopForSignal = [&](int64_t epoch, int64_t stepsDone) {
    display.interrupt();
    err << fmt::format(
        "interrupted by {} at epoch {}, step {}/{}; checkpoint saved to {}\n"
        "resume with: {} (and the same --data/--limit options)\n",
        signalName(interrupts.signalReceived()), epoch + 1, stepsDone, steps,
        settings.checkpointPath,
        !settings.resumeCommand.empty()
            ? settings.resumeCommand
            : settings.programName + " train --resume" +
                  (settings.checkpointPath ==
                           defaultTrainSettings(model).checkpointPath
                       ? ""
                       : " --checkpoint " + settings.checkpointPath));
    return kInterruptedStatus;
  };

  // The optimizer's rate, until reduce_lr_on_plateau lowers it; a schedule
  // derives each update's rate from it.
  float rate = run.callbacks.reducedLearningRate > 0 ? run.callbacks.reducedLearningRate
                                                     : settings.learningRate;
  float stepRate = rate;
  bool stopped = false;
  int64_t previousCount = batch;
  for (int64_t epoch = progress.epoch; epoch < settings.epochs && !stopped; ++epoch) {
    // Streamed samples go chunk by chunk, each chunk read ahead; samples in
    // memory are one chunk.
    ChunkedEpochOrder order(samples, streamedChunkRows ? streamedChunkRows : samples,
                            progress.seed, epoch, desc.shuffle);
    data.train.planChunks(order.chunkVisits());
    Clock::time_point epochStart = Clock::now();
    int64_t stepsHere = 0, samplesHere = 0;
    ProgressState state;
    state.epoch = epoch + 1;
    state.epochs = settings.epochs;
    state.steps = steps;

    for (int64_t step = progress.step; step < steps; ++step) {
      int64_t first = step * batch;
      int64_t count = std::min(batch, samples - first);
      for (int64_t i = 0; i < count; ++i)
        batchSamples[size_t(i)] = trainingSamples.at(order[first + i], epoch);
      gatherSamples(model, data.train, batchSamples.data(), count,
                    buffers.input, buffers.target);
      if (desc.sortsByLength)
        sortLongestFirst(desc, count, buffers, batchSamples.data());
      // A batch of another size (the last, partial one, or the first full
      // one after it) needs buffers of other sizes: give back the others.
      if (count != previousCount)
        poolReleaseIdle();
      previousCount = count;
      BatchViews views = buffers.views(model, count);
      // The moving statistics of the step go straight into nextParams, the
      // optimizer's update fills in the trainable ones; the step's output
      // (for accuracy) into the batch's output rows.
      std::optional<HalideBufferView> outputView;
      if (accuracy && desc.gradientReturnsOutput)
        outputView = wrapBatchSlice(buffers.output, 0, count);
      float loss = computeGradient(model, views, run.params, gradients,
                                   {progress.seed, progress.iteration + 1}, &nextParams,
                                   outputView ? &*outputView : nullptr);
      if (accuracy) {
        // Training accuracy of the weights before this step's update, as
        // Keras reports it: from the step's own output (in training mode),
        // or where the pipeline does not return it, a forward pass.
        if (!desc.gradientReturnsOutput) {
          std::vector<HalideBufferView> paramViews = viewsOf(run.params);
          buffers.predict(model, count, paramViews);
        }
        for (int64_t i = 0; i < count; ++i)
          progress.correctCount +=
              predictedClass(buffers.output.data.data() + i * width, width,
                             desc.fromLogits) ==
              splitLabel(data.train, batchSamples[size_t(i)].row);
      }
      if (!std::isfinite(loss)) {
        display.interrupt();
        fail("train: the loss became {} at epoch {}, step {} (iteration {}); "
             "training stopped. Last good checkpoint: {}, left untouched",
             loss, epoch + 1, step + 1, progress.iteration + 1,
             lastGoodCheckpoint);
      }
      stepRate = scheduledLearningRate(desc, rate, progress.iteration);
      applyUpdate(model, run.params, gradients, run.state, stepRate,
                  progress.iteration + 1, nextParams, nextState);
      std::swap(run.params, nextParams);
      std::swap(run.state, nextState);
      progress.iteration++;
      progress.step = step + 1;
      progress.lossSum += double(loss) * double(count);
      progress.lossCount += count;
      stepsHere++;
      samplesHere += count;
      if (settings.afterStep)
        settings.afterStep(progress.iteration);

      state.step = step + 1;
      state.loss = progress.lossSum / double(progress.lossCount);
      if (accuracy)
        state.accuracy =
            double(progress.correctCount) / double(progress.lossCount);
      state.seconds = secondsSince(epochStart) / double(stepsHere) *
                      double(steps - step - 1);
      display.update(state);

      if (interrupts.signalReceived() && step + 1 < steps) {
        saveCheckpoint(settings.checkpointPath, model, run);
        return stopForSignal(epoch, step + 1);
      }
    }
    double trainSeconds = secondsSince(epochStart);

    std::optional<double> valLoss, valAccuracy;
    if (data.validation.count) {
      data.validation.planChunks({}); // validation reads its rows in file order
      SplitEvaluation evaluation =
          evaluateSplit(model, data.validation, run.params, batch, accuracy);
      valLoss = evaluation.loss;
      if (evaluation.confusion)
        valAccuracy = evaluation.confusion->accuracy();
      if (!std::isfinite(*valLoss)) {
        display.interrupt();
        fail("train: the validation loss became {} after epoch {}; training "
             "stopped. Last good checkpoint: {}, left untouched",
             *valLoss, epoch + 1, lastGoodCheckpoint);
      }
    }
    double epochLoss = progress.lossSum / double(progress.lossCount);
    double epochAccuracy =
        double(progress.correctCount) / double(progress.lossCount);
    EpochLogs logs{epochLoss, valLoss,
                   accuracy ? std::optional<double>(epochAccuracy) : std::nullopt,
                   valAccuracy};
    EpochDecision decision = runCallbacks(desc, run.callbacks, epoch, logs, rate);
    if (decision.keepWeights)
      run.bestParams = run.params;
    if (decision.newLearningRate)
      rate = *decision.newLearningRate;
    if (decision.saveWeightsTo)
      saveWeights(*decision.saveWeightsTo, model, run.params,
                  classNamesMetadata(run.classNames)); // for predict --classes
    stopped = decision.stop;
    progress.epoch = epoch + 1;
    progress.step = 0;
    progress.lossSum = 0;
    progress.lossCount = 0;
    progress.correctCount = 0;
    saveCheckpoint(settings.checkpointPath, model, run);
    lastGoodCheckpoint = fmt::format("{} (epoch {})", settings.checkpointPath,
                                     progress.epoch);

    EpochMetrics metrics;
    metrics.epoch = epoch + 1;
    metrics.loss = epochLoss;
    metrics.valLoss = valLoss;
    metrics.hasAccuracy = accuracy;
    metrics.accuracy = epochAccuracy;
    metrics.valAccuracy = valAccuracy;
    metrics.seconds = secondsSince(epochStart);
    metrics.imagesPerSecond = trainSeconds > 0 ? double(samplesHere) / trainSeconds : 0;
    metrics.learningRate = stepRate;
    appendMetrics(settings.logPath, metrics);

    state.step = steps;
    state.done = true;
    state.seconds = metrics.seconds;
    state.loss = epochLoss;
    state.valLoss = valLoss;
    if (accuracy) {
      state.accuracy = epochAccuracy;
      state.valAccuracy = valAccuracy;
    }
    display.finish(state);
    out << decision.messages << std::flush;

    if (interrupts.signalReceived() && epoch + 1 < settings.epochs && !stopped)
      return stopForSignal(epoch + 1, 0);
  }
  // Keras's EarlyStopping restores the best epoch's weights when training
  // ends, stopped early or not; the checkpoint keeps the last ones too, so
  // that a longer run resumed from it is the run without the pause.
  if (restoresBestWeights(desc) && !run.bestParams.empty()) {
    run.lastParams = run.params; // for --resume with more epochs
    run.params = run.bestParams;
    saveCheckpoint(settings.checkpointPath, model, run);
    out << fmt::format("early_stopping: restored the weights of the best epoch, {}\n",
                       run.callbacks.stopBestEpoch + 1);
  }
  out << fmt::format("saved checkpoint {}; metrics in {}\n",
                     settings.checkpointPath, settings.logPath);
  return 0;
}

} // namespace nncrt
