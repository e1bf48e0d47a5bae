#pragma once
/// \file
/// Adaptive (on-the-fly) kinetic Monte Carlo over the landscape store, in the
/// manner of EON's adaptive KMC (Xu & Henkelman, J. Chem. Phys. 129, 114104
/// (2008)) and kART (El-Mellouhi, Mousseau & Lewis, PRB 78, 153202 (2008)):
/// the states are the store's minima; when KMC enters a state that has not
/// been explored enough, saddle searches are run from its structure, every
/// result is written to the store (which is the catalogue, reused by later
/// trajectories and later runs), and the state's escape events are the
/// store's transitions touching it, in both orientations.
///
/// Search indices: search j from minimum m has index m * kSearchStride + j,
/// so every state owns a disjoint range of the store's `searches` table and
/// a rerun skips nothing it needs and repeats nothing it has; indices below
/// kSearchStride are the explore stage's searches from the root minimum.
/// Search seeds come from (explore seed, index), centres from an RNG seeded
/// from (explore seed, index) too, so the catalogue is a function of the
/// seed and the order in which states are first entered.
///
/// Determinism: searches of one state run in parallel batches (threads; first
/// up to min_searches, then `threads` at a time) and
/// are inserted into the store in index order, the stopping rule being checked
/// after each; results past the stopping point are discarded, so the
/// catalogue does not depend on the thread count. Trajectories run one after
/// another (parallelTrajectories() is false), each with its own RNG stream,
/// so the order in which states are first entered is fixed by the seed.
///
/// Not done: saddle recycling (keeping far-away events after a hop, Xu &
/// Henkelman 2008) — each new state is searched afresh.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "glassland/kmc/adaptive_options.hpp"
#include "glassland/kmc/event_provider.hpp"
#include "glassland/landscape/event_store.hpp"
#include "glassland/saddle/search.hpp"

namespace glassland::kmc {

/// Width of each minimum's range of search indices (see the file comment).
inline constexpr long kSearchStride = 1'000'000;

/// Estimated fraction of a state's relevant processes already found, from
/// `unique` distinct processes seen in `hits` search hits, assuming equally
/// likely processes: the c in (0, 1] with c = 1 - exp(-(hits / unique) c)
/// (Xu & Henkelman 2008; EON's "new" confidence scheme, which writes it with
/// the Lambert W function). 0 when hits == 0 or hits <= unique.
double searchConfidence(long unique, long hits);

/// One saddle search from a state: (start structure, its energy, centre atom,
/// search index) -> result. Must be safe to call concurrently. The default is
/// runSearch with a potential, seed and SearchOptions (see makeSearcher).
using Searcher =
    std::function<SearchResult(const Structure& start, double start_energy, int centre, long index)>;

/// runSearch(start, start_energy, potential, centre, seed, index, options);
/// the potential must outlive the searcher.
Searcher makeSearcher(const Potential& potential, std::uint64_t seed, SearchOptions options);

/// Resolved settings of the provider (AdaptiveOptions with defaults applied).
struct AdaptiveSettings {
  AdaptiveOptions options;       ///< as configured
  double window = 0.0;           ///< relevant window above the lowest barrier (energy units)
  double centre_radius = 1.5;    ///< resolved AdaptiveOptions::centre_radius (length)
  double moved_threshold = 0.3;  ///< resolved AdaptiveOptions::moved_threshold (length)
  int threads = 1;               ///< resolved thread count, >= 1
  std::uint64_t seed = 1;        ///< global search seed (explore.seed)
  std::vector<int> centres;      ///< atoms (0-based) allowed as centres; empty: all
  /// Events take the store's prefactors (kmc.prefactor: vineyard) instead of
  /// the KMC options' fixed one.
  bool stored_prefactors = true;
};

/// What the provider reports after exploring a state.
struct ExplorationReport {
  landscape::MinimumId state = 0;  ///< the minimum explored
  long searches = 0;               ///< searches from it in the store (all runs)
  long new_searches = 0;           ///< of which run now
  long events = 0;                 ///< escape events it now has
  double lowest_barrier = 0.0;     ///< lowest barrier out of it (NaN when none)
  double confidence = 0.0;         ///< searchConfidence of its relevant hits
};

/// Counters over the provider's lifetime.
struct AdaptiveStats {
  long states_explored = 0;   ///< states searched by this provider
  long searches_run = 0;      ///< searches run (including discarded ones past a stopping point)
  long searches_stored = 0;   ///< of which written to the store
  double search_seconds = 0;  ///< wall time spent in searches
};

/// The adaptive provider. StateId = landscape::MinimumId (store row id).
class AdaptiveProvider final : public EventProvider {
 public:
  /// Called after each state exploration (from the KMC thread).
  using Callback = std::function<void(const ExplorationReport&)>;

  /// `store` (opened for writing, outliving the provider) holds at least the
  /// root minimum `initial`; `searcher` runs the searches. Throws InputError
  /// when `initial` is not in the store or the options are inconsistent.
  AdaptiveProvider(landscape::EventStore& store, landscape::MinimumId initial, Searcher searcher,
                   AdaptiveSettings settings, Callback callback = {});
  ~AdaptiveProvider() override;

  std::string name() const override { return "adaptive"; }
  int atomCount() const override { return static_cast<int>(species_.size()); }
  const std::vector<int>& atomSpecies() const override { return species_; }
  const std::vector<std::string>& speciesNames() const override { return names_; }
  StateId initialState() const override { return initial_; }
  std::unique_ptr<ProviderContext> newContext() const override;
  /// Explores `state` first when needed (runs searches, writes the store), then
  /// returns its events. Throws glassland::Error for a state not in the store.
  std::span<const KmcEvent> events(StateId state, ProviderContext* context) const override;
  /// Every state is a stored minimum: its positions are fixed by its id.
  bool statesAreComplete() const override { return true; }
  /// Counts the changes of `state`'s event list (new transitions touching it).
  std::uint64_t eventsRevision(StateId state) const override;
  /// The catalogue grows as trajectories run: they run one at a time.
  bool parallelTrajectories() const override { return false; }

  /// True when `state` needs no more searches.
  bool explored(landscape::MinimumId state) const;
  /// Counters so far.
  AdaptiveStats stats() const;

 private:
  struct Catalogue;
  std::vector<int> species_;
  std::vector<std::string> names_;
  StateId initial_ = 0;
  std::unique_ptr<Catalogue> catalogue_;
  mutable std::mutex mutex_;
};

}  // namespace glassland::kmc
