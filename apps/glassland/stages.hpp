#pragma once
/// \file
/// The stages of the glassland program, one function each. Every stage reads
/// the config, does its work and writes OUTPUT/<stage>.json (atomically) with
/// the stage's numbers plus the config hash it was computed from.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "glassland/config/config.hpp"

namespace glassland::app {

/// What every subcommand gets from the command line.
struct StageArguments {
  std::filesystem::path config_file;
  std::vector<std::string> overrides;  ///< --set assignments
  bool quiet = false;                  ///< no progress bars or tables
};

/// `glassland minimize`: relax the snapshot to its inherent structure;
/// writes OUTPUT/minimized.data and OUTPUT/minimize.json.
void runMinimize(const StageArguments& args);

/// The config sections a stage's result depends on (for its config hash).
std::vector<std::string> stageInputs(const std::string& stage);

/// Writes OUTPUT/<stage>.json: `payload` plus "stage", "version" and "config_hash";
/// also keeps OUTPUT/config.yaml (the effective config) current.
void writeStageJson(const Config& config, const std::string& stage, nlohmann::json payload);

}  // namespace glassland::app
