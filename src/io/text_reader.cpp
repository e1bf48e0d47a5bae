#include "text_reader.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

namespace glassland::io::detail {

TextReader::TextReader(std::string path) : path_(std::move(path)) {
  std::ifstream in(path_, std::ios::binary);
  if (!in) throw InputError(path_, 0, std::string("cannot open file: ") + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text_ = std::move(buffer).str();
}

bool TextReader::next() {
  if (offset_ >= text_.size()) return false;
  std::size_t end = text_.find('\n', offset_);
  if (end == std::string::npos) end = text_.size();
  line_ = std::string_view(text_).substr(offset_, end - offset_);
  if (!line_.empty() && line_.back() == '\r') line_.remove_suffix(1);
  offset_ = end + 1;
  ++line_number_;
  return true;
}

bool TextReader::nextContent(bool strip_comments) {
  while (next()) {
    if (!(strip_comments ? content() : trim(line_)).empty()) return true;
  }
  return false;
}

std::string_view TextReader::content() const {
  std::string_view s = line_;
  std::size_t hash = s.find('#');
  if (hash != std::string_view::npos) s = s.substr(0, hash);
  return trim(s);
}

void TextReader::rewind(std::size_t offset, int line_number) {
  offset_ = offset;
  line_number_ = line_number;
  line_ = {};
}

void TextReader::split(std::string_view text, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    while (i < n && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i == n) break;
    std::size_t start = i;
    while (i < n && text[i] != ' ' && text[i] != '\t') ++i;
    out.push_back(text.substr(start, i - start));
  }
}

void TextReader::fail(const std::string& message) const { failAt(line_number_, message); }

void TextReader::failAt(int line, const std::string& message) const { throw InputError(path_, line, message); }

double TextReader::toDouble(std::string_view token, std::string_view what) const {
  std::string_view t = token;
  // from_chars rejects a leading '+', which C's strtod (and so LAMMPS) accepts.
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  double value = 0.0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec == std::errc::result_out_of_range) {
    fail("expected " + std::string(what) + " (a finite number), found " + quoted(token) + ": out of range");
  }
  if (ec != std::errc() || ptr != t.data() + t.size() || t.empty()) {
    fail("expected " + std::string(what) + " (a number), found " + quoted(token));
  }
  return value;
}

long TextReader::toLong(std::string_view token, std::string_view what) const {
  std::string_view t = token;
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  long value = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc() || ptr != t.data() + t.size() || t.empty()) {
    fail("expected " + std::string(what) + " (an integer), found " + quoted(token));
  }
  return value;
}

std::string_view trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::string quoted(std::string_view token) {
  constexpr std::size_t kMax = 60;
  std::string out;
  out.reserve(kMax + 5);
  out += '\'';
  out.append(token.substr(0, kMax));
  if (token.size() > kMax) out += "...";
  out += '\'';
  return out;
}

}  // namespace glassland::io::detail
