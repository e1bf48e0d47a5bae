// Tracer correlation factors of a single vacancy on cubic lattices against the
// exact values (Compaan & Haven 1956; diamond 1/2), and the diffusive verdict.
//
// Choice of sizes: with one vacancy among N sites the atoms' centre of mass
// moves by -R_vacancy / N, which adds |R_v|^2 / N to sum_i |R_i|^2, a relative
// excess of about 1 / (f N) in f; N ~ 2000 keeps it near 0.1 %. The vacancy
// returns to a tracer within a few of its own jumps, i.e. within ~1/N of a
// tracer jump time, so the MSD is linear from a few jumps per atom on. Each
// trajectory runs for the simulated time of 60 jumps per atom (t_run = 60 /
// Gamma): the diffusive test asks that the atoms have gone farther than one hop
// by lag t_run / 20 (3 jumps), i.e. more than 1/f jumps per atom there (2 for
// diamond, 1.3 for fcc).
// The statistical error of f is that of the MSD slope over N x trajectories atoms.
#include <doctest/doctest.h>

#include <cmath>

#include "glassland/kmc/kmc.hpp"
#include "glassland/kmc/lattice_provider.hpp"

using namespace glassland;
using namespace glassland::kmc;

namespace {

void checkLattice(const std::string& lattice, int cells, int trajectories = 64) {
  LatticeVacancyOptions lo;
  lo.lattice = lattice;
  lo.cells = cells;
  const LatticeVacancyProvider provider(lo);
  // Gamma = vacancy jump rate z nu exp(-E_b / k_B T) / N per atom.
  const double gamma = provider.coordination() * std::exp(-1.0) / provider.atomCount();
  KmcOptions o;
  o.temperatures = {1.0};
  o.trajectories = trajectories;
  o.duration = {60.0 / gamma};
  o.steps = 90 * static_cast<std::int64_t>(provider.atomCount());  // cap: 1.5 x the jumps t_run needs
  const auto r = runKmc(provider, o, Units::lj());
  const auto& t = r.temperatures[0];
  const auto& e = t.species[0];
  const double exact = exactCorrelationFactor(lattice);
  MESSAGE(lattice << " N = " << provider.siteCount() << ": f = " << e.f << " +- " << e.f_err << " (exact "
                  << exact << ", deviation " << 100.0 * (e.f / exact - 1.0) << " %), diffusive "
                  << e.diffusive << " (linearity " << e.linearity_sigma << " sigma, D/D_err " << e.D / e.D_err
                  << ", mobile MSD " << e.mobile_msd << " vs hop^2 " << e.mean_sq_hop_length << ") "
                  << e.diffusive_reason);
  CHECK(t.used == trajectories);
  CHECK(e.diffusive);
  CHECK(std::abs(e.f / exact - 1.0) < 0.005 + 3.0 * e.f_err / exact);
  CHECK(e.f_err < 0.005 * exact);
  // D_rw = Gamma lambda^2 / 6.
  CHECK(e.D_rw == doctest::Approx(gamma * provider.hopLength() * provider.hopLength() / 6.0).epsilon(0.01));
  CHECK(e.D_rw_lambda == doctest::Approx(e.D_rw).epsilon(1e-12));  // every hop is longer than 0.3
  CHECK(r.temperatures[0].back_hop_fraction > 0.0);
}

}  // namespace

TEST_CASE("lattice geometry: coordination, hop length, sites") {
  struct Case {
    const char* name;
    int z, sites_per_cell;
    double hop;
  };
  for (const Case c : {Case{"sc", 6, 1, 1.0}, Case{"bcc", 8, 2, std::sqrt(3.0) / 2},
                       Case{"fcc", 12, 4, std::sqrt(0.5)}, Case{"diamond", 4, 8, std::sqrt(3.0) / 4}}) {
    LatticeVacancyOptions lo;
    lo.lattice = c.name;
    lo.cells = 3;
    const LatticeVacancyProvider p(lo);
    CHECK(p.coordination() == c.z);
    CHECK(p.siteCount() == 27 * c.sites_per_cell);
    CHECK(p.atomCount() == p.siteCount() - 1);
    CHECK(p.hopLength() == doctest::Approx(c.hop));
  }
}

TEST_CASE("lattice vacancy: fcc correlation factor") { checkLattice("fcc", 8); }
TEST_CASE("lattice vacancy: bcc correlation factor") { checkLattice("bcc", 10); }
TEST_CASE("lattice vacancy: simple cubic correlation factor") { checkLattice("sc", 12); }
TEST_CASE("lattice vacancy: diamond correlation factor") { checkLattice("diamond", 6); }
