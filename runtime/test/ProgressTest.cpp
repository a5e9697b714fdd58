//===- ProgressTest.cpp - Progress line and metrics log -------------------===//

#include "nncrt/MetricsLog.h"
#include "nncrt/Progress.h"

#include "TempDir.h"
#include "nncrt/FileIO.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace nncrt;
using namespace nncrt::test;

TEST(ProgressTest, Durations) {
  EXPECT_EQ(formatDuration(2.14), "2.1s");
  EXPECT_EQ(formatDuration(0), "0.0s");
  EXPECT_EQ(formatDuration(59.9), "59.9s");
  EXPECT_EQ(formatDuration(65.4), "1m05s");
  EXPECT_EQ(formatDuration(7385), "2h03m");
  EXPECT_EQ(formatDuration(-1), "0.0s");
}

TEST(ProgressTest, FinishedAndRunningLines) {
  ProgressState state;
  state.epoch = 3;
  state.epochs = 50;
  state.step = 235;
  state.steps = 235;
  state.seconds = 2.1;
  state.loss = 0.10124;
  state.valLoss = 0.09981;
  state.done = true;
  EXPECT_EQ(formatProgressLine(state),
            "Epoch 3/50  235/235 [==============================] 2.1s  loss "
            "0.1012  val_loss 0.0998");

  state.done = false;
  state.step = 47;
  state.seconds = 12.5;
  state.valLoss.reset();
  EXPECT_EQ(formatProgressLine(state),
            "Epoch 3/50   47/235 [======>.......................] ETA 12.5s  "
            "loss 0.1012");
}

TEST(ProgressTest, PlainModePrintsOnlyFinishedLines) {
  std::ostringstream out;
  ProgressDisplay display(out, /*interactive=*/false);
  ProgressState state;
  state.steps = 2;
  state.step = 1;
  display.update(state);
  EXPECT_EQ(out.str(), "");
  state.step = 2;
  state.done = true;
  display.finish(state);
  EXPECT_EQ(out.str(), formatProgressLine(state) + "\n");

  std::ostringstream terminal;
  ProgressDisplay redrawn(terminal, /*interactive=*/true);
  state.done = false;
  state.step = 1;
  redrawn.update(state);
  EXPECT_EQ(terminal.str(), "\r" + formatProgressLine(state) + "\x1b[K");
}

TEST(ProgressTest, MetricsLinesAreJson) {
  TempDir dir;
  std::string path = dir.file("m.jsonl");
  appendMetrics(path, {1, 0.5, 0.25, 2.0, 100.0});
  appendMetrics(path, {2, 0.25, std::nullopt, 1.5, 200.0});
  std::istringstream lines(readFile(path));
  std::string first, second, third;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_FALSE(std::getline(lines, third));
  EXPECT_EQ(first, "{\"epoch\":1,\"loss\":0.5,\"val_loss\":0.25,\"seconds\":2.0,"
                   "\"images_per_second\":100.0}");
  nlohmann::json parsed = nlohmann::json::parse(second);
  EXPECT_EQ(parsed["epoch"], 2);
  EXPECT_EQ(parsed["loss"], 0.25);
  EXPECT_TRUE(parsed["val_loss"].is_null());
  EXPECT_EQ(parsed["images_per_second"], 200.0);
}
