// glassland: from a quenched glass to barrier asymmetry, correlation factors
// and diffusion activation energies. One subcommand per stage, listed in
// pipeline order, plus `config` (the defaults as commented YAML).

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include "glassland/core/error.hpp"
#include "stages.hpp"
#include "version.hpp"

int main(int argc, char** argv) {
  using glassland::app::StageArguments;
  CLI::App cli{"glassland: energy landscapes, saddle points and diffusion in glasses"};
  cli.set_version_flag("--version", std::string(glassland::app::kVersion));
  cli.require_subcommand(1);

  StageArguments args;
  // In pipeline order: CLI11 lists subcommands in the order they are added.
  const std::vector<std::tuple<std::string, std::string, std::function<void(const StageArguments&)>>> stages =
      {
          {"minimize", "relax the snapshot to its inherent structure", glassland::app::runMinimize},
          {"explore", "saddle searches around the inherent structure into the landscape store",
           glassland::app::runExplore},
          {"graph", "basin graph of the store: GraphML, DOT, barrier statistics", glassland::app::runGraph},
          {"kmc", "kinetic Monte Carlo: D, D_rw, f and the Arrhenius split", glassland::app::runKmcStage},
          {"report", "the report: index.html, CSV, JSON, GraphML and extxyz in OUTPUT/report",
           glassland::app::runReport},
          {"run", "every stage in order, skipping those already up to date", glassland::app::runAll},
      };
  for (const auto& [name, description, function] : stages) {
    CLI::App* sub = cli.add_subcommand(name, description);
    sub->add_option("config", args.config_file, "YAML config file")->required();
    sub->add_option("--set", args.overrides,
                    "override a config value: key=value, section.key=value or deeper (explore.artn.basin_step=0.02)")
        ->take_all();
    sub->add_flag("-q,--quiet", args.quiet, "no progress bars or summary tables");
    sub->callback([&args, run = function] { run(args); });
  }
  std::string config_section;
  CLI::App* config = cli.add_subcommand(
      "config",
      "print the defaults as commented YAML: every key, its default and meaning (docs/configuration.md)");
  config->add_option("section", config_section,
                     "only this section: minimize, explore, explore.artn, kmc, ...");
  config->callback([&config_section] { glassland::app::runConfig(config_section); });

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  } catch (const glassland::InputError& e) {
    std::fprintf(stderr, "glassland: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "glassland: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
