#include "glassland/kmc/sampling.hpp"

#include <algorithm>
#include <cassert>

namespace glassland::kmc {

std::mt19937_64 trajectoryRng(std::uint64_t seed, std::uint64_t trajectory, std::uint64_t temperature) {
  // seed_seq mixes all words, so neighbouring (trajectory, temperature) pairs
  // give unrelated streams; 32-bit halves because seed_seq keeps 32 bits per word.
  std::seed_seq sequence{
      static_cast<std::uint32_t>(seed),        static_cast<std::uint32_t>(seed >> 32),
      static_cast<std::uint32_t>(trajectory),  static_cast<std::uint32_t>(trajectory >> 32),
      static_cast<std::uint32_t>(temperature), 0x6b6d63u};
  return std::mt19937_64(sequence);
}

std::size_t selectCumulative(std::span<const double> cumulative, double x) {
  assert(!cumulative.empty());
  const std::size_t n = cumulative.size();
  if (n < 16) {
    for (std::size_t k = 0; k + 1 < n; ++k) {
      if (x < cumulative[k]) return k;
    }
    return n - 1;
  }
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
  return it == cumulative.end() ? n - 1 : static_cast<std::size_t>(it - cumulative.begin());
}

AliasTable::AliasTable(std::span<const double> weights)
    : probability_(weights.size(), 0.0), alias_(weights.size(), 0) {
  const std::size_t n = weights.size();
  double sum = 0.0;
  for (double w : weights) sum += w;
  assert(n > 0 && sum > 0.0);
  // Vose's stable construction: scaled weights p_i = n w_i / sum split into
  // "small" (< 1) and "large" (>= 1) columns; each small column is topped up
  // by one large one, which becomes its alias.
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * static_cast<double>(n) / sum;
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back();
    small.pop_back();
    const std::uint32_t l = large.back();
    probability_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // Left-overs are 1 up to rounding.
  for (auto i : large) probability_[i] = 1.0, alias_[i] = i;
  for (auto i : small) probability_[i] = 1.0, alias_[i] = i;
}

std::size_t AliasTable::sample(double u) const {
  const double scaled = u * static_cast<double>(probability_.size());
  std::size_t column = static_cast<std::size_t>(scaled);
  if (column >= probability_.size()) column = probability_.size() - 1;
  const double fraction = scaled - static_cast<double>(column);
  return fraction < probability_[column] ? column : alias_[column];
}

}  // namespace glassland::kmc
