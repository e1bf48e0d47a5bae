#pragma once
/// \file
/// Random numbers and event selection for KMC: uniform variates in (0, 1) from
/// std::mt19937_64, selection from cumulative rates (linear scan for a few
/// events, binary search beyond), and Walker's alias table for states with
/// many events (O(1) per draw after O(n) set-up; Vose 1991).

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace glassland::kmc {

/// Uniform variate in the open interval (0, 1) from the top 53 bits of one draw.
inline double uniformOpen(std::mt19937_64& rng) {
  return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
}

/// The generator of trajectory `trajectory` at temperature index `temperature`
/// for the run seed `seed`: a seed_seq over all three, so streams differ and do
/// not depend on which thread runs the trajectory.
std::mt19937_64 trajectoryRng(std::uint64_t seed, std::uint64_t trajectory, std::uint64_t temperature);

/// Index of the first entry of the non-decreasing `cumulative` that exceeds x
/// (x in [0, cumulative.back())); the last index when rounding puts x beyond.
/// Linear scan below 16 entries, binary search above. Requires a non-empty span.
std::size_t selectCumulative(std::span<const double> cumulative, double x);

/// Walker's alias table: draws index i with probability w_i / sum(w).
class AliasTable {
 public:
  AliasTable() = default;
  /// Builds the table. Requires non-negative weights with a positive sum.
  explicit AliasTable(std::span<const double> weights);
  /// Index drawn with one uniform u in [0, 1) (its integer part picks a column,
  /// the fraction decides between the column and its alias).
  std::size_t sample(double u) const;
  /// Number of entries.
  std::size_t size() const { return probability_.size(); }

 private:
  std::vector<double> probability_;
  std::vector<std::uint32_t> alias_;
};

}  // namespace glassland::kmc
