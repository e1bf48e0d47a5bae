#include <doctest/doctest.h>

#include <Eigen/Geometry>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "ase_reader.hpp"
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
  const std::string text =
      io::extxyzFrame(s, {{"disp", disp}, {"dmag", mag}}, {{"energy", "-12.5"}, {"note", "a saddle"}});
  std::istringstream lines(text);
  std::string count, header, first;
  std::getline(lines, count);
  std::getline(lines, header);
  std::getline(lines, first);
  CHECK(count == "256");
  CHECK(header.find("Lattice=\"6.3496042078727974 0 0 2.381101577952299 6.3496042078727974 0 "
                    "-1.5874010519681994 1.2699208415745595 6.3496042078727974\"") == 0);
  CHECK(header.find(" Properties=species:S:1:pos:R:3:id:I:1:type_name:S:1:masses:R:1:disp:R:3:dmag:R:1 ") !=
        std::string::npos);
  CHECK(header.find(" pbc=\"T T T\"") != std::string::npos);
  CHECK(header.find(" energy=-12.5 note=\"a saddle\"") != std::string::npos);
  CHECK(header.find("Origin") == std::string::npos);  // origin at zero
  // species: an element symbol ASE accepts; type_name: glassland's name.
  CHECK(first == "H 4.766097976864994 1.32925338185347 6.346267829097716 1 A 1 0 0 0 0");

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
  const Eigen::Matrix3d rot =
      (Eigen::AngleAxisd(0.7, Vec(1, 2, 3).normalized()) * Eigen::AngleAxisd(-1.1, Vec(0, 1, 0)))
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
  for (int a = 0; a < s.size(); ++a)
    dr = std::max(dr, s.cell.minimumImage(back.positions.col(a) - s.positions.col(a)).norm());
  MESSAGE("rotated lattice: cell error " << dh << ", position error " << dr);
  CHECK(dh < 1e-13);
  CHECK(dr < 1e-13);
}

TEST_CASE("ASE reads every structure format glassland writes, for any species names") {
  // Species that are not chemical symbols (Kob-Andersen A, B), symbols, and a
  // mix; a triclinic cell open along z and one with a shifted origin.
  const std::vector<std::vector<std::string>> species_sets = {{"A", "B"}, {"Cu", "Zr"}, {"Zr", "big"}};
  io::ReadOptions open_z{.periodic = std::array<bool, 3>{true, true, false}};
  for (const auto& species : species_sets) {
    for (const std::string& source : {kData + "tri.data", kGlass}) {
      Structure s = io::readStructure(source, species, source == kGlass ? io::ReadOptions{} : open_z);
      for (const auto& [file, kwargs] : std::vector<std::pair<std::string, std::string>>{
               {"s.xyz", ""},
               {"s.extxyz", ""},
               {"s.data", "format='lammps-data', style='atomic'"},
               {"s.dump", "format='lammps-dump-text'"}}) {
        CAPTURE(species[0]);
        CAPTURE(source);
        CAPTURE(file);
        const std::string path = (iotest::scratch() / file).string();
        io::writeStructure(path, s);
        const auto frames = asetest::read(path, kwargs, iotest::scratch());
        REQUIRE(frames.size() == 1);
        const auto& f = frames[0];
        REQUIRE(f.positions.cols() == s.size());
        const double scale = s.cell.h().cwiseAbs().maxCoeff();
        CHECK((f.cell - s.cell.h()).cwiseAbs().maxCoeff() <= 1e-14 * scale);
        CHECK((f.positions - s.positions).cwiseAbs().maxCoeff() <= 1e-14 * scale);
        if (file.find("xyz") != std::string::npos) {
          // extxyz: exact numbers, the periodicity, an element symbol ASE knows
          // and glassland's own name in type_name.
          CHECK(f.positions == s.positions);
          CHECK(f.cell == s.cell.h());
          for (int d = 0; d < 3; ++d) CHECK(f.pbc[d] == s.cell.periodic(d));
          const auto symbols = io::elementSymbols(s.species);
          REQUIRE(f.type_names.size() == static_cast<std::size_t>(s.size()));
          for (int a = 0; a < s.size(); ++a) {
            CHECK(f.symbols[a] == symbols[s.types[a]]);
            CHECK(f.type_names[a] == s.species[s.types[a]]);
          }
          // And glassland reads its own file back to the same structure.
          Structure back = io::readStructure(path, species);
          CHECK(back.species == s.species);
          CHECK(back.types == s.types);
          CHECK(back.ids == s.ids);
          CHECK((back.positions.array() == s.positions.array()).all());
        }
      }
    }
  }
}

TEST_CASE("elementSymbols: chemical symbols kept, labels become H, He, Li, ... in type order") {
  CHECK(io::elementSymbols({"A", "B"}) == std::vector<std::string>{"H", "He"});
  CHECK(io::elementSymbols({"Cu", "Zr"}) == std::vector<std::string>{"Cu", "Zr"});
  // One name that is no element: all are labels ("B" is not boron here).
  CHECK(io::elementSymbols({"A", "H", "B"}) == std::vector<std::string>{"H", "He", "Li"});
  CHECK(io::elementSymbols({"Zr", "big"}) == std::vector<std::string>{"H", "He"});
  CHECK(io::elementSymbols({"cu", "X"}) == std::vector<std::string>{"H", "He"});
  std::vector<std::string> many;
  for (int k = 0; k < 120; ++k) many.push_back("t" + std::to_string(k));
  const auto symbols = io::elementSymbols(many);
  CHECK(symbols[117] == "Og");
  CHECK(symbols[118] == "X");
}
