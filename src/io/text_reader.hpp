#pragma once
/// \file
/// Internal to the io module: a whole text file held in memory, walked line by
/// line, so that every parse error can name the file and the 1-based line.
/// Numbers are parsed with std::from_chars (exact, locale-free and fast: no
/// iostream per token), which keeps 10^5-atom files well under a second.

#include <string>
#include <string_view>
#include <vector>

#include "glassland/core/error.hpp"

namespace glassland::io::detail {

/// Cursor over the lines of one file. `line()` is the current line without
/// its end-of-line characters; `next()` moves on.
class TextReader {
 public:
  /// Reads `path` completely; a gzip-compressed file (any name: the magic
  /// bytes decide) is decompressed. Throws InputError(path, 0, ...) when it
  /// cannot be opened or decompressed.
  explicit TextReader(std::string path);

  /// Advances to the next line; false at the end of the file.
  bool next();
  /// Advances to the next line that is not blank after removing a `#` comment
  /// when `strip_comments`; false at the end of the file.
  bool nextContent(bool strip_comments);
  /// Current line as in the file (no newline, no carriage return).
  std::string_view line() const { return line_; }
  /// Current line with any `#` comment removed and surrounding blanks trimmed.
  std::string_view content() const;
  /// 1-based number of the current line; 0 before the first call to next().
  int lineNumber() const { return line_number_; }
  const std::string& path() const { return path_; }
  bool empty() const { return text_.find_first_not_of(" \t\r\n") == std::string::npos; }
  /// Size of the (decompressed) text in bytes: bounds the counts a header may
  /// announce before anything is allocated for them.
  std::size_t size() const { return text_.size(); }

  /// Byte offset where the line after the current one starts (for rewind()).
  std::size_t position() const { return offset_; }
  /// Continues reading at byte `offset` as if the previous line read was `line_number`.
  void rewind(std::size_t offset, int line_number);

  /// Splits `text` at blanks into `out` (cleared first).
  static void split(std::string_view text, std::vector<std::string_view>& out);

  /// Throws InputError at the current line.
  [[noreturn]] void fail(const std::string& message) const;
  /// Throws InputError at a given line.
  [[noreturn]] void failAt(int line, const std::string& message) const;

  /// `token` as a double; `what` names the field for the message ("x coordinate").
  double toDouble(std::string_view token, std::string_view what) const;
  /// `token` as an integer.
  long toLong(std::string_view token, std::string_view what) const;

 private:
  std::string path_;
  std::string text_;
  std::size_t offset_ = 0;
  std::string_view line_;
  int line_number_ = 0;
};

/// `s` without leading and trailing blanks.
std::string_view trim(std::string_view s);
/// Quotes a token for messages, shortened when long.
std::string quoted(std::string_view token);

}  // namespace glassland::io::detail
