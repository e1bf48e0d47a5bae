#include "glassland/kmc/arrhenius.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace glassland::kmc {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool usable(double value) { return std::isfinite(value) && value > 0.0; }

std::string shortNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}
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
  // The points scatter more than their errors allow: widen the errors by the
  // Birge ratio sqrt(chi2/dof) instead of quoting errors the data contradict.
  if (fit.chi2_per_dof > 1.0) {
    fit.error_scale = std::sqrt(fit.chi2_per_dof);
    fit.energy_err *= fit.error_scale;
    fit.prefactor_err *= fit.error_scale;
  }
  fit.points = static_cast<int>(n);
  fit.valid = true;
  return fit;
}

ArrheniusSplit fitArrheniusSplit(const std::vector<double>& temperatures, const std::vector<double>& D,
                                 const std::vector<double>& D_err, const std::vector<double>& D_rw,
                                 const std::vector<double>& D_rw_err, const std::vector<double>& f,
                                 const std::vector<double>& f_err, double boltzmann,
                                 const std::vector<std::string>& not_diffusive) {
  ArrheniusSplit split;
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < temperatures.size(); ++i) {
    std::string reason;
    if (i < not_diffusive.size() && !not_diffusive[i].empty()) {
      reason = "not diffusive: " + not_diffusive[i];
    } else if (!(i < D.size() && D[i] > 0.0 && i < f.size() && f[i] >= kNoNetMotion)) {
      reason = "f < 1e-10: no net motion to rounding (every trajectory returned to its start)";
    }
    if (reason.empty()) {
      kept.push_back(i);
    } else {
      split.excluded_temperatures.push_back(temperatures[i]);
      split.excluded_reasons.push_back(reason);
    }
  }
  auto pick = [&](const std::vector<double>& v) {
    std::vector<double> out;
    for (std::size_t i : kept) out.push_back(i < v.size() ? v[i] : kNaN);
    return out;
  };
  const std::vector<double> T = pick(temperatures), d = pick(D), de = pick(D_err);
  split.fitted_temperatures = T;
  // Common weights 1 / sigma^2(ln D): the least-squares slope is a fixed linear
  // map of the data, so slope(ln D) = slope(ln D_rw) + slope(ln f) exactly when
  // ln D = ln D_rw + ln f pointwise (f is defined as D / D_rw).
  std::vector<double> weights(T.size(), 1.0);
  bool complete = true;
  for (std::size_t i = 0; i < T.size(); ++i) {
    const double rel = d[i] > 0.0 ? de[i] / d[i] : kNaN;
    if (std::isfinite(rel) && rel > 0.0)
      weights[i] = 1.0 / (rel * rel);
    else
      complete = false;
  }
  if (!complete) weights.assign(T.size(), 1.0);
  if (kept.size() < 2) {
    // Said plainly, never a number that is not one (issue 11).
    std::string list;
    for (std::size_t i : kept) list += (list.empty() ? "" : ", ") + shortNumber(temperatures[i]);
    split.not_measured = "only " + std::to_string(kept.size()) + " of " +
                         std::to_string(temperatures.size()) + " temperatures diffusive" +
                         (list.empty() ? "" : " (T = " + list + ")") +
                         "; an Arrhenius fit needs 2 (see diffusive_reason per temperature)";
    for (ArrheniusFit* fit : {&split.D, &split.D_rw, &split.f}) {
      fit->energy = fit->energy_err = fit->prefactor = fit->prefactor_err = fit->chi2_per_dof = kNaN;
    }
    return split;
  }
  split.D = fitArrhenius(T, d, de, weights, boltzmann);
  split.D_rw = fitArrhenius(T, pick(D_rw), pick(D_rw_err), weights, boltzmann);
  split.f = fitArrhenius(T, pick(f), pick(f_err), weights, boltzmann);
  return split;
}

}  // namespace glassland::kmc
