//===- SummaryTest.cpp - The Keras-style model summary table --------------===//

#include "nncrt/Summary.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <vector>

using namespace nncrt;
using ::testing::HasSubstr;

namespace {

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> result;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);)
    result.push_back(line);
  return result;
}

// The boxes model of the notes: Dense(1, no bias) on (4, 2), squeeze,
// Dense(1, no bias) on (4,), squeeze: weights (2, 1) and (4, 1).
const SummaryRow kBoxes[] = {
    {"boxes", "InputLayer", "[(None, 4, 2)]", 0, ""},
    {"dense", "Dense", "(None, 4, 1)", 2, ""},
    {"squeeze", "Squeeze", "(None, 4)", 0, ""},
    {"dense_1", "Dense", "(None, 1)", 4, ""},
    {"squeeze_1", "Squeeze", "(None,)", 0, ""},
};

} // namespace

TEST(SummaryTest, BoxesModelTable) {
  std::string expected =
      "Model: \"boxes\"\n"
      "_________________________________________________________________\n"
      " Layer (type)                Output Shape              Param #\n"
      "=================================================================\n"
      " boxes (InputLayer)          [(None, 4, 2)]            0\n"
      " dense (Dense)               (None, 4, 1)              2\n"
      " squeeze (Squeeze)           (None, 4)                 0\n"
      " dense_1 (Dense)             (None, 1)                 4\n"
      " squeeze_1 (Squeeze)         (None,)                   0\n"
      "=================================================================\n"
      "Total params: 6\n"
      "Trainable params: 6\n"
      "Non-trainable params: 0\n"
      "_________________________________________________________________\n";
  EXPECT_EQ(formatSummary("boxes", kBoxes, 5), expected);
}

TEST(SummaryTest, TotalsUseThousandsSeparators) {
  const SummaryRow rows[] = {
      {"image", "InputLayer", "[(None, 1920, 1080, 3)]", 0, ""},
      {"conv2d", "Conv2D", "(None, 384, 216, 16)", 1200, ""},
      {"flatten", "Flatten", "(None, 1327104)", 0, ""},
      {"dense", "Dense", "(None, 1)", 1327104, ""},
  };
  std::string text = formatSummary("big", rows, 4);
  EXPECT_THAT(text, HasSubstr("Total params: 1,328,304\n"));
  EXPECT_THAT(text, HasSubstr("Trainable params: 1,328,304\n"));
  EXPECT_EQ(formatWithThousandsSeparators(0), "0");
  EXPECT_EQ(formatWithThousandsSeparators(999), "999");
  EXPECT_EQ(formatWithThousandsSeparators(1000), "1,000");
  EXPECT_EQ(formatWithThousandsSeparators(1327104), "1,327,104");
  EXPECT_EQ(formatWithThousandsSeparators(-12345), "-12,345");
}

// BatchNormalization's moving statistics are counted in its row and the
// total, and as Keras's "Non-trainable params".
TEST(SummaryTest, NonTrainableParams) {
  const SummaryRow rows[] = {
      {"image", "InputLayer", "[(None, 28, 28, 1)]", 0, ""},
      {"conv2d_1", "Conv2D", "(None, 26, 26, 16)", 160, "", nullptr, 0},
      {"batchnorm_1", "BatchNormalization", "(None, 26, 26, 16)", 64, "", nullptr, 32},
  };
  std::string text = formatSummary("normalized", rows, 3);
  EXPECT_THAT(text, HasSubstr("Total params: 224\n"));
  EXPECT_THAT(text, HasSubstr("Trainable params: 192\n"));
  EXPECT_THAT(text, HasSubstr("Non-trainable params: 32\n"));
}

TEST(SummaryTest, ConnectedToColumnOnlyForGraphs) {
  EXPECT_THAT(formatSummary("boxes", kBoxes, 5),
              ::testing::Not(HasSubstr("Connected to")));
  const SummaryRow rows[] = {
      {"a", "InputLayer", "[(None, 2)]", 0, ""},
      {"b", "InputLayer", "[(None, 2)]", 0, ""},
      {"concat", "Concatenate", "(None, 4)", 0, "['a[0][0]', 'b[0][0]']"},
  };
  auto table = lines(formatSummary("two_inputs", rows, 3));
  ASSERT_GE(table.size(), 7u);
  EXPECT_EQ(table[1], std::string(98, '_'));
  EXPECT_EQ(table[2],
            " Layer (type)                   Output Shape         Param #     "
            "Connected to");
  EXPECT_EQ(table[6],
            " concat (Concatenate)           (None, 4)            0           "
            "['a[0][0]', 'b[0][0]']");
}

TEST(SummaryTest, LongNamesWidenTheColumns) {
  const SummaryRow rows[] = {
      {"a_really_long_layer_name_for_testing", "Conv2DTranspose",
       "(None, 1920, 1080, 3, 7, 7, 7, 7)", 123456789, ""},
      {"x", "Dense", "(None, 1)", 2, ""},
  };
  auto table = lines(formatSummary("wide", rows, 2));
  const std::string &header = table[2];
  size_t shapeColumn = header.find("Output Shape");
  size_t paramColumn = header.find("Param #");
  for (int row : {4, 5}) {
    // Every column starts where its header does, after at least two blanks.
    EXPECT_EQ(table[row].find("(None"), shapeColumn) << table[row];
    EXPECT_EQ(table[row].substr(paramColumn - 2, 2), "  ") << table[row];
    EXPECT_NE(table[row][paramColumn], ' ') << table[row];
  }
  EXPECT_EQ(table[1].size(), table[3].size());
  EXPECT_GE(table[1].size(), table[4].size());
}

// nnc's receptive-field column follows "Param #" (17 columns wide) when the
// rows carry it; descriptions without it keep Keras's table exactly.
TEST(SummaryTest, ReceptiveFieldColumn) {
  const SummaryRow rows[] = {
      {"image", "InputLayer", "[(None, 28, 28, 1)]", 0, "", "1x1"},
      {"conv2d_1", "Conv2D", "(None, 28, 28, 16)", 160, "", "3x3"},
      {"maxpool2d_1", "MaxPooling2D", "(None, 14, 14, 16)", 0, "", "4x4"},
      {"flatten_1", "Flatten", "(None, 3136)", 0, "", "-"},
  };
  std::string expected =
      "Model: \"rf\"\n"
      "__________________________________________________________________________________\n"
      " Layer (type)                Output Shape              Param #   Receptive field\n"
      "==================================================================================\n"
      " image (InputLayer)          [(None, 28, 28, 1)]       0         1x1\n"
      " conv2d_1 (Conv2D)           (None, 28, 28, 16)        160       3x3\n"
      " maxpool2d_1 (MaxPooling2D)  (None, 14, 14, 16)        0         4x4\n"
      " flatten_1 (Flatten)         (None, 3136)              0         -\n"
      "==================================================================================\n"
      "Total params: 160\n"
      "Trainable params: 160\n"
      "Non-trainable params: 0\n"
      "__________________________________________________________________________________\n";
  EXPECT_EQ(formatSummary("rf", rows, 4), expected);
  EXPECT_THAT(formatSummary("boxes", kBoxes, 5),
              ::testing::Not(HasSubstr("Receptive field")));
}

TEST(SummaryTest, ReceptiveFieldBeforeConnectedTo) {
  const SummaryRow rows[] = {
      {"a", "InputLayer", "[(None, 8, 8, 1)]", 0, "", "1x1"},
      {"b", "InputLayer", "[(None, 8, 8, 1)]", 0, "", "1x1"},
      {"z", "Concatenate", "(None, 8, 8, 2)", 0, "a, b", "1x1"},
  };
  auto table = lines(formatSummary("graph", rows, 3));
  ASSERT_GE(table.size(), 6u);
  EXPECT_EQ(table[2], " Layer (type)                   Output Shape         Param #     "
                      "Receptive field  Connected to");
  EXPECT_EQ(table[6], " z (Concatenate)                (None, 8, 8, 2)      0           "
                      "1x1              a, b");
}
