// Timing program: a synthetic landscape store with 30 000 minima and 100 000
// transitions (1000-atom root, 20 atoms moved per minimum) is loaded into the
// BasinGraph. Target (issue 4): load in under 2 s.
//
// Usage: bench_graph_load [STORE] [MINIMA] [TRANSITIONS] [REPEATS]
// The store is built (and timed) when STORE does not exist yet; later runs
// reuse it. Default STORE: bench_graph_load.db in the working directory.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "glassland/landscape/basin_graph.hpp"
#include "glassland/landscape/event_store.hpp"
#include "glassland/landscape/graph_summary.hpp"

using namespace glassland;
using namespace glassland::landscape;

namespace {

constexpr int kGrid = 10;  // 1000 atoms
constexpr double kSpacing = 1.1;
constexpr int kMoved = 20;  // atoms moved per minimum
constexpr std::uint64_t kSeed = 20260401;

Structure root() {
  Structure s;
  s.cell = Cell::orthorhombic({0, 0, 0}, {kGrid * kSpacing, kGrid * kSpacing, kGrid * kSpacing});
  s.positions.resize(3, kGrid * kGrid * kGrid);
  int k = 0;
  for (int i = 0; i < kGrid; ++i)
    for (int j = 0; j < kGrid; ++j)
      for (int l = 0; l < kGrid; ++l, ++k) {
        s.positions.col(k) << kSpacing * (i + 0.5), kSpacing * (j + 0.5), kSpacing * (l + 0.5);
        s.types.push_back(k % 5 == 0 ? 1 : 0);  // 80:20 like Kob-Andersen
        s.ids.push_back(k + 1);
      }
  s.species = {"A", "B"};
  s.masses = {1.0, 1.0};
  return s;
}

// Minimum m's displacement field from the root: deterministic per m.
Positions delta(long m, int n) {
  std::mt19937_64 rng(kSeed ^ (0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(m + 1)));
  std::uniform_int_distribution<int> atom(0, n - 1);
  std::uniform_real_distribution<double> d(-0.5, 0.5);
  Positions p = Positions::Zero(3, n);
  for (int k = 0; k < kMoved; ++k) p.col(atom(rng)) += Eigen::Vector3d(d(rng), d(rng), d(rng));
  return p;
}

double energy(long m) {
  std::mt19937_64 rng(kSeed + static_cast<std::uint64_t>(m));
  return -7600.0 - std::uniform_real_distribution<double>(0.0, 100.0)(rng);
}

double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void build(const std::string& path, long num_minima, long num_transitions) {
  const auto t0 = std::chrono::steady_clock::now();
  const Structure r = root();
  auto store = EventStore::openOrCreate(path, StoreHeader{"lj", "synthetic", "bench", r});
  const int n = r.size();
  std::vector<MinimumId> ids(static_cast<std::size_t>(num_minima));
  {
    EventStore::Batch batch(store);
    for (long m = 0; m < num_minima; ++m)
      ids[static_cast<std::size_t>(m)] = store.addMinimum(energy(m), r.positions + delta(m, n));
    batch.commit();
  }
  const double minima_seconds = seconds(t0);
  std::mt19937_64 rng(kSeed);
  std::uniform_int_distribution<long> pick(0, num_minima - 1);
  std::uniform_real_distribution<double> barrier(0.1, 3.0);
  EventStore::Batch batch(store);
  for (long t = 0; t < num_transitions; ++t) {
    // A chain first (one connected component), then random pairs.
    long a = t < num_minima - 1 ? t : pick(rng);
    long b = t < num_minima - 1 ? t + 1 : pick(rng);
    while (b == a) b = pick(rng);
    const Positions saddle = r.positions + 0.5 * (delta(a, n) + delta(b, n));
    store.addTransition(ids[static_cast<std::size_t>(a)], ids[static_cast<std::size_t>(b)],
                        std::max(energy(a), energy(b)) + barrier(rng), saddle);
  }
  batch.commit();
  std::printf(
      "built %s: %ld minima (%.1f us per identity-checked insert), %ld transitions in %.1f s total, %.1f "
      "MB\n",
      path.c_str(), store.numMinima(), 1e6 * minima_seconds / static_cast<double>(num_minima),
      store.numTransitions(), seconds(t0), std::filesystem::file_size(path) / 1e6);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "bench_graph_load.db";
  const long num_minima = argc > 2 ? std::atol(argv[2]) : 30000;
  const long num_transitions = argc > 3 ? std::atol(argv[3]) : 100000;
  const int repeats = argc > 4 ? std::atoi(argv[4]) : 5;
  if (!std::filesystem::exists(path)) build(path, num_minima, num_transitions);

  std::vector<double> open_checked, open_plain, load, components, summary;
  long vertices = 0, edges = 0;
  for (int k = 0; k < repeats; ++k) {
    auto t0 = std::chrono::steady_clock::now();
    { const auto checked = EventStore::openExisting(path); }
    open_checked.push_back(seconds(t0));
    OpenOptions fast;
    fast.verify_integrity = false;
    fast.read_only = true;
    t0 = std::chrono::steady_clock::now();
    const auto store = EventStore::openExisting(path, fast);
    open_plain.push_back(seconds(t0));
    t0 = std::chrono::steady_clock::now();
    const BasinGraph graph = BasinGraph::fromStore(store);
    load.push_back(seconds(t0));
    vertices = graph.numMinima();
    edges = graph.numTransitions();
    t0 = std::chrono::steady_clock::now();
    const Components c = graph.components();
    components.push_back(seconds(t0));
    if (c.count < 1) return 1;
    t0 = std::chrono::steady_clock::now();
    const nlohmann::json json = graphJson(graph);
    summary.push_back(seconds(t0));
  }
  std::printf("graph: %ld minima, %ld transitions; median of %d runs:\n", vertices, edges, repeats);
  std::printf("  open store (PRAGMA quick_check + indices) %.3f s\n", median(open_checked));
  std::printf("  open store (no integrity check)           %.3f s\n", median(open_plain));
  std::printf("  BasinGraph::fromStore                     %.3f s\n", median(load));
  std::printf("  open (checked) + fromStore                %.3f s  (target < 2 s)\n",
              median(open_checked) + median(load));
  std::printf("  connected_components                      %.3f s\n", median(components));
  std::printf("  graphJson (lists + statistics)            %.3f s\n", median(summary));
  return 0;
}
