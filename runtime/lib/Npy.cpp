//===- Npy.cpp - NumPy .npy files -----------------------------------------===//

#include "nncrt/Npy.h"

#include "nncrt/Error.h"
#include "nncrt/FileIO.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>

namespace nncrt {

namespace {

const char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

/// The values a .npy header dict may hold.
struct HeaderValue {
  enum Kind { String, Bool, Tuple } kind;
  std::string text;
  bool flag = false;
  Shape tuple;
};

/// Parses the Python dict literal of a .npy header, e.g.
/// {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
class HeaderParser {
public:
  HeaderParser(std::string_view text, const std::string &name)
      : text(text), name(name) {}

  std::map<std::string, HeaderValue> parseDict() {
    std::map<std::string, HeaderValue> dict;
    expect('{');
    while (!consume('}')) {
      std::string key = parseString();
      expect(':');
      dict[key] = parseValue();
      if (!consume(',')) {
        expect('}');
        break;
      }
    }
    skipSpace();
    if (pos != text.size())
      error("unexpected text after the header dictionary");
    return dict;
  }

private:
  [[noreturn]] void error(const std::string &problem) {
    // The header ends in padding and a newline; the message is one line.
    std::string_view shown = text;
    while (!shown.empty() && std::isspace((unsigned char)shown.back()))
      shown.remove_suffix(1);
    fail("{}: bad .npy header: {} (header: {})", name, problem,
         printable(shown));
  }

  void skipSpace() {
    while (pos < text.size() && std::isspace((unsigned char)text[pos]))
      ++pos;
  }

  bool consume(char c) {
    skipSpace();
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }

  void expect(char c) {
    if (!consume(c))
      error(fmt::format("expected '{}'", c));
  }

  std::string parseString() {
    skipSpace();
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      error("expected a quoted string");
    char quote = text[pos++];
    size_t end = text.find(quote, pos);
    if (end == std::string_view::npos)
      error("unterminated string");
    std::string value(text.substr(pos, end - pos));
    pos = end + 1;
    return value;
  }

  int64_t parseInteger() {
    skipSpace();
    size_t start = pos;
    while (pos < text.size() && std::isdigit((unsigned char)text[pos]))
      ++pos;
    // NumPy 1.x writes extents of long arrays with an 'L' suffix on Python 2.
    if (pos == start || pos - start > 15)
      error("expected a non-negative integer in the shape");
    int64_t value = std::stoll(std::string(text.substr(start, pos - start)));
    consume('L');
    return value;
  }

  HeaderValue parseValue() {
    skipSpace();
    HeaderValue value;
    if (pos < text.size() && (text[pos] == '\'' || text[pos] == '"')) {
      value.kind = HeaderValue::String;
      value.text = parseString();
    } else if (text.substr(pos, 4) == "True" || text.substr(pos, 5) == "False") {
      value.kind = HeaderValue::Bool;
      value.flag = text[pos] == 'T';
      pos += value.flag ? 4 : 5;
    } else if (consume('(')) {
      value.kind = HeaderValue::Tuple;
      while (!consume(')')) {
        value.tuple.push_back(parseInteger());
        if (!consume(',')) {
          expect(')');
          break;
        }
      }
    } else {
      error("expected a string, True/False or a tuple");
    }
    return value;
  }

  std::string_view text;
  const std::string &name;
  size_t pos = 0;
};

template <typename T>
T loadLittleEndian(const char *bytes) {
  // x86-64 and AArch64 Linux are little-endian, like the accepted dtypes.
  T value;
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

/// Size of one element of `descr`, or 0 if the type is not supported.
int supportedElementSize(const std::string &descr) {
  static const std::map<std::string, int> sizes = {
      {"<f4", 4}, {"<f8", 8}, {"|u1", 1}, {"<u1", 1},
      {"<i4", 4}, {"<i8", 8}};
  auto it = sizes.find(descr);
  return it == sizes.end() ? 0 : it->second;
}

} // namespace

float decodeNpyElement(const char *bytes, const std::string &descr) {
  switch (descr[1]) {
  case 'f':
    return descr[2] == '4' ? loadLittleEndian<float>(bytes)
                           : float(loadLittleEndian<double>(bytes));
  case 'u':
    return float(uint8_t(bytes[0]));
  default:
    return descr[2] == '4' ? float(loadLittleEndian<int32_t>(bytes))
                           : float(loadLittleEndian<int64_t>(bytes));
  }
}

namespace {

/// Parses the header at the start of `bytes` (at least the whole header) of
/// a file of `fileSize` bytes, and checks the data's size against it. At
/// most `maxElements` elements (arrays read whole are indexed by int32).
NpyHeader parseHeader(std::string_view bytes, uint64_t fileSize, const std::string &name,
                      int64_t maxElements) {
  if (bytes.size() < kMagicSize + 2 ||
      std::memcmp(bytes.data(), kMagic, kMagicSize) != 0)
    fail("{}: not a .npy file (bad magic)", name);
  int major = (unsigned char)bytes[6];
  size_t headerLengthSize = major == 1 ? 2 : 4;
  if (major < 1 || major > 3)
    fail("{}: unsupported .npy format version {}", name, major);
  size_t prefixSize = kMagicSize + 2 + headerLengthSize;
  if (bytes.size() < prefixSize)
    fail("{}: truncated .npy header", name);
  size_t headerLength =
      major == 1 ? loadLittleEndian<uint16_t>(bytes.data() + 8)
                 : loadLittleEndian<uint32_t>(bytes.data() + 8);
  if (bytes.size() < prefixSize + headerLength)
    fail("{}: truncated .npy header: expected {} bytes, found {}", name,
         headerLength, bytes.size() - prefixSize);

  std::string_view headerText(bytes.data() + prefixSize, headerLength);
  auto dict = HeaderParser(headerText, name).parseDict();
  auto field = [&](const char *key, HeaderValue::Kind kind) {
    auto it = dict.find(key);
    if (it == dict.end() || it->second.kind != kind)
      fail("{}: bad .npy header: missing or malformed '{}'", name, key);
    return it->second;
  };
  std::string descr = field("descr", HeaderValue::String).text;
  bool fortranOrder = field("fortran_order", HeaderValue::Bool).flag;
  Shape shape = field("shape", HeaderValue::Tuple).tuple;

  if (descr.size() == 3 && descr[0] == '>' && descr[2] != '1')
    fail("{}: big-endian data ('{}') is not supported; save it little-endian, "
         "e.g. with array.astype('<{}')",
         name, descr, descr.substr(1));
  int size = supportedElementSize(descr);
  if (size == 0)
    fail("{}: unsupported dtype '{}'; expected one of <f4, <f8, |u1, <i4, <i8",
         name, printable(descr));
  if (fortranOrder)
    fail("{}: Fortran-order arrays are not supported; save a C-order copy "
         "(numpy.ascontiguousarray)",
         name);

  // The non-zero extents too: (0, 10^14, 10^14) holds nothing, but its
  // samples would have more elements than a count holds.
  std::optional<int64_t> extents = checkedExtentProduct(shape);
  if (!extents || *extents > maxElements)
    fail("{}: shape {} is too large: more than {} elements", name,
         formatShape(shape),
         maxElements == INT32_MAX ? std::string("2^31 - 1") : std::to_string(maxElements));
  auto count = uint64_t(numElements(shape));
  uint64_t expected = count * uint64_t(size);
  uint64_t found = fileSize - prefixSize - headerLength;
  if (found < expected)
    fail("{}: truncated: expected {} bytes of data, found {}", name, expected,
         found);
  if (found > expected)
    fail("{}: {} bytes of trailing garbage after the {} bytes of data", name,
         found - expected, expected);

  NpyHeader header;
  header.shape = std::move(shape);
  header.isBytes = descr[1] == 'u';
  header.descr = std::move(descr);
  header.elementSize = size;
  header.dataOffset = prefixSize + headerLength;
  return header;
}

} // namespace

NpyArray parseNpyArray(std::string bytes, const std::string &name) {
  NpyHeader header = parseHeader(bytes, bytes.size(), name, INT32_MAX);
  NpyArray array;
  array.shape = std::move(header.shape);
  array.isBytes = header.isBytes;
  array.descr = std::move(header.descr);
  array.elementSize = header.elementSize;
  array.dataOffset = header.dataOffset;
  array.bytes = std::move(bytes);
  return array;
}

NpyHeader readNpyHeader(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    fail("{}: cannot open: {}", path, systemErrorText(errno));
  // A header is at most 64 KiB (version 1) or, in practice, a few hundred
  // bytes: read a prefix, and more if the header says it is longer.
  std::string prefix(65536 + 12, '\0');
  file.read(prefix.data(), std::streamsize(prefix.size()));
  prefix.resize(size_t(file.gcount()));
  file.clear();
  file.seekg(0, std::ios::end);
  auto fileSize = uint64_t(file.tellg());
  return parseHeader(prefix, fileSize, path, INT64_MAX / 8);
}

Tensor NpyArray::toTensor() const {
  Tensor tensor(shape);
  const char *element = bytes.data() + dataOffset;
  for (size_t i = 0; i < tensor.data.size(); ++i, element += elementSize)
    tensor.data[i] = decodeNpyElement(element, descr);
  return tensor;
}

Tensor parseNpy(const std::string &bytes, const std::string &name) {
  return parseNpyArray(bytes, name).toTensor();
}

Tensor readNpy(const std::string &path) { return readNpyArray(path).toTensor(); }

NpyArray readNpyArray(const std::string &path) {
  return parseNpyArray(readFile(path), path);
}

std::string encodeNpy(const Tensor &tensor) {
  std::string shape = "(";
  for (int64_t extent : tensor.shape)
    shape += std::to_string(extent) + ", ";
  if (tensor.shape.size() == 1)
    shape.pop_back(); // "(3,)" as Python writes a 1-tuple
  else if (!tensor.shape.empty())
    shape.resize(shape.size() - 2);
  shape += ")";
  std::string header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad with spaces so that the data starts at a multiple of 64, ending '\n'.
  size_t prefixSize = kMagicSize + 2 + 2;
  size_t total = prefixSize + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');

  std::string out(kMagic, kMagicSize);
  out.push_back(1);
  out.push_back(0);
  out.push_back(char(header.size() & 0xff));
  out.push_back(char(header.size() >> 8));
  out += header;
  out.append(reinterpret_cast<const char *>(tensor.data.data()),
             tensor.data.size() * sizeof(float));
  return out;
}

void writeNpy(const std::string &path, const Tensor &tensor) {
  writeFileAtomically(path, encodeNpy(tensor));
}

} // namespace nncrt
