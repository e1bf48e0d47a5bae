#include "glassland/kmc/arrhenius.hpp"

#include <cmath>
#include <limits>

namespace glassland::kmc {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool usable(double value) { return std::isfinite(value) && value > 0.0; }
}  // namespace

ArrheniusFit fitArrhenius(const std::vector<double>& temperatures, const std::vector<double>& values,
                          const std::vector<double>& errors, const std::vector<double>& weights,
                          double boltzmann) {
  ArrheniusFit fit;
  std::vector<double> x, y, sigma, w;
  bool weighted = false;
  for (std::size_t i = 0; i < weights.size(); ++i) weighted = weighted || weights[i] > 0.0;
  for (std::size_t i = 0; i < temperatures.size() && i < values.size(); ++i) {
    if (!usable(values[i]) || !(temperatures[i] > 0.0)) continue;
    if (weighted && !(i < weights.size() && weights[i] > 0.0)) continue;  // left out
    x.push_back(1.0 / temperatures[i]);
    y.push_back(std::log(values[i]));
    const double err = i < errors.size() ? errors[i] : kNaN;
    sigma.push_back(std::isfinite(err) ? err / values[i] : kNaN);
    w.push_back(weighted ? (i < weights.size() ? weights[i] : 0.0) : 1.0);
  }
  const std::size_t n = x.size();
  if (n < 2) {
    fit.energy = fit.energy_err = fit.prefactor = fit.prefactor_err = fit.chi2_per_dof = kNaN;
    return fit;
  }
  // Weighted least squares y = a + b x; a and b are linear in y:
  // b = sum_i c_i y_i, a = sum_i d_i y_i, so with independent points
  // var(b) = sum c_i^2 sigma_i^2 whatever the weights were.
  double S = 0, Sx = 0, Sxx = 0, Sy = 0, Sxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    S += w[i];
    Sx += w[i] * x[i];
    Sxx += w[i] * x[i] * x[i];
    Sy += w[i] * y[i];
    Sxy += w[i] * x[i] * y[i];
  }
  const double delta = S * Sxx - Sx * Sx;
  if (!(delta > 0.0)) {
    fit.energy = fit.energy_err = fit.prefactor = fit.prefactor_err = fit.chi2_per_dof = kNaN;
    return fit;
  }
  const double b = (S * Sxy - Sx * Sy) / delta;
  const double a = (Sxx * Sy - Sx * Sxy) / delta;
  double var_b = 0, var_a = 0, chi2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double c = w[i] * (S * x[i] - Sx) / delta;
    const double d = w[i] * (Sxx - Sx * x[i]) / delta;
    var_b += c * c * sigma[i] * sigma[i];
    var_a += d * d * sigma[i] * sigma[i];
    const double r = (y[i] - a - b * x[i]) / sigma[i];
    chi2 += r * r;
  }
  fit.energy = -boltzmann * b;
  fit.energy_err = boltzmann * std::sqrt(var_b);
  fit.prefactor = std::exp(a);
  fit.prefactor_err = fit.prefactor * std::sqrt(var_a);
  fit.chi2_per_dof = n > 2 ? chi2 / static_cast<double>(n - 2) : kNaN;
  fit.valid = true;
  return fit;
}

ArrheniusSplit fitArrheniusSplit(const std::vector<double>& temperatures, const std::vector<double>& D,
                                 const std::vector<double>& D_err, const std::vector<double>& D_rw,
                                 const std::vector<double>& D_rw_err, const std::vector<double>& f,
                                 const std::vector<double>& f_err, double boltzmann) {
  // Common weights 1 / sigma^2(ln D): the least-squares slope is a fixed linear
  // map of the data, so slope(ln D) = slope(ln D_rw) + slope(ln f) exactly when
  // ln D = ln D_rw + ln f pointwise (f is defined as D / D_rw).
  std::vector<double> weights(temperatures.size(), 0.0);
  bool complete = true;
  for (std::size_t i = 0; i < temperatures.size(); ++i) {
    const double rel = (i < D_err.size() && i < D.size() && D[i] > 0.0) ? D_err[i] / D[i] : kNaN;
    if (std::isfinite(rel) && rel > 0.0) weights[i] = 1.0 / (rel * rel);
    else complete = false;
  }
  if (!complete) weights.assign(temperatures.size(), 1.0);
  ArrheniusSplit split;
  for (std::size_t i = 0; i < temperatures.size(); ++i) {
    const bool moved = i < D.size() && D[i] > 0.0 && i < f.size() && f[i] >= kNoNetMotion;
    if (moved) continue;
    weights[i] = 0.0;
    split.excluded_temperatures.push_back(temperatures[i]);
  }
  split.D = fitArrhenius(temperatures, D, D_err, weights, boltzmann);
  split.D_rw = fitArrhenius(temperatures, D_rw, D_rw_err, weights, boltzmann);
  split.f = fitArrhenius(temperatures, f, f_err, weights, boltzmann);
  return split;
}

}  // namespace glassland::kmc
