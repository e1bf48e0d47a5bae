// Tracer correlation factors of a single vacancy on cubic lattices against the
// exact values (Compaan & Haven 1956; diamond 1/2).
//
// Choice of sizes: with one vacancy among N sites the atoms' centre of mass
// moves by -R_vacancy / N, which adds |R_v|^2 / N to sum_i |R_i|^2, a relative
// excess of about 1 / (f N) in f; N ~ 2000 keeps it near 0.1 %. The vacancy
// returns to a tracer within a few of its own jumps, i.e. within ~1/N of a
// tracer jump time, so 10 jumps per atom already give the asymptotic f (the
// time-origin offset is O(1/N)). The statistical error of f is that of
// |R_i|^2 (relative spread ~0.8 per atom) over N x trajectories atoms:
// 400 trajectories give ~0.1 %.
#include <doctest/doctest.h>

#include <cmath>

#include "glassland/kmc/kmc.hpp"
#include "glassland/kmc/lattice_provider.hpp"

using namespace glassland;
using namespace glassland::kmc;

namespace {

void checkLattice(const std::string& lattice, int cells) {
  LatticeVacancyOptions lo;
  lo.lattice = lattice;
  lo.cells = cells;
  const LatticeVacancyProvider provider(lo);
  KmcOptions o;
  o.temperatures = {1.0};
  o.trajectories = 400;
  o.steps = 10 * static_cast<std::int64_t>(provider.atomCount());
  const auto r = runKmc(provider, o, Units::lj());
  const auto& e = r.temperatures[0].species[0];
  const double exact = exactCorrelationFactor(lattice);
  INFO(lattice << " N = " << provider.siteCount() << ": f = " << e.f << " +- " << e.f_err << " (exact " << exact
               << ", deviation " << 100.0 * (e.f / exact - 1.0) << " %); f_slope = " << e.f_slope << " +- "
               << e.f_slope_err);
  CHECK(std::abs(e.f / exact - 1.0) < 0.005);
  CHECK(e.f_err < 0.005 * exact);
  CHECK(std::abs(e.f_slope / exact - 1.0) < 0.005 + 3.0 * e.f_slope_err / exact);
  // D_rw = Gamma lambda^2 / 6 with Gamma = vacancy jump rate z nu / N per atom.
  const double gamma = provider.coordination() * std::exp(-1.0) / provider.atomCount();
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
  for (const Case c : {Case{"sc", 6, 1, 1.0}, Case{"bcc", 8, 2, std::sqrt(3.0) / 2}, Case{"fcc", 12, 4, std::sqrt(0.5)},
                       Case{"diamond", 4, 8, std::sqrt(3.0) / 4}}) {
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
