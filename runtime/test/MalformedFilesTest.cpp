//===- MalformedFilesTest.cpp - Every reader on the malformed-file corpus --===//
//
// data/malformed/ holds small broken (or odd but valid) safetensors, .npy,
// IDX and text files, written by data/make_malformed_fixtures.py together
// with expected.txt: for each file, the one line reading it must give, an
// `error: ...` after "<path>: " or an `ok: ...` summary. Each file is read
// with the runtime's reader for its extension.
//
//===----------------------------------------------------------------------===//

#include "ErrorOf.h"
#include "TempDir.h"
#include "nncrt/Error.h"
#include "nncrt/FileIO.h"
#include "nncrt/Idx.h"
#include "nncrt/Npy.h"
#include "nncrt/SafeTensors.h"
#include "nncrt/TextCorpus.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

using namespace nncrt;
using namespace nncrt::test;

namespace {

const std::string kCorpus = std::string(NNCRT_TEST_DATA_DIR) + "/malformed";

/// File name -> expected line, from expected.txt.
std::map<std::string, std::string> expectations() {
  std::map<std::string, std::string> result;
  std::istringstream text(readFile(kCorpus + "/expected.txt"));
  for (std::string line; std::getline(text, line);) {
    if (line.empty() || line[0] == '#')
      continue;
    size_t tab = line.find('\t');
    result[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return result;
}

/// What reading `path` gives: "ok: <summary>" or the Error's message.
std::string readSummary(const std::string &path) {
  if (endsWith(path, ".safetensors")) {
    SafeTensorsFile file = readSafeTensors(path);
    std::string summary;
    for (const auto &[name, tensor] : file.tensors)
      summary += (summary.empty() ? "" : ", ") + name + " " + formatShape(tensor.shape);
    return "ok: " + summary;
  }
  if (endsWith(path, ".npy"))
    return "ok: " + formatShape(readNpy(path).shape);
  if (endsWith(path, ".idx") || endsWith(path, ".idx.gz"))
    return "ok: " + formatShape(readIdx(path).tensor.shape);
  if (endsWith(path, ".txt")) {
    std::ostringstream warnings;
    TextCorpus corpus = readTextCorpus(path, warnings);
    return fmt::format("ok: {} sentences, the first '{}'", corpus.sentences.size(),
                       corpus.sentences.front());
  }
  return "no reader for this extension";
}

} // namespace

TEST(MalformedFilesTest, EveryFileGivesItsOneLine) {
  std::map<std::string, std::string> expected = expectations();
  ASSERT_GE(expected.size(), 40u);
  for (const auto &[name, line] : expected) {
    std::string path = kCorpus + "/" + name;
    std::string got;
    try {
      got = readSummary(path);
    } catch (const Error &error) {
      std::string message = error.what();
      // Every error names the file first.
      got = message.rfind(path + ": ", 0) == 0
                ? "error: " + message.substr(path.size() + 2)
                : "error without the file's name: " + message;
    }
    EXPECT_EQ(got, line) << name;
    EXPECT_EQ(got.find('\n'), std::string::npos) << name;
  }
}

TEST(MalformedFilesTest, EveryFileIsListed) {
  std::map<std::string, std::string> expected = expectations();
  std::istringstream names(listDirectory(kCorpus));
  for (std::string name; names >> name;)
    if (name != "expected.txt")
      EXPECT_TRUE(expected.count(name)) << name << " has no line in expected.txt";
}
