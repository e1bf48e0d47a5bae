// Bad input: every reader error is an InputError naming the file, the 1-based
// line and what was expected versus found (issue 2, "Bad input").
#include <doctest/doctest.h>

#include "glassland/io/io.hpp"
#include "io_test_util.hpp"

using namespace glassland;
using iotest::expectInputError;
using iotest::writeFile;

namespace {

// A valid data file: line 1 title, 3 "N atoms", 4 "2 atom types", 6-8 bounds,
// 10 "Masses", 12-13 masses, 15 "Atoms # atomic", atoms from line 17.
std::string dataFile(const std::string& atoms, long natoms = 3,
                     const std::string& bounds = "0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n",
                     const std::string& style = "Atoms # atomic") {
  return "test\n\n" + std::to_string(natoms) + " atoms\n2 atom types\n\n" + bounds +
         "\nMasses\n\n1 1.0\n2 2.0\n\n" + style + "\n\n" + atoms;
}
const std::string kThree = "1 1 1.0 1.0 1.0\n2 2 5.0 5.0 5.0\n3 1 8.0 2.0 3.0\n";

std::string dumpFile(const std::string& columns, const std::string& atoms, long natoms = 2) {
  // Line 1 ITEM: TIMESTEP, 3 ITEM: NUMBER OF ATOMS, 5 ITEM: BOX BOUNDS, 9 ITEM: ATOMS, atoms from 10.
  return "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n" + std::to_string(natoms) +
         "\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS " + columns + "\n" + atoms;
}

std::string xyzFrame(long natoms, const std::string& header, const std::string& atoms) {
  return std::to_string(natoms) + "\n" + header + "\n" + atoms;
}
const std::string kLattice = "Lattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1:pos:R:3";

}  // namespace

TEST_CASE("bad input: the valid templates read") {
  CHECK(io::readStructure(writeFile("ok.data", dataFile(kThree))).size() == 3);
  CHECK(io::readStructure(writeFile("ok.dump", dumpFile("id type x y z", "1 1 1 1 1\n2 2 2 2 2\n"))).size() ==
        2);
  CHECK(io::readStructure(writeFile("ok.xyz", xyzFrame(2, kLattice, "A 1 1 1\nB 2 2 2\n"))).size() == 2);
}

TEST_CASE("bad input: missing file, empty file, unknown extension") {
  const std::string missing = (iotest::scratch() / "no_such_file.data").string();
  expectInputError(missing, 0, "cannot open file: No such file or directory");
  expectInputError(writeFile("empty.data", ""), 1, "empty file");
  expectInputError(writeFile("blank.dump", "\n  \n"), 1, "empty file");
  expectInputError(writeFile("empty.xyz", ""), 1, "empty file");
  expectInputError(writeFile("glass.pdb", "x"), 0, "unknown structure file extension '.pdb'");
}

TEST_CASE("bad input: data file Atoms section shorter or longer than the header says") {
  // Ends after 2 of 3 atom lines: the error is at the last line of the file.
  expectInputError(writeFile("trunc.data", dataFile("1 1 1 1 1\n2 2 5 5 5\n")), 18,
                   "file ended in section 'Atoms' after 2 of 3 lines (the header says 3 atoms)");
  // 999 of 1000: another section comes too early.
  expectInputError(
      writeFile("short.data", dataFile(kThree + "\nVelocities\n\n1 0 0 0\n", 4)), 21,
      "section 'Atoms' has only 3 lines, expected 4 (the header says 4 atoms); found 'Velocities'");
  expectInputError(
      writeFile("long.data", dataFile(kThree + "4 1 3 3 3\n")), 20,
      "unexpected line '4 1 3 3 3' after the 3 lines of section 'Atoms' (the header says 3 atoms)");
}

TEST_CASE("bad input: data file atom lines") {
  expectInputError(
      writeFile("cols.data", dataFile("1 1 1.0 1.0 1.0\n2 2 5.0 5.0\n3 1 8 2 3\n")), 18,
      "expected 5 columns 'id type x y z' (atom_style atomic) or 8 with image flags 'ix iy iz', found 4");
  expectInputError(writeFile("nonnum.data", dataFile("1 1 1.0 1.0 1.0\n2 2 5.0 abc 5.0\n3 1 8 2 3\n")), 18,
                   "expected y coordinate (a number), found 'abc'");
  expectInputError(writeFile("badid.data", dataFile("1 1 1.0 1.0 1.0\n2.5 2 5 5 5\n3 1 8 2 3\n")), 18,
                   "expected an atom id (an integer), found '2.5'");
  expectInputError(writeFile("type3.data", dataFile("1 1 1.0 1.0 1.0\n2 3 5 5 5\n3 1 8 2 3\n")), 18,
                   "unknown atom type '3': expected 1..2 (the header declares 2 atom types)");
  expectInputError(writeFile("type0.data", dataFile("1 1 1.0 1.0 1.0\n2 2 5 5 5\n3 0 8 2 3\n")), 19,
                   "unknown atom type '0': expected 1..2");
  expectInputError(writeFile("nan.data", dataFile("1 1 1.0 1.0 1.0\n2 2 5 5 nan\n3 1 8 2 3\n")), 18,
                   "non-finite z coordinate 'nan' for atom id 2: expected a finite number");
  expectInputError(writeFile("inf.data", dataFile("1 1 -inf 1.0 1.0\n2 2 5 5 5\n3 1 8 2 3\n")), 17,
                   "non-finite x coordinate '-inf' for atom id 1");
  expectInputError(writeFile("flags.data", dataFile("1 1 1 1 1 0 0 x\n2 2 5 5 5\n3 1 8 2 3\n")), 17,
                   "expected an image flag (an integer), found 'x'");
}

TEST_CASE("bad input: duplicate ids and atoms at the same place") {
  expectInputError(writeFile("dup.data", dataFile("2 1 1.0 1.0 1.0\n1 2 5 5 5\n2 1 8 2 3\n")), 19,
                   "duplicate atom id 2 (also on line 17)");
  expectInputError(writeFile("same.data", dataFile("1 1 1.0 1.0 1.0\n2 2 5 5 5\n3 1 5 5 5\n")), 19,
                   "atoms with ids 2 (line 18) and 3 (line 19) are 0 apart");
  // Across the periodic boundary: 0.001 and 9.9995 are 0.0015 apart.
  expectInputError(writeFile("image.data", dataFile("1 1 0.001 1.0 1.0\n2 2 5 5 5\n3 1 9.9995 1.0 1.0\n")),
                   19, "two atoms at (almost) the same place");
  // The threshold is configurable: 0 disables the check.
  io::ReadOptions off;
  off.min_distance = 0.0;
  CHECK(
      io::readStructure(writeFile("same2.data", dataFile("1 1 1.0 1.0 1.0\n2 2 5 5 5\n3 1 5 5 5\n")), {}, off)
          .size() == 3);
}

TEST_CASE("bad input: data file header and sections") {
  expectInputError(writeFile("nobounds.data", dataFile(kThree, 3, "0 10 xlo xhi\n0 10 ylo yhi\n")), 9,
                   "missing box bounds 'zlo zhi' in the header");
  expectInputError(writeFile("hilo.data", dataFile(kThree, 3, "0 10 xlo xhi\n5 5 ylo yhi\n0 10 zlo zhi\n")),
                   7, "expected finite box bounds with yhi > ylo, found '5' '5'");
  expectInputError(writeFile("full.data", dataFile(kThree, 3, "0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n",
                                                   "Atoms # full")),
                   17, "expected 7 columns 'id mol type q x y z' (atom_style full) or 10 with image flags");
  expectInputError(
      writeFile("sphere.data",
                dataFile(kThree, 3, "0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n", "Atoms # sphere")),
      15, "unsupported atom style 'sphere': glassland reads Atoms # atomic (id type x y z), # charge");
  expectInputError(writeFile("header.data", "t\n\n3 atoms\n2 atom types\n0 10 xlo xhi\n10 foo bar\n"), 6,
                   "unknown header line '10 foo bar'");
  expectInputError(writeFile("bonds.data", "t\n\n3 atoms\n2 bonds\n"), 4,
                   "glassland has no bonded interactions (bonds, angles, ...); expected a count of 0");
  expectInputError(writeFile("btypes.data", "t\n\n3 atoms\n0 bonds\n1 bond types\n"), 5,
                   "found '1 bond types'");
  // Zero topology counts are accepted (a data file written under another atom style with no bonds).
  CHECK(io::readStructure(writeFile("zero.data",
                                    "t\n\n1 atoms\n1 atom types\n0 bonds\n0 angle types\n"
                                    "0 1 xlo xhi\n0 1 ylo yhi\n0 1 zlo zhi\n\nAtoms\n\n1 1 0.5 0.5 0.5\n"))
            .size() == 1);
  expectInputError(writeFile("section.data", dataFile(kThree + "\nBonds\n\n1 1 1 2\n")), 21,
                   "unsupported section 'Bonds'");
  expectInputError(
      writeFile("noatoms.data", "t\n\n3 atoms\n2 atom types\n0 1 xlo xhi\n0 1 ylo yhi\n0 1 zlo zhi\n"), 7,
      "missing Atoms section: the header says 3 atoms");
  expectInputError(
      writeFile("mass.data",
                "t\n\n1 atoms\n2 atom types\n0 1 xlo xhi\n0 1 ylo yhi\n0 1 zlo zhi\n\nMasses\n\n1 1\n2 -1\n"),
      12, "expected a positive finite mass, found '-1'");
  // Too few species names for the file's types: at the "atom types" line.
  expectInputError(writeFile("species.data", dataFile(kThree)), 4,
                   "the file has 2 atom types but only 1 species names were given [A]", {"A"});
}

TEST_CASE("bad input: LAMMPS dumps") {
  expectInputError(writeFile("noid.dump", dumpFile("type x y z", "1 1 1 1\n2 2 2 2\n")), 9,
                   "ITEM: ATOMS has no 'id' column (found columns: type x y z)");
  expectInputError(writeFile("notype.dump", dumpFile("id x y z", "1 1 1 1\n2 2 2 2\n")), 9,
                   "ITEM: ATOMS has no 'type' or 'element' column");
  expectInputError(
      writeFile("nocoord.dump", dumpFile("id type x y vx", "1 1 1 1 0\n2 2 2 2 0\n")), 9,
      "ITEM: ATOMS has no coordinate columns: expected x y z, xu yu zu, xs ys zs or xsu ysu zsu");
  expectInputError(writeFile("few.dump", dumpFile("id type x y z", "1 1 1 1 1\n", 2)), 10,
                   "found only 1 atom lines, expected 2 (ITEM: NUMBER OF ATOMS says 2)");
  expectInputError(writeFile("many.dump", dumpFile("id type x y z", "1 1 1 1 1\n2 2 2 2 2\n3 1 3 3 3\n", 2)),
                   12, "unexpected line '3 1 3 3 3' after 2 atom lines");
  expectInputError(writeFile("cols.dump", dumpFile("id type x y z", "1 1 1 1 1\n2 2 2 2\n")), 11,
                   "expected 5 columns (id type x y z), found 4");
  expectInputError(writeFile("type.dump", dumpFile("id type x y z", "1 1 1 1 1\n2 3 2 2 2\n")), 11,
                   "unknown atom type '3': expected 1..2 (2 species names given)", {"A", "B"});
  expectInputError(writeFile("start.dump", "hello\n"), 1,
                   "expected 'ITEM: TIMESTEP' at the start of a LAMMPS dump");
  expectInputError(writeFile("nan.dump", dumpFile("id type x y z", "1 1 1 1 1\n2 2 2 NaN 2\n")), 11,
                   "non-finite y coordinate 'NaN' for atom id 2");
}

TEST_CASE("bad input: extended XYZ") {
  expectInputError(writeFile("few.xyz", xyzFrame(3, kLattice, "A 1 1 1\nB 2 2 2\n")), 4,
                   "file ended after 2 of 3 atom lines (line 1 says 3 atoms)");
  expectInputError(
      writeFile("many.xyz", xyzFrame(2, kLattice, "A 1 1 1\nB 2 2 2\nA 3 3 3\n")), 5,
      "expected the number of atoms of frame 1 (one integer on its own line), found 'A 3 3 3' (is the atom "
      "count of the previous frame too small?)");
  expectInputError(
      writeFile("nolattice.xyz", xyzFrame(2, "Properties=species:S:1:pos:R:3", "A 1 1 1\nB 2 2 2\n")), 2,
      "missing Lattice=");
  expectInputError(
      writeFile("nopos.xyz", xyzFrame(1, "Lattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1", "A\n")),
      2, "has no pos:R:3 column");
  expectInputError(writeFile("cols.xyz", xyzFrame(2, kLattice, "A 1 1 1\nB 2 2\n")), 4, "expected 4 columns");
  expectInputError(writeFile("species.xyz", xyzFrame(2, kLattice, "A 1 1 1\nC 2 2 2\n")), 4,
                   "species 'C' is not in the species list [A, B]", {"A", "B"});
  expectInputError(writeFile("left.xyz", xyzFrame(1, "Lattice=\"10 0 0 0 10 0 0 0 -10\"", "A 1 1 1\n")), 2,
                   "left-handed");
  expectInputError(writeFile("lat.xyz", xyzFrame(1, "Lattice=\"10 0 0 0 10 0 0 0\"", "A 1 1 1\n")), 2,
                   "expected 9 numbers, found 8");
  expectInputError(writeFile("inf.xyz", xyzFrame(2, kLattice, "A 1 1 1\nB 2 inf 2\n")), 4,
                   "non-finite y coordinate 'inf'");
}

TEST_CASE("validateStructure on structures built in code") {
  Structure s;
  s.cell = Cell::orthorhombic(Eigen::Vector3d::Zero(), Eigen::Vector3d::Constant(5.0));
  s.positions = Positions(3, 2);
  s.positions << 0.1, 4.95, 0.1, 0.1, 0.1, 0.1;
  s.types = {0, 0};
  s.ids = {10, 20};
  s.species = {"A"};
  s.masses = {1.0};
  CHECK_NOTHROW(io::validateStructure(s, 0.1));
  CHECK_THROWS_WITH_AS(io::validateStructure(s, 0.2, "mem"),
                       doctest::Contains("atoms with ids 10 and 20 are 0.15 apart"), InputError);
  s.types[1] = 1;
  CHECK_THROWS_WITH_AS(io::validateStructure(s), doctest::Contains("atom id 20 has type index 1"),
                       InputError);
}

TEST_CASE("ReadOptions from YAML") {
  YAML::Node node = YAML::Load("frame: -1\nmin_distance: 0.05\nperiodic: [true, true, false]\n");
  OptionsReader reader(node, "structure", "cfg.yaml");
  io::ReadOptions o = io::ReadOptions::fromYaml(reader);
  CHECK_NOTHROW(reader.finish());
  CHECK(o.frame == -1);
  CHECK(o.min_distance == 0.05);
  REQUIRE(o.periodic.has_value());
  CHECK(*o.periodic == std::array<bool, 3>{true, true, false});

  OptionsReader bad(YAML::Load("periodic: [true, false]\n"), "structure", "cfg.yaml");
  CHECK_THROWS_WITH_AS(io::ReadOptions::fromYaml(bad), doctest::Contains("cfg.yaml:1: "), InputError);
  OptionsReader negative(YAML::Load("min_distance: -1\n"), "structure", "cfg.yaml");
  CHECK_THROWS_WITH_AS(io::ReadOptions::fromYaml(negative), doctest::Contains("must be a length >= 0"),
                       InputError);
}
