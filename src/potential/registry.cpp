#include "glassland/potential/registry.hpp"

#include "glassland/potential/factories.hpp"

namespace glassland {

std::vector<std::string> potentialTypes() { return {"lj", "eam/alloy", "eam/fs", "eam", "muller-brown"}; }

std::unique_ptr<Potential> makePotential(OptionsReader section, const std::vector<std::string>& species,
                                         const Units& units, const std::string& config_dir) {
  std::string type;
  section.require("type", type);
  std::unique_ptr<Potential> potential;
  if (type == "lj") {
    potential = makeLennardJones(section, species, units);
  } else if (type == "eam/alloy") {
    potential = makeEam(section, species, units, config_dir, SetflFile::Style::Alloy);
  } else if (type == "eam/fs") {
    potential = makeEam(section, species, units, config_dir, SetflFile::Style::FinnisSinclair);
  } else if (type == "eam") {
    potential = makeEam(section, species, units, config_dir, SetflFile::Style::Funcfl);
  } else if (type == "muller-brown") {
    potential = makeMullerBrown(section);
  } else {
    std::string valid;
    for (const auto& t : potentialTypes()) valid += (valid.empty() ? "" : ", ") + t;
    section.failAt("type", "unknown potential type '" + type + "' (expected one of: " + valid + ")");
  }
  section.finish();
  return potential;
}

}  // namespace glassland
