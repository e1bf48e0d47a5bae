// Minimisers on analytic objectives: exact minima known in closed form or
// tabulated (Müller–Brown, tests/data/lammps/README.md).

#include <doctest/doctest.h>

#include <Eigen/Cholesky>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "glassland/core/error.hpp"
#include "glassland/optimize/minimize.hpp"

using namespace glassland;

namespace {

/// f = 1/2 x^T A x - b^T x with A symmetric positive definite: minimum A^-1 b.
class Quadratic final : public Objective {
 public:
  Quadratic(Eigen::MatrixXd a, Eigen::VectorXd b) : a_(std::move(a)), b_(std::move(b)) {}
  Eigen::Index dimension() const override { return b_.size(); }
  double evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
    ++calls;
    g = a_ * x - b_;
    return 0.5 * x.dot(a_ * x) - b_.dot(x);
  }
  long calls = 0;

 private:
  Eigen::MatrixXd a_;
  Eigen::VectorXd b_;
};

/// Rosenbrock's banana, minimum 0 at (1, 1).
class Rosenbrock final : public Objective {
 public:
  Eigen::Index dimension() const override { return 2; }
  double evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
    const double u = 1.0 - x[0], w = x[1] - x[0] * x[0];
    g.resize(2);
    g[0] = -2.0 * u - 400.0 * x[0] * w;
    g[1] = 200.0 * w;
    return u * u + 100.0 * w * w;
  }
};

/// Müller & Brown, Theor. Chim. Acta 53, 75 (1979): four Gaussians.
class MullerBrown final : public Objective {
 public:
  Eigen::Index dimension() const override { return 2; }
  double evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
    static constexpr double A[4] = {-200, -100, -170, 15}, a[4] = {-1, -1, -6.5, 0.7}, b[4] = {0, 0, 11, 0.6},
                            c[4] = {-10, -10, -6.5, 0.7}, x0[4] = {1, 0, -0.5, -1}, y0[4] = {0, 0.5, 1.5, 1};
    double e = 0.0;
    g.setZero(2);
    for (int k = 0; k < 4; ++k) {
      const double dx = x[0] - x0[k], dy = x[1] - y0[k];
      const double t = A[k] * std::exp(a[k] * dx * dx + b[k] * dx * dy + c[k] * dy * dy);
      e += t;
      g[0] += t * (2 * a[k] * dx + b[k] * dy);
      g[1] += t * (b[k] * dx + 2 * c[k] * dy);
    }
    return e;
  }
};

/// (x - 2)^2 per coordinate, but NaN beyond x = 1.5 (or everywhere).
class NanBeyond final : public Objective {
 public:
  explicit NanBeyond(double limit) : limit_(limit) {}
  Eigen::Index dimension() const override { return 1; }
  double evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
    ++calls;
    g.resize(1);
    if (!(x[0] < limit_)) {
      g[0] = std::numeric_limits<double>::quiet_NaN();
      return std::numeric_limits<double>::quiet_NaN();
    }
    g[0] = 2.0 * (x[0] - 2.0);
    return (x[0] - 2.0) * (x[0] - 2.0);
  }
  long calls = 0;

 private:
  double limit_;
};

/// A quadratic whose value carries deterministic noise of amplitude 1e-6 while
/// its gradient stays exact: energy-based line searches fail once the decrease
/// per step drops below the noise, as with a glass's total energy near 1e-8.
class NoisyQuadratic final : public Objective {
 public:
  Eigen::Index dimension() const override { return 3; }
  double evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
    const Eigen::Vector3d k(1.0, 4.0, 9.0);
    g = k.cwiseProduct(x);
    return 0.5 * x.dot(g) + 1e-6 * std::sin(1e9 * x.sum());
  }
};

MinimizeOptions options(MinimizeMethod method, double fmax) {
  MinimizeOptions o;
  o.method = method;
  o.fmax = fmax;
  return o;
}

const MinimizeMethod kMethods[] = {MinimizeMethod::Fire, MinimizeMethod::Lbfgs};

std::string name(MinimizeMethod m) { return std::string(methodName(m)); }

}  // namespace

TEST_CASE("minimize: quadratic reaches the exact minimum A^-1 b") {
  Eigen::MatrixXd a(4, 4);
  a << 4, 1, 0, 0.5,   //
      1, 3, 0.2, 0,    //
      0, 0.2, 2, 0.1,  //
      0.5, 0, 0.1, 1;
  Eigen::VectorXd b(4);
  b << 1, -2, 0.5, 3;
  const Eigen::VectorXd exact = a.llt().solve(b);
  for (MinimizeMethod m : kMethods) {
    const std::string method_name = name(m);
    CAPTURE(method_name);
    Quadratic q(a, b);
    Eigen::VectorXd x = Eigen::VectorXd::Zero(4);
    const MinimizeResult r = minimize(q, x, options(m, 1e-10));
    CHECK(r.converged);
    CHECK(r.reason == StopReason::Converged);
    CHECK(r.fmax < 1e-10);
    CHECK(r.force_calls == q.calls);
    // |x - x*| <= |g| / lambda_min, lambda_min > 0.5 here.
    CHECK((x - exact).lpNorm<Eigen::Infinity>() < 1e-9);
    CHECK(r.value == doctest::Approx(-0.5 * b.dot(exact)).epsilon(1e-12));
    MESSAGE(name(m), ": ", r.iterations, " iterations, ", r.force_calls, " force calls");
  }
}

TEST_CASE("minimize: Rosenbrock converges to (1, 1)") {
  for (MinimizeMethod m : kMethods) {
    const std::string method_name = name(m);
    CAPTURE(method_name);
    Rosenbrock f;
    Eigen::VectorXd x(2);
    x << -1.2, 1.0;
    const MinimizeResult r = minimize(f, x, options(m, 1e-9));
    REQUIRE(r.converged);
    CHECK(std::abs(x[0] - 1.0) < 1e-6);
    CHECK(std::abs(x[1] - 1.0) < 1e-6);
    MESSAGE(name(m), ": ", r.iterations, " iterations, ", r.force_calls, " force calls");
  }
}

TEST_CASE("minimize: Muller-Brown minima from nearby starts") {
  struct Ref {
    double x, y, e;
  };
  const Ref minima[] = {{-0.558224, 1.441726, -146.699517},
                        {0.623499, 0.028038, -108.166724},
                        {-0.050011, 0.466694, -80.767818}};
  for (MinimizeMethod m : kMethods) {
    for (const Ref& ref : minima) {
      const std::string method_name = name(m);
      CAPTURE(method_name);
      CAPTURE(ref.x);
      MullerBrown f;
      Eigen::VectorXd x(2);
      x << ref.x + 0.05, ref.y - 0.04;
      MinimizeOptions o = options(m, 1e-8);
      o.max_step = 0.02;
      o.fire.dt = 0.002;
      o.fire.dt_max = 0.01;
      const MinimizeResult r = minimize(f, x, o);
      REQUIRE(r.converged);
      // The reference is rounded to 1e-6.
      CHECK(std::abs(x[0] - ref.x) < 1.5e-6);
      CHECK(std::abs(x[1] - ref.y) < 1.5e-6);
      CHECK(r.value == doctest::Approx(ref.e).epsilon(1e-8));
    }
  }
}

TEST_CASE("minimize: max_iterations = 0 evaluates once and takes no step") {
  for (MinimizeMethod m : kMethods) {
    Rosenbrock f;
    Eigen::VectorXd x(2);
    x << -1.2, 1.0;
    MinimizeOptions o = options(m, 1e-6);
    o.max_iterations = 0;
    const MinimizeResult r = minimize(f, x, o);
    CHECK(r.reason == StopReason::SinglePoint);
    CHECK_FALSE(r.converged);
    CHECK(r.iterations == 0);
    CHECK(r.force_calls == 1);
    CHECK(x[0] == -1.2);
    CHECK(x[1] == 1.0);
    CHECK(r.value == doctest::Approx(24.2));  // (2.2)^2 + 100 (1 - 1.44)^2
    CHECK(r.gradient.size() == 2);
    CHECK(r.fmax == doctest::Approx(215.6));  // |dF/dx| = |-4.4 - 400(-1.2)(-0.44)|
  }
}

TEST_CASE("minimize: max_iterations bounds the steps") {
  for (MinimizeMethod m : kMethods) {
    Rosenbrock f;
    Eigen::VectorXd x(2);
    x << -1.2, 1.0;
    MinimizeOptions o = options(m, 1e-12);
    o.max_iterations = 7;
    const MinimizeResult r = minimize(f, x, o);
    CHECK(r.reason == StopReason::MaxIterations);
    CHECK_FALSE(r.converged);
    CHECK(r.iterations == 7);
    CHECK(r.force_calls >= 8);
  }
}

TEST_CASE("minimize: the criterion is the largest component, not the norm") {
  const int n = 100;
  for (MinimizeMethod m : kMethods) {
    Quadratic q(Eigen::MatrixXd::Identity(n, n), Eigen::VectorXd::Zero(n));
    // Every component 5e-7: the norm is 5e-6, the largest component below 1e-6.
    Eigen::VectorXd x = Eigen::VectorXd::Constant(n, 5e-7);
    MinimizeResult r = minimize(q, x, options(m, 1e-6));
    CHECK(r.reason == StopReason::Converged);
    CHECK(r.iterations == 0);
    CHECK(r.fmax == doctest::Approx(5e-7));
    // One component 2e-6: must move although it is the only one.
    x.setZero();
    x[17] = 2e-6;
    r = minimize(q, x, options(m, 1e-6));
    CHECK(r.converged);
    CHECK(r.iterations >= 1);
    CHECK(std::abs(x[17]) < 1e-6);
  }
}

TEST_CASE("minimize: a non-finite objective stops with a clear reason") {
  for (MinimizeMethod m : kMethods) {
    const std::string method_name = name(m);
    CAPTURE(method_name);
    {
      NanBeyond f(-1e300);  // NaN everywhere
      Eigen::VectorXd x = Eigen::VectorXd::Zero(1);
      const MinimizeResult r = minimize(f, x, options(m, 1e-8));
      CHECK(r.reason == StopReason::NonFinite);
      CHECK_FALSE(r.converged);
      CHECK(r.force_calls == 1);
      CHECK(r.message.find("start point") != std::string::npos);
    }
    {
      // The minimum at x = 2 lies in the NaN region: the minimiser must end
      // at a finite point below 1.5, not converged, without running to max_iterations.
      NanBeyond f(1.5);
      Eigen::VectorXd x = Eigen::VectorXd::Zero(1);
      const MinimizeResult r = minimize(f, x, options(m, 1e-8));
      MESSAGE(name(m), ": ", r.message, " after ", r.force_calls, " calls");
      CHECK_FALSE(r.converged);
      CHECK(r.reason != StopReason::MaxIterations);
      CHECK(std::isfinite(r.value));
      CHECK(x[0] < 1.5);
      CHECK(x[0] > 1.4);
      CHECK(r.value == doctest::Approx((x[0] - 2) * (x[0] - 2)));
    }
  }
}

TEST_CASE("minimize: L-BFGS falls back to FIRE when no line search can succeed") {
  NoisyQuadratic f;
  Eigen::VectorXd x(3);
  x << 1.0, -1.0, 0.5;
  MinimizeOptions o = options(MinimizeMethod::Lbfgs, 1e-9);
  const MinimizeResult r = minimize(f, x, o);
  CHECK(r.converged);
  CHECK(r.message.find("continued with FIRE") != std::string::npos);
  CHECK(x.lpNorm<Eigen::Infinity>() < 1e-9);

  x << 1.0, -1.0, 0.5;
  o.lbfgs.fire_fallback = false;
  const MinimizeResult r2 = minimize(f, x, o);
  CHECK_FALSE(r2.converged);
  CHECK(r2.reason == StopReason::LineSearchFailed);
  CHECK(r2.fmax > 1e-9);
}

TEST_CASE("minimize: progress callback sees every step and can stop the run") {
  for (MinimizeMethod m : kMethods) {
    Rosenbrock f;
    Eigen::VectorXd x(2);
    x << -1.2, 1.0;
    std::vector<long> seen;
    const MinimizeResult r = minimize(f, x, options(m, 1e-9), [&](const MinimizeProgress& p) {
      seen.push_back(p.iteration);
      CHECK(std::isfinite(p.value));
      CHECK(p.fmax >= 0.0);
      return p.iteration < 5;
    });
    CHECK(r.reason == StopReason::Interrupted);
    CHECK(r.iterations == 5);
    CHECK(seen == std::vector<long>{1, 2, 3, 4, 5});
  }
}

TEST_CASE("minimize: a start point of the wrong size is an error") {
  Rosenbrock f;
  Eigen::VectorXd x(3);
  CHECK_THROWS_AS(minimize(f, x, MinimizeOptions{}), Error);
}

TEST_CASE("minimize options: YAML keys, defaults, validation") {
  {
    YAML::Node node = YAML::Load(
        "method: lbfgs\nfmax: 1.0e-8\nmax_iterations: 500\nmax_step: 0.05\n"
        "fire: {dt: 0.002, n_delay: 10}\nlbfgs: {memory: 7, fire_fallback: false}\n");
    OptionsReader reader(node, "minimize", "c.yaml");
    const MinimizeOptions o = MinimizeOptions::fromYaml(reader);
    CHECK(o.method == MinimizeMethod::Lbfgs);
    CHECK(o.fmax == 1e-8);
    CHECK(o.max_iterations == 500);
    CHECK(o.max_step == 0.05);
    CHECK(o.fire.dt == 0.002);
    CHECK(o.fire.n_delay == 10);
    CHECK(o.fire.dt_max == MinimizeOptions{}.fire.dt_max);
    CHECK(o.lbfgs.memory == 7);
    CHECK_FALSE(o.lbfgs.fire_fallback);
  }
  {
    OptionsReader reader(YAML::Node(), "minimize", "c.yaml");
    const MinimizeOptions o = MinimizeOptions::fromYaml(reader);
    CHECK(o.method == MinimizeMethod::Fire);
    CHECK(o.fmax == 1e-6);
    CHECK(o.max_iterations == 100000);
  }
  auto fails = [](const char* yaml, const char* what) {
    YAML::Node node = YAML::Load(yaml);
    OptionsReader reader(node, "minimize", "c.yaml");
    CHECK_THROWS_WITH_AS(MinimizeOptions::fromYaml(reader), doctest::Contains(what), InputError);
  };
  fails("method: cg\n", "c.yaml:1: key 'minimize.method': unknown method 'cg' (valid: fire, lbfgs)");
  fails("fmax: 0.001\nfmaks: 1\n", "c.yaml:2: unknown key 'minimize.fmaks'");
  fails("fire: {dtt: 1}\n", "unknown key 'minimize.fire.dtt'");
  fails("lbfgs: {memory: 0}\n", "minimize.lbfgs.memory");
  fails("fmax: -1\n", "minimize.fmax");
  fails("max_iterations: -3\n", "minimize.max_iterations");
  fails("fire: {dt: 0.5, dt_max: 0.1}\n", "minimize.fire.dt_max");
}

TEST_CASE("minimize: every stop reason has its own text") {
  const StopReason all[] = {StopReason::Converged,        StopReason::SinglePoint, StopReason::MaxIterations,
                            StopReason::LineSearchFailed, StopReason::NonFinite,   StopReason::Stalled,
                            StopReason::Interrupted};
  std::vector<std::string> texts;
  for (StopReason r : all) {
    const std::string t(stopReasonText(r));
    CHECK_FALSE(stopReasonName(r).empty());
    CHECK_FALSE(t.empty());
    for (const auto& other : texts) CHECK(t != other);
    texts.push_back(t);
  }
}
