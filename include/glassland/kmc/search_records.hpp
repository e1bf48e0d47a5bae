#pragma once
/// \file
/// The mapping of one saddle-search result (saddle module) onto the rows of
/// the landscape store (landscape module), shared by `glassland explore` and
/// the adaptive KMC provider so that both write the same records.

#include <optional>

#include "glassland/landscape/records.hpp"
#include "glassland/saddle/search.hpp"

namespace glassland::kmc {

/// The search row of `result`: index, seed, centre, method and outcome names,
/// force calls, wall time (the transition id is set by the store).
landscape::SearchRecord searchRecord(const SearchResult& result);

/// The transition a search found, when it found one of the basin graph: only
/// Converged searches (saddle joined to the start minimum, side a) qualify;
/// the others are recorded as attempts only. Carries the search's Vineyard
/// prefactors when it computed them (SearchResult::prefactor_forward, _reverse);
/// a search asked for them whose Hessians allowed none gives no transition.
std::optional<landscape::FoundTransition> foundTransition(const SearchResult& result);

}  // namespace glassland::kmc
