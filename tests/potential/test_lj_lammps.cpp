// Lennard-Jones energies and forces against LAMMPS (29 Sep 2021) on the
// reference structures: Kob-Andersen in both truncations (lj/cut + shift yes,
// lj/smooth/linear), a triclinic and a slab variant, and the fcc vacancy crystal.
// Acceptance (issue 2): relative energy difference < 1e-10, largest force
// component difference < 1e-8.
#include <doctest/doctest.h>

#include <cmath>

#include "glassland/core/units.hpp"
#include "glassland/potential/lennard_jones.hpp"
#include "test_lj_support.hpp"

using glassland::LennardJones;
using glassland::LennardJonesOptions;
using glassland::LjShift;
using glassland::OptionsReader;
using glassland::Positions;
using glassland::Structure;
using glassland::Workspace;

namespace {

/// The potential built from a config section, as `glassland` builds it.
std::unique_ptr<glassland::Potential> fromConfig(const std::string& yaml,
                                                 const std::vector<std::string>& species) {
  OptionsReader section(YAML::Load(yaml), "potential", "test.yaml");
  auto p = glassland::makeLennardJones(section, species, glassland::Units::lj());
  section.finish();
  return p;
}

struct Agreement {
  double energy_rel = 0;
  double force_max = 0;
};

Agreement compare(const glassland::Potential& pot, const Structure& s, double e_ref, const Positions* f_ref) {
  Workspace ws;
  Positions f;
  const double e = pot.compute(s, &f, ws);
  Agreement a;
  a.energy_rel = std::abs(e - e_ref) / std::abs(e_ref);
  if (f_ref) a.force_max = (f - *f_ref).cwiseAbs().maxCoeff();
  // Energy without forces takes the other code path.
  CHECK(std::abs(pot.compute(s, nullptr, ws) - e) <= 1e-12 * std::abs(e));
  return a;
}

}  // namespace

TEST_CASE("lj vs LAMMPS: Kob-Andersen quenched glass, lj/cut + shift yes") {
  const Structure s = lj_test::readLammpsData(lj_test::dataPath("ka1000_quenched.data"));
  const Positions f_ref = lj_test::readForces(lj_test::dataPath("ka1000_quenched.forces"), s);
  const auto pot = fromConfig("type: lj\npreset: kob-andersen\nshift: energy\n", {"A", "B"});
  const Agreement a = compare(*pot, s, -7481.5220215493973, &f_ref);
  MESSAGE("ka1000_quenched lj/cut: energy rel diff " << a.energy_rel << ", max force diff " << a.force_max);
  CHECK(a.energy_rel < 1e-10);
  CHECK(a.force_max < 1e-8);
}

TEST_CASE("lj vs LAMMPS: Kob-Andersen inherent structure, both truncations") {
  const Structure s = lj_test::readLammpsData(lj_test::dataPath("ka1000_IS.data"));
  const Positions f_ref = lj_test::readForces(lj_test::dataPath("ka1000_IS.sf.forces"), s);
  const auto sf = fromConfig("type: lj\npreset: kob-andersen\nshift: force\n", {"A", "B"});
  const Agreement a = compare(*sf, s, -6807.433925354052, &f_ref);
  MESSAGE("ka1000_IS lj/smooth/linear: energy rel diff " << a.energy_rel << ", max force diff "
                                                         << a.force_max);
  CHECK(a.energy_rel < 1e-10);
  CHECK(a.force_max < 1e-8);

  // Energy per atom of the same structure with lj/cut + shift yes, as printed
  // by in.ka_glass to 10 decimals.
  const auto cut = fromConfig("type: lj\npreset: kob-andersen\n", {"A", "B"});
  Workspace ws;
  const double e = cut->compute(s, nullptr, ws) / s.size();
  CHECK(std::abs(e - (-7.6320394905)) < 1e-10);
  // The inherent structure is a minimum of lj/cut: LAMMPS stopped at max force 7.9e-11.
  Positions f;
  cut->compute(s, &f, ws);
  CHECK(f.cwiseAbs().maxCoeff() < 1e-9);
}

TEST_CASE("lj vs LAMMPS: triclinic cell (lj/smooth/linear) and slab with open z (lj/cut)") {
  const Structure tilted = lj_test::readLammpsData(lj_test::dataPath("ka1000_tilted.data"));
  CHECK_FALSE(tilted.cell.isOrthorhombic());
  const Positions f_tilted = lj_test::readForces(lj_test::dataPath("ka1000_tilted.sf.forces"), tilted);
  const auto sf = fromConfig("type: lj\npreset: kob-andersen\nshift: force\n", {"A", "B"});
  const Agreement a = compare(*sf, tilted, -5824.4580154193, &f_tilted);
  MESSAGE("ka1000_tilted lj/smooth/linear: energy rel diff " << a.energy_rel << ", max force diff "
                                                             << a.force_max);
  CHECK(a.energy_rel < 1e-10);
  CHECK(a.force_max < 1e-8);

  const Structure slab = lj_test::readLammpsData(lj_test::dataPath("ka1000_slab.data"), {true, true, false});
  const Positions f_slab = lj_test::readForces(lj_test::dataPath("ka1000_slab.forces"), slab);
  const auto cut = fromConfig("type: lj\npreset: kob-andersen\n", {"A", "B"});
  const Agreement b = compare(*cut, slab, -6995.4651457356185, &f_slab);
  MESSAGE("ka1000_slab lj/cut: energy rel diff " << b.energy_rel << ", max force diff " << b.force_max);
  CHECK(b.energy_rel < 1e-10);
  CHECK(b.force_max < 1e-8);
}

TEST_CASE("lj vs LAMMPS: fcc crystal with a vacancy") {
  const Structure s = lj_test::readLammpsData(lj_test::dataPath("ljvac_initial.data"));
  const Positions f_ref = lj_test::readForces(lj_test::dataPath("ljvac_initial.forces"), s);
  const auto pot = fromConfig("type: lj\npairs: {A-A: {epsilon: 1.0, sigma: 1.0, cutoff: 2.5}}\n", {"A"});
  const Agreement a = compare(*pot, s, -1895.7524245387074, &f_ref);
  MESSAGE("ljvac_initial lj/cut: energy rel diff " << a.energy_rel << ", max force diff " << a.force_max);
  CHECK(a.energy_rel < 1e-10);
  CHECK(a.force_max < 1e-8);
  // Independently from tests/data/lammps/README.md (in.ljvac_prep): E = E_f + 255 E_coh with the relaxed
  // vacancy formation energy 7.379395 and cohesive energy -7.46326204 (6-8 digits given).
  Workspace ws;
  CHECK(pot->compute(s, nullptr, ws) == doctest::Approx(7.379395 + 255 * -7.46326204).epsilon(1e-9));
}
