#include <doctest/doctest.h>

#include <set>
#include <string>

#include "glassland/core/error.hpp"
#include "glassland/saddle/outcome.hpp"
#include "glassland/saddle/saddle_search.hpp"

using namespace glassland;

TEST_CASE("outcomes: names are distinct and parse back") {
  std::set<std::string> names;
  for (SearchOutcome o : kAllOutcomes) {
    names.insert(std::string(outcomeName(o)));
    CHECK(parseOutcome(outcomeName(o)) == o);
    CHECK(!outcomeDescription(o).empty());
  }
  CHECK(names.size() == kAllOutcomes.size());
  CHECK(outcomeName(SearchOutcome::NotConnected) == "not_connected");
  CHECK_THROWS_AS(parseOutcome("convergd"), InputError);
  CHECK(parseMethod("dimer") == SaddleMethod::Dimer);
  CHECK(methodName(SaddleMethod::Artn) == "artn");
  CHECK_THROWS_AS(parseMethod("neb"), InputError);
}

#include "surfaces.hpp"

namespace {

/// A SaddleRun placed by hand at `x` with mode `v` (gradient evaluated there).
SaddleRun handRun(Objective& f, const Eigen::VectorXd& x, const Eigen::VectorXd& v) {
  SaddleRun run;
  run.outcome = SearchOutcome::Converged;
  run.x = x;
  run.value = f.evaluate(x, run.gradient);
  run.mode.vector = v.normalized();
  run.mode.eigenvalue = -1;
  return run;
}

Eigen::VectorXd vec2(double a, double b) {
  Eigen::VectorXd v(2);
  v << a, b;
  return v;
}

}  // namespace

TEST_CASE("outcomes: the rules of the search limits") {
  test::MullerBrown2D f;
  const Eigen::VectorXd x_min = vec2(0.623499, 0.028038);  // minimum B
  Eigen::VectorXd g;
  const double e_min = f.evaluate(x_min, g);
  const Eigen::VectorXd push = vec2(-0.03, 0.04);
  SaddleSearchOptions o;
  o.artn.basin_step = 0.02;
  o.max_energy_rise = 200;

  SUBCASE("the force-call budget") {
    o.max_force_calls = 5;
    const SaddleRun run = findSaddle(f, x_min, e_min, push, o);
    CHECK(run.outcome == SearchOutcome::TooManyForceCalls);
    CHECK(run.force_calls == 5);
  }
  SUBCASE("the energy limit") {
    o.max_energy_rise = 1e-3;
    CHECK(findSaddle(f, x_min, e_min, push, o).outcome == SearchOutcome::EnergyRanAway);
    o.method = SaddleMethod::Dimer;
    CHECK(findSaddle(f, x_min, e_min, push, o).outcome == SearchOutcome::EnergyRanAway);
  }
  SUBCASE("no negative curvature within the basin steps") {
    o.artn.max_basin_steps = 1;
    const SaddleRun run = findSaddle(f, x_min, e_min, push, o);
    CHECK(run.outcome == SearchOutcome::ReturnedToStart);
  }
}

TEST_CASE("outcomes: the rules of the refinement") {
  RefineOptions r;
  r.point_dimension = 2;
  r.push_over = 0.02;
  SUBCASE("two negative curvatures: higher-order saddle") {
    Eigen::MatrixXd h = Eigen::Vector3d(-1.0, -2.0, 3.0).asDiagonal();
    test::Quadratic q(h, Eigen::VectorXd::Zero(3));
    r.point_dimension = 1;
    const Refinement ref = refineSaddle(q, handRun(q, Eigen::VectorXd::Zero(3), Eigen::Vector3d(0, 1, 0)),
                                        Eigen::VectorXd::Ones(3), 0.0, r);
    CHECK(ref.outcome == SearchOutcome::HigherOrderSaddle);
    CHECK(ref.second_eigenvalue == doctest::Approx(-1.0).epsilon(1e-6));
  }
  SUBCASE("a side that never stops falling: relaxation failed") {
    Eigen::MatrixXd h = Eigen::Vector2d(-1.0, 3.0).asDiagonal();
    test::Quadratic q(h, Eigen::VectorXd::Zero(2));
    r.relax.max_iterations = 30;
    const Refinement ref =
        refineSaddle(q, handRun(q, Eigen::VectorXd::Zero(2), vec2(1, 0)), Eigen::VectorXd::Ones(2), 0.0, r);
    CHECK(ref.outcome == SearchOutcome::RelaxationFailed);
  }
  test::MullerBrown2D f;
  Eigen::VectorXd g;
  // Saddle 0 joins minima A and C; its unstable direction points from one to the other.
  const Eigen::VectorXd s0 = vec2(-0.822002, 0.624313);
  const Eigen::VectorXd a = vec2(-0.558224, 1.441726), b = vec2(0.623499, 0.028038);
  const Eigen::VectorXd mode = vec2(-0.050011, 0.466694) - a;
  SUBCASE("one side is the start: converged") {
    const Refinement ref = refineSaddle(f, handRun(f, s0, mode), a, f.evaluate(a, g), r);
    CHECK(ref.outcome == SearchOutcome::Converged);
    CHECK(ref.plus_is_start != ref.minus_is_start);
  }
  SUBCASE("neither side is the start: not connected") {
    const Refinement ref = refineSaddle(f, handRun(f, s0, mode), b, f.evaluate(b, g), r);
    CHECK(ref.outcome == SearchOutcome::NotConnected);
  }
  SUBCASE("tolerances so wide that both sides count as the start: returned to start") {
    r.same_distance = 10;
    r.same_energy = 100;
    const Refinement ref = refineSaddle(f, handRun(f, s0, mode), a, f.evaluate(a, g), r);
    CHECK(ref.outcome == SearchOutcome::ReturnedToStart);
  }
}
