// Refinement of a converged saddle: second curvature, push over, relax both
// sides, and whether each side is the start minimum.
#include "glassland/saddle/saddle_search.hpp"

#include <cmath>
#include <limits>

#include "search_steps.hpp"

namespace glassland {

using saddle_steps::Counted;

Refinement refineSaddle(Objective& objective, const SaddleRun& run, const Eigen::VectorXd& x_min,
                        double value_min, const RefineOptions& options, const Projector& projector) {
  Counted f(objective);
  Refinement r;
  // Second-lowest curvature: Lanczos in the space orthogonal to the unstable
  // mode (deflation). A generic start vector (not the gradient, which is ~0).
  const Eigen::Index n = run.x.size();
  const Projector deflated = projector.with(run.mode.vector);
  if (n - deflated.rank() > 0) {
    Eigen::VectorXd guess(n);
    for (Eigen::Index i = 0; i < n; ++i) guess(i) = std::sin(1.0 + 2.3 * static_cast<double>(i));
    const MinMode second = LanczosMinMode(options.lanczos).find(f, run.x, run.gradient, guess, deflated);
    r.second_eigenvalue = second.eigenvalue;
    if (second.eigenvalue < options.second_eigenvalue_floor) {
      r.outcome = SearchOutcome::HigherOrderSaddle;
      r.message = "second curvature " + std::to_string(second.eigenvalue) + " is negative";
      r.force_calls = f.calls;
      return r;
    }
  } else {
    r.second_eigenvalue = std::numeric_limits<double>::infinity();
  }
  auto relaxSide = [&](double sign, Eigen::VectorXd& x_out, double& value) {
    x_out = run.x + sign * options.push_over * run.mode.vector;
    const MinimizeResult m = minimize(f, x_out, options.relax);
    value = m.value;
    return m.converged;
  };
  const bool ok_plus = relaxSide(+1.0, r.x_plus, r.value_plus);
  const bool ok_minus = relaxSide(-1.0, r.x_minus, r.value_minus);
  r.force_calls = f.calls;
  if (!ok_plus || !ok_minus) {
    r.outcome = SearchOutcome::RelaxationFailed;
    r.message = "relaxation from the saddle did not converge";
    return r;
  }
  auto isStart = [&](const Eigen::VectorXd& x, double value) {
    return std::abs(value - value_min) <= options.same_energy &&
           maxPointDistance(x, x_min, options.point_dimension) <= options.same_distance;
  };
  r.plus_is_start = isStart(r.x_plus, r.value_plus);
  r.minus_is_start = isStart(r.x_minus, r.value_minus);
  if (r.plus_is_start && r.minus_is_start) {
    r.outcome = SearchOutcome::ReturnedToStart;
    r.message = "both sides relax to the start minimum";
  } else if (!r.plus_is_start && !r.minus_is_start) {
    r.outcome = SearchOutcome::NotConnected;
    r.message = "neither side relaxes to the start minimum";
  } else {
    r.outcome = SearchOutcome::Converged;
    r.message = "connected to the start";
  }
  return r;
}

}  // namespace glassland
