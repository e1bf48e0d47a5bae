#include "glassland/explore/search_records.hpp"

#include <cmath>
#include <string>

#include "glassland/core/error.hpp"

namespace glassland::explore {

void requireBelowAdaptiveSearches(long campaign_searches, const std::string& config_file) {
  if (campaign_searches < kSearchStride) return;
  throw InputError(config_file, 0,
                   "kmc.provider adaptive: explore.searches must be below " + std::to_string(kSearchStride) +
                       " (larger search indices belong to the adaptive searches of each minimum)");
}

landscape::SearchRecord searchRecord(const SearchResult& result) {
  landscape::SearchRecord record;
  record.index = result.index;
  record.seed = result.seed;
  record.centre = result.centre;
  // A recycled search (started from a saddle guess) is told apart by its method.
  record.method = std::string(methodName(result.method)) + (result.recycled ? "-recycled" : "");
  record.outcome = std::string(outcomeName(result.outcome));
  record.force_calls = result.force_calls;
  record.wall_seconds = result.wall_seconds;
  return record;
}

std::optional<landscape::FoundTransition> foundTransition(const SearchResult& result) {
  // Only a saddle joined to the start minimum is an escape of that minimum;
  // not-connected saddles join two other minima whose neighbourhood was never
  // searched, so they stay out of the basin graph (docs/science.md §6).
  if (result.outcome != SearchOutcome::Converged) return std::nullopt;
  // Vineyard prefactors were asked for and the Hessians allowed none (a zero
  // or negative mode at a minimum, not one unstable mode at the saddle):
  // harmonic TST has no rate for this transition, and a fixed prefactor would
  // mix two rate models, so it stays out of the graph like a search that found
  // nothing (the search row keeps its outcome; explore.json counts them).
  if (!result.prefactor_message.empty()) return std::nullopt;
  landscape::FoundTransition t;
  t.energy_a = result.energy_a;
  t.positions_a = result.positions_a;
  t.saddle_energy = result.saddle_energy;
  t.saddle_positions = result.saddle_positions;
  t.energy_b = result.energy_b;
  t.positions_b = result.positions_b;
  // Vineyard prefactors when the search computed them (NaN otherwise: the
  // store's column stays NULL and KMC uses kmc.prefactor, or refuses with
  // kmc.prefactor: vineyard).
  if (std::isfinite(result.prefactor_forward)) t.prefactor_fwd = result.prefactor_forward;
  if (std::isfinite(result.prefactor_reverse)) t.prefactor_rev = result.prefactor_reverse;
  return t;
}

}  // namespace glassland::explore
