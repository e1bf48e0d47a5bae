// `glassland kmc`: kinetic Monte Carlo over the basin graph of the store (or
// over a lattice vacancy, for validation) at every temperature of the config.

#include <fmt/format.h>

#include <cmath>
#include <unordered_map>

#include "glassland/config/stage_options.hpp"
#include "glassland/kmc/graph_provider.hpp"
#include "glassland/kmc/lattice_provider.hpp"
#include "glassland/landscape/event_store.hpp"
#include "progress.hpp"
#include "stages.hpp"
#include "system.hpp"

namespace glassland::app {

namespace {

/// The basin graph of the store as KMC sees it: state s = the s-th minimum,
/// both directions of every transition, displacements from the store; the
/// trajectories start in the root minimum IS0.
kmc::KmcGraph graphFromStore(const Config& config, const landscape::EventStore& store) {
  const Structure& root = store.root();
  kmc::KmcGraph graph;
  graph.species_names = root.species;
  graph.atom_species = root.types;
  const auto minima = store.minima();
  std::unordered_map<landscape::MinimumId, kmc::StateId> state_of;
  for (const auto& m : minima) {
    state_of[m.id] = static_cast<kmc::StateId>(graph.energies.size());
    graph.energies.push_back(m.energy);
  }
  graph.out.resize(graph.energies.size());
  for (const auto& t : store.transitions()) {
    const landscape::SparseVectors d = store.displacements(t.id);
    std::vector<kmc::AtomDisplacement> moves(d.atoms.size());
    for (std::size_t k = 0; k < d.atoms.size(); ++k) {
      moves[k].atom = static_cast<int>(d.atoms[k]);
      moves[k].dr = d.vectors.col(static_cast<Eigen::Index>(k));
    }
    // Forward and reverse use the stored barriers (E_fwd, E_rev); prefactors
    // from the store when it has them, otherwise the kmc.prefactor.
    graph.addEvent(state_of.at(t.from_min), state_of.at(t.to_min), t.e_fwd, t.prefactor_fwd.value_or(0.0), moves);
    for (auto& m : moves) m.dr = -m.dr;
    graph.addEvent(state_of.at(t.to_min), state_of.at(t.from_min), t.e_rev, t.prefactor_rev.value_or(0.0), moves);
  }
  // The root minimum: the stored minimum equal to IS0.
  const System system = loadSystem(config);
  Structure s = root;
  Workspace ws;
  const double e0 = system.potential->compute(s, nullptr, ws);
  const auto id = store.findMinimum(e0, root.positions);
  if (!id) throw Error("the landscape store holds no minimum equal to its root structure (energy " +
                       std::to_string(e0) + ")");
  graph.initial_state = state_of.at(*id);
  return graph;
}

}  // namespace

void runKmcStage(const StageArguments& args) {
  const Config config = Config::load(args.config_file, args.overrides);
  const kmc::KmcOptions options = kmcOptions(config);

  std::unique_ptr<kmc::EventProvider> provider;
  if (options.provider == "lattice-vacancy") {
    provider = std::make_unique<kmc::LatticeVacancyProvider>(options.lattice);
  } else if (options.provider == "graph") {
    const auto path = storePath(config);
    if (!std::filesystem::exists(path)) {
      throw InputError(path.string(), 0, "no landscape store: run `glassland explore` first");
    }
    landscape::OpenOptions open;
    open.read_only = true;
    const auto store = landscape::EventStore::openExisting(path.string(), open);
    provider = std::make_unique<kmc::StaticGraphProvider>(graphFromStore(config, store));
  } else {
    throw InputError(config.file.string(), 0,
                     "kmc.provider '" + options.provider + "' is not available yet (use graph or lattice-vacancy)");
  }

  const long total = static_cast<long>(options.temperatures.size()) * options.trajectories;
  ProgressBar bar("kmc", total, "trajectories", args.quiet);
  const auto results = kmc::runKmc(*provider, options, config.unitSystem(),
                                   [&](const kmc::KmcProgress& p) { bar.update(static_cast<long>(p.total_done)); });
  bar.finish();
  writeStageJson(config, "kmc", kmc::toJson(results));

  if (!args.quiet) {
    fmt::print("kmc ({}):\n{:>10} {:>8} {:>12} {:>12} {:>8} {:>8}\n", results.provider, "T", "species", "D",
               "D_rw", "f", "f_err");
    for (std::size_t t = 0; t < results.temperatures.size(); ++t) {
      const auto& temperature = results.temperatures[t];
      for (std::size_t a = 0; a < results.species.size(); ++a) {
        const auto& e = temperature.species[a];
        fmt::print("{:>10.4g} {:>8} {:>12.4e} {:>12.4e} {:>8.4f} {:>8.4f}\n", temperature.temperature,
                   results.species[a], e.D, e.D_rw, e.f, e.f_err);
      }
    }
  }
}

}  // namespace glassland::app
