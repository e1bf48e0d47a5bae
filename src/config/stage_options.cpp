#include "glassland/config/stage_options.hpp"

namespace glassland {

MinimizeOptions minimizeOptions(const Config& config) {
  OptionsReader section = config.section("minimize");
  return MinimizeOptions::fromYaml(section);
}

void validateStageOptions(const Config& config) { minimizeOptions(config); }

}  // namespace glassland
