#include <doctest/doctest.h>

#include <Eigen/Eigenvalues>
#include <random>

#include "glassland/saddle/min_mode.hpp"
#include "surfaces.hpp"

using namespace glassland;

namespace {

/// A symmetric matrix with eigenvalues `lambda` and a random orthonormal basis.
Eigen::MatrixXd matrixWithSpectrum(const Eigen::VectorXd& lambda, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  const Eigen::Index n = lambda.size();
  Eigen::MatrixXd m(n, n);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = normal(rng);
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(m);
  Eigen::MatrixXd q = qr.householderQ();
  return q * lambda.asDiagonal() * q.transpose();
}

}  // namespace

TEST_CASE("min mode: Lanczos and dimer rotation find the lowest eigenpair of a quadratic") {
  Eigen::VectorXd lambda(8);
  lambda << -1.7, 0.9, 2.0, 3.5, 5.0, 8.0, 12.0, 20.0;
  const Eigen::MatrixXd h = matrixWithSpectrum(lambda, 7);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> exact(h);
  const Eigen::VectorXd v_exact = exact.eigenvectors().col(0);
  test::Quadratic f(h, Eigen::VectorXd::LinSpaced(8, -1, 1));
  Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(8, 0.3, -0.2), g;
  f.evaluate(x, g);
  const Eigen::VectorXd guess = Eigen::VectorXd::Ones(8);

  SUBCASE("Lanczos") {
    LanczosOptions o;
    o.tolerance = 1e-10;
    o.max_iterations = 8;
    const MinMode m = LanczosMinMode(o).find(f, x, g, guess, {});
    // Gradients of a quadratic are linear: the FD products are exact to rounding.
    CHECK(m.eigenvalue == doctest::Approx(-1.7).epsilon(1e-8));
    CHECK(std::abs(m.vector.dot(v_exact)) == doctest::Approx(1.0).epsilon(1e-8));
    CHECK(m.force_calls == m.iterations);
  }
  SUBCASE("Lanczos with central differences counts two calls per product") {
    LanczosOptions o;
    o.tolerance = 1e-10;
    o.max_iterations = 8;
    o.central = true;
    const MinMode m = LanczosMinMode(o).find(f, x, g, guess, {});
    CHECK(m.eigenvalue == doctest::Approx(-1.7).epsilon(1e-8));
    CHECK(m.force_calls == 2 * m.iterations);
  }
  SUBCASE("improved dimer rotation") {
    DimerRotationOptions o;
    o.max_rotations = 100;
    o.angle_tolerance = 1e-4;
    const MinMode m = DimerRotationMinMode(o).find(f, x, g, guess, {});
    CHECK(m.eigenvalue == doctest::Approx(-1.7).epsilon(1e-6));
    CHECK(std::abs(m.vector.dot(v_exact)) == doctest::Approx(1.0).epsilon(1e-6));
    CHECK(m.converged);
  }
  SUBCASE("deflation gives the second eigenvalue") {
    LanczosOptions o;
    o.tolerance = 1e-10;
    o.max_iterations = 8;
    const Projector p = Projector().with(v_exact);
    const MinMode m = LanczosMinMode(o).find(f, x, g, guess, p);
    CHECK(m.eigenvalue == doctest::Approx(0.9).epsilon(1e-8));
    CHECK(std::abs(m.vector.dot(v_exact)) < 1e-10);
  }
}

TEST_CASE("min mode: translations are projected out") {
  // Two atoms joined by a spring along x (k = 4), free in a periodic box:
  // Hessian eigenvalues 0 (x3 translations), 0 (y, z relative), 8 (stretch).
  // Add a tilt so the lowest non-translational mode is negative: a small
  // negative-stiffness coupling in y.
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(6, 6);
  auto couple = [&](int d, double k) {
    h(d, d) += k;
    h(3 + d, 3 + d) += k;
    h(d, 3 + d) -= k;
    h(3 + d, d) -= k;
  };
  couple(0, 4.0);
  couple(1, -0.5);  // relative y motion: eigenvalue -1
  couple(2, 1.0);   // relative z motion: eigenvalue 2
  test::Quadratic f(h, Eigen::VectorXd::Zero(6));
  Eigen::VectorXd x = Eigen::VectorXd::Zero(6), g;
  f.evaluate(x, g);
  Eigen::VectorXd guess(6);
  guess << 1, 1.2, 1, 1, 1, 0.5;  // mostly translation
  const Projector p = Projector::translations(2);
  CHECK(p.rank() == 3);
  LanczosOptions o;
  o.tolerance = 1e-10;
  const MinMode m = LanczosMinMode(o).find(f, x, g, guess, p);
  CHECK(m.eigenvalue == doctest::Approx(-1.0).epsilon(1e-8));
  // Net translation of the mode is zero.
  CHECK(std::abs(m.vector(0) + m.vector(3)) < 1e-10);
  CHECK(std::abs(m.vector(1) + m.vector(4)) < 1e-10);
  CHECK(std::abs(m.vector(2) + m.vector(5)) < 1e-10);
}

TEST_CASE("min mode: a restricted projector gives the lowest eigenpair of the principal submatrix") {
  // The activation of local searches climbs the softest mode of the Hessian
  // restricted to the steering atoms, the others held: the lowest eigenpair of
  // the principal submatrix of those coordinates (Cauchy interlacing: never
  // below the lowest eigenvalue of the whole matrix).
  Eigen::VectorXd lambda(9);
  lambda << -0.8, 0.5, 1.5, 2.5, 4.0, 6.0, 9.0, 13.0, 18.0;
  const Eigen::MatrixXd h = matrixWithSpectrum(lambda, 11);
  test::Quadratic f(h, Eigen::VectorXd::Zero(9));
  Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(9, -0.4, 0.6), g;
  f.evaluate(x, g);
  Eigen::VectorXd mask = Eigen::VectorXd::Zero(9);
  mask.segment(3, 4).setOnes();  // coordinates 3..6 steer
  const Projector p = Projector::restrictedTo(mask);
  CHECK(p.rank() == 5);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> sub(h.block(3, 3, 4, 4));
  LanczosOptions o;
  o.tolerance = 1e-12;
  o.max_iterations = 9;
  const MinMode m = LanczosMinMode(o).find(f, x, g, Eigen::VectorXd::Ones(9), p);
  CHECK(m.eigenvalue == doctest::Approx(sub.eigenvalues()(0)).epsilon(1e-8));
  CHECK(m.eigenvalue >= -0.8);
  CHECK(m.vector.head(3).norm() == 0.0);
  CHECK(m.vector.tail(2).norm() == 0.0);
  CHECK(std::abs(m.vector.segment(3, 4).dot(sub.eigenvectors().col(0))) ==
        doctest::Approx(1.0).epsilon(1e-8));
  // Deflating a restricted projector keeps the restriction.
  const MinMode second = LanczosMinMode(o).find(f, x, g, Eigen::VectorXd::Ones(9), p.with(m.vector));
  CHECK(second.eigenvalue == doctest::Approx(sub.eigenvalues()(1)).epsilon(1e-8));
  CHECK(second.vector.head(3).norm() == 0.0);
}
