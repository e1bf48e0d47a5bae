// Helper for the crash-safety test: writes search results 0 .. count-1 with
// deterministic content into a store, skipping those already recorded (as a
// resumed `explore` does). Usage: landscape_crash_writer STORE COUNT
//
// The landscape: 40 states on a 4x4x4 grid; state s moves atom s by a fixed
// vector. Search k joins states a(k), b(k) through a saddle that depends only
// on the unordered pair, so pairs recur and exercise the dedup path; every
// fifth search fails without a transition.

#include <cstdlib>
#include <iostream>

#include "fixtures.hpp"
#include "glassland/landscape/event_store.hpp"

using namespace glassland;
using namespace glassland::landscape;

namespace {
constexpr int kStates = 40;

Positions stateOf(const Positions& root, int s) {
  Positions p = root;
  p.col(s) += Eigen::Vector3d(0.3 + 0.005 * s, 0.2, -0.1);
  return p;
}
double energyOf(int s) { return -100.0 + 0.37 * ((s * 17) % kStates); }
}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: landscape_crash_writer STORE COUNT\n";
    return 2;
  }
  const long count = std::atol(argv[2]);
  try {
    const StoreHeader header = testing::gridHeader(4);
    const Positions& root = header.root.positions;
    auto store = EventStore::openOrCreate(argv[1], header);
    const std::set<long> done = store.completedSearches();
    for (long k = 0; k < count; ++k) {
      if (done.count(k)) continue;
      SearchRecord record;
      record.index = k;
      record.seed = 1000003ULL * static_cast<std::uint64_t>(k);
      record.centre = k % 64;
      record.method = k % 3 ? "artn" : "dimer";
      record.force_calls = 50 + (k * 37) % 400;
      record.wall_seconds = 0.001 * static_cast<double>(k);
      if (k % 5 == 4) {
        record.outcome = "too_many_force_calls";
        store.insertSearchResult(record, std::nullopt);
        continue;
      }
      record.outcome = "converged";
      const int a = static_cast<int>((k * 7) % kStates);
      int b = static_cast<int>((k * 11 + 3) % kStates);
      if (b == a) b = (b + 1) % kStates;
      const int lo = std::min(a, b), hi = std::max(a, b);
      FoundTransition t;
      t.energy_a = energyOf(a);
      t.positions_a = stateOf(root, a);
      t.energy_b = energyOf(b);
      t.positions_b = stateOf(root, b);
      t.saddle_energy = std::max(t.energy_a, t.energy_b) + 0.5 + 0.1 * ((lo + hi) % 3);
      t.saddle_positions = root;
      t.saddle_positions.col(lo) += 0.5 * Eigen::Vector3d(0.3 + 0.005 * lo, 0.2, -0.1);
      t.saddle_positions.col(hi) += 0.5 * Eigen::Vector3d(0.3 + 0.005 * hi, 0.2, -0.1);
      store.insertSearchResult(record, t);
    }
  } catch (const std::exception& e) {
    std::cerr << "landscape_crash_writer: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
