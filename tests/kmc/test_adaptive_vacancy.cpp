// Adaptive KMC with real saddle searches (ARTn through runSearch) on the fcc
// Lennard-Jones vacancy crystal of shared/refs (255 atoms, shifted-force LJ,
// lj/smooth/linear rc = 2.5): every state is the crystal with the vacancy on
// one lattice site, with 12 hops of the LAMMPS NEB barrier 5.471766. The
// provider must discover new vacancy sites as the walker moves and find hops
// of each state it enters with the right barrier and length; D_rw is compared
// with the lattice formula Gamma a_nn^2 / (6 N), Gamma = 12 nu exp(-E_b / k_B T).
#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <set>
#include <string>

#include "glassland/core/units.hpp"
#include "glassland/io/io.hpp"
#include "glassland/kmc/adaptive_provider.hpp"
#include "glassland/kmc/kmc.hpp"
#include "glassland/kmc/search_records.hpp"
#include "glassland/optimize/energy_objective.hpp"
#include "glassland/potential/lennard_jones.hpp"

using namespace glassland;
using namespace glassland::kmc;

namespace {

constexpr double kNebBarrierSf = 5.471766;  // shared/refs: LAMMPS NEB, lj/smooth/linear rc 2.5

using glassland_test::TempDir;

std::unique_ptr<Potential> shiftedForceLj() {
  LennardJonesOptions o;
  o.species = {"A"};
  o.pairs.resize(1);
  o.setPair(0, 0, LjPair{1.0, 1.0, 2.5});
  o.shift = LjShift::Force;
  return std::make_unique<LennardJones>(o);
}

SearchOptions vacancySearch() {
  SearchOptions o;
  o.saddle.method = SaddleMethod::Artn;
  o.saddle.fmax = 1e-5;   // tight, for a barrier to 1e-4 epsilon
  o.active_radius = 4.0;  // local searches (the searcher default)
  o.push_radius = 0.5;    // push the centre only: its hop into the vacancy is the event sought
  o.refine.relax.fmax = 1e-7;
  return o;
}

/// The lattice site (one of the root's atom positions, or the root vacancy at
/// the origin) that is empty in `positions`.
Eigen::Vector3d vacancySite(const Structure& root, const Positions& positions) {
  // The site of the root vacancy is the origin; every other site is a root atom
  // position. The empty site is the one no atom of `positions` is near.
  std::vector<Eigen::Vector3d> sites{Eigen::Vector3d::Zero()};
  for (int i = 0; i < root.size(); ++i) sites.push_back(root.positions.col(i));
  for (const auto& site : sites) {
    bool occupied = false;
    for (int i = 0; i < positions.cols() && !occupied; ++i) {
      occupied = root.cell.minimumImage(positions.col(i) - site).norm() < 0.3;
    }
    if (!occupied) return site;
  }
  FAIL("no empty lattice site");
  return Eigen::Vector3d::Zero();
}

}  // namespace

TEST_CASE("adaptive provider, fcc LJ vacancy: new vacancy sites, 12 hops of the NEB barrier, D_rw") {
  TempDir dir("adaptive_vacancy");
  const auto potential = shiftedForceLj();
  Structure root = io::readStructure(std::string(GLASSLAND_TEST_DATA) + "/ljvac_sf_initial.data");
  MinimizeOptions tight;
  tight.method = MinimizeMethod::Lbfgs;
  tight.fmax = 1e-9;
  const double e0 = relax(*potential, root, tight).value;

  landscape::StoreHeader header{"lj", "lj/smooth/linear 2.5", "test", root};
  landscape::EventStore store = landscape::EventStore::openOrCreate(dir.file("store.sqlite"), header);
  const landscape::MinimumId root_id = store.addMinimum(e0, store.root().positions);
  const Searcher searcher = makeSearcher(*potential, 7, vacancySearch());

  // The explore stage's part: searches from the root centred on the 12 atoms
  // next to the vacancy (search indices below kSearchStride belong to the root).
  std::vector<int> neighbours;
  for (int i = 0; i < root.size(); ++i) {
    if (root.cell.minimumImage(root.positions.col(i)).norm() < 1.3) neighbours.push_back(i);
  }
  REQUIRE(neighbours.size() == 12);
  for (long k = 0; k < 36; ++k) {
    const SearchResult r = searcher(store.root(), e0, neighbours[static_cast<std::size_t>(k % 12)], k);
    store.insertSearchResult(searchRecord(r), foundTransition(r));
  }

  AdaptiveSettings settings;
  settings.options.min_searches = 24;
  settings.options.max_searches = 60;
  settings.options.confidence = 0.95;
  settings.options.random_centres = 0.0;
  settings.window = 20.0;
  settings.centre_radius = 1.3;  // the atoms next to either end of the hop
  settings.moved_threshold = 0.3;
  settings.threads = 2;
  settings.seed = 7;
  long reports = 0;
  AdaptiveProvider provider(store, root_id, searcher, settings, [&](const ExplorationReport& r) {
    ++reports;
    MESSAGE("explored state " << r.state << ": " << r.searches << " searches, " << r.events
                              << " events, lowest " << r.lowest_barrier << ", confidence " << r.confidence);
  });

  KmcOptions options;
  options.temperatures = {1.0};
  options.prefactor = 1.0;
  options.trajectories = 2;
  options.steps = 4;
  options.seed = 11;
  options.superbasin = false;
  const KmcResults results = runKmc(provider, options, Units::lj());
  const auto& t = results.temperatures.at(0);
  CHECK(t.ended_early == 0);
  CHECK(reports >= 2);  // the walker entered states that were not in the store

  // Every explored state: the vacancy on its own lattice site; its hops all of
  // the NEB barrier and one atom moving a nearest-neighbour distance.
  const double a_nn = std::sqrt(2.0) / 2.0 * (root.cell.h()(0, 0) / 4.0);  // 4 x 4 x 4 fcc cells
  std::set<std::tuple<long, long, long>> sites;
  int complete = 0;
  for (const auto& m : store.minima()) {
    if (!provider.explored(m.id)) continue;
    CAPTURE(m.id);
    const Eigen::Vector3d site = vacancySite(store.root(), store.minimumPositions(m.id));
    sites.insert({std::lround(site.x() * 100), std::lround(site.y() * 100), std::lround(site.z() * 100)});
    int hops = 0;
    for (const auto& e : provider.events(m.id, nullptr)) {
      if (e.barrier > 6.0) continue;  // other, far higher events (none expected)
      ++hops;
      CHECK(std::abs(e.barrier - kNebBarrierSf) < 1e-4);
      double longest = 0.0;
      for (const auto& d : e.displacements) longest = std::max(longest, d.dr.norm());
      CHECK(longest == doctest::Approx(a_nn).epsilon(0.02));
    }
    CHECK(hops <= 12);
    complete += hops == 12;
  }
  const auto minima = store.minima();
  CHECK(sites.size() ==
        static_cast<std::size_t>(std::count_if(minima.begin(), minima.end(),
                                               [&](const auto& m) { return provider.explored(m.id); })));
  CHECK(sites.size() >= 3);
  MESSAGE(sites.size() << " vacancy sites explored, " << complete
                       << " with all 12 hops; store: " << store.numMinima() << " minima, "
                       << store.numTransitions() << " transitions, " << store.numSearches() << " searches");

  // D_rw against the lattice formula 12 k a_nn^2 / (6 N): each executed hop
  // moves one atom by a_nn (plus ~1 % from the relaxation of the others); the
  // states hold 9..12 of their 12 hops at the searcher's present success rate
  // (the message says how many), and 2 x 4 steps give a ~40 % error bar.
  const double k = std::exp(-kNebBarrierSf);
  const double per_hop = k * a_nn * a_nn / (6.0 * 255.0);
  const auto& a = t.species.at(0);
  MESSAGE("D_rw = " << a.D_rw << " +- " << a.D_rw_err << " = " << a.D_rw / per_hop
                    << " hops' worth (lattice formula: 12)");
  CHECK(std::abs(a.D_rw - 12.0 * per_hop) < 4.0 * a.D_rw_err + 0.03 * 12.0 * per_hop);
}
