#include "glassland/potential/setfl.hpp"

#include <cmath>
#include <string>

#include "glassland/core/error.hpp"
#include "token_reader.hpp"

namespace glassland {

using dynamo::TokenReader;

int SetflFile::elementIndex(const std::string& name) const {
  for (int e = 0; e < numElements(); ++e) {
    if (elements[static_cast<std::size_t>(e)] == name) return e;
  }
  return -1;
}

SetflFile readSetfl(const std::string& path, SetflFile::Style style) {
  if (style == SetflFile::Style::Funcfl) throw Error("readSetfl: funcfl files are read by readFuncfl");
  TokenReader reader = TokenReader::open(path);

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

  dynamo::readGrid(reader, file);
  file.rho_max = (file.nrho - 1) * file.drho;  // PairEAMAlloy/PairEAMFS::file2array
  const int density_tables = style == SetflFile::Style::Alloy ? n : n * n;
  const double nrho = file.nrho;
  const double nr = file.nr;
  dynamo::checkTableSize(reader, n * nrho + density_tables * nr + 0.5 * n * (n + 1) * nr,
                         "Nrho = " + std::to_string(file.nrho) + ", Nr = " + std::to_string(file.nr) + ", " +
                             std::to_string(n) + (n == 1 ? " element" : " elements"));

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
