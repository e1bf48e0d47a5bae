#include "glassland/saddle/search.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>

#include "glassland/core/error.hpp"
#include "glassland/neighbor/neighbor_list.hpp"
#include "glassland/optimize/energy_objective.hpp"

namespace glassland {

std::mt19937_64 searchRng(std::uint64_t seed, long k) {
  const auto uk = static_cast<std::uint64_t>(k);
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                    static_cast<std::uint32_t>(uk), static_cast<std::uint32_t>(uk >> 32)};
  return std::mt19937_64(seq);
}

double maxAtomDistance(const Cell& cell, const Positions& a, const Positions& b) {
  double worst = 0.0;
  for (Eigen::Index i = 0; i < a.cols(); ++i)
    worst = std::max(worst, cell.minimumImage(b.col(i) - a.col(i)).norm());
  return worst;
}

namespace {

/// The local problem of one search: the atoms within active_radius of the
/// `core` atoms move, all others stay at their start positions; the objective
/// over them, its start point and value, and the projectors of the search.
struct LocalProblem {
  LocalProblem(const Structure& s, const Potential& potential, const std::vector<int>& core,
               double active_radius)
      : start(s),
        counted(potential),
        active(atomsWithin(s.cell, s.positions, core, active_radius)),
        all_active(static_cast<int>(active.size()) == s.size()),
        periodic(s.cell.periodic(0) && s.cell.periodic(1) && s.cell.periodic(2)),
        work(s),
        objective(counted, work, all_active ? AtomSubset{} : AtomSubset(active)),
        x0(objective.coordinates()),
        // Every atom free in a periodic cell: the translations are exact zero
        // modes, removed from everything. A local search: the frozen shell pins
        // the free region, but its net translation is still the softest,
        // elastic direction; it is removed from the min modes only (see findSaddle).
        projector(all_active && periodic ? Projector::translations(s.size()) : Projector()),
        mode_projector(Projector::translations(static_cast<Eigen::Index>(active.size()))) {
    // The local value differs from the total energy by a constant fixed by the
    // frozen atoms, which never move during the search: differences are exact.
    Eigen::VectorXd g0;
    e0_local = objective.evaluate(x0, g0);
  }

  const Structure& start;
  CountingPotential counted;
  const std::vector<int> active;  ///< sorted
  const bool all_active;
  const bool periodic;
  Structure work;
  EnergyObjective objective;
  const Eigen::VectorXd x0;
  const Projector projector;
  const Projector mode_projector;
  double e0_local = 0.0;
};

/// The frozen shell constrains the saddle (in the fcc vacancy at active
/// radius 4 sigma the local barrier is 5.494 against the NEB's 5.471766):
/// re-converges it with every atom free from the local saddle and mode, so the
/// reported energy, positions and curvature are those of the whole system.
void reconvergeWholeSystem(LocalProblem& p, double start_energy, const SaddleRun& run,
                           const SearchOptions& options, SearchResult& r) {
  const Structure& start = p.start;
  const int n_atoms = start.size();
  const std::vector<int>& active = p.active;
  CountingPotential& counted = p.counted;
  EnergyObjective& objective = p.objective;
  Structure& work = p.work;
  Structure whole = work;
  objective.setCoordinates(run.x);
  whole.positions = work.positions;
  EnergyObjective full(counted, whole);
  Eigen::VectorXd x_min_full = Eigen::Map<const Eigen::VectorXd>(start.positions.data(), 3 * n_atoms);
  Eigen::VectorXd mode_full = Eigen::VectorXd::Zero(3 * n_atoms);
  for (std::size_t a = 0; a < active.size(); ++a)
    mode_full.segment<3>(3 * static_cast<Eigen::Index>(active[a])) =
        run.mode.vector.segment<3>(3 * static_cast<Eigen::Index>(a));
  const Projector translations = p.periodic ? Projector::translations(n_atoms) : Projector();
  SaddleSearchOptions full_options = options.saddle;
  full_options.max_force_calls = options.full_saddle_max_force_calls;
  const Positions local_saddle = whole.positions;
  const SaddleRun frun = convergeSaddle(full, full.coordinates(), x_min_full, start_energy, mode_full,
                                        full_options, translations);
  full.setCoordinates(frun.x);
  // On the KA glass a local saddle can hold elastic strain against the frozen
  // shell; released, the search may slide to another (often the same soft)
  // saddle far away (40 searches: 18 distinct local saddles became 7). Such a
  // saddle is not the one the local search found: keep the local one then.
  const double drift = maxAtomDistance(start.cell, local_saddle, whole.positions);
  if (frun.outcome == SearchOutcome::Converged && drift <= options.refine.same_distance) {
    r.saddle_energy = frun.value;
    r.saddle_positions = whole.positions;
    r.lowest_eigenvalue = frun.mode.eigenvalue;
    r.saddle_whole_system = true;
  } else {
    r.message_detail = frun.outcome == SearchOutcome::Converged
                           ? "saddle kept local: with every atom free it moved by " + std::to_string(drift)
                           : "saddle kept local: re-converging with every atom free: " + frun.message;
  }
}

/// Harmonic TST prefactors of both directions (Vineyard 1957) over the atoms
/// that were free in the search, the others fixed where they are in each of
/// the three configurations; the reason in r.message_detail when one fails.
void addVineyard(LocalProblem& p, const Structure& a, const Structure& b, const SearchOptions& options,
                 SearchResult& r) {
  CountingPotential& counted = p.counted;
  const long before = counted.calls();
  const VineyardPrefactors v =
      vineyardPrefactors(counted, a, r.saddle_positions, b.positions,
                         p.all_active ? AtomSubset{} : AtomSubset(p.active), options.vineyard);
  r.prefactor_force_calls = counted.calls() - before;
  r.prefactor_forward = v.forward.value;
  r.prefactor_reverse = v.reverse.value;
  if (!v.forward.valid()) r.prefactor_message = "no forward Vineyard prefactor: " + v.forward.reason;
  if (!v.reverse.valid())
    r.prefactor_message += (r.prefactor_message.empty() ? "" : "; ") +
                           std::string("no reverse Vineyard prefactor: ") + v.reverse.reason;
  if (!r.prefactor_message.empty())
    r.message_detail += (r.message_detail.empty() ? "" : "; ") + r.prefactor_message;
}

/// Everything after the saddle search, shared by searches from scratch and
/// recycled ones: `run` (the last attempt) and its refinement `ref` become the
/// result: the saddle, optionally re-converged with every atom free, both
/// minima (optionally fully relaxed) and the classification (first order,
/// connected to the start).
SearchResult completeSearch(LocalProblem& p, double start_energy, const SaddleRun& run, const Refinement& ref,
                            const SearchOptions& options, SearchResult r,
                            std::chrono::steady_clock::time_point t0) {
  const Structure& start = p.start;
  const Cell& cell = start.cell;
  const int n_atoms = start.size();
  const bool all_active = p.all_active;
  const std::vector<int>& active = p.active;
  CountingPotential& counted = p.counted;
  EnergyObjective& objective = p.objective;
  Structure& work = p.work;
  const double e0_local = p.e0_local;
  r.active_atoms = static_cast<int>(active.size());
  r.saddle_force_calls = counted.calls();
  auto finish = [&](SearchOutcome outcome, const std::string& message) {
    r.outcome = outcome;
    r.message = r.message_detail.empty() ? message : message + "; " + r.message_detail;
    r.force_calls = counted.calls();
    r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
  };
  if (run.outcome != SearchOutcome::Converged) return finish(run.outcome, run.message);
  r.lowest_eigenvalue = run.mode.eigenvalue;
  r.saddle_energy = start_energy + (run.value - e0_local);
  objective.setCoordinates(run.x);
  r.saddle_positions = work.positions;

  r.second_eigenvalue = ref.second_eigenvalue;
  if (ref.outcome == SearchOutcome::HigherOrderSaddle || ref.outcome == SearchOutcome::RelaxationFailed)
    return finish(ref.outcome, ref.message);

  if (options.full_relax && options.full_saddle && !all_active)
    reconvergeWholeSystem(p, start_energy, run, options, r);

  objective.setCoordinates(ref.x_plus);
  Structure plus = work;
  objective.setCoordinates(ref.x_minus);
  Structure minus = work;
  double e_plus = start_energy + (ref.value_plus - e0_local);
  double e_minus = start_energy + (ref.value_minus - e0_local);
  bool plus_is_start = ref.plus_is_start, minus_is_start = ref.minus_is_start;
  if (options.full_relax && !all_active) {
    // The local minima are relaxed with the surroundings frozen; the elastic
    // far field relaxes a little further. Classify on the fully relaxed states.
    const MinimizeResult rp = relax(counted, plus, options.refine.relax);
    const MinimizeResult rm = relax(counted, minus, options.refine.relax);
    if (!rp.converged || !rm.converged)
      return finish(SearchOutcome::RelaxationFailed, "full relaxation of a side did not converge");
    e_plus = rp.value;
    e_minus = rm.value;
    auto isStart = [&](const Structure& s, double e) {
      return std::abs(e - start_energy) <= options.refine.same_energy &&
             maxAtomDistance(cell, start.positions, s.positions) <= options.refine.same_distance;
    };
    plus_is_start = isStart(plus, e_plus);
    minus_is_start = isStart(minus, e_minus);
  }
  // Minimum a is the start side when there is exactly one; otherwise the -mode side.
  const bool a_is_plus = plus_is_start && !minus_is_start;
  const Structure& a = a_is_plus ? plus : minus;
  const Structure& b = a_is_plus ? minus : plus;
  r.energy_a = a_is_plus ? e_plus : e_minus;
  r.energy_b = a_is_plus ? e_minus : e_plus;
  r.positions_a = a.positions;
  r.positions_b = b.positions;
  r.barrier_forward = r.saddle_energy - r.energy_a;
  r.barrier_reverse = r.saddle_energy - r.energy_b;
  for (int i = 0; i < n_atoms; ++i) {
    const Eigen::Vector3d delta = cell.minimumImage(b.positions.col(i) - a.positions.col(i));
    if (delta.norm() > options.displacement_threshold) r.displacements.push_back({i, delta});
  }
  SearchOutcome outcome = SearchOutcome::Converged;
  std::string message = "connected to the start";
  if (plus_is_start && minus_is_start) {
    outcome = SearchOutcome::ReturnedToStart;
    message = "both sides relax to the start minimum";
  } else if (!plus_is_start && !minus_is_start) {
    outcome = SearchOutcome::NotConnected;
    message = "neither side relaxes to the start minimum";
  }
  if (outcome == SearchOutcome::Converged && options.vineyard.enabled) addVineyard(p, a, b, options, r);
  return finish(outcome, message);
}

}  // namespace

SearchResult runSearch(const Structure& start, double start_energy, const Potential& potential, int centre,
                       std::uint64_t seed, long k, const SearchOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  SearchResult r;
  r.index = k;
  r.seed = seed;
  r.centre = centre;
  r.method = options.saddle.method;
  const Cell& cell = start.cell;
  const std::vector<int> centre_set{centre};
  const std::vector<int> pushed = atomsWithin(cell, start.positions, centre_set, options.push_radius);
  LocalProblem problem(start, potential, centre_set, options.active_radius);
  const std::vector<int>& active = problem.active;
  const bool all_active = problem.all_active;
  const Eigen::VectorXd& x0 = problem.x0;
  const double e0_local = problem.e0_local;
  const Projector& projector = problem.projector;
  const Projector& mode_projector = problem.mode_projector;
  EnergyObjective& objective = problem.objective;
  CountingPotential& counted = problem.counted;

  std::mt19937_64 rng = searchRng(seed, k);
  // Each attempt draws its push from the search's own stream: attempt j of
  // search k is the same whatever thread runs it.
  auto drawPush = [&] {
    Eigen::VectorXd push = Eigen::VectorXd::Zero(x0.size());
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<Eigen::Vector3d> d(pushed.size());
    Eigen::Vector3d mean = Eigen::Vector3d::Zero();
    for (auto& v : d) {
      for (int c = 0; c < 3; ++c) v(c) = normal(rng);
      mean += v;
    }
    // Net translation removed (lesson 2 of tests/data/lammps/README.md: otherwise the search
    // drifts along the zero-curvature translations); a lone atom keeps its direction.
    if (d.size() > 1) {
      mean /= static_cast<double>(d.size());
      for (auto& v : d) v -= mean;
    }
    for (std::size_t p = 0; p < pushed.size(); ++p) {
      const auto slot =
          all_active ? pushed[p] : std::lower_bound(active.begin(), active.end(), pushed[p]) - active.begin();
      push.segment<3>(3 * static_cast<Eigen::Index>(slot)) = d[p];
    }
    push *= options.push_norm / push.norm();
    return push;
  };
  SaddleSearchOptions attempt_options = options.saddle;
  if (options.activation_radius > 0) {
    const std::vector<int> steering =
        atomsWithin(cell, start.positions, centre_set, options.activation_radius);
    attempt_options.activation_weights = Eigen::VectorXd::Zero(x0.size());
    for (std::size_t a = 0; a < active.size(); ++a)
      if (std::binary_search(steering.begin(), steering.end(), active[a]))
        attempt_options.activation_weights.segment<3>(3 * static_cast<Eigen::Index>(a)).setOnes();
  }
  // Restarts: a push that climbs a wall, falls back into the basin or leads to
  // a saddle that is not first order and connected to the start is replaced by
  // a fresh one, within the search's force-call budget.
  SaddleRun run;
  Refinement ref;
  for (int attempt = 0; attempt < options.push_attempts; ++attempt) {
    const Eigen::VectorXd push = drawPush();
    attempt_options.max_force_calls = options.saddle.max_force_calls - counted.calls();
    if (attempt_options.max_force_calls <= 0) break;
    ref = Refinement{};
    run = findSaddle(objective, x0, e0_local, push, attempt_options, projector, &mode_projector);
    if (run.outcome == SearchOutcome::Converged)
      ref = refineSaddle(objective, run, x0, e0_local, options.refine, mode_projector);
    const SearchOutcome push_outcome = run.outcome == SearchOutcome::Converged ? ref.outcome : run.outcome;
    const long convergence_calls = run.force_calls - run.activation_force_calls;
    r.pushes.push_back({push_outcome, run.activation_force_calls, convergence_calls, ref.force_calls});
    if (run.outcome == SearchOutcome::Converged && ref.outcome == SearchOutcome::Converged) break;
    if (run.outcome == SearchOutcome::TooManyForceCalls) break;
  }
  return completeSearch(problem, start_energy, run, ref, options, std::move(r), t0);
}

SearchResult runRecycledSearch(const Structure& start, double start_energy, const Potential& potential,
                               const Positions& saddle_guess, const std::vector<int>& core,
                               std::uint64_t seed, long k, const SearchOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  if (saddle_guess.cols() != start.size() || core.empty())
    throw Error("runRecycledSearch: the guess must hold every atom and the core at least one");
  SearchResult r;
  r.index = k;
  r.seed = seed;
  r.method = options.saddle.method;
  r.recycled = true;
  const Cell& cell = start.cell;
  // The record's centre: the core atom that the guess displaces most.
  double largest = -1.0;
  for (int i : core) {
    const double d = cell.minimumImage(saddle_guess.col(i) - start.positions.col(i)).norm();
    if (d > largest) {
      largest = d;
      r.centre = i;
    }
  }
  std::vector<int> core_sorted = core;
  std::sort(core_sorted.begin(), core_sorted.end());
  core_sorted.erase(std::unique(core_sorted.begin(), core_sorted.end()), core_sorted.end());
  LocalProblem problem(start, potential, core_sorted, options.active_radius);
  // The guess on the free atoms (the image nearest the start); the frozen ones
  // stay at the start.
  auto place = [&](int i) {
    problem.work.positions.col(i) =
        start.positions.col(i) + cell.minimumImage(saddle_guess.col(i) - start.positions.col(i));
  };
  if (problem.all_active) {
    for (int i = 0; i < start.size(); ++i) place(i);
  } else {
    for (int i : problem.active) place(i);
  }
  const Eigen::VectorXd x_guess = problem.objective.coordinates();
  // The mode guess: the way from the minimum to the saddle guess (Lanczos then
  // finds the unstable mode near it; the saddle's own mode is not stored).
  Eigen::VectorXd mode_guess = problem.mode_projector.projected(x_guess - problem.x0);
  SaddleRun run;
  Refinement ref;
  if (!(mode_guess.norm() > 0)) {
    run.outcome = SearchOutcome::ReturnedToStart;
    run.message = "the saddle guess is the start minimum";
  } else {
    mode_guess.normalize();
    // No activation: the convergence phase of the method from the guess, as
    // for the re-convergence of a local saddle with every atom free.
    SaddleSearchOptions converge_options = options.saddle;
    converge_options.max_force_calls = options.saddle.max_force_calls - problem.counted.calls();
    run = convergeSaddle(problem.objective, x_guess, problem.x0, problem.e0_local, mode_guess,
                         converge_options, problem.projector, &problem.mode_projector);
    if (run.outcome == SearchOutcome::Converged)
      ref = refineSaddle(problem.objective, run, problem.x0, problem.e0_local, options.refine,
                         problem.mode_projector);
  }
  const SearchOutcome outcome = run.outcome == SearchOutcome::Converged ? ref.outcome : run.outcome;
  r.pushes.push_back({outcome, 0, run.force_calls, ref.force_calls});
  return completeSearch(problem, start_energy, run, ref, options, std::move(r), t0);
}

}  // namespace glassland
