//===- TextCorpusTest.cpp - Cleaning and reading text corpora -------------===//

#include "nncrt/TextCorpus.h"

#include "ErrorOf.h"
#include "TempDir.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

TEST(TextCorpusTest, CleansLinesAsTheNotesDo) {
  EXPECT_EQ(cleanLine("I love you."), "<start> i love you . <end>");
  EXPECT_EQ(cleanLine("  Hello,   World!  "), "<start> hello , world ! <end>");
  // Marks are words of their own, also when they follow each other.
  EXPECT_EQ(cleanLine("Wait...what?!"), "<start> wait . . . what ? ! <end>");
  EXPECT_EQ(cleanLine("tabs\tand\t\tspaces"), "<start> tabs and spaces <end>");
  // Digits, apostrophes, dashes and other symbols become spaces.
  EXPECT_EQ(cleanLine("don't stop 2 believe-in (it)"),
            "<start> don t stop believe in it <end>");
  EXPECT_EQ(cleanLine("\t\t-- Ogden Nash\r"), "<start> ogden nash <end>");
  EXPECT_EQ(cleanLine("CAPS Lock"), "<start> caps lock <end>");
}

TEST(TextCorpusTest, SkipsEmptyAndHeadingLines) {
  EXPECT_EQ(cleanLine(""), "");
  EXPECT_EQ(cleanLine("   \t "), "");
  EXPECT_EQ(cleanLine("Chorus:"), "");
  EXPECT_EQ(cleanLine("You patch a bug, and dump it again:  \r"), "");
  // Only characters that clean away: nothing is left, the line is skipped.
  EXPECT_EQ(cleanLine("%"), "");
  EXPECT_EQ(cleanLine("1984 -- 2001 ()"), "");
  // A colon inside the line is no heading.
  EXPECT_EQ(cleanLine("time: now"), "<start> time now <end>");
  // Only marks: they are kept as words.
  EXPECT_EQ(cleanLine("?!"), "<start> ? ! <end>");
}

TEST(TextCorpusTest, NonAsciiLettersAreLettersAndLowerCased) {
  EXPECT_EQ(cleanLine("¿Qué pasa?"), "<start> ¿ qué pasa ? <end>");
  EXPECT_EQ(cleanLine("ÉLAN Ñandú STRAßE"), "<start> élan ñandú straße <end>");
  EXPECT_EQ(cleanLine("Œuvre ŁÓDŹ"), "<start> œuvre łódź <end>");
  EXPECT_EQ(cleanLine("ΑΘΗΝΑ Москва"), "<start> αθηνα москва <end>");
  // Latin-1 symbols that are not letters: × ÷ « » ° ¡ (only ¿ is a mark).
  EXPECT_EQ(cleanLine("a×b÷c «d» 3° ¡e"), "<start> a b c d e <end>");
  EXPECT_EQ(cleanText("¿Qué?"), "¿ qué ?");
}

TEST(TextCorpusTest, Utf8Validation) {
  EXPECT_TRUE(isValidUtf8("plain ascii"));
  EXPECT_TRUE(isValidUtf8("¿Qué? 日本 😀"));
  EXPECT_FALSE(isValidUtf8("caf\xe9"));           // Latin-1 é
  EXPECT_FALSE(isValidUtf8("\xc3"));              // truncated
  EXPECT_FALSE(isValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(isValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(isValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(isValidUtf8("\x80"));              // lone continuation
}

TEST(TextCorpusTest, ReadsAFileLineByLine) {
  TempDir dir;
  writeBytes(dir.file("song"), "Verse 1:\nI love you\n\n%\nyou love me\r\n");
  std::ostringstream warnings;
  TextCorpus corpus = readTextCorpus(dir.file("song"), warnings);
  EXPECT_EQ(corpus.sentences,
            (std::vector<std::string>{"<start> i love you <end>",
                                      "<start> you love me <end>"}));
  EXPECT_EQ(corpus.filesRead, 1);
  EXPECT_EQ(corpus.linesRead, 5);
  EXPECT_EQ(warnings.str(), "");
}

TEST(TextCorpusTest, ReadsTheTxtFilesOfAFolderInNameOrder) {
  TempDir dir;
  writeBytes(dir.file("b.txt"), "second\n");
  writeBytes(dir.file("a.txt"), "first\n");
  writeBytes(dir.file("c.md"), "not read\n");
  writeBytes(dir.file("d.txt"), "caf\xe9\n");
  writeBytes(dir.file("e.txt"), "\xff\n");
  std::ostringstream warnings;
  TextCorpus corpus = readTextCorpus(dir.path(), warnings);
  EXPECT_EQ(corpus.sentences, (std::vector<std::string>{"<start> first <end>",
                                                        "<start> second <end>"}));
  EXPECT_EQ(corpus.filesRead, 2);
  EXPECT_EQ(corpus.skippedFiles, 2);
  // One warning line with the count and the first file.
  EXPECT_EQ(warnings.str(), "warning: skipped 2 files that are not valid UTF-8 "
                            "(the first: " + dir.file("d.txt") + ")\n");
}

TEST(TextCorpusTest, NothingUsableIsAnError) {
  TempDir dir;
  std::ostringstream warnings;
  writeBytes(dir.file("empty"), "");
  EXPECT_EQ(errorOf([&] { readTextCorpus(dir.file("empty"), warnings); }),
            dir.file("empty") + ": no usable lines (1 file, 0 lines read)");
  writeBytes(dir.file("headings"), "Verse:\n\n123\n");
  EXPECT_EQ(errorOf([&] { readTextCorpus(dir.file("headings"), warnings); }),
            dir.file("headings") + ": no usable lines (1 file, 3 lines read)");
  // The one file given, in Latin-1: said so, not "no usable lines".
  writeBytes(dir.file("latin1"), "caf\xe9\n");
  EXPECT_EQ(errorOf([&] { readTextCorpus(dir.file("latin1"), warnings); }),
            dir.file("latin1") + ": not valid UTF-8 (byte 0xe9 at offset 3); "
                                 "text data must be UTF-8");
  // A folder of only such files: the warning names the first.
  TempDir latin1;
  writeBytes(latin1.file("a.txt"), "caf\xe9\n");
  EXPECT_EQ(errorOf([&] { readTextCorpus(latin1.path(), warnings); }),
            latin1.path() + ": no usable lines (1 file, 0 lines read)");
  EXPECT_THAT(warnings.str(), HasSubstr("skipped 1 file that is not valid UTF-8"));
  EXPECT_THAT(errorOf([&] { readTextCorpus(dir.file("missing"), warnings); }),
              HasSubstr("text data not found"));
  TempDir folder;
  EXPECT_EQ(errorOf([&] { readTextCorpus(folder.path(), warnings); }),
            folder.path() + ": no .txt files in the folder");
}
