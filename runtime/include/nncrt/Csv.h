//===- Csv.h - Numeric CSV files with a header row -------------------------===//
//
// RFC 4180 records: fields separated by commas, optionally in double quotes
// (which may hold commas, newlines and "" for a quote), lines ending in \n or
// \r\n; a file ending in .gz is gzip-compressed. The first record names the
// columns. Cells are read as NumPy and pandas read them: a decimal number
// parsed to double, then rounded to float; surrounding spaces are ignored.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_CSV_H
#define NNCRT_CSV_H

#include "nncrt/Tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nncrt {

/// What the columns of a CSV file are, by name.
struct CsvColumns {
  /// The label columns, in this order; all must be there, unless
  /// `labelsOptional` (a file to predict on has none).
  std::vector<std::string> labels;
  /// Also lets dropped columns be absent: a file to predict on is read as
  /// the training file was, as far as it has the same columns.
  bool labelsOptional = false;
  /// Columns left out (an id, a text column); all must be there.
  std::vector<std::string> dropped;
};

struct CsvData {
  /// The remaining columns, in file order: [rows, values].
  Tensor samples;
  /// [rows, labels] (no rows when the labels are absent).
  Tensor labels;
  bool hasLabels = false;
  /// The file line on which each row starts (1-based), for errors.
  std::vector<int64_t> lines;
  /// The names of the sample columns.
  std::vector<std::string> sampleColumns;
};

/// Reads `path`; errors name the file, the line and the column.
CsvData readCsv(const std::string &path, const CsvColumns &columns);

} // namespace nncrt

#endif // NNCRT_CSV_H
