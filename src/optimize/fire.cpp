// FIRE, the Fast Inertial Relaxation Engine: Bitzek, Koskinen, Gähler, Moseler,
// Gumbsch, PRL 97, 170201 (2006), with the FIRE 2.0 refinements of Guénolé,
// Nöhring, Vaid, Houllé, Xie, Prakash, Bitzek, Comput. Mater. Sci. 175, 109584
// (2020), Algorithm 2: semi-implicit Euler integration, mixing inside the
// integrator, a half step back on P <= 0, and no dt shrink during the first
// N_delay steps. Masses are 1 (an Objective has none).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "minimize_internal.hpp"

namespace glassland::detail {

namespace {
// Non-finite trial points tolerated in one run. Each retry shrinks dt and
// restarts from rest, so many of them mean the objective is broken near x,
// not that a step was too long.
constexpr int kMaxNonFinite = 100;
}  // namespace

MinimizeResult fireFrom(Objective& objective, Eigen::VectorXd& x, Eigen::VectorXd& g, const StartState& start,
                        const MinimizeOptions& options, const ProgressCallback& progress) {
  const FireOptions& p = options.fire;
  const Eigen::Index n = x.size();
  // All O(N) buffers are allocated once, here; the loop only swaps them.
  Eigen::VectorXd v = Eigen::VectorXd::Zero(n);
  Eigen::VectorXd step(n), x_trial(n), g_trial(n);

  double value = start.value;
  long iterations = start.iterations;
  long calls = start.force_calls;
  double dt = p.dt;
  double alpha = p.alpha_start;
  int n_positive = 0;    // N_P>0: consecutive steps with P > 0
  int n_negative = 0;    // N_P<0: consecutive steps with P <= 0
  int n_nonfinite = 0;   // non-finite trial points in this run
  long local_steps = 0;  // steps of this FIRE run (for the initial delay)

  auto done = [&](StopReason reason, const std::string& detail = {}) {
    return makeResult(value, g, iterations, calls, options.fmax, reason, detail);
  };

  while (true) {
    if (iterations >= options.max_iterations) return done(StopReason::MaxIterations);

    // P = F . v with F = -g (Algorithm 2, line 3).
    const double power = -g.dot(v);
    step.setZero();
    if (power > 0.0) {
      ++n_positive;
      n_negative = 0;
      if (n_positive > p.n_delay) {
        dt = std::min(dt * p.f_inc, p.dt_max);
        alpha *= p.f_alpha;
      }
    } else {
      n_positive = 0;
      ++n_negative;
      if (n_negative > p.max_uphill) {
        return done(StopReason::Stalled, fmt::format("{} consecutive steps with P <= 0", n_negative));
      }
      if (!(p.initial_delay && local_steps < p.n_delay)) {
        if (dt * p.f_dec >= p.dt_min) dt *= p.f_dec;
        alpha = p.alpha_start;
      }
      // FIRE 2.0 correction: the last step overshot the minimum along v, so
      // go back half a step before stopping (x <- x - dt v / 2, v <- 0).
      step.noalias() = -0.5 * dt * v;
      v.setZero();
    }

    // Semi-implicit Euler: v <- v + dt F, then the FIRE mixing
    // v <- (1 - alpha) v + alpha |v| F / |F|, then x <- x + dt v.
    v.noalias() -= dt * g;
    const double gnorm = g.norm();
    if (gnorm > 0.0) {
      const double vnorm = v.norm();
      v *= (1.0 - alpha);
      v.noalias() -= (alpha * vnorm / gnorm) * g;
    }
    // Per-coordinate step cap (LAMMPS dmax): scale v so that no coordinate
    // moves more than max_step, which also keeps the velocity consistent with
    // the displacement actually taken.
    const double vmax = v.lpNorm<Eigen::Infinity>();
    if (dt * vmax > options.max_step) v *= options.max_step / (dt * vmax);
    step.noalias() += dt * v;
    x_trial.noalias() = x + step;

    const double trial_value = objective.evaluate(x_trial, g_trial);
    ++calls;
    ++iterations;
    ++local_steps;
    if (!allFinite(trial_value, g_trial)) {
      // Treat like an overshoot: stay at the last finite point, stop, and
      // retry with a smaller step.
      if (++n_nonfinite > kMaxNonFinite) {
        return done(StopReason::NonFinite,
                    fmt::format("{} trial points were not finite; x is the last finite point", n_nonfinite));
      }
      v.setZero();
      dt *= p.f_dec;
      alpha = p.alpha_start;
      n_positive = 0;
      continue;
    }
    std::swap(x, x_trial);
    std::swap(g, g_trial);
    value = trial_value;

    const double fmax = maxAbsComponent(g);
    if (progress && !progress(MinimizeProgress{iterations, calls, value, fmax})) {
      return done(StopReason::Interrupted);
    }
    if (fmax < options.fmax) return done(StopReason::Converged);
  }
}

}  // namespace glassland::detail
