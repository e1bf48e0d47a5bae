#include "glassland/optimize/minimize.hpp"

#include <fmt/format.h>

#include "glassland/core/error.hpp"
#include "minimize_internal.hpp"

namespace glassland {

std::string_view methodName(MinimizeMethod method) {
  switch (method) {
    case MinimizeMethod::Fire:
      return "fire";
    case MinimizeMethod::Lbfgs:
      return "lbfgs";
  }
  return "unknown";
}

std::string_view stopReasonName(StopReason reason) {
  switch (reason) {
    case StopReason::Converged:
      return "converged";
    case StopReason::SinglePoint:
      return "single_point";
    case StopReason::MaxIterations:
      return "max_iterations";
    case StopReason::LineSearchFailed:
      return "line_search_failed";
    case StopReason::NonFinite:
      return "non_finite";
    case StopReason::Stalled:
      return "stalled";
    case StopReason::Interrupted:
      return "interrupted";
  }
  return "unknown";
}

std::string_view stopReasonText(StopReason reason) {
  switch (reason) {
    case StopReason::Converged:
      return "converged: largest gradient component below fmax";
    case StopReason::SinglePoint:
      return "single-point evaluation (max_iterations = 0)";
    case StopReason::MaxIterations:
      return "not converged: max_iterations reached";
    case StopReason::LineSearchFailed:
      return "not converged: line search failed along steepest descent";
    case StopReason::NonFinite:
      return "not converged: the objective is not finite (NaN or inf)";
    case StopReason::Stalled:
      return "not converged: FIRE made too many consecutive uphill steps";
    case StopReason::Interrupted:
      return "not converged: stopped by the progress callback";
  }
  return "unknown stop reason";
}

double maxAbsComponent(const Eigen::VectorXd& g) { return g.size() == 0 ? 0.0 : g.lpNorm<Eigen::Infinity>(); }

MinimizeOptions MinimizeOptions::fromYaml(OptionsReader& section) {
  return fromYaml(section, MinimizeOptions{});
}

MinimizeOptions MinimizeOptions::fromYaml(OptionsReader& section, const MinimizeOptions& defaults) {
  MinimizeOptions o = defaults;
  std::string method(methodName(o.method));
  section.get("method", method)
      .get("fmax", o.fmax)
      .get("max_iterations", o.max_iterations)
      .get("max_step", o.max_step);
  if (method == "fire") {
    o.method = MinimizeMethod::Fire;
  } else if (method == "lbfgs") {
    o.method = MinimizeMethod::Lbfgs;
  } else {
    section.failAt("method", "unknown method '" + method + "' (valid: fire, lbfgs)");
  }
  if (!(o.fmax > 0.0)) section.failAt("fmax", "must be a positive force (energy/length)");
  if (o.max_iterations < 0) section.failAt("max_iterations", "must be >= 0 (0 = single-point evaluation)");
  if (!(o.max_step > 0.0)) section.failAt("max_step", "must be a positive length");

  OptionsReader fire = section.section("fire");
  FireOptions& f = o.fire;
  fire.get("dt", f.dt).get("dt_max", f.dt_max).get("dt_min", f.dt_min).get("n_delay", f.n_delay);
  fire.get("f_inc", f.f_inc)
      .get("f_dec", f.f_dec)
      .get("alpha_start", f.alpha_start)
      .get("f_alpha", f.f_alpha);
  fire.get("max_uphill", f.max_uphill).get("initial_delay", f.initial_delay);
  if (!(f.dt > 0.0)) fire.failAt("dt", "must be positive");
  if (!(f.dt_max >= f.dt)) fire.failAt("dt_max", "must be >= dt");
  if (!(f.dt_min > 0.0 && f.dt_min <= f.dt)) fire.failAt("dt_min", "must be positive and <= dt");
  if (f.n_delay < 0) fire.failAt("n_delay", "must be >= 0");
  if (!(f.f_inc >= 1.0)) fire.failAt("f_inc", "must be >= 1");
  if (!(f.f_dec > 0.0 && f.f_dec < 1.0)) fire.failAt("f_dec", "must lie in (0, 1)");
  if (!(f.alpha_start >= 0.0 && f.alpha_start < 1.0)) fire.failAt("alpha_start", "must lie in [0, 1)");
  if (!(f.f_alpha > 0.0 && f.f_alpha <= 1.0)) fire.failAt("f_alpha", "must lie in (0, 1]");
  if (f.max_uphill < 1) fire.failAt("max_uphill", "must be >= 1");
  fire.finish();

  OptionsReader lbfgs = section.section("lbfgs");
  LbfgsOptions& l = o.lbfgs;
  lbfgs.get("memory", l.memory)
      .get("max_line_search", l.max_line_search)
      .get("fire_fallback", l.fire_fallback);
  if (l.memory < 1) lbfgs.failAt("memory", "must be >= 1");
  // The history is allocated up front, 2 x memory x 3N numbers.
  if (l.memory > 1000) lbfgs.failAt("memory", "must be at most 1000");
  if (l.max_line_search < 1) lbfgs.failAt("max_line_search", "must be >= 1");
  lbfgs.finish();

  section.finish();
  return o;
}

namespace detail {

MinimizeResult makeResult(double value, Eigen::VectorXd& g, long iterations, long force_calls,
                          double fmax_tol, StopReason reason, const std::string& detail) {
  MinimizeResult r;
  r.value = value;
  r.fmax = maxAbsComponent(g);
  r.iterations = iterations;
  r.force_calls = force_calls;
  r.converged = r.fmax < fmax_tol && std::isfinite(value) && g.allFinite();
  r.reason = reason;
  r.message = std::string(stopReasonText(reason));
  if (!detail.empty()) r.message += " (" + detail + ")";
  r.gradient.swap(g);
  return r;
}

}  // namespace detail

namespace {

enum class Which { Options, Fire, Lbfgs };

/// Common start of every minimiser: evaluate x once, then single-point,
/// already-converged and non-finite starts end here.
MinimizeResult run(Objective& objective, Eigen::VectorXd& x, const MinimizeOptions& options,
                   const ProgressCallback& progress, Which which) {
  if (x.size() != objective.dimension()) {
    throw Error(fmt::format("minimize: start point has {} coordinates, the objective {}", x.size(),
                            objective.dimension()));
  }
  Eigen::VectorXd g(x.size());
  const double value = objective.evaluate(x, g);
  if (!detail::allFinite(value, g)) {
    return detail::makeResult(value, g, 0, 1, options.fmax, StopReason::NonFinite, "at the start point");
  }
  if (options.max_iterations == 0) {
    return detail::makeResult(value, g, 0, 1, options.fmax, StopReason::SinglePoint);
  }
  if (maxAbsComponent(g) < options.fmax) {
    return detail::makeResult(value, g, 0, 1, options.fmax, StopReason::Converged);
  }
  const detail::StartState start{value, 0, 1};
  const bool fire =
      which == Which::Fire || (which == Which::Options && options.method == MinimizeMethod::Fire);
  return fire ? detail::fireFrom(objective, x, g, start, options, progress)
              : detail::lbfgsFrom(objective, x, g, start, options, progress);
}

}  // namespace

MinimizeResult minimize(Objective& objective, Eigen::VectorXd& x, const MinimizeOptions& options,
                        const ProgressCallback& progress) {
  return run(objective, x, options, progress, Which::Options);
}

MinimizeResult minimizeFire(Objective& objective, Eigen::VectorXd& x, const MinimizeOptions& options,
                            const ProgressCallback& progress) {
  return run(objective, x, options, progress, Which::Fire);
}

MinimizeResult minimizeLbfgs(Objective& objective, Eigen::VectorXd& x, const MinimizeOptions& options,
                             const ProgressCallback& progress) {
  return run(objective, x, options, progress, Which::Lbfgs);
}

}  // namespace glassland
