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

} // namespace nncrt

#endif // NNCRT_ERROR_H
