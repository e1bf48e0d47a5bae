#include <doctest/doctest.h>

#include "glassland/io/lammps_dump.hpp"
#include "io_test_util.hpp"

using namespace glassland;
using iotest::kData;
using iotest::kGlass;
using Vec = Eigen::Vector3d;

namespace {

/// Largest distance between matching atoms, under minimum image.
double maxDeviation(const Structure& a, const Structure& b) {
  REQUIRE(a.size() == b.size());
  REQUIRE(a.ids == b.ids);
  double worst = 0.0;
  for (int i = 0; i < a.size(); ++i) {
    worst = std::max(worst, a.cell.minimumImage(a.positions.col(i) - b.positions.col(i)).norm());
  }
  return worst;
}

}  // namespace

TEST_CASE("dump: x y z frame 0 equals the data file bit for bit") {
  Structure data = io::readStructure(kGlass, {"A", "B"});
  Structure dump = io::readStructure(kData + "ka_traj.dump", {"A", "B"});
  CHECK(dump.cell == data.cell);
  CHECK(dump.ids == data.ids);
  CHECK(dump.types == data.types);
  CHECK((dump.positions.array() == data.positions.array()).all());
}

TEST_CASE("dump: scaled (xs ys zs, columns in another order) and unwrapped (xu yu zu) coordinates") {
  Structure data = io::readStructure(kGlass, {"A", "B"});
  Structure scaled = io::readStructure(kData + "ka_xs.dump", {"A", "B"});
  Structure unwrapped = io::readStructure(kData + "ka_xu.dump", {"A", "B"});
  CHECK(scaled.types == data.types);
  CHECK(unwrapped.types == data.types);
  const double ds = maxDeviation(scaled, data);
  const double du = maxDeviation(unwrapped, data);
  MESSAGE("largest deviation from the data file: xs " << ds << ", xu " << du);
  CHECK(ds < 1e-13);
  CHECK(du < 1e-13);
  // Unwrapped coordinates are wrapped into the cell.
  for (int a = 0; a < unwrapped.size(); ++a) {
    Vec f = unwrapped.cell.toFractional(unwrapped.positions.col(a));
    CHECK((f.array() >= 0.0).all());
    CHECK((f.array() < 1.0).all());
  }
}

TEST_CASE("dump: frames by index, -1 = last") {
  const std::string path = kData + "ka_traj.dump";
  io::ReadOptions last;
  last.frame = -1;
  io::ReadOptions second;
  second.frame = 1;
  Structure first = io::readStructure(path);
  Structure a = io::readStructure(path, {}, last);
  Structure b = io::readStructure(path, {}, second);
  CHECK((a.positions.array() == b.positions.array()).all());
  // 10 NVE steps at T = 0.5 moved the atoms, but not far.
  const double moved = maxDeviation(first, a);
  CHECK(moved > 1e-3);
  CHECK(moved < 0.5);
  io::ReadOptions third;
  third.frame = 2;
  iotest::expectInputError(path, 0, "frame 2 requested, but the dump has 2 frames", {}, third);
}

TEST_CASE("dump: triclinic bounding box converted back to LAMMPS's xlo xhi") {
  Structure data = io::readStructure(kData + "tri.data");
  for (const char* file : {"tri_x.dump", "tri_xs.dump"}) {
    CAPTURE(file);
    Structure dump = io::readStructure(kData + file);
    CHECK((dump.cell.lo() - data.cell.lo()).norm() < 1e-14);
    CHECK((dump.cell.h() - data.cell.h()).norm() < 1e-14);
    CHECK(dump.cell.xy() == data.cell.xy());
    CHECK(dump.types == data.types);
    CHECK(maxDeviation(dump, data) < 1e-13);
  }
}

TEST_CASE("dump: write then read (orthorhombic bit-exact, triclinic to rounding)") {
  Structure ka = io::readStructure(kGlass, {"A", "B"});
  const std::string path = (iotest::scratch() / "ka.lammpstrj").string();
  io::writeStructure(path, ka);
  Structure back = io::readStructure(path, {"A", "B"});
  CHECK(back.cell == ka.cell);
  CHECK((back.positions.array() == ka.positions.array()).all());
  CHECK(back.types == ka.types);

  Structure tri = io::readStructure(kData + "tri.data");
  const std::string tpath = (iotest::scratch() / "tri.dump").string();
  io::writeStructure(tpath, tri);
  Structure tback = io::readStructure(tpath);
  CHECK((tback.cell.h() - tri.cell.h()).norm() < 1e-14);
  CHECK(maxDeviation(tback, tri) < 1e-13);
}

TEST_CASE("dump: boundary flags, extra items and columns") {
  const std::string text =
      "ITEM: TIMESTEP\n"
      "42\n"
      "ITEM: UNITS\n"
      "lj\n"
      "ITEM: NUMBER OF ATOMS\n"
      "2\n"
      "ITEM: BOX BOUNDS pp fs ff\n"
      "0 10\n"
      "-5 5\n"
      "0 20\n"
      "ITEM: ATOMS vx z type y id x c_pe\n"
      "0.1 -1.5 2 4 7 1.25 -3.0\n"
      "0.2 3 1 -4 3 2.5 -3.1\n";
  Structure s = io::readStructure(iotest::writeFile("slab.dump", text));
  CHECK(s.cell.periodicity() == std::array<bool, 3>{true, false, false});
  CHECK(s.ids == std::vector<long>{3, 7});
  CHECK(s.types == std::vector<int>{0, 1});
  CHECK(s.species == std::vector<std::string>{"1", "2"});
  CHECK(s.positions.col(0) == Vec(2.5, -4, 3));
  CHECK(s.positions.col(1) == Vec(1.25, 4, -1.5));  // below the open z bound: kept
}
