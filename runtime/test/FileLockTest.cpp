//===- FileLockTest.cpp - One process at a time per output file -----------===//

#include "nncrt/FileLock.h"

#include "ChildProcess.h"
#include "TempDir.h"
#include "nncrt/Error.h"
#include "nncrt/FileIO.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <unistd.h>

using namespace nncrt;
using namespace nncrt::test;

TEST(FileLockTest, AnotherProcessIsRefusedAndNamed) {
  TempDir dir;
  std::string path = dir.file("ck.safetensors");
  long holder = -1;
  {
    RunningChild other([&] {
      long ignored;
      // Held until the child exits, as a killed run would hold it.
      if (!FileLock::tryAcquire(path, ignored).release())
        throw std::runtime_error("not locked");
    });
    EXPECT_EQ(FileLock::tryAcquire(path, holder), nullptr);
    EXPECT_EQ(holder, other.pid());
  }
  // The child is gone: the kernel has dropped its lock, its file remains.
  EXPECT_TRUE(fileExists(path + ".lock"));
  {
    std::unique_ptr<FileLock> lock = FileLock::tryAcquire(path, holder);
    ASSERT_NE(lock, nullptr);
    EXPECT_EQ(readFile(path + ".lock"), std::to_string(::getpid()) + "\n");
    // flock locks belong to an open file: this process is refused too.
    EXPECT_EQ(FileLock::tryAcquire(path, holder), nullptr);
    EXPECT_EQ(holder, ::getpid());
  }
  // Released: the lock file is removed, and the next one is created anew.
  EXPECT_EQ(listDirectory(dir.path()), "");
  EXPECT_NE(FileLock::tryAcquire(path, holder), nullptr);
}

TEST(FileLockTest, UncreatableLockFileIsAnError) {
  TempDir dir;
  std::string path = dir.file("missing/ck.safetensors");
  long holder;
  try {
    FileLock::tryAcquire(path, holder);
    FAIL() << "no error";
  } catch (const Error &error) {
    EXPECT_EQ(std::string(error.what()),
              path + ": cannot create the lock file '" + path +
                  ".lock': No such file or directory");
  }
}
