#pragma once
/// \file
/// The factory of each potential type; registry.cpp maps names onto them.

#include <memory>
#include <string>
#include <vector>

#include "glassland/core/options.hpp"
#include "glassland/core/units.hpp"
#include "glassland/potential/potential.hpp"
#include "glassland/potential/setfl.hpp"

namespace glassland {

/// `type: lj` (lennard_jones.cpp): preset or pair table, shift energy|force.
std::unique_ptr<Potential> makeLennardJones(OptionsReader& section, const std::vector<std::string>& species,
                                            const Units& units);
/// `type: eam/alloy` and `type: eam/fs` (eam.cpp): a LAMMPS setfl file;
/// `type: eam` (style Funcfl): DYNAMO funcfl files, one per species.
std::unique_ptr<Potential> makeEam(OptionsReader& section, const std::vector<std::string>& species,
                                   const Units& units, const std::string& config_dir, SetflFile::Style style);
/// `type: muller-brown` (muller_brown.cpp): the 2-D model surface, atom 0's x and y.
std::unique_ptr<Potential> makeMullerBrown(OptionsReader& section);

}  // namespace glassland
