#pragma once
/// \file
/// Vineyard prefactors: the attempt frequency of a transition in harmonic
/// transition-state theory (G. H. Vineyard, J. Phys. Chem. Solids 3, 121 (1957)),
///
///   nu = prod_{i=1}^{d} nu_i(minimum) / prod_{i=1}^{d-1} nu_i(saddle),
///
/// with nu_i = sqrt(lambda_i) / (2 pi) the normal-mode frequencies, lambda_i the
/// eigenvalues of the mass-weighted Hessian (H_ij / sqrt(m_i m_j)) over the same d
/// coordinates at the minimum and at the saddle, and the one unstable mode of
/// the saddle left out. The rate of the transition is nu exp(-E_barrier / k_B T).
///
/// The Hessians come from central differences of the forces of the active
/// region of a search (the other atoms stay fixed where they are in each
/// configuration), so the cost is 2 d force calls per configuration and one
/// transition (forward and reverse) costs three Hessians, 6 d force calls.
/// Products of thousands of frequencies overflow, so everything is summed in
/// logarithms. A Hessian that does not have the right signature (a zero or
/// negative mode at a minimum, not exactly one negative mode at the saddle)
/// gives no prefactor and a reason, never a number.

#include <Eigen/Core>
#include <limits>
#include <string>

#include "glassland/core/structure.hpp"
#include "glassland/core/units.hpp"
#include "glassland/optimize/objective.hpp"
#include "glassland/potential/potential.hpp"

namespace glassland {

/// How Vineyard prefactors are computed (`kmc.prefactor: vineyard` switches
/// them on; the other fields are fixed by the program, see docs/configuration.md).
struct VineyardOptions {
  /// Compute the prefactors of every converged search (runSearch).
  bool enabled = false;
  /// Central-difference displacement (length units). The truncation error of
  /// the Hessian is O(step^2 V''''), the rounding error O(eps |F| / step): 1e-4
  /// keeps both near 1e-8 of the curvatures for LJ (sigma) and metals (Angstrom).
  double step = 1e-4;
  /// An eigenvalue with |lambda| <= zero_tolerance * max |lambda| counts as
  /// zero: finite differences cannot tell its sign, and its logarithm would
  /// dominate the prefactor.
  double zero_tolerance = 1e-6;
  /// sqrt(energy / (mass length^2)) in 1 / time of the unit system:
  /// vibrationFrequencyUnit(units).
  double frequency_unit = 1.0;
};

/// sqrt(energy unit / (mass unit * length unit^2)) expressed in 1 / time unit:
/// lj 1 (tau = sigma sqrt(m / epsilon)); metal sqrt(eV / (g/mol Angstrom^2)) =
/// 98.2269 / ps (eV and the Avogadro constant exact in SI 2019). Throws Error
/// for a unit system it does not know.
double vibrationFrequencyUnit(const Units& units);

/// Hessian of `objective` at `x` by central differences of its gradient with
/// displacement `step`: column j = [g(x + step e_j) - g(x - step e_j)] / (2 step),
/// then symmetrised, (H + H^T) / 2. Costs 2 dimension() evaluations; the
/// objective is left at the last point evaluated.
Eigen::MatrixXd finiteDifferenceHessian(Objective& objective, const Eigen::VectorXd& x, double step);

/// A prefactor (1 / time), or why there is none.
struct Prefactor {
  double value = std::numeric_limits<double>::quiet_NaN();      ///< nu (1 / time); NaN when none
  double log_value = std::numeric_limits<double>::quiet_NaN();  ///< ln nu, computed first (no overflow)
  std::string reason;                                           ///< why there is none (empty when there is)
  bool valid() const { return reason.empty(); }
};

/// The Vineyard prefactor from the eigenvalues (any order) of the mass-weighted
/// Hessians at the minimum and at the saddle over the same coordinates
/// (energy / (mass length^2)):
///   ln nu = ln(frequency_unit / (2 pi)) + [sum_i ln lambda_i(min) - sum_{lambda > 0} ln lambda_i(saddle)]
///   / 2.
/// No value when the dimensions differ, when a minimum eigenvalue is not
/// positive, or when the saddle has not exactly one negative and no zero
/// eigenvalue (zero: |lambda| <= zero_tolerance * max |lambda| of that spectrum).
Prefactor vineyardFromEigenvalues(const Eigen::VectorXd& minimum, const Eigen::VectorXd& saddle,
                                  double frequency_unit, double zero_tolerance);

/// Eigenvalues of a mass-weighted Hessian, or why there are none.
struct HessianSpectrum {
  Eigen::VectorXd eigenvalues;  ///< ascending (energy / (mass length^2))
  long force_calls = 0;         ///< force calls spent
  std::string error;            ///< empty on success
};

/// The mass-weighted Hessian of the energy of `structure` over the coordinates
/// of the `active` atoms (sorted; empty = every atom), every other atom fixed
/// where it is, by central differences of the forces (step `step`), and its
/// eigenvalues. With `remove_translations` (every atom free in a periodic cell)
/// the three rigid translations, exact zero modes, are projected out of the
/// mass-weighted Hessian and their eigenvalues dropped (3 d - 3 remain).
/// Masses are structure.masses[type] (mass units); a missing or non-positive
/// mass is an error.
HessianSpectrum massWeightedSpectrum(const Potential& potential, const Structure& structure,
                                     AtomSubset active, bool remove_translations, double step);

/// Both Vineyard prefactors of a transition a -> saddle -> b.
struct VineyardPrefactors {
  Prefactor forward;     ///< a -> b: minimum a over the saddle
  Prefactor reverse;     ///< b -> a: minimum b over the saddle
  long force_calls = 0;  ///< force calls of the three Hessians
};

/// The Vineyard prefactors of the transition from `a` over `saddle` to `b`
/// (positions 3 x N; `a` supplies cell, types and masses) from the Hessians of
/// the `active` atoms (sorted; empty = every atom) in the three configurations.
/// Translations are removed when every atom is active in a cell periodic in
/// all three directions. Thread-safe for distinct calls.
VineyardPrefactors vineyardPrefactors(const Potential& potential, const Structure& a, const Positions& saddle,
                                      const Positions& b, AtomSubset active, const VineyardOptions& options);

}  // namespace glassland
