#pragma once
/// \file
/// Arrhenius fits ln x = ln x0 - E / (k_B T) by weighted least squares, and the
/// split ln D = ln D_rw + ln f fitted with common weights so that
/// E_D = E_rw + E_f holds exactly (docs/science.md §1). Every fit reports
/// chi2/dof against the points' errors; when it exceeds 1 the scatter is larger
/// than the errors say and the energy and prefactor errors are multiplied by
/// sqrt(chi2/dof) (issue 11, part 6; the Birge ratio, Birge 1932).

#include <string>
#include <vector>

namespace glassland::kmc {

/// x(T) = prefactor * exp(-energy / (k_B T)).
struct ArrheniusFit {
  double energy = 0.0;         ///< activation energy E = -k_B d ln x / d(1/T) (energy units)
  double energy_err = 0.0;     ///< its standard error
  double prefactor = 0.0;      ///< x0 (units of x)
  double prefactor_err = 0.0;  ///< x0 * sigma(ln x0)
  double chi2_per_dof = 0.0;   ///< sum ((ln x - fit) / sigma(ln x))^2 / (n - 2) (NaN for n = 2)
  double error_scale = 1.0;    ///< sqrt(chi2_per_dof) when above 1, else 1; already applied to the errors
  int points = 0;              ///< points fitted
  bool valid = false;          ///< false with < 2 usable points
};

/// Fits ln values against 1/T with weights `weights` (one per point, >= 0; all
/// zero or empty = equal weights); `errors` are the standard errors of the
/// values, propagated through the (fixed-weight, linear) estimator as
/// sigma^2(slope) = sum_T c_T^2 sigma^2(ln x_T), points independent. Points with
/// non-positive or non-finite values are skipped. Both errors are multiplied by
/// error_scale = max(1, sqrt(chi2_per_dof)).
ArrheniusFit fitArrhenius(const std::vector<double>& temperatures, const std::vector<double>& values,
                          const std::vector<double>& errors, const std::vector<double>& weights,
                          double boltzmann);

/// The three fits of one species.
struct ArrheniusSplit {
  ArrheniusFit D, D_rw, f;
  std::vector<double> fitted_temperatures;
  /// Temperatures left out of all three fits, and why (one reason each): not
  /// diffusive, or f < kNoNetMotion.
  std::vector<double> excluded_temperatures;
  std::vector<std::string> excluded_reasons;
  /// Why the energies could not be measured (fewer than two temperatures left);
  /// empty when they were.
  std::string not_measured;
};

/// f = D / D_rw = MSD / (summed squared hops) below this means no net motion to
/// rounding: every trajectory came back to where it started (a closed set of
/// states within the run), D is a rounding residue (~1e-36 of D_rw seen on the
/// KA glass), and ln D would pin the fit. Physical f of glasses is > 1e-6.
inline constexpr double kNoNetMotion = 1e-10;

/// Fits ln D, ln D_rw and ln f with the same weights 1 / sigma^2(ln D) (equal
/// weights when any D error is zero or missing), so that, the fit being linear
/// in the data and ln D = ln D_rw + ln f, E_D = E_rw + E_f exactly. Temperatures
/// with a non-empty `not_diffusive[i]` (the reason the diffusive regime was not
/// shown there), with f < kNoNetMotion or D not positive are left out of all
/// three fits and listed in excluded_temperatures with their reason. With fewer
/// than two temperatures left nothing is fitted (energies NaN, not_measured says why).
ArrheniusSplit fitArrheniusSplit(const std::vector<double>& temperatures, const std::vector<double>& D,
                                 const std::vector<double>& D_err, const std::vector<double>& D_rw,
                                 const std::vector<double>& D_rw_err, const std::vector<double>& f,
                                 const std::vector<double>& f_err, double boltzmann,
                                 const std::vector<std::string>& not_diffusive = {});

}  // namespace glassland::kmc
