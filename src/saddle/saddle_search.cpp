#include "glassland/saddle/saddle_search.hpp"

#include <cmath>
#include <deque>
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
      .get("follow_displacement", o.follow_displacement);
  if (!(o.basin_step > 0)) section.failAt("basin_step", "must be > 0");
  if (o.pushes_before_lanczos < 0) section.failAt("pushes_before_lanczos", "must be >= 0");
  if (o.basin_perp_steps < 0) section.failAt("basin_perp_steps", "must be >= 0");
  if (o.max_basin_steps < 1) section.failAt("max_basin_steps", "must be >= 1");
  if (!(o.eigenvalue_threshold < 0)) section.failAt("eigenvalue_threshold", "must be < 0");
  if (!(o.max_mode_step > 0)) section.failAt("max_mode_step", "must be > 0");
  if (o.max_perp_steps < 0) section.failAt("max_perp_steps", "must be >= 0");
  if (!(o.perp_fraction > 0)) section.failAt("perp_fraction", "must be > 0");
  if (!(o.min_curvature > 0)) section.failAt("min_curvature", "must be > 0");
  section.finish();
  return o;
}

DimerOptions DimerOptions::fromYaml(OptionsReader& section) {
  DimerOptions o;
  section.get("max_step", o.max_step)
      .get("basin_step", o.basin_step)
      .get("memory", o.memory)
      .get("max_basin_steps", o.max_basin_steps)
      .get("reset_angle", o.reset_angle);
  if (!(o.max_step > 0)) section.failAt("max_step", "must be > 0");
  if (!(o.basin_step > 0)) section.failAt("basin_step", "must be > 0");
  if (o.memory < 1) section.failAt("memory", "must be >= 1");
  if (o.max_basin_steps < 1) section.failAt("max_basin_steps", "must be >= 1");
  if (!(o.reset_angle > 0)) section.failAt("reset_angle", "must be > 0 (degrees)");
  section.finish();
  return o;
}

PerpFireOptions PerpFireOptions::fromYaml(OptionsReader& section) {
  PerpFireOptions o;
  section.get("dt", o.dt).get("dt_max", o.dt_max).get("max_move", o.max_move);
  if (!(o.dt > 0)) section.failAt("dt", "must be > 0");
  if (!(o.dt_max >= o.dt)) section.failAt("dt_max", "must be >= dt");
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

/// FIRE (Bitzek et al., PRL 97, 170201 (2006)) stepping on a supplied force, so
/// it can relax within a subspace: the perpendicular relaxation of ARTn uses
/// the force with its component along the mode (or push) removed, which is not
/// the gradient of any objective, so a line-search minimiser cannot be used.
class PerpFire {
 public:
  explicit PerpFire(const PerpFireOptions& o) : o_(o), dt_(o.dt) {}
  void reset(Eigen::Index n) {
    v_ = Eigen::VectorXd::Zero(n);
    alpha_ = kAlphaStart;
    n_positive_ = 0;
  }
  /// Keeps the velocity (and dt) when the constrained direction changes, minus
  /// its component along `dir`, so FIRE's acceleration is not lost at every
  /// new mode estimate.
  void constrain(const Eigen::VectorXd& dir) {
    if (v_.size() != dir.size()) reset(dir.size());
    v_ -= v_.dot(dir) * dir;
  }
  void step(Eigen::VectorXd& x, const Eigen::VectorXd& force) {
    const double power = force.dot(v_);
    if (power > 0) {
      const double fn = force.norm();
      if (fn > 0) v_ = (1 - alpha_) * v_ + alpha_ * v_.norm() * force / fn;
      if (++n_positive_ > kDelay) {
        dt_ = std::min(dt_ * 1.1, o_.dt_max);
        alpha_ *= 0.99;
      }
    } else {
      v_.setZero();
      dt_ = std::max(dt_ * 0.5, 1e-3 * o_.dt);
      alpha_ = kAlphaStart;
      n_positive_ = 0;
    }
    v_ += dt_ * force;
    Eigen::VectorXd dx = dt_ * v_;
    const double biggest = dx.cwiseAbs().maxCoeff();
    if (biggest > o_.max_move) dx *= o_.max_move / biggest;
    x += dx;
  }

 private:
  static constexpr double kAlphaStart = 0.1;
  static constexpr int kDelay = 5;
  PerpFireOptions o_;
  Eigen::VectorXd v_;
  double dt_;
  double alpha_ = kAlphaStart;
  int n_positive_ = 0;
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

/// Sign (+1/-1) that makes a step along `v` go uphill; when the gradient has no
/// component along v, away from the start minimum.
double uphillSign(const Eigen::VectorXd& g, const Eigen::VectorXd& v, const Eigen::VectorXd& x,
                  const Eigen::VectorXd& x_min) {
  const double gv = g.dot(v);
  if (std::abs(gv) > 1e-12 * g.norm()) return gv > 0 ? 1.0 : -1.0;
  return v.dot(x - x_min) >= 0 ? 1.0 : -1.0;
}

/// FIRE steps on the gradient with its component along `dir` removed, until
/// `steps` are done or (adaptive) max|g_perp| < max(fmax/2, fraction |g.dir|).
bool relaxPerpendicular(Tracker& t, PerpFire& fire, const Eigen::VectorXd& dir, int steps, bool adaptive,
                        double fraction, const Projector& projector) {
  fire.constrain(dir);
  for (int s = 0; s < steps; ++s) {
    Eigen::VectorXd gp = t.g - t.g.dot(dir) * dir;
    projector.apply(gp);
    if (adaptive && maxAbs(gp) < std::max(0.5 * t.o.fmax, fraction * std::abs(t.g.dot(dir)))) break;
    fire.step(t.x, -gp);
    if (!t.eval()) return false;
  }
  return true;
}

// Activation, shared by both methods (ARTn: Barkema & Mousseau, PRL 77, 4358
// (1996); Malek & Mousseau, PRE 62, 7723 (2000)): step along the push
// direction, relaxing perpendicular to it, until the lowest curvature (the
// method's own min-mode finder) falls below a negative threshold. The dimer
// method of Henkelman & Jonsson instead follows the min mode uphill from the
// start; in a glass that climbs along the softest (often irrelevant) mode and
// runs away (shared/refs: ASE's dimer climbed +281..+921 epsilon), so both
// methods leave the basin the ARTn way and differ in how they converge.
bool activate(Counted& f, const Eigen::VectorXd& x_min, const Eigen::VectorXd& push, const SaddleSearchOptions& o,
              const Projector& projector, const MinModeFinder& finder, PerpFire& fire, SaddleRun& run, Tracker& t) {
  const ArtnOptions& a = o.artn;
  Eigen::VectorXd d = projector.projected(push).normalized();
  t.x = x_min + projector.projected(push);
  if (!t.eval()) return false;
  run.mode.vector = d;
  fire.reset(t.x.size());
  for (int it = 0; it < a.max_basin_steps; ++it) {
    ++run.iterations;
    if (it >= a.pushes_before_lanczos) {
      run.mode = finder.find(f, t.x, t.g, run.mode.vector, projector);
      if (!t.withinLimits()) return false;
      if (run.mode.eigenvalue < a.eigenvalue_threshold) return true;
    }
    // Original ART: push along the line from the minimum to the current point,
    // which the perpendicular relaxation bends into the softest valley.
    if (a.follow_displacement) {
      Eigen::VectorXd r = projector.projected(t.x - x_min);
      if (r.norm() > 0) d = r.normalized();
    }
    t.x += a.basin_step * d;
    if (!t.eval()) return false;
    if (!relaxPerpendicular(t, fire, d, a.basin_perp_steps, false, a.perp_fraction, projector)) return false;
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
// min mode (Lanczos), then FIRE steps perpendicular to it, until the largest
// force component is below fmax.
void convergeArtn(Counted& f, const Eigen::VectorXd& x_min, const SaddleSearchOptions& o,
                  const Projector& projector, const MinModeFinder& finder, PerpFire& fire, SaddleRun& run,
                  Tracker& t) {
  const ArtnOptions& a = o.artn;
  for (bool first = true;; first = false) {
    ++run.iterations;
    if (!first) {
      run.mode = finder.find(f, t.x, t.g, run.mode.vector, projector);
      if (!t.withinLimits()) return;
    }
    if (checkConverged(o, run, t)) return;
    const Eigen::VectorXd& v = run.mode.vector;
    const double lambda = run.mode.eigenvalue;
    Eigen::VectorXd step;
    if (lambda < 0) {
      // Newton step to the maximum along v: t* = (g.v)/|lambda|.
      step = (t.g.dot(v) / std::max(-lambda, a.min_curvature)) * v;
    } else {
      step = uphillSign(t.g, v, t.x, x_min) * a.basin_step * v;
    }
    const double norm = step.norm();
    if (norm > a.max_mode_step) step *= a.max_mode_step / norm;
    t.x += step;
    if (!t.eval()) return;
    if (!relaxPerpendicular(t, fire, v, a.max_perp_steps, true, a.perp_fraction, projector)) return;
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

// Dimer convergence (Henkelman & Jonsson, JCP 111, 7010 (1999)) with the
// improved rotation (Heyden et al. 2005) and L-BFGS translation on the
// modified force F+ = F - 2 (F.N) N (Kaestner & Sherwood, JCP 128, 014106
// (2008)). Where the curvature is positive again, a fixed step uphill along N
// (F+ = -F_parallel, Henkelman & Jonsson eq. 4) with the L-BFGS memory reset.
void convergeDimer(Counted& f, const Eigen::VectorXd& x_min, const SaddleSearchOptions& o,
                   const Projector& projector, const MinModeFinder& finder, SaddleRun& run, Tracker& t) {
  const DimerOptions& dm = o.dimer;
  std::deque<Eigen::VectorXd> s_hist, y_hist;
  Eigen::VectorXd x_prev, gd_prev;
  bool have_prev = false;
  int positive_steps = 0;
  const double cos_reset = std::cos(dm.reset_angle * std::numbers::pi / 180.0);
  auto forget = [&] {
    s_hist.clear();
    y_hist.clear();
    have_prev = false;
  };
  for (bool first = true;; first = false) {
    ++run.iterations;
    const Eigen::VectorXd n_old = run.mode.vector;
    if (!first) {
      run.mode = finder.find(f, t.x, t.g, n_old, projector);
      if (!t.withinLimits()) return;
    }
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
      if (++positive_steps > dm.max_basin_steps) {
        run.outcome = SearchOutcome::ReturnedToStart;
        run.message = "curvature positive again for " + std::to_string(dm.max_basin_steps) + " steps";
        return;
      }
      forget();
      step = uphillSign(t.g, n, t.x, x_min) * dm.basin_step * n;
    }
    projector.apply(step);
    const double norm = step.norm();
    if (norm > dm.max_step) step *= dm.max_step / norm;
    t.x += step;
    if (!t.eval()) return;
  }
}

}  // namespace

SaddleRun findSaddle(Objective& objective, const Eigen::VectorXd& x_min, double value_min,
                     const Eigen::VectorXd& push, const SaddleSearchOptions& options, const Projector& projector) {
  if (x_min.size() != objective.dimension() || push.size() != x_min.size())
    throw Error("findSaddle: x_min and push must have the objective's dimension");
  if (!(projector.projected(push).norm() > 0)) throw Error("findSaddle: the push is zero after projection");
  Counted f(objective);
  SaddleRun run;
  Tracker t{f, options, value_min, run, run.x, run.gradient};
  PerpFire fire(options.perp);
  if (options.method == SaddleMethod::Artn) {
    const LanczosMinMode finder(options.lanczos);
    if (activate(f, x_min, push, options, projector, finder, fire, run, t))
      convergeArtn(f, x_min, options, projector, finder, fire, run, t);
  } else {
    const DimerRotationMinMode finder(options.rotation);
    if (activate(f, x_min, push, options, projector, finder, fire, run, t))
      convergeDimer(f, x_min, options, projector, finder, run, t);
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
