//===- Summary.h - The Keras-style model summary table ---------------------===//
//
// The table Keras 2's model.summary() prints: layer (type), output shape,
// parameter count, and a "Connected to" column for graphs that are not a
// chain; then the totals. The compiler (`nnc --emit=summary`) and the
// executable (`./exe summary`) print it from the same rows.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_SUMMARY_H
#define NNCRT_SUMMARY_H

#include "nncrt/ModelDesc.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace nncrt {

/// The summary table, ending with a newline.
std::string formatSummary(std::string_view modelName, const SummaryRow *rows,
                          int numRows);
std::string formatSummary(const ModelDesc &model);

/// 1327104 -> "1,327,104".
std::string formatWithThousandsSeparators(int64_t value);

} // namespace nncrt

#endif // NNCRT_SUMMARY_H
