//===- Npz.cpp - NumPy .npz archives ---------------------------------------===//

#include "nncrt/Npz.h"

#include "nncrt/Error.h"

#include <fmt/ranges.h>

#include <memory>

#include <zip.h>

namespace nncrt {

namespace {

struct ArchiveCloser {
  void operator()(zip_t *archive) const { zip_discard(archive); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

Archive openArchive(const std::string &path) {
  int code = 0;
  zip_t *archive = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (!archive) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    fail("{}: cannot read the .npz archive: {}", path, text);
  }
  return Archive(archive);
}

std::vector<std::string> arrayNames(zip_t *archive) {
  std::vector<std::string> names;
  zip_int64_t count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    std::string name = zip_get_name(archive, zip_uint64_t(i), 0);
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".npy") == 0)
      names.push_back(name.substr(0, name.size() - 4));
  }
  return names;
}

} // namespace

std::vector<std::string> npzArrayNames(const std::string &path) {
  return arrayNames(openArchive(path).get());
}

NpyArray readNpzArray(const std::string &path, const std::string &name) {
  Archive archive = openArchive(path);
  std::string where = path + ":" + name;
  zip_int64_t index = zip_name_locate(archive.get(), (name + ".npy").c_str(), 0);
  if (index < 0)
    fail("{}: no array '{}' in the archive (it holds: {})", path, name,
         fmt::join(arrayNames(archive.get()), ", "));
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive.get(), zip_uint64_t(index), 0, &stat) != 0 ||
      !(stat.valid & ZIP_STAT_SIZE))
    fail("{}: cannot read the array's size: {}", where, zip_strerror(archive.get()));
  zip_file_t *file = zip_fopen_index(archive.get(), zip_uint64_t(index), 0);
  if (!file)
    fail("{}: cannot open the array: {}", where, zip_strerror(archive.get()));
  std::string bytes(size_t(stat.size), '\0');
  zip_int64_t read = zip_fread(file, bytes.data(), stat.size);
  // Read once more to the end so that libzip checks the member's CRC.
  char extra;
  zip_int64_t more = read == zip_int64_t(stat.size) ? zip_fread(file, &extra, 1) : 0;
  std::string error = read < 0 || more < 0 ? zip_file_strerror(file) : "";
  zip_fclose(file);
  if (!error.empty())
    fail("{}: corrupt archive member: {}", where, error);
  if (read != zip_int64_t(stat.size) || more != 0)
    fail("{}: the archive member ends after {} of {} bytes", where, read, stat.size);
  return parseNpyArray(std::move(bytes), where);
}

} // namespace nncrt
