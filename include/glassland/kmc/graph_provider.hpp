#pragma once
/// \file
/// A static basin graph held in memory, as KMC sees it. The landscape module's
/// BasinGraph (loaded from the event store) is converted into a KmcGraph by the
/// caller; tests build KmcGraphs by hand.

#include <string>
#include <vector>

#include "glassland/kmc/event_provider.hpp"

namespace glassland::kmc {

/// States 0..N-1 with energies and directed escape events. Plain data.
struct KmcGraph {
  std::vector<double> energies;            ///< energy of each state (energy units); may be empty
  std::vector<std::vector<KmcEvent>> out;  ///< out[s]: escape events of state s
  std::vector<int> atom_species;           ///< species index of each tracked atom
  std::vector<std::string> species_names;  ///< names of the species ("A", "B")
  StateId initial_state = 0;               ///< where trajectories start

  /// Number of states.
  StateId stateCount() const { return static_cast<StateId>(out.size()); }
  /// Adds an event from `from` with the given barrier (energy) and prefactor
  /// (1/time; <= 0 = the KMC options' prefactor). Grows `out` as needed.
  KmcEvent& addEvent(StateId from, StateId to, double barrier, double prefactor = 0.0,
                     std::vector<AtomDisplacement> displacements = {});
  /// Adds the pair i -> j and j -> i through a saddle of energy `saddle`, using
  /// `energies` for the barriers; `displacements` are those of i -> j (the reverse
  /// gets their negatives). Requires energies.size() > max(i, j).
  void addTransition(StateId i, StateId j, double saddle, const std::vector<AtomDisplacement>& displacements,
                     double prefactor = 0.0);
};

/// EventProvider over a KmcGraph (copied in). Every state is complete, so
/// superbasin acceleration applies.
class StaticGraphProvider final : public EventProvider {
 public:
  /// Throws InputError when an event targets a state outside the graph, an atom
  /// index is out of range, or a species index is out of range.
  explicit StaticGraphProvider(KmcGraph graph);

  std::string name() const override { return "graph"; }
  int atomCount() const override { return static_cast<int>(graph_.atom_species.size()); }
  const std::vector<int>& atomSpecies() const override { return graph_.atom_species; }
  const std::vector<std::string>& speciesNames() const override { return graph_.species_names; }
  StateId initialState() const override { return graph_.initial_state; }
  std::span<const KmcEvent> events(StateId state, ProviderContext* context) const override;
  bool statesAreComplete() const override { return true; }
  StateId stateCount() const override { return graph_.stateCount(); }

  /// The graph.
  const KmcGraph& graph() const { return graph_; }

 private:
  KmcGraph graph_;
};

}  // namespace glassland::kmc
