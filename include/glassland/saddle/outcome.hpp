#pragma once
/// \file
/// How a saddle search ended: a fixed set of outcomes, each with a text name
/// (the name is what the store records and the reports count).

#include <array>
#include <string_view>

namespace glassland {

/// The outcome of one saddle search. Exactly one is recorded per search.
enum class SearchOutcome {
  Converged,     ///< first-order saddle found, one side relaxed to the start minimum, the other elsewhere
  NotConnected,  ///< first-order saddle found, but neither side relaxed to the start minimum
  HigherOrderSaddle,  ///< converged, but a second negative curvature: not a first-order saddle
  TooManyForceCalls,  ///< the force-call budget ran out before the saddle converged
  EnergyRanAway,      ///< the energy rose more than allowed above the start (or became non-finite)
  ReturnedToStart,    ///< never left the start basin (no negative curvature reached, or lost again while
                      ///< converging), or both sides relaxed to the start
  RelaxationFailed,   ///< a relaxation from the saddle (either side, local or full) did not converge
};

/// Every outcome, in declaration order.
inline constexpr std::array<SearchOutcome, 7> kAllOutcomes = {
    SearchOutcome::Converged,         SearchOutcome::NotConnected,  SearchOutcome::HigherOrderSaddle,
    SearchOutcome::TooManyForceCalls, SearchOutcome::EnergyRanAway, SearchOutcome::ReturnedToStart,
    SearchOutcome::RelaxationFailed};

/// Text name, snake_case: "converged", "not_connected", "higher_order_saddle",
/// "too_many_force_calls", "energy_ran_away", "returned_to_start", "relaxation_failed".
std::string_view outcomeName(SearchOutcome outcome);

/// One-sentence description, for reports and logs.
std::string_view outcomeDescription(SearchOutcome outcome);

/// Inverse of outcomeName. Throws InputError on an unknown name (listing the valid ones).
SearchOutcome parseOutcome(std::string_view name);

}  // namespace glassland
