#pragma once
// Internal to the potential module: the tokenizer shared by the DYNAMO file
// readers (setfl.cpp, funcfl.cpp).

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "glassland/core/error.hpp"

namespace glassland::dynamo {

/// Lines of a text file split into whitespace-separated tokens, read either a
/// whole line at a time (headers) or as a stream of numbers that may wrap
/// anywhere (the tables: DYNAMO writers put 5 per line, others 1 or 4).
/// Every error names the file and the 1-based line.
class TokenReader {
 public:
  TokenReader(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
    std::size_t start = 0;
    while (start < text_.size()) {
      std::size_t end = text_.find('\n', start);
      if (end == std::string::npos) end = text_.size();
      lines_.push_back(std::string_view(text_).substr(start, end - start));
      start = end + 1;
    }
  }

  /// Reads the whole file; InputError when it cannot be opened.
  static TokenReader open(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, 0, "cannot open EAM potential file");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return TokenReader(path, buffer.str());
  }

  /// The tokens of the next whole line. Requires that no tokens of the
  /// current line are left unread (see finishLine).
  std::vector<std::string_view> line(const std::string& what) {
    finishLine(what);
    if (next_line_ >= lines_.size()) fail("file ended; expected " + what);
    current_ = split(lines_[next_line_]);
    token_ = current_.size();
    line_number_ = static_cast<int>(++next_line_);
    return current_;
  }

  /// Reads n numbers that may span lines; a block that ends part-way through
  /// a line leaves the rest of that line to the next block.
  void numbers(std::size_t n, std::vector<double>& out, const std::string& what) {
    out.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      while (token_ >= current_.size()) {
        if (next_line_ >= lines_.size()) {
          fail("file ended after " + std::to_string(k) + " of the " + std::to_string(n) + " values of " +
               what);
        }
        current_ = split(lines_[next_line_]);
        token_ = 0;
        line_number_ = static_cast<int>(++next_line_);
      }
      out[k] = parseNumber(current_[token_++], what);
    }
  }

  double parseNumber(std::string_view token, const std::string& what) const {
    double value = 0.0;
    const char* first = token.data();
    const char* last = token.data() + token.size();
    if (first != last && *first == '+') ++first;
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || ptr != last || !std::isfinite(value)) {
      fail("cannot read '" + std::string(token) + "' as a finite number (" + what + ")");
    }
    return value;
  }

  [[noreturn]] void fail(const std::string& message) const { throw InputError(path_, line_number_, message); }

  /// Bytes in the file: a table of n numbers needs at least 2n - 1 of them.
  std::size_t size() const { return text_.size(); }

 private:
  /// Header lines start on a fresh line: unread numbers before one mean the
  /// table sizes and the file disagree.
  void finishLine(const std::string& next) const {
    if (token_ < current_.size()) {
      fail("unexpected extra value '" + std::string(current_[token_]) + "' before " + next);
    }
  }

  static std::vector<std::string_view> split(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && isBlank(s[i])) ++i;
      std::size_t j = i;
      while (j < s.size() && !isBlank(s[j])) ++j;
      if (j > i) out.push_back(s.substr(i, j - i));
      i = j;
    }
    return out;
  }
  static bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

  std::string path_;
  std::string text_;
  std::vector<std::string_view> lines_;
  std::size_t next_line_ = 0;              ///< index of the next unread line
  std::vector<std::string_view> current_;  ///< tokens of the line being read
  std::size_t token_ = 0;                  ///< next unread token of current_
  int line_number_ = 0;                    ///< 1-based number of the line being read
};

/// Reads the grid line into `file` (a SetflFile or FuncflFile) and checks it:
/// LAMMPS's splines need five points for their fourth-order slopes, spacings
/// and cutoff must be positive.
template <class File>
void readGrid(TokenReader& reader, File& file) {
  const auto line = reader.line("'Nrho drho Nr dr cutoff'");
  if (line.size() < 5) reader.fail("expected 5 values 'Nrho drho Nr dr cutoff'");
  const double nrho = reader.parseNumber(line[0], "Nrho");
  const double nr = reader.parseNumber(line[2], "Nr");
  file.drho = reader.parseNumber(line[1], "drho");
  file.dr = reader.parseNumber(line[3], "dr");
  file.cutoff = reader.parseNumber(line[4], "cutoff");
  // Range first: converting a double beyond int's range is undefined.
  constexpr double kIntMax = std::numeric_limits<int>::max();
  if (!(nrho >= 5 && nr >= 5 && nrho <= kIntMax && nr <= kIntMax) || nrho != std::floor(nrho) ||
      nr != std::floor(nr)) {
    reader.fail("Nrho and Nr must be integers >= 5");
  }
  file.nrho = static_cast<int>(nrho);
  file.nr = static_cast<int>(nr);
  if (file.drho <= 0.0 || file.dr <= 0.0 || file.cutoff <= 0.0)
    reader.fail("drho, dr and cutoff must be positive");
}

/// The tables a header announces must fit in the file (each number takes at
/// least two bytes with its separator): checked before allocating them.
/// `values` is their total count, `sizes` says how it was counted.
inline void checkTableSize(const TokenReader& reader, double values, const std::string& sizes) {
  if (values > 0.5 * (static_cast<double>(reader.size()) + 1.0)) {
    char count[64];
    std::snprintf(count, sizeof count, "%.0f", values);
    reader.fail("the header announces " + std::string(count) + " table values (" + sizes +
                ") but the file has only " + std::to_string(reader.size()) +
                " bytes; expected Nrho and Nr to match the tables");
  }
}

}  // namespace glassland::dynamo
