//===- SafeTensors.cpp - The safetensors weight format ---------------------===//

#include "nncrt/SafeTensors.h"

#include "nncrt/CheckedArithmetic.h"
#include "nncrt/Error.h"
#include "nncrt/FileIO.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <optional>
#include <set>

namespace nncrt {

using nlohmann::json;

namespace {

constexpr size_t kLengthSize = 8;
constexpr char kMetadataKey[] = "__metadata__";

struct Entry {
  std::string name;
  Shape shape;
  uint64_t begin, end;
  bool int64; ///< I64, else F32
};

/// The header as JSON. nlohmann::json keeps the last of two equal keys; a
/// header with one is refused instead (which tensor would be meant?).
json parseHeader(std::string_view text, const std::string &fileName) {
  std::vector<std::set<std::string>> keysOfOpenObjects;
  std::string entry; // the top-level key whose value is being read
  std::string duplicate, duplicateIn;
  auto onEvent = [&](int, json::parse_event_t event, json &parsed) {
    if (event == json::parse_event_t::object_start) {
      keysOfOpenObjects.emplace_back();
    } else if (event == json::parse_event_t::object_end) {
      keysOfOpenObjects.pop_back();
    } else if (event == json::parse_event_t::key) {
      std::string key = parsed.get<std::string>();
      if (keysOfOpenObjects.size() == 1)
        entry = key;
      if (!keysOfOpenObjects.back().insert(key).second && duplicate.empty()) {
        duplicate = key;
        duplicateIn =
            keysOfOpenObjects.size() == 1 ? "the header"
            : entry == kMetadataKey       ? std::string(kMetadataKey)
                                    : fmt::format("tensor '{}'", printable(entry));
      }
    }
    return true;
  };
  json header = json::parse(text, onEvent, /*allow_exceptions=*/false);
  if (header.is_discarded())
    fail("{}: header is not valid JSON", fileName);
  if (!header.is_object())
    fail("{}: header must be a JSON object", fileName);
  if (!duplicateIn.empty())
    fail("{}: {} has the key '{}' twice", fileName, duplicateIn,
         printable(duplicate));
  return header;
}

uint64_t readUnsigned(const json &value, const std::string &fileName,
                      const std::string &tensor, const char *what) {
  if (!value.is_number_unsigned())
    fail("{}: tensor '{}': {} must hold non-negative integers", fileName,
         tensor, what);
  return value.get<uint64_t>();
}

Entry parseEntry(const std::string &fileName, const std::string &name,
                 const json &info) {
  // Names and strings of the file reach messages escaped.
  std::string tensor = printable(name);
  if (!info.is_object())
    fail("{}: tensor '{}': expected an object with dtype, shape and "
         "data_offsets",
         fileName, tensor);
  for (const char *key : {"dtype", "shape", "data_offsets"})
    if (!info.contains(key))
      fail("{}: tensor '{}': missing '{}'", fileName, tensor, key);
  const json &dtype = info["dtype"];
  if (!dtype.is_string())
    fail("{}: tensor '{}': dtype must be a string", fileName, tensor);
  if (dtype.get<std::string>() != "F32" && dtype.get<std::string>() != "I64")
    fail("{}: tensor '{}' has dtype {}; only F32 and I64 are supported", fileName,
         tensor, printable(dtype.get<std::string>()));

  Entry entry{name, {}, 0, 0, dtype.get<std::string>() == "I64"};
  const char *dtypeName = entry.int64 ? "I64" : "F32";
  uint64_t elementSize = entry.int64 ? sizeof(int64_t) : sizeof(float);
  const json &shape = info["shape"];
  if (!shape.is_array())
    fail("{}: tensor '{}': shape must be an array", fileName, tensor);
  for (const json &extent : shape) {
    uint64_t value = readUnsigned(extent, fileName, tensor, "shape");
    if (value > uint64_t(INT32_MAX))
      fail("{}: tensor '{}': extent {} is too large", fileName, tensor, value);
    entry.shape.push_back(int64_t(value));
  }
  const json &offsets = info["data_offsets"];
  if (!offsets.is_array() || offsets.size() != 2)
    fail("{}: tensor '{}': data_offsets must be [begin, end]", fileName, tensor);
  entry.begin = readUnsigned(offsets[0], fileName, tensor, "data_offsets");
  entry.end = readUnsigned(offsets[1], fileName, tensor, "data_offsets");
  if (entry.begin > entry.end)
    fail("{}: tensor '{}': data_offsets [{}, {}] end before they begin",
         fileName, tensor, entry.begin, entry.end);
  std::optional<int64_t> elements = checkedExtentProduct(entry.shape);
  if (!elements || !checkedMultiply(*elements, int64_t(elementSize)))
    fail("{}: tensor '{}': shape {} is too large: its size in bytes does not "
         "fit in 64 bits",
         fileName, tensor, formatShape(entry.shape));
  uint64_t expected = uint64_t(numElements(entry.shape)) * elementSize;
  if (entry.end - entry.begin != expected)
    fail("{}: tensor '{}': data_offsets [{}, {}] span {} bytes, but shape {} "
         "of {} needs {}",
         fileName, tensor, entry.begin, entry.end, entry.end - entry.begin,
         formatShape(entry.shape), dtypeName, expected);
  return entry;
}

std::map<std::string, std::string> parseMetadata(const std::string &fileName,
                                                 const json &metadata) {
  if (!metadata.is_object())
    fail("{}: __metadata__ must be an object of strings", fileName);
  std::map<std::string, std::string> result;
  for (auto &[key, value] : metadata.items()) {
    if (!value.is_string())
      fail("{}: __metadata__ entry '{}' must be a string", fileName,
           printable(key));
    result[key] = value.get<std::string>();
  }
  return result;
}

} // namespace

SafeTensorsFile parseSafeTensors(const std::string &bytes,
                                 const std::string &name) {
  if (bytes.size() < kLengthSize)
    fail("{}: not a safetensors file: {} bytes, too short for the 8-byte "
         "header length",
         name, bytes.size());
  uint64_t headerLength = 0;
  for (int i = kLengthSize - 1; i >= 0; --i)
    headerLength = (headerLength << 8) | (unsigned char)bytes[i];
  if (headerLength > bytes.size() - kLengthSize)
    fail("{}: header length {} is larger than the rest of the file ({} bytes)",
         name, headerLength, bytes.size() - kLengthSize);

  std::string_view headerText(bytes.data() + kLengthSize, headerLength);
  json header = parseHeader(headerText, name);

  SafeTensorsFile file;
  std::vector<Entry> entries;
  for (auto &[key, value] : header.items()) {
    if (key == kMetadataKey)
      file.metadata = parseMetadata(name, value);
    else
      entries.push_back(parseEntry(name, key, value));
  }

  // The tensors must tile the data section exactly.
  uint64_t dataSize = bytes.size() - kLengthSize - headerLength;
  std::sort(entries.begin(), entries.end(),
            [](const Entry &a, const Entry &b) {
              return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
            });
  uint64_t covered = 0;
  const Entry *previous = nullptr;
  for (const Entry &entry : entries) {
    if (entry.end > dataSize)
      fail("{}: tensor '{}': data_offsets [{}, {}] are outside the {}-byte "
           "data section",
           name, printable(entry.name), entry.begin, entry.end, dataSize);
    if (entry.begin < covered)
      fail("{}: tensors '{}' and '{}' overlap", name, printable(previous->name),
           printable(entry.name));
    if (entry.begin > covered)
      fail("{}: bytes [{}, {}) of the data section belong to no tensor", name,
           covered, entry.begin);
    covered = entry.end;
    previous = &entry;
  }
  if (covered != dataSize)
    fail("{}: bytes [{}, {}) of the data section belong to no tensor", name,
         covered, dataSize);

  const char *data = bytes.data() + kLengthSize + headerLength;
  for (const Entry &entry : entries) {
    // An empty tensor's vector may have no storage: memcpy needs a pointer.
    if (entry.int64) {
      Int64Tensor tensor{entry.shape, std::vector<int64_t>(size_t(numElements(entry.shape)))};
      if (entry.end > entry.begin)
        std::memcpy(tensor.data.data(), data + entry.begin, entry.end - entry.begin);
      file.int64Tensors[entry.name] = std::move(tensor);
      continue;
    }
    Tensor tensor(entry.shape);
    if (entry.end > entry.begin)
      std::memcpy(tensor.data.data(), data + entry.begin, entry.end - entry.begin);
    file.tensors[entry.name] = std::move(tensor);
  }
  return file;
}

SafeTensorsFile readSafeTensors(const std::string &path) {
  return parseSafeTensors(readFile(path), path);
}

std::string encodeSafeTensors(const SafeTensorsFile &file) {
  json header = json::object();
  if (!file.metadata.empty())
    header[kMetadataKey] = file.metadata;
  uint64_t offset = 0;
  for (const auto &[name, tensor] : file.tensors) {
    if (name == kMetadataKey)
      fail("'{}' cannot be used as a tensor name", name);
    if (int64_t(tensor.data.size()) != tensor.numElements())
      fail("tensor '{}' of shape {} holds {} values", name,
           formatShape(tensor.shape), tensor.data.size());
    uint64_t size = tensor.data.size() * sizeof(float);
    header[name] = {{"dtype", "F32"},
                    {"shape", tensor.shape},
                    {"data_offsets", {offset, offset + size}}};
    offset += size;
  }
  for (const auto &[name, tensor] : file.int64Tensors) {
    if (name == kMetadataKey || file.tensors.count(name))
      fail("'{}' cannot be used as a tensor name", name);
    if (int64_t(tensor.data.size()) != numElements(tensor.shape))
      fail("tensor '{}' of shape {} holds {} values", name,
           formatShape(tensor.shape), tensor.data.size());
    uint64_t size = tensor.data.size() * sizeof(int64_t);
    header[name] = {{"dtype", "I64"},
                    {"shape", tensor.shape},
                    {"data_offsets", {offset, offset + size}}};
    offset += size;
  }
  std::string headerText = header.dump();
  // Pad with spaces (allowed by the format) so the data is 8-byte aligned.
  headerText.append((8 - headerText.size() % 8) % 8, ' ');

  std::string out;
  out.reserve(kLengthSize + headerText.size() + offset);
  for (size_t i = 0; i < kLengthSize; ++i)
    out.push_back(char((uint64_t(headerText.size()) >> (8 * i)) & 0xff));
  out += headerText;
  for (const auto &[name, tensor] : file.tensors)
    out.append(reinterpret_cast<const char *>(tensor.data.data()),
               tensor.data.size() * sizeof(float));
  for (const auto &[name, tensor] : file.int64Tensors)
    out.append(reinterpret_cast<const char *>(tensor.data.data()),
               tensor.data.size() * sizeof(int64_t));
  return out;
}

void writeSafeTensors(const std::string &path, const SafeTensorsFile &file) {
  writeFileAtomically(path, encodeSafeTensors(file));
}

} // namespace nncrt
