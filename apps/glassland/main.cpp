// glassland: from a quenched glass to barrier asymmetry, correlation factors
// and diffusion activation energies. One subcommand per stage, listed in
// pipeline order, plus `config` (the defaults as commented YAML).

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <yaml-cpp/exceptions.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "glassland/core/error.hpp"
#include "glassland/core/interrupt.hpp"
#include "stages.hpp"
#include "version.hpp"

namespace {

/// Edit distance (insertions, deletions, substitutions) for suggesting a stage.
std::size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

/// The first word when it is not an option nor a known subcommand: a misspelt
/// stage. CLI11 would only say "A subcommand is required".
std::string unknownStageMessage(const CLI::App& cli, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return "";
  const std::string word = argv[1];
  std::vector<std::string> names;
  for (const CLI::App* sub : cli.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  if (std::find(names.begin(), names.end(), word) != names.end()) return "";
  std::string closest, list;
  std::size_t best = std::string::npos;
  for (const auto& name : names) {
    list += (list.empty() ? "" : ", ") + name;
    const std::size_t d = editDistance(word, name);
    if (d < best) best = d, closest = name;
  }
  std::string message = "'" + word + "' is not a stage";
  if (best <= std::max<std::size_t>(2, closest.size() / 3)) message += "; did you mean '" + closest + "'?";
  return message + " (stages: " + list + ")";
}

int fail(const std::string& message) {
  std::fprintf(stderr, "glassland: error: %s\n", message.c_str());
  return 2;
}

}  // namespace

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
    sub->add_option(
           "--set", args.overrides,
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

  if (const std::string bad = unknownStageMessage(cli, argc, argv); !bad.empty()) return fail(bad);
  // Ctrl-C and SIGTERM set a flag the long loops check; the stage then throws
  // Interrupted having written nothing half-done.
  glassland::installInterruptHandlers();
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return cli.exit(e);  // --help, --version
    // Usage errors: exit 2 like every other bad input, with a pointer to --help.
    return fail(std::string(e.what()) + " (run 'glassland --help' for usage)");
  } catch (const glassland::Interrupted&) {
    std::fprintf(stderr, "glassland: interrupted; rerun the same command to resume\n");
    return 130;
  } catch (const glassland::InputError& e) {
    return fail(e.what());
  } catch (const YAML::Exception& e) {
    // A YAML node of an unexpected shape somewhere a reader did not check.
    return fail(std::string("config: ") + e.what());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "glassland: error: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "glassland: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
