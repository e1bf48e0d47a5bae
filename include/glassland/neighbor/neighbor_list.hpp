#pragma once
/// \file
/// Verlet neighbour lists built with cell lists, with a skin: a list is rebuilt
/// only when an atom moved more than half the skin since the last build (or the
/// cell, the centre set or the settings changed). Correct for any box size:
/// when the cutoff exceeds half a periodic width, neighbours in several images
/// are listed, each with its image shift.

#include <Eigen/Core>
#include <span>
#include <vector>

#include "glassland/core/cell.hpp"
#include "glassland/core/structure.hpp"

namespace glassland {

/// What a neighbour list holds.
struct NeighborSettings {
  double cutoff = 0.0;  ///< interaction range (length units)
  double skin = 0.3;    ///< extra range so the list stays valid while atoms move < skin/2
  /// Full: every neighbour of every centre. Half: each pair once, under either of
  /// its atoms (with a centre subset: every pair with at least one centre, once,
  /// under a centre). A self-image pair (i, i + lattice vector) counts once.
  bool full = false;

  bool operator==(const NeighborSettings&) const = default;
};

/// One listed neighbour: atom index and index into imageShifts(), so the pair
/// vector from centre i is x[j] + imageShifts()[image] - x[i].
struct NeighborEntry {
  int j;
  int image;
};

/// A neighbour list for one configuration at a time (one per thread).
class NeighborList {
 public:
  /// Makes the list valid for positions `x`; rebuilds when needed.
  /// `centres` (sorted atom indices) restricts the centres; empty = all atoms.
  /// Returns true when it rebuilt.
  bool update(const Cell& cell, const Positions& x, const NeighborSettings& settings,
              std::span<const int> centres = {});
  /// As above, with per-type-pair list radii (LAMMPS's cutneighsq): a pair of
  /// types (a, b) is listed only within pair_cutoffs[a * ntypes + b] + skin
  /// (ntypes x ntypes values, row-major, symmetric, each <= settings.cutoff),
  /// which shortens the list when some pairs are short-ranged. `types` holds one
  /// type index per atom; a change of types or of the table rebuilds. Empty
  /// `pair_cutoffs` = settings.cutoff for every pair. Throws Error when the table
  /// is not square or a type is outside it.
  bool update(const Cell& cell, const Positions& x, const NeighborSettings& settings,
              std::span<const int> centres, std::span<const int> types, std::span<const double> pair_cutoffs);

  /// Forces the next update() to rebuild.
  void invalidate() { valid_ = false; }

  /// Centre atoms in list order.
  std::span<const int> centres() const { return centres_; }
  /// Neighbours of the k-th centre (within cutoff + skin at the last build).
  std::span<const NeighborEntry> neighbors(int k) const {
    return {entries_.data() + offsets_[k], entries_.data() + offsets_[k + 1]};
  }
  /// Cartesian image shifts; index 0 is the zero shift.
  const std::vector<Eigen::Vector3d>& imageShifts() const { return shifts_; }
  /// Number of rebuilds so far (for tests and benchmarks).
  long builds() const { return builds_; }
  /// Total number of listed (centre, neighbour) entries.
  std::size_t size() const { return entries_.size(); }
  /// True when every listed pair uses the zero image shift (lets pair loops skip the shift).
  bool onlyZeroShifts() const { return shifts_.size() == 1; }

 private:
  bool needsRebuild(const Cell& cell, const Positions& x, const NeighborSettings& settings,
                    std::span<const int> centres, std::span<const int> types,
                    std::span<const double> pair_cutoffs) const;
  void build(const Cell& cell, const Positions& x, const NeighborSettings& settings,
             std::span<const int> centres, std::span<const int> types, std::span<const double> pair_cutoffs);

  std::vector<int> centres_;
  std::vector<int> offsets_{0};
  std::vector<NeighborEntry> entries_;
  std::vector<Eigen::Vector3d> shifts_{Eigen::Vector3d::Zero()};
  Positions x_at_build_;
  Cell cell_at_build_;
  NeighborSettings settings_at_build_;
  std::vector<int> types_at_build_;
  std::vector<double> pair_cutoffs_at_build_;
  bool all_centres_ = true;
  bool valid_ = false;
  long builds_ = 0;
};

/// Atoms within `radius` of any atom of `subset` (the subset included), sorted.
/// Used to grow an active region by an interaction range.
std::vector<int> atomsWithin(const Cell& cell, const Positions& x, std::span<const int> subset,
                             double radius);

}  // namespace glassland
