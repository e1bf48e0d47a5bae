// ART nouveau convergence with perpendicular relaxation (pARTn).
#include "search_steps.hpp"

namespace glassland::saddle_steps {

// ARTn convergence (pARTn, Jay et al., CPC 2022): a Newton step uphill along the
// min mode (Lanczos), then relaxation steps perpendicular to it, until the largest
// force component is below fmax.
void convergeArtn(Counted& f, const Eigen::VectorXd& x_min, const SaddleSearchOptions& o,
                  const Projector& projector, const MinModeFinder& finder, PerpRelax& relaxer, SaddleRun& run,
                  Tracker& t) {
  const ArtnOptions& a = o.artn;
  int lost = 0;
  Eigen::VectorXd d;
  for (bool first = true;; first = false) {
    ++run.iterations;
    if (!first) {
      run.mode = finder.find(f, t.x, t.g, run.mode.vector, t.modes);
      if (!t.withinLimits()) return;
    }
    trace(o, "converge", run, t);
    if (checkConverged(o, run, t)) return;
    const Eigen::VectorXd& v = run.mode.vector;
    const double lambda = run.mode.eigenvalue;
    if (lambda >= 0) {
      // Back in a convex region: climbing along a positive mode leads nowhere;
      // push on as in the activation (ARTn's return to the basin regime).
      if (!stillNegative(lost, a.max_lost_steps, run)) return;
      if (!basinStep(t, x_min, d, relaxer, a, projector)) return;
      continue;
    }
    // Newton step to the maximum along v: t* = (g.v)/|lambda|.
    Eigen::VectorXd step = (t.g.dot(v) / std::max(-lambda, a.min_curvature)) * v;
    const double norm = step.norm();
    if (norm > a.max_mode_step) step *= a.max_mode_step / norm;
    t.x += step;
    if (!t.eval()) return;
    if (!relaxPerpendicular(t, relaxer, v, a.max_perp_steps, true, a.perp_fraction, projector)) return;
  }
}

}  // namespace glassland::saddle_steps
