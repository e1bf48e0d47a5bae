#include "glassland/saddle/saddle_search.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>
#include <optional>
#include <numbers>
#include <string>

#include "glassland/core/error.hpp"

namespace glassland {

std::string_view methodName(SaddleMethod method) {
  switch (method) {
    case SaddleMethod::Artn: return "artn";
    case SaddleMethod::Dimer: return "dimer";
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
    if (name == "lbfgs") o.convergence = ArtnConvergence::Lbfgs;
    else if (name == "perpendicular") o.convergence = ArtnConvergence::Perpendicular;
    else section.failAt("convergence", "expected lbfgs or perpendicular");
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
  section.get("max_step", o.max_step)
      .get("memory", o.memory)
      .get("reset_angle", o.reset_angle);
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

/// Counts evaluations of the objective it wraps.
class Counted final : public Objective {
 public:
  explicit Counted(Objective& f) : f_(f) {}
  Eigen::Index dimension() const override { return f_.dimension(); }
  double evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
    ++calls;
    return f_.evaluate(x, g);
  }
  long calls = 0;

 private:
  Objective& f_;
};

/// Steepest descent with Barzilai-Borwein step lengths (IMA J. Numer. Anal. 8,
/// 141 (1988)) on a supplied force, so it can relax within a subspace: the
/// perpendicular relaxation of ARTn uses the force with its component along the
/// mode (or push) removed. The BB step s.s / s.y is the inverse curvature seen
/// along the last step, so a few steps already relax the stiff directions; no
/// line search (the projected force is not the gradient of the objective once
/// the direction changes between outer iterations).
class PerpRelax {
 public:
  explicit PerpRelax(const PerpRelaxOptions& o) : o_(o), alpha_(o.initial_step) {}
  void reset(Eigen::Index) {
    alpha_ = o_.initial_step;
    have_prev_ = false;
  }
  /// After a rejected step: a shorter step, and forget the last one.
  void shrink() {
    alpha_ *= 0.25;
    have_prev_ = false;
  }
  /// A new constraint direction: the last step's curvature information no longer applies.
  void constrain(const Eigen::VectorXd&) { have_prev_ = false; }
  void step(Eigen::VectorXd& x, const Eigen::VectorXd& force) {
    if (have_prev_) {
      const double sy = -s_prev_.dot(force - f_prev_);
      if (sy > 0) alpha_ = std::clamp(s_prev_.squaredNorm() / sy, 1e-3 * o_.initial_step, o_.max_step);
    }
    Eigen::VectorXd dx = alpha_ * force;
    const double biggest = dx.cwiseAbs().maxCoeff();
    if (biggest > o_.max_move) dx *= o_.max_move / biggest;
    x += dx;
    s_prev_ = dx;
    f_prev_ = force;
    have_prev_ = true;
  }

 private:
  PerpRelaxOptions o_;
  double alpha_;
  bool have_prev_ = false;
  Eigen::VectorXd s_prev_, f_prev_;
};

double maxAbs(const Eigen::VectorXd& v) { return v.size() ? v.cwiseAbs().maxCoeff() : 0.0; }

/// Shared bookkeeping of both searches: evaluation with limit checks.
struct Tracker {
  Counted& f;
  const SaddleSearchOptions& o;
  double value_min;
  SaddleRun& run;
  Eigen::VectorXd& x;
  Eigen::VectorXd& g;
  const Projector& modes;  ///< directions the min-mode finder never considers
  double value = 0.0;

  /// Evaluates at x; returns false (and sets the outcome) when a limit is hit.
  bool eval() {
    value = f.evaluate(x, g);
    return withinLimits();
  }
  bool withinLimits() {
    if (!std::isfinite(value) || !g.allFinite() || value - value_min > o.max_energy_rise) {
      run.outcome = SearchOutcome::EnergyRanAway;
      run.message = "energy rose by " + std::to_string(value - value_min);
      return false;
    }
    if (f.calls >= o.max_force_calls) {
      run.outcome = SearchOutcome::TooManyForceCalls;
      run.message = "force-call budget of " + std::to_string(o.max_force_calls) + " exhausted";
      return false;
    }
    return true;
  }
};

void trace(const SaddleSearchOptions& o, const char* phase, const SaddleRun& run, const Tracker& t) {
  if (o.trace)
    o.trace({phase, run.iterations, t.f.calls, t.value, maxAbs(t.g), run.mode.eigenvalue, run.mode.iterations,
             &t.x});
}

/// Relaxation steps on the gradient with its component along `dir` removed, until
/// `steps` are done or (adaptive) max|g_perp| < max(fmax/2, fraction |g.dir|).
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

/// One activation step (original ART): along the line from the minimum to the
/// current point, then a few perpendicular relaxation steps. Used in the basin and
/// whenever the curvature turns positive again during convergence.
bool basinStep(Tracker& t, const Eigen::VectorXd& x_min, Eigen::VectorXd& d, PerpRelax& relaxer, const ArtnOptions& a,
               const Projector& projector, bool keep_direction = false, double step = 0.0) {
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

/// Length of an activation climb step where the lowest curvature is `lambda`
/// (ArtnOptions::basin_step_curvature).
double climbStep(const ArtnOptions& a, double lambda) {
  if (!(a.basin_step_curvature > 0)) return a.basin_step;
  return a.basin_step * std::clamp(lambda / a.basin_step_curvature, 1.0, a.basin_step_max_scale);
}

/// Counts an iteration with non-negative curvature during convergence; sets
/// ReturnedToStart and returns false once there were more than `limit`.
bool stillNegative(int& lost, int limit, SaddleRun& run) {
  if (++lost <= limit) return true;
  run.outcome = SearchOutcome::ReturnedToStart;
  run.message = "lost the negative curvature " + std::to_string(lost) + " times while converging";
  return false;
}

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
bool activate(Counted& f, const Eigen::VectorXd& x_min, const Eigen::VectorXd& push, const SaddleSearchOptions& o,
              const Projector& projector, PerpRelax& relaxer, SaddleRun& run, Tracker& t) {
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
          o.trace({"local", run.iterations, t.f.calls, t.value, maxAbs(t.g), local.eigenvalue, local.iterations,
                   &t.x});
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

/// Sets the outcome when the force is converged; returns true then.
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

/// L-BFGS two-loop recursion (Nocedal & Wright, Alg. 7.4): returns -H g.
Eigen::VectorXd lbfgsDirection(const Eigen::VectorXd& g, const std::deque<Eigen::VectorXd>& s,
                               const std::deque<Eigen::VectorXd>& y, double gamma0) {
  Eigen::VectorXd q = -g;
  const std::size_t m = s.size();
  std::vector<double> alpha(m), rho(m);
  for (std::size_t i = m; i-- > 0;) {
    rho[i] = 1.0 / y[i].dot(s[i]);
    alpha[i] = rho[i] * s[i].dot(q);
    q -= alpha[i] * y[i];
  }
  const double gamma = m ? s.back().dot(y.back()) / y.back().squaredNorm() : gamma0;
  q *= gamma;
  for (std::size_t i = 0; i < m; ++i) {
    const double beta = rho[i] * y[i].dot(q);
    q += (alpha[i] - beta) * s[i];
  }
  return q;
}

// Min-mode following with L-BFGS translation on the modified force
// F+ = F - 2 (F.N) N (Kaestner & Sherwood, JCP 128, 014106 (2008)): the dimer
// method (Henkelman & Jonsson, JCP 111, 7010 (1999)) when `finder` is the
// improved dimer rotation (Heyden et al. 2005), ARTn's default convergence
// (EON's Lanczos min-mode method) when it is Lanczos. Where the curvature is
// non-negative again, an activation step as in ARTn, with the L-BFGS memory reset.
void convergeDimer(Counted& f, const Eigen::VectorXd& x_min, const SaddleSearchOptions& o,
                   const Projector& projector, const MinModeFinder& finder, PerpRelax& relaxer, SaddleRun& run,
                   Tracker& t, int mode_interval) {
  const DimerOptions& dm = o.dimer;
  std::deque<Eigen::VectorXd> s_hist, y_hist;
  Eigen::VectorXd x_prev, gd_prev;
  bool have_prev = false;
  int lost = 0;
  Eigen::VectorXd d;
  const double cos_reset = std::cos(dm.reset_angle * std::numbers::pi / 180.0);
  auto forget = [&] {
    s_hist.clear();
    y_hist.clear();
    have_prev = false;
  };
  int since_mode = 0;  // iterations since the min mode was last computed
  for (bool first = true;; first = false) {
    ++run.iterations;
    const Eigen::VectorXd n_old = run.mode.vector;
    // The mode is refreshed every mode_interval iterations, whenever the
    // curvature was not negative, and before convergence is declared: with the
    // mode held, the modified force is the same function between refreshes, so
    // the L-BFGS pairs stay consistent (finite-difference modes computed anew
    // each step differ by their noise, and the translation stalls near 1e-2).
    const bool converged_force = maxAbs(t.g) < o.fmax;
    if (!first && (++since_mode >= mode_interval || run.mode.eigenvalue >= 0 || converged_force)) {
      run.mode = finder.find(f, t.x, t.g, n_old, t.modes);
      since_mode = 0;
      if (!t.withinLimits()) return;
    }
    trace(o, "converge", run, t);
    if (checkConverged(o, run, t)) return;
    const Eigen::VectorXd& n = run.mode.vector;
    const double c = run.mode.eigenvalue;
    if (std::abs(n.dot(n_old)) < cos_reset) forget();
    Eigen::VectorXd step;
    if (c < 0) {
      Eigen::VectorXd gd = t.g - 2 * t.g.dot(n) * n;
      projector.apply(gd);
      if (have_prev) {
        const Eigen::VectorXd s = t.x - x_prev, y = gd - gd_prev;
        if (s.dot(y) > 1e-12 * s.norm() * y.norm()) {
          s_hist.push_back(s);
          y_hist.push_back(y);
          if (static_cast<int>(s_hist.size()) > dm.memory) {
            s_hist.pop_front();
            y_hist.pop_front();
          }
        } else {
          forget();
        }
      }
      // With no memory: a Newton step for the mode's curvature.
      const double gamma0 = 1.0 / std::max(-c, o.artn.min_curvature);
      step = lbfgsDirection(gd, s_hist, y_hist, gamma0);
      if (step.dot(-gd) <= 0) {
        forget();
        step = -gamma0 * gd;
      }
      x_prev = t.x;
      gd_prev = gd;
      have_prev = true;
    } else {
      // As in ARTn: an activation step, not a climb along a positive mode.
      if (!stillNegative(lost, o.artn.max_lost_steps, run)) return;
      forget();
      if (!basinStep(t, x_min, d, relaxer, o.artn, projector)) return;
      continue;
    }
    projector.apply(step);
    const double norm = step.norm();
    if (norm > dm.max_step) step *= dm.max_step / norm;
    t.x += step;
    if (!t.eval()) return;
  }
}

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
                     const Eigen::VectorXd& push, const SaddleSearchOptions& options, const Projector& projector,
                     const Projector* mode_projector) {
  if (x_min.size() != objective.dimension() || push.size() != x_min.size())
    throw Error("findSaddle: x_min and push must have the objective's dimension");
  if (!(projector.projected(push).norm() > 0)) throw Error("findSaddle: the push is zero after projection");
  Counted f(objective);
  SaddleRun run;
  Tracker t{f, options, value_min, run, run.x, run.gradient, mode_projector ? *mode_projector : projector};
  PerpRelax relaxer(options.perp);
  // The method's own convergence takes over once the curvature is negative.
  const bool activated = activate(f, x_min, push, options, projector, relaxer, run, t);
  run.activation_force_calls = f.calls;
  if (activated) converge(f, x_min, options, projector, relaxer, run, t);
  run.value = t.value;
  run.force_calls = f.calls;
  return run;
}

SaddleRun convergeSaddle(Objective& objective, const Eigen::VectorXd& x, const Eigen::VectorXd& x_min,
                         double value_min, const Eigen::VectorXd& mode_guess, const SaddleSearchOptions& options,
                         const Projector& projector, const Projector* mode_projector) {
  if (x.size() != objective.dimension() || x_min.size() != x.size() || mode_guess.size() != x.size())
    throw Error("convergeSaddle: x, x_min and mode_guess must have the objective's dimension");
  Counted f(objective);
  SaddleRun run;
  Tracker t{f, options, value_min, run, run.x, run.gradient, mode_projector ? *mode_projector : projector};
  PerpRelax relaxer(options.perp);
  t.x = x;
  if (t.eval()) {
    run.mode = convergenceFinder(options)->find(f, t.x, t.g, mode_guess, t.modes);
    if (t.withinLimits()) converge(f, x_min, options, projector, relaxer, run, t);
  }
  run.value = t.value;
  run.force_calls = f.calls;
  return run;
}

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
