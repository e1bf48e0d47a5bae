#pragma once
/// \file
/// The stages of the glassland program, one function each. Every stage reads
/// the config, does its work and writes OUTPUT/<stage>.json (atomically) with
/// the stage's numbers plus the hash of the config sections it depends on, so
/// `glassland run` can skip stages whose output is up to date.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "glassland/config/config.hpp"
#include "glassland/core/structure.hpp"
#include "glassland/landscape/event_store.hpp"

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
/// `glassland explore`: saddle searches around the inherent structure into the
/// landscape store (resumable); writes OUTPUT/explore.json.
void runExplore(const StageArguments& args);
/// `glassland graph`: the basin graph of the store; writes OUTPUT/graph.json,
/// OUTPUT/graph.graphml and OUTPUT/graph.dot.
void runGraph(const StageArguments& args);
/// `glassland kmc`: KMC over the basin graph (or a lattice); writes OUTPUT/kmc.json.
void runKmcStage(const StageArguments& args);
/// `glassland report`: OUTPUT/report/ (index.html, CSV, JSON, GraphML, extxyz)
/// from the store and kmc.json, writing what it can; writes OUTPUT/report.json.
void runReport(const StageArguments& args);
/// `glassland run`: every stage in order, skipping those already up to date.
void runAll(const StageArguments& args);

/// Prints the KMC table of kmc.json: D, D_rw, f and the diffusive flag per
/// species and temperature, t_run, why a temperature is not diffusive, and the
/// Arrhenius energies ("not measured (why)" when they could not be measured).
void printKmcTable(const nlohmann::json& kmc, const Units& units);

/// `glassland config [SECTION]`: the defaults as commented YAML, every key the
/// config loader accepts with its default and a one-line comment, from
/// docs/configuration.md. SECTION ("explore", "kmc.adaptive", ...) limits it
/// to one section; an unknown one is an InputError listing the sections.
std::string defaultConfigYaml(const std::string& section = "");
/// Prints defaultConfigYaml(section) to stdout.
void runConfig(const std::string& section);

/// Takes OUTPUT/.lock (flock, non-blocking) for the rest of this process, or
/// throws InputError when another glassland process holds it: two processes
/// writing one output directory would store the root minimum twice and
/// overwrite each other's stage files. Creates the output directory. A second
/// call for the same directory (run calls every stage) does nothing.
void lockOutput(const Config& config);

/// The config sections a stage's result depends on (for its config hash).
std::vector<std::string> stageInputs(const std::string& stage);

/// Writes OUTPUT/<stage>.json: `payload` plus "stage", "version" and "config_hash";
/// also keeps OUTPUT/config.yaml (the effective config) current.
void writeStageJson(const Config& config, const std::string& stage, nlohmann::json payload);

/// OUTPUT/<stage>.json when it exists and was computed from the current config
/// (same hash of the stage's inputs); nullopt otherwise.
std::optional<nlohmann::json> upToDateStageJson(const Config& config, const std::string& stage);

/// The relaxed root structure IS0 and its energy: the minimize stage's output
/// when up to date, otherwise computed now (running the minimize stage).
struct RootMinimum {
  Structure structure;
  double energy = 0.0;
};
RootMinimum inherentStructure(const Config& config, const StageArguments& args);

/// Path of the landscape store (explore.store, relative to the output directory).
std::filesystem::path storePath(const Config& config);

/// Opens the existing landscape store (read-only or for writing); an InputError
/// says to run `glassland explore` first when there is none.
landscape::EventStore openStore(const Config& config, bool read_only);

}  // namespace glassland::app
