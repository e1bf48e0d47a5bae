#pragma once
/// \file
/// Name -> factory for potentials: one explicit line per type in registry.cpp
/// (static self-registration is silently dropped from static libraries).

#include <memory>
#include <string>
#include <vector>

#include "glassland/core/options.hpp"
#include "glassland/core/units.hpp"
#include "glassland/potential/potential.hpp"

namespace glassland {

/// Builds the potential described by the `potential:` section. `species` are
/// the names of the structure's types (type index t = species[t]); `config_dir`
/// resolves relative file names. Throws InputError on any bad key or file.
std::unique_ptr<Potential> makePotential(OptionsReader section, const std::vector<std::string>& species,
                                         const Units& units, const std::string& config_dir);

/// The names makePotential accepts for `type:`.
std::vector<std::string> potentialTypes();

}  // namespace glassland
