// The shared steps of the saddle searches (declared in search_steps.hpp).
#include "search_steps.hpp"

namespace glassland::saddle_steps {

void trace(const SaddleSearchOptions& o, const char* phase, const SaddleRun& run, const Tracker& t) {
  if (o.trace)
    o.trace({phase, run.iterations, t.f.calls, t.value, maxAbs(t.g), run.mode.eigenvalue, run.mode.iterations,
             &t.x});
}

bool relaxPerpendicular(Tracker& t, PerpRelax& relaxer, const Eigen::VectorXd& dir, int steps, bool adaptive,
                        double fraction, const Projector& projector) {
  relaxer.constrain(dir);
  for (int s = 0; s < steps; ++s) {
    Eigen::VectorXd gp = t.g - t.g.dot(dir) * dir;
    projector.apply(gp);
    if (adaptive && maxAbs(gp) < std::max(0.5 * t.o.fmax, fraction * std::abs(t.g.dot(dir)))) break;
    // Within one call the direction is fixed, so this is a minimisation of the
    // energy on a hyperplane: a step that raises the energy is taken back and
    // the step length cut (a monotone safeguard; raw BB steps can overshoot
    // into overlapping atoms and fake negative curvatures).
    const Eigen::VectorXd x_old = t.x, g_old = t.g;
    const double e_old = t.value;
    relaxer.step(t.x, -gp);
    if (!t.eval()) return false;
    if (t.value > e_old) {
      t.x = x_old;
      t.g = g_old;
      t.value = e_old;
      relaxer.shrink();
    }
  }
  return true;
}

bool basinStep(Tracker& t, const Eigen::VectorXd& x_min, Eigen::VectorXd& d, PerpRelax& relaxer,
               const ArtnOptions& a, const Projector& projector, bool keep_direction, double step) {
  // Entering from the convergence phase, d is not set yet: start from the displacement.
  if ((a.follow_displacement && !keep_direction) || d.size() != t.x.size()) {
    // The displacement without the net translation of the free atoms (t.modes):
    // in a local search (frozen surroundings) that translation is the softest,
    // elastic direction, so the perpendicular relaxation grows it step after
    // step; following the raw displacement then pushes the whole free region
    // against the frozen shell until the energy limit (0 hops in 36 vacancy
    // searches at active radius 4 sigma). The steps themselves stay unconstrained.
    Eigen::VectorXd r = t.x - x_min;
    if (t.o.activation_weights.size() == r.size()) r = r.cwiseProduct(t.o.activation_weights);
    t.modes.apply(r);
    if (r.norm() > 0) d = r.normalized();
  }
  t.x += (step > 0 ? step : a.basin_step) * d;
  if (!t.eval()) return false;
  return relaxPerpendicular(t, relaxer, d, a.basin_perp_steps, false, a.perp_fraction, projector);
}

double climbStep(const ArtnOptions& a, double lambda) {
  if (!(a.basin_step_curvature > 0)) return a.basin_step;
  return a.basin_step * std::clamp(lambda / a.basin_step_curvature, 1.0, a.basin_step_max_scale);
}

bool stillNegative(int& lost, int limit, SaddleRun& run) {
  if (++lost <= limit) return true;
  run.outcome = SearchOutcome::ReturnedToStart;
  run.message = "lost the negative curvature " + std::to_string(lost) + " times while converging";
  return false;
}

bool checkConverged(const SaddleSearchOptions& o, SaddleRun& run, const Tracker& t) {
  if (maxAbs(t.g) >= o.fmax) return false;
  if (run.mode.eigenvalue < 0) {
    run.outcome = SearchOutcome::Converged;
    run.message = "saddle converged";
  } else {
    run.outcome = SearchOutcome::ReturnedToStart;
    run.message = "converged to a minimum, not a saddle";
  }
  return true;
}

}  // namespace glassland::saddle_steps
