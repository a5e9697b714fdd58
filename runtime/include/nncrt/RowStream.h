//===- RowStream.h - A file's rows read from disk a chunk at a time -------===//
//
// Training data larger than the memory budget stays on disk: its rows are
// read in chunks of consecutive rows, at most two chunks in memory, the one
// in use and the next, which a background thread reads while the current
// one trains (or evaluates). The next chunk is the one after the current in
// the epoch's plan (planChunks), else the following one in the file.
// Memory held is two chunks, whatever the file's size.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_ROWSTREAM_H
#define NNCRT_ROWSTREAM_H

#include <cstdint>
#include <future>
#include <string>
#include <vector>

namespace nncrt {

class RowStream {
public:
  /// `rows` rows of `rowBytes` bytes from `dataOffset` of `path`, in chunks
  /// of `chunkRows` rows.
  RowStream(std::string path, uint64_t dataOffset, int64_t rows, int64_t rowBytes,
            int64_t chunkRows);
  ~RowStream();
  RowStream(const RowStream &) = delete;
  RowStream &operator=(const RowStream &) = delete;

  int64_t chunkRows() const { return rowsPerChunk; }
  int64_t chunks() const { return (totalRows + rowsPerChunk - 1) / rowsPerChunk; }

  /// The bytes of `row`, valid until the next call. Reading a chunk that
  /// fails (a file cut short since) throws an Error naming the file.
  const char *row(int64_t row);

  /// The order in which the coming accesses visit the chunks.
  void planChunks(std::vector<int64_t> order);

  /// The most bytes of rows held at once so far.
  int64_t peakResidentBytes() const { return peakBytes; }

private:
  struct Buffer {
    int64_t chunk = -1;
    std::vector<char> bytes;
  };
  void read(int64_t chunk, Buffer &into) const;
  int64_t nextChunk(int64_t chunk) const;
  void startReading(int64_t chunk);
  void finishPending();
  void noteResident();

  std::string path;
  uint64_t dataOffset;
  int64_t totalRows, rowBytes, rowsPerChunk;
  int fd = -1;
  Buffer buffers[2];
  int current = 0;
  /// The chunk the background thread reads into buffers[1 - current].
  std::future<void> pending;
  int64_t pendingChunk = -1;
  std::vector<int64_t> plan;
  std::vector<int64_t> planPosition; ///< chunk -> index in plan, or -1
  int64_t peakBytes = 0;
};

} // namespace nncrt

#endif // NNCRT_ROWSTREAM_H
