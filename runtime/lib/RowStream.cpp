//===- RowStream.cpp - A file's rows read from disk a chunk at a time -----===//

#include "nncrt/RowStream.h"

#include "nncrt/Error.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace nncrt {

RowStream::RowStream(std::string path, uint64_t dataOffset, int64_t rows, int64_t rowBytes,
                     int64_t chunkRows)
    : path(std::move(path)), dataOffset(dataOffset), totalRows(rows), rowBytes(rowBytes),
      rowsPerChunk(std::max<int64_t>(1, chunkRows)) {
  fd = ::open(this->path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    fail("{}: cannot open: {}", this->path, systemErrorText(errno));
}

RowStream::~RowStream() {
  if (pending.valid())
    pending.wait();
  ::close(fd);
}

/// Fills `into` with `chunk`'s rows; the caller records which chunk it holds
/// (the background thread touches nothing else).
void RowStream::read(int64_t chunk, Buffer &into) const {
  int64_t first = chunk * rowsPerChunk;
  int64_t rows = std::min(rowsPerChunk, totalRows - first);
  // Room for a whole chunk from the start: a buffer that first held the
  // shorter last chunk would otherwise grow by copying, holding both.
  size_t whole = size_t(std::min(rowsPerChunk, totalRows) * rowBytes);
  if (into.bytes.capacity() < whole) {
    std::vector<char>().swap(into.bytes);
    into.bytes.reserve(whole);
  }
  into.bytes.resize(size_t(rows * rowBytes));
  uint64_t offset = dataOffset + uint64_t(first) * uint64_t(rowBytes);
  size_t done = 0;
  while (done < into.bytes.size()) {
    ssize_t got = ::pread(fd, into.bytes.data() + done, into.bytes.size() - done,
                          off_t(offset + done));
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      fail("{}: cannot read rows {} to {}: {}", path, first, first + rows - 1,
           got < 0 ? systemErrorText(errno) : std::string("the file ends early"));
    done += size_t(got);
  }
}

int64_t RowStream::nextChunk(int64_t chunk) const {
  if (size_t(chunk) < planPosition.size() && planPosition[size_t(chunk)] >= 0) {
    size_t next = size_t(planPosition[size_t(chunk)]) + 1;
    return next < plan.size() ? plan[next] : -1;
  }
  return chunk + 1 < chunks() ? chunk + 1 : -1;
}

void RowStream::finishPending() {
  if (!pending.valid())
    return;
  int64_t chunk = pendingChunk;
  pendingChunk = -1;
  Buffer &target = buffers[1 - current];
  try {
    pending.get();
  } catch (...) {
    target.chunk = -1;
    throw;
  }
  target.chunk = chunk;
}

void RowStream::startReading(int64_t chunk) {
  Buffer &target = buffers[1 - current];
  if (chunk < 0 || target.chunk == chunk)
    return;
  target.chunk = -1;
  pendingChunk = chunk;
  pending = std::async(std::launch::async, [this, chunk, &target] { read(chunk, target); });
}

/// Called with no read in flight.
void RowStream::noteResident() {
  peakBytes = std::max(peakBytes, int64_t(buffers[0].bytes.capacity() +
                                          buffers[1].bytes.capacity()));
}

const char *RowStream::row(int64_t row) {
  if (row < 0 || row >= totalRows)
    fail("internal: row {} of {} outside its {} rows", row, path, totalRows);
  int64_t chunk = row / rowsPerChunk;
  if (buffers[current].chunk != chunk) {
    if (pendingChunk == chunk || buffers[1 - current].chunk == chunk) {
      finishPending();
      current = 1 - current;
    } else {
      // Not the chunk read ahead: the reader is done with its guess, then
      // this one is read now, into the other buffer.
      if (pending.valid()) {
        pending.wait();
        pending = {};
        pendingChunk = -1;
      }
      read(chunk, buffers[1 - current]);
      buffers[1 - current].chunk = chunk;
      current = 1 - current;
    }
    noteResident();
    startReading(nextChunk(chunk));
  }
  return buffers[current].bytes.data() + (row - chunk * rowsPerChunk) * rowBytes;
}

void RowStream::planChunks(std::vector<int64_t> order) {
  plan = std::move(order);
  planPosition.assign(size_t(chunks()), -1);
  for (size_t i = 0; i < plan.size(); ++i)
    if (plan[i] >= 0 && plan[i] < chunks())
      planPosition[size_t(plan[i])] = int64_t(i);
}

} // namespace nncrt
