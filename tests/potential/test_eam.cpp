// EAM (eam/fs, eam/alloy): the setfl reader, LAMMPS's splines, energies and
// forces against LAMMPS, finite differences, and local (active-subset) evaluation.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "eam_test_support.hpp"
#include "glassland/core/error.hpp"
#include "glassland/core/units.hpp"
#include "glassland/potential/eam.hpp"
#include "glassland/potential/registry.hpp"
#include "glassland/potential/setfl.hpp"

using namespace glassland;
using namespace eam_test;

TEST_CASE("setfl reader: CuZr_mm.eam.fs header and tables") {
  requireCuZrFile();
  const SetflFile file = readSetfl(kCuZr, SetflFile::Style::FinnisSinclair);
  CHECK(file.elements == std::vector<std::string>{"Cu", "Zr"});
  CHECK(file.nrho == 10000);
  CHECK(file.drho == 3.0e-2);
  CHECK(file.nr == 10000);
  CHECK(file.dr == 7.6e-4);
  CHECK(file.cutoff == 7.6);
  CHECK(file.masses == std::vector<double>{63.546, 91.224});
  CHECK(file.atomic_numbers == std::vector<double>{29, 40});
  REQUIRE(file.density.size() == 4);
  REQUIRE(file.r_phi.size() == 3);
  for (const auto& t : file.density) CHECK(t.size() == 10000);
  // Independent reading: F_Cu(0) is the first number after line 6, and the
  // last number of the file is the last r*phi value of Zr-Zr.
  const auto [first, last] = firstAndLastNumber(kCuZr, 6);
  CHECK(file.embedding[0][0] == first);
  CHECK(file.rPhiTable(1, 1).back() == last);
  CHECK(file.elementIndex("Zr") == 1);
  CHECK(file.elementIndex("Ni") == -1);
}

TEST_CASE("setfl reader: eam/alloy file shares one density per element") {
  const SetflFile file = readSetfl(kCuNi, SetflFile::Style::Alloy);
  CHECK(file.elements == std::vector<std::string>{"Ni", "Cu"});
  CHECK(file.nrho == 500);
  CHECK(file.nr == 500);
  CHECK(file.densityTable(0, 0) == file.densityTable(0, 1));
  CHECK(file.densityTable(1, 0) != file.densityTable(0, 0));
  const auto [first, last] = firstAndLastNumber(kCuNi, 6);
  CHECK(file.embedding[0][0] == first);
  CHECK(file.rPhiTable(1, 1).back() == last);
}

TEST_CASE("setfl reader: numbers may wrap anywhere; header lines must start fresh") {
  // A 2-element alloy file with 5-point tables written one number per line for
  // the first element and all on one line for the second.
  std::string text = "c1\nc2\nc3\n2 A B\n5 0.5 5 1.0 4.0\n1 10.0 3.0 fcc\n";
  for (int k = 0; k < 10; ++k) text += std::to_string(-k) + "\n";
  text += "2 20.0\n0 1 2 3 4 5 4 3 2 1\n";
  for (int k = 0; k < 15; ++k) text += std::to_string(k % 4) + (k % 7 == 6 ? "\n" : " ");
  text += "\n";
  const std::string path = tempFile("wrap.eam.alloy", text);
  const SetflFile file = readSetfl(path, SetflFile::Style::Alloy);
  CHECK(file.embedding[0] == std::vector<double>{0, -1, -2, -3, -4});
  CHECK(file.densityTable(1, 0) == std::vector<double>{5, 4, 3, 2, 1});
  CHECK(file.rPhiTable(0, 1) == std::vector<double>{1, 2, 3, 0, 1});
  CHECK(file.masses == std::vector<double>{10.0, 20.0});
}

TEST_CASE("setfl reader: errors name the file and the line") {
  CHECK(inputErrorOf([] {
          readSetfl("/nonexistent/x.eam.fs", SetflFile::Style::FinnisSinclair);
        }).find("/nonexistent/x.eam.fs") != std::string::npos);

  const std::string good = slurp(kCuNi);
  // Truncated: cut the file in the middle of the pair tables.
  const std::string truncated = tempFile("truncated.eam.alloy", good.substr(0, good.size() - 20000));
  const std::string msg = inputErrorOf([&] { readSetfl(truncated, SetflFile::Style::Alloy); });
  CHECK(msg.find(truncated + ":") != std::string::npos);
  CHECK(msg.find("file ended after") != std::string::npos);
  CHECK(msg.find("r*phi(r)") != std::string::npos);

  // A malformed number on line 7 (the first table line).
  std::istringstream lines(good);
  std::string out, line;
  for (int k = 1; std::getline(lines, line); ++k) out += (k == 7 ? "0.1 0.2x 0.3" : line) + "\n";
  const std::string bad = tempFile("bad.eam.alloy", out);
  const std::string bad_msg = inputErrorOf([&] { readSetfl(bad, SetflFile::Style::Alloy); });
  CHECK(bad_msg.find(bad + ":7:") != std::string::npos);
  CHECK(bad_msg.find("0.2x") != std::string::npos);

  // Element count and names disagree on line 4.
  const std::string names = tempFile("names.eam.alloy", "a\nb\nc\n3 Ni Cu\n5 1 5 1 4\n");
  CHECK(inputErrorOf([&] { readSetfl(names, SetflFile::Style::Alloy); }).find(":4:") != std::string::npos);

  // Reading an eam/alloy file as eam/fs runs into the next element's header
  // line (it expects a second density table for Ni).
  const std::string style_msg = inputErrorOf([] { readSetfl(kCuNi, SetflFile::Style::FinnisSinclair); });
  MESSAGE(style_msg);
  CHECK(style_msg.find("CuNi.eam.alloy:") != std::string::npos);
  CHECK(style_msg.find("rho(r) of Ni at Cu") != std::string::npos);
}

TEST_CASE("EamSpline is exact for cubics away from the ends and matches the table at the knots") {
  const double delta = 0.1;
  std::vector<double> values;
  auto cubic = [](double x) { return 0.3 * x * x * x - 1.2 * x * x + 0.7 * x - 2.0; };
  auto slope = [](double x) { return 0.9 * x * x - 2.4 * x + 0.7; };
  for (int k = 0; k < 40; ++k) values.push_back(cubic(k * delta));
  const EamSpline spline(values, delta);
  for (int k = 0; k < 40; ++k) CHECK(spline.value(k * delta) == doctest::Approx(values[k]).epsilon(1e-13));
  // The fourth-order slopes are exact for cubics from the third knot on, so
  // every segment between knots 2 and 37 is the cubic itself.
  for (double x = 2 * delta; x < 37 * delta; x += 0.0137) {
    CHECK(spline.value(x) == doctest::Approx(cubic(x)).epsilon(1e-12));
    CHECK(spline.derivative(x) == doctest::Approx(slope(x)).epsilon(1e-11));
  }
  // LAMMPS clamps beyond the table: the value stays at the last segment's end.
  CHECK(spline.value(100.0) == doctest::Approx(values.back()).epsilon(1e-13));
}

TEST_CASE("eam/fs Cu-Zr glass (N = 2000) equals LAMMPS") {
  requireCuZrFile();
  const auto pot = loadEam(kCuZr, SetflFile::Style::FinnisSinclair, {"Cu", "Zr"});
  CHECK(pot->name() == "eam/fs");
  CHECK(pot->cutoff() == 7.6);
  CHECK(pot->masses() == std::vector<double>{63.546, 91.224});
  const Structure s = readData(kData + "/cuzr2000_quenched.data", {"Cu", "Zr"});
  const Positions f_ref = readForces(kData + "/cuzr2000_quenched.forces", s);
  const Comparison c = compareWithLammps(*pot, s, -8771.4256766150975, f_ref);
  MESSAGE("eam/fs vs LAMMPS: relative energy error " << c.energy_rel << ", max force difference "
                                                     << c.force_max << " eV/A");
  CHECK(c.energy_rel < 1e-10);
  CHECK(c.force_max < 1e-8);

  // Energy only (no forces) is the same number.
  Workspace ws;
  CHECK(pot->compute(s, nullptr, ws) == doctest::Approx(-8771.4256766150975).epsilon(1e-12));

  // The LAMMPS inherent structure: -4.4255011742 eV per atom (10 digits printed).
  const Structure is = readData(kData + "/cuzr2000_IS.data", {"Cu", "Zr"});
  const double e_is = pot->compute(is, nullptr, ws) / is.size();
  MESSAGE("cuzr2000_IS energy per atom " << std::setprecision(12) << e_is);
  CHECK(std::abs(e_is - -4.4255011742) < 6e-11);
}

TEST_CASE("eam/fs: species map onto the file's elements by name, in any order") {
  requireCuZrFile();
  // Swapping the names of the types and the types of the atoms is the same system.
  const auto pot = loadEam(kCuZr, SetflFile::Style::FinnisSinclair, {"Zr", "Cu"});
  Structure s = readData(kData + "/cuzr2000_quenched.data", {"Zr", "Cu"});
  for (int& t : s.types) t = 1 - t;
  Workspace ws;
  CHECK(pot->compute(s, nullptr, ws) == doctest::Approx(-8771.4256766150975).epsilon(1e-12));
}

TEST_CASE("eam/alloy Cu-Ni structures equal LAMMPS (orthorhombic, and triclinic with several images)") {
  const auto pot = loadEam(kCuNi, SetflFile::Style::Alloy, {"Ni", "Cu"});
  CHECK(pot->name() == "eam/alloy");
  struct Case {
    std::string name;
    double energy;
  };
  for (const Case& c : {Case{"cuni256", -933.85299068365782}, Case{"cuni108_tri", -378.88536710663715}}) {
    CAPTURE(c.name);
    const Structure s = readData(kData + "/eam_alloy/" + c.name + ".data", {"Ni", "Cu"});
    const Positions f_ref = readForces(kData + "/eam_alloy/" + c.name + ".forces", s);
    const Comparison cmp = compareWithLammps(*pot, s, c.energy, f_ref);
    MESSAGE(std::string(c.name) << " eam/alloy vs LAMMPS: relative energy error " << cmp.energy_rel
                                << ", max force difference " << cmp.force_max << " eV/A");
    CHECK(cmp.energy_rel < 1e-10);
    CHECK(cmp.force_max < 1e-8);
  }
}

namespace {

/// Atoms of the Cu–Zr glass within `radius` of its first atom, in an open cell:
/// a small cluster with surfaces, bulk-like inside.
Structure cuzrPiece(double radius) {
  const Structure glass = readData(kData + "/cuzr2000_quenched.data", {"Cu", "Zr"});
  Structure piece;
  piece.species = glass.species;
  piece.masses = glass.masses;
  std::vector<Eigen::Vector3d> kept;
  const Eigen::Vector3d centre = glass.positions.col(0);
  for (int i = 0; i < glass.size(); ++i) {
    const Eigen::Vector3d d = glass.cell.minimumImage(glass.positions.col(i) - centre);
    if (d.norm() < radius) {
      kept.push_back(d);
      piece.types.push_back(glass.types[static_cast<std::size_t>(i)]);
      piece.ids.push_back(glass.ids[static_cast<std::size_t>(i)]);
    }
  }
  piece.positions.resize(3, static_cast<Eigen::Index>(kept.size()));
  for (std::size_t k = 0; k < kept.size(); ++k) piece.positions.col(static_cast<Eigen::Index>(k)) = kept[k];
  const Eigen::Vector3d box = Eigen::Vector3d::Constant(radius + 20.0);
  piece.cell = Cell::orthorhombic(-box, box, {false, false, false});
  return piece;
}

}  // namespace

TEST_CASE("eam/fs forces are minus the gradient (central differences) on a piece of the Cu-Zr glass") {
  requireCuZrFile();
  const auto pot = loadEam(kCuZr, SetflFile::Style::FinnisSinclair, {"Cu", "Zr"});
  Structure s = cuzrPiece(7.0);
  REQUIRE(s.size() > 50);
  Workspace ws;
  Positions f;
  pot->compute(s, &f, ws);
  // h well below the 7.6e-4 A table spacing, where the spline is one cubic;
  // round-off then limits the error (|E| ~ 500 eV).
  const double h = 2e-5;
  double worst = 0.0;
  for (int i = 0; i < s.size(); ++i) {
    for (int d = 0; d < 3; ++d) {
      Structure moved = s;
      moved.positions(d, i) += h;
      const double e_plus = pot->compute(moved, nullptr, ws);
      moved.positions(d, i) -= 2 * h;
      const double e_minus = pot->compute(moved, nullptr, ws);
      const double fd = -(e_plus - e_minus) / (2 * h);
      worst = std::max(worst, std::abs(fd - f(d, i)) / std::max(std::abs(f(d, i)), 0.1));
    }
  }
  MESSAGE(s.size() << " atoms, worst relative FD error " << worst);
  CHECK(worst < 1e-6);
  // Newton's third law: an isolated piece feels no net force.
  CHECK(f.rowwise().sum().norm() < 1e-10);
}

namespace {

// A one-element analytic eam/alloy file: F(rho) = -rho + rho^2/2 tabulated up
// to rho_max = 0.995, rho(r) = e^{-r} (1 - r/5)^2, r*phi = r e^{-2(r-1)} (1 - r/5)^2.
double analyticF(double rho) { return -rho + 0.5 * rho * rho; }
std::string writeAnalyticSetfl() {
  std::ostringstream out;
  out << std::setprecision(17) << "analytic test\n-\n-\n1 X\n200 0.005 2000 0.0025 5.0\n1 1.0 1.0 fcc\n";
  for (int k = 0; k < 200; ++k) out << analyticF(k * 0.005) << (k % 5 == 4 ? "\n" : " ");
  auto cut = [](double r) { return (1 - r / 5) * (1 - r / 5); };
  for (int k = 0; k < 2000; ++k) out << std::exp(-k * 0.0025) * cut(k * 0.0025) << (k % 5 == 4 ? "\n" : " ");
  for (int k = 0; k < 2000; ++k) {
    const double r = k * 0.0025;
    out << r * std::exp(-2 * (r - 1)) * cut(r) << (k % 5 == 4 ? "\n" : " ");
  }
  return tempFile("analytic.eam.alloy", out.str());
}

}  // namespace

TEST_CASE("eam/alloy past the end of the F(rho) table: F continues linearly, forces stay consistent") {
  const std::string path = writeAnalyticSetfl();
  const auto pot = loadEam(path, SetflFile::Style::Alloy, {"X"});
  // A squeezed, slightly irregular tetrahedron: every density is past rho_max.
  Structure s;
  s.species = {"X"};
  s.masses = {1.0};
  s.cell = Cell::orthorhombic(Eigen::Vector3d::Constant(-20), Eigen::Vector3d::Constant(20),
                              {false, false, false});
  s.positions.resize(3, 4);
  s.positions << 0.0, 0.62, 0.3, 0.31, 0.0, 0.0, 0.52, 0.17, 0.0, 0.01, -0.02, 0.5;
  s.types = {0, 0, 0, 0};
  s.ids = {1, 2, 3, 4};
  const SetflFile file = readSetfl(path, SetflFile::Style::Alloy);
  const EamSpline rho_spline(file.densityTable(0, 0), file.dr);
  const EamSpline phi_spline(file.rPhiTable(0, 0), file.dr);
  const double rho_max = 199 * 0.005;
  // LAMMPS: beyond rho_max, F = F(rho_max) + F'(rho_max) (rho - rho_max), the
  // slope being the spline's at the last knot, a backward difference of the table.
  const double slope = (analyticF(rho_max) - analyticF(rho_max - 0.005)) / 0.005;
  double expected = 0.0;
  for (int i = 0; i < 4; ++i) {
    double rho = 0.0;
    for (int j = 0; j < 4; ++j) {
      if (j == i) continue;
      const double r = (s.positions.col(i) - s.positions.col(j)).norm();
      rho += rho_spline.value(r);
      if (j > i) expected += phi_spline.value(r) / r;
    }
    REQUIRE(rho > rho_max);
    expected += analyticF(rho_max) + slope * (rho - rho_max);
  }
  Workspace ws;
  Positions f;
  CHECK(pot->compute(s, &f, ws) == doctest::Approx(expected).epsilon(1e-12));
  const double h = 1e-6;
  for (int i = 0; i < 4; ++i) {
    for (int d = 0; d < 3; ++d) {
      Structure moved = s;
      moved.positions(d, i) += h;
      const double e_plus = pot->compute(moved, nullptr, ws);
      moved.positions(d, i) -= 2 * h;
      const double e_minus = pot->compute(moved, nullptr, ws);
      CHECK(f(d, i) == doctest::Approx(-(e_plus - e_minus) / (2 * h)).epsilon(1e-6));
    }
  }
}

TEST_CASE("eam/fs local evaluation: exact forces on active atoms, exact energy differences") {
  requireCuZrFile();
  const auto pot = loadEam(kCuZr, SetflFile::Style::FinnisSinclair, {"Cu", "Zr"});
  Structure s = readData(kData + "/cuzr2000_quenched.data", {"Cu", "Zr"});
  const int centre = 137;
  const std::vector<int> active = atomsWithin(s.cell, s.positions, std::vector<int>{centre}, 3.5);
  REQUIRE(active.size() > 5);

  Workspace full_ws, local_ws;
  Positions f_full, f_local;
  const double e_full0 = pot->compute(s, &f_full, full_ws);
  const double e_local0 = pot->compute(s, &f_local, local_ws, active);
  std::vector<char> is_active(static_cast<std::size_t>(s.size()), 0);
  for (int a : active) is_active[static_cast<std::size_t>(a)] = 1;
  double worst = 0.0;
  for (int i = 0; i < s.size(); ++i) {
    if (is_active[static_cast<std::size_t>(i)])
      worst = std::max(worst, (f_local.col(i) - f_full.col(i)).norm());
    else
      CHECK(f_local.col(i).norm() == 0.0);
  }
  CHECK(worst < 1e-11);

  // Move only active atoms, by steps large enough to rebuild the list and to
  // bring new atoms within the cutoff of the active region.
  std::mt19937_64 rng(12345);
  std::normal_distribution<double> gauss(0.0, 1.0);
  for (double step : {0.02, 0.05, 0.3, 0.6, 0.05}) {
    CAPTURE(step);
    for (int a : active) {
      for (int d = 0; d < 3; ++d) s.positions(d, a) += step * gauss(rng);
    }
    const double e_full = pot->compute(s, &f_full, full_ws);
    const double e_local = pot->compute(s, &f_local, local_ws, active);
    CHECK(std::abs((e_local - e_local0) - (e_full - e_full0)) < 1e-9);
    double force_error = 0.0;
    for (int a : active) force_error = std::max(force_error, (f_local.col(a) - f_full.col(a)).norm());
    CHECK(force_error < 1e-11);
  }
  // Moving a frozen atom (next to the active region) must not reuse densities
  // cached for the old frozen configuration: same result as a fresh workspace.
  const std::vector<int> around = atomsWithin(s.cell, s.positions, active, 3.0);
  const auto frozen_it = std::find_if(around.begin(), around.end(), [&](int i) { return !is_active[i]; });
  REQUIRE(frozen_it != around.end());
  s.positions(0, *frozen_it) += 0.01;
  Workspace fresh_ws;
  Positions f_fresh;
  const double e_fresh = pot->compute(s, &f_fresh, fresh_ws, active);
  CHECK(pot->compute(s, &f_local, local_ws, active) == doctest::Approx(e_fresh).epsilon(1e-13));
  CHECK((f_local - f_fresh).cwiseAbs().maxCoeff() < 1e-12);
  // Subsets must be sorted, distinct, in range.
  const std::vector<int> unsorted{5, 3};
  CHECK_THROWS_AS(pot->compute(s, &f_local, local_ws, unsorted), Error);
  const std::vector<int> out_of_range{3, 2000};
  CHECK_THROWS_AS(pot->compute(s, &f_local, local_ws, out_of_range), Error);
  // The local list holds only the active atoms and their surroundings.
  CHECK(local_ws.neighbors.centres().size() < static_cast<std::size_t>(s.size()) / 4);
}

TEST_CASE("eam/alloy local evaluation in a box narrower than twice the cutoff (several images)") {
  const auto pot = loadEam(kCuNi, SetflFile::Style::Alloy, {"Ni", "Cu"});
  Structure s = readData(kData + "/eam_alloy/cuni108_tri.data", {"Ni", "Cu"});
  const std::vector<int> active{3, 17, 40, 41, 90};
  Workspace full_ws, local_ws;
  Positions f_full, f_local;
  const double e_full0 = pot->compute(s, &f_full, full_ws);
  const double e_local0 = pot->compute(s, &f_local, local_ws, active);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> uniform(-0.1, 0.1);
  for (int move = 0; move < 3; ++move) {
    for (int a : active) {
      for (int d = 0; d < 3; ++d) s.positions(d, a) += uniform(rng);
    }
    const double e_full = pot->compute(s, &f_full, full_ws);
    const double e_local = pot->compute(s, &f_local, local_ws, active);
    CHECK(std::abs((e_local - e_local0) - (e_full - e_full0)) < 1e-10);
    for (int a : active) CHECK((f_local.col(a) - f_full.col(a)).norm() < 1e-11);
  }
}

TEST_CASE("makeEam: config keys, relative paths, units and species errors") {
  const std::string dir = kData + "/eam_alloy";
  auto config = [](const std::string& yaml) { return YAML::Load(yaml); };
  {
    OptionsReader section(config("{type: eam/alloy, file: CuNi.eam.alloy, skin: 0.5}"), "potential",
                          "c.yaml");
    const auto pot = makeEam(section, {"Ni", "Cu"}, Units::metal(), dir, SetflFile::Style::Alloy);
    CHECK(pot->name() == "eam/alloy");
    CHECK(dynamic_cast<const EamPotential&>(*pot).skin() == 0.5);
  }
  {
    // Through the registry, as the app builds it.
    const OptionsReader section(config("{type: eam/alloy, file: CuNi.eam.alloy}"), "potential", "c.yaml");
    const auto pot = makePotential(section, {"Ni", "Cu"}, Units::metal(), dir);
    CHECK(pot->name() == "eam/alloy");
    CHECK(pot->cutoff() == doctest::Approx(6.394332378));
  }
  {
    OptionsReader section(config("{type: eam/alloy, file: CuNi.eam.alloy}"), "potential", "c.yaml");
    const std::string msg = inputErrorOf([&] {
      makeEam(section, {"Ni", "Cu"}, Units::lj(), dir, SetflFile::Style::Alloy);
    });
    CHECK(msg.find("EAM setfl files are in metal units") != std::string::npos);
  }
  {
    OptionsReader section(config("{type: eam/alloy, file: CuNi.eam.alloy}"), "potential", "c.yaml");
    const std::string msg = inputErrorOf([&] {
      makeEam(section, {"Ni", "Zr"}, Units::metal(), dir, SetflFile::Style::Alloy);
    });
    CHECK(msg.find("CuNi.eam.alloy:4:") != std::string::npos);
    CHECK(msg.find("'Zr'") != std::string::npos);
  }
  {
    OptionsReader section(config("{type: eam/fs,\n file: missing.eam.fs}"), "potential", "c.yaml");
    const std::string msg = inputErrorOf(
        [&] { makeEam(section, {"Cu"}, Units::metal(), dir, SetflFile::Style::FinnisSinclair); });
    CHECK(msg.find("c.yaml:2:") != std::string::npos);
    CHECK(msg.find("missing.eam.fs") != std::string::npos);
  }
  {
    OptionsReader section(config("{type: eam/fs, file: x, cutof: 3}"), "potential", "c.yaml");
    CHECK(inputErrorOf([&] {
            makeEam(section, {"Cu"}, Units::metal(), dir, SetflFile::Style::FinnisSinclair);
          }).find("cutof") != std::string::npos);
  }
  {
    OptionsReader section(config("{type: eam/fs}"), "potential", "c.yaml");
    CHECK(inputErrorOf([&] {
            makeEam(section, {"Cu"}, Units::metal(), dir, SetflFile::Style::FinnisSinclair);
          }).find("file") != std::string::npos);
  }
}

TEST_CASE("EAM: the wrong one of eam/alloy and eam/fs names the right one") {
  // An eam/fs file read as eam/alloy used to fail with "cannot read 'hcp' as a
  // finite number" (issue 16); now the message says which style reads it.
  const std::string as_alloy = inputErrorOf([] { loadEam(kCuZr, SetflFile::Style::Alloy, {"Cu", "Zr"}); });
  MESSAGE(as_alloy);
  CHECK(as_alloy.find(kCuZr + ":") == 0);
  CHECK(as_alloy.find("use 'type: eam/fs'") != std::string::npos);
  const std::string as_fs = inputErrorOf([] {
    loadEam(kCuNi, SetflFile::Style::FinnisSinclair, {"Ni", "Cu"});
  });
  CHECK(as_fs.find("rho(r) of Ni at Cu") != std::string::npos);
  CHECK(as_fs.find("use 'type: eam/alloy'") != std::string::npos);
  // A file that reads in neither style keeps its own message, without a hint.
  std::istringstream lines(slurp(kCuNi));
  std::string out, line;
  for (int k = 1; std::getline(lines, line); ++k) out += (k == 7 ? "0.1 0.2x 0.3" : line) + "\n";
  const std::string bad = tempFile("bad_number.eam.alloy", out);
  const std::string neither = inputErrorOf([&] { loadEam(bad, SetflFile::Style::Alloy, {"Ni", "Cu"}); });
  CHECK(neither.find(bad + ":7: cannot read '0.2x'") == 0);
  CHECK(neither.find("use 'type:") == std::string::npos);
}

TEST_CASE("setfl reader: table sizes are checked against the file before allocation") {
  // Nrho = 2e9 would allocate 16 GB per element: refused from the file's size.
  const std::string huge =
      tempFile("huge.eam.alloy", "a\nb\nc\n1 Cu\n2000000000 0.01 2000 0.01 5.0\n29 63.5 3.6 fcc\n1 2 3\n");
  const std::string msg = inputErrorOf([&] { readSetfl(huge, SetflFile::Style::Alloy); });
  MESSAGE(msg);
  CHECK(msg.find("huge.eam.alloy:5:") != std::string::npos);
  CHECK(msg.find("the header announces 2000004000 table values (Nrho = 2000000000, Nr = 2000, 1 element)") !=
        std::string::npos);
  // Counts beyond int, or not integers, are errors before any conversion.
  const std::string big = tempFile("big.eam.alloy", "a\nb\nc\n1 Cu\n1e300 0.01 2000 0.01 5.0\n");
  CHECK(inputErrorOf([&] {
          readSetfl(big, SetflFile::Style::Alloy);
        }).find("Nrho and Nr must be integers >= 5") != std::string::npos);
  const std::string elements = tempFile("elements.eam.alloy", "a\nb\nc\n1e12 Cu\n");
  CHECK(inputErrorOf([&] {
          readSetfl(elements, SetflFile::Style::Alloy);
        }).find("the number of elements must be an integer from 1 to 1000") != std::string::npos);
  // The real files pass the check (tables of 2 * 10^4 values in ~0.5 MB).
  CHECK(readSetfl(kCuNi, SetflFile::Style::Alloy).nrho > 0);
}
