#pragma once
/// \file
/// Plain records of the landscape store: what goes into it and what comes out.
/// They know nothing of the saddle module; the app maps a search result onto
/// a SearchRecord plus, when the search produced a transition, a FoundTransition.

#include <cstdint>
#include <optional>
#include <string>

#include "glassland/core/options.hpp"
#include "glassland/core/structure.hpp"

namespace glassland::landscape {

/// Row id of a minimum in the store (1-based, SQLite rowid).
using MinimumId = long;
/// Row id of a transition in the store (1-based, SQLite rowid).
using TransitionId = long;

/// When two structures count as the same (section `landscape` of the config).
/// The tolerances are written into the store and must not change between runs
/// on the same store, since they decide which rows exist.
struct IdentityOptions {
  /// Two minima (or saddles) may be the same only if |E1 - E2| <= this (energy
  /// units, absolute). A minimisation to a max force f leaves an energy error
  /// of order f^2 / k, far below 1e-4 for the usual f <= 1e-3 in either unit system.
  double energy_tolerance = 1e-4;
  /// ... and no atom differs by more than this (length units) under minimum
  /// image, atoms labelled. EON's default is 0.1 Angstrom.
  double distance_tolerance = 0.1;
  /// Atoms within this distance (length units) of their root position are
  /// stored as "unchanged": stored positions are exact to this tolerance.
  /// Must be below distance_tolerance / 10.
  double delta_tolerance = 1e-6;

  /// Reads `energy_tolerance`, `distance_tolerance`, `delta_tolerance`; rejects
  /// unknown keys and inconsistent values.
  static IdentityOptions fromYaml(OptionsReader& reader);
  /// Throws InputError unless the tolerances are positive and delta < distance / 10.
  void validate() const;
};

/// What identifies a landscape: written once when the store is created and
/// compared on every later open for writing.
struct StoreHeader {
  std::string units;        ///< unit system name ("lj", "metal")
  std::string potential;    ///< description of the potential (style, parameters, file)
  std::string config_hash;  ///< caller's hash of the config parts that determine the landscape
  Structure root;  ///< the root inherent structure IS0 (cell, positions, types, species, masses, ids)
};

/// One saddle-search attempt. `index` is the search index k (the RNG stream);
/// it is the primary key, so a search is recorded at most once.
struct SearchRecord {
  long index = 0;
  /// Stored bit-for-bit as a signed 64-bit integer. A recycled search of the
  /// adaptive KMC (method "<method>-recycled") draws no random numbers: its
  /// seed holds the hits it inherits from the parent state (adaptive_provider.hpp).
  std::uint64_t seed = 0;
  long centre = -1;     ///< centre atom (0-based), -1 when none
  std::string method;   ///< "artn", "dimer", ...
  std::string outcome;  ///< the outcome's text name ("converged", "not_connected", ...)
  long force_calls = 0;
  double wall_seconds = 0.0;
  std::optional<TransitionId> transition;  ///< the transition it found (set by insertSearchResult)

  bool operator==(const SearchRecord&) const = default;
};

/// A transition as a search found it: minimum a -> saddle -> minimum b, full
/// positions (3 x N, any periodic image), energies in energy units. The
/// forward direction is a -> b (a is normally the minimum the search started in).
struct FoundTransition {
  double energy_a = 0.0;
  Positions positions_a;
  double saddle_energy = 0.0;
  Positions saddle_positions;
  double energy_b = 0.0;
  Positions positions_b;
  std::optional<double> prefactor_fwd;  ///< attempt frequency a -> b (1/time), if computed
  std::optional<double> prefactor_rev;  ///< attempt frequency b -> a (1/time), if computed
};

/// What insertSearchResult did.
struct SearchInsertResult {
  bool already_recorded = false;  ///< the search index was in the store: nothing changed
  std::optional<MinimumId> minimum_a, minimum_b;
  std::optional<TransitionId> transition;
  bool new_minimum_a = false, new_minimum_b = false, new_transition = false;
};

/// A minimum without its positions.
struct MinimumSummary {
  MinimumId id = 0;
  double energy = 0.0;
  std::string fingerprint;  ///< ascending indices of atoms displaced from the root by > distance_tolerance,
                            ///< comma-separated
  int num_delta_atoms = 0;  ///< atoms stored in the sparse delta

  bool operator==(const MinimumSummary&) const = default;
};

/// A transition without its positions. Oriented: from_min -> to_min is forward.
struct TransitionSummary {
  TransitionId id = 0;
  MinimumId from_min = 0, to_min = 0;
  double saddle_energy = 0.0;
  double e_fwd = 0.0;  ///< saddle_energy - E(from_min)
  double e_rev = 0.0;  ///< saddle_energy - E(to_min)
  std::optional<double> prefactor_fwd, prefactor_rev;
  double max_displacement = 0.0;    ///< largest per-atom displacement from -> to (length units)
  long max_displacement_atom = -1;  ///< the atom that moves most (0-based), -1 when none moves
  long times_found = 0;

  bool operator==(const TransitionSummary&) const = default;
};

}  // namespace glassland::landscape
