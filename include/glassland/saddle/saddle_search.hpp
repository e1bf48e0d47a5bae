#pragma once
/// \file
/// Saddle searches on an Objective (any differentiable function of a flat
/// vector: an atomistic energy over the active atoms, or a 2-D model surface):
/// ART nouveau and the dimer method, from a minimum plus an initial push; and
/// the refinement of a converged saddle (push over along +/- the min mode,
/// relax both sides, classify). The atomistic driver (search.hpp) builds the
/// push and the local objective and calls these.

#include <Eigen/Core>
#include <functional>
#include <limits>
#include <string>
#include <string_view>

#include "glassland/core/options.hpp"
#include "glassland/optimize/minimize.hpp"
#include "glassland/saddle/min_mode.hpp"
#include "glassland/saddle/outcome.hpp"

namespace glassland {

/// Which saddle search runs.
enum class SaddleMethod {
  Artn,   ///< ART nouveau with Lanczos (Barkema & Mousseau 1996; Malek & Mousseau 2000; Jay et al. 2022)
  Dimer,  ///< dimer with improved rotation and L-BFGS translation (Henkelman & Jonsson 1999; Heyden et al.
          ///< 2005; Kaestner & Sherwood 2008)
};

/// "artn" | "dimer".
std::string_view methodName(SaddleMethod method);
/// Inverse of methodName; throws InputError.
SaddleMethod parseMethod(std::string_view name);

/// How ARTn converges once the curvature is negative.
enum class ArtnConvergence { Lbfgs, Perpendicular };

/// ARTn parameters (activation ones also used by the dimer method). Lengths in length units, curvatures in
/// energy/length^2. Defaults suit Lennard-Jones units (sigma, epsilon).
struct ArtnOptions {
  /// Activation: step along the push direction per basin iteration.
  double basin_step = 0.05;
  /// Activation: push along the current displacement from the minimum (original
  /// ART, Barkema & Mousseau 1996) rather than along the fixed initial push.
  bool follow_displacement = true;
  /// Activation: once the lowest mode is known, climb along it (oriented away
  /// from the minimum) instead of along the push; the push then only seeds the
  /// min-mode finder. With SaddleSearchOptions::activation_weights (local
  /// searches), the mode climbed is the softest of the Hessian restricted to
  /// the steering atoms (the others held): the softest way out of their cage,
  /// while all the others relax. KA glass, 100 searches with 12 pushes each:
  /// 83 % success against 53 % following the displacement (bench/RESULTS.md).
  bool climb_mode = true;
  /// Activation: Lanczos vectors grown from the random push at the minimum
  /// whose lowest Ritz vector replaces the push direction (same norm, same
  /// side); 0 keeps the raw push. A raw push is mostly stiff bond compression.
  int soften_push = 8;
  /// Activation: EnergyRanAway once the value is this far above the minimum
  /// (energy units) with the curvature still above the threshold (a push that
  /// climbs a wall; the search driver then tries another push). With the
  /// curvature-scaled steps below a failing push is cheap, so 8 (KA glass,
  /// 100 searches: 6 gives 83 % success, 8 88 %, 10 96 % but with barriers
  /// ~0.5 epsilon higher on the same searches, bench/RESULTS.md).
  double basin_max_rise = 8.0;
  /// Activation with climb_mode: while the lowest curvature lambda (the
  /// check of this step) is above this (energy/length^2), the climb step is
  /// basin_step * min(lambda / basin_step_curvature, basin_step_max_scale).
  /// Deep in the basin the curvature is high and the climb direction stable,
  /// so long steps are safe; near the inflection (lambda -> 0) the step falls
  /// back to basin_step so that the negative region is not stepped over. KA
  /// glass: activation of a successful push 285 -> 150 force calls. 0: off.
  double basin_step_curvature = 3.0;
  /// Largest factor of that scaling (>= 1).
  double basin_step_max_scale = 3.0;
  /// Activation: steps along the push before the first Lanczos (pARTn's ninit).
  int pushes_before_lanczos = 1;
  /// Activation: perpendicular relaxation steps after each basin step (8: the
  /// same success as 15 on the KA glass at fewer force calls, bench/RESULTS.md).
  int basin_perp_steps = 8;
  /// Activation: Lanczos vectors at most for the lowest-curvature check after
  /// each basin step (0: lanczos.max_iterations). The check only has to see the
  /// curvature cross the threshold: 8 keeps the KA success and saves ~15 % of
  /// the force calls against 20 (bench/RESULTS.md).
  int basin_lanczos_iterations = 8;
  /// Activation: basin iterations at most before declaring ReturnedToStart.
  int max_basin_steps = 40;
  /// Leave the basin when the lowest eigenvalue drops below this (negative).
  double eigenvalue_threshold = -0.5;
  /// Convergence: largest step along the min mode per iteration.
  double max_mode_step = 0.1;
  /// Convergence: perpendicular relaxation steps at most per iteration.
  int max_perp_steps = 8;
  /// Convergence: perpendicular relaxation stops once max|g_perp| is below
  /// this fraction of |g . mode| (or below fmax / 2, whichever is larger).
  double perp_fraction = 0.5;
  /// Convergence (both methods): iterations at most whose lowest curvature is
  /// non-negative again (each then takes an activation step) before the search
  /// gives up with ReturnedToStart.
  int max_lost_steps = 20;
  /// Curvature floor in the Newton step along the mode, |lambda| >= this, so a
  /// near-zero curvature does not produce a huge step (which max_mode_step caps anyway).
  double min_curvature = 0.1;

  /// Convergence, key `convergence`: Lbfgs ("lbfgs") climbs with L-BFGS on the
  /// modified force F - 2 (F.v) v, the mode v from Lanczos (the translation of
  /// Kaestner & Sherwood 2008 as in EON's Lanczos min-mode method, with the
  /// `dimer:` translation settings); Perpendicular ("perpendicular") takes a
  /// Newton step along v, then perpendicular relaxation steps (pARTn). KA glass:
  /// 86 % success at 1260 median force calls against 81 % at 1463.
  ArtnConvergence convergence = ArtnConvergence::Lbfgs;
  /// Convergence with Lbfgs: iterations between Lanczos updates of the mode (a
  /// held mode keeps the modified force one function, so the L-BFGS pairs
  /// agree; the mode is also refreshed where the curvature was not negative
  /// and before convergence is declared).
  int mode_interval = 4;

  /// Keys equal the field names. Rejects unknown keys. Throws InputError.
  static ArtnOptions fromYaml(OptionsReader& section);
};

/// Dimer translation parameters.
struct DimerOptions {
  /// Largest translation step (norm, length units).
  double max_step = 0.1;
  /// L-BFGS memory (pairs).
  int memory = 10;
  /// Reset L-BFGS memory when the mode turns by more than this (degrees) in one step.
  double reset_angle = 30.0;

  /// Keys equal the field names. Rejects unknown keys. Throws InputError.
  static DimerOptions fromYaml(OptionsReader& section);
};

/// Perpendicular relaxation inside ARTn and during activation: steepest
/// descent with Barzilai-Borwein steps on the gradient with the mode (or push)
/// component removed.
struct PerpRelaxOptions {
  double initial_step = 0.01;  ///< first step length per unit force (length^2/energy; ~1/stiffest curvature)
  double max_step = 0.1;       ///< largest BB step length per unit force (length^2/energy)
  double max_move = 0.05;      ///< largest change of one coordinate per step (length units)

  /// Keys equal the field names. Rejects unknown keys. Throws InputError.
  static PerpRelaxOptions fromYaml(OptionsReader& section);
};

/// One line of a search's trace (for logs and tuning).
struct SaddleTraceStep {
  const char* phase;                   ///< "basin" or "converge"
  int iteration;                       ///< outer iteration
  long force_calls;                    ///< so far
  double value;                        ///< objective value (energy)
  double fmax;                         ///< largest |gradient component|
  double eigenvalue;                   ///< current lowest-curvature estimate
  int mode_iterations;                 ///< Lanczos iterations / dimer rotations of the last min-mode call
  const Eigen::VectorXd* x = nullptr;  ///< current point (valid during the call only)
};

/// Everything a saddle search needs besides the objective.
struct SaddleSearchOptions {
  /// Called once per outer iteration when set (not read from YAML).
  std::function<void(const SaddleTraceStep&)> trace;
  SaddleMethod method = SaddleMethod::Artn;
  /// Saddle converged when the largest |gradient component| (the largest force
  /// component on a free atom) is below this (energy/length): 1e-3 epsilon/sigma
  /// for LJ, close to EON's 0.01 eV/Angstrom for a metal.
  double fmax = 1e-3;
  /// Force calls (objective evaluations) at most for the search itself.
  long max_force_calls = 10000;
  /// EnergyRanAway when the value rises above the start by more than this (energy units).
  double max_energy_rise = 20.0;
  /// When non-empty (the objective's dimension): weights of the coordinates in
  /// the activation direction (1 for the atoms that define the reaction
  /// coordinate, 0 for the others), so that the surroundings relax but never
  /// steer the push. Set per search by the atomistic driver (not from YAML).
  Eigen::VectorXd activation_weights;
  ArtnOptions artn;
  DimerOptions dimer;
  PerpRelaxOptions perp;
  LanczosOptions lanczos;         ///< min-mode finder of ARTn
  DimerRotationOptions rotation;  ///< min-mode finder of the dimer method
};

/// A search's end point before refinement.
struct SaddleRun {
  SearchOutcome outcome = SearchOutcome::TooManyForceCalls;  ///< Converged when a saddle was reached
  Eigen::VectorXd x;                                         ///< last point (the saddle when converged)
  double value = 0.0;                                        ///< objective value at x
  Eigen::VectorXd gradient;                                  ///< gradient at x
  MinMode mode;          ///< lowest mode at x (the unstable mode at a saddle)
  long force_calls = 0;  ///< objective evaluations, min-mode finding included
  /// Of force_calls, those of the activation (push to the first curvature below
  /// the threshold); all of them when the activation failed.
  long activation_force_calls = 0;
  int iterations = 0;   ///< outer iterations (activation + convergence)
  std::string message;  ///< what happened, for logs
};

/// Finds a saddle of `f` starting from the minimum `x_min` (value `value_min`)
/// displaced by `push` (same size as x_min, non-zero), with options.method.
/// `projector` removes directions (rigid translations when every atom of a
/// periodic system is free; the identity otherwise) from the push, the modes
/// and the steps. The outcome is Converged, TooManyForceCalls, EnergyRanAway or
/// ReturnedToStart; refineSaddle then classifies a Converged run further.
/// `mode_projector`, when given, replaces `projector` in the min-mode finder
/// only: a local search (frozen surroundings) removes the net translation of
/// the free atoms from the modes, a soft elastic direction that is never the
/// event, while its steps still relax that translation.
SaddleRun findSaddle(Objective& f, const Eigen::VectorXd& x_min, double value_min,
                     const Eigen::VectorXd& push, const SaddleSearchOptions& options,
                     const Projector& projector = {}, const Projector* mode_projector = nullptr);

/// Converges a saddle from a point `x` already close to one (the saddle of a
/// local search, now with more atoms free), with options.method's convergence
/// phase only (no activation): the min mode is found from `mode_guess`, then
/// the search climbs along it and relaxes perpendicular to it until the
/// largest gradient component is below options.fmax. `x_min`/`value_min` (the
/// start minimum) serve the energy limit and the lost-curvature steps.
/// Projectors as in findSaddle. Outcome: Converged, TooManyForceCalls,
/// EnergyRanAway or ReturnedToStart.
SaddleRun convergeSaddle(Objective& f, const Eigen::VectorXd& x, const Eigen::VectorXd& x_min,
                         double value_min, const Eigen::VectorXd& mode_guess,
                         const SaddleSearchOptions& options, const Projector& projector = {},
                         const Projector* mode_projector = nullptr);

/// How a converged saddle is checked and connected.
struct RefineOptions {
  /// Push over the saddle along +/- the mode by this distance (norm, length units).
  double push_over = 0.05;
  /// Relaxation of both sides (method, fmax, max_iterations).
  MinimizeOptions relax = [] {
    MinimizeOptions o;
    o.method = MinimizeMethod::Lbfgs;
    o.fmax = 1e-5;
    o.max_iterations = 5000;
    return o;
  }();
  /// Two minima are the same when no point (group of `point_dimension`
  /// coordinates) differs by more than this (length units) ...
  double same_distance = 0.1;
  /// ... and their values differ by at most this (energy units).
  double same_energy = 1e-3;
  /// Coordinates per point for the distance: 3 for atoms, 1 for a model surface.
  int point_dimension = 3;
  /// Second-lowest curvature must exceed this (energy/length^2) for a first-order
  /// saddle. Slightly negative, since finite-difference curvature has noise and
  /// soft modes of a glass are near zero.
  double second_eigenvalue_floor = -1e-2;
  /// Lanczos used for the second eigenvalue (deflated by the saddle's mode).
  /// Forward differences from the saddle's own gradient with a 1e-4 step: one
  /// call per vector instead of two, and on KA saddles the same second
  /// curvature as central differences with 1e-3 to 2e-3 (the ~0.01 bias of a
  /// 1e-3 forward step is the third derivative's; bench/RESULTS.md). On the
  /// clamped 4 sigma region the 40 vectors are always used: the spectrum's
  /// low end is dense, so Ritz values (upper bounds) converge slowly.
  LanczosOptions lanczos = [] {
    LanczosOptions o;
    o.min_iterations = 5;
    o.max_iterations = 40;
    o.tolerance = 1e-3;
    o.displacement = 1e-4;
    o.central = false;
    return o;
  }();
};

/// Result of refining a saddle: the two minima next to it and its classification.
struct Refinement {
  /// Converged (connected to the start), NotConnected, HigherOrderSaddle,
  /// ReturnedToStart (both sides are the start) or RelaxationFailed.
  SearchOutcome outcome = SearchOutcome::RelaxationFailed;
  Eigen::VectorXd x_plus, x_minus;  ///< minima on the +mode and -mode sides
  double value_plus = 0.0, value_minus = 0.0;
  bool plus_is_start = false, minus_is_start = false;
  double second_eigenvalue = 0.0;  ///< lowest curvature orthogonal to the saddle's mode
  long force_calls = 0;
  std::string message;
};

/// Largest distance between corresponding points of a and b, each point being
/// `point_dimension` consecutive coordinates.
double maxPointDistance(const Eigen::VectorXd& a, const Eigen::VectorXd& b, int point_dimension);

/// Refines a Converged `run`: checks its second-lowest curvature, pushes over
/// along +/- run.mode.vector, relaxes both sides, and compares each minimum
/// with the start (`x_min`, `value_min`).
Refinement refineSaddle(Objective& f, const SaddleRun& run, const Eigen::VectorXd& x_min, double value_min,
                        const RefineOptions& options, const Projector& projector = {});

}  // namespace glassland
