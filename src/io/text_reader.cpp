#include "text_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <zlib.h>

namespace glassland::io::detail {

namespace {

// Larger inputs would not fit a structure glassland can simulate anyway; the
// bound keeps a small malicious .gz from expanding without limit.
constexpr std::size_t kMaxDecompressed = std::size_t{4} << 30;

bool isGzip(const std::string& bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

// Every member of a gzip file (`cat a.gz b.gz` is valid gzip), as gunzip reads it.
std::string gunzip(const std::string& path, const std::string& in) {
  std::string out;
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw InputError(path, 0, "cannot initialise zlib");
  auto fail = [&](const std::string& message) {
    inflateEnd(&z);
    throw InputError(path, 0, message);
  };
  std::size_t offset = 0;  // bytes of `in` handed to zlib so far (avail_in is 32-bit)
  auto feed = [&] {
    const std::size_t n = std::min<std::size_t>(in.size() - offset, UINT32_MAX);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + offset));
    z.avail_in = static_cast<uInt>(n);
    offset += n;
  };
  feed();
  char buffer[1 << 16];
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    const int rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
    if (out.size() > kMaxDecompressed)
      fail("gzip file decompresses to more than 4 GiB; expected a structure file");
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0 && offset < in.size()) feed();
      // Another member follows, or (as gunzip) trailing bytes that are not one are ignored.
      if (z.avail_in < 2 || z.next_in[0] != 0x1f || z.next_in[1] != 0x8b) break;
      inflateReset(&z);
    } else if (rc == Z_OK || rc == Z_BUF_ERROR) {
      // Z_BUF_ERROR: no progress possible (the output buffer is fresh), so the input is used up.
      if (z.avail_in == 0 && offset < in.size())
        feed();
      else if (rc == Z_BUF_ERROR)
        fail("gzip file is truncated; expected a complete .gz file");
    } else {
      fail(std::string("cannot decompress gzip file: ") +
           (z.msg ? z.msg : "zlib error " + std::to_string(rc)));
    }
  }
  inflateEnd(&z);
  return out;
}

}  // namespace

TextReader::TextReader(std::string path) : path_(std::move(path)) {
  std::error_code ec;
  if (std::filesystem::is_directory(path_, ec)) throw InputError(path_, 0, "is a directory; expected a file");
  std::ifstream in(path_, std::ios::binary);
  if (!in) throw InputError(path_, 0, std::string("cannot open file: ") + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text_ = std::move(buffer).str();
  if (isGzip(text_)) text_ = gunzip(path_, text_);
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

void TextReader::failAt(int line, const std::string& message) const {
  throw InputError(path_, line, message);
}

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
