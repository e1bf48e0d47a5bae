// Tracer correlation factors of a single vacancy on cubic lattices.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>

#include "glassland/kmc/kmc.hpp"
#include "glassland/kmc/lattice_provider.hpp"

using namespace glassland;
using namespace glassland::kmc;

TEST_CASE("lattice: probe") {
  const char* lat = std::getenv("LAT");
  if (!lat) return;
  LatticeVacancyOptions lo;
  lo.lattice = lat;
  lo.cells = std::atoi(std::getenv("CELLS"));
  LatticeVacancyProvider provider(lo);
  KmcOptions o;
  o.temperatures = {1.0};
  o.trajectories = std::atoi(std::getenv("TRAJ"));
  o.steps = static_cast<std::int64_t>(std::atof(std::getenv("JUMPS")) * provider.atomCount());
  if (std::getenv("SLOPE")) o.slope_start = std::atof(std::getenv("SLOPE"));
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = runKmc(provider, o, Units::lj());
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto& e = r.temperatures[0].species[0];
  std::cout << lat << " N=" << provider.atomCount() << " f=" << e.f << " +- " << e.f_err << " exact "
            << exactCorrelationFactor(lat) << " dev% " << 100 * (e.f / exactCorrelationFactor(lat) - 1)
            << " f_slope " << e.f_slope << " +- " << e.f_slope_err << " dev% " << 100 * (e.f_slope / exactCorrelationFactor(lat) - 1) << " time " << s << " s, steps/s " << r.temperatures[0].steps / s << "\n";
}
