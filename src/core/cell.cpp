#include "glassland/core/cell.hpp"

#include <Eigen/LU>
#include <cmath>

#include "glassland/core/error.hpp"

namespace glassland {

namespace {
Cell::Vec checkedLengths(const Cell::Vec& lo, const Cell::Vec& hi) {
  Cell::Vec len = hi - lo;
  for (int d = 0; d < 3; ++d) {
    if (!(len[d] > 0.0) || !std::isfinite(len[d])) {
      throw InputError("cell: the box must have hi > lo in every dimension (got " + std::to_string(lo[d]) +
                       " .. " + std::to_string(hi[d]) + " in dimension " + "xyz"[d] + ")");
    }
  }
  return len;
}
}  // namespace

Cell::Cell() : lo_(Vec::Zero()), h_(Eigen::Matrix3d::Identity()), h_inv_(Eigen::Matrix3d::Identity()) {}

Cell Cell::orthorhombic(const Vec& lo, const Vec& hi, std::array<bool, 3> periodic) {
  return triclinic(lo, hi, 0.0, 0.0, 0.0, periodic);
}

Cell Cell::triclinic(const Vec& lo, const Vec& hi, double xy, double xz, double yz,
                     std::array<bool, 3> periodic) {
  Vec len = checkedLengths(lo, hi);
  Cell cell;
  cell.lo_ = lo;
  cell.h_ << len[0], xy, xz,  //
      0.0, len[1], yz,        //
      0.0, 0.0, len[2];
  cell.h_inv_ = cell.h_.inverse();
  cell.periodic_ = periodic;
  return cell;
}

double Cell::perpendicularWidth(int dim) const {
  // The face spanned by the two other edges has normal = row `dim` of h^-1;
  // the width is 1 / |that row|.
  return 1.0 / h_inv_.row(dim).norm();
}

Cell::Vec Cell::minimumImage(const Vec& d) const {
  Vec s = h_inv_ * d;
  for (int k = 0; k < 3; ++k) {
    if (periodic_[k]) s[k] -= std::nearbyint(s[k]);
  }
  Vec best = h_ * s;
  if (isOrthorhombic()) return best;
  // A tilted cell: rounding fractional coordinates is not always the shortest
  // image, so also try the 26 neighbouring images along periodic directions.
  double best2 = best.squaredNorm();
  const Vec base = best;
  for (int i = -1; i <= 1; ++i) {
    for (int j = -1; j <= 1; ++j) {
      for (int k = -1; k <= 1; ++k) {
        if ((i && !periodic_[0]) || (j && !periodic_[1]) || (k && !periodic_[2])) continue;
        Vec candidate = base + imageShift(i, j, k);
        double c2 = candidate.squaredNorm();
        if (c2 < best2) {
          best2 = c2;
          best = candidate;
        }
      }
    }
  }
  return best;
}

Cell::Vec Cell::wrap(const Vec& r) const {
  Vec s = toFractional(r);
  for (int k = 0; k < 3; ++k) {
    if (periodic_[k]) {
      s[k] -= std::floor(s[k]);
      if (s[k] >= 1.0) s[k] = 0.0;  // -1e-17 floors to -1 and leaves 1.0 behind
    }
  }
  return toCartesian(s);
}

bool Cell::operator==(const Cell& other) const {
  return lo_ == other.lo_ && h_ == other.h_ && periodic_ == other.periodic_;
}

}  // namespace glassland
