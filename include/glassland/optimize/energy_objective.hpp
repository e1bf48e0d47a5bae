#pragma once
/// \file
/// The potential energy of a Structure as an Objective over the coordinates of
/// its free (active) atoms, and `relax`, the one-call minimisation.

#include <Eigen/Core>
#include <vector>

#include "glassland/core/structure.hpp"
#include "glassland/optimize/minimize.hpp"
#include "glassland/optimize/objective.hpp"
#include "glassland/potential/potential.hpp"

namespace glassland {

/// Energy (energy units) of `structure` under `potential` as a function of the
/// flat Cartesian coordinates (x0, y0, z0, x1, ...) of the active atoms
/// (length units); its gradient is minus their forces. Atoms outside the
/// active set stay where they are. With a non-empty active set the value is the
/// energy of the interactions that involve active atoms (Potential::compute):
/// the total energy up to a constant fixed by the frozen atoms.
///
/// evaluate() writes the coordinates into the structure, so after a
/// minimisation the structure holds the last point evaluated; call
/// setCoordinates() with the minimiser's final x to make it hold that point.
/// Owns its Workspace: one EnergyObjective per thread.
class EnergyObjective final : public Objective {
 public:
  /// `potential` and `structure` must outlive the objective. `active` holds
  /// sorted, distinct atom indices in [0, N); empty = every atom. Throws Error
  /// when it does not.
  EnergyObjective(const Potential& potential, Structure& structure, AtomSubset active = {});

  Eigen::Index dimension() const override { return 3 * static_cast<Eigen::Index>(numActive()); }
  double evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) override;

  /// The active atoms' coordinates as a flat vector (resized to dimension()).
  void getCoordinates(Eigen::VectorXd& x) const;
  /// Convenience: getCoordinates into a new vector.
  Eigen::VectorXd coordinates() const;
  /// Writes the flat coordinates `x` into the structure's active atoms.
  void setCoordinates(const Eigen::VectorXd& x);

  /// Number of atoms that move.
  int numActive() const { return all_ ? structure_.size() : static_cast<int>(active_.size()); }
  /// The active atoms (empty = all).
  const std::vector<int>& active() const { return active_; }
  /// Forces (3 x N) from the last evaluate(); zero on frozen atoms when a subset is active.
  const Positions& forces() const { return forces_; }
  /// Potential evaluations so far (force calls).
  long forceCalls() const { return force_calls_; }
  Structure& structure() { return structure_; }
  const Structure& structure() const { return structure_; }

 private:
  const Potential& potential_;
  Structure& structure_;
  std::vector<int> active_;
  bool all_ = true;
  Workspace workspace_;
  Positions forces_;
  long force_calls_ = 0;
};

/// Minimises the energy of `structure` (in place) over the coordinates of the
/// `active` atoms (empty = all) with options.method; the structure ends at the
/// returned point. `value` in the result is the energy as EnergyObjective
/// defines it (the total energy when all atoms are active).
MinimizeResult relax(const Potential& potential, Structure& structure, const MinimizeOptions& options,
                     AtomSubset active = {}, const ProgressCallback& progress = {});

}  // namespace glassland
