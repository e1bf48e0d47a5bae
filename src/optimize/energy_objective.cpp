#include "glassland/optimize/energy_objective.hpp"

#include <fmt/format.h>

#include "glassland/core/error.hpp"

namespace glassland {

EnergyObjective::EnergyObjective(const Potential& potential, Structure& structure, AtomSubset active)
    : potential_(potential),
      structure_(structure),
      active_(active.begin(), active.end()),
      all_(active.empty()) {
  for (std::size_t k = 0; k < active_.size(); ++k) {
    const int i = active_[k];
    if (i < 0 || i >= structure_.size()) {
      throw Error(fmt::format("EnergyObjective: active atom index {} outside [0, {})", i, structure_.size()));
    }
    if (k > 0 && active_[k - 1] >= i) {
      throw Error("EnergyObjective: active atom indices must be sorted and distinct");
    }
  }
  forces_.resize(3, structure_.size());
}

void EnergyObjective::getCoordinates(Eigen::VectorXd& x) const {
  x.resize(dimension());
  if (all_) {
    x = Eigen::Map<const Eigen::VectorXd>(structure_.positions.data(), dimension());
    return;
  }
  for (std::size_t k = 0; k < active_.size(); ++k) x.segment<3>(3 * k) = structure_.positions.col(active_[k]);
}

Eigen::VectorXd EnergyObjective::coordinates() const {
  Eigen::VectorXd x;
  getCoordinates(x);
  return x;
}

void EnergyObjective::setCoordinates(const Eigen::VectorXd& x) {
  if (all_) {
    // Positions is column-major 3 x N, so the flat vector is its storage.
    Eigen::Map<Eigen::VectorXd>(structure_.positions.data(), dimension()) = x;
    return;
  }
  for (std::size_t k = 0; k < active_.size(); ++k) structure_.positions.col(active_[k]) = x.segment<3>(3 * k);
}

double EnergyObjective::evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) {
  setCoordinates(x);
  const double energy = potential_.compute(structure_, &forces_, workspace_, active_);
  ++force_calls_;
  gradient.resize(dimension());
  if (all_) {
    gradient = -Eigen::Map<const Eigen::VectorXd>(forces_.data(), dimension());
  } else {
    for (std::size_t k = 0; k < active_.size(); ++k) gradient.segment<3>(3 * k) = -forces_.col(active_[k]);
  }
  return energy;
}

MinimizeResult relax(const Potential& potential, Structure& structure, const MinimizeOptions& options,
                     AtomSubset active, const ProgressCallback& progress) {
  EnergyObjective objective(potential, structure, active);
  Eigen::VectorXd x = objective.coordinates();
  MinimizeResult result = minimize(objective, x, options, progress);
  objective.setCoordinates(x);
  return result;
}

}  // namespace glassland
