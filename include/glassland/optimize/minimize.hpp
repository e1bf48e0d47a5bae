#pragma once
/// \file
/// Local minimisers on an Objective: FIRE 2.0 and L-BFGS. Both stop when the
/// largest absolute gradient component (for an energy: the largest force
/// component, as LAMMPS `min_modify norm max`) falls below `fmax`, and report
/// iterations, objective evaluations ("force calls") and why they stopped.

#include <Eigen/Core>
#include <functional>
#include <string>
#include <string_view>

#include "glassland/core/options.hpp"
#include "glassland/optimize/objective.hpp"

namespace glassland {

/// Which minimiser runs.
enum class MinimizeMethod {
  Fire,   ///< FIRE 2.0 (Bitzek et al. 2006; Guénolé et al. 2020)
  Lbfgs,  ///< limited-memory BFGS with a backtracking line search (Nocedal & Wright, Alg. 7.4)
};

/// "fire" | "lbfgs".
std::string_view methodName(MinimizeMethod method);

/// Why a minimisation stopped. Every value has a name and a text.
enum class StopReason {
  Converged,         ///< largest |gradient component| < fmax
  SinglePoint,       ///< max_iterations = 0: evaluated once, no step taken
  MaxIterations,     ///< max_iterations steps taken without converging
  LineSearchFailed,  ///< L-BFGS found no acceptable step along steepest descent (and no FIRE fallback)
  NonFinite,         ///< the objective was NaN/inf at the start, or every retry of a step was
  Stalled,           ///< FIRE: too many consecutive uphill (P <= 0) steps
  Interrupted,       ///< the progress callback asked to stop
};

/// Short snake_case identifier for files ("converged", "max_iterations", ...).
std::string_view stopReasonName(StopReason reason);
/// One-line description of a stop reason.
std::string_view stopReasonText(StopReason reason);

/// FIRE parameters. FIRE integrates unit-mass damped dynamics, so `dt` is in
/// units of length / sqrt(energy) (x advances by about dt^2 * force per step);
/// names and defaults follow Guénolé et al., Comput. Mater. Sci. 175 (2020)
/// 109584, Table 1 and LAMMPS `min_style fire`.
struct FireOptions {
  double dt = 0.01;           ///< initial time step
  double dt_max = 0.1;        ///< largest time step
  double dt_min = 2.0e-4;     ///< smallest time step reached by shrinking
  int n_delay = 5;            ///< steps with P > 0 before dt may grow (N_delay, Bitzek's N_min)
  double f_inc = 1.1;         ///< dt growth factor
  double f_dec = 0.5;         ///< dt shrink factor on P <= 0
  double alpha_start = 0.1;   ///< initial velocity-mixing parameter
  double f_alpha = 0.99;      ///< alpha shrink factor
  int max_uphill = 2000;      ///< consecutive P <= 0 steps before giving up (N_P<0,max)
  bool initial_delay = true;  ///< no dt shrink during the first n_delay steps (FIRE 2.0)
};

/// L-BFGS parameters.
struct LbfgsOptions {
  int memory = 10;           ///< number of (s, y) pairs kept
  int max_line_search = 20;  ///< objective evaluations per line search before it fails
  /// When the line search fails even along steepest descent (e.g. at a force
  /// discontinuity such as a pair crossing an unsmoothed cutoff), continue with
  /// FIRE, which needs no line search, for the remaining iterations.
  bool fire_fallback = true;
};

/// Options of a minimisation. YAML keys equal the field names (section
/// `minimize:`); FIRE and L-BFGS parameters sit in the sub-sections `fire:`
/// and `lbfgs:`.
struct MinimizeOptions {
  MinimizeMethod method = MinimizeMethod::Fire;
  double fmax = 1.0e-6;          ///< convergence: largest |gradient component| (energy/length)
  long max_iterations = 100000;  ///< steps; 0 = single-point evaluation
  double max_step = 0.1;         ///< largest change of one coordinate in one step (length units)
  FireOptions fire;
  LbfgsOptions lbfgs;

  /// Reads `method`, `fmax`, `max_iterations`, `max_step` and the `fire:` and
  /// `lbfgs:` sub-sections, validates them, and rejects unknown keys
  /// (calls finish() on the section). Throws InputError.
  static MinimizeOptions fromYaml(OptionsReader& section);
  /// The same, keys not given keeping their value in `defaults`.
  static MinimizeOptions fromYaml(OptionsReader& section, const MinimizeOptions& defaults);
};

/// State passed to a progress callback after each step.
struct MinimizeProgress {
  long iteration = 0;
  long force_calls = 0;
  double value = 0.0;  ///< objective value (energy)
  double fmax = 0.0;   ///< largest |gradient component|
};

/// Called after every step; return false to stop (StopReason::Interrupted).
using ProgressCallback = std::function<bool(const MinimizeProgress&)>;

/// Outcome of a minimisation. `x` (passed to minimize) holds the final point,
/// which is where `value` and `gradient` were evaluated.
struct MinimizeResult {
  double value = 0.0;      ///< objective value at the final point (energy)
  double fmax = 0.0;       ///< largest |gradient component| there
  long iterations = 0;     ///< steps taken
  long force_calls = 0;    ///< objective evaluations
  bool converged = false;  ///< fmax < options.fmax
  StopReason reason = StopReason::MaxIterations;
  std::string message;       ///< reason text with details
  Eigen::VectorXd gradient;  ///< gradient at the final point
};

/// Minimises `objective` from `x` (in/out) with options.method.
/// Precondition: x.size() == objective.dimension().
MinimizeResult minimize(Objective& objective, Eigen::VectorXd& x, const MinimizeOptions& options,
                        const ProgressCallback& progress = {});

/// FIRE 2.0 (Guénolé et al. 2020, Algorithm 2) with a per-coordinate step cap.
MinimizeResult minimizeFire(Objective& objective, Eigen::VectorXd& x, const MinimizeOptions& options,
                            const ProgressCallback& progress = {});

/// L-BFGS (two-loop recursion) with a backtracking line search that accepts a
/// step on sufficient decrease, or, where energy differences are at rounding
/// level, on the approximate Wolfe conditions of Hager & Zhang (2005);
/// falls back to FIRE when even steepest descent fails (options.lbfgs.fire_fallback).
MinimizeResult minimizeLbfgs(Objective& objective, Eigen::VectorXd& x, const MinimizeOptions& options,
                             const ProgressCallback& progress = {});

/// Largest absolute component of `g` (0 for an empty vector).
double maxAbsComponent(const Eigen::VectorXd& g);

}  // namespace glassland
