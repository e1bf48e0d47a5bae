#pragma once
/// \file
/// One atomistic saddle search, local: a random push of a centre atom and its
/// neighbours, a saddle search (ARTn or dimer) that moves only the atoms within
/// an active radius of the centre (the potential evaluates only what they
/// touch, so the cost does not grow with the system size), the refinement of
/// the saddle (second curvature, push over, relax both sides), an optional
/// full relaxation of both minima, and a plain result record.

#include <Eigen/Core>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "glassland/core/structure.hpp"
#include "glassland/potential/potential.hpp"
#include "glassland/saddle/saddle_search.hpp"
#include "glassland/saddle/vineyard.hpp"

namespace glassland {

/// Parameters of one atomistic search. Lengths in length units, energies in
/// energy units. Defaults suit Lennard-Jones units (sigma, epsilon).
struct SearchOptions {
  SaddleSearchOptions saddle;  ///< method, fmax (saddle convergence), limits, method parameters
  RefineOptions refine;        ///< push-over distance, side relaxation, identity tolerances
  /// Pushes tried at most per search: after an attempt that gave no first-order
  /// saddle connected to the start (ran away, fell back into the start basin,
  /// higher order, not connected, relaxation failed), a fresh random push is
  /// drawn, within saddle.max_force_calls for the whole search (failed attempts
  /// and their refinements included in SearchResult::saddle_force_calls). The
  /// search reports its last attempt. Pushes of one centre succeed with very
  /// different odds in a glass; on the KA glass 1 push gives 37 % success,
  /// 12 pushes 83 % (bench/RESULTS.md).
  int push_attempts = 12;
  /// Atoms within this distance of the centre (the centre included) are pushed.
  double push_radius = 1.5;
  /// Atoms within this distance of the centre steer the activation (its
  /// direction is built from their coordinates only: the softest mode of the
  /// Hessian restricted to them with ArtnOptions::climb_mode, else their
  /// displacement); the other active atoms relax but do not steer, so the
  /// search cannot slide into an elastic mode of the whole active region. 0:
  /// every active atom steers.
  double activation_radius = 1.5;
  /// Norm of the initial push over all pushed atoms (net translation removed).
  double push_norm = 0.1;
  /// Atoms within this distance of the centre move during the search and the
  /// local relaxations; all others stay frozen at their start positions.
  double active_radius = 4.0;
  /// After the local relaxations, relax both minima with every atom free
  /// (costs O(N) per force call) and classify them with the full structures.
  bool full_relax = true;
  /// With full_relax, also re-converge the saddle with every atom free,
  /// starting from the local saddle and its mode (O(N) per force call, a few
  /// dozen calls): the frozen shell raises a local saddle slightly, so the
  /// reported saddle energy, positions, lowest curvature and barriers are those
  /// of the whole system. SearchResult::saddle_force_calls counts the local
  /// search only; force_calls includes this re-convergence.
  bool full_saddle = true;
  /// Force calls at most for that re-convergence. When it fails, or its saddle
  /// lies more than refine.same_distance from the local one (another saddle),
  /// the local saddle is reported (SearchResult::saddle_whole_system false).
  long full_saddle_max_force_calls = 2000;
  /// Atoms displaced more than this between the two minima are listed in
  /// SearchResult::displacements.
  double displacement_threshold = 1e-3;
  /// Vineyard prefactors of converged searches (off by default: they cost
  /// 6 x 3 x active_atoms force calls of the active region per search). The
  /// app switches them on with `kmc.prefactor: vineyard` and sets the frequency unit.
  VineyardOptions vineyard;
};

/// One atom's displacement between the two minima of a transition.
struct AtomDisplacement {
  int atom = 0;           ///< atom index (0-based)
  Eigen::Vector3d delta;  ///< minimum-image displacement b - a (length units)
};

/// One push of a search: how it ended and the force calls of its phases.
struct PushRecord {
  /// The saddle search's outcome, or the refinement's when the saddle converged
  /// (Converged then means first order and connected to the start with the
  /// local minima; the full relaxation of both minima, SearchOptions::full_relax,
  /// may still reclassify the search).
  SearchOutcome outcome = SearchOutcome::TooManyForceCalls;
  long activation_force_calls = 0;   ///< push to the first curvature below the threshold
  long convergence_force_calls = 0;  ///< from there to the saddle (or to the failure)
  long refinement_force_calls = 0;   ///< second curvature, push-over and local relaxation of both sides
  long forceCalls() const {
    return activation_force_calls + convergence_force_calls + refinement_force_calls;
  }
};

/// Everything one search produced. Plain data: the Explorer hands it to a sink
/// (e.g. the landscape store). Energies are total energies of the whole system
/// (energy units). Positions are 3 x N and empty when the search produced no
/// saddle (outcomes TooManyForceCalls, EnergyRanAway, ReturnedToStart before a
/// saddle was found).
struct SearchResult {
  long index = 0;          ///< search index k
  std::uint64_t seed = 0;  ///< global seed; the RNG of search k is seeded from (seed, k)
  int centre = -1;         ///< centre atom (0-based)
  SaddleMethod method = SaddleMethod::Artn;
  /// True for a search started from a saddle guess (runRecycledSearch): no
  /// push, no activation; `pushes` holds one record, its convergence and refinement.
  bool recycled = false;
  SearchOutcome outcome = SearchOutcome::TooManyForceCalls;
  std::string message;          ///< details of the outcome
  long force_calls = 0;         ///< all force calls of the search (search + refinement + relaxations)
  long saddle_force_calls = 0;  ///< force calls to the converged saddle (every push and refinement)
  /// Every push tried, in order (SearchOptions::push_attempts at most): where
  /// saddle_force_calls went. They add up to saddle_force_calls less one (the
  /// evaluation of the start).
  std::vector<PushRecord> pushes;
  double wall_seconds = 0.0;
  int active_atoms = 0;  ///< atoms free during the search

  double saddle_energy = std::numeric_limits<double>::quiet_NaN();
  /// True when the saddle (energy, positions, lowest curvature) was
  /// re-converged with every atom free (SearchOptions::full_saddle); false for
  /// the saddle of the local region.
  bool saddle_whole_system = false;
  /// Why the saddle stayed local, appended to `message` (empty otherwise).
  std::string message_detail;
  Positions saddle_positions;
  double lowest_eigenvalue = std::numeric_limits<double>::quiet_NaN();  ///< at the saddle (energy/length^2)
  double second_eigenvalue = std::numeric_limits<double>::quiet_NaN();  ///< next curvature (deflated Lanczos)

  /// Minimum a: the side that is the start minimum (Converged), otherwise the
  /// side reached by pushing over along -mode. Minimum b: the other side.
  double energy_a = std::numeric_limits<double>::quiet_NaN();
  Positions positions_a;
  double energy_b = std::numeric_limits<double>::quiet_NaN();
  Positions positions_b;
  double barrier_forward = std::numeric_limits<double>::quiet_NaN();  ///< E_saddle - E_a
  double barrier_reverse = std::numeric_limits<double>::quiet_NaN();  ///< E_saddle - E_b
  std::vector<AtomDisplacement> displacements;  ///< atoms moved more than the threshold, b - a

  /// Vineyard prefactors (1/time; SearchOptions::vineyard) of a converged
  /// search from the Hessians of its active atoms at minimum a, the saddle and
  /// minimum b: forward a -> b, reverse b -> a. NaN when not asked for, when the
  /// search did not converge, or when the Hessians do not allow one
  /// (prefactor_message says why).
  double prefactor_forward = std::numeric_limits<double>::quiet_NaN();
  double prefactor_reverse = std::numeric_limits<double>::quiet_NaN();
  std::string prefactor_message;   ///< why a prefactor asked for is missing (empty otherwise)
  long prefactor_force_calls = 0;  ///< force calls of the Hessians (included in force_calls)

  /// Set by the Explorer: index of an earlier-finished search with the same
  /// saddle (energy and structure), -1 when this saddle is new.
  long duplicate_of = -1;

  /// True when saddle_positions hold a converged saddle.
  bool hasSaddle() const { return saddle_positions.cols() > 0; }
};

/// The RNG of search k: std::seed_seq over the 32-bit halves of (seed, k), so
/// every search has its own stream whatever thread runs it.
std::mt19937_64 searchRng(std::uint64_t seed, long k);

/// Largest per-atom distance between two configurations of the same atoms
/// under minimum image (length units).
double maxAtomDistance(const Cell& cell, const Positions& a, const Positions& b);

/// Runs search `k` around atom `centre` of `start` (a relaxed minimum, total
/// energy `start_energy`) with `potential`. Thread-safe for distinct calls (the
/// potential is shared and stateless; all scratch is local). Never throws on a
/// failed search: the outcome says what happened.
SearchResult runSearch(const Structure& start, double start_energy, const Potential& potential, int centre,
                       std::uint64_t seed, long k, const SearchOptions& options);

/// A search from a saddle guess instead of a push (event recycling, Xu &
/// Henkelman, J. Chem. Phys. 129, 114104 (2008)): `saddle_guess` (3 x N, any
/// image) is a saddle of a neighbouring state mapped onto `start`, `core` the
/// atoms that move in its event. The atoms within options.active_radius of
/// the core are free (at the guess), the others frozen at `start`; the
/// convergence phase of options.saddle.method runs from the guess with the min
/// mode from the guess's direction (convergeSaddle: no activation), within
/// saddle.max_force_calls; the saddle is then verified and completed exactly
/// as in runSearch (first order, connected to the start, both sides relaxed,
/// optional full relaxation and whole-system saddle). `seed` and `k` are only
/// recorded (no random numbers are drawn). Result: recycled = true, centre =
/// the core atom the guess displaces most. Thread-safe like runSearch.
SearchResult runRecycledSearch(const Structure& start, double start_energy, const Potential& potential,
                               const Positions& saddle_guess, const std::vector<int>& core,
                               std::uint64_t seed, long k, const SearchOptions& options);

}  // namespace glassland
