#pragma once
// Internal to the kmc module: per-event hop statistics and the superbasin table.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "glassland/kmc/event_provider.hpp"

namespace glassland::kmc {

/// What one hop adds to the estimator sums, per species: squared displacement,
/// number of atom moves beyond the hop threshold, and their squared length.
struct HopMeasure {
  const std::vector<int>* species = nullptr;
  int nspecies = 0;
  double threshold_sq = 0.0;  // squared hop threshold
  bool lateral = false;

  double squaredNorm(const Eigen::Vector3d& dr) const {
    return lateral ? dr.x() * dr.x() + dr.y() * dr.y() : dr.squaredNorm();
  }
  // Adds the event's contributions, scaled by `weight`, to the three per-species arrays.
  void add(const KmcEvent& event, double weight, double* hop_sq, double* thr_hops, double* thr_sq) const {
    for (const auto& d : event.displacements) {
      const int a = (*species)[static_cast<std::size_t>(d.atom)];
      const double sq = squaredNorm(d.dr);
      hop_sq[a] += weight * sq;
      if (sq > threshold_sq) {
        thr_hops[a] += weight;
        thr_sq[a] += weight * sq;
      }
    }
  }
};

/// One superbasin at one temperature: the absorbing Markov chain over its
/// states solved for every entry state (Novotny 1995).
struct Superbasin {
  std::vector<StateId> states;                          // local index -> state, ascending
  std::vector<std::span<const KmcEvent>> events;        // per local state: its escape events
  std::vector<std::vector<double>> rates;               // per local state: their rates (1/time)
  std::vector<double> total;                            // per local state: its total escape rate
  std::vector<std::vector<AtomDisplacement>> position;  // per local state, relative to states[0]
  struct Exit {
    int source_local = 0;
    StateId source = 0;
    const KmcEvent* event = nullptr;
  };
  std::vector<Exit> exits;
  std::vector<double> exit_cumulative;  // [entry * exits.size() + x]
  std::vector<double> mean_time;        // [entry]
  std::vector<double> expected;         // [entry * nstats + m]: see SuperbasinTable::nstats

  /// Local index of `state`, -1 when it is not a member.
  int localOf(StateId state) const;
  /// Probability that the first hop out of local state `local` goes to `state`:
  /// the hop that entered the basin at `local` from `state` is undone with it.
  double returnProbability(int local, StateId state) const;
};

/// All superbasins of an enumerated, complete provider at one temperature.
struct SuperbasinTable {
  int nstats = 0;             // 2 + 3 * nspecies: events, back hops, hop_sq[a], thr_hops[a], thr_sq[a]
  std::vector<int> basin_of;  // state -> index into basins, -1 when none
  std::vector<int> local_of;  // state -> local index in its basin
  std::vector<Superbasin> basins;
};

/// Settings of the superbasin construction.
struct SuperbasinSettings {
  double min_rate = 0.0;  // events at least this fast (both ways) join states
  int max_states = 200;
  double position_tolerance = 0.0;
};

/// Rate of event k of state s (1/time) at the temperature being built.
using RateOf = std::function<double(StateId state, std::size_t k)>;

/// Number of expected hop sums per entry state: events, back hops, then
/// hop_sq[a], thr_hops[a], thr_sq[a] for each species a.
inline int superbasinStatCount(int nspecies) { return 2 + 3 * nspecies; }

/// Solves one superbasin over `states` (ascending, each with its escape events
/// and their rates; the spans must outlive `basin`): positions, exit
/// distributions, mean exit times and expected hop sums of every entry state.
/// False when it cannot be used (a self-loop, internal paths that disagree on
/// a position, no exit, a state without escape).
bool solveSuperbasin(std::vector<StateId> states, std::vector<std::span<const KmcEvent>> events,
                     std::vector<std::vector<double>> rates, const HopMeasure& measure,
                     const SuperbasinSettings& settings, Superbasin& basin);

/// Builds the table (states joined, positions, exit distributions, expected
/// hop sums). Requires provider.statesAreComplete() and stateCount() >= 0.
std::unique_ptr<SuperbasinTable> buildSuperbasins(const EventProvider& provider, const RateOf& rate,
                                                  const HopMeasure& measure,
                                                  const SuperbasinSettings& settings);

}  // namespace glassland::kmc
