//===- Summary.cpp - The Keras-style model summary table -------------------===//

#include "nncrt/Summary.h"

#include <algorithm>
#include <vector>

namespace nncrt {

namespace {

/// Keras 2's column end positions: Sequential-style models use a 65-column
/// table, models with a "Connected to" column a 98-column one.
const std::vector<size_t> kChainColumnEnds = {29, 55, 65};
const std::vector<size_t> kGraphColumnEnds = {32, 53, 65, 98};
/// nnc's own column (Keras has none), right after "Param #".
const std::string kReceptiveFieldHeader = "Receptive field";
constexpr size_t kReceptiveFieldWidth = 17;

/// The column ends with the receptive-field column inserted after the third.
std::vector<size_t> withReceptiveFieldColumn(std::vector<size_t> ends) {
  ends.insert(ends.begin() + 3, ends[2] + kReceptiveFieldWidth);
  for (size_t col = 4; col < ends.size(); ++col)
    ends[col] += kReceptiveFieldWidth;
  return ends;
}

/// Keras indents the first column by one space and keeps two spaces between
/// columns.
constexpr size_t kIndent = 1, kGap = 2;

std::string rowText(const std::vector<std::string> &fields,
                    const std::vector<size_t> &columnEnds) {
  std::string line(kIndent, ' ');
  for (size_t col = 0; col < fields.size(); ++col) {
    line += fields[col];
    if (col + 1 < fields.size())
      line.append(columnEnds[col] - line.size(), ' ');
  }
  // No trailing blanks: easier to diff and to match in tests.
  line.erase(line.find_last_not_of(' ') + 1);
  return line + "\n";
}

} // namespace

std::string formatWithThousandsSeparators(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string text;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      text += ',';
    text += digits[i];
  }
  return value < 0 ? "-" + text : text;
}

std::string formatSummary(std::string_view modelName, const SummaryRow *rows,
                          int numRows) {
  bool isGraph = std::any_of(rows, rows + numRows, [](const SummaryRow &row) {
    return row.connectedTo && row.connectedTo[0];
  });

  bool hasReceptiveField = std::any_of(rows, rows + numRows, [](const SummaryRow &row) {
    return row.receptiveField != nullptr;
  });

  std::vector<std::string> header = {"Layer (type)", "Output Shape", "Param #"};
  if (hasReceptiveField)
    header.push_back(kReceptiveFieldHeader);
  if (isGraph)
    header.push_back("Connected to");
  std::vector<std::vector<std::string>> body;
  int64_t total = 0, nonTrainable = 0;
  for (int i = 0; i < numRows; ++i) {
    const SummaryRow &row = rows[i];
    std::vector<std::string> fields = {
        std::string(row.layer) + " (" + row.type + ")", row.outputShape,
        std::to_string(row.params)};
    if (hasReceptiveField)
      fields.push_back(row.receptiveField ? row.receptiveField : "");
    if (isGraph)
      fields.push_back(row.connectedTo ? row.connectedTo : "");
    body.push_back(std::move(fields));
    total += row.params;
    nonTrainable += row.nonTrainableParams;
  }

  // Widen a column when some entry would not leave the gap before the next.
  std::vector<size_t> columnEnds = isGraph ? kGraphColumnEnds : kChainColumnEnds;
  if (hasReceptiveField)
    columnEnds = withReceptiveFieldColumn(columnEnds);
  size_t shift = 0;
  for (size_t col = 0; col < columnEnds.size(); ++col) {
    size_t start = col == 0 ? 0 : columnEnds[col - 1];
    size_t width = columnEnds[col] + shift - start;
    size_t padding =
        (col == 0 ? kIndent : 0) + (col + 1 < columnEnds.size() ? kGap : 0);
    size_t needed = header[col].size() + padding;
    for (const auto &fields : body)
      needed = std::max(needed, fields[col].size() + padding);
    shift += needed > width ? needed - width : 0;
    columnEnds[col] += shift;
  }
  size_t lineLength = columnEnds.back();

  std::string text = "Model: \"" + std::string(modelName) + "\"\n";
  text += std::string(lineLength, '_') + "\n";
  text += rowText(header, columnEnds);
  text += std::string(lineLength, '=') + "\n";
  for (const auto &fields : body)
    text += rowText(fields, columnEnds);
  text += std::string(lineLength, '=') + "\n";
  text += "Total params: " + formatWithThousandsSeparators(total) + "\n";
  text += "Trainable params: " + formatWithThousandsSeparators(total - nonTrainable) + "\n";
  text += "Non-trainable params: " + formatWithThousandsSeparators(nonTrainable) + "\n";
  text += std::string(lineLength, '_') + "\n";
  return text;
}

std::string formatSummary(const ModelDesc &model) {
  return formatSummary(model.name, model.summary, model.numSummaryRows);
}

} // namespace nncrt
