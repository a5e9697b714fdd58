//===- CommandLine.cpp - The command line of a generated executable --------===//

#include "nncrt/CommandLine.h"

#include "nncrt/Error.h"
#include "nncrt/PipelineErrors.h"
#include "nncrt/Subcommand.h"

#include <iostream>
#include <thread>

namespace nncrt {

namespace {

const std::vector<OptionSpec> &globalOptions() {
  static const std::vector<OptionSpec> options = {
      {"--threads", "N", "worker threads (default: all cores)"},
      {"--model", "NAME", "which model to use when the program holds several"},
      {"--help", nullptr, "show this help (also -h)"},
      {"--version", nullptr, "show the runtime version and the model's source"},
  };
  return options;
}

std::string programName(const char *argv0) {
  std::string path = argv0 ? argv0 : "model";
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::vector<std::string> modelNames(const ModelRegistry &registry) {
  std::vector<std::string> names;
  for (int i = 0; i < registry.numModels; ++i)
    names.push_back(registry.models[i].name);
  return names;
}

const Subcommand *findSubcommand(std::string_view name) {
  for (const Subcommand *command : allSubcommands())
    if (name == command->name)
      return command;
  return nullptr;
}

std::string overviewHelp(const ModelRegistry &registry, const std::string &exe) {
  std::string text = fmt::format(
      "Usage: {} [global options] <subcommand> [options]\n\n", exe);
  auto names = modelNames(registry);
  text += fmt::format("Runs the model{} {} compiled by nnc from {}.\n\n",
                      names.size() == 1 ? "" : "s",
                      fmt::format("'{}'", fmt::join(names, "', '")),
                      registry.sourceFile ? registry.sourceFile : "?");
  text += "Subcommands:\n";
  size_t width = 4; // "help"
  for (const Subcommand *command : allSubcommands())
    width = std::max(width, std::string_view(command->name).size());
  for (const Subcommand *command : allSubcommands())
    text += fmt::format("  {:<{}}  {}\n", command->name, width, command->summary);
  text += fmt::format("  {:<{}}  {}\n", "help", width,
                      "Show the help of a subcommand: help <subcommand>.");
  text += "\nGlobal options:\n" + formatOptions(globalOptions());
  text += fmt::format("\nRun '{} <subcommand> --help' for details and examples.\n",
                      exe);
  return text;
}

std::string versionText(const ModelRegistry &registry, const std::string &exe) {
  return fmt::format("{} (nncrt {}), built by nnc from {}\n", exe,
                     kRuntimeVersion,
                     registry.sourceFile ? registry.sourceFile : "?");
}

std::string subcommandHelp(const Subcommand &command, const std::string &exe) {
  std::string text =
      fmt::format("Usage: {} {}{}{}\n\n{}\n", exe, command.name,
                  command.options.empty() ? "" : " [options]",
                  command.argumentsName
                      ? std::string(" ") + command.argumentsName
                      : std::string(),
                  command.summary);
  text += "\n" + fmt::format(fmt::runtime(command.description), fmt::arg("exe", exe));
  if (!command.options.empty())
    text += "\nOptions:\n" + formatOptions(command.options);
  text += "\nGlobal options:\n" + formatOptions(globalOptions());
  return text;
}

const ModelDesc &selectModel(const ModelRegistry &registry,
                             const ParsedOptions &options) {
  auto names = modelNames(registry);
  std::string list = fmt::format("{}", fmt::join(names, ", "));
  if (registry.numModels == 0)
    fail("this program holds no model");
  if (!options.has("--model")) {
    if (registry.numModels > 1)
      fail("this program holds several models ({}): choose one with --model "
           "NAME",
           list);
    return registry.models[0];
  }
  const std::string &name = options.all("--model").back();
  for (int i = 0; i < registry.numModels; ++i)
    if (name == registry.models[i].name)
      return registry.models[i];
  fail("unknown model '{}'{}; the models are: {}", name, didYouMean(name, names),
       list);
}

void applyThreadCount(const ModelRegistry &registry, const ParsedOptions &options) {
  int64_t cores = std::max(1u, std::thread::hardware_concurrency());
  int64_t threads = options.integer("--threads", cores, 1, 4096);
  if (registry.setNumThreads)
    registry.setNumThreads(int(threads));
}

int run(const ModelRegistry &registry, int argc, char **argv, std::ostream &out,
        std::ostream &err) {
  std::string exe = programName(argc > 0 ? argv[0] : nullptr);
  std::vector<std::string> leading, trailing;
  std::string commandName;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i] == std::string("-h") ? "--help" : argv[i];
    if (!commandName.empty()) {
      trailing.push_back(arg);
    } else if (!arg.empty() && arg[0] == '-') {
      leading.push_back(arg);
      // A global option's value belongs to it, not the subcommand slot.
      const OptionSpec *spec = nullptr;
      for (const OptionSpec &option : globalOptions())
        if (arg == option.name)
          spec = &option;
      if (spec && spec->valueName && i + 1 < argc)
        leading.push_back(argv[++i]);
    } else {
      commandName = arg;
    }
  }

  ParsedOptions globals = parseOptions(leading, globalOptions(), exe);
  if (globals.has("--version")) {
    out << versionText(registry, exe);
    return 0;
  }
  if (commandName.empty() || commandName == "help") {
    if (commandName == "help" && !trailing.empty()) {
      const Subcommand *command = findSubcommand(trailing[0]);
      if (command) {
        out << subcommandHelp(*command, exe);
        return 0;
      }
      commandName = trailing[0];
    } else if (globals.has("--help") || commandName == "help") {
      out << overviewHelp(registry, exe);
      return 0;
    } else {
      err << overviewHelp(registry, exe);
      err << "\nerror: no subcommand given\n";
      return 1;
    }
  }

  const Subcommand *command = findSubcommand(commandName);
  if (!command) {
    std::vector<std::string> names = {"help"};
    for (const Subcommand *candidate : allSubcommands())
      names.push_back(candidate->name);
    fail("unknown subcommand '{}'{}; run '{} --help' for the list",
         commandName, didYouMean(commandName, names), exe);
  }

  // Global options may also follow the subcommand.
  std::vector<OptionSpec> specs = command->options;
  specs.insert(specs.end(), globalOptions().begin(), globalOptions().end());
  ParsedOptions options =
      parseOptions(trailing, specs, fmt::format("{} {}", exe, command->name),
                   command->argumentsName != nullptr);
  for (const char *name : {"--threads", "--model"})
    if (globals.has(name) && options.has(name))
      fail("option {} given more than once", name);
    else if (globals.has(name))
      options.add(name, globals.all(name).back());
  if (globals.has("--help") || options.has("--help")) {
    out << subcommandHelp(*command, exe);
    return 0;
  }
  if (options.has("--version")) {
    out << versionText(registry, exe);
    return 0;
  }

  const ModelDesc &model = selectModel(registry, options);
  applyThreadCount(registry, options);
  installHalideErrorHandler(registry);
  CommandContext context{registry, model, out, err, exe};
  return command->run(context, options);
}

} // namespace

int runCommandLine(const ModelRegistry &registry, int argc, char **argv,
                   std::ostream &out, std::ostream &err) {
  try {
    return run(registry, argc, argv, out, err);
  } catch (const Error &error) {
    err << "error: " << error.what() << "\n";
  } catch (const std::bad_alloc &) {
    err << "error: out of memory\n";
  } catch (const std::exception &error) {
    err << "error: internal error: " << error.what() << "\n";
  }
  return 1;
}

int runCommandLine(const ModelRegistry &registry, int argc, char **argv) {
  return runCommandLine(registry, argc, argv, std::cout, std::cerr);
}

} // namespace nncrt
