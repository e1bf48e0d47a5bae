// glassland: from a quenched glass to barrier asymmetry, correlation factors
// and diffusion activation energies. One subcommand per stage (DESIGN.md §4).

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <functional>
#include <map>

#include "glassland/core/error.hpp"
#include "stages.hpp"
#include "version.hpp"

int main(int argc, char** argv) {
  using glassland::app::StageArguments;
  CLI::App cli{"glassland: energy landscapes, saddle points and diffusion in glasses"};
  cli.set_version_flag("--version", std::string(glassland::app::kVersion));
  cli.require_subcommand(1);

  StageArguments args;
  const std::map<std::string, std::pair<std::string, std::function<void(const StageArguments&)>>> stages = {
      {"minimize", {"relax the snapshot to its inherent structure", glassland::app::runMinimize}},
  };
  for (const auto& [name, entry] : stages) {
    CLI::App* sub = cli.add_subcommand(name, entry.first);
    sub->add_option("config", args.config_file, "YAML config file")->required();
    sub->add_option("--set", args.overrides, "override a config value: section.key=value or key=value")
        ->take_all();
    sub->add_flag("-q,--quiet", args.quiet, "no progress bars or summary tables");
    sub->callback([&args, run = entry.second] { run(args); });
  }

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
