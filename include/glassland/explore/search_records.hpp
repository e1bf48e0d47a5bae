#pragma once
/// \file
/// The mapping of one saddle-search result (saddle module) onto the rows of
/// the landscape store (landscape module), shared by `glassland explore` and
/// the adaptive KMC provider so that both write the same records; and the rule
/// that gives each search its index in the store's `searches` table.

#include <optional>
#include <string>

#include "glassland/landscape/records.hpp"
#include "glassland/saddle/search.hpp"

namespace glassland::explore {

/// Width of each minimum's range of search indices. The campaign's searches
/// from the root minimum (`glassland explore`) take the indices below it;
/// search j of adaptive KMC from minimum m takes searchIndex(m, j), so every
/// state owns a disjoint range of the store's `searches` table and a rerun
/// skips nothing it needs and repeats nothing it has.
inline constexpr long kSearchStride = 1'000'000;

/// Index in the store of search j (0 <= j < kSearchStride) from minimum m.
constexpr long searchIndex(landscape::MinimumId m, long j) { return m * kSearchStride + j; }

/// The minimum a stored search started from: `root` for the campaign's
/// searches (indices below kSearchStride), m for searchIndex(m, j).
constexpr landscape::MinimumId searchOrigin(long index, landscape::MinimumId root) {
  return index < kSearchStride ? root : index / kSearchStride;
}

/// j of an adaptive search's index searchIndex(m, j).
constexpr long searchNumber(long index) { return index % kSearchStride; }

/// Throws InputError (`config_file`, no line) when a campaign of
/// `campaign_searches` searches (explore.searches) would take indices of the
/// adaptive searches, which adaptive KMC (kmc.provider adaptive) forbids.
void requireBelowAdaptiveSearches(long campaign_searches, const std::string& config_file);

/// The search row of `result`: index, seed, centre, method and outcome names,
/// force calls, wall time (the transition id is set by the store).
landscape::SearchRecord searchRecord(const SearchResult& result);

/// The transition a search found, when it found one of the basin graph: only
/// Converged searches (saddle joined to the start minimum, side a) qualify;
/// the others are recorded as attempts only. Carries the search's Vineyard
/// prefactors when it computed them (SearchResult::prefactor_forward, _reverse);
/// a search asked for them whose Hessians allowed none gives no transition.
std::optional<landscape::FoundTransition> foundTransition(const SearchResult& result);

}  // namespace glassland::explore
