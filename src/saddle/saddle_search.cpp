#include "glassland/saddle/saddle_search.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>
#include <numbers>
#include <optional>
#include <string>

#include "glassland/core/error.hpp"
#include "search_steps.hpp"

namespace glassland {

std::string_view methodName(SaddleMethod method) {
  switch (method) {
    case SaddleMethod::Artn:
      return "artn";
    case SaddleMethod::Dimer:
      return "dimer";
  }
  return "unknown";
}

SaddleMethod parseMethod(std::string_view name) {
  if (name == "artn") return SaddleMethod::Artn;
  if (name == "dimer") return SaddleMethod::Dimer;
  throw InputError("unknown saddle method '" + std::string(name) + "' (valid: artn, dimer)");
}

ArtnOptions ArtnOptions::fromYaml(OptionsReader& section) {
  ArtnOptions o;
  section.get("basin_step", o.basin_step)
      .get("pushes_before_lanczos", o.pushes_before_lanczos)
      .get("basin_perp_steps", o.basin_perp_steps)
      .get("max_basin_steps", o.max_basin_steps)
      .get("eigenvalue_threshold", o.eigenvalue_threshold)
      .get("max_mode_step", o.max_mode_step)
      .get("max_perp_steps", o.max_perp_steps)
      .get("perp_fraction", o.perp_fraction)
      .get("min_curvature", o.min_curvature)
      .get("follow_displacement", o.follow_displacement)
      .get("max_lost_steps", o.max_lost_steps)
      .get("climb_mode", o.climb_mode)
      .get("soften_push", o.soften_push)
      .get("basin_max_rise", o.basin_max_rise)
      .get("basin_step_curvature", o.basin_step_curvature)
      .get("basin_step_max_scale", o.basin_step_max_scale)
      .get("basin_lanczos_iterations", o.basin_lanczos_iterations)
      .get("mode_interval", o.mode_interval);
  if (YAML::Node c = section.child("convergence")) {
    const std::string name = c.as<std::string>("");
    if (name == "lbfgs")
      o.convergence = ArtnConvergence::Lbfgs;
    else if (name == "perpendicular")
      o.convergence = ArtnConvergence::Perpendicular;
    else
      section.failAt("convergence", "expected lbfgs or perpendicular");
  }
  if (o.basin_lanczos_iterations < 0)
    section.failAt("basin_lanczos_iterations", "must be >= 0 (0: lanczos.max_iterations)");
  if (o.mode_interval < 1) section.failAt("mode_interval", "must be >= 1");
  if (!(o.basin_max_rise > 0)) section.failAt("basin_max_rise", "must be > 0");
  if (!(o.basin_step_curvature >= 0)) section.failAt("basin_step_curvature", "must be >= 0 (0: off)");
  if (!(o.basin_step_max_scale >= 1)) section.failAt("basin_step_max_scale", "must be >= 1");
  if (o.soften_push < 0) section.failAt("soften_push", "must be >= 0");
  if (!(o.basin_step > 0)) section.failAt("basin_step", "must be > 0");
  if (o.pushes_before_lanczos < 0) section.failAt("pushes_before_lanczos", "must be >= 0");
  if (o.basin_perp_steps < 0) section.failAt("basin_perp_steps", "must be >= 0");
  if (o.max_basin_steps < 1) section.failAt("max_basin_steps", "must be >= 1");
  if (!(o.eigenvalue_threshold < 0)) section.failAt("eigenvalue_threshold", "must be < 0");
  if (!(o.max_mode_step > 0)) section.failAt("max_mode_step", "must be > 0");
  if (o.max_perp_steps < 0) section.failAt("max_perp_steps", "must be >= 0");
  if (!(o.perp_fraction > 0)) section.failAt("perp_fraction", "must be > 0");
  if (!(o.min_curvature > 0)) section.failAt("min_curvature", "must be > 0");
  if (o.max_lost_steps < 0) section.failAt("max_lost_steps", "must be >= 0");
  section.finish();
  return o;
}

DimerOptions DimerOptions::fromYaml(OptionsReader& section) {
  DimerOptions o;
  section.get("max_step", o.max_step).get("memory", o.memory).get("reset_angle", o.reset_angle);
  if (!(o.max_step > 0)) section.failAt("max_step", "must be > 0");
  if (o.memory < 1) section.failAt("memory", "must be >= 1");
  if (!(o.reset_angle > 0)) section.failAt("reset_angle", "must be > 0 (degrees)");
  section.finish();
  return o;
}

PerpRelaxOptions PerpRelaxOptions::fromYaml(OptionsReader& section) {
  PerpRelaxOptions o;
  section.get("initial_step", o.initial_step).get("max_step", o.max_step).get("max_move", o.max_move);
  if (!(o.initial_step > 0)) section.failAt("initial_step", "must be > 0");
  if (!(o.max_step >= o.initial_step)) section.failAt("max_step", "must be >= initial_step");
  if (!(o.max_move > 0)) section.failAt("max_move", "must be > 0");
  section.finish();
  return o;
}

double maxPointDistance(const Eigen::VectorXd& a, const Eigen::VectorXd& b, int point_dimension) {
  const Eigen::Index p = point_dimension;
  double worst = 0.0;
  for (Eigen::Index i = 0; i + p <= a.size(); i += p)
    worst = std::max(worst, (a.segment(i, p) - b.segment(i, p)).norm());
  return worst;
}

namespace {

using namespace saddle_steps;

/// The min-mode finder of options.method's convergence phase.
std::unique_ptr<MinModeFinder> convergenceFinder(const SaddleSearchOptions& o) {
  if (o.method == SaddleMethod::Artn) return std::make_unique<LanczosMinMode>(o.lanczos);
  return std::make_unique<DimerRotationMinMode>(o.rotation);
}

/// The convergence phase of options.method, from t.x with run.mode set.
void converge(Counted& f, const Eigen::VectorXd& x_min, const SaddleSearchOptions& o,
              const Projector& projector, PerpRelax& relaxer, SaddleRun& run, Tracker& t) {
  const std::unique_ptr<MinModeFinder> finder = convergenceFinder(o);
  if (o.method == SaddleMethod::Dimer)
    convergeDimer(f, x_min, o, projector, *finder, relaxer, run, t, 1);
  else if (o.artn.convergence == ArtnConvergence::Lbfgs)
    convergeDimer(f, x_min, o, projector, *finder, relaxer, run, t, o.artn.mode_interval);
  else
    convergeArtn(f, x_min, o, projector, *finder, relaxer, run, t);
}

}  // namespace

SaddleRun findSaddle(Objective& objective, const Eigen::VectorXd& x_min, double value_min,
                     const Eigen::VectorXd& push, const SaddleSearchOptions& options,
                     const Projector& projector, const Projector* mode_projector) {
  if (x_min.size() != objective.dimension() || push.size() != x_min.size())
    throw Error("findSaddle: x_min and push must have the objective's dimension");
  if (!(projector.projected(push).norm() > 0)) throw Error("findSaddle: the push is zero after projection");
  saddle_steps::Counted f(objective);
  SaddleRun run;
  saddle_steps::Tracker t{
      f, options, value_min, run, run.x, run.gradient, mode_projector ? *mode_projector : projector};
  saddle_steps::PerpRelax relaxer(options.perp);
  // The method's own convergence takes over once the curvature is negative.
  const bool activated = activate(f, x_min, push, options, projector, relaxer, run, t);
  run.activation_force_calls = f.calls;
  if (activated) converge(f, x_min, options, projector, relaxer, run, t);
  run.value = t.value;
  run.force_calls = f.calls;
  return run;
}

SaddleRun convergeSaddle(Objective& objective, const Eigen::VectorXd& x, const Eigen::VectorXd& x_min,
                         double value_min, const Eigen::VectorXd& mode_guess,
                         const SaddleSearchOptions& options, const Projector& projector,
                         const Projector* mode_projector) {
  if (x.size() != objective.dimension() || x_min.size() != x.size() || mode_guess.size() != x.size())
    throw Error("convergeSaddle: x, x_min and mode_guess must have the objective's dimension");
  saddle_steps::Counted f(objective);
  SaddleRun run;
  saddle_steps::Tracker t{
      f, options, value_min, run, run.x, run.gradient, mode_projector ? *mode_projector : projector};
  saddle_steps::PerpRelax relaxer(options.perp);
  t.x = x;
  if (t.eval()) {
    run.mode = convergenceFinder(options)->find(f, t.x, t.g, mode_guess, t.modes);
    if (t.withinLimits()) converge(f, x_min, options, projector, relaxer, run, t);
  }
  run.value = t.value;
  run.force_calls = f.calls;
  return run;
}

}  // namespace glassland
