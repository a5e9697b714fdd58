//===- Error.h - The runtime's one error type ------------------------------===//
//
// Every problem the runtime detects (a corrupt file, a shape mismatch, a bad
// command line) is thrown as nncrt::Error with a one-line message that names
// the file or option and the problem. The command line catches it, prints
// `error: <message>` and exits with status 1.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_ERROR_H
#define NNCRT_ERROR_H

#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace nncrt {

class Error : public std::runtime_error {
public:
  explicit Error(const std::string &message) : std::runtime_error(message) {}
};

/// Throws an Error whose message is formatted with fmt.
template <typename... Args>
[[noreturn]] void fail(fmt::format_string<Args...> format, Args &&...args) {
  throw Error(fmt::format(format, std::forward<Args>(args)...));
}

/// The text of errno, for messages about failed system calls.
std::string systemErrorText(int errnum);

/// Text from a file (a tensor name, a header) as it may stand in a one-line
/// message: control characters escaped (`\n`, `\x01`), cut after `limit`
/// characters with "...".
std::string printable(std::string_view text, size_t limit = 80);

} // namespace nncrt

#endif // NNCRT_ERROR_H
