#pragma once
/// \file
/// The campaign of the explore module: many local saddle searches (saddle
/// module, runSearch) around one minimum, farmed out with OpenMP. Search k
/// pushes centre atom centres[k mod C] with an RNG seeded from (seed, k), so
/// the set of results does not depend on the thread count or on scheduling.
/// Results go to a sink in ascending search index (the explore stage writes
/// them to the landscape store through search_records.hpp); saddles seen
/// before are marked as duplicates.

#include <array>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "glassland/core/options.hpp"
#include "glassland/core/structure.hpp"
#include "glassland/potential/potential.hpp"
#include "glassland/saddle/search.hpp"

namespace glassland {

/// Which atoms serve as search centres (YAML `centres:`).
struct CentreSelection {
  enum class Kind {
    All,      ///< `centres: all`
    Ids,      ///< `centres: [12, 40, 7]`: atom ids as in the input file
    Species,  ///< `centres: {species: B}`
  };
  Kind kind = Kind::All;
  std::vector<long> ids;  ///< for Kind::Ids
  std::string species;    ///< for Kind::Species
  std::string file;       ///< config file, for error messages
  int line = 0;           ///< line of the `centres` key, for error messages

  /// Atom indices (0-based, ascending for All/Species, in the given order for
  /// Ids) of `s` selected. Throws InputError (file, line) for an unknown id or
  /// species, or an empty selection.
  std::vector<int> resolve(const Structure& s) const;
};

/// The most searches one campaign may ask for (`explore.searches`). At ~1000
/// force calls a search, 10^7 searches is beyond any machine; the limit keeps
/// the list of search indices built before the first search bounded (80 MB).
inline constexpr long kMaxSearches = 10'000'000;

/// Options of the `explore:` section. Keys:
/// - contract: `method` (artn | dimer), `searches`, `seed`, `centres`
///   (all | [atom ids] | {species: NAME}), `threads` (0 = all cores), `store`
///   (kept as a string for the app);
/// - search: `push_radius`, `push_norm`, `active_radius`, `full_relax`,
///   `displacement_threshold`, `saddle_fmax`, `max_force_calls`,
///   `max_energy_rise`, `push_over`, `same_energy`, `same_distance`,
///   `second_eigenvalue_floor` (meanings in SearchOptions, SaddleSearchOptions, RefineOptions);
/// - sub-sections: `artn:` (ArtnOptions), `dimer:` (DimerOptions),
///   `lanczos:` (LanczosOptions), `dimer_rotation:` (DimerRotationOptions),
///   `perp_relax:` (PerpRelaxOptions), `relax:` (MinimizeOptions of the side relaxations).
struct ExploreOptions {
  long searches = 500;                     ///< searches k = 0 .. searches-1
  std::uint64_t seed = 1;                  ///< global seed
  CentreSelection centres;                 ///< centre atoms, cycled through by k
  int threads = 0;                         ///< OpenMP threads; 0 = all cores
  std::string store = "landscape.sqlite";  ///< the landscape store (used by the app, relative to output:)
  SearchOptions search;                    ///< everything about one search (method in search.saddle.method)

  /// Reads the section; unknown keys are errors (calls finish()). Throws InputError.
  static ExploreOptions fromYaml(OptionsReader& section);
};

/// Counts and figures of a finished exploration (what explore.json reports).
struct ExploreSummary {
  long searches = 0;                                 ///< searches run (skipped ones excluded)
  std::array<long, kAllOutcomes.size()> outcomes{};  ///< count per outcome, kAllOutcomes order
  long unique_saddles = 0;                           ///< distinct saddles among Converged searches
  double success_rate = 0.0;                         ///< Converged / searches
  double force_calls_median = 0.0;                   ///< median force calls of a Converged search
  double wall_seconds = 0.0;
  int threads = 1;

  long count(SearchOutcome o) const { return outcomes[static_cast<std::size_t>(o)]; }
};

/// Runs saddle searches around a relaxed minimum.
class Explorer {
 public:
  /// Receives each finished result, one at a time (never concurrently), in
  /// ascending search index: a result that finishes before an earlier one waits
  /// for it, so what the sink writes (store row ids, duplicate_of) does not
  /// depend on the thread count or on timing.
  using Sink = std::function<void(const SearchResult&)>;
  /// Called after each finished search with (done, total).
  using Progress = std::function<void(long done, long total)>;

  /// `start` must be relaxed; `start_energy` its total energy. The potential
  /// is shared by all threads (stateless) and must outlive the Explorer.
  /// Throws InputError when the centre selection does not resolve.
  Explorer(Structure start, double start_energy, const Potential& potential, ExploreOptions options);

  /// Runs every search k in [0, options.searches) not in `skip` (searches
  /// already recorded, for resuming). Exceptions thrown by a search or the sink
  /// stop the run and are rethrown after the threads have joined.
  ExploreSummary run(const Sink& sink, const Progress& progress = {}, const std::set<long>& skip = {});

  /// Centre atom (0-based) of search k.
  int centreOf(long k) const {
    return centres_[static_cast<std::size_t>(k % static_cast<long>(centres_.size()))];
  }
  const std::vector<int>& centres() const { return centres_; }
  const ExploreOptions& options() const { return options_; }

 private:
  Structure start_;
  double start_energy_;
  const Potential& potential_;
  ExploreOptions options_;
  std::vector<int> centres_;
};

}  // namespace glassland
