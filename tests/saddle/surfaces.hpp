#pragma once
// Analytic test surfaces as Objectives: a quadratic with a known Hessian and
// the Mueller-Brown surface (Mueller & Brown, Theor. Chim. Acta 53, 75 (1979)).

#include <Eigen/Core>
#include <array>
#include <cmath>

#include "glassland/optimize/objective.hpp"

namespace glassland::test {

/// f(x) = 1/2 x^T H x + b^T x.
class Quadratic final : public Objective {
 public:
  Quadratic(Eigen::MatrixXd h, Eigen::VectorXd b) : h_(std::move(h)), b_(std::move(b)) {}
  Eigen::Index dimension() const override { return b_.size(); }
  double evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
    g = h_ * x + b_;
    return 0.5 * x.dot(h_ * x) + b_.dot(x);
  }

 private:
  Eigen::MatrixXd h_;
  Eigen::VectorXd b_;
};

/// The Mueller-Brown surface over (x, y), parameters as in tests/data/lammps/README.md.
class MullerBrown2D final : public Objective {
 public:
  Eigen::Index dimension() const override { return 2; }
  double evaluate(const Eigen::VectorXd& p, Eigen::VectorXd& g) override {
    static constexpr std::array<double, 4> A{-200, -100, -170, 15}, a{-1, -1, -6.5, 0.7}, b{0, 0, 11, 0.6},
        c{-10, -10, -6.5, 0.7}, x0{1, 0, -0.5, -1}, y0{0, 0.5, 1.5, 1};
    g = Eigen::VectorXd::Zero(2);
    double e = 0;
    for (int k = 0; k < 4; ++k) {
      const double dx = p(0) - x0[k], dy = p(1) - y0[k];
      const double t = A[k] * std::exp(a[k] * dx * dx + b[k] * dx * dy + c[k] * dy * dy);
      e += t;
      g(0) += t * (2 * a[k] * dx + b[k] * dy);
      g(1) += t * (b[k] * dx + 2 * c[k] * dy);
    }
    return e;
  }
};

}  // namespace glassland::test
