//===- Error.cpp - The runtime's one error type ----------------------------===//

#include "nncrt/Error.h"

#include <cstring>

namespace nncrt {

std::string systemErrorText(int errnum) { return std::strerror(errnum); }

std::string printable(std::string_view text, size_t limit) {
  std::string shown;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    // Never cut a UTF-8 sequence: continuation bytes finish their character.
    if (shown.size() >= limit && (byte & 0xC0) != 0x80)
      return shown + "...";
    if (c == '\n')
      shown += "\\n";
    else if (c == '\t')
      shown += "\\t";
    else if (c == '\r')
      shown += "\\r";
    else if (byte < 0x20 || byte == 0x7f)
      shown += fmt::format("\\x{:02x}", byte);
    else
      shown += c;
  }
  return shown;
}

} // namespace nncrt
