// NLopt's L-BFGS (Debian libnlopt-cxx-dev) as the independent reference of
// glassland's own minimisers in the optimize tests.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <nlopt.hpp>
#include <vector>

#include "glassland/optimize/minimize.hpp"

namespace nlopt_reference {

using glassland::Objective;

struct NloptResult {
  double value = 0.0;
  Eigen::VectorXd x;
  long evaluations = 0;
  double fmax = 0.0;  ///< largest |gradient component| at x
};

/// Minimises `f` from `x0` with NLopt's LD_LBFGS until the relative change of
/// the value is at the double-precision floor, then reports the largest
/// gradient component there (glassland's own convergence criterion).
inline NloptResult nloptMinimize(Objective& f, const Eigen::VectorXd& x0) {
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

/// Largest distance between corresponding points of two flat 3D coordinate vectors.
inline double maxPointDistance(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  double worst = 0.0;
  for (Eigen::Index i = 0; i + 3 <= a.size(); i += 3)
    worst = std::max(worst, (a.segment<3>(i) - b.segment<3>(i)).norm());
  return worst;
}

}  // namespace nlopt_reference
