#include "glassland/saddle/vineyard.hpp"

#include <fmt/format.h>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <numbers>

#include "glassland/core/error.hpp"
#include "glassland/neighbor/neighbor_list.hpp"

namespace glassland {

namespace {

// SI values (exact since the 2019 redefinition) behind the metal units.
constexpr double kElectronVolt = 1.602176634e-19;    // J
constexpr double kAvogadro = 6.02214076e23;          // 1/mol
constexpr double kGramPerMoleKg = 1e-3 / kAvogadro;  // kg per (g/mol) of one atom
constexpr double kAngstrom = 1e-10;                  // m
constexpr double kPerSecondToPerPicosecond = 1e-12;

}  // namespace

double vibrationFrequencyUnit(const Units& units) {
  // lj: tau = sigma sqrt(m / epsilon), so sqrt(epsilon / (m sigma^2)) = 1 / tau.
  if (units.name == "lj") return 1.0;
  // metal: sqrt(eV / (g/mol * Angstrom^2)) in 1/s, then in 1/ps.
  if (units.name == "metal")
    return std::sqrt(kElectronVolt / (kGramPerMoleKg * kAngstrom * kAngstrom)) * kPerSecondToPerPicosecond;
  throw Error("vibrationFrequencyUnit: no frequency unit for the units '" + units.name + "'");
}

Eigen::MatrixXd finiteDifferenceHessian(Objective& objective, const Eigen::VectorXd& x, double step) {
  const Eigen::Index d = x.size();
  Eigen::MatrixXd hessian(d, d);
  Eigen::VectorXd shifted = x, g_plus, g_minus;
  for (Eigen::Index j = 0; j < d; ++j) {
    shifted(j) = x(j) + step;
    objective.evaluate(shifted, g_plus);
    shifted(j) = x(j) - step;
    objective.evaluate(shifted, g_minus);
    shifted(j) = x(j);
    hessian.col(j) = (g_plus - g_minus) / (2.0 * step);
  }
  // The exact Hessian is symmetric; averaging removes the antisymmetric part
  // of the differencing error.
  return 0.5 * (hessian + hessian.transpose());
}

Prefactor vineyardFromEigenvalues(const Eigen::VectorXd& minimum, const Eigen::VectorXd& saddle,
                                  double frequency_unit, double zero_tolerance) {
  Prefactor p;
  if (minimum.size() != saddle.size() || minimum.size() == 0) {
    p.reason =
        fmt::format("the Hessians have different or no dimensions ({} at the minimum, {} at the saddle)",
                    minimum.size(), saddle.size());
    return p;
  }
  const double zero_min = zero_tolerance * minimum.cwiseAbs().maxCoeff();
  const double zero_saddle = zero_tolerance * saddle.cwiseAbs().maxCoeff();
  double sum = 0.0;  // sum ln lambda(min) - sum' ln lambda(saddle)
  for (double lambda : minimum) {
    if (!(lambda > zero_min)) {
      p.reason = fmt::format(
          "the minimum has a zero or negative mode (eigenvalue {:.6g}, largest {:.6g}): not a minimum of the "
          "Hessian's coordinates",
          lambda, minimum.cwiseAbs().maxCoeff());
      return p;
    }
    sum += std::log(lambda);
  }
  int negative = 0, zero = 0;
  for (double lambda : saddle) {
    if (lambda < -zero_saddle) {
      ++negative;
    } else if (lambda <= zero_saddle || !std::isfinite(lambda)) {
      ++zero;
    } else {
      sum -= std::log(lambda);
    }
  }
  if (zero > 0 || negative != 1) {
    p.reason =
        fmt::format("the saddle has {} negative and {} zero modes (one negative and no zero mode expected)",
                    negative, zero);
    return p;
  }
  // nu = prod nu_i(min) / prod' nu_i(saddle) with nu_i = unit sqrt(lambda_i) / (2 pi):
  // d factors over d - 1 leave one unit / (2 pi).
  p.log_value = std::log(frequency_unit / (2.0 * std::numbers::pi)) + 0.5 * sum;
  p.value = std::exp(p.log_value);
  if (!std::isfinite(p.value) || !(p.value > 0.0)) {
    p.reason = fmt::format("the prefactor exp({:.6g}) is not a finite positive number", p.log_value);
    p.value = std::numeric_limits<double>::quiet_NaN();
  }
  return p;
}

namespace {

/// Central-difference Hessian (3n x 3n, symmetrised) of the energy over the
/// coordinates of the `active` atoms (empty = all) of `s`, the others held.
/// Moving atom j changes only the forces within forceConstantRange() of it, so
/// its columns are evaluated with just those active atoms free (exact forces on
/// them, Potential::compute): the same Hessian as differencing the forces of
/// the whole active region, at a fraction of the cost of each force call.
Eigen::MatrixXd localHessian(const Potential& potential, Structure& s, AtomSubset active, double step,
                             long& force_calls) {
  std::vector<int> all;
  if (active.empty()) {
    all.resize(static_cast<std::size_t>(s.size()));
    for (int i = 0; i < s.size(); ++i) all[static_cast<std::size_t>(i)] = i;
    active = all;
  }
  const auto n = static_cast<Eigen::Index>(active.size());
  Eigen::MatrixXd hessian = Eigen::MatrixXd::Zero(3 * n, 3 * n);
  // Pairs that cross the range while the atom moves by +-step count too.
  const double range = potential.forceConstantRange() + 2.0 * step;
  Workspace ws;
  Positions f_plus, f_minus;
  for (Eigen::Index k = 0; k < n; ++k) {
    const int atom = active[static_cast<std::size_t>(k)];
    const std::vector<int> centre{atom};
    std::vector<int> near;  // active atoms within range of the moved one (sorted)
    for (int i : atomsWithin(s.cell, s.positions, centre, range))
      if (std::binary_search(active.begin(), active.end(), i)) near.push_back(i);
    for (int dim = 0; dim < 3; ++dim) {
      const double x0 = s.positions(dim, atom);
      s.positions(dim, atom) = x0 + step;
      potential.compute(s, &f_plus, ws, near);
      s.positions(dim, atom) = x0 - step;
      potential.compute(s, &f_minus, ws, near);
      s.positions(dim, atom) = x0;
      force_calls += 2;
      for (int i : near) {
        const auto slot = std::lower_bound(active.begin(), active.end(), i) - active.begin();
        hessian.block<3, 1>(3 * slot, 3 * k + dim) = -(f_plus.col(i) - f_minus.col(i)) / (2.0 * step);
      }
    }
  }
  // As finiteDifferenceHessian: the antisymmetric part is differencing error.
  return 0.5 * (hessian + hessian.transpose());
}

}  // namespace

HessianSpectrum massWeightedSpectrum(const Potential& potential, const Structure& structure,
                                     AtomSubset active, bool remove_translations, double step) {
  HessianSpectrum out;
  if (remove_translations && !active.empty() && static_cast<int>(active.size()) != structure.size()) {
    out.error = "translations can only be removed when every atom is free";
    return out;
  }
  if (remove_translations && structure.size() < 2) {
    out.error = "one free atom in a periodic cell has only translations";
    return out;
  }
  Structure work = structure;
  const Eigen::Index d = 3 * static_cast<Eigen::Index>(active.empty() ? structure.size() : active.size());
  // 1 / sqrt(m) per coordinate.
  Eigen::VectorXd inv_sqrt_mass(d);
  for (Eigen::Index c = 0; c < d; ++c) {
    const Eigen::Index k = c / 3;
    const int atom = active.empty() ? static_cast<int>(k) : active[static_cast<std::size_t>(k)];
    const int type = structure.types.at(static_cast<std::size_t>(atom));
    const double mass =
        type >= 0 && static_cast<std::size_t>(type) < structure.masses.size() ? structure.masses[type] : 0.0;
    if (!(mass > 0.0) || !std::isfinite(mass)) {
      out.error = fmt::format("atom {} (type {}) has no positive mass", atom, type + 1);
      return out;
    }
    inv_sqrt_mass(c) = 1.0 / std::sqrt(mass);
  }
  Eigen::MatrixXd h = localHessian(potential, work, active, step, out.force_calls);
  h = inv_sqrt_mass.asDiagonal() * h * inv_sqrt_mass.asDiagonal();

  if (remove_translations) {
    // In mass-weighted coordinates q = sqrt(m) x a rigid translation along
    // axis a is t_a(3i + a) = sqrt(m_i / M): three orthonormal exact zero
    // modes. H <- P H P + s T T^T (P = 1 - T T^T) keeps the other eigenvalues
    // and moves the translations to s, above them all (s > |H|_2 by
    // Gershgorin), so they are the three largest and are dropped. Written as
    // rank-3 loops: no threaded matrix product, the same bits on any thread count.
    Eigen::MatrixXd t = Eigen::MatrixXd::Zero(d, 3);
    for (Eigen::Index c = 0; c < d; ++c) t(c, c % 3) = 1.0 / inv_sqrt_mass(c);
    for (int a = 0; a < 3; ++a) t.col(a).normalize();
    Eigen::MatrixXd ht(d, 3);
    for (Eigen::Index i = 0; i < d; ++i)
      for (int a = 0; a < 3; ++a) ht(i, a) = h.row(i).dot(t.col(a));
    Eigen::Matrix3d tht;
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) tht(a, b) = t.col(a).dot(ht.col(b));
    const double shift = 2.0 * h.cwiseAbs().rowwise().sum().maxCoeff() + 1.0;
    const Eigen::Matrix3d middle = tht + shift * Eigen::Matrix3d::Identity();
    Eigen::MatrixXd tm(d, 3);  // T (T^T H T + s)
    for (Eigen::Index i = 0; i < d; ++i)
      for (int a = 0; a < 3; ++a) tm(i, a) = t.row(i).dot(middle.col(a));
    for (Eigen::Index j = 0; j < d; ++j)
      for (Eigen::Index i = 0; i < d; ++i)
        h(i, j) += -t.row(i).dot(ht.row(j)) - ht.row(i).dot(t.row(j)) + tm.row(i).dot(t.row(j));
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(h, Eigen::EigenvaluesOnly);
  if (solver.info() != Eigen::Success) {
    out.error = "the eigenvalues of the Hessian did not converge";
    return out;
  }
  out.eigenvalues = solver.eigenvalues();
  if (remove_translations) out.eigenvalues.conservativeResize(d - 3);
  return out;
}

VineyardPrefactors vineyardPrefactors(const Potential& potential, const Structure& a, const Positions& saddle,
                                      const Positions& b, AtomSubset active, const VineyardOptions& options) {
  VineyardPrefactors out;
  const Cell& cell = a.cell;
  const bool periodic = cell.periodic(0) && cell.periodic(1) && cell.periodic(2);
  const bool remove_translations =
      periodic && (active.empty() || static_cast<int>(active.size()) == a.size());
  auto spectrum = [&](const Positions& positions) {
    Structure s = a;
    s.positions = positions;
    HessianSpectrum h = massWeightedSpectrum(potential, s, active, remove_translations, options.step);
    out.force_calls += h.force_calls;
    return h;
  };
  const HessianSpectrum at_saddle = spectrum(saddle);
  const HessianSpectrum at_a = spectrum(a.positions);
  const HessianSpectrum at_b = spectrum(b);
  auto prefactor = [&](const HessianSpectrum& minimum) {
    Prefactor p;
    if (!minimum.error.empty() || !at_saddle.error.empty()) {
      p.reason = !minimum.error.empty() ? minimum.error : at_saddle.error;
      return p;
    }
    return vineyardFromEigenvalues(minimum.eigenvalues, at_saddle.eigenvalues, options.frequency_unit,
                                   options.zero_tolerance);
  };
  out.forward = prefactor(at_a);
  out.reverse = prefactor(at_b);
  return out;
}

}  // namespace glassland
