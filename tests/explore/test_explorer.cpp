#include <doctest/doctest.h>

#include <map>

#include "glassland/explore/explorer.hpp"
#include "saddle/lj_systems.hpp"

using namespace glassland;

namespace {

ExploreOptions parse(const std::string& yaml) {
  OptionsReader reader(YAML::Load(yaml), "explore", "config.yaml");
  return ExploreOptions::fromYaml(reader);
}

}  // namespace

TEST_CASE("explore options: contract keys, centres forms, sub-sections, unknown keys") {
  const ExploreOptions d = parse("{}");
  CHECK(d.searches == 500);
  CHECK(d.seed == 1);
  CHECK(d.threads == 0);
  CHECK(d.store == "landscape.sqlite");
  CHECK(d.centres.kind == CentreSelection::Kind::All);
  CHECK(d.search.saddle.method == SaddleMethod::Artn);

  const ExploreOptions o = parse(
      "method: dimer\nsearches: 20\nseed: 42\ncentres: [3, 5]\nthreads: 2\nstore: x.sqlite\n"
      "push_radius: 1.2\nactive_radius: 5\nsaddle_fmax: 1e-4\nlanczos: {max_iterations: 12}\n"
      "dimer_rotation: {separation: 0.01}\nrelax: {method: fire, fmax: 1e-4}\nartn: {basin_step: 0.03, "
      "soften_push: 0, basin_max_rise: 4, convergence: perpendicular}\n"
      "push_attempts: 3\nfull_saddle: false\nactivation_radius: 2\n");
  CHECK(o.search.saddle.method == SaddleMethod::Dimer);
  CHECK(o.searches == 20);
  CHECK(o.seed == 42);
  CHECK(o.centres.kind == CentreSelection::Kind::Ids);
  CHECK(o.centres.ids == std::vector<long>{3, 5});
  CHECK(o.threads == 2);
  CHECK(o.store == "x.sqlite");
  CHECK(o.search.push_radius == 1.2);
  CHECK(o.search.active_radius == 5);
  CHECK(o.search.saddle.fmax == 1e-4);
  CHECK(o.search.saddle.lanczos.max_iterations == 12);
  CHECK(o.search.saddle.rotation.separation == 0.01);
  CHECK(o.search.refine.relax.method == MinimizeMethod::Fire);
  // A relax: mapping overrides only the keys it names.
  const ExploreOptions r = parse("relax: {fmax: 1e-4}\n");
  CHECK(r.search.refine.relax.fmax == 1e-4);
  CHECK(r.search.refine.relax.method == d.search.refine.relax.method);
  CHECK(r.search.refine.relax.max_iterations == d.search.refine.relax.max_iterations);
  CHECK(o.search.saddle.artn.basin_step == 0.03);
  CHECK(o.search.saddle.artn.soften_push == 0);
  CHECK(o.search.saddle.artn.basin_max_rise == 4);
  CHECK(o.search.saddle.artn.convergence == ArtnConvergence::Perpendicular);
  CHECK(d.search.saddle.artn.convergence == ArtnConvergence::Lbfgs);
  CHECK(o.search.activation_radius == 2);
  CHECK(o.search.push_attempts == 3);
  CHECK_FALSE(o.search.full_saddle);
  CHECK(d.search.push_attempts == 12);
  CHECK(d.search.activation_radius == 1.5);
  CHECK(d.search.full_saddle);

  const ExploreOptions sp = parse("centres: {species: B}\n");
  CHECK(sp.centres.kind == CentreSelection::Kind::Species);
  CHECK(sp.centres.species == "B");

  CHECK_THROWS_WITH_AS(parse("serches: 3\n"), doctest::Contains("unknown key 'explore.serches'"), InputError);
  CHECK_THROWS_WITH_AS(parse("method: neb\n"), doctest::Contains("config.yaml:1"), InputError);
  CHECK_THROWS_AS(parse("centres: some\n"), InputError);
  CHECK_THROWS_AS(parse("centres: {species: B, extra: 1}\n"), InputError);
  CHECK_THROWS_AS(parse("lanczos: {tolerence: 0.1}\n"), InputError);
  CHECK_THROWS_AS(parse("push_norm: -1\n"), InputError);
  CHECK_THROWS_WITH_AS(parse("artn: {convergence: newton}\n"), doctest::Contains("lbfgs or perpendicular"),
                       InputError);
  CHECK_THROWS_WITH_AS(parse("activation_radius: -1\n"), doctest::Contains("activation_radius"), InputError);

  // Curvature-scaled activation steps: defaults, keys, bounds.
  CHECK(d.search.saddle.artn.basin_step_curvature == 3.0);
  CHECK(d.search.saddle.artn.basin_step_max_scale == 3.0);
  CHECK(d.search.saddle.artn.basin_max_rise == 8.0);
  const ExploreOptions sc = parse("artn: {basin_step_curvature: 0, basin_step_max_scale: 2}\n");
  CHECK(sc.search.saddle.artn.basin_step_curvature == 0.0);
  CHECK(sc.search.saddle.artn.basin_step_max_scale == 2.0);
  CHECK_THROWS_WITH_AS(parse("artn: {basin_step_max_scale: 0.5}\n"),
                       doctest::Contains("basin_step_max_scale"), InputError);
  CHECK_THROWS_WITH_AS(parse("artn: {basin_step_curvature: -1}\n"), doctest::Contains("basin_step_curvature"),
                       InputError);
}

TEST_CASE("explorer: centres resolve from ids and species; unknown ones are input errors") {
  Structure s;
  s.positions = Positions::Zero(3, 4);
  s.types = {0, 1, 0, 1};
  s.ids = {10, 20, 30, 40};
  s.species = {"A", "B"};
  s.masses = {1, 1};
  CentreSelection c;
  CHECK(c.resolve(s) == std::vector<int>{0, 1, 2, 3});
  c.kind = CentreSelection::Kind::Species;
  c.species = "B";
  CHECK(c.resolve(s) == std::vector<int>{1, 3});
  c.species = "C";
  CHECK_THROWS_AS(c.resolve(s), InputError);
  c.kind = CentreSelection::Kind::Ids;
  c.ids = {30, 10};
  CHECK(c.resolve(s) == std::vector<int>{2, 0});
  c.ids = {50};
  CHECK_THROWS_AS(c.resolve(s), InputError);
}

TEST_CASE("explorer: same seed, 1 and 2 threads give identical results; skipped searches are not run") {
  auto potential = test::singleLj(LjShift::Force);
  Structure start = io::readStructure(std::string(GLASSLAND_TEST_DATA) + "/ljvac_sf_initial.data");
  const double e0 = test::relaxTight(*potential, start);
  ExploreOptions o;
  o.searches = 12;
  o.seed = 3;
  o.centres.kind = CentreSelection::Kind::Ids;
  for (int i = 0; i < start.size(); ++i)
    if (start.cell.minimumImage(start.positions.col(i)).norm() < 1.3) o.centres.ids.push_back(start.ids[i]);
  REQUIRE(o.centres.ids.size() == 12);
  o.search.push_radius = 0.5;
  o.search.active_radius = 3.0;  // local searches with a frozen outside
  std::map<int, std::map<long, SearchResult>> by_threads;
  for (int threads : {1, 2}) {
    o.threads = threads;
    Explorer explorer(start, e0, *potential, o);
    long last_done = 0;
    const ExploreSummary summary =
        explorer.run([&](const SearchResult& r) { by_threads[threads][r.index] = r; },
                     [&](long done, long total) {
                       CHECK(done == last_done + 1);
                       CHECK(total == 12);
                       last_done = done;
                     });
    CHECK(summary.searches == 12);
    CHECK(summary.threads == threads);
    long sum = 0;
    for (long c : summary.outcomes) sum += c;
    CHECK(sum == 12);
    MESSAGE(threads << " threads: " << summary.count(SearchOutcome::Converged) << " converged, "
                    << summary.unique_saddles << " unique, median calls " << summary.force_calls_median
                    << ", " << summary.wall_seconds << " s");
  }
  const auto& one = by_threads[1];
  const auto& two = by_threads[2];
  REQUIRE(one.size() == 12);
  REQUIRE(two.size() == 12);
  int saddles = 0;
  for (const auto& [k, r] : one) {
    const SearchResult& q = two.at(k);
    CHECK(r.centre == q.centre);
    CHECK(r.outcome == q.outcome);
    CHECK(r.force_calls == q.force_calls);
    if (r.hasSaddle()) {
      ++saddles;
      CHECK(r.saddle_energy == q.saddle_energy);  // bit-identical
    }
  }
  CHECK(saddles > 0);

  o.threads = 2;
  Explorer explorer(start, e0, *potential, o);
  std::vector<long> seen;
  explorer.run([&](const SearchResult& r) { seen.push_back(r.index); }, {}, {0, 5, 11});
  CHECK(seen.size() == 9);
  CHECK(std::find(seen.begin(), seen.end(), 5) == seen.end());
}
