// glassland's own L-BFGS against an independent one, NLopt's, on an analytic
// case. The glass case (same minimum as FIRE, L-BFGS and LAMMPS) is in
// test_relax.cpp.

#include <doctest/doctest.h>

#include <random>

#include "glassland/optimize/minimize.hpp"
#include "nlopt_reference.hpp"

using namespace glassland;
using nlopt_reference::nloptMinimize;

TEST_CASE("NLopt's L-BFGS and glassland's L-BFGS agree on the extended Rosenbrock function") {
  // f = sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, minimum 0 at (1, ..., 1):
  // an analytic answer both must reach from the same start.
  struct Rosenbrock final : Objective {
    Eigen::Index n;
    explicit Rosenbrock(Eigen::Index dim) : n(dim) {}
    Eigen::Index dimension() const override { return n; }
    double evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
      g = Eigen::VectorXd::Zero(n);
      double v = 0.0;
      for (Eigen::Index i = 0; i + 1 < n; ++i) {
        const double a = x(i + 1) - x(i) * x(i), b = 1.0 - x(i);
        v += 100 * a * a + b * b;
        g(i) += -400 * a * x(i) - 2 * b;
        g(i + 1) += 200 * a;
      }
      return v;
    }
  } f(12);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-0.5, 1.5);
  Eigen::VectorXd x0(12);
  for (Eigen::Index i = 0; i < x0.size(); ++i) x0(i) = u(rng);
  const nlopt_reference::NloptResult ref = nloptMinimize(f, x0);
  CHECK(ref.value < 1e-16);
  CHECK((ref.x.array() - 1.0).abs().maxCoeff() < 1e-7);

  MinimizeOptions o;
  o.method = MinimizeMethod::Lbfgs;
  o.fmax = 1e-10;
  Eigen::VectorXd x = x0;
  const MinimizeResult r = minimize(f, x, o);
  REQUIRE(r.converged);
  CHECK((x - ref.x).cwiseAbs().maxCoeff() < 1e-7);
  CHECK(std::abs(r.value - ref.value) < 1e-15);
}
