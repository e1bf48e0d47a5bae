#include "glassland/saddle/outcome.hpp"

#include <string>

#include "glassland/core/error.hpp"

namespace glassland {

std::string_view outcomeName(SearchOutcome outcome) {
  switch (outcome) {
    case SearchOutcome::Converged:
      return "converged";
    case SearchOutcome::NotConnected:
      return "not_connected";
    case SearchOutcome::HigherOrderSaddle:
      return "higher_order_saddle";
    case SearchOutcome::TooManyForceCalls:
      return "too_many_force_calls";
    case SearchOutcome::EnergyRanAway:
      return "energy_ran_away";
    case SearchOutcome::ReturnedToStart:
      return "returned_to_start";
    case SearchOutcome::RelaxationFailed:
      return "relaxation_failed";
  }
  return "unknown";
}

std::string_view outcomeDescription(SearchOutcome outcome) {
  switch (outcome) {
    case SearchOutcome::Converged:
      return "first-order saddle connecting the start minimum to another minimum";
    case SearchOutcome::NotConnected:
      return "first-order saddle, but neither side relaxes to the start minimum";
    case SearchOutcome::HigherOrderSaddle:
      return "stationary point with more than one negative curvature";
    case SearchOutcome::TooManyForceCalls:
      return "force-call budget exhausted before convergence";
    case SearchOutcome::EnergyRanAway:
      return "energy rose above the allowed limit (or became non-finite)";
    case SearchOutcome::ReturnedToStart:
      return "the search stayed in (or fell back to) a region of positive curvature, or both sides are the "
             "start";
    case SearchOutcome::RelaxationFailed:
      return "relaxation from the saddle did not converge";
  }
  return "unknown outcome";
}

SearchOutcome parseOutcome(std::string_view name) {
  std::string valid;
  for (SearchOutcome o : kAllOutcomes) {
    if (outcomeName(o) == name) return o;
    valid += (valid.empty() ? "" : ", ") + std::string(outcomeName(o));
  }
  throw InputError("unknown search outcome '" + std::string(name) + "' (valid: " + valid + ")");
}

}  // namespace glassland
