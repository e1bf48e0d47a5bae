#pragma once
/// \file
/// Shared pieces of the minimisers (not installed).

#include <Eigen/Core>
#include <cmath>
#include <string>

#include "glassland/optimize/minimize.hpp"

namespace glassland::detail {

/// Where a minimiser starts: a point already evaluated, and the counters so far
/// (L-BFGS hands its state to FIRE when it falls back).
struct StartState {
  double value = 0.0;
  long iterations = 0;
  long force_calls = 0;
};

/// True when the value and every gradient component are finite.
inline bool allFinite(double value, const Eigen::VectorXd& g) {
  return std::isfinite(value) && g.allFinite();
}

/// Fills a result for the point (value, g); `detail` is appended to the reason text.
MinimizeResult makeResult(double value, Eigen::VectorXd& g, long iterations, long force_calls,
                          double fmax_tol, StopReason reason, const std::string& detail = {});

/// FIRE from an evaluated point; x and g are updated in place.
MinimizeResult fireFrom(Objective& objective, Eigen::VectorXd& x, Eigen::VectorXd& g, const StartState& start,
                        const MinimizeOptions& options, const ProgressCallback& progress);

/// L-BFGS from an evaluated point; x and g are updated in place.
MinimizeResult lbfgsFrom(Objective& objective, Eigen::VectorXd& x, Eigen::VectorXd& g,
                         const StartState& start, const MinimizeOptions& options,
                         const ProgressCallback& progress);

}  // namespace glassland::detail
