//===- PythonSource.cpp - Spelling Python for the generated files ---------===//

#include "Export/PythonSource.h"

#include "llvm/ADT/StringExtras.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace nnc;

python::Names::Names(std::initializer_list<llvm::StringRef> reserved) {
  static const char *const keywords[] = {
      "False", "None",   "True",    "and",      "as",     "assert", "async", "await",
      "break", "class",  "continue", "def",     "del",    "elif",   "else",  "except",
      "finally", "for",  "from",    "global",   "if",     "import", "in",    "is",
      "lambda", "nonlocal", "not",  "or",       "pass",   "raise",  "return", "try",
      "while", "with",   "yield"};
  for (const char *keyword : keywords)
    used.insert(keyword);
  for (llvm::StringRef name : reserved)
    used.insert(name);
}

std::string python::Names::fresh(llvm::StringRef hint) {
  std::string base;
  for (char c : hint)
    base += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (base.empty() || std::isdigit(static_cast<unsigned char>(base[0])))
    base = "v_" + base;
  std::string name = base;
  int &suffix = nextSuffix[base];
  while (!used.insert(name).second)
    name = base + "_" + std::to_string(++suffix);
  return name;
}

std::string python::tuple(llvm::ArrayRef<int64_t> values) {
  std::string text = "(";
  for (size_t i = 0; i < values.size(); ++i)
    text += (i ? ", " : "") + std::to_string(values[i]);
  return text + (values.size() == 1 ? ",)" : ")");
}

std::string python::number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", double(float(value)));
  std::string text = buffer;
  for (int digits = 1; digits < 9; ++digits) {
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, double(float(value)));
    if (float(std::strtod(buffer, nullptr)) == float(value)) {
      text = buffer;
      break;
    }
  }
  if (text.find_first_of(".en") == std::string::npos)
    text += ".0";
  return text;
}

std::string python::string(llvm::StringRef value) {
  std::string text = "\"";
  for (char c : value)
    text += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
  return text + "\"";
}

std::string python::strings(llvm::ArrayRef<std::string> values) {
  std::vector<std::string> quoted;
  for (const std::string &value : values)
    quoted.push_back(string(value));
  return "(" + llvm::join(quoted, ", ") + (values.size() == 1 ? ",)" : ")");
}
