#pragma once
/// \file
/// Unit systems, named and defined as in LAMMPS (`units lj`, `units metal`).

#include <string>
#include <string_view>

namespace glassland {

/// One unit system. Energies, lengths and times of every other module are in
/// these units.
struct Units {
  std::string name;                ///< "lj" or "metal"
  std::string energy;              ///< unit of energy ("epsilon", "eV")
  std::string length;              ///< unit of length ("sigma", "Angstrom")
  std::string time;                ///< unit of time ("tau", "ps")
  double boltzmann = 1.0;          ///< k_B in energy per temperature unit
  double default_prefactor = 1.0;  ///< attempt frequency nu in 1/time (lj: 1/tau; metal: 1e13 Hz = 10/ps)
  double hop_threshold = 0.3;      ///< displacement that counts as a hop (0.3 sigma; 0.5 Angstrom)

  /// The unit system called `name`; throws InputError listing the known ones.
  static const Units& byName(std::string_view name);
  static const Units& lj();
  static const Units& metal();
};

}  // namespace glassland
