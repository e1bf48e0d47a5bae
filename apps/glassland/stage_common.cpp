#include <map>

#include "glassland/core/files.hpp"
#include "stages.hpp"
#include "version.hpp"

namespace glassland::app {

std::vector<std::string> stageInputs(const std::string& stage) {
  // A stage is up to date when the sections it reads are unchanged; each stage
  // also depends on everything its predecessors read.
  static const std::map<std::string, std::vector<std::string>> inputs = {
      {"minimize", {"units", "structure", "species", "potential", "minimize"}},
      {"explore", {"units", "structure", "species", "potential", "minimize", "explore"}},
      {"graph", {"units", "structure", "species", "potential", "minimize", "explore", "graph"}},
      {"kmc", {"units", "structure", "species", "potential", "minimize", "explore", "graph", "kmc"}},
      {"report",
       {"units", "structure", "species", "potential", "minimize", "explore", "graph", "kmc", "report"}},
  };
  return inputs.at(stage);
}

void writeStageJson(const Config& config, const std::string& stage, nlohmann::json payload) {
  payload["stage"] = stage;
  payload["version"] = std::string(kVersion);
  payload["config_hash"] = config.hashOf(stageInputs(stage));
  writeFileAtomically(config.output / "config.yaml", config.effectiveYaml());
  writeFileAtomically(config.output / (stage + ".json"), payload.dump(2) + "\n");
}

}  // namespace glassland::app
