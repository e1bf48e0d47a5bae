#include "glassland/kmc/graph_provider.hpp"

#include <string>

#include "glassland/core/error.hpp"

namespace glassland::kmc {

KmcEvent& KmcGraph::addEvent(StateId from, StateId to, double barrier, double prefactor,
                             std::vector<AtomDisplacement> displacements) {
  const auto needed = static_cast<std::size_t>(std::max(from, to) + 1);
  if (out.size() < needed) out.resize(needed);
  KmcEvent event;
  event.target = to;
  event.barrier = barrier;
  event.prefactor = prefactor;
  event.displacements = std::move(displacements);
  auto& list = out[static_cast<std::size_t>(from)];
  list.push_back(std::move(event));
  return list.back();
}

void KmcGraph::addTransition(StateId i, StateId j, double saddle,
                             const std::vector<AtomDisplacement>& displacements, double prefactor) {
  const auto ei = energies.at(static_cast<std::size_t>(i));
  const auto ej = energies.at(static_cast<std::size_t>(j));
  std::vector<AtomDisplacement> reverse = displacements;
  for (auto& d : reverse) d.dr = -d.dr;
  addEvent(i, j, saddle - ei, prefactor, displacements);
  addEvent(j, i, saddle - ej, prefactor, std::move(reverse));
}

StaticGraphProvider::StaticGraphProvider(KmcGraph graph) : graph_(std::move(graph)) {
  const StateId n = graph_.stateCount();
  const int atoms = static_cast<int>(graph_.atom_species.size());
  const int nspecies = static_cast<int>(graph_.species_names.size());
  if (n == 0) throw InputError("KMC graph has no states");
  if (graph_.initial_state < 0 || graph_.initial_state >= n) {
    throw InputError("KMC graph: initial state " + std::to_string(graph_.initial_state) +
                     " is not in the graph");
  }
  for (int species : graph_.atom_species) {
    if (species < 0 || species >= nspecies) {
      throw InputError("KMC graph: atom species index " + std::to_string(species) + " has no name");
    }
  }
  for (StateId s = 0; s < n; ++s) {
    for (const auto& event : graph_.out[static_cast<std::size_t>(s)]) {
      if (event.target < 0 || event.target >= n) {
        throw InputError("KMC graph: event from state " + std::to_string(s) + " targets unknown state " +
                         std::to_string(event.target));
      }
      for (const auto& d : event.displacements) {
        if (d.atom < 0 || d.atom >= atoms) {
          throw InputError("KMC graph: event from state " + std::to_string(s) + " moves unknown atom " +
                           std::to_string(d.atom));
        }
      }
    }
  }
}

std::span<const KmcEvent> StaticGraphProvider::events(StateId state, ProviderContext* /*context*/) const {
  return graph_.out[static_cast<std::size_t>(state)];
}

}  // namespace glassland::kmc
