// Relaxation with real potentials: Lennard-Jones clusters against their known
// global minima, Müller–Brown, and the Kob-Andersen glass against LAMMPS.

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>

#include "glassland/core/units.hpp"
#include "glassland/io/io.hpp"
#include "glassland/optimize/energy_objective.hpp"
#include "glassland/potential/registry.hpp"
#include "nlopt_reference.hpp"

using namespace glassland;

namespace {

std::unique_ptr<Potential> potentialFromYaml(const std::string& yaml,
                                             const std::vector<std::string>& species) {
  return makePotential(OptionsReader(YAML::Load(yaml), "potential", "test"), species, Units::lj(), ".");
}

/// Single-species atoms in a large open box (no periodic images).
Structure cluster(const Positions& x) {
  Structure s;
  s.cell = Cell::orthorhombic({-20, -20, -20}, {20, 20, 20}, {false, false, false});
  s.positions = x;
  s.types.assign(x.cols(), 0);
  s.ids.resize(x.cols());
  for (long i = 0; i < x.cols(); ++i) s.ids[i] = i + 1;
  s.species = {"A"};
  s.masses = {1.0};
  return s;
}

/// Pentagonal bipyramid (the LJ7 global minimum's shape) with edges near 2^(1/6).
Positions bipyramid() {
  const double edge = 1.12, ring = edge / (2 * std::sin(M_PI / 5)),
               apex = std::sqrt(edge * edge - ring * ring);
  Positions x(3, 7);
  for (int k = 0; k < 5; ++k)
    x.col(k) << ring * std::cos(2 * M_PI * k / 5), ring * std::sin(2 * M_PI * k / 5), 0;
  x.col(5) << 0, 0, apex;
  x.col(6) << 0, 0, -apex;
  return x;
}

/// Centred icosahedron (the LJ13 global minimum's shape): vertices (0, +-1, +-phi) and cyclic permutations.
Positions icosahedron() {
  const double phi = (1 + std::sqrt(5.0)) / 2, scale = 0.56;  // edge 2 * 0.56 = 1.12
  Positions x = Positions::Zero(3, 13);
  int k = 1;
  for (int c = 0; c < 3; ++c) {
    for (double a : {-1.0, 1.0}) {
      for (double b : {-phi, phi}) {
        Eigen::Vector3d v;
        v[c] = 0;
        v[(c + 1) % 3] = a;
        v[(c + 2) % 3] = b;
        x.col(k++) = scale * v;
      }
    }
  }
  return x;
}

void perturb(Positions& x, double amplitude, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-amplitude, amplitude);
  for (long i = 0; i < x.size(); ++i) x.data()[i] += u(rng);
}

std::string fixed(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10f", v);
  return buf;
}

double ljPair(double r) { return 4 * (std::pow(r, -12) - std::pow(r, -6)); }

}  // namespace

TEST_CASE("relax: LJ7 and LJ13 clusters reach their global minima") {
  // shift: energy subtracts V(rc) from every pair inside rc but leaves forces
  // exact there; every pair of these clusters is far inside rc = 10, so the
  // minimum is that of the untruncated LJ and E_LJ = E + n_pairs V(rc) exactly.
  const double rc = 10.0;
  auto lj =
      potentialFromYaml("type: lj\nshift: energy\npairs: {A-A: {epsilon: 1, sigma: 1, cutoff: 10}}\n", {"A"});
  struct Case {
    const char* name;
    Positions x;
    double reference;  // tests/data/lammps/README.md (Cambridge Cluster Database values)
  };
  const Case cases[] = {{"LJ7", bipyramid(), -16.505384}, {"LJ13", icosahedron(), -44.326801}};
  for (const Case& c : cases) {
    for (MinimizeMethod m : {MinimizeMethod::Fire, MinimizeMethod::Lbfgs}) {
      const std::string label = std::string(c.name) + " " + std::string(methodName(m));
      CAPTURE(label);
      Positions x = c.x;
      perturb(x, 0.05, 42);
      Structure s = cluster(x);
      MinimizeOptions o;
      o.method = m;
      o.fmax = 1e-8;
      const MinimizeResult r = relax(*lj, s, o);
      REQUIRE(r.converged);
      const double n = s.size();
      const double energy = r.value + n * (n - 1) / 2 * ljPair(rc);
      CHECK(std::abs(energy - c.reference) < 1e-6);
      MESSAGE(label, ": E = ", fixed(energy), ", minus reference ", energy - c.reference, ", ", r.force_calls,
              " force calls");
    }
  }
}

TEST_CASE("relax: the Muller-Brown potential through EnergyObjective, atom 0 active") {
  auto mb = potentialFromYaml("type: muller-brown\n", {"A"});
  Structure s = cluster(Positions::Zero(3, 2));
  s.positions.col(1) << 5.0, 5.0, 5.0;  // a spectator atom, frozen
  const std::vector<int> active{0};
  MinimizeOptions o;
  o.method = MinimizeMethod::Lbfgs;
  o.fmax = 1e-8;
  o.max_step = 0.02;
  s.positions.col(0) << 0.6, 0.05, 0.0;
  const MinimizeResult r = relax(*mb, s, o, active);
  REQUIRE(r.converged);
  // tests/data/lammps/README.md: minimum (0.623499, 0.028038), E = -108.166724.
  CHECK(std::abs(s.positions(0, 0) - 0.623499) < 1.5e-6);
  CHECK(std::abs(s.positions(1, 0) - 0.028038) < 1.5e-6);
  CHECK(r.value == doctest::Approx(-108.166724).epsilon(1e-8));
  CHECK(s.positions.col(1) == Eigen::Vector3d(5.0, 5.0, 5.0));
}

TEST_CASE("relax: Kob-Andersen glass reaches fmax < 1e-8 near the LAMMPS inherent structure") {
  const std::vector<std::string> species{"A", "B"};
  const Structure quenched =
      io::readStructure(std::string(GLASSLAND_TEST_DATA) + "/ka1000_quenched.data", species);
  auto ka = potentialFromYaml("type: lj\npreset: kob-andersen\nshift: energy\n", species);
  // LAMMPS (FIRE then CG, max force 7.9e-11) on the same snapshot: tests/data/lammps/README.md, in.ka_glass.
  // The acceptance bound is 1e-3 per atom from it: a different nearby minimum is allowed.
  const double lammps_is_per_atom = -7.6320394905;
  // The snapshot sits between two neighbouring basins. LAMMPS CG alone to max
  // force 1e-8 from it (in.ka_min here) ends 0.95e-3 per atom lower, LAMMPS
  // FIRE in the basin above; which one a minimiser enters depends on its path
  // (glassland's FIRE with dt = 0.02 enters the upper one, its defaults and
  // L-BFGS the lower one). Each end point must match one of LAMMPS's two to
  // 1e-6 per atom: measured 1.1e-7. The small remainder is real: our end
  // point and LAMMPS's (at most 0.0024 sigma apart) differ in which of 6-9
  // pairs sit just inside or just outside their cutoff, and since the force
  // jumps there in the energy-shifted form, each side has its own minimum.
  const double lammps_cg_per_atom = -7.6329919819;
  for (MinimizeMethod m : {MinimizeMethod::Fire, MinimizeMethod::Lbfgs}) {
    const std::string name(methodName(m));
    CAPTURE(name);
    Structure s = quenched;
    MinimizeOptions o;
    o.method = m;
    o.fmax = 1e-8;
    const auto t0 = std::chrono::steady_clock::now();
    const MinimizeResult r = relax(*ka, s, o);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(r.converged);
    CHECK(r.fmax < 1e-8);
    // Independent check of the end point: a fresh evaluation, not the minimiser's bookkeeping.
    Workspace ws;
    Positions f;
    const double e = ka->compute(s, &f, ws);
    CHECK(e == doctest::Approx(r.value).epsilon(1e-13));
    CHECK(f.lpNorm<Eigen::Infinity>() < 1e-8);
    const double per_atom = e / s.size();
    CHECK(std::abs(per_atom - lammps_is_per_atom) < 1e-3);
    CHECK(std::min(std::abs(per_atom - lammps_cg_per_atom), std::abs(per_atom - lammps_is_per_atom)) < 1e-6);
    MESSAGE(name, ": E/N = ", fixed(per_atom), ", minus LAMMPS = ", per_atom - lammps_is_per_atom,
            ", fmax = ", r.fmax, ", ", r.iterations, " iterations, ", r.force_calls, " force calls, ",
            seconds, " s; ", r.message);
  }
}

TEST_CASE("relax: shifted-force Kob-Andersen glass reaches the LAMMPS lj/smooth/linear minimum") {
  // tests/data/lammps/README.md: ka1000_sf_IS.data (LAMMPS, max force 1.5e-11), E/N = -6.8085213028.
  // With forces continuous at the cutoff the basin is well defined: both
  // minimisers, started from the quenched snapshot, end in the same one, and
  // so does an independent one, NLopt's L-BFGS (nlopt_reference.hpp).
  const std::vector<std::string> species{"A", "B"};
  const Structure quenched =
      io::readStructure(std::string(GLASSLAND_TEST_DATA) + "/ka1000_quenched.data", species);
  auto ka = potentialFromYaml("type: lj\npreset: kob-andersen\nshift: force\n", species);
  Structure reference_start = quenched;
  EnergyObjective reference_objective(*ka, reference_start);
  const auto ref = nlopt_reference::nloptMinimize(reference_objective, reference_objective.coordinates());
  MESSAGE("NLopt LD_LBFGS: E/N = ", fixed(ref.value / quenched.size()), ", fmax ", ref.fmax, ", ",
          ref.evaluations, " evaluations");
  CHECK(std::abs(ref.value / quenched.size() - -6.8085213028) < 1e-9);
  CHECK(ref.fmax < 1e-6);
  for (MinimizeMethod m : {MinimizeMethod::Fire, MinimizeMethod::Lbfgs}) {
    const std::string name(methodName(m));
    CAPTURE(name);
    Structure s = quenched;
    MinimizeOptions o;
    o.method = m;
    o.fmax = 1e-8;
    const MinimizeResult r = relax(*ka, s, o);
    CHECK(r.converged);
    const double per_atom = r.value / s.size();
    CHECK(std::abs(per_atom - -6.8085213028) < 1e-9);
    const Eigen::VectorXd x = Eigen::Map<const Eigen::VectorXd>(s.positions.data(), s.positions.size());
    CHECK(std::abs(r.value - ref.value) < 1e-9 * std::abs(ref.value));
    CHECK(nlopt_reference::maxPointDistance(x, ref.x) < 1e-5);
    MESSAGE(name, ": E/N = ", fixed(per_atom), ", minus LAMMPS = ", per_atom + 6.8085213028, ", ",
            r.force_calls, " force calls (NLopt: ", ref.evaluations, ")");
  }
}
