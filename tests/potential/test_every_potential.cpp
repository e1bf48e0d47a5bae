// Every registered potential through the same checks, built from its
// registry example as the app builds it: forces are minus the gradient (central
// differences), a local evaluation over an active subset equals the full one
// (forces on the active atoms, energy differences), and, where a reference
// exists in tests/data, energy and forces equal LAMMPS. A new type is checked
// the moment it is registered (docs/adding-a-potential.md).
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "eam_test_support.hpp"
#include "glassland/core/units.hpp"
#include "glassland/potential/registry.hpp"

using namespace glassland;
using namespace eam_test;

namespace {

Units unitsNamed(const std::string& name) { return name == "metal" ? Units::metal() : Units::lj(); }

std::unique_ptr<Potential> fromExample(const PotentialType& type) {
  return makePotential(OptionsReader(YAML::Load(type.example), "potential", "example"), type.example_species,
                       unitsNamed(type.example_units), ".");
}

/// A periodic fcc crystal of 3x3x3 cells at the type's neighbour distance,
/// species taking turns, every atom displaced at random by up to 10 % of it.
Structure disorderedCrystal(const PotentialType& type) {
  const double a = type.neighbour_distance * std::sqrt(2.0);
  const int cells = 3;
  const double basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  std::mt19937 rng(12345);
  std::uniform_real_distribution<double> jitter(-0.1 * type.neighbour_distance,
                                                0.1 * type.neighbour_distance);
  Structure s;
  s.species = type.example_species;
  s.positions.resize(3, 4 * cells * cells * cells);
  int n = 0;
  for (int i = 0; i < cells; ++i)
    for (int j = 0; j < cells; ++j)
      for (int k = 0; k < cells; ++k)
        for (const auto& b : basis) {
          s.positions.col(n) = Eigen::Vector3d((i + b[0]) * a + jitter(rng), (j + b[1]) * a + jitter(rng),
                                               (k + b[2]) * a + jitter(rng));
          s.types.push_back(n % static_cast<int>(s.species.size()));
          s.ids.push_back(n + 1);
          ++n;
        }
  s.masses.assign(s.species.size(), 1.0);
  s.cell =
      Cell::orthorhombic(Eigen::Vector3d::Zero(), Eigen::Vector3d::Constant(cells * a), {true, true, true});
  return s;
}

/// The LAMMPS references in tests/data for the registry's examples
/// (tests/data/lammps/README.md, tests/data/eam_alloy/README.md, tests/data/eam_funcfl/README.md).
struct LammpsReference {
  std::string data, forces;
  double energy;
};
const std::map<std::string, LammpsReference> kReferences{
    {"lj", {"ka1000_IS.data", "ka1000_IS.sf.forces", -6807.433925354052}},
    {"eam/fs", {"cuzr2000_quenched.data", "cuzr2000_quenched.forces", -8771.4256766150975}},
    {"eam/alloy", {"eam_alloy/cuni256.data", "eam_alloy/cuni256.forces", -933.85299068365782}},
    {"eam", {"eam_alloy/cuni256.data", "eam_funcfl/cuni256.forces", -938.34082615857494}},
};

}  // namespace

TEST_CASE("every registered potential: its example builds, and names no other type") {
  CHECK(potentialTypes().size() == registeredPotentials().size());
  for (const PotentialType& type : registeredPotentials()) {
    CAPTURE(type.name);
    const auto potential = fromExample(type);
    REQUIRE(potential);
    CHECK(YAML::Load(type.example)["type"].as<std::string>() == type.name);
    CHECK(type.neighbour_distance > 0.0);
  }
}

TEST_CASE("every registered potential: forces are minus the gradient (central differences)") {
  for (const PotentialType& type : registeredPotentials()) {
    CAPTURE(type.name);
    const auto potential = fromExample(type);
    Structure s = disorderedCrystal(type);
    Workspace ws;
    Positions f;
    potential->compute(s, &f, ws);
    const double scale = 1.0 + f.cwiseAbs().maxCoeff();
    const double h = 1e-5 * type.neighbour_distance;
    for (int i : {0, 1, 53, s.size() - 1}) {
      for (int d = 0; d < 3; ++d) {
        const double x = s.positions(d, i);
        s.positions(d, i) = x + h;
        const double e_plus = potential->compute(s, nullptr, ws);
        s.positions(d, i) = x - h;
        const double e_minus = potential->compute(s, nullptr, ws);
        s.positions(d, i) = x;
        CAPTURE(i);
        CAPTURE(d);
        CHECK(std::abs(-(e_plus - e_minus) / (2 * h) - f(d, i)) < 1e-6 * scale);
      }
    }
  }
}

TEST_CASE("every registered potential: local evaluation over an active subset equals the full one") {
  for (const PotentialType& type : registeredPotentials()) {
    CAPTURE(type.name);
    const auto potential = fromExample(type);
    Structure s = disorderedCrystal(type);
    std::vector<int> active;
    for (int i = 0; i < s.size(); ++i) {
      if (s.cell.minimumImage(s.positions.col(i) - s.positions.col(0)).norm() < 1.3 * type.neighbour_distance)
        active.push_back(i);
    }
    REQUIRE(active.size() > 3);
    Workspace full_ws, local_ws;  // one workspace per mode, reused as a saddle search does
    Positions f_full, f_local;
    const double e_full0 = potential->compute(s, &f_full, full_ws);
    const double e_local0 = potential->compute(s, &f_local, local_ws, active);
    const double scale = 1.0 + f_full.cwiseAbs().maxCoeff();
    for (int a : active) CHECK((f_local.col(a) - f_full.col(a)).norm() < 1e-10 * scale);
    // Moving only active atoms changes both energies by the same amount.
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> step(-0.03 * type.neighbour_distance,
                                                0.03 * type.neighbour_distance);
    for (int move = 0; move < 3; ++move) {
      for (int a : active)
        for (int d = 0; d < 3; ++d) s.positions(d, a) += step(rng);
      const double e_full = potential->compute(s, &f_full, full_ws);
      const double e_local = potential->compute(s, &f_local, local_ws, active);
      CHECK(std::abs((e_local - e_local0) - (e_full - e_full0)) < 1e-10 * (1.0 + std::abs(e_full0)));
      for (int a : active) CHECK((f_local.col(a) - f_full.col(a)).norm() < 1e-10 * scale);
    }
  }
}

TEST_CASE("every registered potential with a LAMMPS reference: energy and forces equal LAMMPS") {
  int compared = 0;
  for (const PotentialType& type : registeredPotentials()) {
    const auto it = kReferences.find(type.name);
    if (it == kReferences.end()) continue;  // no LAMMPS counterpart (muller-brown)
    CAPTURE(type.name);
    const auto potential = fromExample(type);
    const Structure s = readData(kData + "/" + it->second.data, type.example_species);
    const Positions f_ref = readForces(kData + "/" + it->second.forces, s);
    const Comparison cmp = compareWithLammps(*potential, s, it->second.energy, f_ref);
    MESSAGE(type.name << " vs LAMMPS: relative energy error " << cmp.energy_rel << ", max force difference "
                      << cmp.force_max);
    CHECK(cmp.energy_rel < 1e-10);
    CHECK(cmp.force_max < 1e-8);
    ++compared;
  }
  CHECK(compared == static_cast<int>(kReferences.size()));
}
