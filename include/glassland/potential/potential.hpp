#pragma once
/// \file
/// The Potential interface: energy and forces of a Structure, for all atoms or
/// for an active subset with every other atom frozen.

#include <atomic>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "glassland/core/structure.hpp"
#include "glassland/neighbor/neighbor_list.hpp"

namespace glassland {

/// Sorted atom indices; empty means every atom.
using AtomSubset = std::span<const int>;

/// Per-thread scratch of a potential: its neighbour list and per-atom arrays.
/// Potentials keep no per-configuration state, so OpenMP threads share one
/// Potential and each owns a Workspace.
struct Workspace {
  NeighborList neighbors;
  std::vector<double> per_atom_a;  ///< e.g. EAM host densities
  std::vector<double> per_atom_b;  ///< e.g. EAM embedding derivatives
};

/// Energy and forces. Implementations are stateless and thread-safe.
class Potential {
 public:
  virtual ~Potential() = default;

  /// Short name as in the config ("lj", "eam/fs", "muller-brown").
  virtual std::string name() const = 0;
  /// Largest interaction range, in length units.
  virtual double cutoff() const = 0;
  /// Largest distance (length units) at which moving one atom changes the
  /// force on another: the range of the force constants (Hessian blocks).
  /// Many-body default 2 cutoff() (a moved atom changes the densities of its
  /// neighbours, which act on theirs); pair potentials override it with cutoff().
  virtual double forceConstantRange() const { return 2.0 * cutoff(); }

  /// Energy of `s` (energy units). When `forces` is non-null it is resized to
  /// 3 x N and set to minus the gradient (energy/length).
  ///
  /// With a non-empty `active` subset only the interactions that change when
  /// active atoms move are evaluated: the energy then equals the total energy
  /// minus a constant fixed by the frozen atoms (so differences between two
  /// configurations with the same frozen atoms are exact), forces on active
  /// atoms are exact and forces on the other atoms are zero. Cost scales with
  /// the size of the subset, not of the system.
  virtual double compute(const Structure& s, Positions* forces, Workspace& ws,
                         AtomSubset active = {}) const = 0;
};

/// Counts force calls of the potential it wraps (one per compute()).
/// Cheap to create per search; the wrapped potential must outlive it.
class CountingPotential final : public Potential {
 public:
  explicit CountingPotential(const Potential& inner) : inner_(inner) {}
  std::string name() const override { return inner_.name(); }
  double cutoff() const override { return inner_.cutoff(); }
  double forceConstantRange() const override { return inner_.forceConstantRange(); }
  double compute(const Structure& s, Positions* forces, Workspace& ws,
                 AtomSubset active = {}) const override {
    calls_.fetch_add(1, std::memory_order_relaxed);
    return inner_.compute(s, forces, ws, active);
  }
  long calls() const { return calls_.load(std::memory_order_relaxed); }
  void reset() { calls_.store(0, std::memory_order_relaxed); }

 private:
  const Potential& inner_;
  mutable std::atomic<long> calls_{0};
};

}  // namespace glassland
