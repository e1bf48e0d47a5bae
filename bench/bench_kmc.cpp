// KMC throughput on a static graph of 10^5 states, and the superbasin speedup
// on double wells (flicker inside, rare escapes). Results: bench/RESULTS.md.
#include <benchmark/benchmark.h>

#include <limits>
#include <random>

#include "glassland/kmc/graph_provider.hpp"
#include "glassland/kmc/kmc.hpp"

using namespace glassland;
using namespace glassland::kmc;

namespace {

// 10^5 states, each joined to 6 others (offsets +-1, +-37, +-1369 mod N);
// saddle = max(E_i, E_j) + U(0.3, 1.0); each transition moves 3 of 1000 atoms.
const StaticGraphProvider& bigGraph() {
  static const StaticGraphProvider provider = [] {
    const int n = 100000, atoms = 1000;
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> energy(0.0, 0.3), barrier(0.3, 1.0), comp(-0.3, 0.3);
    std::uniform_int_distribution<int> atom(0, atoms - 1);
    KmcGraph g;
    g.energies.resize(n);
    for (auto& e : g.energies) e = energy(rng);
    g.out.resize(n);
    g.atom_species.assign(atoms, 0);
    for (int i = 0; i < atoms; i += 5) g.atom_species[static_cast<std::size_t>(i)] = 1;  // 80:20
    g.species_names = {"A", "B"};
    for (int s = 0; s < n; ++s) {
      for (int offset : {1, 37, 1369}) {
        const int t = (s + offset) % n;
        std::vector<AtomDisplacement> d;
        for (int k = 0; k < 3; ++k)
          d.push_back({atom(rng), Eigen::Vector3d(comp(rng), comp(rng), comp(rng))});
        g.addTransition(s, t, std::max(g.energies[s], g.energies[t]) + barrier(rng), d);
      }
    }
    return StaticGraphProvider(std::move(g));
  }();
  return provider;
}

// Cells of two states (E = 0, 0.1) joined by a low saddle (0.25); cells joined
// by high saddles (1.0) in a lifted ring of 64 cells: the test's double wells.
const StaticGraphProvider& doubleWells() {
  static const StaticGraphProvider provider = [] {
    KmcGraph g;
    const int cells = 64, n = 2 * cells;
    g.energies.resize(n);
    for (int s = 0; s < n; ++s) g.energies[s] = (s % 2) ? 0.1 : 0.0;
    g.atom_species = {0};
    g.species_names = {"A"};
    for (int s = 0; s < n; ++s) {
      g.addTransition(s, (s + 1) % n, (s % 2) ? 1.0 : 0.25, {{0, Eigen::Vector3d(0.5, 0, 0)}});
    }
    return StaticGraphProvider(std::move(g));
  }();
  return provider;
}

void runSteps(benchmark::State& state, const EventProvider& provider, KmcOptions options,
              double temperature) {
  options.trajectories = 1;
  const Simulation simulation(provider, options, Units::lj(), temperature);
  std::uint64_t trajectory = 0;
  std::int64_t steps = 0;
  double simulated = 0.0;
  // `steps` steps per trajectory without a time limit (a pilot's plan): the
  // speed of the step loop; the MSD grid costs O(N) at 101 points per trajectory.
  const RunPlan plan{std::numeric_limits<double>::infinity(), 0.0, options.steps, 0};
  for (auto _ : state) {
    const auto stats = simulation.run(trajectory++, 0, plan);
    steps += stats.steps;
    simulated += stats.time;
    benchmark::DoNotOptimize(stats.msd.data());
  }
  state.SetItemsProcessed(steps);
  state.counters["superbasins"] = static_cast<double>(simulation.superbasinCount());
  state.counters["sim_time_per_step"] = simulated / static_cast<double>(steps);
  state.counters["sim_time_per_s"] = benchmark::Counter(simulated, benchmark::Counter::kIsRate);
}

void BM_KmcGraph1e5(benchmark::State& state) {
  KmcOptions o;
  o.prefactor = 1.0;
  o.steps = 1000000;
  o.superbasin = state.range(0) != 0;
  runSteps(state, bigGraph(), o, 0.4);
}
BENCHMARK(BM_KmcGraph1e5)->Arg(0)->Arg(1)->ArgNames({"superbasin"})->Unit(benchmark::kMillisecond);

void BM_KmcDoubleWells(benchmark::State& state) {
  KmcOptions o;
  o.prefactor = 1.0;
  o.superbasin = state.range(0) != 0;
  o.superbasin_barrier = 0.5;
  o.steps = o.superbasin ? 10000 : 1000000;
  runSteps(state, doubleWells(), o, 0.15);
}
BENCHMARK(BM_KmcDoubleWells)->Arg(0)->Arg(1)->ArgNames({"superbasin"})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
