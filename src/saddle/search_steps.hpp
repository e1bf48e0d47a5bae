// Internal to the saddle module (not installed): the pieces every saddle
// search is built from. findSaddle (saddle_search.cpp) runs the activation
// (activation.cpp) and then the method's convergence (artn.cpp, dimer.cpp);
// all of them evaluate through a Tracker and relax with PerpRelax.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <string>

#include "glassland/saddle/saddle_search.hpp"

namespace glassland::saddle_steps {

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

inline double maxAbs(const Eigen::VectorXd& v) { return v.size() ? v.cwiseAbs().maxCoeff() : 0.0; }

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

/// Reports an iteration to options.trace, when set.
void trace(const SaddleSearchOptions& o, const char* phase, const SaddleRun& run, const Tracker& t);

/// Relaxation steps on the gradient with its component along `dir` removed, until
/// `steps` are done or (adaptive) max|g_perp| < max(fmax/2, fraction |g.dir|).
bool relaxPerpendicular(Tracker& t, PerpRelax& relaxer, const Eigen::VectorXd& dir, int steps, bool adaptive,
                        double fraction, const Projector& projector);

/// One activation step (original ART): along the line from the minimum to the
/// current point, then a few perpendicular relaxation steps. Used in the basin and
/// whenever the curvature turns positive again during convergence.
bool basinStep(Tracker& t, const Eigen::VectorXd& x_min, Eigen::VectorXd& d, PerpRelax& relaxer,
               const ArtnOptions& a, const Projector& projector, bool keep_direction = false,
               double step = 0.0);

/// Length of an activation climb step where the lowest curvature is `lambda`
/// (ArtnOptions::basin_step_curvature).
double climbStep(const ArtnOptions& a, double lambda);

/// Counts an iteration with non-negative curvature during convergence; sets
/// ReturnedToStart and returns false once there were more than `limit`.
bool stillNegative(int& lost, int limit, SaddleRun& run);

/// Sets the outcome when the force is converged; returns true then.
bool checkConverged(const SaddleSearchOptions& o, SaddleRun& run, const Tracker& t);

/// Leaves the basin of x_min along `push` until the lowest curvature is below
/// the threshold (activation.cpp); false with run.outcome set when it fails.
bool activate(Counted& f, const Eigen::VectorXd& x_min, const Eigen::VectorXd& push,
              const SaddleSearchOptions& o, const Projector& projector, PerpRelax& relaxer, SaddleRun& run,
              Tracker& t);

/// ARTn convergence with perpendicular relaxation (artn.cpp).
void convergeArtn(Counted& f, const Eigen::VectorXd& x_min, const SaddleSearchOptions& o,
                  const Projector& projector, const MinModeFinder& finder, PerpRelax& relaxer, SaddleRun& run,
                  Tracker& t);

/// Min-mode following with L-BFGS translation: the dimer method, or ARTn's
/// Lanczos convergence (dimer.cpp). The mode is refreshed every `mode_interval` iterations.
void convergeDimer(Counted& f, const Eigen::VectorXd& x_min, const SaddleSearchOptions& o,
                   const Projector& projector, const MinModeFinder& finder, PerpRelax& relaxer,
                   SaddleRun& run, Tracker& t, int mode_interval);

}  // namespace glassland::saddle_steps
