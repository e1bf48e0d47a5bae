#pragma once
/// \file
/// The Müller–Brown surface (K. Müller and L. D. Brown, Theor. Chim. Acta 53,
/// 75 (1979)): a 2-D model landscape with three minima and two saddles, the
/// standard test of saddle searches.

#include <memory>
#include <string>

#include "glassland/core/options.hpp"
#include "glassland/potential/potential.hpp"

namespace glassland {

/// V(x, y) = sum_k A_k exp(a_k (x-x0_k)^2 + b_k (x-x0_k)(y-y0_k) + c_k (y-y0_k)^2)
/// with the original parameters (A = -200, -100, -170, 15; a = -1, -1, -6.5, 0.7;
/// b = 0, 0, 11, 0.6; c = -10, -10, -6.5, 0.7; x0 = 1, 0, -0.5, -1; y0 = 0, 0.5, 1.5, 1).
/// Returns V; when gx and gy are non-null writes dV/dx and dV/dy there.
double mullerBrownEnergy(double x, double y, double* gx, double* gy);

/// The Müller–Brown surface as a Potential over atom 0's x and y: the energy
/// is V(x0, y0), the force on atom 0 is (-dV/dx, -dV/dy, 0) and every other
/// atom (if any) feels nothing. The cell is ignored (use an open cell). Units
/// are those of the surface (energy in its own unit, lengths in its own unit).
class MullerBrownPotential final : public Potential {
 public:
  std::string name() const override { return "muller-brown"; }
  /// No pair interactions.
  double cutoff() const override { return 0.0; }
  /// The energy does not depend on the active subset, except that with a
  /// subset that excludes atom 0 nothing moves: the energy is then still
  /// V(x0, y0) (a constant) and all forces are zero. Requires at least one atom.
  double compute(const Structure& s, Positions* forces, Workspace& ws, AtomSubset active = {}) const override;
};

/// `type: muller-brown` (registry.cpp): takes no keys besides `type`.
std::unique_ptr<Potential> makeMullerBrown(OptionsReader& section);

}  // namespace glassland
