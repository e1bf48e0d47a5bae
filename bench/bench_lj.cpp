// Lennard-Jones force calls in the steady state of MD or minimisation: the
// neighbour list is built once and reused (each call still runs the skin check),
// so a call is one energy + forces evaluation over the half list.
//
// Structure: Kob-Andersen N = 8000, the LAMMPS-written file named by the
// environment variable GLASSLAND_BENCH_KA8000 (bench/lammps_vs_glassland.sh
// makes it with LAMMPS `replicate 2 2 2`), or else tests/data/ka1000_quenched.data
// replicated 2x2x2 here.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "glassland/io/lammps_data.hpp"
#include "glassland/potential/lennard_jones.hpp"

namespace {

using glassland::Structure;

/// `s` repeated n x n x n times along its lattice vectors.
Structure replicate(const Structure& s, int n) {
  Structure r = s;
  const int m = s.size();
  r.positions.resize(3, static_cast<Eigen::Index>(m) * n * n * n);
  r.types.clear();
  r.ids.clear();
  int k = 0;
  for (int a = 0; a < n; ++a)
    for (int b = 0; b < n; ++b)
      for (int c = 0; c < n; ++c)
        for (int i = 0; i < m; ++i, ++k) {
          r.positions.col(k) = s.positions.col(i) + s.cell.imageShift(a, b, c);
          r.types.push_back(s.types[i]);
          r.ids.push_back(k + 1);
        }
  const auto& c = s.cell;
  r.cell = glassland::Cell::triclinic(c.lo(), c.lo() + n * (c.hi() - c.lo()), n * c.xy(), n * c.xz(),
                                      n * c.yz(), c.periodicity());
  return r;
}

const Structure& kobAndersen8000() {
  static const Structure s = [] {
    if (const char* path = std::getenv("GLASSLAND_BENCH_KA8000")) {
      return glassland::io::readLammpsData(path, {"A", "B"});
    }
    return replicate(glassland::io::readLammpsData(
                         std::string(GLASSLAND_SOURCE_DIR) + "/tests/data/ka1000_quenched.data", {"A", "B"}),
                     2);
  }();
  return s;
}

void ljKobAndersen(benchmark::State& state, glassland::LjShift shift) {
  const Structure& s = kobAndersen8000();
  const glassland::LennardJones pot(glassland::LennardJonesOptions::kobAndersen({"A", "B"}, shift));
  glassland::Workspace ws;
  glassland::Positions forces;
  const double energy = pot.compute(s, &forces, ws);  // builds the list
  for (auto _ : state) {
    benchmark::DoNotOptimize(pot.compute(s, &forces, ws));
    benchmark::ClobberMemory();
  }
  state.counters["natoms"] = s.size();
  state.counters["energy_per_atom"] = energy / s.size();
  state.counters["pairs_listed"] = static_cast<double>(ws.neighbors.size());
  state.counters["list_builds"] = static_cast<double>(ws.neighbors.builds());
  state.counters["ns_per_atom"] =
      benchmark::Counter(static_cast<double>(s.size()),
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

/// Local evaluation (saddle searches): the atoms within `range(0)` / 10 sigma of
/// atom 0 active, the rest frozen. The pair work scales with the active set;
/// the skin check and zeroing the 3 x N force array remain O(N) but cheap.
void ljKobAndersenLocal(benchmark::State& state) {
  const Structure& s = kobAndersen8000();
  const glassland::LennardJones pot(
      glassland::LennardJonesOptions::kobAndersen({"A", "B"}, glassland::LjShift::Force));
  const std::vector<int> seed{0};
  const std::vector<int> active =
      glassland::atomsWithin(s.cell, s.positions, seed, static_cast<double>(state.range(0)) / 10.0);
  glassland::Workspace ws;
  glassland::Positions forces;
  pot.compute(s, &forces, ws, active);
  for (auto _ : state) {
    benchmark::DoNotOptimize(pot.compute(s, &forces, ws, active));
    benchmark::ClobberMemory();
  }
  state.counters["active_atoms"] = static_cast<double>(active.size());
  state.counters["pairs_listed"] = static_cast<double>(ws.neighbors.size());
}

/// Building the Kob-Andersen half list from scratch (what a rebuild costs):
/// skin 0.3, per-type-pair radii 2.5, 2.0, 2.2 (+ skin) as the potential asks.
void ljNeighborBuild(benchmark::State& state) {
  const Structure& s = kobAndersen8000();
  glassland::NeighborList list;
  const glassland::NeighborSettings settings{2.5, 0.3, false};
  const std::vector<double> pair_cutoffs{2.5, 2.0, 2.0, 2.2};
  for (auto _ : state) {
    list.invalidate();
    list.update(s.cell, s.positions, settings, {}, s.types, pair_cutoffs);
    benchmark::DoNotOptimize(list.size());
  }
  state.counters["natoms"] = s.size();
  state.counters["pairs_listed"] = static_cast<double>(list.size());
}

}  // namespace

BENCHMARK_CAPTURE(ljKobAndersen, LJ_KobAndersen8000_shift_energy, glassland::LjShift::Energy)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(ljKobAndersen, LJ_KobAndersen8000_shift_force, glassland::LjShift::Force)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(ljKobAndersenLocal)
    ->Name("LJ_KobAndersen8000_local_radius_x10")
    ->Arg(15)
    ->Arg(30)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(ljNeighborBuild)->Name("LJ_KobAndersen8000_neighbor_build")->Unit(benchmark::kMicrosecond);
