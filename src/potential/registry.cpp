#include "glassland/potential/registry.hpp"

#include "glassland/potential/eam.hpp"
#include "glassland/potential/lennard_jones.hpp"
#include "glassland/potential/muller_brown.hpp"

namespace glassland {

namespace {

PotentialType::Factory eamStyle(SetflFile::Style style) {
  return
      [style](OptionsReader& section, const std::vector<std::string>& species, const Units& units,
              const std::string& config_dir) { return makeEam(section, species, units, config_dir, style); };
}

const std::string kPotentials = "/usr/share/lammps/potentials/";

}  // namespace

const std::vector<PotentialType>& registeredPotentials() {
  static const std::vector<PotentialType> types{
      {"lj",
       [](OptionsReader& section, const std::vector<std::string>& species, const Units& units,
          const std::string&) { return makeLennardJones(section, species, units); },
       "{type: lj, preset: kob-andersen, shift: force}",
       "lj",
       {"A", "B"},
       1.0},
      {"eam/alloy",
       eamStyle(SetflFile::Style::Alloy),
       "{type: eam/alloy, file: " + kPotentials + "CuNi.eam.alloy}",
       "metal",
       {"Ni", "Cu"},
       2.5},
      {"eam/fs",
       eamStyle(SetflFile::Style::FinnisSinclair),
       "{type: eam/fs, file: " + kPotentials + "CuZr_mm.eam.fs}",
       "metal",
       {"Cu", "Zr"},
       2.7},
      {"eam",
       eamStyle(SetflFile::Style::Funcfl),
       "{type: eam, file: {Ni: " + kPotentials + "Ni_u3.eam, Cu: " + kPotentials + "Cu_u3.eam}}",
       "metal",
       {"Ni", "Cu"},
       2.5},
      {"muller-brown",
       [](OptionsReader& section, const std::vector<std::string>&, const Units&, const std::string&) {
         return makeMullerBrown(section);
       },
       "{type: muller-brown}",
       "lj",
       {"A"},
       1.0},
  };
  return types;
}

std::vector<std::string> potentialTypes() {
  std::vector<std::string> names;
  for (const PotentialType& t : registeredPotentials()) names.push_back(t.name);
  return names;
}

std::unique_ptr<Potential> makePotential(OptionsReader section, const std::vector<std::string>& species,
                                         const Units& units, const std::string& config_dir) {
  std::string type;
  section.require("type", type);
  for (const PotentialType& t : registeredPotentials()) {
    if (t.name != type) continue;
    std::unique_ptr<Potential> potential = t.make(section, species, units, config_dir);
    section.finish();
    return potential;
  }
  std::string valid;
  for (const auto& t : potentialTypes()) valid += (valid.empty() ? "" : ", ") + t;
  section.failAt("type", "unknown potential type '" + type + "' (expected one of: " + valid + ")");
}

}  // namespace glassland
