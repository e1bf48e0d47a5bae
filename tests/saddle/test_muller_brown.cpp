#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "glassland/saddle/saddle_search.hpp"
#include "surfaces.hpp"

using namespace glassland;

namespace {

struct Point {
  double x, y, e;
};
// Published stationary points (tests/data/lammps/README.md).
const Point kMinima[3] = {
    {-0.558224, 1.441726, -146.699517}, {0.623499, 0.028038, -108.166724}, {-0.050011, 0.466694, -80.767818}};
const Point kSaddles[2] = {{-0.822002, 0.624313, -40.664844}, {0.212487, 0.292988, -72.248940}};
// Saddles adjacent to each minimum: A-C through saddle 0, C-B through saddle 1.
const std::vector<int> kAdjacent[3] = {{0}, {1}, {0, 1}};

/// Options scaled to the Mueller-Brown surface (curvatures ~1e2..1e4, basins ~0.5 wide).
SaddleSearchOptions mbOptions(SaddleMethod method) {
  SaddleSearchOptions o;
  o.method = method;
  o.fmax = 1e-6;
  o.max_force_calls = 3000;
  o.max_energy_rise = 200;
  o.artn.basin_step = 0.02;
  o.artn.max_mode_step = 0.05;
  o.artn.eigenvalue_threshold = -1.0;
  o.artn.max_basin_steps = 100;
  o.artn.min_curvature = 1.0;
  // On this 2-D surface the fixed push direction reaches both saddles from
  // every minimum; following the displacement from the minimum (the atomistic
  // default) bends into the wall above the deepest minimum.
  o.artn.follow_displacement = false;
  o.artn.climb_mode = false;
  // Barriers here are tens of energy units: no early stop of the activation.
  o.artn.basin_max_rise = std::numeric_limits<double>::infinity();
  o.dimer.max_step = 0.05;
  o.perp.initial_step = 1e-4;
  o.perp.max_step = 1e-2;
  o.perp.max_move = 0.01;
  o.lanczos.displacement = 1e-5;
  o.rotation.separation = 1e-4;
  o.rotation.angle_tolerance = 0.5;
  return o;
}

RefineOptions mbRefine() {
  RefineOptions r;
  r.point_dimension = 2;
  r.push_over = 0.02;
  r.relax.fmax = 1e-7;
  r.lanczos.displacement = 1e-5;
  return r;
}

/// Minimum of the surface nearest to (x, y), polished from the published value.
Eigen::VectorXd polishedMinimum(test::MullerBrown2D& f, const Point& p, double& value) {
  Eigen::VectorXd x(2);
  x << p.x, p.y;
  MinimizeOptions o;
  o.method = MinimizeMethod::Lbfgs;
  o.fmax = 1e-9;
  const MinimizeResult r = minimize(f, x, o);
  REQUIRE(r.converged);
  value = r.value;
  return x;
}

}  // namespace

TEST_CASE("Mueller-Brown: ARTn and dimer find the saddles adjacent to each minimum") {
  struct Variant {
    SaddleMethod method;
    ArtnConvergence convergence;
  };
  for (const Variant variant : {Variant{SaddleMethod::Artn, ArtnConvergence::Lbfgs},
                                Variant{SaddleMethod::Artn, ArtnConvergence::Perpendicular},
                                Variant{SaddleMethod::Dimer, ArtnConvergence::Lbfgs}}) {
    const SaddleMethod method = variant.method;
    CAPTURE(methodName(method));
    CAPTURE(static_cast<int>(variant.convergence));
    for (int m = 0; m < 3; ++m) {
      CAPTURE(m);
      test::MullerBrown2D f;
      double e0 = 0;
      const Eigen::VectorXd x0 = polishedMinimum(f, kMinima[m], e0);
      CHECK(x0(0) == doctest::Approx(kMinima[m].x).epsilon(0).scale(1).epsilon(2e-6));
      CHECK(e0 == doctest::Approx(kMinima[m].e).epsilon(0).scale(1).epsilon(1e-6));
      std::vector<bool> found(2, false);
      int converged = 0;
      // Pushes in 12 directions, as a search campaign would (random directions
      // replaced by a fixed fan so the test is exhaustive and deterministic).
      for (int k = 0; k < 12; ++k) {
        const double angle = 2 * std::numbers::pi * k / 12.0;
        Eigen::VectorXd push(2);
        push << 0.05 * std::cos(angle), 0.05 * std::sin(angle);
        SaddleSearchOptions options = mbOptions(method);
        options.artn.convergence = variant.convergence;
        const SaddleRun run = findSaddle(f, x0, e0, push, options);
        if (run.outcome != SearchOutcome::Converged) {
          MESSAGE(methodName(method) << " from minimum " << m << " push " << k << ": "
                                     << outcomeName(run.outcome) << " " << run.message << " at "
                                     << run.x.transpose() << " calls " << run.force_calls);
          continue;
        }
        const Refinement ref = refineSaddle(f, run, x0, e0, mbRefine());
        if (ref.outcome != SearchOutcome::Converged) continue;
        ++converged;
        int which = -1;
        for (int s = 0; s < 2; ++s)
          if (std::hypot(run.x(0) - kSaddles[s].x, run.x(1) - kSaddles[s].y) < 1e-3) which = s;
        REQUIRE(which >= 0);  // every connected saddle is one of the two known ones
        CHECK(std::abs(run.x(0) - kSaddles[which].x) < 1e-5);
        CHECK(std::abs(run.x(1) - kSaddles[which].y) < 1e-5);
        CHECK(std::abs(run.value - kSaddles[which].e) < 1e-6);
        CHECK(run.mode.eigenvalue < 0);
        CHECK(ref.second_eigenvalue > 0);
        found[which] = true;
        MESSAGE(methodName(method) << " from minimum " << m << " push " << k << ": saddle " << which << " in "
                                   << run.force_calls << " force calls");
      }
      CHECK(converged > 0);
      for (int s : kAdjacent[m]) CHECK_MESSAGE(found[s], "saddle " << s << " not found from minimum " << m);
    }
  }
}
