#pragma once
/// \file
/// The landscape store: one SQLite file per landscape holding every minimum,
/// transition and search attempt (docs/science.md §6). It is the single source
/// of truth; the basin graph is a view built from it.
///
/// Schema (version kSchemaVersion; see docs in event_store.cpp for the SQL):
/// - `meta(key, value)`: format, schema_version, units, potential, config_hash,
///   identity tolerances, root structure (positions, cell, types, ids, masses, species);
/// - `minima(id, energy, fingerprint, num_delta)` and
///   `minimum_positions(minimum_id, delta)`: positions as a sparse delta from
///   the root (see sparse.hpp for the blob layout);
/// - `transitions(id, from_min, to_min, saddle_energy, e_fwd, e_rev,
///   prefactor_fwd, prefactor_rev, max_disp, max_disp_atom, times_found)` and
///   `transition_geometry(transition_id, displacements, saddle_delta)`
///   (blobs in their own tables so that loading the graph scans small rows);
/// - `searches(id = search index, seed, centre, method, outcome, force_calls,
///   wall_seconds, transition_id)`.
/// The atom columns `searches.centre` and `transitions.max_disp_atom` hold the
/// structure file's atom id (as every output does), or -1; the records this
/// class returns carry the 0-based atom index.
///
/// Durability: WAL journal, synchronous=NORMAL; every write is one transaction,
/// so a killed process loses at most the transaction in flight (a power cut may
/// lose the last few commits but never corrupts the file).
/// Not thread-safe: call from one thread (the explorer's writer).

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "glassland/landscape/records.hpp"
#include "glassland/landscape/sparse.hpp"

namespace glassland::landscape {

/// Schema version this build writes. 2: the atom columns hold file atom ids.
/// 1: they held 0-based indices; such a store is read as it is and upgraded to
/// 2 in one transaction when opened for writing. A newer version is refused
/// with a message.
inline constexpr int kSchemaVersion = 2;

/// How to open a store.
struct OpenOptions {
  /// Run SQLite's `PRAGMA quick_check` on open, so a truncated or damaged file
  /// fails at once with a clear message instead of part-way through a run.
  bool verify_integrity = true;
  /// Open without write access (graph, report).
  bool read_only = false;
};

/// SQLite-backed store of minima, transitions and searches.
class EventStore {
 public:
  /// Opens `path` for writing, creating it (with `header`) when it does not
  /// exist or is empty. An existing store must have been written with the same
  /// units, potential, config hash, atom count, types and identity tolerances;
  /// otherwise InputError says which differs. Damaged or foreign files throw
  /// InputError. On resume use root() from the store, not a re-minimised one.
  static EventStore openOrCreate(const std::string& path, const StoreHeader& header,
                                 const IdentityOptions& identity = {}, const OpenOptions& options = {});
  /// Opens an existing store as it is (no comparison); InputError when the
  /// file is missing, damaged, foreign or of a newer schema.
  static EventStore openExisting(const std::string& path, const OpenOptions& options = {});

  EventStore(EventStore&&) noexcept;
  EventStore& operator=(EventStore&&) noexcept;
  ~EventStore();

  const std::string& path() const;
  /// Units, potential, config hash and root structure as stored.
  const StoreHeader& header() const;
  const Structure& root() const { return header().root; }
  /// Tolerances as stored.
  const IdentityOptions& identity() const;

  // ---- writing (each call is one transaction unless inside a Batch) ----

  /// Returns the id of the stored minimum matching (energy, positions), adding
  /// a row when there is none. `positions` is 3 x N in any periodic image.
  MinimumId addMinimum(double energy, const Positions& positions);
  /// The id of a stored minimum matching (energy, positions), if any.
  std::optional<MinimumId> findMinimum(double energy, const Positions& positions) const;

  /// Adds the transition from -> to through the saddle, or, when the same
  /// pair (either orientation) is already joined through a matching saddle,
  /// increments its times_found and returns its id. Barriers are computed from
  /// the stored minimum energies; displacements from their stored positions.
  /// Precondition: from != to, both ids exist (else glassland::Error).
  TransitionId addTransition(MinimumId from, MinimumId to, double saddle_energy,
                             const Positions& saddle_positions, std::optional<double> prefactor_fwd = {},
                             std::optional<double> prefactor_rev = {});

  /// Writes one search row; throws glassland::Error when its index is present.
  void recordSearch(const SearchRecord& record);

  /// One search, atomically: both minima, the transition (when `found` is set
  /// and the minima differ) and the search row with its transition id, in ONE
  /// transaction. A search index already in the store is left untouched
  /// (already_recorded = true), so a resumed run may safely repeat it.
  SearchInsertResult insertSearchResult(const SearchRecord& record,
                                        const std::optional<FoundTransition>& found);

  /// Groups many writes into one transaction (fast bulk inserts). Commits on
  /// commit(); rolls back if destroyed without commit (e.g. by an exception).
  class Batch {
   public:
    explicit Batch(EventStore& store);
    ~Batch();
    void commit();
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;

   private:
    EventStore* store_;
    bool done_ = false;
  };

  // ---- reading ----

  /// Search indices already recorded (for resume).
  std::set<long> completedSearches() const;
  long numMinima() const;
  long numTransitions() const;
  long numSearches() const;
  /// All minima / transitions / searches by ascending id, without positions.
  std::vector<MinimumSummary> minima() const;
  std::vector<TransitionSummary> transitions() const;
  std::vector<SearchRecord> searches() const;
  /// Full positions (3 x N, the image nearest the root) of one minimum.
  Positions minimumPositions(MinimumId id) const;
  /// Full positions of a transition's saddle.
  Positions saddlePositions(TransitionId id) const;
  /// Per-atom displacements from -> to of a transition (atoms moving > delta_tolerance).
  SparseVectors displacements(TransitionId id) const;

  /// A text listing of the whole content that does not depend on row ids,
  /// insertion order or transition orientation: minima sorted by energy and
  /// delta, transitions oriented from the lower canonical minimum, searches by
  /// index; numbers printed with `digits` significant digits. Two stores hold
  /// the same landscape iff their dumps are equal (used by resume tests).
  std::string canonicalDump(int digits = 10) const;

  struct Impl;

 private:
  explicit EventStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace glassland::landscape
