#include "glassland/core/units.hpp"

#include "glassland/core/error.hpp"

namespace glassland {

const Units& Units::lj() {
  static const Units units{"lj", "epsilon", "sigma", "tau", 1.0, 1.0, 0.3};
  return units;
}

const Units& Units::metal() {
  // k_B from CODATA 2018 as LAMMPS uses it (force->boltz for units metal).
  static const Units units{"metal", "eV", "Angstrom", "ps", 8.617343e-5, 10.0, 0.5};
  return units;
}

const Units& Units::byName(std::string_view name) {
  if (name == "lj") return lj();
  if (name == "metal") return metal();
  throw InputError("unknown units '" + std::string(name) + "' (expected one of: lj, metal)");
}

}  // namespace glassland
