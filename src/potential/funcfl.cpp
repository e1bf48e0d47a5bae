#include "glassland/potential/funcfl.hpp"

#include <algorithm>
#include <string>

#include "glassland/core/error.hpp"
#include "token_reader.hpp"

namespace glassland {

namespace {

/// The value at x of a table f sampled at k*delta (k = 0..n-1), by the
/// four-point Lagrange formula LAMMPS's PairEAM::file2array uses to move funcfl
/// tables onto the common grid. Written with its 1-based index k so each line
/// can be checked against it: near the ends the stencil stays inside the table
/// (k in [2, n-2]) and the fraction is capped at 2, so past the end of a
/// shorter table the value is that table's last one.
double lagrange4(const std::vector<double>& f, double delta, double x) {
  const int n = static_cast<int>(f.size());
  double p = x / delta + 1.0;
  int k = static_cast<int>(p);
  k = std::max(std::min(k, n - 2), 2);
  p -= k;
  p = std::min(p, 2.0);
  constexpr double kSixth = 1.0 / 6.0;
  const double c1 = -kSixth * p * (p - 1.0) * (p - 2.0);
  const double c2 = 0.5 * (p * p - 1.0) * (p - 2.0);
  const double c3 = -0.5 * p * (p + 1.0) * (p - 2.0);
  const double c4 = kSixth * p * (p * p - 1.0);
  auto at = [&f](int one_based) { return f[static_cast<std::size_t>(one_based - 1)]; };
  return c1 * at(k - 1) + c2 * at(k) + c3 * at(k + 1) + c4 * at(k + 2);
}

/// Table f (spacing delta) on the common grid: n points spaced grid_delta.
std::vector<double> onGrid(const std::vector<double>& f, double delta, int n, double grid_delta) {
  std::vector<double> out(static_cast<std::size_t>(n));
  for (int m = 0; m < n; ++m) out[static_cast<std::size_t>(m)] = lagrange4(f, delta, m * grid_delta);
  return out;
}

}  // namespace

FuncflFile readFuncfl(const std::string& path) {
  dynamo::TokenReader reader = dynamo::TokenReader::open(path);
  FuncflFile file;
  file.path = path;
  reader.line("a comment line at the top of a funcfl file");
  const auto element = reader.line("the line 'Z mass a0 lattice'");
  if (element.size() < 2) reader.fail("expected 'Z mass a0 lattice' on line 2 of a funcfl file");
  file.atomic_number = reader.parseNumber(element[0], "atomic number");
  file.mass = reader.parseNumber(element[1], "mass");
  if (!(file.mass > 0.0)) reader.fail("the mass must be positive");
  dynamo::readGrid(reader, file);
  dynamo::checkTableSize(reader, file.nrho + 2.0 * file.nr,
                         "Nrho = " + std::to_string(file.nrho) + ", Nr = " + std::to_string(file.nr));
  reader.numbers(static_cast<std::size_t>(file.nrho), file.embedding, "F(rho)");
  reader.numbers(static_cast<std::size_t>(file.nr), file.charge, "Z(r)");
  reader.numbers(static_cast<std::size_t>(file.nr), file.density, "rho(r)");
  return file;
}

SetflFile funcflToSetfl(const std::vector<FuncflFile>& files, const std::vector<std::string>& names) {
  if (files.empty() || files.size() != names.size()) {
    throw Error("funcflToSetfl: needs one element name per funcfl file");
  }
  SetflFile out;
  out.style = SetflFile::Style::Funcfl;
  out.elements = names;
  // The common grid (PairEAM::file2array): the largest spacings, and as many
  // points as reach the farthest table end (rounded; one fewer than a single
  // file's own count, as in LAMMPS).
  double r_end = 0.0;
  for (const FuncflFile& f : files) {
    out.path += (out.path.empty() ? "" : ", ") + f.path;
    out.dr = std::max(out.dr, f.dr);
    out.drho = std::max(out.drho, f.drho);
    r_end = std::max(r_end, (f.nr - 1) * f.dr);
    out.rho_max = std::max(out.rho_max, (f.nrho - 1) * f.drho);
    out.cutoff = std::max(out.cutoff, f.cutoff);  // PairEAM::init_one
    out.atomic_numbers.push_back(f.atomic_number);
    out.masses.push_back(f.mass);
  }
  out.nr = static_cast<int>(r_end / out.dr + 0.5);
  out.nrho = static_cast<int>(out.rho_max / out.drho + 0.5);
  if (out.nr < 5 || out.nrho < 5) {
    throw InputError(files.front().path, 3,
                     "the funcfl tables are too short: the common grid has Nr = " + std::to_string(out.nr) +
                         " and Nrho = " + std::to_string(out.nrho) + " points, and needs at least 5");
  }

  const auto n = files.size();
  for (const FuncflFile& f : files) out.embedding.push_back(onGrid(f.embedding, f.drho, out.nrho, out.drho));
  // A funcfl density depends on the atom that produces it only.
  out.density.resize(n * n);
  for (std::size_t from = 0; from < n; ++from) {
    const std::vector<double> rho = onGrid(files[from].density, files[from].dr, out.nr, out.dr);
    for (std::size_t to = 0; to < n; ++to) out.density[from * n + to] = rho;
  }
  // r*phi of each pair i >= j from the effective charges: 27.2 eV (Hartree) * 0.529 A (Bohr).
  std::vector<std::vector<double>> charge;
  for (const FuncflFile& f : files) charge.push_back(onGrid(f.charge, f.dr, out.nr, out.dr));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      std::vector<double> r_phi(static_cast<std::size_t>(out.nr));
      for (std::size_t m = 0; m < r_phi.size(); ++m) r_phi[m] = 27.2 * 0.529 * charge[i][m] * charge[j][m];
      out.r_phi.push_back(std::move(r_phi));
    }
  }
  return out;
}

}  // namespace glassland
