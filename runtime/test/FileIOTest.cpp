//===- FileIOTest.cpp - Whole-file reads and atomic writes ----------------===//

#include "nncrt/FileIO.h"

#include "ChildProcess.h"
#include "ErrorOf.h"
#include "TempDir.h"
#include "nncrt/Error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

TEST(FileIOTest, AtomicWriteReplacesTheFile) {
  TempDir dir;
  std::string path = dir.file("out.bin");
  writeFileAtomically(path, "first");
  writeFileAtomically(path, "second version");
  EXPECT_EQ(readFile(path), "second version");
  // No temporary file is left behind.
  EXPECT_EQ(listDirectory(dir.path()), "out.bin");
}

TEST(FileIOTest, FailedTemporaryLeavesTheOldFile) {
  TempDir dir;
  std::string path = dir.file("weights.bin");
  writeBytes(path, "old");
  // Occupy the temporary name so that it cannot be created.
  std::string tempPath = path + ".tmp-" + std::to_string(::getpid());
  ASSERT_EQ(::mkdir(tempPath.c_str(), 0755), 0);
  std::string message = errorOf([&] { writeFileAtomically(path, "new"); });
  EXPECT_THAT(message, HasSubstr(path));
  EXPECT_THAT(message, HasSubstr("cannot create temporary file"));
  EXPECT_EQ(readFile(path), "old");
}

TEST(FileIOTest, FailedRenameRemovesTheTemporary) {
  TempDir dir;
  // The target is a non-empty directory: rename() cannot replace it.
  std::string path = dir.file("target");
  ASSERT_EQ(::mkdir(path.c_str(), 0755), 0);
  writeBytes(path + "/keep", "x");
  std::string message = errorOf([&] { writeFileAtomically(path, "new"); });
  EXPECT_THAT(message, HasSubstr("cannot replace the file"));
  EXPECT_EQ(listDirectory(dir.path()), "target");
  EXPECT_EQ(readFile(path + "/keep"), "x");
}

TEST(FileIOTest, ReadOnlyDirectoryLeavesTheOldFile) {
  if (::geteuid() == 0)
    GTEST_SKIP() << "root ignores directory permissions";
  TempDir dir;
  std::string sub = dir.file("ro");
  ASSERT_EQ(::mkdir(sub.c_str(), 0755), 0);
  std::string path = sub + "/w.bin";
  writeBytes(path, "old");
  ASSERT_EQ(::chmod(sub.c_str(), 0555), 0);
  EXPECT_THAT(errorOf([&] { writeFileAtomically(path, "new"); }),
              HasSubstr("cannot create temporary file"));
  EXPECT_EQ(readFile(path), "old");
}

TEST(FileIOTest, MissingFileNamesThePath) {
  TempDir dir;
  std::string path = dir.file("nope.bin");
  EXPECT_THAT(errorOf([&] { readFile(path); }),
              HasSubstr(path + ": cannot open: No such file"));
  EXPECT_THAT(errorOf([&] { readPossiblyGzippedFile(path); }),
              HasSubstr(path + ": cannot open"));
  EXPECT_THAT(errorOf([&] { readFile(dir.path()); }),
              HasSubstr("is a directory"));
}

TEST(FileIOTest, GzipRoundTripAndPlainPassThrough) {
  TempDir dir;
  std::string bytes;
  for (int i = 0; i < 100000; ++i)
    bytes.push_back(char(i * 7 % 251));
  writeBytes(dir.file("a.gz"), gzipCompress(bytes));
  writeBytes(dir.file("a.bin"), bytes);
  EXPECT_NE(readFile(dir.file("a.gz")), bytes);
  EXPECT_EQ(readPossiblyGzippedFile(dir.file("a.gz")), bytes);
  EXPECT_EQ(readPossiblyGzippedFile(dir.file("a.bin")), bytes);
}

TEST(FileIOTest, TruncatedGzipIsAnError) {
  TempDir dir;
  std::string compressed = gzipCompress(std::string(50000, 'x') + "tail");
  writeBytes(dir.file("cut.gz"), compressed.substr(0, compressed.size() / 2));
  EXPECT_THAT(errorOf([&] { readPossiblyGzippedFile(dir.file("cut.gz")); }),
              HasSubstr("cut.gz: corrupt gzip data"));
}

TEST(FileIOTest, TemporariesOfExitedWritersAreRemoved) {
  TempDir dir;
  std::string path = dir.file("ck.safetensors");
  RunningChild running;
  std::string dead = path + ".tmp-" + std::to_string(exitedProcessId());
  std::string live = path + ".tmp-" + std::to_string(running.pid());
  std::string own = path + ".tmp-" + std::to_string(::getpid());
  writeBytes(dead, "half a checkpoint");
  writeBytes(live, "being written");
  writeBytes(own, "this process's");
  // Not our names, or another file's temporaries: never touched.
  std::string other = dir.file("other.safetensors.tmp-") +
                      std::to_string(exitedProcessId());
  writeBytes(other, "x");
  writeBytes(path + ".tmp-0" + std::to_string(exitedProcessId()), "x");
  writeBytes(path + ".tmp-12x", "x");
  std::string deadDirectory = path + ".tmp-" + std::to_string(exitedProcessId());
  ASSERT_EQ(::mkdir(deadDirectory.c_str(), 0755), 0);

  removeStaleTemporaries(path);
  EXPECT_FALSE(fileExists(dead));
  EXPECT_EQ(readFile(live), "being written");
  EXPECT_EQ(readFile(own), "this process's");
  EXPECT_TRUE(fileExists(other));
  EXPECT_TRUE(fileExists(deadDirectory));

  // Every atomic write sweeps first: a writer killed mid-write leaves
  // nothing behind for long.
  std::string weights = dir.file("w.safetensors");
  std::string killed = weights + ".tmp-" + std::to_string(exitedProcessId());
  writeBytes(killed, "x");
  writeFileAtomically(weights, "new");
  EXPECT_FALSE(fileExists(killed));
  EXPECT_EQ(readFile(weights), "new");
}
