//===- TextCorpus.cpp - Lines of text cleaned for a word-level language model ===//

#include "nncrt/TextCorpus.h"

#include "nncrt/Error.h"
#include "nncrt/FileIO.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <sys/stat.h>

namespace nncrt {

namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

/// Decodes the code point at `bytes[position]` and advances `position`;
/// kInvalid on a malformed sequence.
char32_t decodeUtf8(std::string_view bytes, size_t &position) {
  auto byte = [&](size_t i) { return uint8_t(bytes[i]); };
  uint8_t lead = byte(position);
  if (lead < 0x80) {
    ++position;
    return lead;
  }
  int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || position + length > bytes.size())
    return kInvalid;
  char32_t point = lead & (0x7F >> length);
  for (int i = 1; i < length; ++i) {
    uint8_t next = byte(position + i);
    if ((next & 0xC0) != 0x80)
      return kInvalid;
    point = point << 6 | (next & 0x3F);
  }
  static constexpr char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (point < smallest[length] || point > 0x10FFFF ||
      (point >= 0xD800 && point <= 0xDFFF))
    return kInvalid;
  position += size_t(length);
  return point;
}

void appendUtf8(std::string &text, char32_t point) {
  if (point < 0x80) {
    text += char(point);
  } else if (point < 0x800) {
    text += char(0xC0 | point >> 6);
    text += char(0x80 | (point & 0x3F));
  } else if (point < 0x10000) {
    text += char(0xE0 | point >> 12);
    text += char(0x80 | (point >> 6 & 0x3F));
    text += char(0x80 | (point & 0x3F));
  } else {
    text += char(0xF0 | point >> 18);
    text += char(0x80 | (point >> 12 & 0x3F));
    text += char(0x80 | (point >> 6 & 0x3F));
    text += char(0x80 | (point & 0x3F));
  }
}

bool inRange(char32_t point, char32_t first, char32_t last) {
  return point >= first && point <= last;
}

/// Letters of the Latin, Greek and Cyrillic blocks, plus the caseless
/// scripts most likely in lyrics (Hebrew, Arabic, kana, CJK, Hangul).
bool isLetter(char32_t point) {
  if (point < 0x80)
    return inRange(point, 'a', 'z') || inRange(point, 'A', 'Z');
  if (point < 0x100) // Latin-1: ª µ º and À..ÿ but × and ÷
    return point == 0xAA || point == 0xB5 || point == 0xBA ||
           (point >= 0xC0 && point != 0xD7 && point != 0xF7);
  if (point < 0x370) // Latin Extended-A/B, IPA (not the modifiers)
    return point < 0x2B0;
  if (point < 0x400) // Greek, without its punctuation and signs
    return !(inRange(point, 0x374, 0x375) || inRange(point, 0x37E, 0x37E) ||
             inRange(point, 0x384, 0x385) || point == 0x387 ||
             inRange(point, 0x378, 0x37A) || inRange(point, 0x380, 0x383) ||
             point == 0x38B || point == 0x38D || point == 0x3A2 ||
             point == 0x3F6);
  return inRange(point, 0x400, 0x481) || inRange(point, 0x48A, 0x52F) ||
         inRange(point, 0x1E00, 0x1EFF) || inRange(point, 0x5D0, 0x5EA) ||
         inRange(point, 0x620, 0x64A) || inRange(point, 0x3041, 0x30FF) ||
         inRange(point, 0x4E00, 0x9FFF) || inRange(point, 0xAC00, 0xD7A3);
}

/// The lower case of a letter where it is one code point away by a regular
/// rule (as Python's str.lower() has it for these blocks); else the letter.
char32_t toLower(char32_t point) {
  if (inRange(point, 'A', 'Z'))
    return point + 0x20;
  if (point < 0x80)
    return point;
  if (inRange(point, 0xC0, 0xDE) && point != 0xD7)
    return point + 0x20;
  bool even = point % 2 == 0;
  // Latin Extended-A: pairs (upper, lower), shifted by one after ĸ and ŉ.
  if ((inRange(point, 0x100, 0x12F) || inRange(point, 0x132, 0x137) ||
       inRange(point, 0x14A, 0x177)) && even)
    return point + 1;
  if ((inRange(point, 0x139, 0x148) || inRange(point, 0x179, 0x17E)) && !even)
    return point + 1;
  if (point == 0x178)
    return 0xFF;
  // Greek.
  if (inRange(point, 0x391, 0x3AB) && point != 0x3A2)
    return point + 0x20;
  if (point == 0x386)
    return 0x3AC;
  if (inRange(point, 0x388, 0x38A))
    return point + 0x25;
  if (point == 0x38C)
    return 0x3CC;
  if (inRange(point, 0x38E, 0x38F))
    return point + 0x3F;
  // Cyrillic.
  if (inRange(point, 0x400, 0x40F))
    return point + 0x50;
  if (inRange(point, 0x410, 0x42F))
    return point + 0x20;
  if ((inRange(point, 0x460, 0x481) || inRange(point, 0x48A, 0x4BF) ||
       inRange(point, 0x4D0, 0x52F)) && even)
    return point + 1;
  if (point == 0x4C0)
    return 0x4CF;
  if (inRange(point, 0x4C1, 0x4CE) && !even)
    return point + 1;
  // Latin Extended Additional.
  if ((inRange(point, 0x1E00, 0x1E95) || inRange(point, 0x1EA0, 0x1EFF)) && even)
    return point + 1;
  if (point == 0x1E9E)
    return 0xDF;
  return point;
}

/// The marks that stand as words of their own.
bool isMark(char32_t point) {
  return point == '?' || point == '.' || point == '!' || point == ',' ||
         point == 0xBF; // ¿
}

bool isAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

std::string_view stripSpaces(std::string_view text) {
  while (!text.empty() && isAsciiSpace(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && isAsciiSpace(text.back()))
    text.remove_suffix(1);
  return text;
}

bool isDirectory(const std::string &path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0)
    fail("{}: text data not found: {}", path, systemErrorText(errno));
  return S_ISDIR(info.st_mode);
}

/// The .txt files of a folder, sorted by name.
std::vector<std::string> textFilesIn(const std::string &dir) {
  DIR *handle = ::opendir(dir.c_str());
  if (!handle)
    fail("{}: cannot read the folder: {}", dir, systemErrorText(errno));
  std::vector<std::string> names;
  while (dirent *entry = ::readdir(handle)) {
    std::string name = entry->d_name;
    if (endsWith(name, ".txt"))
      names.push_back(name);
  }
  ::closedir(handle);
  std::sort(names.begin(), names.end());
  std::vector<std::string> paths;
  for (const std::string &name : names) {
    std::string path = dir + "/" + name;
    if (!isDirectory(path))
      paths.push_back(path);
  }
  return paths;
}

} // namespace

size_t firstInvalidUtf8(std::string_view bytes) {
  for (size_t position = 0; position < bytes.size();)
    if (decodeUtf8(bytes, position) == kInvalid)
      return position;
  return std::string_view::npos;
}

bool isValidUtf8(std::string_view bytes) {
  return firstInvalidUtf8(bytes) == std::string_view::npos;
}

std::string cleanText(std::string_view text) {
  std::string cleaned;
  bool pendingSpace = false;
  auto separate = [&] { pendingSpace = !cleaned.empty(); };
  for (size_t position = 0; position < text.size();) {
    char32_t point = decodeUtf8(text, position);
    if (point == kInvalid) {
      ++position; // callers check validity first; never loop forever
      separate();
      continue;
    }
    if (isLetter(point)) {
      if (pendingSpace)
        cleaned += ' ';
      pendingSpace = false;
      appendUtf8(cleaned, toLower(point));
    } else if (isMark(point)) {
      // A mark is a word of its own: "pasa?" -> "pasa ?".
      if (!cleaned.empty())
        cleaned += ' ';
      appendUtf8(cleaned, point);
      separate();
    } else {
      separate();
    }
  }
  return cleaned;
}

std::string cleanLine(std::string_view line) {
  line = stripSpaces(line);
  if (line.empty() || line.back() == ':')
    return "";
  std::string words = cleanText(line);
  if (words.empty())
    return "";
  return std::string(kStartToken) + " " + words + " " + kEndToken;
}

TextCorpus readTextCorpus(const std::string &path, std::ostream &warnings) {
  if (path.empty())
    fail("no text data: give a file or folder with --data PATH");
  bool folder = isDirectory(path);
  std::vector<std::string> files =
      folder ? textFilesIn(path) : std::vector<std::string>{path};
  if (files.empty())
    fail("{}: no .txt files in the folder", path);
  TextCorpus corpus;
  for (const std::string &file : files) {
    std::string bytes = readFile(file);
    size_t invalid = firstInvalidUtf8(bytes);
    // A folder may hold a stray file in another encoding; the one file given
    // is the data, and skipping it would leave nothing.
    if (invalid != std::string_view::npos && !folder)
      fail("{}: not valid UTF-8 (byte 0x{:02x} at offset {}); text data must "
           "be UTF-8",
           file, uint8_t(bytes[invalid]), invalid);
    if (invalid != std::string_view::npos) {
      if (corpus.skippedFiles++ == 0)
        corpus.firstSkippedFile = file;
      continue;
    }
    corpus.filesRead++;
    std::string_view rest = bytes;
    while (!rest.empty()) {
      size_t newline = rest.find('\n');
      std::string_view line = rest.substr(0, newline);
      rest.remove_prefix(newline == std::string_view::npos ? rest.size()
                                                           : newline + 1);
      corpus.linesRead++;
      std::string sentence = cleanLine(line);
      if (!sentence.empty())
        corpus.sentences.push_back(std::move(sentence));
    }
  }
  if (corpus.skippedFiles)
    warnings << fmt::format(
        "warning: skipped {} file{} that {} not valid UTF-8 (the first: {})\n",
        corpus.skippedFiles, corpus.skippedFiles == 1 ? "" : "s",
        corpus.skippedFiles == 1 ? "is" : "are", corpus.firstSkippedFile);
  if (corpus.sentences.empty())
    fail("{}: no usable lines ({} file{}, {} lines read)", path, files.size(),
         files.size() == 1 ? "" : "s", corpus.linesRead);
  return corpus;
}

} // namespace nncrt
