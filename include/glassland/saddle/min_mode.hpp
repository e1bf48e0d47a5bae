#pragma once
/// \file
/// Lowest curvature mode of the Hessian of an Objective, matrix-free: the
/// finders only need gradients. Two finders behind one interface (eOn's
/// split between min-mode finding and the saddle-search driver): Lanczos
/// (as in pARTn, Jay et al. 2022) and the improved dimer rotation (Heyden,
/// Bell & Keil, J. Chem. Phys. 123, 224101 (2005)). Both work inside the
/// complement of a Projector's basis (rigid translations of a periodic
/// system, or modes already found when deflating).

#include <Eigen/Core>

#include "glassland/core/options.hpp"
#include "glassland/optimize/objective.hpp"

namespace glassland {

/// Removes the span of an orthonormal basis from vectors: v <- v - B (B^T v).
/// An empty projector is the identity.
class Projector {
 public:
  /// The identity.
  Projector() = default;
  /// Projects out the span of the columns of `basis` (any rank; orthonormalised
  /// here, columns of near-zero norm after orthogonalisation are dropped).
  explicit Projector(const Eigen::MatrixXd& basis);

  /// The three rigid translations of `num_atoms` atoms whose coordinates are
  /// flattened as (x0, y0, z0, x1, y1, z1, ...), i.e. a 3 x N column-major
  /// Positions matrix. Use it when every atom is free in a periodic cell:
  /// there the translations are exact zero modes that a min-mode finder
  /// would otherwise drift into (tests/data/lammps/README.md, lesson 2).
  static Projector translations(Eigen::Index num_atoms);

  /// Only the coordinates where `mask` is non-zero (1): every other coordinate
  /// is zeroed before the basis is removed. A min-mode finder with it finds the
  /// lowest mode of the Hessian restricted to those coordinates (the others held).
  static Projector restrictedTo(const Eigen::VectorXd& mask);

  /// This projector with one more direction removed (deflation: the lowest
  /// mode, to find the second lowest). `direction` need not be normalised.
  Projector with(const Eigen::VectorXd& direction) const;

  /// v <- P v.
  void apply(Eigen::VectorXd& v) const;
  /// P v.
  Eigen::VectorXd projected(const Eigen::VectorXd& v) const {
    Eigen::VectorXd out = v;
    apply(out);
    return out;
  }
  /// Number of directions removed.
  Eigen::Index rank() const { return basis_.cols() + masked_out_; }

 private:
  Eigen::MatrixXd basis_;  // orthonormal columns
  Eigen::VectorXd mask_;   // empty: all coordinates
  Eigen::Index masked_out_ = 0;
};

/// An estimate of the lowest eigenpair of the Hessian.
struct MinMode {
  double eigenvalue = 0.0;  ///< curvature along `vector` (energy/length^2)
  Eigen::VectorXd vector;   ///< unit vector, orthogonal to the projector's basis
  long force_calls = 0;     ///< objective evaluations spent
  int iterations = 0;       ///< Lanczos iterations or dimer rotations
  bool converged = false;   ///< the finder's own criterion was met
};

/// Finds the lowest eigenvalue and its eigenvector of the Hessian of an
/// objective at a point, from gradients only. Implementations keep no state
/// between calls and are cheap to copy; use one per thread.
class MinModeFinder {
 public:
  virtual ~MinModeFinder() = default;
  /// Lowest eigenpair of the Hessian of `f` at `x` within the complement of
  /// `projector`. `gradient` is f's gradient at x (not recomputed); `guess` a
  /// non-zero starting direction (the previous mode, or the push).
  virtual MinMode find(Objective& f, const Eigen::VectorXd& x, const Eigen::VectorXd& gradient,
                       const Eigen::VectorXd& guess, const Projector& projector) const = 0;
};

/// Lanczos parameters (pARTn defaults: 3-16 vectors, 1 % eigenvalue change).
struct LanczosOptions {
  int min_iterations = 3;      ///< Lanczos vectors at least
  int max_iterations = 20;     ///< Lanczos vectors at most
  double tolerance = 0.01;     ///< converged when |change of lowest eigenvalue| < tolerance * |eigenvalue|
  double displacement = 1e-3;  ///< finite-difference step for Hessian-vector products (length units)
  bool central = false;        ///< central differences (2 calls per product) instead of forward (1)

  /// Keys equal the field names. Rejects unknown keys. Throws InputError.
  static LanczosOptions fromYaml(OptionsReader& section);
};

/// Matrix-free Lanczos with full reorthogonalisation: Hessian-vector products
/// H q ~ (g(x + h q) - g(x)) / h (or central differences); the lowest Ritz
/// pair of the tridiagonal matrix is returned once its eigenvalue stops
/// changing by more than the tolerance (relative).
class LanczosMinMode final : public MinModeFinder {
 public:
  explicit LanczosMinMode(LanczosOptions options = {}) : options_(options) {}
  MinMode find(Objective& f, const Eigen::VectorXd& x, const Eigen::VectorXd& gradient,
               const Eigen::VectorXd& guess, const Projector& projector) const override;
  const LanczosOptions& options() const { return options_; }

 private:
  LanczosOptions options_;
};

/// Improved dimer rotation parameters (EON's separation; more and finer
/// rotations than EON's 10 and 5 degrees, which on the KA glass gave 5 % success
/// against 25 % with 20 and 1 degree, bench/RESULTS.md).
struct DimerRotationOptions {
  double separation = 0.005;      ///< distance from the centre to the dimer image (length units)
  int max_rotations = 20;         ///< rotations at most per call
  double angle_tolerance = 1.0;   ///< converged when the optimal rotation angle < this (degrees)
  double torque_tolerance = 0.0;  ///< also converged when |rotational force| < this (energy/length; 0 = off)

  /// Keys equal the field names. Rejects unknown keys. Throws InputError.
  static DimerRotationOptions fromYaml(OptionsReader& section);
};

/// The improved dimer rotation of Heyden, Bell & Keil (2005): one image at
/// x + separation N (the other mirrored through the centre, whose gradient is
/// known); the curvature along the rotation plane is fitted by
/// C(phi) = a0/2 + a1 cos 2phi + b1 sin 2phi from the curvature and its
/// derivative at phi = 0 and one trial rotation, the dimer is turned to the
/// fit's minimum, and the image gradient there is interpolated (their eq. 19)
/// instead of recomputed. Search directions: conjugate rotational forces.
class DimerRotationMinMode final : public MinModeFinder {
 public:
  explicit DimerRotationMinMode(DimerRotationOptions options = {}) : options_(options) {}
  MinMode find(Objective& f, const Eigen::VectorXd& x, const Eigen::VectorXd& gradient,
               const Eigen::VectorXd& guess, const Projector& projector) const override;
  const DimerRotationOptions& options() const { return options_; }

 private:
  DimerRotationOptions options_;
};

}  // namespace glassland
