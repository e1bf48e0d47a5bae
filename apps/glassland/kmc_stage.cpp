// `glassland kmc`: kinetic Monte Carlo over the basin graph of the store, or
// adaptive KMC that explores the states it enters and grows the store, or a
// lattice vacancy (validation), at every temperature of the config.

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <unordered_map>

#include <unistd.h>

#include "glassland/config/stage_options.hpp"
#include "glassland/explore/search_records.hpp"
#include "glassland/kmc/adaptive_provider.hpp"
#include "glassland/kmc/graph_provider.hpp"
#include "glassland/kmc/lattice_provider.hpp"
#include "glassland/landscape/event_store.hpp"
#include "progress.hpp"
#include "stages.hpp"
#include "system.hpp"

namespace glassland::app {

namespace {

/// The store's minimum equal to its root structure IS0 (where trajectories start).
landscape::MinimumId rootMinimum(const Config& config, const landscape::EventStore& store) {
  const System system = loadSystem(config);
  Structure s = store.root();
  Workspace ws;
  const double e0 = system.potential->compute(s, nullptr, ws);
  const auto id = store.findMinimum(e0, s.positions);
  if (!id)
    throw Error("the landscape store holds no minimum equal to its root structure (energy " +
                std::to_string(e0) + ")");
  return *id;
}

/// With kmc.prefactor: vineyard every transition must carry both prefactors;
/// a rate with the fixed nu instead would be a silent mix of two models.
void requireVineyard(const landscape::EventStore& store, const landscape::TransitionSummary& t) {
  if (t.prefactor_fwd && t.prefactor_rev) return;
  throw InputError(
      store.path(), 0,
      fmt::format(
          "kmc.prefactor is vineyard but transition {} (minimum {} -> {}) has no {} Vineyard prefactor: "
          "this store was explored without kmc.prefactor: vineyard (explore again into a new store, "
          "e.g. --set explore.store=vineyard.sqlite, or into a new output directory); or use a number "
          "for kmc.prefactor to run this store with a fixed prefactor",
          t.id, t.from_min, t.to_min, t.prefactor_fwd ? "reverse" : "forward"));
}

/// The basin graph of the store as KMC sees it: state s = the s-th minimum,
/// both directions of every transition, displacements from the store; the
/// trajectories start in the root minimum IS0.
kmc::KmcGraph graphFromStore(const Config& config, const landscape::EventStore& store, bool vineyard) {
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
    if (vineyard) requireVineyard(store, t);
    const landscape::SparseVectors d = store.displacements(t.id);
    std::vector<kmc::AtomDisplacement> moves(d.atoms.size());
    for (std::size_t k = 0; k < d.atoms.size(); ++k) {
      moves[k].atom = static_cast<int>(d.atoms[k]);
      moves[k].dr = d.vectors.col(static_cast<Eigen::Index>(k));
    }
    // Forward and reverse use the stored barriers (E_fwd, E_rev); with
    // kmc.prefactor: vineyard the stored prefactors, otherwise (0) the fixed
    // kmc.prefactor for every event, even when the store holds prefactors.
    const double nu_fwd = vineyard ? *t.prefactor_fwd : 0.0, nu_rev = vineyard ? *t.prefactor_rev : 0.0;
    graph.addEvent(state_of.at(t.from_min), state_of.at(t.to_min), t.e_fwd, nu_fwd, moves);
    for (auto& m : moves) m.dr = -m.dr;
    graph.addEvent(state_of.at(t.to_min), state_of.at(t.from_min), t.e_rev, nu_rev, moves);
  }
  graph.initial_state = state_of.at(rootMinimum(config, store));
  return graph;
}

}  // namespace

void runKmcStage(const StageArguments& args) {
  const Config config = Config::load(args.config_file, args.overrides);
  const kmc::KmcOptions options = kmcOptions(config);
  lockOutput(config);  // adaptive KMC writes the store (stages.hpp)

  std::unique_ptr<kmc::EventProvider> provider;
  // Adaptive KMC writes its searches into the store, which must stay open (and
  // the potential alive) while the trajectories run.
  std::optional<landscape::EventStore> adaptive_store;
  std::optional<System> system;
  const kmc::AdaptiveProvider* adaptive = nullptr;
  if (options.provider == "lattice-vacancy") {
    provider = std::make_unique<kmc::LatticeVacancyProvider>(options.lattice);
  } else if (options.provider == "graph") {
    const auto store = openStore(config, true);
    provider = std::make_unique<kmc::StaticGraphProvider>(graphFromStore(config, store, options.vineyard));
  } else if (options.provider == "adaptive") {
    const ExploreOptions explore = exploreOptions(config);
    explore::requireBelowAdaptiveSearches(explore.searches, config.file.string());
    adaptive_store.emplace(openStore(config, false));
    // The searches of this run compute prefactors (exploreOptions); the
    // transitions already stored must have them too.
    if (options.vineyard)
      for (const auto& t : adaptive_store->transitions()) requireVineyard(*adaptive_store, t);
    system.emplace(loadSystem(config));
    const kmc::AdaptiveSettings settings =
        kmc::adaptiveSettings(options, explore, config.unitSystem(), system->potential->cutoff(),
                              adaptive_store->root(), config.file.string());
    kmc::AdaptiveProvider::Callback report;
    if (!args.quiet) {
      report = [terminal = isatty(fileno(stderr)) != 0](const kmc::ExplorationReport& r) {
        // On a terminal: a carriage return and padding, so it overwrites the progress bar's line.
        std::fprintf(
            stderr, terminal ? "\r%-100s\n" : "%s\n",
            fmt::format(
                "kmc: explored state {} ({} searches, {} new, {} recycled of which {} found): {} events, "
                "lowest barrier {:.4g}, confidence {:.2f}",
                r.state, r.searches, r.new_searches, r.recycled, r.recycled_found, r.events, r.lowest_barrier,
                r.confidence)
                .c_str());
      };
    }
    auto p = std::make_unique<kmc::AdaptiveProvider>(
        *adaptive_store, rootMinimum(config, *adaptive_store),
        kmc::makeSearcher(*system->potential, explore.seed, explore.search), settings, report,
        kmc::makeRecycler(*system->potential, explore.seed, explore.search));
    adaptive = p.get();
    provider = std::move(p);
  } else {
    throw InputError(
        config.file.string(), 0,
        "kmc.provider '" + options.provider + "' is not available (use graph, adaptive or lattice-vacancy)");
  }

  const long total =
      static_cast<long>(options.temperatures.size()) * kmc::trajectoriesPerTemperature(options);
  ProgressBar bar("kmc", total, "trajectories", args.quiet);
  const auto results = kmc::runKmc(*provider, options, config.unitSystem(), [&](const kmc::KmcProgress& p) {
    bar.update(static_cast<long>(p.total_done));
  });
  bar.finish();
  nlohmann::json payload = kmc::toJson(results);
  if (adaptive) {
    const kmc::AdaptiveStats stats = adaptive->stats();
    payload["adaptive"] = {{"states_explored", stats.states_explored},
                           {"searches_stored", stats.searches_stored},
                           {"force_calls", stats.force_calls},
                           {"recycled_run", stats.recycled_run},
                           {"recycled_stored", stats.recycled_stored},
                           {"recycled_found", stats.recycled_found},
                           {"recycled_force_calls", stats.recycled_force_calls},
                           {"store_minima", adaptive_store->numMinima()},
                           {"store_transitions", adaptive_store->numTransitions()},
                           {"store_searches", adaptive_store->numSearches()}};
    // searches_run counts the searches past a state's stopping point that were
    // run in the same parallel batch and discarded: it depends on the thread
    // count, so it sits with the timings, outside what a rerun must reproduce.
    payload["timing"] = {{"search_seconds", stats.search_seconds}, {"searches_run", stats.searches_run}};
  }
  writeStageJson(config, "kmc", payload);

  if (!args.quiet && adaptive) {
    const kmc::AdaptiveStats stats = adaptive->stats();
    fmt::print(
        "kmc: adaptive exploration: {} states explored, {} searches ({} stored; {} recycled, {} found a "
        "transition) in {:.1f} s; store now holds {} minima, {} transitions\n",
        stats.states_explored, stats.searches_run, stats.searches_stored, stats.recycled_stored,
        stats.recycled_found, stats.search_seconds, adaptive_store->numMinima(),
        adaptive_store->numTransitions());
  }
  if (!args.quiet) printKmcTable(payload, config.unitSystem());
}

}  // namespace glassland::app
