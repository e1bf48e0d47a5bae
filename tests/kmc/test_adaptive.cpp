// Adaptive KMC provider on a synthetic landscape whose searches are exact and
// cheap: one atom hopping on a simple cubic lattice (spacing a, barrier E_b,
// all minima at the same energy) beside a spectator atom that never moves.
// Search k from a site picks one of 8 outcomes from its own RNG stream: the
// six hops (converged) or a failure. The exact answers: every site has six
// escape events of barrier E_b; a single random walker has D = D_rw = k a^2
// (3-D, N_A = 1, k = nu exp(-E_b / k_B T)), f = 1.
#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <cmath>
#include <filesystem>
#include <random>
#include <set>
#include <string>

#include "glassland/core/error.hpp"
#include "glassland/core/units.hpp"
#include "glassland/kmc/adaptive_provider.hpp"
#include "glassland/kmc/kmc.hpp"

using namespace glassland;
using namespace glassland::kmc;

namespace {

constexpr double kSpacing = 1.0;
constexpr double kBarrier = 1.0;
constexpr int kSites = 4;  // sites per side of the periodic lattice

using glassland_test::TempDir;

Structure latticeRoot() {
  Structure s;
  const double l = kSpacing * kSites;
  s.cell = Cell::orthorhombic({0, 0, 0}, {l, l, l});
  s.positions.resize(3, 2);
  s.positions.col(0) << 0.5, 0.5, 0.5;    // the walker, species A
  s.positions.col(1) << 2.25, 2.0, 1.75;  // the spectator, species B (off-lattice)
  s.types = {0, 1};
  s.ids = {1, 2};
  s.species = {"A", "B"};
  s.masses = {1.0, 1.0};
  return s;
}

/// Exact search on the lattice: hop of atom 0 along +-x, +-y, +-z, or (2 in 8) a failure.
SearchResult latticeSearch(const Structure& start, double e0, int centre, long index, bool always_fail) {
  SearchResult r;
  r.index = index;
  r.seed = 5;
  r.centre = centre;
  r.force_calls = 1;
  std::mt19937_64 rng = searchRng(5, index);
  const int u = std::uniform_int_distribution<int>(0, 7)(rng);
  if (always_fail || u >= 6) {
    r.outcome = SearchOutcome::TooManyForceCalls;
    return r;
  }
  Eigen::Vector3d dir = Eigen::Vector3d::Zero();
  dir[u / 2] = (u % 2) ? -kSpacing : kSpacing;
  r.outcome = SearchOutcome::Converged;
  r.energy_a = e0;
  r.positions_a = start.positions;
  r.energy_b = e0;
  r.positions_b = start.positions;
  r.positions_b.col(0) = start.cell.wrap(start.positions.col(0) + dir);
  r.saddle_energy = e0 + kBarrier;
  r.saddle_positions = start.positions;
  r.saddle_positions.col(0) = start.cell.wrap(start.positions.col(0) + 0.5 * dir);
  r.barrier_forward = kBarrier;
  r.barrier_reverse = kBarrier;
  return r;
}

struct Landscape {
  landscape::EventStore store;
  landscape::MinimumId root = 0;
};

Landscape newLandscape(const std::string& path) {
  landscape::StoreHeader header{"lj", "lattice walker", "test", latticeRoot()};
  Landscape l{landscape::EventStore::openOrCreate(path, header), 0};
  l.root = l.store.addMinimum(0.0, l.store.root().positions);
  return l;
}

AdaptiveSettings latticeSettings(int threads) {
  AdaptiveSettings s;
  s.options.min_searches = 12;
  s.options.max_searches = 100;
  // High, so that every site finds all six hops itself (a missed one would be
  // added only when its neighbour is explored, making the first visits differ).
  s.options.confidence = 0.999;
  s.window = 20.0;  // 20 k_B T at T = 1
  s.centre_radius = 1.5;
  s.moved_threshold = 0.3;
  s.threads = threads;
  s.seed = 5;
  return s;
}

KmcOptions kmcOptions() {
  KmcOptions o;
  o.temperatures = {1.0};
  o.prefactor = 1.0;
  o.trajectories = 8;
  o.steps = 1500;
  o.target_msd = 1e30;  // the pilot takes all its steps: t_run = the time of 1500 hops
  o.seed = 3;
  o.provider = "adaptive";
  o.superbasin = false;
  return o;
}

Searcher latticeSearcher(bool always_fail = false) {
  return [always_fail](const Structure& s, double e, int centre, long index) {
    return latticeSearch(s, e, centre, index, always_fail);
  };
}

}  // namespace

TEST_CASE("searchConfidence: the Xu-Henkelman estimate of the fraction of processes found") {
  CHECK(searchConfidence(0, 0) == 0.0);
  CHECK(searchConfidence(3, 3) == 0.0);  // every hit new: no evidence of completeness
  CHECK(searchConfidence(5, 2) == 0.0);
  for (const auto& [unique, hits] : {std::pair<long, long>{1, 2}, {3, 6}, {4, 20}, {10, 31}, {1, 100}}) {
    const double c = searchConfidence(unique, hits);
    const double a = static_cast<double>(hits) / static_cast<double>(unique);
    CAPTURE(a);
    CHECK(c > 0.0);
    CHECK(c <= 1.0);
    CHECK(std::abs(c - (1.0 - std::exp(-a * c))) < 1e-12);  // the defining equation
  }
  // a = 2: c = 1 - exp(-2c), c = 0.796812130... (independent: Lambert W, c = 1 + W(-2 e^-2) / 2).
  CHECK(searchConfidence(3, 6) == doctest::Approx(0.7968121300200202).epsilon(1e-12));
  CHECK(searchConfidence(1, 100) == doctest::Approx(1.0).epsilon(1e-12));
  // More hits of the same processes: more confidence.
  CHECK(searchConfidence(4, 20) > searchConfidence(4, 10));
}

TEST_CASE("adaptive provider on a lattice walker: exhaustive catalogue, exact barriers, D = D_rw = k a^2") {
  TempDir dir("adaptive_lattice");
  Landscape l = newLandscape(dir.file("store.sqlite"));
  AdaptiveProvider provider(l.store, l.root, latticeSearcher(), latticeSettings(1));
  const Units& units = Units::lj();
  const KmcResults results = runKmc(provider, kmcOptions(), units);

  // The state space is the whole periodic lattice, each site explored once.
  CHECK(l.store.numMinima() == kSites * kSites * kSites);
  CHECK(l.store.numTransitions() == 3 * kSites * kSites * kSites);
  const AdaptiveStats stats = provider.stats();
  CHECK(stats.states_explored == kSites * kSites * kSites);
  // Every state: six distinct neighbours, barrier E_b, the walker moving by a
  // lattice vector and the spectator not at all.
  for (const auto& m : l.store.minima()) {
    CAPTURE(m.id);
    REQUIRE(provider.explored(m.id));
    const auto list = provider.events(m.id, nullptr);
    CHECK(list.size() == 6);
    std::set<StateId> targets;
    Eigen::Vector3d sum = Eigen::Vector3d::Zero();
    for (const auto& e : list) {
      targets.insert(e.target);
      CHECK(e.barrier == doctest::Approx(kBarrier).epsilon(1e-12));
      double moved = 0.0;
      for (const auto& d : e.displacements) {
        if (d.atom == 1) CHECK(d.dr.norm() < 1e-9);
        if (d.atom == 0) {
          moved = d.dr.norm();
          sum += d.dr;
        }
      }
      CHECK(moved == doctest::Approx(kSpacing).epsilon(1e-9));
    }
    CHECK(targets.size() == 6);
    CHECK(sum.norm() < 1e-9);  // +-x, +-y, +-z: the reverse hops carry the opposite sign
  }

  const auto& t = results.temperatures.at(0);
  CHECK(t.ended_early == 0);
  const double k = std::exp(-kBarrier / 1.0);
  const auto& a = t.species.at(0);
  // D_rw fluctuates only through the waiting times: 12 000 hops, ~1 %.
  CHECK(a.D_rw == doctest::Approx(k * kSpacing * kSpacing).epsilon(0.03));
  CHECK(std::abs(a.D - a.D_rw) < 4.0 * a.D_err);
  CHECK(std::abs(a.f - 1.0) < 4.0 * a.f_err);
  CHECK(t.species.at(1).D == 0.0);  // the spectator
  MESSAGE("lattice walker: D_rw = " << a.D_rw << " (exact " << k << "), D = " << a.D << " +- " << a.D_err
                                    << ", f = " << a.f << " +- " << a.f_err << ", searches "
                                    << stats.searches_stored);

  SUBCASE("a second provider on the same store reuses the catalogue: no new search") {
    AdaptiveProvider again(l.store, l.root, latticeSearcher(), latticeSettings(1));
    const KmcResults second = runKmc(again, kmcOptions(), units);
    CHECK(again.stats().searches_run == 0);
    CHECK(second.temperatures.at(0).species.at(0).D == results.temperatures.at(0).species.at(0).D);
  }
}

TEST_CASE("adaptive provider: same seed, 1 or 2 search threads -> the same store and the same KMC results") {
  TempDir dir("adaptive_threads");
  KmcOptions options = kmcOptions();
  options.steps = 40;
  options.trajectories = 3;
  std::vector<std::string> dumps;
  std::vector<double> d;
  for (int threads : {1, 2}) {
    Landscape l = newLandscape(dir.file("store" + std::to_string(threads) + ".sqlite"));
    AdaptiveProvider provider(l.store, l.root, latticeSearcher(), latticeSettings(threads));
    const KmcResults r = runKmc(provider, options, Units::lj());
    dumps.push_back(l.store.canonicalDump());
    d.push_back(r.temperatures.at(0).species.at(0).D);
    d.push_back(r.temperatures.at(0).species.at(0).D_rw);
  }
  CHECK(dumps[0] == dumps[1]);
  CHECK(d[0] == d[2]);
  CHECK(d[1] == d[3]);
}

TEST_CASE("adaptive provider: a state where no search finds an escape ends the trajectory with a reason") {
  TempDir dir("adaptive_noescape");
  Landscape l = newLandscape(dir.file("store.sqlite"));
  AdaptiveSettings settings = latticeSettings(2);
  settings.options.max_searches = 20;
  AdaptiveProvider provider(l.store, l.root, latticeSearcher(/*always_fail=*/true), settings);
  KmcOptions options = kmcOptions();
  options.trajectories = 2;
  const KmcResults r = runKmc(provider, options, Units::lj());
  const auto& t = r.temperatures.at(0);
  CHECK(t.ended_early == 2);
  CHECK(t.steps == 0);
  CHECK(t.end_message.find("no known escape") != std::string::npos);
  // The root was searched max_searches times, once (the second trajectory reuses it).
  CHECK(l.store.numSearches() == 20);
  CHECK(provider.stats().searches_run == 20);
  CHECK(provider.explored(l.root));
}

TEST_CASE("adaptive options: defaults, keys and bad values") {
  {
    YAML::Node node = YAML::Load(
        "{min_searches: 4, max_searches: 8, confidence: 0.9, window_kt: 10, threads: 2, recycle: false, "
        "recycle_radius: 3.0, min_fresh_searches: 3}");
    OptionsReader reader(node, "kmc.adaptive", "test.yaml");
    const AdaptiveOptions o = AdaptiveOptions::fromYaml(reader);
    CHECK(!o.recycle);
    CHECK(o.recycle_radius == 3.0);
    CHECK(o.min_fresh_searches == 3);
    CHECK(o.min_searches == 4);
    CHECK(o.max_searches == 8);
    CHECK(o.confidence == 0.9);
    CHECK(o.window_kt == 10.0);
    CHECK(o.threads == 2);
  }
  for (const char* bad :
       {"{min_searches: 0}", "{min_searches: 10, max_searches: 5}", "{confidence: 1.0}", "{window_kt: 0}",
        "{random_centres: 1.5}", "{threads: -1}", "{searches: 3}", "{min_fresh_searches: -1}",
        "{max_searches: 12, min_fresh_searches: 13}", "{recycle: maybe}"}) {
    CAPTURE(bad);
    YAML::Node node = YAML::Load(bad);
    OptionsReader reader(node, "kmc.adaptive", "test.yaml");
    CHECK_THROWS_AS(AdaptiveOptions::fromYaml(reader), InputError);
  }
  YAML::Node kmc = YAML::Load("{provider: adaptive, adaptive: {max_searches: 30}}");
  OptionsReader reader(kmc, "kmc", "test.yaml");
  const KmcOptions o = KmcOptions::fromYaml(reader);
  CHECK(o.provider == "adaptive");
  CHECK(o.adaptive.max_searches == 30);
  CHECK(o.adaptive.min_searches == 10);
  CHECK(o.adaptive.recycle);
  CHECK(o.adaptive.min_fresh_searches == 2);
}

// ---- Event recycling on two independent lattice walkers ----
//
// Two atoms hop on the same simple cubic lattice (6 sites a side), each by +-x,
// +-y, +-z with barrier E_b, independently: every state has exactly 12
// events. A search from scratch (100 force calls) picks one of the 12 hops or
// fails; a recycled search (10 force calls) reads the hop off its saddle
// guess: the core atom moving half a lattice vector. After a hop of one walker
// the other walker's six hops are far from the moved atom (unless the walkers
// are neighbours) and are recycled; the moved walker's hops are searched afresh.
namespace {

constexpr int kPairSites = 6;
constexpr int kTwoWalkerSteps = 20;

Structure twoWalkerRoot() {
  Structure s;
  const double l = kSpacing * kPairSites;
  s.cell = Cell::orthorhombic({0, 0, 0}, {l, l, l});
  s.positions.resize(3, 2);
  s.positions.col(0) << 0.5, 0.5, 0.5;
  s.positions.col(1) << 3.5, 3.5, 3.5;
  s.types = {0, 1};
  s.ids = {1, 2};
  s.species = {"A", "B"};
  s.masses = {1.0, 1.0};
  return s;
}

/// The hop of `atom` by `dir` from `start` as a converged search result.
SearchResult walkerHop(const Structure& start, double e0, int atom, const Eigen::Vector3d& dir, long index,
                       long force_calls) {
  SearchResult r;
  r.index = index;
  r.seed = 5;
  r.centre = atom;
  r.force_calls = force_calls;
  r.outcome = SearchOutcome::Converged;
  r.energy_a = e0;
  r.positions_a = start.positions;
  r.energy_b = e0;
  r.positions_b = start.positions;
  r.positions_b.col(atom) = start.cell.wrap(start.positions.col(atom) + dir);
  r.saddle_energy = e0 + kBarrier;
  r.saddle_positions = start.positions;
  r.saddle_positions.col(atom) = start.cell.wrap(start.positions.col(atom) + 0.5 * dir);
  r.barrier_forward = kBarrier;
  r.barrier_reverse = kBarrier;
  return r;
}

Searcher twoWalkerSearcher() {
  return [](const Structure& start, double e0, int, long index) {
    std::mt19937_64 rng = searchRng(5, index);
    const int u = std::uniform_int_distribution<int>(0, 13)(rng);
    if (u >= 12) {
      SearchResult r;
      r.index = index;
      r.force_calls = 100;
      r.outcome = SearchOutcome::TooManyForceCalls;
      return r;
    }
    Eigen::Vector3d dir = Eigen::Vector3d::Zero();
    dir[(u % 6) / 2] = (u % 2) ? -kSpacing : kSpacing;
    return walkerHop(start, e0, u / 6, dir, index, 100);
  };
}

Recycler twoWalkerRecycler(long* calls) {
  return [calls](const Structure& start, double e0, const Positions& guess, const std::vector<int>& core,
                 long index) {
    ++*calls;
    REQUIRE(core.size() == 1);
    const int atom = core.front();
    const Eigen::Vector3d dir = 2.0 * start.cell.minimumImage(guess.col(atom) - start.positions.col(atom));
    SearchResult r = walkerHop(start, e0, atom, dir, index, 10);
    r.recycled = true;
    // The other walker must sit in the guess where it sits in the start.
    CHECK(start.cell.minimumImage(guess.col(1 - atom) - start.positions.col(1 - atom)).norm() < 1e-12);
    if (std::abs(dir.norm() - kSpacing) > 1e-9) r.outcome = SearchOutcome::ReturnedToStart;
    return r;
  };
}

Landscape newTwoWalkers(const std::string& path) {
  landscape::StoreHeader header{"lj", "two lattice walkers", "test", twoWalkerRoot()};
  Landscape l{landscape::EventStore::openOrCreate(path, header), 0};
  l.root = l.store.addMinimum(0.0, l.store.root().positions);
  return l;
}

AdaptiveSettings twoWalkerSettings(int threads, bool recycle, int max_searches) {
  AdaptiveSettings s = latticeSettings(threads);
  s.options.min_searches = 12;
  s.options.max_searches = max_searches;
  s.options.recycle = recycle;
  s.options.min_fresh_searches = 2;
  s.recycle_radius = 1.5;
  return s;
}

struct TwoWalkerRun {
  std::string dump;
  AdaptiveStats stats;
  double d = 0.0;
  long recycler_calls = 0;
  double events_per_state = 0.0;
};

/// Two trajectories of `steps`; with `complete`, checks that every explored
/// state holds its 12 hops; in any case that all hops have barrier E_b.
TwoWalkerRun runTwoWalkers(const std::string& path, int threads, bool recycle, int max_searches,
                           bool complete) {
  Landscape l = newTwoWalkers(path);
  TwoWalkerRun out;
  AdaptiveProvider provider(l.store, l.root, twoWalkerSearcher(),
                            twoWalkerSettings(threads, recycle, max_searches), {},
                            twoWalkerRecycler(&out.recycler_calls));
  KmcOptions options = kmcOptions();
  options.trajectories = 2;
  options.steps = kTwoWalkerSteps;
  const KmcResults r = runKmc(provider, options, Units::lj());
  long events = 0;
  for (const auto& m : l.store.minima()) {
    if (!provider.explored(m.id)) continue;
    CAPTURE(m.id);
    const auto list = provider.events(m.id, nullptr);
    std::set<StateId> targets;
    for (const auto& e : list) {
      targets.insert(e.target);
      CHECK(e.barrier == doctest::Approx(kBarrier).epsilon(1e-12));
    }
    CHECK(targets.size() == list.size());
    // The stopping rule is a confidence (0.999), so a state may stop one hop
    // short now and then: after the merge with fixed-time trajectories, 1 of
    // ~250 states did (state 254). Checked: never more than one missing, and
    // the mean over states below.
    if (complete) CHECK(targets.size() >= 11);
    events += static_cast<long>(targets.size());
  }
  out.dump = l.store.canonicalDump();
  out.stats = provider.stats();
  out.d = r.temperatures.at(0).species.at(0).D;
  out.events_per_state = double(events) / double(std::max<long>(1, out.stats.states_explored));
  return out;
}

double forceCallsPerState(const AdaptiveStats& s) {
  return double(s.force_calls) / double(s.states_explored);
}

}  // namespace

TEST_CASE(
    "adaptive provider, event recycling on two lattice walkers: exact recycled hops, complete catalogue") {
  TempDir dir("adaptive_recycle");
  // Confidence 0.999 reachable (max_searches 200): the catalogue with
  // recycling is complete (the searches from scratch must reach the confidence
  // on their own); without, the estimate may stop one hop short in a state
  // (it does once in 34 states here), so that run is only the reference cost.
  const TwoWalkerRun on = runTwoWalkers(dir.file("on.sqlite"), 2, true, 200, true);
  const TwoWalkerRun off = runTwoWalkers(dir.file("off.sqlite"), 2, false, 200, false);
  CHECK(on.events_per_state > 11.98);
  CHECK(off.events_per_state > 11.9);
  REQUIRE(on.stats.states_explored > 10);
  CHECK(off.stats.recycled_run == 0);
  CHECK(off.recycler_calls == 0);
  // Recycling ran and every recycled attempt found its hop (the mapped saddle
  // of the far walker is exact here).
  CHECK(on.stats.recycled_stored > 0);
  CHECK(on.stats.recycled_found == on.stats.recycled_stored);
  CHECK(on.recycler_calls == on.stats.recycled_run);
  MESSAGE("two walkers, confidence reached: force calls per state "
          << forceCallsPerState(on.stats) << " with recycling, " << forceCallsPerState(off.stats)
          << " without");

  // 1 or 2 search threads: the same store and the same KMC results.
  const TwoWalkerRun one = runTwoWalkers(dir.file("one.sqlite"), 1, true, 200, true);
  CHECK(one.dump == on.dump);
  CHECK(one.d == on.d);
  // A second provider on the same store rebuilds the hit counts (inherited
  // ones from the recycled searches' rows): no new search.
  {
    Landscape l{landscape::EventStore::openExisting(dir.file("on.sqlite")), 0};
    l.root = l.store.findMinimum(0.0, l.store.root().positions).value();
    long calls = 0;
    AdaptiveProvider again(l.store, l.root, twoWalkerSearcher(), twoWalkerSettings(2, true, 200), {},
                           twoWalkerRecycler(&calls));
    KmcOptions options = kmcOptions();
    options.trajectories = 2;
    options.steps = kTwoWalkerSteps;
    runKmc(again, options, Units::lj());
    CHECK(again.stats().searches_run == 0);
    CHECK(calls == 0);
  }
}

TEST_CASE(
    "adaptive provider, event recycling on two lattice walkers: fewer force calls per state at a fixed "
    "budget") {
  // max_searches 16 < what confidence 0.999 needs: every state spends its
  // budget, recycled attempts (10 force calls) taking slots of searches from
  // scratch (100), as on the KA glass.
  TempDir dir("adaptive_recycle_budget");
  const TwoWalkerRun on = runTwoWalkers(dir.file("on.sqlite"), 2, true, 16, false);
  const TwoWalkerRun off = runTwoWalkers(dir.file("off.sqlite"), 2, false, 16, false);
  REQUIRE(on.stats.states_explored > 10);
  REQUIRE(off.stats.states_explored > 10);
  CHECK(on.stats.recycled_found == on.stats.recycled_stored);
  MESSAGE("two walkers, budget 16: force calls per state "
          << forceCallsPerState(on.stats) << " with recycling, " << forceCallsPerState(off.stats)
          << " without; events per state " << on.events_per_state << " / " << off.events_per_state);
  CHECK(forceCallsPerState(on.stats) < 0.9 * forceCallsPerState(off.stats));
  CHECK(on.events_per_state >= off.events_per_state);
}
