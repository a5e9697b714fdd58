//===- CommandLineParser.cpp - Options of the generated executables --------===//

#include "nncrt/CommandLineParser.h"

#include "nncrt/Error.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace nncrt {

namespace {

size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

const OptionSpec *findSpec(const std::vector<OptionSpec> &specs,
                           std::string_view name) {
  for (const OptionSpec &spec : specs)
    if (name == spec.name)
      return &spec;
  return nullptr;
}

} // namespace

const std::vector<std::string> &ParsedOptions::all(const std::string &name) const {
  static const std::vector<std::string> none;
  auto it = values.find(name);
  return it == values.end() ? none : it->second;
}

const std::string &ParsedOptions::required(const std::string &name,
                                           std::string_view context) const {
  auto it = values.find(name);
  if (it == values.end())
    fail("{}: missing required option {}", context, name);
  return it->second.back();
}

int64_t ParsedOptions::integer(const std::string &name, int64_t fallback,
                               int64_t min, int64_t max) const {
  auto it = values.find(name);
  if (it == values.end())
    return fallback;
  return parseInteger(it->second.back(), name, min, max);
}

double ParsedOptions::number(const std::string &name, double fallback) const {
  if (!has(name))
    return fallback;
  const std::string &text = all(name).back();
  errno = 0;
  char *end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(value))
    fail("{} expects a number, got '{}'", name, text);
  return value;
}

int64_t parseInteger(const std::string &text, std::string_view what,
                     int64_t min, int64_t max) {
  errno = 0;
  char *end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE)
    fail("{} expects an integer, got '{}'", what, text);
  if (value < min || value > max)
    fail("{} must be between {} and {}, got {}", what, min, max, value);
  return value;
}

ParsedOptions parseOptions(const std::vector<std::string> &args,
                           const std::vector<OptionSpec> &specs,
                           std::string_view context,
                           bool allowPositional) {
  ParsedOptions parsed;
  std::vector<std::string> names;
  for (const OptionSpec &spec : specs)
    names.push_back(spec.name);

  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    if (allowPositional && (arg.size() < 2 || arg[0] != '-')) {
      parsed.addPositional(arg);
      continue;
    }
    if (arg.size() < 2 || arg[0] != '-')
      fail("{}: unexpected argument '{}' (options start with --)", context, arg);
    size_t equals = arg.find('=');
    std::string name = arg.substr(0, equals);
    const OptionSpec *spec = findSpec(specs, name);
    if (!spec)
      fail("{}: unknown option '{}'{}", context, name, didYouMean(name, names));
    if (parsed.has(name) && !spec->repeatable)
      fail("{}: option {} given more than once", context, name);

    if (!spec->valueName) {
      if (equals != std::string::npos)
        fail("{}: option {} takes no value", context, name);
      parsed.add(name, "");
    } else if (equals != std::string::npos) {
      parsed.add(name, arg.substr(equals + 1));
    } else {
      if (i + 1 == args.size())
        fail("{}: option {} needs a value ({} {})", context, name, name,
             spec->valueName);
      parsed.add(name, args[++i]);
      while (spec->manyValues && i + 1 < args.size() &&
             args[i + 1].rfind("-", 0) != 0)
        parsed.add(name, args[++i]);
    }
  }
  return parsed;
}

std::string closestMatch(std::string_view word,
                         const std::vector<std::string> &candidates) {
  std::string best;
  size_t bestDistance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const std::string &candidate : candidates) {
    size_t distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string didYouMean(std::string_view word,
                       const std::vector<std::string> &candidates) {
  std::string match = closestMatch(word, candidates);
  return match.empty() ? "" : " (did you mean '" + match + "'?)";
}

std::string formatOptions(const std::vector<OptionSpec> &specs) {
  std::vector<std::string> usages;
  size_t width = 0;
  for (const OptionSpec &spec : specs) {
    std::string usage = spec.name;
    if (spec.valueName)
      usage += std::string(" ") + spec.valueName;
    width = std::max(width, usage.size());
    usages.push_back(usage);
  }
  std::string text;
  for (size_t i = 0; i < specs.size(); ++i)
    text += fmt::format("  {:<{}}  {}\n", usages[i], width, specs[i].help);
  return text;
}

} // namespace nncrt
