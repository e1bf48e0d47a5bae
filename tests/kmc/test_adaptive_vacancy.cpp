// Adaptive KMC with real saddle searches (ARTn through runSearch) on the fcc
// Lennard-Jones vacancy crystal of tests/data/lammps/README.md (255 atoms, shifted-force LJ,
// lj/smooth/linear rc = 2.5): every state is the crystal with the vacancy on
// one lattice site, with 12 hops of the LAMMPS NEB barrier 5.471766. The
// provider must discover new vacancy sites as the walker moves and find hops
// of each state it enters with the right barrier and length; D_rw is compared
// with the lattice formula Gamma a_nn^2 / (6 N), Gamma = 12 nu exp(-E_b / k_B T).
#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>

#include "glassland/core/units.hpp"
#include "glassland/explore/search_records.hpp"
#include "glassland/io/io.hpp"
#include "glassland/kmc/adaptive_provider.hpp"
#include "glassland/kmc/kmc.hpp"
#include "glassland/optimize/energy_objective.hpp"
#include "glassland/potential/lennard_jones.hpp"
#include "saddle/lj_systems.hpp"

using namespace glassland;
using namespace glassland::kmc;

namespace {

constexpr double kNebBarrierSf =
    5.471766;  // tests/data/lammps/README.md: LAMMPS NEB, lj/smooth/linear rc 2.5

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
  // next to the vacancy (search indices below explore::kSearchStride belong to the root).
  std::vector<int> neighbours;
  for (int i = 0; i < root.size(); ++i) {
    if (root.cell.minimumImage(root.positions.col(i)).norm() < 1.3) neighbours.push_back(i);
  }
  REQUIRE(neighbours.size() == 12);
  for (long k = 0; k < 36; ++k) {
    const SearchResult r = searcher(store.root(), e0, neighbours[static_cast<std::size_t>(k % 12)], k);
    store.insertSearchResult(explore::searchRecord(r), explore::foundTransition(r));
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
  // A vacancy site may be reached again with atoms permuted (the walker went
  // round a loop: another minimum, the vacancy on the same site), so states are
  // told apart by their site and which atoms left their root positions.
  std::set<std::tuple<long, long, long>> sites;
  std::set<std::pair<std::tuple<long, long, long>, std::string>> configurations;
  int complete = 0;
  for (const auto& m : store.minima()) {
    if (!provider.explored(m.id)) continue;
    CAPTURE(m.id);
    const Eigen::Vector3d site = vacancySite(store.root(), store.minimumPositions(m.id));
    const std::tuple<long, long, long> key{std::lround(site.x() * 100), std::lround(site.y() * 100),
                                           std::lround(site.z() * 100)};
    sites.insert(key);
    configurations.insert({key, m.fingerprint});
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
  CHECK(configurations.size() ==
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

// Event recycling on a crystal with two vacancies, one at the origin and one
// at the centre of the box (5.4 sigma away): after a hop of the first, the
// hops of the second are far from every atom that moved (recycle radius
// 2.5 sigma, the cutoff) and are recycled. The references: the same hop found
// by a search from scratch in the new state (same barrier within 1e-6, as both
// converge the same saddle with every atom free), and the dense Hessian of
// the recycled saddle (exactly one negative curvature).
TEST_CASE("adaptive provider, fcc LJ crystal with two vacancies: recycled hops of the far vacancy") {
  TempDir dir("adaptive_recycle_vacancy");
  const auto potential = shiftedForceLj();
  const Structure one = io::readStructure(std::string(GLASSLAND_TEST_DATA) + "/ljvac_sf_initial.data");
  const Eigen::Vector3d centre = one.cell.h() * Eigen::Vector3d::Constant(0.5);
  int removed = 0;  // the atom nearest the centre of the box becomes the second vacancy
  for (int i = 0; i < one.size(); ++i) {
    if (one.cell.minimumImage(one.positions.col(i) - centre).norm() <
        one.cell.minimumImage(one.positions.col(removed) - centre).norm())
      removed = i;
  }
  const Eigen::Vector3d v2 = one.positions.col(removed);
  Structure root = one;
  root.positions.resize(3, one.size() - 1);
  root.types.clear();
  root.ids.clear();
  for (int i = 0, k = 0; i < one.size(); ++i) {
    if (i == removed) continue;
    root.positions.col(k++) = one.positions.col(i);
    root.types.push_back(one.types[static_cast<std::size_t>(i)]);
    root.ids.push_back(one.ids[static_cast<std::size_t>(i)]);
  }
  const double e0 = test::relaxTight(*potential, root);
  REQUIRE(root.cell.minimumImage(v2).norm() > 5.0);

  SearchOptions search = vacancySearch();
  const Searcher searcher = makeSearcher(*potential, 7, search);
  const Recycler recycler = makeRecycler(*potential, 7, search);
  // The explore stage's part: one search centred on each neighbour of either vacancy.
  std::vector<int> neighbours;
  for (int i = 0; i < root.size(); ++i) {
    if (root.cell.minimumImage(root.positions.col(i)).norm() < 1.3 ||
        root.cell.minimumImage(root.positions.col(i) - v2).norm() < 1.3)
      neighbours.push_back(i);
  }
  REQUIRE(neighbours.size() == 24);
  std::vector<SearchResult> root_searches;
  for (std::size_t k = 0; k < neighbours.size(); ++k)
    root_searches.push_back(searcher(root, e0, neighbours[k], static_cast<long>(k)));

  AdaptiveSettings settings;
  // A budget of 12 searches per state (the root, with 24, counts as explored)
  // that the confidence 0.95 does not release early: the new state spends it
  // all, with or without recycling, as on the KA glass.
  settings.options.min_searches = 4;
  settings.options.max_searches = 12;
  settings.options.confidence = 0.95;
  settings.options.random_centres = 0.0;
  settings.options.min_fresh_searches = 2;
  settings.window = 20.0;
  settings.centre_radius = 1.3;
  settings.moved_threshold = 0.3;
  settings.recycle_radius = 2.5;
  settings.threads = 2;
  settings.seed = 7;

  struct Run {
    std::unique_ptr<landscape::EventStore> store;
    landscape::MinimumId root = 0, state = 0;
    AdaptiveStats stats;
  };
  // Hops from the root into the state where the vacancy at the origin moved;
  // the provider explores that state, with or without recycling.
  auto hop = [&](const std::string& name, bool recycle) {
    Run run;
    landscape::StoreHeader header{"lj", "lj/smooth/linear 2.5", "test", root};
    run.store =
        std::make_unique<landscape::EventStore>(landscape::EventStore::openOrCreate(dir.file(name), header));
    run.root = run.store->addMinimum(e0, run.store->root().positions);
    for (const auto& r : root_searches)
      run.store->insertSearchResult(explore::searchRecord(r), explore::foundTransition(r));
    AdaptiveSettings s = settings;
    s.options.recycle = recycle;
    AdaptiveProvider provider(*run.store, run.root, searcher, s, {}, recycler);
    const auto context = provider.newContext();
    const auto list = provider.events(run.root, context.get());
    const KmcEvent* chosen = nullptr;
    for (const auto& e : list) {
      for (const auto& d : e.displacements)
        if (d.dr.norm() > 0.5 && root.cell.minimumImage(root.positions.col(d.atom)).norm() < 1.3) chosen = &e;
      if (chosen) break;
    }
    REQUIRE(chosen != nullptr);
    run.state = chosen->target;
    provider.onHop(run.root, *chosen, context.get());
    REQUIRE(!provider.explored(run.state));
    provider.events(run.state, context.get());
    REQUIRE(provider.explored(run.state));
    run.stats = provider.stats();
    return run;
  };
  const Run on = hop("on.sqlite", true);
  const Run off = hop("off.sqlite", false);

  // The root's hops of the far vacancy: each is recycled once.
  std::map<landscape::TransitionId, landscape::TransitionSummary> by_id;
  for (const auto& t : on.store->transitions()) by_id[t.id] = t;
  int far_hops = 0;
  for (const auto& [id, t] : by_id) {
    if ((t.from_min == on.root || t.to_min == on.root) && t.max_displacement > 0.5 &&
        root.cell.minimumImage(root.positions.col(t.max_displacement_atom) - v2).norm() < 1.3)
      ++far_hops;
  }
  REQUIRE(far_hops >= 6);
  CHECK(on.stats.recycled_stored == far_hops);
  CHECK(off.stats.recycled_run == 0);

  // Each recycled hop against a search from scratch of the new state centred
  // on the same atom: the same barrier within 1e-6; and against the parent's
  // barrier of the hop (the other vacancy is 5 sigma away: close, not equal).
  Structure state = root;
  state.positions = on.store->minimumPositions(on.state);
  double e_state = 0.0;
  for (const auto& m : on.store->minima())
    if (m.id == on.state) e_state = m.energy;
  int compared = 0, found = 0;
  for (const auto& row : on.store->searches()) {
    if (row.index < on.state * explore::kSearchStride || row.method != "artn-recycled") continue;
    if (!row.transition) continue;
    ++found;
    const auto& t = by_id.at(*row.transition);
    REQUIRE((t.from_min == on.state || t.to_min == on.state));
    const double recycled = t.from_min == on.state ? t.e_fwd : t.e_rev;
    CHECK(std::abs(recycled - kNebBarrierSf) < 0.05);  // the second vacancy shifts it by ~0.01
    const SearchResult fresh =
        runSearch(state, e_state, *potential, static_cast<int>(row.centre), 7, 900 + row.index % 100, search);
    if (fresh.outcome != SearchOutcome::Converged) continue;
    if (maxAtomDistance(state.cell, fresh.positions_b, state.positions) < 0.5) continue;
    // The same hop: the same atom ends in the same place.
    Positions end = fresh.positions_b;
    const Positions stored_end = on.store->minimumPositions(t.from_min == on.state ? t.to_min : t.from_min);
    if (maxAtomDistance(state.cell, end, stored_end) > 0.1) continue;
    ++compared;
    CAPTURE(row.index);
    CHECK(std::abs(fresh.barrier_forward - recycled) < 1e-6);
  }
  MESSAGE(far_hops << " hops of the far vacancy, " << found << " recycled into the new state, " << compared
                   << " compared with a search from scratch");
  CHECK(found == far_hops);
  CHECK(compared >= 3);

  // Force calls of the new state's exploration at the same budget, with and
  // without recycling (recycled attempts are cheaper than searches from scratch).
  MESSAGE("force calls of the new state: "
          << on.stats.force_calls << " with recycling (" << on.stats.recycled_force_calls << " recycled, "
          << on.stats.searches_stored << " searches), " << off.stats.force_calls << " without ("
          << off.stats.searches_stored << " searches)");
  CHECK(on.stats.force_calls < off.stats.force_calls);

  SUBCASE("a recycled saddle is first order (dense Hessian) and connected to the state") {
    // One of the far hops, mapped by hand: x_state + (saddle - x_root).
    landscape::TransitionId t_id = -1;
    for (const auto& [id, t] : by_id) {
      if ((t.from_min == on.root || t.to_min == on.root) && t.max_displacement > 0.5 &&
          root.cell.minimumImage(root.positions.col(t.max_displacement_atom) - v2).norm() < 1.3) {
        t_id = id;
        break;
      }
    }
    const Positions saddle = on.store->saddlePositions(t_id);
    const Positions x_root = on.store->minimumPositions(on.root);
    Positions guess = state.positions;
    for (int i = 0; i < state.size(); ++i)
      guess.col(i) += state.cell.minimumImage(saddle.col(i) - x_root.col(i));
    const int atom = static_cast<int>(by_id.at(t_id).max_displacement_atom);
    const SearchResult r = recycler(state, e_state, guess, {atom}, 5 * explore::kSearchStride);
    REQUIRE(r.outcome == SearchOutcome::Converged);
    CHECK(r.recycled);
    CHECK(r.centre == atom);
    CHECK(r.pushes.size() == 1);
    CHECK(r.pushes.front().activation_force_calls == 0);
    CHECK(r.saddle_whole_system);
    CHECK(r.lowest_eigenvalue < 0.0);
    CHECK(r.second_eigenvalue > 0.0);
    // Connected: side a is the state, side b the hop of the far vacancy.
    CHECK(maxAtomDistance(state.cell, r.positions_a, state.positions) < 0.05);
    CHECK(std::abs(r.energy_a - e_state) < 1e-6);
    CHECK(maxAtomDistance(state.cell, r.positions_b, state.positions) > 0.5);
    // Independent: the dense Hessian at the saddle has one negative eigenvalue
    // (the three translations are zero modes, |lambda| < 1e-3).
    Structure at_saddle = state;
    at_saddle.positions = r.saddle_positions;
    const Eigen::VectorXd lambda =
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(test::denseHessian(*potential, at_saddle))
            .eigenvalues();
    int negative = 0;
    for (Eigen::Index i = 0; i < lambda.size(); ++i) negative += lambda(i) < -1e-3;
    CHECK(negative == 1);
    CHECK(lambda(0) == doctest::Approx(r.lowest_eigenvalue).epsilon(0.05));
    // A guess at the state itself is no saddle: the search says so.
    const SearchResult none =
        recycler(state, e_state, state.positions, {atom}, 5 * explore::kSearchStride + 1);
    CHECK(none.outcome != SearchOutcome::Converged);
    CHECK(!none.hasSaddle());
  }
}
