// Müller–Brown surface: published minima and saddles, gradient by finite differences.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <Eigen/Eigenvalues>
#include <cmath>

#include "glassland/potential/muller_brown.hpp"

using namespace glassland;

namespace {

struct Point {
  double x, y, energy;
};

// Reference stationary points (tests/data/lammps/README.md; 6 decimals as printed there).
const Point kMinima[] = {
    {-0.558224, 1.441726, -146.699517}, {0.623499, 0.028038, -108.166724}, {-0.050011, 0.466694, -80.767818}};
const Point kSaddles[] = {{-0.822002, 0.624313, -40.664844}, {0.212487, 0.292988, -72.248940}};

Structure onePoint(double x, double y) {
  Structure s;
  s.cell = Cell::orthorhombic(Eigen::Vector3d::Constant(-10), Eigen::Vector3d::Constant(10),
                              {false, false, false});
  s.positions = Positions::Zero(3, 1);
  s.positions(0, 0) = x;
  s.positions(1, 0) = y;
  s.types = {0};
  s.ids = {1};
  s.species = {"X"};
  s.masses = {1.0};
  return s;
}

/// Hessian of V by central differences of the analytic gradient.
Eigen::Matrix2d hessian(double x, double y) {
  const double h = 1e-5;
  Eigen::Matrix2d H;
  double gx1, gy1, gx2, gy2;
  mullerBrownEnergy(x + h, y, &gx1, &gy1);
  mullerBrownEnergy(x - h, y, &gx2, &gy2);
  H(0, 0) = (gx1 - gx2) / (2 * h);
  H(1, 0) = (gy1 - gy2) / (2 * h);
  mullerBrownEnergy(x, y + h, &gx1, &gy1);
  mullerBrownEnergy(x, y - h, &gx2, &gy2);
  H(0, 1) = (gx1 - gx2) / (2 * h);
  H(1, 1) = (gy1 - gy2) / (2 * h);
  return H;
}

/// Newton's method on the gradient from a point near a stationary point.
Eigen::Vector2d stationaryPointNear(double x, double y) {
  Eigen::Vector2d p(x, y);
  for (int it = 0; it < 50; ++it) {
    double gx, gy;
    mullerBrownEnergy(p[0], p[1], &gx, &gy);
    p -= hessian(p[0], p[1]).inverse() * Eigen::Vector2d(gx, gy);
  }
  return p;
}

}  // namespace

TEST_CASE("Müller-Brown: the three minima and two saddles of the reference") {
  for (const Point& m : kMinima) {
    CAPTURE(m.x);
    double gx, gy;
    CHECK(mullerBrownEnergy(m.x, m.y, &gx, &gy) == doctest::Approx(m.energy).epsilon(1e-7));
    // The reference coordinates carry 6 decimals: the gradient there is zero to
    // the size of the Hessian times the rounding (curvatures up to ~ 2000).
    CHECK(std::hypot(gx, gy) < 5e-3);
    const Eigen::Vector2d p = stationaryPointNear(m.x, m.y);
    CHECK(std::abs(p[0] - m.x) < 1e-6);
    CHECK(std::abs(p[1] - m.y) < 1e-6);
    const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(hessian(p[0], p[1]));
    CHECK(eig.eigenvalues()[0] > 0.0);
  }
  for (const Point& sp : kSaddles) {
    CAPTURE(sp.x);
    CHECK(mullerBrownEnergy(sp.x, sp.y, nullptr, nullptr) == doctest::Approx(sp.energy).epsilon(1e-7));
    const Eigen::Vector2d p = stationaryPointNear(sp.x, sp.y);
    CHECK(std::abs(p[0] - sp.x) < 1e-6);
    CHECK(std::abs(p[1] - sp.y) < 1e-6);
    const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(hessian(p[0], p[1]));
    CHECK(eig.eigenvalues()[0] < 0.0);
    CHECK(eig.eigenvalues()[1] > 0.0);
  }
}

TEST_CASE("Müller-Brown potential: forces are minus the gradient, z and other atoms free of force") {
  OptionsReader section(YAML::Load("{type: muller-brown}"), "potential", "c.yaml");
  const auto pot = makeMullerBrown(section);
  CHECK(pot->name() == "muller-brown");
  CHECK(pot->cutoff() == 0.0);
  Workspace ws;
  const double h = 1e-6;
  double worst = 0.0;
  for (double x = -1.5; x <= 1.0; x += 0.25) {
    for (double y = -0.25; y <= 2.0; y += 0.25) {
      Structure s = onePoint(x, y);
      Positions f;
      const double e = pot->compute(s, &f, ws);
      CHECK(e == mullerBrownEnergy(x, y, nullptr, nullptr));
      CHECK(f(2, 0) == 0.0);
      const double fx =
          -(mullerBrownEnergy(x + h, y, nullptr, nullptr) - mullerBrownEnergy(x - h, y, nullptr, nullptr)) /
          (2 * h);
      const double fy =
          -(mullerBrownEnergy(x, y + h, nullptr, nullptr) - mullerBrownEnergy(x, y - h, nullptr, nullptr)) /
          (2 * h);
      const double scale = std::max(std::hypot(f(0, 0), f(1, 0)), 1.0);
      worst = std::max(worst, std::hypot(fx - f(0, 0), fy - f(1, 0)) / scale);
    }
  }
  MESSAGE("Müller-Brown worst relative FD error " << worst);
  CHECK(worst < 1e-6);

  // A second atom feels nothing; a subset without atom 0 freezes everything.
  Structure two = onePoint(0.1, 0.2);
  two.positions.conservativeResize(3, 2);
  two.positions.col(1) = Eigen::Vector3d(1, 1, 1);
  two.types = {0, 0};
  two.ids = {1, 2};
  Positions f;
  pot->compute(two, &f, ws);
  CHECK(f.col(1).norm() == 0.0);
  CHECK(f.col(0).norm() > 0.0);
  const std::vector<int> only_second{1};
  const double e = pot->compute(two, &f, ws, only_second);
  CHECK(e == mullerBrownEnergy(0.1, 0.2, nullptr, nullptr));
  CHECK(f.norm() == 0.0);
}

TEST_CASE("Müller-Brown: unknown keys are rejected") {
  OptionsReader section(YAML::Load("{type: muller-brown, scale: 2}"), "potential", "c.yaml");
  CHECK_THROWS_AS(makeMullerBrown(section), InputError);
}
