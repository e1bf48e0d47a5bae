// EnergyObjective and relax() on a test-local potential whose minimum is known:
// every atom tethered by a spring to an anchor, plus a spring between atoms 0 and 1.

#include <doctest/doctest.h>

#include <vector>

#include "glassland/core/error.hpp"
#include "glassland/optimize/energy_objective.hpp"

using namespace glassland;

namespace {

/// E = sum_i k/2 |r_i - a_i|^2 + k01/2 (|r_0 - r_1| - l)^2. With an active
/// subset only terms that involve active atoms are summed (Potential contract).
class Springs final : public Potential {
 public:
  explicit Springs(Positions anchors) : anchors_(std::move(anchors)) {}
  std::string name() const override { return "springs"; }
  double cutoff() const override { return 0.0; }
  double compute(const Structure& s, Positions* forces, Workspace&, AtomSubset active) const override {
    std::vector<char> on(s.size(), active.empty() ? 1 : 0);
    for (int i : active) on[i] = 1;
    if (forces) forces->setZero(3, s.size());
    double e = 0.0;
    for (int i = 0; i < s.size(); ++i) {
      if (!on[i]) continue;
      const Eigen::Vector3d d = s.positions.col(i) - anchors_.col(i);
      e += 0.5 * k_ * d.squaredNorm();
      if (forces) forces->col(i) -= k_ * d;
    }
    if (on[0] || on[1]) {
      const Eigen::Vector3d d = s.positions.col(0) - s.positions.col(1);
      const double r = d.norm();
      e += 0.5 * k01_ * (r - l_) * (r - l_);
      const Eigen::Vector3d f = -k01_ * (r - l_) * d / r;
      if (forces && on[0]) forces->col(0) += f;
      if (forces && on[1]) forces->col(1) -= f;
    }
    return e;
  }

 private:
  Positions anchors_;
  double k_ = 2.0, k01_ = 5.0, l_ = 1.5;
};

Structure threeAtoms() {
  Structure s;
  s.cell = Cell::orthorhombic({0, 0, 0}, {10, 10, 10}, {false, false, false});
  s.positions.resize(3, 3);
  s.positions << 1.0, 2.2, 5.0,  //
      1.0, 1.0, 5.0,             //
      1.0, 1.0, 5.2;
  s.types = {0, 0, 0};
  s.ids = {1, 2, 3};
  s.species = {"A"};
  s.masses = {1.0};
  return s;
}

Positions anchors() {
  Positions a(3, 3);
  a << 1.0, 2.0, 5.0,  //
      1.0, 1.0, 5.0,   //
      1.0, 1.0, 5.0;
  return a;
}

}  // namespace

TEST_CASE("EnergyObjective: coordinates round-trip and gradient = -forces") {
  Springs pot(anchors());
  Structure s = threeAtoms();
  const std::vector<int> active{0, 2};
  EnergyObjective obj(pot, s, active);
  CHECK(obj.dimension() == 6);
  Eigen::VectorXd x = obj.coordinates();
  CHECK(x[3] == 5.0);
  CHECK(x[5] == 5.2);
  // Finite differences of the objective against its gradient.
  Eigen::VectorXd g, gp;
  obj.evaluate(x, g);
  for (int k = 0; k < 6; ++k) {
    Eigen::VectorXd xp = x, xm = x;
    xp[k] += 1e-6;
    xm[k] -= 1e-6;
    const double fd = (obj.evaluate(xp, gp) - obj.evaluate(xm, gp)) / 2e-6;
    CHECK(g[k] == doctest::Approx(fd).epsilon(1e-6));
  }
  CHECK(obj.forceCalls() == 13);
  x[0] = 7.0;
  obj.setCoordinates(x);
  CHECK(s.positions(0, 0) == 7.0);
  CHECK(s.positions(0, 1) == 2.2);  // frozen atom 1 untouched
}

TEST_CASE("EnergyObjective: bad active subsets are rejected") {
  Springs pot(anchors());
  Structure s = threeAtoms();
  const std::vector<int> unsorted{2, 0}, outside{0, 3};
  CHECK_THROWS_AS(EnergyObjective(pot, s, unsorted), Error);
  CHECK_THROWS_AS(EnergyObjective(pot, s, outside), Error);
}

TEST_CASE("relax: all atoms and an active subset, both methods") {
  for (MinimizeMethod m : {MinimizeMethod::Fire, MinimizeMethod::Lbfgs}) {
    const std::string method_name(methodName(m));
    CAPTURE(method_name);
    MinimizeOptions o;
    o.method = m;
    o.fmax = 1e-10;
    {
      // All atoms: atom 2 goes to its anchor; atoms 0 and 1 (anchors 1 apart
      // on x, spring rest length l = 1.5) move apart by u each:
      // k u = k01 (1 + 2u - l) with the opposite sign -> u = k01 (l - 1) / (k + 2 k01) = 2.5 / 12.
      Springs pot(anchors());
      Structure s = threeAtoms();
      const MinimizeResult r = relax(pot, s, o);
      REQUIRE(r.converged);
      const double u = 2.5 / 12.0;
      CHECK(s.positions(0, 0) == doctest::Approx(1.0 - u).epsilon(1e-9));
      CHECK(s.positions(0, 1) == doctest::Approx(2.0 + u).epsilon(1e-9));
      CHECK((s.positions.col(2) - Eigen::Vector3d(5, 5, 5)).norm() < 1e-9);
      CHECK(r.value == doctest::Approx(2.0 * u * u + 2.5 * (2 * u - 0.5) * (2 * u - 0.5)).epsilon(1e-9));
    }
    {
      // Atom 1 frozen at x = 2.2; only atoms 0 and 2 move.
      Springs pot(anchors());
      Structure s = threeAtoms();
      const std::vector<int> active{0, 2};
      const MinimizeResult r = relax(pot, s, o, active);
      REQUIRE(r.converged);
      // Force balance on atom 0 along x: -k (x0 - 1) - k01 ((2.2 - x0) - l) = 0.
      const double x0 = (2.0 * 1.0 + 5.0 * (2.2 - 1.5)) / (2.0 + 5.0);
      CHECK(s.positions(0, 0) == doctest::Approx(x0).epsilon(1e-9));
      CHECK(s.positions(0, 1) == 2.2);
      CHECK(s.positions(1, 1) == 1.0);
      CHECK(r.force_calls > 1);
      CHECK((s.positions.col(2) - Eigen::Vector3d(5, 5, 5)).norm() < 1e-9);
    }
  }
}
