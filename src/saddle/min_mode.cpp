#include "glassland/saddle/min_mode.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <numbers>
#include <vector>

namespace glassland {

Projector::Projector(const Eigen::MatrixXd& basis) {
  // Modified Gram-Schmidt, twice, so that the stored columns are orthonormal to
  // rounding even when the input columns are nearly dependent.
  std::vector<Eigen::VectorXd> kept;
  for (Eigen::Index c = 0; c < basis.cols(); ++c) {
    Eigen::VectorXd v = basis.col(c);
    const double norm0 = v.norm();
    if (norm0 == 0.0) continue;
    for (int pass = 0; pass < 2; ++pass)
      for (const auto& q : kept) v -= q.dot(v) * q;
    const double norm = v.norm();
    if (norm > 1e-10 * norm0) kept.push_back(v / norm);
  }
  basis_.resize(basis.rows(), static_cast<Eigen::Index>(kept.size()));
  for (std::size_t c = 0; c < kept.size(); ++c) basis_.col(static_cast<Eigen::Index>(c)) = kept[c];
}

Projector Projector::translations(Eigen::Index num_atoms) {
  Eigen::MatrixXd basis = Eigen::MatrixXd::Zero(3 * num_atoms, 3);
  for (Eigen::Index i = 0; i < num_atoms; ++i)
    for (int d = 0; d < 3; ++d) basis(3 * i + d, d) = 1.0;
  return Projector(basis);
}

Projector Projector::restrictedTo(const Eigen::VectorXd& mask) {
  Projector p;
  p.mask_ = (mask.array() != 0.0).cast<double>().matrix();
  p.masked_out_ = mask.size() - static_cast<Eigen::Index>(p.mask_.sum());
  return p;
}

Projector Projector::with(const Eigen::VectorXd& direction) const {
  Eigen::MatrixXd basis(direction.size(), basis_.cols() + 1);
  if (basis_.cols() > 0) basis.leftCols(basis_.cols()) = basis_;
  basis.col(basis_.cols()) = mask_.size() ? direction.cwiseProduct(mask_) : direction;
  Projector p(basis);
  p.mask_ = mask_;
  p.masked_out_ = masked_out_;
  return p;
}

void Projector::apply(Eigen::VectorXd& v) const {
  if (mask_.size()) v = v.cwiseProduct(mask_);
  if (basis_.cols() == 0) return;
  v -= basis_ * (basis_.transpose() * v);
}

namespace {

/// Unit vector along P guess; falls back to a fixed generic direction when the
/// guess lies in the projected-out space.
Eigen::VectorXd startDirection(const Eigen::VectorXd& guess, const Projector& projector) {
  Eigen::VectorXd q = projector.projected(guess);
  double norm = q.norm();
  if (!(norm > 1e-12 * std::max(1.0, guess.norm()))) {
    q = Eigen::VectorXd::LinSpaced(guess.size(), 1.0, 2.0);
    projector.apply(q);
    norm = q.norm();
  }
  return q / norm;
}

}  // namespace

LanczosOptions LanczosOptions::fromYaml(OptionsReader& section) {
  LanczosOptions o;
  section.get("min_iterations", o.min_iterations)
      .get("max_iterations", o.max_iterations)
      .get("tolerance", o.tolerance)
      .get("displacement", o.displacement)
      .get("central", o.central);
  if (o.min_iterations < 1) section.failAt("min_iterations", "must be >= 1");
  if (o.max_iterations < o.min_iterations) section.failAt("max_iterations", "must be >= min_iterations");
  if (!(o.tolerance > 0)) section.failAt("tolerance", "must be > 0");
  if (!(o.displacement > 0)) section.failAt("displacement", "must be > 0");
  section.finish();
  return o;
}

MinMode LanczosMinMode::find(Objective& f, const Eigen::VectorXd& x, const Eigen::VectorXd& gradient,
                             const Eigen::VectorXd& guess, const Projector& projector) const {
  const Eigen::Index n = x.size();
  const int kmax = static_cast<int>(std::min<Eigen::Index>(options_.max_iterations, n - projector.rank()));
  MinMode out;
  std::vector<Eigen::VectorXd> q;  // Lanczos vectors
  std::vector<double> alpha, beta;
  q.push_back(startDirection(guess, projector));
  Eigen::VectorXd xd(n), gp(n), gm(n), w(n);
  const double h = options_.displacement;
  double previous = 0.0;
  Eigen::VectorXd ritz;  // coefficients of the lowest Ritz vector
  for (int k = 0; k < std::max(kmax, 1); ++k) {
    // Hessian-vector product by differences of gradients (pARTn; Jay et al. 2022, sec. 2.2).
    xd = x + h * q[k];
    f.evaluate(xd, gp);
    ++out.force_calls;
    if (options_.central) {
      xd = x - h * q[k];
      f.evaluate(xd, gm);
      ++out.force_calls;
      w = (gp - gm) / (2 * h);
    } else {
      w = (gp - gradient) / h;
    }
    projector.apply(w);
    alpha.push_back(q[k].dot(w));
    // Full reorthogonalisation (twice is enough, Parlett): finite-difference
    // products are not exactly symmetric, and the Krylov space is tiny.
    for (int pass = 0; pass < 2; ++pass)
      for (const auto& qi : q) w -= qi.dot(w) * qi;
    projector.apply(w);
    const double b = w.norm();

    const int m = k + 1;
    Eigen::MatrixXd t = Eigen::MatrixXd::Zero(m, m);
    for (int i = 0; i < m; ++i) {
      t(i, i) = alpha[i];
      if (i + 1 < m) t(i, i + 1) = t(i + 1, i) = beta[i];
    }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(t);
    const double theta = eig.eigenvalues()(0);
    ritz = eig.eigenvectors().col(0);
    out.eigenvalue = theta;
    out.iterations = m;
    if (m >= options_.min_iterations && k > 0 &&
        std::abs(theta - previous) <= options_.tolerance * std::abs(theta)) {
      out.converged = true;
      break;
    }
    previous = theta;
    // An invariant subspace: the Ritz pair is exact (up to the FD error).
    if (b <= 1e-10 * std::max(1.0, std::abs(alpha[k]))) {
      out.converged = true;
      break;
    }
    if (m >= kmax) break;
    beta.push_back(b);
    q.push_back(w / b);
  }
  Eigen::VectorXd v = Eigen::VectorXd::Zero(n);
  for (Eigen::Index i = 0; i < ritz.size(); ++i) v += ritz(i) * q[static_cast<std::size_t>(i)];
  projector.apply(v);
  out.vector = v / v.norm();
  return out;
}

DimerRotationOptions DimerRotationOptions::fromYaml(OptionsReader& section) {
  DimerRotationOptions o;
  section.get("separation", o.separation)
      .get("max_rotations", o.max_rotations)
      .get("angle_tolerance", o.angle_tolerance)
      .get("torque_tolerance", o.torque_tolerance);
  if (!(o.separation > 0)) section.failAt("separation", "must be > 0");
  if (o.max_rotations < 1) section.failAt("max_rotations", "must be >= 1");
  if (!(o.angle_tolerance > 0)) section.failAt("angle_tolerance", "must be > 0 (degrees)");
  if (o.torque_tolerance < 0) section.failAt("torque_tolerance", "must be >= 0");
  section.finish();
  return o;
}

MinMode DimerRotationMinMode::find(Objective& f, const Eigen::VectorXd& x, const Eigen::VectorXd& gradient,
                                   const Eigen::VectorXd& guess, const Projector& projector) const {
  const double dr = options_.separation;
  const double tol = options_.angle_tolerance * std::numbers::pi / 180.0;
  MinMode out;
  Eigen::VectorXd n_vec = startDirection(guess, projector);
  Eigen::VectorXd g1(x.size()), g1_trial(x.size());
  f.evaluate(x + dr * n_vec, g1);
  ++out.force_calls;
  // Curvature along N from the image at x + dr N and the centre (the second
  // image, mirrored, has gradient 2 g0 - g1: Heyden et al. 2005, sec. II.A).
  double c0 = (g1 - gradient).dot(n_vec) / dr;
  out.eigenvalue = c0;
  for (int r = 0; r < options_.max_rotations; ++r) {
    Eigen::VectorXd dg = g1 - gradient;
    // Rotational force F_perp = (F1 - F2)_perp = -2 (g1 - g0)_perp.
    Eigen::VectorXd f_rot = -2.0 * (dg - dg.dot(n_vec) * n_vec);
    projector.apply(f_rot);
    f_rot -= f_rot.dot(n_vec) * n_vec;
    const double f_norm = f_rot.norm();
    if (f_norm == 0.0 || f_norm < options_.torque_tolerance) {
      out.converged = true;
      break;
    }
    const Eigen::VectorXd theta = f_rot / f_norm;
    // dC/dphi at phi = 0 is 2 Theta.H.N = 2 b1 (their eq. 13 with C(phi) of eq. 14).
    const double b1 = dg.dot(theta) / dr;
    const double phi1 = -0.5 * std::atan(b1 / std::abs(c0));  // trial angle, their eq. 16
    if (std::abs(phi1) < tol) {
      out.converged = true;
      break;
    }
    Eigen::VectorXd n1 = n_vec * std::cos(phi1) + theta * std::sin(phi1);
    n1.normalize();
    f.evaluate(x + dr * n1, g1_trial);
    ++out.force_calls;
    const double c1 = (g1_trial - gradient).dot(n1) / dr;
    // Fourier fit of the curvature (their eqs. 17-18).
    const double a1 = (c0 - c1 + b1 * std::sin(2 * phi1)) / (1 - std::cos(2 * phi1));
    const double a0 = 2 * (c0 - a1);
    double phi_min = 0.5 * std::atan(b1 / a1);
    double c_min = 0.5 * a0 + a1 * std::cos(2 * phi_min) + b1 * std::sin(2 * phi_min);
    if (c_min > c0) {  // atan picked the maximum of the fit
      phi_min += 0.5 * std::numbers::pi;
      c_min = 0.5 * a0 + a1 * std::cos(2 * phi_min) + b1 * std::sin(2 * phi_min);
    }
    // Image gradient at phi_min interpolated from phi = 0 and phi1 (their eq. 19):
    // no extra force call.
    const double s1 = std::sin(phi1);
    g1 = (std::sin(phi1 - phi_min) / s1) * g1 + (std::sin(phi_min) / s1) * g1_trial +
         (1 - std::cos(phi_min) - std::sin(phi_min) * std::tan(0.5 * phi1)) * gradient;
    n_vec = n_vec * std::cos(phi_min) + theta * std::sin(phi_min);
    projector.apply(n_vec);
    n_vec.normalize();
    c0 = c_min;
    out.eigenvalue = c_min;
    out.iterations = r + 1;
    if (std::abs(phi_min) < tol) {
      out.converged = true;
      break;
    }
  }
  out.vector = n_vec;
  return out;
}

}  // namespace glassland
