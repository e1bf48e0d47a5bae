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
/// Search indices: search j from minimum m has index explore::searchIndex(m, j)
/// (explore/search_records.hpp), so every state owns a disjoint range of the
/// store's `searches` table; indices below explore::kSearchStride are the
/// explore stage's searches from the root minimum. The search rows are those
/// of the explore stage (explore::searchRecord, explore::foundTransition).
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
/// Event recycling (AdaptiveOptions::recycle; Xu & Henkelman 2008, EON's
/// saddle recycling; kART reuses events by their local environment). Events
/// are local: after a hop p -> m through transition e, an event of p whose
/// atoms are far from the atoms e moved is, in m, the same event in the same
/// environment. So when m is explored for the first time (no search of it in
/// the store), entered from parent p via e:
///  - the parent is the state the trajectory hopped from (onHop records it in
///    the trajectory's context, for plain hops and superbasin exits alike);
///    when the provider was not told (events() without a context), the other
///    end of the transition that discovered m (the lowest transition id
///    touching m);
///  - candidates: p's transitions in ascending id order, except e and those
///    touching m, relevant out of p (barrier below p's lowest + the window),
///    none of whose moving atoms (moved_threshold; either end of the move)
///    comes within recycle_radius of an atom that moved in e (either end);
///  - each candidate's saddle is mapped onto m: guess = x_m + (saddle_t - x_p),
///    atom by atom under minimum image, and runRecycledSearch re-converges it
///    from there (convergence phase only, min mode from Lanczos) with the
///    atoms within active_radius of t's moving atoms free, and verifies it as
///    any search (first order, connected to m, both sides relaxed, full
///    relaxation when configured). At most max_searches - min_fresh_searches;
///  - the results take the first indices of m's range (method "<method>-recycled"),
///    run in one parallel batch and are inserted in index order;
///  - a recycled search that finds a transition of m counts as max(1, h) hits
///    of it towards m's confidence, h being p's hits of t (p's own searches
///    plus what p inherited itself): p's searches near t saw the same atoms a
///    search of m near t would, so their evidence carries over; the recycled
///    find itself is no random sample and adds a hit only when p had none
///    (1 + h would grow by one per hop along a trajectory, and on the KA glass
///    let states stop after 2 searches from scratch at confidence 0.98-1.00
///    with fewer events per state). h is written into the recycled
///    search's `seed` column (a recycled search draws no random numbers), so a
///    later run rebuilds the same hit counts from the store;
///  - then the searches from scratch run, all centred near the atoms e moved
///    (EON's displace_moved_only: the far region is the recycled events'), at
///    least min_fresh_searches of them, until the confidence or max_searches
///    (recycled attempts count in min_searches and max_searches). The
///    confidence must be reached twice: over all hits (with the inherited
///    ones), and over the hits of the searches from scratch alone (EON counts
///    only those), since the parent's evidence says nothing of the region the
///    hop changed; with the first alone a lattice test stopped with hops of
///    the moved atom missing.
/// What recycling saves: a recycled attempt costs about half a search from
/// scratch (KA glass: 556 force calls, 95 % verified, against 1150-1235),
/// most of it the verification. When states spend their whole budget
/// (max_searches; the KA glass with max_searches 16), recycled attempts take
/// slots of searches from scratch: 1.56x fewer force calls per state and more
/// events per state (16.6 against 15.4). When the confidence releases states
/// early, recycling adds the far events to the catalogue but costs about as
/// much (the searches from scratch must still converge the hole).
/// Without recycling (or for the root, or a state with searches already) the
/// state is searched from scratch only, centred near the atoms that moved in
/// the transition by which it was entered.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "glassland/explore/explorer.hpp"
#include "glassland/kmc/adaptive_options.hpp"
#include "glassland/kmc/event_provider.hpp"
#include "glassland/kmc/kmc.hpp"
#include "glassland/landscape/event_store.hpp"
#include "glassland/saddle/search.hpp"

namespace glassland::kmc {

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

/// One recycled search from a state: (start structure, its energy, saddle
/// guess 3 x N, atoms that move in the recycled event, search index) ->
/// result. Must be safe to call concurrently. The default is runRecycledSearch
/// (see makeRecycler).
using Recycler =
    std::function<SearchResult(const Structure& start, double start_energy, const Positions& saddle_guess,
                               const std::vector<int>& core, long index)>;

/// runRecycledSearch(start, start_energy, potential, guess, core, seed, index,
/// options); the potential must outlive the recycler.
Recycler makeRecycler(const Potential& potential, std::uint64_t seed, SearchOptions options);

/// Resolved settings of the provider (AdaptiveOptions with defaults applied).
struct AdaptiveSettings {
  AdaptiveOptions options;       ///< as configured
  double window = 0.0;           ///< relevant window above the lowest barrier (energy units)
  double centre_radius = 1.5;    ///< resolved AdaptiveOptions::centre_radius (length)
  double moved_threshold = 0.3;  ///< resolved AdaptiveOptions::moved_threshold (length)
  int threads = 1;               ///< resolved thread count, >= 1
  double recycle_radius = 2.5;   ///< resolved AdaptiveOptions::recycle_radius (length)
  std::uint64_t seed = 1;        ///< global search seed (explore.seed)
  std::vector<int> centres;      ///< atoms (0-based) allowed as centres; empty: all
  /// Events take the store's prefactors (kmc.prefactor: vineyard) instead of
  /// the KMC options' fixed one.
  bool stored_prefactors = true;
};

/// The settings of `glassland kmc` with provider adaptive: kmc.adaptive with its
/// defaults resolved from the other sections (window at adaptive.temperature or
/// the highest kmc temperature; centre_radius: explore.push_radius;
/// moved_threshold: kmc.hop_threshold, then the units'; threads:
/// explore.threads, then all cores; recycle_radius: the potential's cutoff;
/// seed and centres (resolved on `root`) from explore:). Throws InputError
/// (`config_file`) when explore.searches reaches the indices of the adaptive
/// searches (explore::requireBelowAdaptiveSearches), or when the centres do
/// not resolve.
AdaptiveSettings adaptiveSettings(const KmcOptions& kmc, const ExploreOptions& campaign, const Units& units,
                                  double potential_cutoff, const Structure& root,
                                  const std::string& config_file);

/// What the provider reports after exploring a state.
struct ExplorationReport {
  landscape::MinimumId state = 0;  ///< the minimum explored
  long searches = 0;               ///< searches from it in the store (all runs)
  long new_searches = 0;           ///< of which run now
  long recycled = 0;               ///< of those, recycled attempts
  long recycled_found = 0;         ///< recycled attempts that found a transition of the state
  long events = 0;                 ///< escape events it now has
  double lowest_barrier = 0.0;     ///< lowest barrier out of it (NaN when none)
  double confidence = 0.0;         ///< searchConfidence of its relevant hits
};

/// Counters over the provider's lifetime.
struct AdaptiveStats {
  long states_explored = 0;       ///< states searched by this provider
  long searches_run = 0;          ///< searches run (including discarded ones past a stopping point)
  long searches_stored = 0;       ///< of which written to the store
  double search_seconds = 0;      ///< wall time spent in searches
  long force_calls = 0;           ///< force calls of the stored searches (recycled included)
  long recycled_run = 0;          ///< recycled attempts run (event recycling)
  long recycled_stored = 0;       ///< of which written to the store (counted in searches_stored too)
  long recycled_found = 0;        ///< of those, verified transitions of the state entered
  long recycled_force_calls = 0;  ///< force calls of the stored recycled attempts
};

/// The adaptive provider. StateId = landscape::MinimumId (store row id).
class AdaptiveProvider final : public EventProvider {
 public:
  /// Called after each state exploration (from the KMC thread).
  using Callback = std::function<void(const ExplorationReport&)>;

  /// `store` (opened for writing, outliving the provider) holds at least the
  /// root minimum `initial`; `searcher` runs the searches, `recycler` the
  /// recycled ones (none: no recycling, whatever options.recycle says).
  /// Throws InputError when `initial` is not in the store or the options are inconsistent.
  AdaptiveProvider(landscape::EventStore& store, landscape::MinimumId initial, Searcher searcher,
                   AdaptiveSettings settings, Callback callback = {}, Recycler recycler = {});
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
  /// Records in the context the parent and transition of the hop, for the
  /// recycling of the parent's events when the target is explored.
  void onHop(StateId state, const KmcEvent& event, ProviderContext* context) const override;
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
