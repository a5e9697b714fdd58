//===- FakeTrainModels.cpp - Hand-written trainable models for the tests --===//

#include "FakeTrainModels.h"

#include "HalideRuntime.h"
#include "nncrt/Idx.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <sys/stat.h>

namespace nncrt::test {

namespace {

constexpr float kMomentum = 0.5f;

halide_buffer_t *buf(void *arg) { return static_cast<halide_buffer_t *>(arg); }
float *data(void *arg) { return reinterpret_cast<float *>(buf(arg)->host); }

/// The batch extent of a dense buffer (its last Halide dimension).
int batchOf(void *arg) {
  halide_buffer_t *b = buf(arg);
  return b->dim[b->dimensions - 1].extent;
}

int64_t elementsOf(void *arg) {
  int64_t count = 1;
  for (int i = 0; i < buf(arg)->dimensions; ++i)
    count *= buf(arg)->dim[i].extent;
  return count;
}

/// The pipelines assume dense buffers, as the runtime makes them.
bool isDense(void *arg) {
  halide_buffer_t *b = buf(arg);
  int64_t stride = 1;
  for (int i = 0; i < b->dimensions; ++i) {
    if (b->dim[i].stride != stride)
      return false;
    stride *= b->dim[i].extent;
  }
  return b->type.code == halide_type_float && b->type.bits == 32;
}

// linreg: y[n] = sum_k kernel[k] x[n, k] + bias.
float linregPredict(void **args, int n) {
  const float *x = data(args[0]) + 4 * n;
  const float *kernel = data(args[2]);
  return kernel[0] * x[0] + kernel[1] * x[1] + kernel[2] * x[2] +
         kernel[3] * x[3] + data(args[3])[0];
}

// args: x, target, kernel, bias -> loss (0-d)
int linregLoss(void **args) {
  for (int i = 0; i < 5; ++i)
    if (!isDense(args[i]))
      return -1;
  int batch = batchOf(args[0]);
  double sum = 0;
  for (int n = 0; n < batch; ++n) {
    double error = linregPredict(args, n) - data(args[1])[n];
    sum += error * error;
  }
  data(args[4])[0] = float(sum / batch);
  return 0;
}

// args: x, target, kernel, bias -> loss, dkernel, dbias
int linregGradient(void **args) {
  if (int status = linregLoss(args))
    return status;
  int batch = batchOf(args[0]);
  float *dkernel = data(args[5]), *dbias = data(args[6]);
  double gk[4] = {0, 0, 0, 0}, gb = 0;
  for (int n = 0; n < batch; ++n) {
    double error = linregPredict(args, n) - data(args[1])[n];
    for (int k = 0; k < 4; ++k)
      gk[k] += 2 * error * data(args[0])[4 * n + k] / batch;
    gb += 2 * error / batch;
  }
  for (int k = 0; k < 4; ++k)
    dkernel[k] = float(gk[k] * fakeTrainCalls().gradientScale);
  dbias[0] = float(gb * fakeTrainCalls().gradientScale);
  return 0;
}

// args: x, kernel, bias -> y
int linregForward(void **args) {
  void *lossArgs[4] = {args[0], nullptr, args[1], args[2]};
  for (int n = 0; n < batchOf(args[0]); ++n)
    data(args[3])[n] = linregPredict(lossArgs, n);
  return 0;
}

// mirror: y[n, k] = scale[k] image[n, k] + bias[k], k over 4 pixels.
// args: image, target, scale, bias -> loss
int mirrorLoss(void **args) {
  for (int i = 0; i < 5; ++i)
    if (!isDense(args[i]))
      return -1;
  int batch = batchOf(args[0]);
  const float *x = data(args[0]), *t = data(args[1]), *s = data(args[2]),
              *b = data(args[3]);
  double sum = 0;
  for (int n = 0; n < batch; ++n)
    for (int k = 0; k < 4; ++k) {
      double error = s[k] * x[4 * n + k] + b[k] - t[4 * n + k];
      sum += error * error;
    }
  data(args[4])[0] = float(sum / (4.0 * batch));
  return 0;
}

// args: image, target, scale, bias -> loss, dscale, dbias
int mirrorGradient(void **args) {
  if (int status = mirrorLoss(args))
    return status;
  int batch = batchOf(args[0]);
  const float *x = data(args[0]), *t = data(args[1]), *s = data(args[2]),
              *b = data(args[3]);
  for (int k = 0; k < 4; ++k) {
    double gs = 0, gb = 0;
    for (int n = 0; n < batch; ++n) {
      double error = s[k] * x[4 * n + k] + b[k] - t[4 * n + k];
      gs += 2 * error * x[4 * n + k] / (4.0 * batch);
      gb += 2 * error / (4.0 * batch);
    }
    data(args[5])[k] = float(gs * fakeTrainCalls().gradientScale);
    data(args[6])[k] = float(gb * fakeTrainCalls().gradientScale);
  }
  return 0;
}

// args: image, scale, bias -> y
int mirrorForward(void **args) {
  const float *x = data(args[0]), *s = data(args[1]), *b = data(args[2]);
  for (int n = 0; n < batchOf(args[0]); ++n)
    for (int k = 0; k < 4; ++k)
      data(args[3])[4 * n + k] = s[k] * x[4 * n + k] + b[k];
  return 0;
}

/// SGD with momentum over two params (Keras: v' = m v - lr g; p' = p + v').
/// args: p0, p1, g0, g1, v0, v1, &lr, &iteration -> p0', p1', v0', v1'
int sgdUpdate(void **args) {
  fakeTrainCalls().updateCalls++;
  for (int out = 8; out < 12; ++out)
    for (int in = 0; in < 6; ++in)
      if (buf(args[out])->host == buf(args[in])->host)
        fakeTrainCalls().aliasedUpdates++;
  float lr = *static_cast<float *>(args[6]);
  float iteration = *static_cast<float *>(args[7]);
  if (!(iteration >= 1))
    return -3;
  for (int p = 0; p < 2; ++p) {
    const float *param = data(args[p]), *grad = data(args[2 + p]),
                *velocity = data(args[4 + p]);
    float *newParam = data(args[8 + p]), *newVelocity = data(args[10 + p]);
    for (int64_t i = 0; i < elementsOf(args[p]); ++i) {
      newVelocity[i] = kMomentum * velocity[i] - lr * grad[i];
      newParam[i] = param[i] + newVelocity[i];
    }
  }
  return 0;
}

const int64_t kShape1[] = {1};
const int64_t kShape4[] = {4};
const int64_t kShape22[] = {2, 2};
const int64_t kShape221[] = {2, 2, 1};

const TensorSpec kLinregInputs[] = {{"x", 2, kShape22}};
const TensorSpec kLinregOutputs[] = {{"y", 1, kShape1}};
const ParamSpec kLinregParams[] = {
    {{"linreg.kernel", 1, kShape4}, Initializer::GlorotUniform, 4, 1},
    {{"linreg.bias", 1, kShape1}, Initializer::Zeros, 0, 0},
};
const TensorSpec kLinregState[] = {{"linreg.kernel.velocity", 1, kShape4},
                                   {"linreg.bias.velocity", 1, kShape1}};
const SummaryRow kLinregSummary[] = {
    {"x", "InputLayer", "[(None, 2, 2)]", 0, ""},
    {"linreg", "Dense", "(None, 1)", 5, ""},
};
const TrainDesc kLinregTrain = {
    "mean_squared_error", "sgd", 0.05f, nullptr, {"labels", 1, kShape1},
    3, 4, true, -1.0f, "idx", "", nullptr, 0, kLinregState, 1,
    linregLoss, linregGradient, sgdUpdate};

// clf: softmax regression over the 4 pixels of a 2x2 image into 3 classes,
// logits[n, c] = sum_k x[n, k] kernel[k, c] + bias[c], sparse categorical
// cross-entropy from logits.
void clfLogits(void **args, int n, double logits[3]) {
  const float *x = data(args[0]) + 4 * n, *kernel = data(args[2]),
              *bias = data(args[3]);
  for (int c = 0; c < 3; ++c) {
    logits[c] = bias[c];
    for (int k = 0; k < 4; ++k)
      logits[c] += double(x[k]) * kernel[3 * k + c];
  }
}

/// Softmax probabilities of sample n; returns the log-probability of its label.
double clfProbabilities(void **args, int n, double p[3]) {
  double logits[3];
  clfLogits(args, n, logits);
  double maximum = std::max({logits[0], logits[1], logits[2]}), sum = 0;
  for (int c = 0; c < 3; ++c)
    sum += p[c] = std::exp(logits[c] - maximum);
  for (int c = 0; c < 3; ++c)
    p[c] /= sum;
  return std::log(p[int(data(args[1])[n])]);
}

// args: x, labels, kernel, bias -> loss
int clfLoss(void **args) {
  for (int i = 0; i < 5; ++i)
    if (!isDense(args[i]))
      return -1;
  int batch = batchOf(args[0]);
  double sum = 0, p[3];
  for (int n = 0; n < batch; ++n)
    sum -= clfProbabilities(args, n, p);
  data(args[4])[0] = float(sum / batch);
  return 0;
}

// args: x, labels, kernel, bias -> loss, dkernel, dbias
int clfGradient(void **args) {
  if (int status = clfLoss(args))
    return status;
  int batch = batchOf(args[0]);
  double gk[12] = {}, gb[3] = {}, p[3];
  for (int n = 0; n < batch; ++n) {
    clfProbabilities(args, n, p);
    p[int(data(args[1])[n])] -= 1;
    for (int c = 0; c < 3; ++c) {
      gb[c] += p[c] / batch;
      for (int k = 0; k < 4; ++k)
        gk[3 * k + c] += data(args[0])[4 * n + k] * p[c] / batch;
    }
  }
  for (int i = 0; i < 12; ++i)
    data(args[5])[i] = float(gk[i]);
  for (int c = 0; c < 3; ++c)
    data(args[6])[c] = float(gb[c]);
  return 0;
}

// args: x, kernel, bias -> logits
int clfForward(void **args) {
  void *lossArgs[4] = {args[0], nullptr, args[1], args[2]};
  double logits[3];
  for (int n = 0; n < batchOf(args[0]); ++n) {
    clfLogits(lossArgs, n, logits);
    for (int c = 0; c < 3; ++c)
      data(args[3])[3 * n + c] = float(logits[c]);
  }
  return 0;
}

const int64_t kShape3[] = {3};
const int64_t kShape43[] = {4, 3};
const TensorSpec kClfInputs[] = {{"image", 3, kShape221}};
const TensorSpec kClfOutputs[] = {{"logits", 1, kShape3}};
const ParamSpec kClfParams[] = {
    {{"clf.kernel", 2, kShape43}, Initializer::GlorotUniform, 4, 3},
    {{"clf.bias", 1, kShape3}, Initializer::Zeros, 0, 0},
};
const TensorSpec kClfState[] = {{"clf.kernel.velocity", 2, kShape43},
                                {"clf.bias.velocity", 1, kShape3}};
const SummaryRow kClfSummary[] = {
    {"image", "InputLayer", "[(None, 2, 2, 1)]", 0, ""},
    {"clf", "Dense", "(None, 3)", 15, ""},
};
const char *const kAccuracy[] = {"accuracy"};
const char *const kFlipLr[] = {"flip_lr"};
const char *const kRandomFlipLr[] = {"random_flip_lr"};
const TrainDesc kClfTrain = {
    "sparse_categorical_crossentropy", "sgd", 0.5f, nullptr, {"labels", 0, nullptr},
    3, 4, true, -1.0f, "idx", "", nullptr, 0, kClfState, 1,
    clfLoss, clfGradient, sgdUpdate, /*fromLogits=*/true, kAccuracy, 1, nullptr, 0};
const TrainDesc kClfFlipTrain = {
    "sparse_categorical_crossentropy", "sgd", 0.5f, nullptr, {"labels", 0, nullptr},
    3, 4, true, -1.0f, "idx", "", nullptr, 0, kClfState, 1,
    clfLoss, clfGradient, sgdUpdate, /*fromLogits=*/true, kAccuracy, 1, kFlipLr, 1};
const TrainDesc kClfRandomFlipTrain = {
    "sparse_categorical_crossentropy", "sgd", 0.5f, nullptr, {"labels", 0, nullptr},
    3, 4, true, -1.0f, "idx", "", nullptr, 0, kClfState, 1,
    clfLoss, clfGradient, sgdUpdate, /*fromLogits=*/true, kAccuracy, 1, kRandomFlipLr, 1};

// The same models on npy data (TrainingDataTest's data/npy_data folders).
const DataArg kClfNpyArgs[] = {{"x", "x.npy"},          {"y", "y.npy"},
                               {"x_test", "x_test.npy"}, {"y_test", "y_test.npy"},
                               {"scale_multiplier", "1"}, {"scale_divisor", "255"}};
const TrainDesc kClfNpyTrain = {
    "sparse_categorical_crossentropy", "sgd", 0.5f, nullptr, {"labels", 0, nullptr},
    3, 4, true, -1.0f, "npy", "", kClfNpyArgs, 6, kClfState, 1,
    clfLoss, clfGradient, sgdUpdate, /*fromLogits=*/true, kAccuracy, 1, nullptr, 0};
const DataArg kLinregNpyArgs[] = {{"x", "x.npy"}, {"y", "y.npy"},
                                  {"x_test", ""},   {"y_test", ""},
                                  {"scale_multiplier", "0.5"}, {"scale_divisor", "1"}};
const TrainDesc kLinregNpyTrain = {
    "mean_squared_error", "sgd", 0.05f, nullptr, {"labels", 1, kShape1},
    3, 4, true, 0.4f, "npy", "", kLinregNpyArgs, 6, kLinregState, 1,
    linregLoss, linregGradient, sgdUpdate};

const TensorSpec kMirrorInputs[] = {{"image", 3, kShape221}};
const TensorSpec kMirrorOutputs[] = {{"reconstruction", 3, kShape221}};
const ParamSpec kMirrorParams[] = {
    {{"mirror.scale", 3, kShape221}, Initializer::GlorotUniform, 4, 4},
    {{"mirror.bias", 3, kShape221}, Initializer::Zeros, 0, 0},
};
const TensorSpec kMirrorState[] = {{"mirror.scale.velocity", 3, kShape221},
                                   {"mirror.bias.velocity", 3, kShape221}};
const SummaryRow kMirrorSummary[] = {
    {"image", "InputLayer", "[(None, 2, 2, 1)]", 0, ""},
    {"mirror", "Mirror", "(None, 2, 2, 1)", 8, ""},
};
const TrainDesc kMirrorTrain = {
    "mean_squared_error", "sgd", 0.5f, "image", {"image", 3, kShape221},
    2, 8, true, 0.25f, "idx", "", nullptr, 0, kMirrorState, 1,
    mirrorLoss, mirrorGradient, sgdUpdate};

const ModelDesc kModels[] = {
    {"linreg", kLinregInputs, 1, kLinregOutputs, 1, kLinregParams, 2,
     kLinregSummary, 2, linregForward, nullptr, &kLinregTrain},
    {"mirror", kMirrorInputs, 1, kMirrorOutputs, 1, kMirrorParams, 2,
     kMirrorSummary, 2, mirrorForward, nullptr, &kMirrorTrain},
    {"clf", kClfInputs, 1, kClfOutputs, 1, kClfParams, 2, kClfSummary, 2,
     clfForward, nullptr, &kClfTrain},
    {"clf_flip", kClfInputs, 1, kClfOutputs, 1, kClfParams, 2, kClfSummary, 2,
     clfForward, nullptr, &kClfFlipTrain},
    {"clf_random_flip", kClfInputs, 1, kClfOutputs, 1, kClfParams, 2,
     kClfSummary, 2, clfForward, nullptr, &kClfRandomFlipTrain},
    {"clf_npy", kClfInputs, 1, kClfOutputs, 1, kClfParams, 2, kClfSummary, 2,
     clfForward, nullptr, &kClfNpyTrain},
    {"linreg_npy", kLinregInputs, 1, kLinregOutputs, 1, kLinregParams, 2,
     kLinregSummary, 2, linregForward, nullptr, &kLinregNpyTrain},
};

int noThreads(int) { return 0; }

void writeSplit(const std::string &dir, const std::string &prefix, int count,
                int side, std::mt19937 &generator, bool gzip, int classes) {
  Tensor images({count, side, side});
  Tensor labels({count});
  for (int n = 0; n < count; ++n) {
    double weighted = 0;
    for (int k = 0; k < side * side; ++k) {
      float pixel = float(generator() % 256);
      images.data[size_t(n * side * side + k)] = pixel;
      weighted += (k % 2 ? 1.0 : 2.0) * pixel / 255.0;
    }
    labels.data[size_t(n)] =
        classes == 10
            ? float(std::min(9L, std::lround(weighted * 9.0 / (1.5 * side * side))))
            : float(std::min<long>(classes - 1, long(weighted * classes / (1.5 * side * side))));
  }
  std::string suffix = gzip ? ".gz" : "";
  writeIdx(dir + "/" + prefix + "-images-idx3-ubyte" + suffix, images, IdxType::UInt8);
  writeIdx(dir + "/" + prefix + "-labels-idx1-ubyte" + suffix, labels, IdxType::UInt8);
}

} // namespace

FakeTrainCalls &fakeTrainCalls() {
  static FakeTrainCalls calls;
  return calls;
}

void resetFakeTrainCalls() { fakeTrainCalls() = FakeTrainCalls(); }

const ModelDesc &linregModel() { return kModels[0]; }
const ModelDesc &mirrorModel() { return kModels[1]; }
const ModelDesc &clfModel() { return kModels[2]; }
const ModelDesc &clfFlipModel() { return kModels[3]; }
const ModelDesc &clfRandomFlipModel() { return kModels[4]; }
const ModelDesc &clfNpyModel() { return kModels[5]; }
const ModelDesc &linregNpyModel() { return kModels[6]; }

const ModelRegistry &trainRegistry() {
  static const ModelRegistry registry = {"train.nn", kModels, 7, noThreads};
  return registry;
}

void writeFakeDataset(const std::string &dir, int trainCount, int testCount,
                      int side, unsigned seed, bool gzip, int classes) {
  ::mkdir(dir.c_str(), 0755);
  std::mt19937 generator(seed);
  writeSplit(dir, "train", trainCount, side, generator, gzip, classes);
  writeSplit(dir, "t10k", testCount, side, generator, gzip, classes);
}

} // namespace nncrt::test
