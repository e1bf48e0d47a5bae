#pragma once
// Internal to the landscape module: the store's identity rule and geometry.
// Structures are kept as sparse deltas from the root (the atoms farther than
// delta_tolerance from their root position, as the periodic image nearest the
// root); two structures are the same when no atom differs by more than
// distance_tolerance under the minimum image (docs/science.md, the landscape store).

#include <cstdint>
#include <string>

#include "glassland/core/structure.hpp"
#include "glassland/landscape/records.hpp"
#include "glassland/landscape/sparse.hpp"

namespace glassland::landscape {

/// The identity rule applied to one root structure.
struct StoreIdentity {
  const Structure& root;
  const IdentityOptions& options;
  const std::string& path;  ///< the store file, for messages

  int numAtoms() const { return root.size(); }
  /// Error unless `p` has one finite column per root atom.
  void checkShape(const Positions& p, const char* what) const;
  /// The sparse delta of `p` from the root.
  SparseVectors deltaFromRoot(const Positions& p) const;
  /// The atoms farther than distance_tolerance from the root, "i,j,...".
  std::string fingerprint(const SparseVectors& delta) const;
  /// True when no atom differs by more than distance_tolerance (minimum image).
  bool sameStructure(const SparseVectors& a, const SparseVectors& b) const;
  /// Full positions of a delta.
  Positions expand(const SparseVectors& delta) const;

  /// Displacements from a to b (atoms moving more than delta_tolerance) and
  /// the largest displacement with its atom (-1 when none moves).
  struct Displacement {
    SparseVectors vectors;
    double max = 0.0;
    long max_atom = -1;
  };
  Displacement displacement(const SparseVectors& a, const SparseVectors& b) const;
};

}  // namespace glassland::landscape
