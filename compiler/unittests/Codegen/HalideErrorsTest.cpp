//===- HalideErrorsTest.cpp - Halide's errors reach the user in one line ---===//

#include "Codegen/HalideErrors.h"

#include "Halide.h"

#include <gtest/gtest.h>

using namespace nnc::codegen;

namespace {

/// Halide's own error for a Func computed inside one of its two consumers:
/// the kind of schedule bug a graph with a skip connection once caused.
std::string invalidLocationError() {
  Halide::Var x("x"), y("y");
  Halide::Func producer("conv2d_1"), first("conv2d_1_dpre"), second("conv2d_2_sum");
  producer(x, y) = x + y;
  first(x, y) = producer(x, y) * 2;
  second(x, y) = producer(x, y) + first(x, y);
  producer.compute_at(first, y);
  first.compute_root();
  try {
    second.compile_to_lowered_stmt("/dev/null", {}, Halide::StmtOutputFormat::Text,
                                   Halide::get_host_target());
  } catch (const Halide::Error &error) {
    return error.what();
  }
  return "";
}

TEST(HalideErrorsTest, InvalidScheduleBecomesOneLineNamingTheFunc) {
  std::string message = invalidLocationError();
  ASSERT_NE(message.find('\n'), std::string::npos) << "Halide's message is one line already";
  std::string summary = summarizeHalideError(message);
  EXPECT_EQ(summary.find('\n'), std::string::npos) << summary;
  EXPECT_NE(summary.find("Func \"conv2d_1\""), std::string::npos) << summary;
  EXPECT_NE(summary.find("invalid location"), std::string::npos) << summary;
  EXPECT_EQ(summary.find('$'), std::string::npos) << summary;
}

TEST(HalideErrorsTest, RepeatedNamesLoseHalidesSuffix) {
  EXPECT_EQ(summarizeHalideError("Error: Func \"dense_1$2\" cannot be scheduled\nmore"),
            "Func \"dense_1\" cannot be scheduled");
  EXPECT_EQ(summarizeHalideError("Error: buffer too large\nFunc \"upsample2d_1$3\" ..."),
            "buffer too large (Func upsample2d_1)");
  EXPECT_EQ(summarizeHalideError("Error: no Func named here"), "no Func named here");
}

} // namespace
