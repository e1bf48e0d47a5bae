// Lennard-Jones: analytic two-body values, forces = -grad E by finite
// differences (both truncations, full and with an active subset), local
// evaluation semantics, invariances, and the config keys of issue 2.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "glassland/core/error.hpp"
#include "glassland/core/units.hpp"
#include "glassland/potential/lennard_jones.hpp"
#include "glassland/potential/registry.hpp"
#include "test_lj_support.hpp"

using glassland::Cell;
using glassland::InputError;
using glassland::LennardJones;
using glassland::LennardJonesOptions;
using glassland::LjShift;
using glassland::OptionsReader;
using glassland::Positions;
using glassland::Structure;
using glassland::Workspace;
using Vec = Eigen::Vector3d;

namespace {

LennardJones kobAndersen(LjShift shift) {
  return LennardJones(LennardJonesOptions::kobAndersen({"A", "B"}, shift));
}

/// Two atoms of types (a, b) at distance r in a large open box.
Structure dimer(int a, int b, double r) {
  Structure s;
  s.cell = Cell::orthorhombic(Vec(0, 0, 0), Vec(10, 10, 10), {false, false, false});
  s.positions.resize(3, 2);
  s.positions.col(0) = Vec(1.0, 2.0, 3.0);
  s.positions.col(1) = Vec(1.0, 2.0, 3.0) + r * Vec(2, -1, 2) / 3.0;
  s.types = {a, b};
  s.ids = {1, 2};
  s.species = {"A", "B"};
  s.masses = {1, 1};
  return s;
}

double v(double eps, double sig, double r) {
  return 4 * eps * (std::pow(sig / r, 12) - std::pow(sig / r, 6));
}
double dv(double eps, double sig, double r) {
  return 4 * eps * (-12 * std::pow(sig / r, 12) + 6 * std::pow(sig / r, 6)) / r;
}

/// True when some pair involving atom i (any image) lies within `window` of its
/// cutoff: a finite-difference stencil there straddles the truncation.
std::vector<char> nearCutoff(const LennardJones& pot, const Structure& s, double window) {
  std::vector<char> near(s.size(), 0);
  for (int i = 0; i < s.size(); ++i)
    for (int j = 0; j < s.size(); ++j)
      for (int a = -3; a <= 3; ++a)
        for (int b = -3; b <= 3; ++b)
          for (int c = -3; c <= 3; ++c) {
            if ((a && !s.cell.periodic(0)) || (b && !s.cell.periodic(1)) || (c && !s.cell.periodic(2)))
              continue;
            const double r = (s.positions.col(j) + s.cell.imageShift(a, b, c) - s.positions.col(i)).norm();
            const double rc = pot.options().pair(s.types[i], s.types[j]).cutoff;
            if (std::abs(r - rc) < window) near[i] = near[j] = 1;
          }
  return near;
}

/// Largest |F_fd - F| over the coordinates of `atoms` (all when empty), divided
/// by max(1, largest |F|). Fourth-order central differences, step h.
double finiteDifferenceError(const LennardJones& pot, Structure s, std::vector<int> atoms,
                             glassland::AtomSubset active = {}) {
  const double h = 1e-5;
  Workspace ws;
  Positions f;
  pot.compute(s, &f, ws, active);
  const auto near = nearCutoff(pot, s, 4 * h);
  if (atoms.empty())
    for (int i = 0; i < s.size(); ++i) atoms.push_back(i);
  double worst = 0.0;
  int skipped = 0;
  for (int i : atoms) {
    if (near[i]) {
      ++skipped;
      continue;
    }
    for (int d = 0; d < 3; ++d) {
      const double x0 = s.positions(d, i);
      auto e = [&](double dx) {
        s.positions(d, i) = x0 + dx;
        return pot.compute(s, nullptr, ws, active);
      };
      const double grad = (-e(2 * h) + 8 * e(h) - 8 * e(-h) + e(-2 * h)) / (12 * h);
      s.positions(d, i) = x0;
      worst = std::max(worst, std::abs(-grad - f(d, i)));
    }
  }
  CHECK(skipped < static_cast<int>(atoms.size()) / 4);
  return worst / std::max(1.0, f.cwiseAbs().maxCoeff());
}

std::vector<int> everyKth(int n, int k, int first) {
  std::vector<int> v;
  for (int i = first; i < n; i += k) v.push_back(i);
  return v;
}

}  // namespace

TEST_CASE("lj: a dimer against the analytic truncated forms") {
  // A-B: eps 1.5, sigma 0.8, rc 2.0.
  for (double r : {0.75, 0.9, 1.3, 1.99}) {
    const Structure s = dimer(0, 1, r);
    Workspace ws;
    Positions f;
    const Vec u = (s.positions.col(1) - s.positions.col(0)).normalized();
    const double e_cut = kobAndersen(LjShift::Energy).compute(s, &f, ws);
    CHECK(e_cut == doctest::Approx(v(1.5, 0.8, r) - v(1.5, 0.8, 2.0)).epsilon(1e-13));
    // Force on atom 1 is -dE/dr along u; atom 0 feels the opposite.
    CHECK((f.col(1) - (-dv(1.5, 0.8, r)) * u).norm() < 1e-12 * std::max(1.0, std::abs(dv(1.5, 0.8, r))));
    CHECK((f.col(0) + f.col(1)).norm() < 1e-12 * std::max(1.0, f.norm()));
    Workspace ws2;
    const double e_sf = kobAndersen(LjShift::Force).compute(s, &f, ws2);
    CHECK(e_sf ==
          doctest::Approx(v(1.5, 0.8, r) - v(1.5, 0.8, 2.0) - (r - 2.0) * dv(1.5, 0.8, 2.0)).epsilon(1e-12));
    const double fr = -(dv(1.5, 0.8, r) - dv(1.5, 0.8, 2.0));
    CHECK((f.col(1) - fr * u).norm() < 1e-12 * std::max(1.0, std::abs(fr)));
  }
  // At and beyond the cutoff: nothing. Just inside: shifted-force energy and force
  // both vanish continuously; the energy-shifted form keeps a force jump.
  Workspace ws;
  Positions f;
  CHECK(kobAndersen(LjShift::Energy).compute(dimer(1, 1, 2.2), &f, ws) == 0.0);
  CHECK(f.norm() == 0.0);
  // Shifted force 1e-7 inside rc: E ~ V''(rc) dr^2 / 2 and F ~ |V''(rc)| dr,
  // with V''(2.5) = 4 (156 / 2.5^14 - 42 / 2.5^8) for A-A.
  const double curvature = 4 * (156 * std::pow(2.5, -14) - 42 * std::pow(2.5, -8));
  CHECK(std::abs(kobAndersen(LjShift::Force).compute(dimer(0, 0, 2.5 - 1e-7), &f, ws)) < 1e-14);
  CHECK(f.col(0).norm() == doctest::Approx(std::abs(curvature) * 1e-7).epsilon(1e-4));
  kobAndersen(LjShift::Energy).compute(dimer(0, 0, 2.5 - 1e-7), &f, ws);
  CHECK(f.col(0).norm() == doctest::Approx(std::abs(dv(1.0, 1.0, 2.5))).epsilon(1e-5));
}

TEST_CASE("lj: forces are minus the gradient (finite differences)") {
  const Cell cube = Cell::orthorhombic(Vec(0, 0, 0), Vec(4.6, 4.6, 4.6));  // 4.6 < 2 (rc + skin): images
  const Cell tilted = Cell::triclinic(Vec(0, 0, 0), Vec(5.5, 5.0, 4.5), 1.1, -0.7, 0.9);
  const Cell slab = Cell::orthorhombic(Vec(0, 0, 0), Vec(5.0, 5.0, 6.0), {true, true, false});
  for (LjShift shift : {LjShift::Energy, LjShift::Force}) {
    const LennardJones pot = kobAndersen(shift);
    int seed = 100;
    for (const Cell& cell : {cube, tilted, slab}) {
      const Structure s = lj_test::randomKobAndersen(cell, static_cast<int>(0.8 * cell.volume()), ++seed);
      const double err = finiteDifferenceError(pot, s, {});
      MESSAGE("shift " << std::string(shift == LjShift::Energy ? "energy" : "force") << ", N " << s.size()
                       << ": relative FD error " << err);
      CHECK(err < 1e-6);
      // With an active subset: the local energy's gradient is the local force.
      const std::vector<int> active = everyKth(s.size(), 7, 3);
      const double err_local = finiteDifferenceError(pot, s, active, active);
      CHECK(err_local < 1e-6);
    }
  }
}

TEST_CASE("lj: local evaluation over an active subset") {
  const Cell cell = Cell::triclinic(Vec(0, 0, 0), Vec(7, 7, 7), 0.8, 0.0, -0.5);
  const Structure s1 = lj_test::randomKobAndersen(cell, 400, 7);
  const std::vector<int> active{4, 5, 17, 100, 101, 250, 399};
  for (LjShift shift : {LjShift::Energy, LjShift::Force}) {
    const LennardJones pot = kobAndersen(shift);
    Workspace ws_full, ws_local;
    Positions f_full, f_local;
    const double e1_full = pot.compute(s1, &f_full, ws_full);
    const double e1_local = pot.compute(s1, &f_local, ws_local, active);
    // Forces on active atoms are exact; the others are zero.
    for (int i = 0; i < s1.size(); ++i) {
      const bool is_active = std::binary_search(active.begin(), active.end(), i);
      if (is_active)
        CHECK((f_local.col(i) - f_full.col(i)).norm() < 1e-12 * std::max(1.0, f_full.col(i).norm()));
      else
        CHECK(f_local.col(i).norm() == 0.0);
    }
    // Only active atoms move: energy differences are exact. Small moves keep the
    // list; large ones rebuild it.
    std::mt19937_64 rng(8);
    std::normal_distribution<double> g(0.0, 1.0);
    for (double step : {0.02, 0.3}) {
      Structure s2 = s1;
      for (int i : active) s2.positions.col(i) += step * Vec(g(rng), g(rng), g(rng)).normalized();
      const double e2_full = pot.compute(s2, &f_full, ws_full);
      const double e2_local = pot.compute(s2, &f_local, ws_local, active);
      CHECK(std::abs((e2_full - e1_full) - (e2_local - e1_local)) < 1e-10 * std::abs(e1_full));
      for (int i : active)
        CHECK((f_local.col(i) - f_full.col(i)).norm() < 1e-12 * std::max(1.0, f_full.col(i).norm()));
    }
    // The same workspace switching between full and local evaluation.
    Workspace shared;
    CHECK(pot.compute(s1, nullptr, shared, active) == doctest::Approx(e1_local).epsilon(1e-13));
    CHECK(pot.compute(s1, nullptr, shared) == doctest::Approx(e1_full).epsilon(1e-13));
    CHECK(pot.compute(s1, nullptr, shared, active) == doctest::Approx(e1_local).epsilon(1e-13));
  }
}

TEST_CASE("lj: translation and periodic images leave energy and forces unchanged") {
  const Cell cell = Cell::triclinic(Vec(0, 0, 0), Vec(6, 6.5, 7), 1.3, 0.4, -0.6);
  const Structure s = lj_test::randomKobAndersen(cell, 300, 9);
  const LennardJones pot = kobAndersen(LjShift::Force);
  Workspace ws;
  Positions f0;
  const double e0 = pot.compute(s, &f0, ws);
  const double fscale = f0.cwiseAbs().maxCoeff();
  CHECK(f0.rowwise().sum().norm() < 1e-10 * fscale * s.size());

  Structure moved = s;
  moved.positions.colwise() += Vec(0.37, -1.1, 2.3);
  Positions f;
  CHECK(pot.compute(moved, &f, ws) == doctest::Approx(e0).epsilon(1e-12));
  CHECK((f - f0).cwiseAbs().maxCoeff() < 1e-10 * fscale);

  // Wrapping, and moving single atoms by lattice vectors.
  Structure imaged = moved;
  std::mt19937_64 rng(10);
  std::uniform_int_distribution<int> n(-2, 2);
  for (int i = 0; i < s.size(); ++i) {
    imaged.positions.col(i) = (i % 2) ? cell.wrap(moved.positions.col(i))
                                      : Vec(moved.positions.col(i) + cell.imageShift(n(rng), n(rng), n(rng)));
  }
  CHECK(pot.compute(imaged, &f, ws) == doctest::Approx(e0).epsilon(1e-12));
  CHECK((f - f0).cwiseAbs().maxCoeff() < 1e-10 * fscale);
}

TEST_CASE("lj: config keys") {
  const std::vector<std::string> species{"A", "B"};
  auto read = [&](const std::string& yaml, const std::vector<std::string>& sp) {
    OptionsReader section(YAML::Load(yaml), "potential", "c.yaml");
    auto o = LennardJonesOptions::fromYaml(section, sp, glassland::Units::lj());
    section.finish();
    return o;
  };
  const auto preset = read("type: lj\npreset: kob-andersen\nshift: force\nskin: 0.4\n", species);
  CHECK(preset.shift == LjShift::Force);
  CHECK(preset.skin == 0.4);
  CHECK(preset.pair(1, 0).epsilon == 1.5);
  CHECK(preset.pair(0, 1).sigma == 0.8);
  CHECK(preset.pair(1, 1).cutoff == 2.2);
  CHECK(read("preset: kob-andersen", species).shift == LjShift::Energy);
  CHECK(read("preset: kob-andersen", species).skin == 0.3);

  // A table equal to the preset gives the same energy; "B-A" names the pair A-B;
  // cutoff defaults to 2.5 sigma.
  const auto table = read(
      "pairs:\n  A-A: {epsilon: 1.0, sigma: 1.0}\n  B-A: {epsilon: 1.5, sigma: 0.8, cutoff: 2.0}\n"
      "  B-B: {epsilon: 0.5, sigma: 0.88, cutoff: 2.2}\n",
      species);
  CHECK(table.pair(0, 0).cutoff == 2.5);
  const Structure s = lj_test::randomKobAndersen(Cell::orthorhombic(Vec(0, 0, 0), Vec(6, 6, 6)), 200, 11);
  Workspace w1, w2;
  const LennardJones from_table(table);
  const LennardJones from_preset(read("preset: kob-andersen", species));
  CHECK(from_table.compute(s, nullptr, w1) == from_preset.compute(s, nullptr, w2));

  auto fails = [&](const std::string& yaml, const std::string& message,
                   std::vector<std::string> sp = {"A", "B"}) {
    CHECK_THROWS_WITH_AS(read(yaml, sp), doctest::Contains(message.c_str()), InputError);
  };
  fails("pairs:\n  A-A: {epsilon: 1, sigma: 1}\n  A-B: {epsilon: 1, sigma: 1}\n", "missing pair B-B");
  fails(
      "pairs:\n  A-A: {epsilon: 1, sigma: 1}\n  A-B: {epsilon: 1, sigma: 1}\n  B-A: {epsilon: 1, sigma: 1}\n"
      "  B-B: {epsilon: 1, sigma: 1}\n",
      "given twice");
  fails("pairs:\n  A-C: {epsilon: 1, sigma: 1}\n", "c.yaml:2: key 'potential.pairs.A-C'");
  fails("pairs:\n  A-A: {epsilon: 1, sigma: 1, cutof: 3}\n", "unknown key 'potential.pairs.A-A.cutof'",
        {"A"});
  fails("pairs:\n  A-A: {epsilon: 1}\n", "missing required key 'potential.pairs.A-A.sigma'", {"A"});
  fails("pairs:\n  A-A: {epsilon: 1, sigma: -1}\n", "sigma", {"A"});
  fails("pairs: 3\n", "must be a mapping", {"A"});
  fails("preset: kob-andersen\nshift: both\n", "c.yaml:2: key 'potential.shift'");
  fails("preset: kob-anderson\n", "unknown preset 'kob-anderson'");
  fails("preset: kob-andersen\n", "exactly two species", {"A", "B", "C"});
  fails("preset: kob-andersen\npairs: {A-A: {epsilon: 1, sigma: 1}}\n", "not both");
  fails("shift: force\n", "needs 'preset: kob-andersen' or a 'pairs' table");
  fails("preset: kob-andersen\nskin: -1\n", "skin");
  fails("preset: kob-andersen\nepsilon: 2\n", "unknown key 'potential.epsilon'");
  // Species names holding '-' still split.
  const auto dashed = read(
      "pairs: {Cu-1-Cu-1: {epsilon: 1, sigma: 1}, Cu-1-Zr: {epsilon: 2, sigma: 1},"
      " Zr-Zr: {epsilon: 3, sigma: 1}}\n",
      {"Cu-1", "Zr"});
  CHECK(dashed.pair(1, 0).epsilon == 2);
  // Metal units: LAMMPS's default skin of 2 Angstrom.
  OptionsReader metal(YAML::Load("pairs: {Ar-Ar: {epsilon: 0.0104, sigma: 3.4, cutoff: 8.5}}"), "potential",
                      "c.yaml");
  CHECK(LennardJonesOptions::fromYaml(metal, {"Ar"}, glassland::Units::metal()).skin == 2.0);
}

TEST_CASE("lj: a structure with more types than the potential is an error") {
  Structure s = dimer(0, 1, 1.0);
  s.types = {0, 2};
  Workspace ws;
  CHECK_THROWS_AS(kobAndersen(LjShift::Energy).compute(s, nullptr, ws), glassland::Error);
}

TEST_CASE("lj: built through the registry from the config contract of issue 2") {
  const YAML::Node config = YAML::Load(
      "units: lj\nspecies: [A, B]\npotential:\n  type: lj\n  preset: kob-andersen\n  shift: force\n");
  auto pot = glassland::makePotential(OptionsReader(config["potential"], "potential", "c.yaml"), {"A", "B"},
                                      glassland::Units::lj(), ".");
  CHECK(pot->name() == "lj");
  CHECK(pot->cutoff() == 2.5);
  const Structure s = lj_test::randomKobAndersen(Cell::orthorhombic(Vec(0, 0, 0), Vec(6, 6, 6)), 150, 12);
  Workspace w1, w2;
  CHECK(pot->compute(s, nullptr, w1) == kobAndersen(LjShift::Force).compute(s, nullptr, w2));
  CHECK_THROWS_WITH_AS(
      glassland::makePotential(
          OptionsReader(YAML::Load("type: lj\npreset: kob-andersen\nshfit: force\n"), "potential", "c.yaml"),
          {"A", "B"}, glassland::Units::lj(), "."),
      doctest::Contains("c.yaml:3: unknown key 'potential.shfit'"), InputError);
}
