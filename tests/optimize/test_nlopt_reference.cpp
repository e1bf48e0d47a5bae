// glassland's own minimisers (FIRE, L-BFGS) against an independent one: NLopt's
// L-BFGS (Nocedal's low-storage BFGS as packaged by NLopt, Debian
// libnlopt-cxx-dev). Same objective, same start: the same minimum, to the
// tolerance of the stopping rules; the LAMMPS minimum of the glass is the
// third, independent check (tests/data/lammps/README.md).

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <nlopt.hpp>
#include <random>
#include <string>

#include "glassland/core/units.hpp"
#include "glassland/io/io.hpp"
#include "glassland/optimize/energy_objective.hpp"
#include "glassland/potential/registry.hpp"

using namespace glassland;

namespace {

struct NloptResult {
  double value = 0.0;
  Eigen::VectorXd x;
  long evaluations = 0;
  double fmax = 0.0;  ///< largest |gradient component| at x
};

/// Minimises `f` from `x0` with NLopt's LD_LBFGS until the relative change of
/// the value is at the double-precision floor, then reports the largest
/// gradient component there (glassland's own convergence criterion).
NloptResult nloptMinimize(Objective& f, const Eigen::VectorXd& x0) {
  struct Data {
    Objective* f;
    long calls = 0;
  } data{&f};
  nlopt::opt opt(nlopt::LD_LBFGS, static_cast<unsigned>(x0.size()));
  opt.set_min_objective(
      [](const std::vector<double>& x, std::vector<double>& grad, void* p) {
        auto* d = static_cast<Data*>(p);
        ++d->calls;
        Eigen::VectorXd g;
        const double v =
            d->f->evaluate(Eigen::Map<const Eigen::VectorXd>(x.data(), Eigen::Index(x.size())), g);
        if (!grad.empty()) Eigen::Map<Eigen::VectorXd>(grad.data(), g.size()) = g;
        return v;
      },
      &data);
  opt.set_ftol_rel(1e-16);
  opt.set_xtol_rel(1e-14);
  opt.set_maxeval(200000);
  std::vector<double> x(x0.data(), x0.data() + x0.size());
  double value = 0.0;
  try {
    opt.optimize(x, value);
  } catch (const nlopt::roundoff_limited&) {
    // The tolerances are below what doubles resolve: NLopt stops where the
    // value no longer changes, which is the point to compare.
  }
  NloptResult r;
  r.x = Eigen::Map<const Eigen::VectorXd>(x.data(), Eigen::Index(x.size()));
  Eigen::VectorXd g;
  r.value = f.evaluate(r.x, g);
  r.fmax = g.cwiseAbs().maxCoeff();
  r.evaluations = data.calls;
  return r;
}

double maxPointDistance(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  double worst = 0.0;
  for (Eigen::Index i = 0; i + 3 <= a.size(); i += 3)
    worst = std::max(worst, (a.segment<3>(i) - b.segment<3>(i)).norm());
  return worst;
}

}  // namespace

TEST_CASE("NLopt's L-BFGS and glassland's FIRE and L-BFGS reach the same glass minimum as LAMMPS") {
  const std::vector<std::string> species{"A", "B"};
  const Structure quenched =
      io::readStructure(std::string(GLASSLAND_TEST_DATA) + "/ka1000_quenched.data", species);
  auto ka = makePotential(
      OptionsReader(YAML::Load("type: lj\npreset: kob-andersen\nshift: force\n"), "potential", "test"),
      species, Units::lj(), ".");

  Structure start = quenched;
  EnergyObjective reference_objective(*ka, start);
  const NloptResult ref = nloptMinimize(reference_objective, reference_objective.coordinates());
  MESSAGE("NLopt LD_LBFGS: E/N = ", ref.value / quenched.size(), ", fmax ", ref.fmax, ", ", ref.evaluations,
          " evaluations");
  // tests/data/lammps/README.md: the LAMMPS lj/smooth/linear minimum, E/N = -6.8085213028.
  CHECK(std::abs(ref.value / quenched.size() - -6.8085213028) < 1e-9);
  CHECK(ref.fmax < 1e-6);

  for (MinimizeMethod m : {MinimizeMethod::Fire, MinimizeMethod::Lbfgs}) {
    const std::string name(methodName(m));
    CAPTURE(name);
    Structure s = quenched;
    MinimizeOptions o;
    o.method = m;
    o.fmax = 1e-8;
    const MinimizeResult r = relax(*ka, s, o);
    REQUIRE(r.converged);
    const Eigen::VectorXd x = Eigen::Map<const Eigen::VectorXd>(s.positions.data(), s.positions.size());
    CHECK(std::abs(r.value - ref.value) < 1e-9 * std::abs(ref.value));
    CHECK(maxPointDistance(x, ref.x) < 1e-5);
    MESSAGE(name, ": ", r.force_calls, " force calls against NLopt's ", ref.evaluations);
  }
}

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
  const NloptResult ref = nloptMinimize(f, x0);
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
