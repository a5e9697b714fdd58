//===- TextCorpus.h - Lines of text cleaned for a word-level language model ===//
//
// `data = text(path, ...)` reads a file, or every .txt file of a folder in
// name order, line by line, and cleans each line as the lyric generator's
// notes do: skip empty lines and lines ending in ':'; lower-case; put spaces
// around the marks ? . ! , and ¿; turn everything that is neither a letter
// nor one of those marks into a space; collapse the spaces; skip a line left
// empty; wrap it as "<start> ... <end>".
//
// Text is UTF-8. Letters are the ASCII ones and those of the Latin-1, Latin
// Extended, Greek and Cyrillic blocks (lower-cased where the case pair is a
// simple one), so "¿Qué pasa?" cleans to "¿ qué pasa ?". A file of a folder
// that is not valid UTF-8 is skipped (and counted), not misread; the one
// file given is an error naming the first bad byte.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_TEXTCORPUS_H
#define NNCRT_TEXTCORPUS_H

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace nncrt {

constexpr const char *kStartToken = "<start>";
constexpr const char *kEndToken = "<end>";

/// The cleaned words of `text`, separated by single spaces, without the
/// line rules (empty, ending in ':') or the <start>/<end> wrapping; "" when
/// nothing is left. `text` must be valid UTF-8 (see isValidUtf8).
std::string cleanText(std::string_view text);

/// One corpus line as training sees it: "<start> words <end>", or "" when
/// the line is skipped (empty, ending in ':', or nothing left to keep).
std::string cleanLine(std::string_view line);

/// Whether `bytes` is well-formed UTF-8 (no overlong forms, surrogates or
/// code points above U+10FFFF).
bool isValidUtf8(std::string_view bytes);

/// The offset of the first byte of `bytes` that is not well-formed UTF-8,
/// or std::string_view::npos.
size_t firstInvalidUtf8(std::string_view bytes);

struct TextCorpus {
  std::vector<std::string> sentences; ///< cleaned and wrapped, in file order
  int64_t filesRead = 0;    ///< files read as text (not the skipped ones)
  int64_t linesRead = 0;    ///< lines in those files, kept or not
  int64_t skippedFiles = 0; ///< files skipped as not valid UTF-8
  std::string firstSkippedFile;
};

/// Reads `path` (a file, or a folder whose .txt files are read in name
/// order). Skipped files give one warning line on `warnings`. Throws when
/// nothing usable is left, or when the one file read is not UTF-8.
TextCorpus readTextCorpus(const std::string &path, std::ostream &warnings);

} // namespace nncrt

#endif // NNCRT_TEXTCORPUS_H
