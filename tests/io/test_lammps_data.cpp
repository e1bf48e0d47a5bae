#include <doctest/doctest.h>

#include <cstdlib>

#include "glassland/io/lammps_data.hpp"
#include "io_test_util.hpp"

using namespace glassland;
using iotest::kData;
using iotest::kGlass;
using Vec = Eigen::Vector3d;

TEST_CASE("LAMMPS data: the bundled Kob-Andersen glass as LAMMPS wrote it") {
  Structure s = io::readStructure(kGlass, {"A", "B"});
  REQUIRE(s.size() == 1000);
  CHECK(s.countByType() == std::vector<int>{800, 200});
  CHECK(s.species == std::vector<std::string>{"A", "B"});
  CHECK(s.masses == std::vector<double>{1.0, 1.0});
  CHECK(s.cell.isOrthorhombic());
  CHECK(s.cell.lo() == Vec::Zero());
  CHECK(s.cell.hi() == Vec::Constant(9.410360288810285));
  CHECK(s.cell.periodicity() == std::array<bool, 3>{true, true, true});
  // Sorted by id although the file is not; the numbers are those of the file
  // ("228 1 1.0386696975043002 0.24774758695941804 0.5447490634499385 0 0 1"),
  // taken as written (image flags ignored).
  for (int a = 0; a < s.size(); ++a) CHECK(s.ids[a] == a + 1);
  CHECK(s.types[227] == 0);
  CHECK(s.positions.col(227) == Vec(1.0386696975043002, 0.24774758695941804, 0.5447490634499385));
  // "892 2 3.1630160145292283 ..." is a B atom.
  CHECK(s.types[891] == 1);
  CHECK(s.positions(0, 891) == 3.1630160145292283);
}

TEST_CASE("LAMMPS data: default species names are the type numbers") {
  Structure s = io::readStructure(kGlass);
  CHECK(s.species == std::vector<std::string>{"1", "2"});
  // A longer species list is allowed: the extra type has no atoms.
  Structure t = io::readStructure(kGlass, {"A", "B", "C"});
  CHECK(t.numTypes() == 3);
  CHECK(t.countByType() == std::vector<int>{800, 200, 0});
}

TEST_CASE("LAMMPS data: write then read is bit-exact (orthorhombic)") {
  Structure s = io::readStructure(kGlass, {"A", "B"});
  const std::string path = (iotest::scratch() / "ka.data").string();
  io::writeStructure(path, s);
  // Species names travel as one-word comments of the Masses section.
  Structure back = io::readStructure(path);
  iotest::checkIdentical(s, back);
}

TEST_CASE("LAMMPS data: triclinic file with masses and a Velocities section") {
  Structure s = io::readStructure(kData + "tri.data", {"Cu", "Zr"});
  REQUIRE(s.size() == 256);
  CHECK(!s.cell.isOrthorhombic());
  CHECK(s.cell.xy() == 2.381101577952299);
  CHECK(s.cell.xz() == -1.5874010519681994);
  CHECK(s.cell.yz() == 1.2699208415745595);
  CHECK(s.cell.hi() == Vec::Constant(6.3496042078727974));
  CHECK(s.masses == std::vector<double>{1.0, 2.5});
  // "1 1 4.766097976864994 1.32925338185347 6.346267829097716 -1 0 -1"
  CHECK(s.positions.col(0) == Vec(4.766097976864994, 1.32925338185347, 6.346267829097716));

  const std::string path = (iotest::scratch() / "tri.lmp").string();
  io::writeStructure(path, s);
  iotest::checkIdentical(s, io::readStructure(path));
}

TEST_CASE("LAMMPS data: LAMMPS read_data accepts what we write (triclinic)") {
  if (std::system("command -v lmp > /dev/null 2>&1") != 0) {
    MESSAGE("lmp not found: LAMMPS read-back check skipped");
    return;
  }
  Structure s = io::readStructure(kData + "tri.data", {"Cu", "Zr"});
  const std::string ours = (iotest::scratch() / "ours.data").string();
  const std::string theirs = (iotest::scratch() / "theirs.data").string();
  io::writeLammpsData(ours, s);
  const std::string input = iotest::writeFile(
      "in.readback", "units lj\natom_style atomic\nread_data " + ours + "\nwrite_data " + theirs + "\n");
  const std::string command = "lmp -in " + input + " -log none -echo none -screen none";
  REQUIRE(std::system(command.c_str()) == 0);
  Structure back = io::readStructure(theirs, {"Cu", "Zr"});
  REQUIRE(back.size() == s.size());
  CHECK(back.cell == s.cell);
  CHECK(back.masses == s.masses);
  CHECK(back.types == s.types);
  // LAMMPS may remap atoms by a lattice vector; compare under minimum image.
  double worst = 0.0;
  for (int a = 0; a < s.size(); ++a) {
    worst = std::max(worst, s.cell.minimumImage(back.positions.col(a) - s.positions.col(a)).norm());
  }
  CHECK(worst < 1e-12);
}

TEST_CASE("LAMMPS data: comments, blank lines, unnamed Atoms, image flags, labels, wrapping") {
  const std::string text =
      "title line: anything\n"
      "# a comment line\n"
      "\n"
      "   3 atoms   # trailing comment\n"
      "2 atom types\n"
      "0 bonds\n"
      "0.0 10.0 xlo xhi\n"
      "-1 +9 ylo yhi\n"
      "0 10 zlo zhi\n"
      "\n"
      "Atom Type Labels\n"
      "\n"
      "1 Cu\n"
      "2 Zr\n"
      "\n"
      "Atoms\n"
      "\n"
      "3 2 1.0 1.0 1.0 0 0 0\n"
      "1 1 12.0 -3.0 5.0 1 -1 0\r\n"
      "2 1 5.0 5.0 -2.0\n";
  const std::string path = iotest::writeFile("misc.data", text);
  Structure s = io::readStructure(path);
  CHECK(s.species == std::vector<std::string>{"Cu", "Zr"});
  CHECK(s.masses == std::vector<double>{1.0, 1.0});
  CHECK(s.ids == std::vector<long>{1, 2, 3});
  CHECK(s.types == std::vector<int>{0, 0, 1});
  CHECK(s.cell.lo() == Vec(0, -1, 0));
  // Atom 1 lies outside the periodic box in x and y: wrapped; atom 3 inside: untouched.
  CHECK(s.positions.col(0).isApprox(Vec(2.0, 7.0, 5.0), 1e-14));
  CHECK(s.positions.col(2) == Vec(1.0, 1.0, 1.0));

  // An open z keeps atom 2 below the box.
  io::ReadOptions slab;
  slab.periodic = std::array<bool, 3>{true, true, false};
  Structure t = io::readStructure(path, {}, slab);
  CHECK(!t.cell.periodic(2));
  CHECK(t.positions.col(1) == Vec(5.0, 5.0, -2.0));
}
