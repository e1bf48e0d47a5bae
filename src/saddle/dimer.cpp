// Min-mode following with L-BFGS translation (dimer method; ARTn with Lanczos).
#include "search_steps.hpp"

#include <deque>
#include <numbers>
#include <vector>

namespace glassland::saddle_steps {

namespace {

/// L-BFGS two-loop recursion (Nocedal & Wright, Alg. 7.4): returns -H g.
Eigen::VectorXd lbfgsDirection(const Eigen::VectorXd& g, const std::deque<Eigen::VectorXd>& s,
                               const std::deque<Eigen::VectorXd>& y, double gamma0) {
  Eigen::VectorXd q = -g;
  const std::size_t m = s.size();
  std::vector<double> alpha(m), rho(m);
  for (std::size_t i = m; i-- > 0;) {
    rho[i] = 1.0 / y[i].dot(s[i]);
    alpha[i] = rho[i] * s[i].dot(q);
    q -= alpha[i] * y[i];
  }
  const double gamma = m ? s.back().dot(y.back()) / y.back().squaredNorm() : gamma0;
  q *= gamma;
  for (std::size_t i = 0; i < m; ++i) {
    const double beta = rho[i] * y[i].dot(q);
    q += (alpha[i] - beta) * s[i];
  }
  return q;
}

}  // namespace

// Min-mode following with L-BFGS translation on the modified force
// F+ = F - 2 (F.N) N (Kaestner & Sherwood, JCP 128, 014106 (2008)): the dimer
// method (Henkelman & Jonsson, JCP 111, 7010 (1999)) when `finder` is the
// improved dimer rotation (Heyden et al. 2005), ARTn's default convergence
// (EON's Lanczos min-mode method) when it is Lanczos. Where the curvature is
// non-negative again, an activation step as in ARTn, with the L-BFGS memory reset.
void convergeDimer(Counted& f, const Eigen::VectorXd& x_min, const SaddleSearchOptions& o,
                   const Projector& projector, const MinModeFinder& finder, PerpRelax& relaxer,
                   SaddleRun& run, Tracker& t, int mode_interval) {
  const DimerOptions& dm = o.dimer;
  std::deque<Eigen::VectorXd> s_hist, y_hist;
  Eigen::VectorXd x_prev, gd_prev;
  bool have_prev = false;
  int lost = 0;
  Eigen::VectorXd d;
  const double cos_reset = std::cos(dm.reset_angle * std::numbers::pi / 180.0);
  auto forget = [&] {
    s_hist.clear();
    y_hist.clear();
    have_prev = false;
  };
  int since_mode = 0;  // iterations since the min mode was last computed
  for (bool first = true;; first = false) {
    ++run.iterations;
    const Eigen::VectorXd n_old = run.mode.vector;
    // The mode is refreshed every mode_interval iterations, whenever the
    // curvature was not negative, and before convergence is declared: with the
    // mode held, the modified force is the same function between refreshes, so
    // the L-BFGS pairs stay consistent (finite-difference modes computed anew
    // each step differ by their noise, and the translation stalls near 1e-2).
    const bool converged_force = maxAbs(t.g) < o.fmax;
    if (!first && (++since_mode >= mode_interval || run.mode.eigenvalue >= 0 || converged_force)) {
      run.mode = finder.find(f, t.x, t.g, n_old, t.modes);
      since_mode = 0;
      if (!t.withinLimits()) return;
    }
    trace(o, "converge", run, t);
    if (checkConverged(o, run, t)) return;
    const Eigen::VectorXd& n = run.mode.vector;
    const double c = run.mode.eigenvalue;
    if (std::abs(n.dot(n_old)) < cos_reset) forget();
    Eigen::VectorXd step;
    if (c < 0) {
      Eigen::VectorXd gd = t.g - 2 * t.g.dot(n) * n;
      projector.apply(gd);
      if (have_prev) {
        const Eigen::VectorXd s = t.x - x_prev, y = gd - gd_prev;
        if (s.dot(y) > 1e-12 * s.norm() * y.norm()) {
          s_hist.push_back(s);
          y_hist.push_back(y);
          if (static_cast<int>(s_hist.size()) > dm.memory) {
            s_hist.pop_front();
            y_hist.pop_front();
          }
        } else {
          forget();
        }
      }
      // With no memory: a Newton step for the mode's curvature.
      const double gamma0 = 1.0 / std::max(-c, o.artn.min_curvature);
      step = lbfgsDirection(gd, s_hist, y_hist, gamma0);
      if (step.dot(-gd) <= 0) {
        forget();
        step = -gamma0 * gd;
      }
      x_prev = t.x;
      gd_prev = gd;
      have_prev = true;
    } else {
      // As in ARTn: an activation step, not a climb along a positive mode.
      if (!stillNegative(lost, o.artn.max_lost_steps, run)) return;
      forget();
      if (!basinStep(t, x_min, d, relaxer, o.artn, projector)) return;
      continue;
    }
    projector.apply(step);
    const double norm = step.norm();
    if (norm > dm.max_step) step *= dm.max_step / norm;
    t.x += step;
    if (!t.eval()) return;
  }
}

}  // namespace glassland::saddle_steps
