#pragma once
/// \file
/// What optimizers work on: a value and its gradient over free coordinates
/// (eOn's design). The same FIRE / L-BFGS then drives minimisation,
/// perpendicular relaxation inside saddle searches and min-mode climbing.

#include <Eigen/Core>

namespace glassland {

/// A differentiable function of a flat coordinate vector.
class Objective {
 public:
  virtual ~Objective() = default;
  /// Number of free coordinates.
  virtual Eigen::Index dimension() const = 0;
  /// Value at x; `gradient` is resized and set to its gradient (for an
  /// energy: minus the forces on the free coordinates).
  virtual double evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) = 0;
};

}  // namespace glassland
