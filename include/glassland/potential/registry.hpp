#pragma once
/// \file
/// Name -> factory for potentials: one explicit entry per type in registry.cpp
/// (static self-registration is silently dropped from static libraries). Each
/// entry also carries a complete example section, which the test of every
/// registered potential (tests/potential/test_every_potential.cpp) builds and
/// checks, so a new type is tested the moment it is registered.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "glassland/core/options.hpp"
#include "glassland/core/units.hpp"
#include "glassland/potential/potential.hpp"

namespace glassland {

/// One `type:` of the `potential:` section.
struct PotentialType {
  using Factory = std::function<std::unique_ptr<Potential>(
      OptionsReader&, const std::vector<std::string>& species, const Units&, const std::string& config_dir)>;
  std::string name;  ///< the `type:` value
  Factory make;      ///< reads the section's keys (not `type`; the registry calls finish())
  /// An example: a complete section in YAML flow style, the unit system and
  /// species it is written for, and a typical nearest-neighbour distance in
  /// those units (to build test structures at a sensible density). Files it
  /// names are those of Debian's lammps-data.
  std::string example;
  std::string example_units;
  std::vector<std::string> example_species;
  double neighbour_distance = 1.0;
};

/// Every registered type, in the order `glassland config` lists them.
const std::vector<PotentialType>& registeredPotentials();

/// Builds the potential described by the `potential:` section. `species` are
/// the names of the structure's types (type index t = species[t]); `config_dir`
/// resolves relative file names. Throws InputError on any bad key or file.
std::unique_ptr<Potential> makePotential(OptionsReader section, const std::vector<std::string>& species,
                                         const Units& units, const std::string& config_dir);

/// The names makePotential accepts for `type:`.
std::vector<std::string> potentialTypes();

}  // namespace glassland
