//===- CommandLineTest.cpp - The executable's command line, end to end ----===//
//
// Drives runCommandLine with the hand-written models of FakeModel.h, as a
// user would drive an executable built by nnc.
//
//===----------------------------------------------------------------------===//

#include "nncrt/CommandLine.h"

#include "FakeModel.h"
#include "RunCommandLine.h"
#include "TempDir.h"
#include "nncrt/FileIO.h"
#include "nncrt/Npy.h"
#include "nncrt/SafeTensors.h"
#include "nncrt/Weights.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <thread>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace {

Result run(const ModelRegistry &registry, std::vector<std::string> args) {
  return runProgram(registry, "/some/dir/affine", std::move(args));
}

Result run(std::vector<std::string> args) {
  return run(affineRegistry(), std::move(args));
}

/// An error run prints nothing on stdout, one "error: ..." line on stderr.
void expectSilentError(const Result &result, const std::string &message) {
  EXPECT_EQ(result.out, "");
  expectError(result, message);
}

} // namespace

TEST(CommandLineTest, Summary) {
  Result result = run({"summary"});
  EXPECT_EQ(result.status, 0);
  EXPECT_THAT(result.out, StartsWith("Model: \"affine\"\n"));
  EXPECT_THAT(result.out, HasSubstr(" affine (Affine)             (None, 3)"));
  EXPECT_THAT(result.out, HasSubstr("Total params: 6\n"));
}

TEST(CommandLineTest, HelpForEverySubcommand) {
  Result overview = run({"--help"});
  EXPECT_EQ(overview.status, 0);
  for (const char *name : {"summary", "init", "predict", "help", "--threads"})
    EXPECT_THAT(overview.out, HasSubstr(name));
  EXPECT_THAT(overview.out, HasSubstr("compiled by nnc from affine.nn"));
  EXPECT_EQ(run({"-h"}).out, overview.out);
  EXPECT_EQ(run({"help"}).out, overview.out);

  for (const char *name : {"summary", "init", "predict"}) {
    Result help = run({name, "--help"});
    EXPECT_EQ(help.status, 0) << name;
    EXPECT_THAT(help.out, HasSubstr(std::string("Usage: affine ") + name));
    EXPECT_THAT(help.out, HasSubstr("Example"));
    EXPECT_THAT(help.out, HasSubstr(std::string("affine ") + name)); // example line
    EXPECT_EQ(run({"help", name}).out, help.out);
  }
  EXPECT_THAT(run({"predict", "--help"}).out, HasSubstr("--input [NAME=]FILE"));

  Result none = run({});
  EXPECT_EQ(none.status, 1);
  EXPECT_THAT(none.err, HasSubstr("error: no subcommand given"));
  EXPECT_EQ(run({"--version"}).out, "affine (nncrt 0.1.0), built by nnc from affine.nn\n");
  EXPECT_EQ(run({"summary", "--version"}).out, run({"--version"}).out);
  expectSilentError(run({"help", "nope"}), "unknown subcommand 'nope'");
}

TEST(CommandLineTest, UnknownNamesSuggestTheClosest) {
  expectSilentError(run({"predcit"}),
              "unknown subcommand 'predcit' (did you mean 'predict'?)");
  expectSilentError(run({"frobnicate"}), "unknown subcommand 'frobnicate'; run");
  expectSilentError(run({"predict", "--weigths", "w"}),
              "unknown option '--weigths' (did you mean '--weights'?)");
  expectSilentError(run({"--thread", "2", "summary"}),
              "unknown option '--thread' (did you mean '--threads'?)");
  expectSilentError(run({"init", "extra"}), "unexpected argument 'extra'");
  expectSilentError(run({"init", "--seed"}), "option --seed needs a value");
  expectSilentError(run({"init", "--output", "a", "--output", "b"}),
              "option --output given more than once");
  expectSilentError(run({"summary", "--help=yes"}), "option --help takes no value");
}

TEST(CommandLineTest, Threads) {
  resetFakeCalls();
  EXPECT_EQ(run({"--threads", "3", "summary"}).status, 0);
  EXPECT_EQ(fakeCalls().numThreads, 3);
  EXPECT_EQ(run({"summary", "--threads=5"}).status, 0);
  EXPECT_EQ(fakeCalls().numThreads, 5);
  EXPECT_EQ(run({"summary"}).status, 0);
  EXPECT_EQ(fakeCalls().numThreads,
            int(std::max(1u, std::thread::hardware_concurrency())));
  expectSilentError(run({"--threads", "0", "summary"}),
              "--threads must be between 1 and 4096, got 0");
  expectSilentError(run({"--threads", "many", "summary"}),
              "--threads expects an integer, got 'many'");
}

TEST(CommandLineTest, ModelSelection) {
  expectSilentError(run(twoModelRegistry(), {"summary"}),
              "this program holds several models (affine, pair): choose one "
              "with --model NAME");
  expectSilentError(run(twoModelRegistry(), {"--model", "piar", "summary"}),
              "unknown model 'piar' (did you mean 'pair'?); the models are: "
              "affine, pair");
  Result pair = run(twoModelRegistry(), {"--model", "pair", "summary"});
  EXPECT_EQ(pair.status, 0);
  EXPECT_THAT(pair.out, HasSubstr("Model: \"pair\""));
  EXPECT_THAT(pair.out, HasSubstr("Connected to"));
  EXPECT_THAT(run(twoModelRegistry(), {"summary", "--model=affine"}).out,
              HasSubstr("Model: \"affine\""));
}

TEST(CommandLineTest, InitIsSeededAndAtomic) {
  TempDir dir;
  EXPECT_EQ(run({"init", "--seed", "5", "--output", dir.file("a.safetensors")}).status, 0);
  EXPECT_EQ(run({"init", "--seed", "5", "--output", dir.file("b.safetensors")}).status, 0);
  Result other = run({"init", "--seed=6", "--output", dir.file("c.safetensors")});
  EXPECT_EQ(other.status, 0);
  EXPECT_THAT(other.out, HasSubstr("wrote 6 parameters (2 tensors) to "));
  EXPECT_EQ(readFile(dir.file("a.safetensors")), readFile(dir.file("b.safetensors")));
  EXPECT_NE(readFile(dir.file("a.safetensors")), readFile(dir.file("c.safetensors")));

  SafeTensorsFile file = readSafeTensors(dir.file("a.safetensors"));
  EXPECT_EQ(file.metadata.at("seed"), "5");
  EXPECT_EQ(file.tensors.at("affine.bias").data, std::vector<float>(3, 0.0f));
  for (float value : file.tensors.at("affine.scale").data)
    EXPECT_LE(std::abs(value), 1.0f); // glorot limit for fans 3, 3
  EXPECT_EQ(listDirectory(dir.path()), "a.safetensors b.safetensors c.safetensors");

  expectSilentError(run({"init", "--seed", "5"}), "init: missing required option --output");
  expectSilentError(run({"init", "--seed", "-1", "--output", dir.file("d")}),
              "--seed must be between 0 and");
  expectSilentError(run({"init", "--output", dir.file("no/such/dir/w.safetensors")}),
              "cannot create temporary file");
}

TEST(CommandLineTest, PredictEndToEnd) {
  TempDir dir;
  std::string weights = dir.file("w.safetensors");
  ASSERT_EQ(run({"init", "--seed", "11", "--output", weights}).status, 0);
  // A non-zero bias, so that the test sees it being added.
  SafeTensorsFile file = readSafeTensors(weights);
  file.tensors["affine.bias"] = Tensor(Shape{3}, {0.5f, -1, 2});
  writeSafeTensors(weights, file);

  Tensor x(Shape{7, 3});
  for (size_t i = 0; i < x.data.size(); ++i)
    x.data[i] = float(i) * 0.25f - 2;
  writeNpy(dir.file("x.npy"), x);

  resetFakeCalls();
  Result result = run({"--threads", "2", "predict", "--weights", weights, "--input",
                       dir.file("x.npy"), "--output", dir.file("y.npy"), "--batch", "3"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("wrote y [7, 3] to "));
  EXPECT_EQ(fakeCalls().forwardCalls, 3);
  EXPECT_EQ(fakeCalls().numThreads, 2);

  Tensor y = readNpy(dir.file("y.npy"));
  ASSERT_EQ(y.shape, (Shape{7, 3}));
  const std::vector<float> &scale = file.tensors["affine.scale"].data;
  for (int row = 0; row < 7; ++row)
    for (int i = 0; i < 3; ++i)
      EXPECT_FLOAT_EQ(y.data[row * 3 + i],
                      scale[i] * x.data[row * 3 + i] + file.tensors["affine.bias"].data[i]);
}

TEST(CommandLineTest, PredictWithNamedInputsAndOutputs) {
  TempDir dir;
  std::string weights = dir.file("w.safetensors");
  ASSERT_EQ(run(twoModelRegistry(), {"--model", "pair", "init", "--output", weights}).status, 0);
  writeNpy(dir.file("a.npy"), Tensor(Shape{2, 2}, {1, 2, 3, 4}));
  writeNpy(dir.file("b.npy"), Tensor(Shape{2, 2}, {10, 20, 30, 40}));
  auto predict = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"--model", "pair", "predict", "--weights", weights};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(twoModelRegistry(), args);
  };

  Result result = predict({"--input", "b=" + dir.file("b.npy"), "--input",
                           "a=" + dir.file("a.npy"), "--output",
                           "diff=" + dir.file("diff.npy")});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(readNpy(dir.file("diff.npy")).data, (std::vector<float>{-9, -18, -27, -36}));
  EXPECT_FALSE(fileExists(dir.file("sum.npy")));

  expectSilentError(predict({"--input", dir.file("a.npy"), "--output", dir.file("o.npy")}),
              "the model has several inputs (a, b): write --input NAME=FILE");
  expectSilentError(predict({"--input", "a=" + dir.file("a.npy"), "--output", "sum=" + dir.file("s.npy")}),
              "missing --input b=FILE");
  expectSilentError(predict({"--input", "c=x.npy", "--input", "b=" + dir.file("b.npy"),
                       "--output", "sum=s.npy"}),
              "the model has no input 'c'");
  expectSilentError(predict({"--input", "a=x.npy", "--input", "a=y.npy", "--output", "sum=s.npy"}),
              "input 'a' given more than once");
  expectSilentError(predict({"--input", "a=" + dir.file("a.npy"), "--input",
                       "b=" + dir.file("b.npy"), "--output", "summ=s.npy"}),
              "the model has no output 'summ' (did you mean 'sum'?)");
}

TEST(CommandLineTest, PredictErrors) {
  TempDir dir;
  std::string weights = dir.file("w.safetensors");
  ASSERT_EQ(run({"init", "--output", weights}).status, 0);
  writeNpy(dir.file("x.npy"), Tensor(Shape{4, 3}));
  writeNpy(dir.file("bad.npy"), Tensor(Shape{4, 2}));
  writeBytes(dir.file("y.npy"), "previous result");

  expectSilentError(run({"predict", "--input", dir.file("x.npy"), "--output", "y.npy"}),
              "predict: missing required option --weights");
  expectSilentError(run({"predict", "--weights", weights, "--output", "y.npy"}),
              "missing required option --input");
  expectSilentError(run({"predict", "--weights", weights, "--input", dir.file("x.npy"),
                   "--output", dir.file("y.csv")}),
              "must end in .npy");
  expectSilentError(run({"predict", "--weights", weights, "--input", dir.file("bad.npy"),
                   "--output", dir.file("y.npy")}),
              "does not fit input 'x' of shape [3]");
  expectSilentError(run({"predict", "--weights", dir.file("x.npy"), "--input",
                   dir.file("x.npy"), "--output", dir.file("y.npy")}),
              "x.npy: header length");
  expectSilentError(run({"predict", "--weights", weights, "--input", dir.file("x.npy"),
                   "--output", dir.file("y.npy"), "--batch", "0"}),
              "--batch must be between 1 and");

  // A failing pipeline leaves the previous output untouched.
  fakeCalls().forwardStatus = -3;
  expectSilentError(run({"predict", "--weights", weights, "--input", dir.file("x.npy"),
                   "--output", dir.file("y.npy")}),
              "forward pipeline failed with Halide error -3");
  resetFakeCalls();
  EXPECT_EQ(readFile(dir.file("y.npy")), "previous result");
}
