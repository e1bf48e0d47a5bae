#include <doctest/doctest.h>

#include <cmath>

#include "glassland/core/cell.hpp"
#include "glassland/core/error.hpp"
#include "glassland/core/units.hpp"

using glassland::Cell;
using Vec = Eigen::Vector3d;

TEST_CASE("orthorhombic minimum image and wrap") {
  Cell cell = Cell::orthorhombic(Vec(0, 0, 0), Vec(10, 20, 30));
  CHECK(cell.volume() == doctest::Approx(6000));
  Vec d = cell.minimumImage(Vec(9, -19, 16));
  CHECK(d.isApprox(Vec(-1, 1, -14)));
  Vec w = cell.wrap(Vec(-1, 45, 30));
  CHECK(w.isApprox(Vec(9, 5, 0)));
  CHECK(cell.perpendicularWidth(1) == doctest::Approx(20));
}

TEST_CASE("open dimensions are neither wrapped nor imaged") {
  Cell slab = Cell::orthorhombic(Vec(0, 0, 0), Vec(10, 10, 10), {true, true, false});
  CHECK(slab.minimumImage(Vec(9, 9, 9)).isApprox(Vec(-1, -1, 9)));
  CHECK(slab.wrap(Vec(11, 0.5, 12)).isApprox(Vec(1, 0.5, 12)));
}

TEST_CASE("triclinic minimum image is the shortest image (brute force)") {
  Cell cell = Cell::triclinic(Vec(1, 2, 3), Vec(6, 7, 8), 2.4, -2.0, 1.7);
  CHECK(cell.perpendicularWidth(2) == doctest::Approx(5.0));
  for (int trial = 0; trial < 200; ++trial) {
    Vec d(std::sin(trial * 1.3) * 7, std::cos(trial * 0.7) * 6, std::sin(trial * 2.1) * 9);
    Vec best = d;
    for (int i = -3; i <= 3; ++i)
      for (int j = -3; j <= 3; ++j)
        for (int k = -3; k <= 3; ++k) {
          Vec c = d + cell.imageShift(i, j, k);
          if (c.norm() < best.norm()) best = c;
        }
    CHECK(cell.minimumImage(d).norm() == doctest::Approx(best.norm()).epsilon(1e-12));
  }
  Vec r(20, -3, 11);
  Vec s = cell.toFractional(cell.wrap(r));
  for (int k = 0; k < 3; ++k) {
    CHECK(s[k] >= 0.0);
    CHECK(s[k] < 1.0);
  }
  CHECK(cell.minimumImage(cell.wrap(r) - r).norm() < 1e-12);
}

TEST_CASE("a box with hi <= lo is an input error") {
  CHECK_THROWS_AS(Cell::orthorhombic(Vec(0, 0, 0), Vec(1, 0, 1)), glassland::InputError);
}

TEST_CASE("units by name") {
  CHECK(glassland::Units::byName("metal").boltzmann == doctest::Approx(8.617343e-5));
  CHECK(glassland::Units::byName("lj").boltzmann == 1.0);
  CHECK_THROWS_WITH_AS(glassland::Units::byName("real"), doctest::Contains("lj, metal"),
                       glassland::InputError);
}
