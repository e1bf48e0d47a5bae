// EAM force calls in the steady state of MD or minimisation: the neighbour
// list is built once and reused (each call still runs the skin check), so a
// call is one density pass, the embedding and one force pass over the half list.
//
// Structure: the Cu64Zr36 glass tests/data/cuzr2000_quenched.data (N = 2000),
// Mendelev's CuZr_mm.eam.fs from Debian's lammps-data, skin 1.0 Angstrom as
// in bench/lammps/in.cuzr2000 (the LAMMPS side of the comparison).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "glassland/io/lammps_data.hpp"
#include "glassland/potential/eam.hpp"

namespace {

using glassland::Structure;

const std::string kPotential = "/usr/share/lammps/potentials/CuZr_mm.eam.fs";

const Structure& cuzr2000() {
  static const Structure s = glassland::io::readLammpsData(
      std::string(GLASSLAND_SOURCE_DIR) + "/tests/data/cuzr2000_quenched.data", {"Cu", "Zr"});
  return s;
}

const glassland::EamPotential& cuzrPotential() {
  static const auto pot =
      glassland::loadEam(kPotential, glassland::SetflFile::Style::FinnisSinclair, {"Cu", "Zr"});
  return *pot;
}

void eamCuZr(benchmark::State& state) {
  const Structure& s = cuzr2000();
  const auto& pot = cuzrPotential();
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
  state.counters["us_per_atom"] =
      benchmark::Counter(static_cast<double>(s.size()) * 1e-6,
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

/// A local evaluation as saddle searches use it: the atoms within 4 Angstrom of
/// one atom are active (the rest frozen); cost should not scale with N.
void eamCuZrLocal(benchmark::State& state) {
  const Structure& s = cuzr2000();
  const auto& pot = cuzrPotential();
  const std::vector<int> active = glassland::atomsWithin(s.cell, s.positions, std::vector<int>{137}, 4.0);
  glassland::Workspace ws;
  glassland::Positions forces;
  pot.compute(s, &forces, ws, active);
  for (auto _ : state) {
    benchmark::DoNotOptimize(pot.compute(s, &forces, ws, active));
    benchmark::ClobberMemory();
  }
  state.counters["active"] = static_cast<double>(active.size());
  state.counters["centres"] = static_cast<double>(ws.neighbors.centres().size());
}

/// Reading the 2.3 MB setfl file and building the splines (once per run).
void eamLoad(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        glassland::loadEam(kPotential, glassland::SetflFile::Style::FinnisSinclair, {"Cu", "Zr"}));
  }
}

}  // namespace

BENCHMARK(eamCuZr)->Name("EAM_CuZr2000_fs")->Unit(benchmark::kMicrosecond);
BENCHMARK(eamCuZrLocal)->Name("EAM_CuZr2000_fs_local_4A")->Unit(benchmark::kMicrosecond);
BENCHMARK(eamLoad)->Name("EAM_CuZr_mm_load")->Unit(benchmark::kMillisecond);
