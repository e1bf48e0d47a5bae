#pragma once
/// \file
/// The simulation box as a small value type (HOOMD's box, LAMMPS's conventions).

#include <Eigen/Core>
#include <array>

namespace glassland {

/// A parallelepiped with origin `lo` and edge vectors a, b, c stored as the
/// columns of `h`, in the LAMMPS restricted form a = (lx,0,0), b = (xy,ly,0),
/// c = (xz,yz,lz). Each dimension is periodic or open; an open dimension keeps
/// its bounds for reference (slab cells: periodic x, y; open z).
class Cell {
 public:
  using Vec = Eigen::Vector3d;

  /// A 1x1x1 periodic cube; use the factories.
  Cell();

  /// Orthorhombic box [lo, hi) per dimension. Requires hi > lo.
  static Cell orthorhombic(const Vec& lo, const Vec& hi, std::array<bool, 3> periodic = {true, true, true});
  /// Triclinic box as LAMMPS writes it: bounds and tilt factors xy, xz, yz.
  static Cell triclinic(const Vec& lo, const Vec& hi, double xy, double xz, double yz,
                        std::array<bool, 3> periodic = {true, true, true});

  const Vec& lo() const { return lo_; }
  Vec hi() const { return lo_ + Vec(h_(0, 0), h_(1, 1), h_(2, 2)); }
  /// Edge vectors as columns.
  const Eigen::Matrix3d& h() const { return h_; }
  const Eigen::Matrix3d& hInverse() const { return h_inv_; }
  double lx() const { return h_(0, 0); }
  double ly() const { return h_(1, 1); }
  double lz() const { return h_(2, 2); }
  double xy() const { return h_(0, 1); }
  double xz() const { return h_(0, 2); }
  double yz() const { return h_(1, 2); }
  bool periodic(int dim) const { return periodic_[dim]; }
  const std::array<bool, 3>& periodicity() const { return periodic_; }
  bool isOrthorhombic() const { return xy() == 0.0 && xz() == 0.0 && yz() == 0.0; }
  double volume() const { return h_(0, 0) * h_(1, 1) * h_(2, 2); }

  /// Distance between the two faces normal to reciprocal direction `dim`:
  /// a sphere of radius r fits in the cell without touching its images iff 2r < width.
  double perpendicularWidth(int dim) const;

  /// Fractional coordinates s with r = lo + h s.
  Vec toFractional(const Vec& r) const { return h_inv_ * (r - lo_); }
  Vec toCartesian(const Vec& s) const { return lo_ + h_ * s; }

  /// The periodic image of displacement d that is shortest (exact also for
  /// tilted cells: the rounded image is refined over the neighbouring images).
  Vec minimumImage(const Vec& d) const;
  /// r mapped into the cell along the periodic dimensions.
  Vec wrap(const Vec& r) const;
  /// Position of r moved by whole periodic lattice vectors to lie nearest `reference`.
  Vec unwrapNear(const Vec& r, const Vec& reference) const { return reference + minimumImage(r - reference); }
  /// Cartesian translation of the image (nx, ny, nz).
  Vec imageShift(int nx, int ny, int nz) const { return h_ * Vec(nx, ny, nz); }

  bool operator==(const Cell& other) const;

 private:
  Vec lo_;
  Eigen::Matrix3d h_;
  Eigen::Matrix3d h_inv_;
  std::array<bool, 3> periodic_{true, true, true};
};

}  // namespace glassland
