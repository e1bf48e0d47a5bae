#pragma once
/// \file
/// Sparse per-atom vectors and the byte layout of every blob in the landscape
/// store. All blobs are little-endian regardless of the host, so a store file
/// moves between machines:
///
/// - sparse blob (minimum and saddle positions as a delta from the root,
///   transition displacements): a sequence of 28-byte entries, one per atom in
///   ascending atom index, each `uint32 atom index` then `x, y, z` as IEEE-754
///   binary64; the entry count is the blob length / 28.
/// - dense float64 blob (root positions, cell, masses): binary64 values in
///   order; positions as x0 y0 z0 x1 y1 z1 ...
/// - dense int64 blob (types, atom ids): two's-complement int64 values in order.

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace glassland::landscape {

/// Per-atom 3-vectors for a subset of the atoms: column k of `vectors`
/// belongs to atom `atoms[k]`; atoms are strictly ascending (0-based indices).
struct SparseVectors {
  std::vector<std::uint32_t> atoms;
  Eigen::Matrix3Xd vectors;

  /// Number of atoms in the subset.
  int size() const { return static_cast<int>(atoms.size()); }
  bool operator==(const SparseVectors& other) const {
    return atoms == other.atoms && vectors == other.vectors;
  }
};

/// Bytes of one sparse entry (uint32 index + 3 float64).
inline constexpr std::size_t kSparseEntryBytes = 28;

/// Encodes `sparse` in the sparse blob layout above. Precondition: atoms ascending.
std::vector<unsigned char> encodeSparse(const SparseVectors& sparse);
/// Decodes a sparse blob. Throws InputError (naming `what`) when the length is
/// not a multiple of 28, an index is >= `num_atoms`, or indices are not ascending.
SparseVectors decodeSparse(const void* data, std::size_t bytes, int num_atoms, const std::string& what);

/// Encodes doubles as little-endian binary64.
std::vector<unsigned char> encodeDoubles(const double* values, std::size_t count);
/// Decodes a little-endian binary64 blob; throws InputError (naming `what`)
/// unless it holds exactly `expected` values (any count when expected < 0).
std::vector<double> decodeDoubles(const void* data, std::size_t bytes, long expected,
                                  const std::string& what);
/// Encodes integers as little-endian int64.
std::vector<unsigned char> encodeInts(const std::vector<long>& values);
/// Decodes a little-endian int64 blob; same checks as decodeDoubles.
std::vector<long> decodeInts(const void* data, std::size_t bytes, long expected, const std::string& what);

}  // namespace glassland::landscape
