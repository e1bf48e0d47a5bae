#pragma once
/// \file
/// DYNAMO setfl files (LAMMPS `eam/alloy` and `eam/fs`) and the cubic splines
/// LAMMPS builds from their tables (PairEAM::interpolate), so that glassland's
/// EAM reproduces LAMMPS's numbers to round-off. Funcfl files (`eam`) are
/// converted into the same tables (funcfl.hpp).

#include <array>
#include <span>
#include <string>
#include <vector>

namespace glassland {

/// The tables of one setfl file, in the file's (metal) units: densities per
/// length grid point, embedding energies in eV, r*phi(r) in eV*Angstrom.
struct SetflFile {
  /// eam/alloy: one density function per element. eam/fs (Finnis–Sinclair):
  /// one density function per ordered element pair. Funcfl: tables made from
  /// DYNAMO funcfl files as LAMMPS `pair_style eam` makes them, laid out as eam/alloy.
  enum class Style { Alloy, FinnisSinclair, Funcfl };

  std::string path;  ///< file name, for messages
  Style style = Style::Alloy;
  std::vector<std::string> elements;   ///< names from line 4, in file order
  std::vector<double> atomic_numbers;  ///< per element (as written)
  std::vector<double> masses;          ///< per element, g/mol
  int nrho = 0;                        ///< number of embedding grid points
  double drho = 0.0;    ///< embedding grid spacing; F is tabulated at rho = k*drho, k = 0..nrho-1
  int nr = 0;           ///< number of distance grid points
  double dr = 0.0;      ///< distance grid spacing (Angstrom); tables at r = k*dr, k = 0..nr-1
  double cutoff = 0.0;  ///< interaction cutoff (Angstrom)
  /// Density past which LAMMPS continues F linearly (PairEAM::compute): the end
  /// of the F table, (nrho-1)*drho, for setfl files; for funcfl files the end of
  /// the longest file's own table, which is nrho*drho on the common grid.
  double rho_max = 0.0;

  /// F_e(rho) per element e, nrho values.
  std::vector<std::vector<double>> embedding;
  /// Density at a site of element `to` produced by an atom of element `from`,
  /// nr values, stored at index from*n + to. For eam/alloy and funcfl it does not depend on `to`.
  std::vector<std::vector<double>> density;
  /// r*phi(r) per unordered pair, lower triangle in file order: index i*(i+1)/2 + j for i >= j.
  std::vector<std::vector<double>> r_phi;

  int numElements() const { return static_cast<int>(elements.size()); }
  /// Index of element `name`, or -1.
  int elementIndex(const std::string& name) const;
  const std::vector<double>& densityTable(int from, int to) const {
    return density[static_cast<std::size_t>(from * numElements() + to)];
  }
  const std::vector<double>& rPhiTable(int a, int b) const {
    const int i = a > b ? a : b;
    const int j = a > b ? b : a;
    return r_phi[static_cast<std::size_t>(i * (i + 1) / 2 + j)];
  }
};

/// Reads a setfl file: 3 comment lines; line 4 "N name_1 ... name_N"; then
/// "Nrho drho Nr dr cutoff"; per element a line "Z mass [a0 lattice]" followed
/// by F (Nrho values) and the density table(s) (Nr values each: one for
/// eam/alloy, N for eam/fs); then r*phi for the pairs i >= j. Numbers may be
/// spread over lines arbitrarily. Throws InputError naming the file and the
/// line when the file is missing, truncated or holds a malformed number.
SetflFile readSetfl(const std::string& path, SetflFile::Style style);

/// The cubic spline LAMMPS pair_eam fits to a function tabulated at
/// x_k = k*delta (k = 0..n-1): at knot m the 7 coefficients c0..c6 give
/// f = ((c3 p + c4) p + c5) p + c6 and f' = (c0 p + c1) p + c2 for the
/// fractional position p in [0, 1] past the knot. Knot slopes are fourth-order
/// finite differences (second order next to the ends), as in
/// PairEAM::interpolate.
class EamSpline {
 public:
  using Coefficients = std::array<double, 7>;

  EamSpline() = default;
  /// Requires at least 5 values and delta > 0.
  EamSpline(std::span<const double> values, double delta);

  int size() const { return static_cast<int>(coefficients_.size()); }
  double delta() const { return delta_; }
  /// Coefficients of knot k (0-based; LAMMPS's 1-based m = k + 1).
  const Coefficients& knot(int k) const { return coefficients_[static_cast<std::size_t>(k)]; }

  /// Knot index and fraction for argument x, clamped as LAMMPS does:
  /// p = x/delta + 1, m = clamp(int(p), 1, n-1), p = min(p - m, 1). Returns the
  /// 0-based knot (m - 1) and writes p.
  int locate(double x, double& p) const {
    p = x * inverse_delta_ + 1.0;
    int m = static_cast<int>(p);
    m = m < 1 ? 1 : (m > size() - 1 ? size() - 1 : m);
    p -= m;
    p = p < 1.0 ? p : 1.0;
    return m - 1;
  }
  /// f(x) with LAMMPS's clamping (no extrapolation beyond the table).
  double value(double x) const {
    double p;
    const Coefficients& c = knot(locate(x, p));
    return ((c[3] * p + c[4]) * p + c[5]) * p + c[6];
  }
  /// f'(x) with LAMMPS's clamping.
  double derivative(double x) const {
    double p;
    const Coefficients& c = knot(locate(x, p));
    return (c[0] * p + c[1]) * p + c[2];
  }

 private:
  std::vector<Coefficients> coefficients_;
  double delta_ = 1.0;
  double inverse_delta_ = 1.0;
};

}  // namespace glassland
