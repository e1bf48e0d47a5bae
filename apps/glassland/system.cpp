#include "system.hpp"

#include "glassland/io/io.hpp"
#include "glassland/potential/registry.hpp"

namespace glassland::app {

System loadSystem(const Config& config) {
  System system;
  system.structure = io::readStructure(config.structure.string(), config.species, config.read_options);
  system.potential = makePotential(config.section("potential"), system.structure.species, config.unitSystem(),
                                   config.directory.string());
  return system;
}

}  // namespace glassland::app
