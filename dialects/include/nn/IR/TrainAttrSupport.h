//===- TrainAttrSupport.h - Pieces of the train block's attribute -*- C++ -*-===//
//
// What the attributes of NNTrainAttrs.td are made of beyond built-in types:
// where validation data comes from, and the parsers of their parameters.
//
//===----------------------------------------------------------------------===//

#ifndef NN_IR_TRAINATTRSUPPORT_H
#define NN_IR_TRAINATTRSUPPORT_H

#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/bit.h"
#include "llvm/ADT/SmallVector.h"

namespace nnc::nn {

/// Where a train block's validation data comes from: not said (then the
/// runtime validates IDX data on its test split, text on nothing), the data
/// set's test split, or a fraction of the training data (its end, before
/// shuffling: Keras's validation_split).
struct Validation {
  enum class Kind { Unspecified, TestSplit, Fraction };
  Kind kind = Kind::Unspecified;
  double fraction = 0; ///< in (0, 1) for Kind::Fraction, else 0

  static Validation testSplit() { return {Kind::TestSplit, 0}; }
  static Validation ofFraction(double fraction) { return {Kind::Fraction, fraction}; }
  bool operator==(const Validation &other) const {
    return kind == other.kind && fraction == other.fraction;
  }
};

inline llvm::hash_code hash_value(const Validation &validation) {
  return llvm::hash_combine(validation.kind, llvm::bit_cast<uint64_t>(validation.fraction));
}

/// `test` or a real number.
mlir::FailureOr<Validation> parseValidation(mlir::AsmParser &parser);
void printValidation(mlir::AsmPrinter &printer, const Validation &validation);

/// A real number, in double precision; printed in the fewest digits that
/// read back as the same number.
mlir::FailureOr<llvm::APFloat> parseReal(mlir::AsmParser &parser);
void printReal(mlir::AsmPrinter &printer, const llvm::APFloat &value);
/// `true` or `false`.
mlir::FailureOr<bool> parseBool(mlir::AsmParser &parser);

/// `[a, b, ...]` of an enum's keywords.
template <typename Enum>
mlir::FailureOr<llvm::SmallVector<Enum>> parseEnumList(mlir::AsmParser &parser) {
  llvm::SmallVector<Enum> elements;
  if (parser.parseCommaSeparatedList(mlir::AsmParser::Delimiter::Square, [&] {
        mlir::FailureOr<Enum> element = mlir::FieldParser<Enum>::parse(parser);
        if (mlir::failed(element))
          return mlir::failure();
        elements.push_back(*element);
        return mlir::success();
      }))
    return mlir::failure();
  return elements;
}

} // namespace nnc::nn

#endif // NN_IR_TRAINATTRSUPPORT_H
