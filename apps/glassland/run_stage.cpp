// `glassland run`: every stage in order. A stage whose OUTPUT/<stage>.json is
// up to date (same config sections, same upstream output) is skipped, so an
// interrupted run resumes where it stopped: explore itself resumes from the
// landscape store.

#include <fmt/format.h>

#include "glassland/config/stage_options.hpp"
#include "glassland/kmc/kmc_json.hpp"
#include "stages.hpp"

namespace glassland::app {

namespace {

namespace key = kmc::kmc_json;

/// A number of kmc.json (null = not defined, printed as a dash).
std::string cell(const nlohmann::json& value, const char* format = "{:.4g}") {
  if (!value.is_number()) return "-";
  return fmt::format(fmt::runtime(format), value.get<double>());
}

}  // namespace

void printKmcTable(const nlohmann::json& kmc, const Units& units) {
  fmt::print("\nkmc summary ({} units: D in {}^2/{}, energies in {})\n", units.name, units.length, units.time,
             units.energy);
  fmt::print("{:>8} {:>8} {:>12} {:>12} {:>10} {:>10} {:>10}\n", "species", "T", "D", "D_rw", "f", "f_err",
             "diffusive");
  const auto& temperatures = kmc.at(key::kTemperatures);
  std::string why;
  for (const auto& [species, values] : kmc.at(key::kSpecies).items()) {
    for (std::size_t t = 0; t < temperatures.size(); ++t) {
      std::string diffusive = "?";
      if (values.contains(key::kDiffusive)) {
        diffusive = values[key::kDiffusive][t].get<bool>() ? "yes" : "no";
        if (diffusive == "no") {
          why += fmt::format("  {} T = {}: {}\n", species, cell(temperatures[t]),
                             values[key::kDiffusiveReason][t].get<std::string>());
        }
      }
      fmt::print("{:>8} {:>8} {:>12} {:>12} {:>10} {:>10} {:>10}\n", species, cell(temperatures[t]),
                 cell(values[key::kD][t], "{:.4e}"), cell(values[key::kDRw][t], "{:.4e}"),
                 cell(values[key::kF][t]), cell(values[key::kFErr][t], "{:.2g}"), diffusive);
    }
  }
  if (kmc.contains(key::kTRun)) {
    for (std::size_t t = 0; t < temperatures.size(); ++t) {
      fmt::print("T = {}: t_run = {} ({}); {} of {} trajectories reached it\n", cell(temperatures[t]),
                 cell(kmc[key::kTRun][t]), kmc[key::kTRunSource][t].get<std::string>(),
                 kmc[key::kTrajectoriesUsed][t].get<long>(),
                 kmc[key::kTrajectoriesUsed][t].get<long>() + kmc[key::kEndedEarly][t].get<long>());
    }
  }
  if (!why.empty()) {
    fmt::print(
        "not diffusive (D and f there are finite-time values, not transport coefficients; left out of "
        "the Arrhenius fits):\n{}",
        why);
  }
  if (!kmc.contains(key::kArrhenius) || kmc.at(key::kArrhenius).empty()) return;
  fmt::print("{:>8} {:>18} {:>18} {:>18} {:>12}\n", "species", "E_D", "E_rw", "E_f", "chi2/dof(f)");
  for (const auto& [species, fit] : kmc.at(key::kArrhenius).items()) {
    if (!fit.value(key::kMeasured, true)) {
      // Never a number that is not one (issue 11).
      fmt::print("{:>8} E_D, E_rw, E_f not measured ({})\n", species, fit.value(key::kReason, std::string()));
      continue;
    }
    auto energy = [&](const char* quantity) {
      const std::string value = key::energyKey(quantity);
      if (!fit[value].is_number()) return std::string("-");
      return cell(fit[value]) + " +- " + cell(fit[key::energyErrKey(quantity)], "{:.2g}");
    };
    const std::string chi2_key = key::chi2PerDofKey(key::kFitF);
    const std::string chi2_f = fit.contains(chi2_key) ? cell(fit[chi2_key], "{:.3g}") : "-";
    fmt::print("{:>8} {:>18} {:>18} {:>18} {:>12}\n", species, energy(key::kFitD), energy(key::kFitRw),
               energy(key::kFitF), chi2_f);
    if (fit.contains(key::kExcludedTemperatures) && !fit[key::kExcludedTemperatures].empty())
      fmt::print("{:>8} fitted without T = {}\n", "", fit[key::kExcludedTemperatures].dump());
  }
  fmt::print(
      "errors: standard errors over independent trajectories; fit errors widened by sqrt(chi2/dof) "
      "when it exceeds 1\n");
}

namespace {

/// The table a user reads first: D, D_rw and f per species and temperature,
/// then the Arrhenius split E_D = E_rw + E_f, from OUTPUT/kmc.json.
void printSummary(const Config& config) {
  const auto kmc = upToDateStageJson(config, "kmc");
  if (!kmc) return;
  printKmcTable(*kmc, config.unitSystem());
}

}  // namespace

void runAll(const StageArguments& args) {
  const Config config = Config::load(args.config_file, args.overrides);
  const ExploreOptions explore = exploreOptions(config);
  auto skipped = [&](const char* stage) {
    if (!args.quiet) fmt::print("{}: up to date, skipped\n", stage);
  };

  if (upToDateStageJson(config, "minimize")) {
    skipped("minimize");
  } else {
    runMinimize(args);
  }
  // explore is complete when its output is current and covers every search.
  const auto explored = upToDateStageJson(config, "explore");
  if (explored && explored->value("searches", -1L) == explore.searches) {
    skipped("explore");
  } else {
    runExplore(args);
  }
  if (upToDateStageJson(config, "graph")) {
    skipped("graph");
  } else {
    runGraph(args);
  }
  if (upToDateStageJson(config, "kmc")) {
    skipped("kmc");
  } else {
    runKmcStage(args);
  }
  if (upToDateStageJson(config, "report")) {
    skipped("report");
  } else {
    runReport(args);
  }
  if (!args.quiet) printSummary(config);
}

}  // namespace glassland::app
