#include "glassland/config/stage_options.hpp"

namespace glassland {

MinimizeOptions minimizeOptions(const Config& config) {
  OptionsReader section = config.section("minimize");
  return MinimizeOptions::fromYaml(section);
}

ExploreOptions exploreOptions(const Config& config) {
  OptionsReader section = config.section("explore");
  ExploreOptions options = ExploreOptions::fromYaml(section);
  // kmc.prefactor: vineyard: every converged search (explore stage and adaptive
  // KMC) computes its transition's Vineyard prefactors in the config's units.
  if (kmcOptions(config).vineyard) {
    options.search.vineyard.enabled = true;
    options.search.vineyard.frequency_unit = vibrationFrequencyUnit(config.unitSystem());
  }
  return options;
}

landscape::IdentityOptions identityOptions(const Config& config) {
  OptionsReader section = config.section("landscape");
  auto options = landscape::IdentityOptions::fromYaml(section);
  section.finish();
  return options;
}

GraphOptions GraphOptions::fromYaml(OptionsReader& section) {
  GraphOptions options;
  section.get("disconnectivity_levels", options.disconnectivity_levels);
  if (options.disconnectivity_levels < 2) section.failAt("disconnectivity_levels", "must be at least 2");
  // One tree node per level and group of minima: bounded before allocating.
  if (options.disconnectivity_levels > 100000)
    section.failAt("disconnectivity_levels", "must be at most 100000");
  section.finish();
  return options;
}

GraphOptions graphOptions(const Config& config) {
  OptionsReader section = config.section("graph");
  return GraphOptions::fromYaml(section);
}

kmc::KmcOptions kmcOptions(const Config& config) {
  OptionsReader section = config.section("kmc");
  auto options = kmc::KmcOptions::fromYaml(section);
  section.finish();
  return options;
}

report::ReportOptions reportOptions(const Config& config) {
  OptionsReader section = config.section("report");
  return report::ReportOptions::fromYaml(section);
}

void validateStageOptions(const Config& config) {
  minimizeOptions(config);
  exploreOptions(config);
  identityOptions(config);
  graphOptions(config);
  kmcOptions(config);
  reportOptions(config);
}

}  // namespace glassland
