//===- Csv.cpp - Numeric CSV files with a header row -----------------------===//

#include "nncrt/Csv.h"

#include "nncrt/Error.h"
#include "nncrt/FileIO.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>

namespace nncrt {

namespace {

/// One field of a record: its text (quotes removed, "" still doubled) and
/// where it starts.
struct Field {
  std::string_view text;
  int64_t line = 0;
  int64_t column = 0; ///< 1-based character on its line
  bool quoted = false;
};

/// Splits a CSV text into records.
class RecordReader {
public:
  RecordReader(std::string_view text, const std::string &path)
      : text(text), path(path) {}

  /// The next record's fields; false at the end of the text. A blank line
  /// is a record of one empty field.
  bool next(std::vector<Field> &fields) {
    fields.clear();
    if (pos >= text.size())
      return false;
    recordLine = line;
    while (true) {
      fields.push_back(readField());
      if (pos >= text.size())
        return true;
      char c = text[pos];
      if (c == ',') {
        advance();
        continue;
      }
      // \n or \r\n ends the record.
      if (c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n')
        advance();
      advance();
      return true;
    }
  }

  int64_t recordStartLine() const { return recordLine; }

private:
  void advance() {
    if (text[pos] == '\n') {
      ++line;
      lineStart = pos + 1;
    }
    ++pos;
  }

  Field readField() {
    Field field;
    field.line = line;
    field.column = int64_t(pos - lineStart) + 1;
    if (pos < text.size() && text[pos] == '"') {
      field.quoted = true;
      advance();
      size_t begin = pos;
      while (true) {
        if (pos >= text.size())
          fail("{}:{}:{}: unterminated quoted field", path, field.line,
               field.column);
        if (text[pos] == '"') {
          if (pos + 1 < text.size() && text[pos + 1] == '"') {
            advance();
            advance();
            continue;
          }
          break;
        }
        advance();
      }
      field.text = text.substr(begin, pos - begin);
      advance(); // the closing quote
      if (pos < text.size() && text[pos] != ',' && text[pos] != '\n' &&
          text[pos] != '\r')
        fail("{}:{}:{}: text after the closing quote of a field", path, line,
             int64_t(pos - lineStart) + 1);
      return field;
    }
    size_t begin = pos;
    while (pos < text.size() && text[pos] != ',' && text[pos] != '\n' &&
           !(text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n'))
      ++pos; // no newline inside: the line stays
    field.text = text.substr(begin, pos - begin);
    return field;
  }

  std::string_view text;
  const std::string &path;
  size_t pos = 0;
  size_t lineStart = 0;
  int64_t line = 1;
  int64_t recordLine = 1;
};

/// A quoted field's text with "" as ".
std::string unescape(const Field &field) {
  std::string text(field.text);
  if (!field.quoted)
    return text;
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    out.push_back(text[i]);
    if (text[i] == '"')
      ++i; // the second quote of ""
  }
  return out;
}

bool isBlank(const std::vector<Field> &fields) {
  return fields.size() == 1 && !fields[0].quoted &&
         fields[0].text.find_first_not_of(" \t") == std::string_view::npos;
}

float parseCell(const Field &field, const std::string &path,
                const std::string &column) {
  std::string_view text = field.text;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  auto where = [&] {
    return fmt::format("{}:{}:{}: column '{}'", path, field.line, field.column, column);
  };
  if (text.empty())
    fail("{}: empty cell; every sample and label value must be a number", where());
  if (text.front() == '+')
    text.remove_prefix(1); // from_chars takes no '+'
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    fail("{}: '{}' is not a number", where(), printable(field.text, 40));
  auto single = float(value);
  if (!std::isfinite(single))
    fail("{}: {} is not a finite number in f32", where(), printable(text, 40));
  return single;
}

} // namespace

CsvData readCsv(const std::string &path, const CsvColumns &columns) {
  std::string text = readPossiblyGzippedFile(path);
  std::string_view body = text;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") // a UTF-8 byte order mark
    body.remove_prefix(3);
  RecordReader reader(body, path);
  std::vector<Field> fields;
  if (!reader.next(fields) || isBlank(fields))
    fail("{}: empty file; expected a header row naming the columns", path);

  // The role of each column: a sample value, the k-th label, or dropped.
  std::vector<std::string> names;
  for (const Field &field : fields)
    names.push_back(unescape(field));
  constexpr int64_t kSample = -1, kDropped = -2;
  std::vector<int64_t> role(names.size(), kSample);
  auto find = [&](const std::string &name) {
    return std::find(names.begin(), names.end(), name) - names.begin();
  };
  auto listed = [&] {
    std::string list;
    for (size_t i = 0; i < names.size() && i < 8; ++i)
      list += (i ? ", " : "") + names[i];
    return names.size() > 8 ? list + ", ... (" + std::to_string(names.size()) + " columns)"
                            : list;
  };
  CsvData data;
  size_t labelsFound = 0;
  for (size_t k = 0; k < columns.labels.size(); ++k) {
    size_t index = find(columns.labels[k]);
    if (index == names.size()) {
      if (columns.labelsOptional)
        continue;
      fail("{}:1: no label column '{}' in the header (columns: {})", path,
           columns.labels[k], listed());
    }
    role[index] = int64_t(k);
    ++labelsFound;
  }
  if (labelsFound != 0 && labelsFound != columns.labels.size())
    fail("{}:1: some of the label columns are missing: expected all of them or "
         "none (columns: {})",
         path, listed());
  data.hasLabels = labelsFound != 0;
  for (const std::string &name : columns.dropped) {
    size_t index = find(name);
    if (index == names.size() && columns.labelsOptional)
      continue;
    if (index == names.size())
      fail("{}:1: no column '{}' to drop in the header (columns: {})", path, name,
           listed());
    role[index] = kDropped;
  }
  for (size_t i = 0; i < names.size(); ++i)
    if (role[i] == kSample)
      data.sampleColumns.push_back(names[i]);
  if (data.sampleColumns.empty())
    fail("{}:1: no column is left for the samples' values after the labels and "
         "the dropped columns",
         path);

  std::vector<float> samples, labels;
  int64_t rows = 0;
  size_t width = data.sampleColumns.size();
  // About a row per line: one allocation, not log(rows) growing copies.
  size_t lines = size_t(std::count(body.begin(), body.end(), '\n'));
  samples.reserve(lines * width);
  labels.reserve(lines * columns.labels.size());
  std::vector<float> labelRow(columns.labels.size());
  while (reader.next(fields)) {
    if (isBlank(fields))
      continue; // a trailing newline, an empty line
    if (fields.size() != names.size())
      fail("{}:{}: {} fields, but the header has {} columns", path,
           reader.recordStartLine(), fields.size(), names.size());
    for (size_t i = 0; i < fields.size(); ++i) {
      if (role[i] == kDropped)
        continue;
      float value = parseCell(fields[i], path, names[i]);
      if (role[i] == kSample)
        samples.push_back(value);
      else
        labelRow[size_t(role[i])] = value;
    }
    if (data.hasLabels)
      labels.insert(labels.end(), labelRow.begin(), labelRow.end());
    data.lines.push_back(reader.recordStartLine());
    ++rows;
  }
  if (rows == 0)
    fail("{}: no rows after the header", path);
  data.samples = Tensor({rows, int64_t(width)}, std::move(samples));
  if (data.hasLabels)
    data.labels = Tensor({rows, int64_t(columns.labels.size())}, std::move(labels));
  return data;
}

} // namespace nncrt
