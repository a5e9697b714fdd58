//===- PythonSource.h - Spelling Python for the generated files -*- C++ -*-===//
//
// What the PyTorch and Keras exports share to write their model.py: fresh
// variable names that are Python identifiers and hide none of the file's
// own, and literals (tuples, floats as nnc computes them, strings).
//
//===----------------------------------------------------------------------===//

#ifndef NNC_EXPORT_PYTHONSOURCE_H
#define NNC_EXPORT_PYTHONSOURCE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include <cstdint>
#include <initializer_list>
#include <string>

namespace nnc::python {

/// Variable names of one generated function.
class Names {
public:
  /// `reserved`: the names the file itself uses (modules, functions), taken
  /// besides Python's keywords.
  explicit Names(std::initializer_list<llvm::StringRef> reserved);
  /// `hint` made an identifier, with a suffix "_1", ... where it is taken.
  std::string fresh(llvm::StringRef hint);

private:
  llvm::StringSet<> used;
  llvm::StringMap<int> nextSuffix;
};

/// "(3, 3)", "(3,)".
std::string tuple(llvm::ArrayRef<int64_t> values);
/// The float32 `value` in as few digits as name it: "0.001", "1.0".
std::string number(double value);
/// "\"name\"".
std::string string(llvm::StringRef value);
/// ("a", "b"), a tuple of strings.
std::string strings(llvm::ArrayRef<std::string> values);

} // namespace nnc::python

#endif // NNC_EXPORT_PYTHONSOURCE_H
