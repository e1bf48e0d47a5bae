#include <doctest/doctest.h>

#include <Eigen/Eigenvalues>

#include "glassland/explore/explorer.hpp"
#include "glassland/io/io.hpp"
#include "glassland/optimize/energy_objective.hpp"
#include "saddle/lj_systems.hpp"

using namespace glassland;

TEST_CASE("small KA glass: every saddle kept has exactly one negative eigenvalue of the dense Hessian") {
  // Shifted-force KA (lj/smooth/linear): forces continuous at rc, so finite
  // differences see the true curvature (lesson 1 of tests/data/lammps/README.md).
  LennardJonesOptions lj = LennardJonesOptions::kobAndersen({"A", "B"}, LjShift::Force);
  const LennardJones potential(lj);
  const Structure glass = test::smallKaGlass(potential, 250, 11);
  Workspace ws;
  const double e0 = potential.compute(glass, nullptr, ws);
  ExploreOptions o;
  o.searches = 12;
  o.seed = 5;
  o.threads = 2;
  o.search.active_radius =
      100;  // every atom free: true saddles of the whole glass, translations projected out
  std::vector<SearchResult> results;
  const ExploreSummary summary =
      Explorer(glass, e0, potential, o).run([&](const SearchResult& r) { results.push_back(r); });
  MESSAGE("converged " << summary.count(SearchOutcome::Converged) << "/" << summary.searches
                       << ", not connected " << summary.count(SearchOutcome::NotConnected)
                       << ", higher order " << summary.count(SearchOutcome::HigherOrderSaddle)
                       << ", median force calls " << summary.force_calls_median);
  int checked = 0;
  for (const SearchResult& r : results) {
    if (r.outcome != SearchOutcome::Converged && r.outcome != SearchOutcome::NotConnected) continue;
    Structure s = glass;
    s.positions = r.saddle_positions;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(test::denseHessian(potential, s));
    const Eigen::VectorXd& lambda = eig.eigenvalues();
    int negative = 0, zero = 0;
    for (Eigen::Index i = 0; i < lambda.size(); ++i) {
      if (lambda(i) < -1e-3)
        ++negative;
      else if (lambda(i) < 1e-3)
        ++zero;
    }
    CAPTURE(r.index);
    CAPTURE(lambda.head(5).transpose());
    CHECK(negative == 1);
    CHECK(zero == 3);  // the three translations
    CHECK(lambda(0) == doctest::Approx(r.lowest_eigenvalue).epsilon(0.05));
    ++checked;
  }
  CHECK(checked >= 3);  // the yield is measured in bench/; here every kept saddle is checked
}

TEST_CASE("KA glass N = 1000: local ARTn searches with the default options reach connected saddles") {
  // Issue 3's success bound (>= 80 %; bench/RESULTS.md: 90.0 % of 500 searches)
  // as a deterministic regression check on the first 60 searches of seed 1 (same
  // input and seed, same outcomes whatever the thread count). 60, not 20: the
  // first 20 alone gave 15/20 here, a sample too small for an 80 % bound.
  const LennardJones potential(LennardJonesOptions::kobAndersen({"A", "B"}, LjShift::Force));
  Structure glass = io::readStructure(std::string(GLASSLAND_TEST_DATA) + "/ka1000_IS.data", {"A", "B"});
  MinimizeOptions mo;
  mo.method = MinimizeMethod::Lbfgs;
  mo.fmax = 1e-8;
  const MinimizeResult m = relax(potential, glass, mo);
  REQUIRE(m.converged);
  ExploreOptions o;
  o.searches = 60;
  o.seed = 1;
  o.threads = 2;
  long split_mismatches = 0, last_push_mismatches = 0;
  const ExploreSummary summary = Explorer(glass, m.value, potential, o).run([&](const SearchResult& r) {
    // The per-push records (bench/RESULTS.md) account for every call up to the saddle.
    long sum = 1;  // the evaluation of the start
    for (const PushRecord& p : r.pushes) sum += p.forceCalls();
    if (sum != r.saddle_force_calls) ++split_mismatches;
    // The search reports its last push (once a saddle is found, the full
    // relaxation of both minima may still reclassify it).
    const SearchOutcome last = r.pushes.empty() ? SearchOutcome::RelaxationFailed : r.pushes.back().outcome;
    if (last != r.outcome && !r.hasSaddle()) ++last_push_mismatches;
  });
  CHECK(split_mismatches == 0);
  CHECK(last_push_mismatches == 0);
  MESSAGE("converged " << summary.count(SearchOutcome::Converged) << "/60, ran away "
                       << summary.count(SearchOutcome::EnergyRanAway) << ", back to start "
                       << summary.count(SearchOutcome::ReturnedToStart) << ", median force calls "
                       << summary.force_calls_median);
  CHECK(summary.count(SearchOutcome::Converged) >= 48);  // >= 80 %, the bound
  // Distinct saddles, not one soft spot found over and over (every atom free,
  // the old activation found 3 distinct saddles in 25 successes).
  CHECK(2 * summary.unique_saddles >= summary.count(SearchOutcome::Converged));
}
