//===- HalideErrors.cpp - Halide's errors as one line for the user --------===//

#include "Codegen/HalideErrors.h"

#include "Codegen/Pipeline.h"

using namespace nnc;
using namespace nnc::codegen;

std::string codegen::summarizeHalideError(llvm::StringRef message) {
  llvm::StringRef first = message.ltrim().split('\n').first.trim();
  first.consume_front("Error:");
  std::string text = first.trim().str();
  size_t quote = message.find("Func \"");
  if (quote == llvm::StringRef::npos)
    return text;
  llvm::StringRef halideName =
      message.drop_front(quote + 6).take_until([](char c) { return c == '"'; });
  std::string func = displayName(halideName);
  if (size_t at = text.find(halideName.str()); at != std::string::npos)
    text.replace(at, halideName.size(), func);
  else
    text += " (Func " + func + ")";
  return text;
}
