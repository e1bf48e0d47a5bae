// Leaving the basin: the activation phase of ARTn and of the dimer method.
#include "search_steps.hpp"

#include <optional>

namespace glassland::saddle_steps {

// Activation, shared by both methods (ARTn: Barkema & Mousseau, PRL 77, 4358
// (1996); Malek & Mousseau, PRE 62, 7723 (2000)): step along the push
// direction, relaxing perpendicular to it, until the lowest curvature falls
// below a negative threshold. The curvature comes from Lanczos for both
// methods: in the basin the dimer rotation (10 rotations, 5 degrees) estimated
// it too roughly and the activation ran away in 50 of 60 KA searches (Lanczos:
// 24 of 60). The dimer
// method of Henkelman & Jonsson instead follows the min mode uphill from the
// start; in a glass that climbs along the softest (often irrelevant) mode and
// runs away (tests/data/lammps/README.md: ASE's dimer climbed +281..+921 epsilon), so both
// methods leave the basin the ARTn way and differ in how they converge.
bool activate(Counted& f, const Eigen::VectorXd& x_min, const Eigen::VectorXd& push,
              const SaddleSearchOptions& o, const Projector& projector, PerpRelax& relaxer, SaddleRun& run,
              Tracker& t) {
  const ArtnOptions& a = o.artn;
  Eigen::VectorXd d = projector.projected(push).normalized();
  // Skipped when the Krylov space would span the whole space (a model surface):
  // the push would become the exact softest mode and lose its random direction.
  if (a.soften_push > 0 && a.soften_push < x_min.size()) {
    // A random push of a dozen atoms is almost all stiff bond compression (on
    // the KA glass a push of norm 0.1 sigma costs ~2 epsilon, a curvature ~400
    // against ~10 for the softest local modes); pushing on along it only climbs
    // that wall until the energy limit. A few Lanczos vectors grown from the push
    // at the minimum filter it: the lowest Ritz vector stays near the push's
    // atoms (each product reaches one neighbour shell further) but is soft.
    t.x = x_min;
    if (!t.eval()) return false;
    LanczosOptions lo = o.lanczos;
    lo.min_iterations = lo.max_iterations = a.soften_push;
    const MinMode soft = LanczosMinMode(lo).find(f, x_min, t.g, d, t.modes);
    if (!t.withinLimits()) return false;
    Eigen::VectorXd v = projector.projected(soft.vector);
    if (v.norm() > 0) d = (v.dot(d) < 0 ? -v : v).normalized();
  }
  if (o.activation_weights.size() == d.size()) {
    Eigen::VectorXd w = d.cwiseProduct(o.activation_weights);
    t.modes.apply(w);
    if (w.norm() > 0) d = w.normalized();
  }
  LanczosOptions basin_lanczos = o.lanczos;
  if (a.basin_lanczos_iterations > 0) {
    basin_lanczos.max_iterations = std::min(basin_lanczos.max_iterations, a.basin_lanczos_iterations);
    basin_lanczos.min_iterations = std::min(basin_lanczos.min_iterations, basin_lanczos.max_iterations);
  }
  const LanczosMinMode basin_finder(basin_lanczos);
  const LanczosMinMode restricted_finder(o.lanczos);  // the softest mode of the steering atoms
  std::optional<Projector> restricted;
  Eigen::VectorXd restricted_mode;
  if (o.activation_weights.size() == d.size()) restricted = Projector::restrictedTo(o.activation_weights);
  t.x = x_min + push.norm() * d;
  if (!t.eval()) return false;
  run.mode.vector = d;
  relaxer.reset(t.x.size());
  // One climb step along `mode`, oriented away from the minimum, of the length
  // the current lowest curvature allows (climbStep).
  auto climbAlong = [&](const Eigen::VectorXd& mode) {
    d = mode;
    if (d.dot(t.x - x_min) < 0) d = -d;
    return basinStep(t, x_min, d, relaxer, a, projector, true, climbStep(a, run.mode.eigenvalue));
  };
  for (int it = 0; it < a.max_basin_steps; ++it) {
    ++run.iterations;
    if (t.value - t.value_min > a.basin_max_rise) {
      // Still convex this high above the minimum: the push climbs a wall, not
      // towards a saddle (KA barriers found are mostly < 5 epsilon); stop early
      // so that the driver can try another push.
      run.outcome = SearchOutcome::EnergyRanAway;
      run.message = "energy rose by " + std::to_string(t.value - t.value_min) + " still in the basin";
      return false;
    }
    if (it >= a.pushes_before_lanczos) {
      // Start vector: the previous mode plus the displacement from the minimum.
      // The previous mode alone would lock the finder onto it (a Krylov space
      // grown from an eigenvector stays in it, and the eigenvalue then "converges"
      // at once), so a climb could follow a stiff elastic mode for ever.
      Eigen::VectorXd guess = projector.projected(t.x - x_min);
      if (guess.norm() > 0) guess.normalize();
      if (run.mode.vector.size() == guess.size()) guess += run.mode.vector;
      run.mode = basin_finder.find(f, t.x, t.g, guess, t.modes);
      trace(o, "basin", run, t);
      if (!t.withinLimits()) return false;
      if (run.mode.eigenvalue < a.eigenvalue_threshold) return true;
      if (a.climb_mode && restricted) {
        // Climb along the softest direction of the steering atoms alone (the
        // Hessian restricted to them, the others held): the softest way out of
        // their cage, while everything else relaxes perpendicular.
        Eigen::VectorXd lguess = restricted_mode.size() ? restricted_mode : d;
        const MinMode local = restricted_finder.find(f, t.x, t.g, lguess, *restricted);
        if (o.trace)
          o.trace({"local", run.iterations, t.f.calls, t.value, maxAbs(t.g), local.eigenvalue,
                   local.iterations, &t.x});
        if (!t.withinLimits()) return false;
        restricted_mode = local.vector;
        if (!climbAlong(local.vector)) return false;
        continue;
      }
      if (a.climb_mode) {
        // Eigenvector following (Cerjan & Miller 1981; EON's min-mode climb):
        // uphill along the softest mode.
        if (!climbAlong(run.mode.vector)) return false;
        continue;
      }
    }
    // Original ART: push along the line from the minimum to the current point,
    // which the perpendicular relaxation bends into the softest valley.
    if (!basinStep(t, x_min, d, relaxer, a, projector)) return false;
  }
  run.outcome = SearchOutcome::ReturnedToStart;
  run.message =
      "no curvature below the threshold within " + std::to_string(a.max_basin_steps) + " basin steps";
  return false;
}

}  // namespace glassland::saddle_steps
