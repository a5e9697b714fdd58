//===- SampleArray.cpp - A data set's samples or labels, as read ----------===//

#include "nncrt/SampleArray.h"

#include "nncrt/Error.h"
#include "nncrt/Npy.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace nncrt {

SampleArray SampleArray::ofBytes(Shape shape, std::string storage,
                                 size_t offset, Scale scale) {
  SampleArray array;
  array.setShape(std::move(shape));
  array.bytes = std::move(storage);
  array.offset = offset;
  array.scale = scale;
  return array;
}

SampleArray SampleArray::ofFloats(Tensor tensor) {
  SampleArray array;
  array.setShape(std::move(tensor.shape));
  array.floats = std::move(tensor.data);
  return array;
}

SampleArray SampleArray::ofStream(Shape shape, std::shared_ptr<RowStream> stream,
                                  std::string descr, Scale scale, std::string name) {
  SampleArray array;
  array.setShape(std::move(shape));
  array.rows = std::move(stream);
  array.rowElements = descr[1] == 'u'   ? RowElements::Bytes
                      : descr == "<f4" ? RowElements::Float32
                                       : RowElements::Other;
  array.elementBytes = descr[2] - '0'; // '<i8': 8 bytes; all accepted types have one digit
  array.descr = std::move(descr);
  array.scale = scale;
  array.name = std::move(name);
  return array;
}

void SampleArray::setShape(Shape shape) {
  arrayShape = std::move(shape);
  elementsPerSample = 1;
  for (size_t i = 1; i < arrayShape.size(); ++i)
    elementsPerSample *= arrayShape[i];
}

void SampleArray::reshape(Shape shape) {
  if (numElements(shape) != numElements(arrayShape))
    fail("internal: cannot view {} elements as shape {}",
         numElements(arrayShape), formatShape(shape));
  setShape(std::move(shape));
}

float SampleArray::at(int64_t row, int64_t k) const {
  if (rows) {
    const char *element = rows->row(row);
    switch (rowElements) {
    case RowElements::Bytes:
      return scale.apply(float(uint8_t(element[k])));
    case RowElements::Float32: {
      float value;
      std::memcpy(&value, element + k * int64_t(sizeof(float)), sizeof value);
      return scale.apply(value);
    }
    case RowElements::Other:
      return scale.apply(decodeNpyElement(element + k * elementBytes, descr));
    }
  }
  size_t index = size_t(row * sampleSize() + k);
  if (!floats.empty())
    return floats[index];
  return scale.apply(float(uint8_t(bytes[offset + index])));
}

void SampleArray::copySample(int64_t row, float *destination) const {
  int64_t size = sampleSize();
  if (rows && rowElements != RowElements::Bytes) {
    const char *source = rows->row(row);
    if (rowElements == RowElements::Float32)
      std::memcpy(destination, source, size_t(size) * sizeof(float));
    else
      for (int64_t k = 0; k < size; ++k)
        destination[k] = decodeNpyElement(source + k * elementBytes, descr);
    for (int64_t k = 0; k < size; ++k) {
      // An array read whole is checked at load; a streamed one as it comes.
      if (!std::isfinite(destination[k]))
        fail("{}: sample {} holds a non-finite value ({}) at element {}; training data "
             "must be finite numbers",
             name, row, destination[k], k);
      destination[k] = scale.apply(destination[k]);
    }
    return;
  }
  if (rows) {
    const auto *source = reinterpret_cast<const uint8_t *>(rows->row(row));
    for (int64_t k = 0; k < size; ++k)
      destination[k] = scale.apply(float(source[k]));
    return;
  }
  if (!floats.empty()) {
    const float *source = floats.data() + row * size;
    std::copy(source, source + size, destination);
    return;
  }
  const auto *source =
      reinterpret_cast<const uint8_t *>(bytes.data()) + offset + row * size;
  for (int64_t k = 0; k < size; ++k)
    destination[k] = scale.apply(float(source[k]));
}

} // namespace nncrt
