#include "glassland/potential/muller_brown.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "glassland/core/error.hpp"

namespace glassland {

namespace {
// Müller & Brown 1979, Table 1 (the parameters every later paper uses).
constexpr std::array<double, 4> kA{-200.0, -100.0, -170.0, 15.0};
constexpr std::array<double, 4> ka{-1.0, -1.0, -6.5, 0.7};
constexpr std::array<double, 4> kb{0.0, 0.0, 11.0, 0.6};
constexpr std::array<double, 4> kc{-10.0, -10.0, -6.5, 0.7};
constexpr std::array<double, 4> kx0{1.0, 0.0, -0.5, -1.0};
constexpr std::array<double, 4> ky0{0.0, 0.5, 1.5, 1.0};
}  // namespace

double mullerBrownEnergy(double x, double y, double* gx, double* gy) {
  double energy = 0.0;
  double dx_sum = 0.0;
  double dy_sum = 0.0;
  for (std::size_t k = 0; k < kA.size(); ++k) {
    const double dx = x - kx0[k];
    const double dy = y - ky0[k];
    const double term = kA[k] * std::exp(ka[k] * dx * dx + kb[k] * dx * dy + kc[k] * dy * dy);
    energy += term;
    dx_sum += term * (2.0 * ka[k] * dx + kb[k] * dy);
    dy_sum += term * (kb[k] * dx + 2.0 * kc[k] * dy);
  }
  if (gx != nullptr) *gx = dx_sum;
  if (gy != nullptr) *gy = dy_sum;
  return energy;
}

double MullerBrownPotential::compute(const Structure& s, Positions* forces, Workspace& /*ws*/,
                                     AtomSubset active) const {
  if (s.size() < 1) throw Error("muller-brown: the structure needs at least one atom");
  double gx = 0.0;
  double gy = 0.0;
  const double energy = mullerBrownEnergy(s.positions(0, 0), s.positions(1, 0), &gx, &gy);
  if (forces != nullptr) {
    forces->setZero(3, s.size());
    // Atom 0 carries the surface; with a subset that leaves it out it is frozen.
    const bool moves = active.empty() || std::binary_search(active.begin(), active.end(), 0);
    if (moves) {
      (*forces)(0, 0) = -gx;
      (*forces)(1, 0) = -gy;
    }
  }
  return energy;
}

std::unique_ptr<Potential> makeMullerBrown(OptionsReader& section) {
  section.allow({"type"});
  section.finish();
  return std::make_unique<MullerBrownPotential>();
}

}  // namespace glassland
