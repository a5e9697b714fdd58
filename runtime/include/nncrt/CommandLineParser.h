//===- CommandLineParser.h - Options of the generated executables ----------===//
//
// A small, strict option parser: `--name value`, `--name=value` and flags,
// checked against a table of OptionSpecs, with "did you mean" suggestions for
// unknown names. Kept apart from the subcommands so that each subcommand only
// declares its options and reads their values.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_COMMANDLINEPARSER_H
#define NNCRT_COMMANDLINEPARSER_H

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace nncrt {

struct OptionSpec {
  const char *name;      ///< "--seed"
  const char *valueName; ///< "S" in "--seed S"; nullptr for a flag
  const char *help;      ///< one line
  bool repeatable = false;
  /// Takes every following word up to the next option: `--ensemble a b c`.
  bool manyValues = false;
};

class ParsedOptions {
public:
  bool has(const std::string &name) const { return values.count(name) != 0; }
  /// All values of a repeatable option (empty if absent).
  const std::vector<std::string> &all(const std::string &name) const;
  /// The value of an option that must be present; `context` names the
  /// subcommand in the error.
  const std::string &required(const std::string &name,
                              std::string_view context) const;
  /// An integer option in [min, max], or `fallback` when absent.
  int64_t integer(const std::string &name, int64_t fallback, int64_t min,
                  int64_t max) const;

  /// A finite decimal number option, or `fallback` when absent.
  double number(const std::string &name, double fallback) const;

  void add(const std::string &name, std::string value) {
    values[name].push_back(std::move(value));
  }

  /// The words that are not options, in order (subcommands that take them).
  const std::vector<std::string> &positional() const { return arguments; }
  void addPositional(std::string word) { arguments.push_back(std::move(word)); }

private:
  std::map<std::string, std::vector<std::string>> values;
  std::vector<std::string> arguments;
};

/// Parses `args` against `specs`; `context` ("predict") is used in errors.
/// Positional arguments are errors unless `allowPositional`.
ParsedOptions parseOptions(const std::vector<std::string> &args,
                           const std::vector<OptionSpec> &specs,
                           std::string_view context,
                           bool allowPositional = false);

/// Parses a whole decimal integer in [min, max]; `what` names it in errors.
int64_t parseInteger(const std::string &text, std::string_view what,
                     int64_t min, int64_t max);

/// The candidate closest to `word` by edit distance, or "" if none is close.
std::string closestMatch(std::string_view word,
                         const std::vector<std::string> &candidates);

/// " (did you mean 'x'?)" or "".
std::string didYouMean(std::string_view word,
                       const std::vector<std::string> &candidates);

/// The options as an aligned, indented list for --help.
std::string formatOptions(const std::vector<OptionSpec> &specs);

} // namespace nncrt

#endif // NNCRT_COMMANDLINEPARSER_H
