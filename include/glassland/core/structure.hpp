#pragma once
/// \file
/// An atomistic configuration as plain data: no potential, no algorithms.

#include <Eigen/Core>
#include <string>
#include <vector>

#include "glassland/core/cell.hpp"

namespace glassland {

/// Positions are a 3 x N matrix (column i = atom i), Cartesian, in length units.
using Positions = Eigen::Matrix3Xd;

/// Atoms in a cell. Types are 0-based indices into `species` and `masses`
/// (file type t is index t-1). `ids` are the file's atom ids, kept for output.
struct Structure {
  Cell cell;
  Positions positions;
  std::vector<int> types;            ///< per atom, 0-based
  std::vector<long> ids;             ///< per atom, as in the input file
  std::vector<std::string> species;  ///< per type: name ("A", "Cu")
  std::vector<double> masses;        ///< per type, in mass units

  int size() const { return static_cast<int>(positions.cols()); }
  int numTypes() const { return static_cast<int>(species.size()); }

  /// Number of atoms of each type.
  std::vector<int> countByType() const;
  /// Type index of the species called `name`, or -1.
  int typeOf(const std::string& name) const;
};

}  // namespace glassland
