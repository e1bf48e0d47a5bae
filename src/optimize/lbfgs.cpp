// Limited-memory BFGS: Nocedal & Wright, Numerical Optimization (2nd ed.),
// Algorithm 7.4 (two-loop recursion) and 7.5, with the initial inverse Hessian
// gamma_k I, gamma_k = s^T y / y^T y (their eq. 7.20).
//
// Line search: backtracking from the unit step. A step is accepted on the
// Armijo condition phi(a) <= phi(0) + c1 a phi'(0), or, because near a tight
// force criterion (1e-8) the energy decrease of a step (~ |g|^2 / k) is far
// below the rounding error of a total energy summed over many pairs, on the
// approximate Wolfe condition of Hager & Zhang, SIAM J. Optim. 16, 170 (2005),
// eq. (23): phi'(a) <= (2 delta - 1) phi'(0) together with
// phi(a) <= phi(0) + eps |phi(0)|. That test relies on gradients, which stay
// accurate to the last digits when energy differences do not.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "minimize_internal.hpp"

namespace glassland::detail {

namespace {
constexpr double kArmijoC1 = 1.0e-4;      // N&W's c1
constexpr double kHagerZhangDelta = 0.1;  // Hager & Zhang's delta (their default)
// Hager & Zhang's epsilon (relative energy slack): 1e-6 in CG_DESCENT; we use
// a far smaller one, still ~1e5 times the rounding error of a sum of 1e4..1e6
// pair energies, so that only steps the gradient vouches for are let through.
constexpr double kEnergySlack = 1.0e-11;
// Non-finite trial points tolerated in one run: each is answered by a shorter
// step, so many of them mean the objective is broken near x, not that a step
// was too long.
constexpr int kMaxNonFinite = 100;

/// The curvature pairs (s, y) of the last `m` steps as ring buffers of
/// columns, every O(N) buffer allocated once.
class History {
 public:
  History(Eigen::Index n, int m) : S_(n, m), Y_(n, m), rho_(m), alpha_(m), m_(m) {}

  void clear() { stored_ = 0; }
  bool empty() const { return stored_ == 0; }

  /// d = -H g by the two-loop recursion (N&W Alg. 7.4), H0 = gamma I with
  /// gamma = s.y / y.y of the newest pair.
  void direction(const Eigen::VectorXd& g, Eigen::VectorXd& d) {
    d = g;
    for (int k = 0; k < stored_; ++k) {
      const int c = (next_ - 1 - k + m_) % m_;  // newest first
      alpha_[c] = rho_[c] * S_.col(c).dot(d);
      d.noalias() -= alpha_[c] * Y_.col(c);
    }
    if (stored_ > 0) {
      const int newest = (next_ - 1 + m_) % m_;
      d *= 1.0 / (rho_[newest] * Y_.col(newest).squaredNorm());  // gamma = s.y / y.y
    }
    for (int k = stored_ - 1; k >= 0; --k) {
      const int c = (next_ - 1 - k + m_) % m_;  // oldest first
      const double b = rho_[c] * Y_.col(c).dot(d);
      d.noalias() += (alpha_[c] - b) * S_.col(c);
    }
    d = -d;
  }

  /// Stores the pair s = step d, y = g_new - g unless s.y > 0 fails clearly,
  /// which keeps H positive definite (N&W section 7.2).
  void add(double step, const Eigen::VectorXd& d, const Eigen::VectorXd& g_new, const Eigen::VectorXd& g) {
    S_.col(next_).noalias() = step * d;
    Y_.col(next_).noalias() = g_new - g;
    const double sy = S_.col(next_).dot(Y_.col(next_));
    if (sy > 1.0e-12 * S_.col(next_).norm() * Y_.col(next_).norm() && sy > 0.0) {
      rho_[next_] = 1.0 / sy;
      next_ = (next_ + 1) % m_;
      stored_ = std::min(stored_ + 1, m_);
    }
  }

 private:
  Eigen::MatrixXd S_, Y_;
  std::vector<double> rho_, alpha_;
  int m_;
  int stored_ = 0;  // pairs in the history
  int next_ = 0;    // column the next pair goes to
};

enum class LineSearch { Accepted, Failed, NonFinite };

/// Backtracking from the unit step along d (slope = g.d < 0) until the Armijo
/// or the approximate Wolfe condition holds (see the top of the file). On
/// success x_trial, g_trial, trial_value and step hold the accepted point.
LineSearch lineSearch(Objective& objective, const Eigen::VectorXd& x, const Eigen::VectorXd& d, double value,
                      double slope, const MinimizeOptions& options, Eigen::VectorXd& x_trial,
                      Eigen::VectorXd& g_trial, double& trial_value, double& step, long& calls,
                      int& nonfinite) {
  step = 1.0;
  // A step below this no longer moves x (relative rounding of the coordinates).
  const double smallest_move =
      4.0 * std::numeric_limits<double>::epsilon() * (1.0 + x.lpNorm<Eigen::Infinity>());
  const double dmax_step = d.lpNorm<Eigen::Infinity>();
  for (int k = 0; k < options.lbfgs.max_line_search && step * dmax_step > smallest_move; ++k) {
    x_trial.noalias() = x + step * d;
    trial_value = objective.evaluate(x_trial, g_trial);
    ++calls;
    if (!allFinite(trial_value, g_trial)) {
      if (++nonfinite > kMaxNonFinite) return LineSearch::NonFinite;
      step *= 0.25;
      continue;
    }
    const double trial_slope = g_trial.dot(d);
    const bool armijo = trial_value <= value + kArmijoC1 * step * slope;
    const bool approximate_wolfe = trial_value <= value + kEnergySlack * std::abs(value) &&
                                   trial_slope <= (2.0 * kHagerZhangDelta - 1.0) * slope;
    if (armijo || approximate_wolfe) return LineSearch::Accepted;
    // Next trial: the minimiser of the secant model of phi' when the slope
    // has turned (it uses gradients only), else of the quadratic through
    // phi(0), phi'(0), phi(step); kept within [0.1, 0.5] of the current step.
    double next_step = 0.5 * step;
    if (trial_slope > slope) {
      next_step = step * slope / (slope - trial_slope);
    } else {
      const double curvature = 2.0 * (trial_value - value - slope * step);
      if (curvature > 0.0) next_step = -slope * step * step / curvature;
    }
    step = std::clamp(next_step, 0.1 * step, 0.5 * step);
  }
  return LineSearch::Failed;
}

}  // namespace

MinimizeResult lbfgsFrom(Objective& objective, Eigen::VectorXd& x, Eigen::VectorXd& g,
                         const StartState& start, const MinimizeOptions& options,
                         const ProgressCallback& progress) {
  const Eigen::Index n = x.size();
  History history(n, options.lbfgs.memory);
  Eigen::VectorXd d(n), x_trial(n), g_trial(n);

  double value = start.value;
  long iterations = start.iterations;
  long calls = start.force_calls;
  int nonfinite = 0;

  auto done = [&](StopReason reason, const std::string& detail = {}) {
    return makeResult(value, g, iterations, calls, options.fmax, reason, detail);
  };

  while (true) {
    if (iterations >= options.max_iterations) return done(StopReason::MaxIterations);

    history.direction(g, d);
    double slope = g.dot(d);  // phi'(0)
    if (!(slope < 0.0)) {
      // Not a descent direction (rounding, or a history spoilt by a force
      // discontinuity): forget the history and use steepest descent.
      history.clear();
      d = -g;
      slope = -g.squaredNorm();
    }
    const double dmax = d.lpNorm<Eigen::Infinity>();
    if (dmax > options.max_step) {
      d *= options.max_step / dmax;
      slope *= options.max_step / dmax;
    }

    double step = 1.0, trial_value = 0.0;
    const LineSearch search = lineSearch(objective, x, d, value, slope, options, x_trial, g_trial,
                                         trial_value, step, calls, nonfinite);
    if (search == LineSearch::NonFinite) {
      return done(StopReason::NonFinite,
                  fmt::format("{} trial points were not finite; x is the last finite point", nonfinite));
    }
    if (search == LineSearch::Failed) {
      if (!history.empty()) {
        // Retry along steepest descent before giving up.
        history.clear();
        continue;
      }
      const std::string detail =
          fmt::format("at iteration {}, largest gradient component {:.3e}", iterations, maxAbsComponent(g));
      if (!options.lbfgs.fire_fallback) return done(StopReason::LineSearchFailed, detail);
      // FIRE needs no line search, so it walks through force discontinuities
      // (such as pairs crossing an unsmoothed cutoff) that defeat one.
      MinimizeResult r = fireFrom(objective, x, g, StartState{value, iterations, calls}, options, progress);
      r.message += " [L-BFGS line search failed " + detail + "; continued with FIRE]";
      return r;
    }

    history.add(step, d, g_trial, g);
    std::swap(x, x_trial);
    std::swap(g, g_trial);
    value = trial_value;
    ++iterations;

    const double fmax = maxAbsComponent(g);
    if (progress && !progress(MinimizeProgress{iterations, calls, value, fmax})) {
      return done(StopReason::Interrupted);
    }
    if (fmax < options.fmax) return done(StopReason::Converged);
  }
}

}  // namespace glassland::detail
