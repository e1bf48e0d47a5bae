#include "glassland/potential/setfl.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <string_view>

#include "glassland/core/error.hpp"

namespace glassland {

namespace {

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

}  // namespace

int SetflFile::elementIndex(const std::string& name) const {
  for (int e = 0; e < numElements(); ++e) {
    if (elements[static_cast<std::size_t>(e)] == name) return e;
  }
  return -1;
}

SetflFile readSetfl(const std::string& path, SetflFile::Style style) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open EAM potential file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  TokenReader reader(path, buffer.str());

  SetflFile file;
  file.path = path;
  file.style = style;
  for (int k = 0; k < 3; ++k) reader.line("3 comment lines at the top of a setfl file");

  const auto element_line = reader.line("the element line 'N name_1 ... name_N'");
  if (element_line.empty())
    reader.fail("expected the element line 'N name_1 ... name_N', found an empty line");
  const double n_value = reader.parseNumber(element_line[0], "number of elements");
  // Range first: converting a double beyond int's range is undefined.
  if (!(n_value >= 1 && n_value <= 1000) || n_value != std::floor(n_value)) {
    reader.fail("the number of elements must be an integer from 1 to 1000");
  }
  const int n = static_cast<int>(n_value);
  if (static_cast<int>(element_line.size()) != n + 1) {
    reader.fail("line 4 announces " + std::to_string(n) + " elements but names " +
                std::to_string(element_line.size() - 1));
  }
  for (int e = 0; e < n; ++e) file.elements.emplace_back(element_line[static_cast<std::size_t>(e) + 1]);

  const auto grid = reader.line("'Nrho drho Nr dr cutoff'");
  if (grid.size() < 5) reader.fail("expected 5 values 'Nrho drho Nr dr cutoff'");
  const double nrho = reader.parseNumber(grid[0], "Nrho");
  file.drho = reader.parseNumber(grid[1], "drho");
  const double nr = reader.parseNumber(grid[2], "Nr");
  file.dr = reader.parseNumber(grid[3], "dr");
  file.cutoff = reader.parseNumber(grid[4], "cutoff");
  // The LAMMPS splines need five points for their fourth-order slopes.
  constexpr double kIntMax = std::numeric_limits<int>::max();
  if (!(nrho >= 5 && nr >= 5 && nrho <= kIntMax && nr <= kIntMax) || nrho != std::floor(nrho) ||
      nr != std::floor(nr)) {
    reader.fail("Nrho and Nr must be integers >= 5");
  }
  file.nrho = static_cast<int>(nrho);
  file.nr = static_cast<int>(nr);
  if (file.drho <= 0.0 || file.dr <= 0.0 || file.cutoff <= 0.0) {
    reader.fail("drho, dr and cutoff must be positive");
  }
  // The tables the header announces must fit in the file (each number takes
  // at least two bytes with its separator): checked before allocating them.
  const int density_tables = style == SetflFile::Style::Alloy ? n : n * n;
  const double values = n * nrho + density_tables * nr + 0.5 * n * (n + 1) * nr;
  if (values > 0.5 * (static_cast<double>(reader.size()) + 1.0)) {
    char message[256];
    std::snprintf(
        message, sizeof message,
        "the header announces %.0f table values (Nrho = %.0f, Nr = %.0f, %d element%s) but the file has "
        "only %zu bytes; expected Nrho and Nr to match the tables",
        values, nrho, nr, n, n == 1 ? "" : "s", reader.size());
    reader.fail(message);
  }

  const int density_blocks = density_tables / n;
  file.embedding.resize(static_cast<std::size_t>(n));
  file.density.resize(static_cast<std::size_t>(n * n));
  file.masses.resize(static_cast<std::size_t>(n));
  file.atomic_numbers.resize(static_cast<std::size_t>(n));
  for (int e = 0; e < n; ++e) {
    const std::string& name = file.elements[static_cast<std::size_t>(e)];
    const auto header = reader.line("the line 'Z mass a0 lattice' of element " + name);
    if (header.size() < 2) reader.fail("expected 'Z mass a0 lattice' for element " + name);
    file.atomic_numbers[static_cast<std::size_t>(e)] =
        reader.parseNumber(header[0], "atomic number of " + name);
    file.masses[static_cast<std::size_t>(e)] = reader.parseNumber(header[1], "mass of " + name);
    reader.numbers(static_cast<std::size_t>(file.nrho), file.embedding[static_cast<std::size_t>(e)],
                   "F(rho) of " + name);
    for (int b = 0; b < density_blocks; ++b) {
      const std::string what =
          style == SetflFile::Style::Alloy
              ? "rho(r) of " + name
              : "rho(r) of " + name + " at " + file.elements[static_cast<std::size_t>(b)];
      reader.numbers(static_cast<std::size_t>(file.nr), file.density[static_cast<std::size_t>(e * n + b)],
                     what);
    }
    if (style == SetflFile::Style::Alloy) {
      for (int b = 1; b < n; ++b) {
        file.density[static_cast<std::size_t>(e * n + b)] = file.density[static_cast<std::size_t>(e * n)];
      }
    }
  }
  file.r_phi.resize(static_cast<std::size_t>(n * (n + 1) / 2));
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j <= i; ++j) {
      reader.numbers(static_cast<std::size_t>(file.nr),
                     file.r_phi[static_cast<std::size_t>(i * (i + 1) / 2 + j)],
                     "r*phi(r) of " + file.elements[static_cast<std::size_t>(i)] + "-" +
                         file.elements[static_cast<std::size_t>(j)]);
    }
  }
  return file;
}

EamSpline::EamSpline(std::span<const double> values, double delta)
    : delta_(delta), inverse_delta_(1.0 / delta) {
  const int n = static_cast<int>(values.size());
  if (n < 5 || !(delta > 0.0)) throw Error("EamSpline needs at least 5 values and a positive spacing");
  coefficients_.assign(static_cast<std::size_t>(n), Coefficients{});
  // Written with LAMMPS's 1-based knot index m (PairEAM::interpolate) so each
  // line can be checked against it: s(m) is knot m-1 here.
  auto s = [this](int m) -> Coefficients& { return coefficients_[static_cast<std::size_t>(m - 1)]; };
  for (int m = 1; m <= n; ++m) s(m)[6] = values[static_cast<std::size_t>(m - 1)];

  // Slopes (per grid step): one-sided and central differences at the two
  // points next to each end, the fourth-order central difference inside.
  s(1)[5] = s(2)[6] - s(1)[6];
  s(2)[5] = 0.5 * (s(3)[6] - s(1)[6]);
  s(n - 1)[5] = 0.5 * (s(n)[6] - s(n - 2)[6]);
  s(n)[5] = s(n)[6] - s(n - 1)[6];
  for (int m = 3; m <= n - 2; ++m) {
    s(m)[5] = ((s(m - 2)[6] - s(m + 2)[6]) + 8.0 * (s(m + 1)[6] - s(m - 1)[6])) / 12.0;
  }
  // Cubic Hermite segment between knots m and m+1 in the fraction p.
  for (int m = 1; m <= n - 1; ++m) {
    s(m)[4] = 3.0 * (s(m + 1)[6] - s(m)[6]) - 2.0 * s(m)[5] - s(m + 1)[5];
    s(m)[3] = s(m)[5] + s(m + 1)[5] - 2.0 * (s(m + 1)[6] - s(m)[6]);
  }
  s(n)[4] = 0.0;
  s(n)[3] = 0.0;
  // Derivative coefficients in the argument's units (divide by delta).
  for (int m = 1; m <= n; ++m) {
    s(m)[2] = s(m)[5] / delta;
    s(m)[1] = 2.0 * s(m)[4] / delta;
    s(m)[0] = 3.0 * s(m)[3] / delta;
  }
}

}  // namespace glassland
