//===- Idx.cpp - IDX files (the MNIST format) -----------------------------===//

#include "nncrt/Idx.h"

#include "nncrt/Error.h"
#include "nncrt/FileIO.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace nncrt {

namespace {

constexpr int kMaxDims = 4;

int elementSize(IdxType type) {
  switch (type) {
  case IdxType::UInt8:
  case IdxType::Int8:
    return 1;
  case IdxType::Int16:
    return 2;
  case IdxType::Int32:
  case IdxType::Float32:
    return 4;
  case IdxType::Float64:
    return 8;
  }
  return 0;
}

bool isKnownType(uint8_t code) {
  switch (code) {
  case 0x08: case 0x09: case 0x0B: case 0x0C: case 0x0D: case 0x0E:
    return true;
  default:
    return false;
  }
}

uint64_t loadBigEndian(const unsigned char *bytes, int size) {
  uint64_t value = 0;
  for (int i = 0; i < size; ++i)
    value = (value << 8) | bytes[i];
  return value;
}

void storeBigEndian(std::string &out, uint64_t value, int size) {
  for (int i = size - 1; i >= 0; --i)
    out.push_back(char((value >> (8 * i)) & 0xff));
}

float decodeElement(const unsigned char *bytes, IdxType type) {
  switch (type) {
  case IdxType::UInt8:
    return float(bytes[0]);
  case IdxType::Int8:
    return float(int8_t(bytes[0]));
  case IdxType::Int16:
    return float(int16_t(loadBigEndian(bytes, 2)));
  case IdxType::Int32:
    return float(int32_t(loadBigEndian(bytes, 4)));
  case IdxType::Float32: {
    uint32_t bits = uint32_t(loadBigEndian(bytes, 4));
    float value;
    std::memcpy(&value, &bits, 4);
    return value;
  }
  case IdxType::Float64: {
    uint64_t bits = loadBigEndian(bytes, 8);
    double value;
    std::memcpy(&value, &bits, 8);
    return float(value);
  }
  }
  return 0;
}

/// Integer element types: `value` rounded, checked against [low, high].
uint64_t encodeInteger(const std::string &path, float value, double low,
                       double high) {
  double rounded = std::nearbyint(double(value));
  if (!(rounded >= low && rounded <= high))
    fail("{}: value {} does not fit the IDX element type", path, value);
  return uint64_t(int64_t(rounded));
}

void encodeElement(const std::string &path, std::string &out, float value,
                   IdxType type) {
  switch (type) {
  case IdxType::UInt8:
    return storeBigEndian(out, encodeInteger(path, value, 0, 255), 1);
  case IdxType::Int8:
    return storeBigEndian(out, encodeInteger(path, value, -128, 127), 1);
  case IdxType::Int16:
    return storeBigEndian(out, encodeInteger(path, value, -32768, 32767), 2);
  case IdxType::Int32:
    return storeBigEndian(
        out, encodeInteger(path, value, -2147483648.0, 2147483647.0), 4);
  case IdxType::Float32: {
    uint32_t bits;
    std::memcpy(&bits, &value, 4);
    return storeBigEndian(out, bits, 4);
  }
  case IdxType::Float64: {
    double wide = value;
    uint64_t bits;
    std::memcpy(&bits, &wide, 8);
    return storeBigEndian(out, bits, 8);
  }
  }
}

/// The validated header of an IDX file held in `bytes`.
struct IdxHeader {
  IdxType type;
  Shape shape;
  size_t dataOffset;
  uint64_t count;
};

IdxHeader parseIdxHeader(const std::string &path, const std::string &bytes) {
  const auto *data = reinterpret_cast<const unsigned char *>(bytes.data());
  if (bytes.size() < 4)
    fail("{}: not an IDX file: {} bytes, too short for the 4-byte magic", path,
         bytes.size());
  if (data[0] != 0 || data[1] != 0)
    fail("{}: not an IDX file: bad magic 0x{:02x}{:02x}{:02x}{:02x} (expected "
         "0x0000TTNN)",
         path, data[0], data[1], data[2], data[3]);
  if (!isKnownType(data[2]))
    fail("{}: unknown IDX element type code 0x{:02x}", path, data[2]);
  auto type = IdxType(data[2]);
  int rank = data[3];
  if (rank == 0 || rank > kMaxDims)
    fail("{}: IDX file has {} dimensions; expected 1 to {}", path, rank,
         kMaxDims);

  size_t headerSize = 4 + 4 * size_t(rank);
  if (bytes.size() < headerSize)
    fail("{}: truncated: expected {} header bytes, found {}", path, headerSize,
         bytes.size());
  Shape shape;
  for (int i = 0; i < rank; ++i)
    shape.push_back(int64_t(loadBigEndian(data + 4 + 4 * i, 4)));
  // The non-zero extents too: [0, 2^32 - 1, 2^32 - 1, 2^32 - 1] holds
  // nothing, but its samples would have more elements than a count holds.
  std::optional<int64_t> extents = checkedExtentProduct(shape);
  if (!extents || *extents > std::numeric_limits<int32_t>::max())
    fail("{}: IDX shape {} is too large: more than 2^31 - 1 elements", path,
         formatShape(shape));
  auto count = uint64_t(numElements(shape));

  uint64_t expected = count * uint64_t(elementSize(type));
  uint64_t found = bytes.size() - headerSize;
  if (found < expected)
    fail("{}: truncated: expected {} bytes of data, found {}", path, expected,
         found);
  if (found > expected)
    fail("{}: {} bytes of trailing garbage after the {} bytes of data", path,
         found - expected, expected);
  return {type, std::move(shape), headerSize, count};
}

} // namespace

IdxData readIdx(const std::string &path, IdxReadOptions options) {
  std::string bytes = readPossiblyGzippedFile(path);
  IdxHeader header = parseIdxHeader(path, bytes);
  IdxType type = header.type;
  uint64_t count = header.count;
  int size = elementSize(type);
  const auto *data = reinterpret_cast<const unsigned char *>(bytes.data());
  size_t headerSize = header.dataOffset;
  Shape shape = header.shape;

  Tensor tensor(shape);
  const unsigned char *element = data + headerSize;
  // Divide (not multiply by 1/255) to give the same floats as x / 255 in NumPy.
  float divisor =
      (type == IdxType::UInt8 && options.scaleBytesToUnit) ? 255.0f : 1.0f;
  for (uint64_t i = 0; i < count; ++i, element += size)
    tensor.data[i] = decodeElement(element, type) / divisor;
  return {std::move(tensor), type};
}

int64_t IdxBytes::sampleSize() const {
  return shape.empty() ? 1 : numElements(Shape(shape.begin() + 1, shape.end()));
}

IdxBytes readIdxBytes(const std::string &path) {
  IdxBytes result;
  result.bytes = readPossiblyGzippedFile(path);
  IdxHeader header = parseIdxHeader(path, result.bytes);
  if (header.type != IdxType::UInt8)
    fail("{}: IDX element type code 0x{:02x}; expected unsigned bytes (0x08)",
         path, uint8_t(header.type));
  result.shape = std::move(header.shape);
  result.dataOffset = header.dataOffset;
  return result;
}

void writeIdx(const std::string &path, const Tensor &tensor, IdxType type) {
  if (tensor.shape.empty() || tensor.shape.size() > size_t(kMaxDims))
    fail("{}: IDX files hold 1 to {} dimensions, not {}", path, kMaxDims,
         tensor.shape.size());
  std::string out;
  out.reserve(4 + 4 * tensor.shape.size() +
              size_t(tensor.numElements()) * size_t(elementSize(type)));
  out.push_back(0);
  out.push_back(0);
  out.push_back(char(type));
  out.push_back(char(tensor.shape.size()));
  for (int64_t extent : tensor.shape)
    storeBigEndian(out, uint64_t(extent), 4);
  for (float value : tensor.data)
    encodeElement(path, out, value, type);
  writeFileAtomically(path, endsWith(path, ".gz") ? gzipCompress(out) : out);
}

} // namespace nncrt
