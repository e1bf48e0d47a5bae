#include <doctest/doctest.h>

#include <Eigen/Geometry>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "glassland/io/extxyz.hpp"
#include "io_test_util.hpp"

using namespace glassland;
using iotest::kData;
using iotest::kGlass;
using Vec = Eigen::Vector3d;

TEST_CASE("extxyz: write then read is bit-exact (orthorhombic and triclinic, masses)") {
  for (const std::string& source : {kGlass, kData + "tri.data"}) {
    CAPTURE(source);
    Structure s = io::readStructure(source, {"Cu", "Zr"});
    const std::string path = (iotest::scratch() / "out.extxyz").string();
    io::writeStructure(path, s);
    Structure back = io::readStructure(path, {"Cu", "Zr"});
    CHECK(back.cell == s.cell);
    CHECK(back.ids == s.ids);
    CHECK(back.types == s.types);
    CHECK(back.species == s.species);
    CHECK(back.masses == s.masses);
    CHECK((back.positions.array() == s.positions.array()).all());
  }
}

TEST_CASE("extxyz: header line, extra columns and info as OVITO expects them") {
  Structure s = io::readStructure(kData + "tri.data", {"A", "B"});
  Eigen::MatrixXd disp = Eigen::MatrixXd::Zero(3, s.size());
  disp(0, 5) = 0.25;
  Eigen::MatrixXd mag = disp.colwise().norm();
  const std::string text = io::extxyzFrame(s, {{"disp", disp}, {"dmag", mag}}, {{"energy", "-12.5"}, {"note", "a saddle"}});
  std::istringstream lines(text);
  std::string count, header, first;
  std::getline(lines, count);
  std::getline(lines, header);
  std::getline(lines, first);
  CHECK(count == "256");
  CHECK(header.find("Lattice=\"6.3496042078727974 0 0 2.381101577952299 6.3496042078727974 0 "
                    "-1.5874010519681994 1.2699208415745595 6.3496042078727974\"") == 0);
  CHECK(header.find(" Properties=species:S:1:pos:R:3:id:I:1:masses:R:1:disp:R:3:dmag:R:1 ") != std::string::npos);
  CHECK(header.find(" pbc=\"T T T\"") != std::string::npos);
  CHECK(header.find(" energy=-12.5 note=\"a saddle\"") != std::string::npos);
  CHECK(header.find("Origin") == std::string::npos);  // origin at zero
  CHECK(first == "A 4.766097976864994 1.32925338185347 6.346267829097716 1 1 0 0 0 0");

  // The reader skips the extra columns.
  const std::string path = iotest::writeFile("extra.xyz", text);
  Structure back = io::readStructure(path, {"A", "B"});
  CHECK((back.positions.array() == s.positions.array()).all());

  CHECK_THROWS_AS(io::extxyzFrame(s, {{"disp", Eigen::MatrixXd::Zero(3, 5)}}), InputError);
  CHECK_THROWS_AS(io::extxyzFrame(s, {{"pos", disp}}), InputError);
}

TEST_CASE("extxyz: species order from the list or by first appearance; multi-frame; origin; pbc") {
  const std::string frame =
      "3\n"
      "Lattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1:pos:R:3 pbc=\"T T F\" Origin=\"1 2 3\" flag\n"
      "Zr 2 3 4\n"
      "Cu 5 5 5\n"
      "Zr 3 8 14\n";
  const std::string second =
      "2\n"
      "Lattice=\"10 0 0 0 10 0 0 0 10\"\n"
      "Cu 2 3 4\n"
      "Cu 4 3 4\n";
  const std::string path = iotest::writeFile("frames.extxyz", frame + second);
  Structure s = io::readStructure(path);
  CHECK(s.species == std::vector<std::string>{"Zr", "Cu"});
  CHECK(s.types == std::vector<int>{0, 1, 0});
  CHECK(s.ids == std::vector<long>{1, 2, 3});
  CHECK(s.cell.lo() == Vec(1, 2, 3));
  CHECK(s.cell.periodicity() == std::array<bool, 3>{true, true, false});
  CHECK(s.positions.col(2) == Vec(3, 8, 14));  // outside the open z: kept

  Structure t = io::readStructure(path, {"Cu", "Zr"});
  CHECK(t.types == std::vector<int>{1, 0, 1});

  io::ReadOptions last;
  last.frame = -1;
  Structure u = io::readStructure(path, {"Cu", "Zr"}, last);
  CHECK(u.size() == 2);
  CHECK(u.cell.periodicity() == std::array<bool, 3>{true, true, true});  // ASE's default with a Lattice
  CHECK(u.countByType() == std::vector<int>{2, 0});
}

TEST_CASE("extxyz: a lattice in general orientation is rotated into LAMMPS's restricted form") {
  Structure s = io::readStructure(kData + "tri.data");
  const Eigen::Matrix3d rot = (Eigen::AngleAxisd(0.7, Vec(1, 2, 3).normalized()) *
                               Eigen::AngleAxisd(-1.1, Vec(0, 1, 0)))
                                  .toRotationMatrix();
  const Eigen::Matrix3d hg = rot * s.cell.h();
  std::ostringstream text;
  text.precision(17);
  text << s.size() << "\nLattice=\"";
  for (int v = 0; v < 3; ++v) text << hg(0, v) << ' ' << hg(1, v) << ' ' << hg(2, v) << (v < 2 ? " " : "\"");
  text << " Properties=species:S:1:pos:R:3\n";
  for (int a = 0; a < s.size(); ++a) {
    Vec r = rot * s.positions.col(a);
    text << s.species[s.types[a]] << ' ' << r[0] << ' ' << r[1] << ' ' << r[2] << '\n';
  }
  Structure back = io::readStructure(iotest::writeFile("rotated.xyz", text.str()));
  const double dh = (back.cell.h() - s.cell.h()).cwiseAbs().maxCoeff();
  double dr = 0.0;
  for (int a = 0; a < s.size(); ++a) dr = std::max(dr, s.cell.minimumImage(back.positions.col(a) - s.positions.col(a)).norm());
  MESSAGE("rotated lattice: cell error " << dh << ", position error " << dr);
  CHECK(dh < 1e-13);
  CHECK(dr < 1e-13);
}

TEST_CASE("extxyz: ASE reads our output with the right cell, pbc and positions") {
  if (std::system("/usr/bin/python3 -c 'import ase.io' > /dev/null 2>&1") != 0) {
    MESSAGE("/usr/bin/python3 cannot import ase: ASE check skipped");
    return;
  }
  Structure s = io::readStructure(kData + "tri.data", {"Cu", "Zr"}, {.periodic = std::array<bool, 3>{true, true, false}});
  Eigen::MatrixXd disp = Eigen::MatrixXd::Constant(3, s.size(), 0.125);
  const std::string xyz = (iotest::scratch() / "for_ase.extxyz").string();
  io::writeExtxyz(xyz, s, {{"disp", disp}});
  const std::string out = (iotest::scratch() / "from_ase.txt").string();
  const std::string script = iotest::writeFile(
      "read.py",
      "import sys, ase.io\n"
      "a = ase.io.read(sys.argv[1])\n"
      "with open(sys.argv[2], 'w') as f:\n"
      "    print(' '.join(repr(float(x)) for x in a.cell.array.ravel()), file=f)\n"
      "    print(' '.join('1' if p else '0' for p in a.pbc), file=f)\n"
      "    print(len(a), ' '.join(a.get_chemical_symbols()[:2]), repr(float(a.get_masses()[2])), "
      "repr(float(a.arrays['disp'][0][0])), file=f)\n"
      "    for p in a.positions:\n"
      "        print(' '.join(repr(float(x)) for x in p), file=f)\n");
  const std::string command = "/usr/bin/python3 " + script + " " + xyz + " " + out;
  REQUIRE(std::system(command.c_str()) == 0);
  std::istringstream in(iotest::readText(out));
  Eigen::Matrix3d cell;  // ASE: rows are the lattice vectors
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) in >> cell(i, j);
  int p[3];
  in >> p[0] >> p[1] >> p[2];
  int n = 0;
  std::string sym0, sym1;
  double mass2 = 0, disp0 = 0;
  in >> n >> sym0 >> sym1 >> mass2 >> disp0;
  REQUIRE(n == s.size());
  CHECK(cell.transpose() == s.cell.h());
  CHECK(p[0] == 1);
  CHECK(p[1] == 1);
  CHECK(p[2] == 0);
  CHECK(sym0 == s.species[s.types[0]]);
  CHECK(sym1 == s.species[s.types[1]]);
  CHECK(mass2 == s.masses[s.types[2]]);
  CHECK(disp0 == 0.125);
  double worst = 0.0;
  for (int a = 0; a < n; ++a) {
    Vec r;
    in >> r[0] >> r[1] >> r[2];
    worst = std::max(worst, (r - s.positions.col(a)).cwiseAbs().maxCoeff());
  }
  CHECK(in);
  CHECK(worst == 0.0);
}
