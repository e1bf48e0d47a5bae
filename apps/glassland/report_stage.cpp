// `glassland report`: OUTPUT/report/ (index.html, CSV, JSON, GraphML, extxyz)
// from the landscape store and kmc.json. It writes what it can: a missing
// store or kmc.json becomes a note in the report and in report.json, never a
// failure, so a report is available after any stage.

#include <fmt/format.h>

#include <cmath>
#include <ctime>
#include <fstream>

#include "glassland/config/stage_options.hpp"
#include "glassland/report/report.hpp"
#include "stages.hpp"
#include "version.hpp"

namespace glassland::app {

void runReport(const StageArguments& args) {
  const Config config = Config::load(args.config_file, args.overrides);
  const report::ReportOptions options = reportOptions(config);
  const kmc::KmcOptions kmc = kmcOptions(config);

  report::ReportInputs inputs;
  inputs.output = config.output;
  inputs.units = config.unitSystem();
  inputs.title = "glassland report: " + config.file.filename().string();
  inputs.prefactor = kmc.prefactor > 0.0 ? kmc.prefactor : inputs.units.default_prefactor;
  inputs.temperatures = kmc.temperatures;
  inputs.disconnectivity_levels = graphOptions(config).disconnectivity_levels;

  report::Provenance& p = inputs.provenance;
  p.version = std::string(kVersion);
  p.config_file = config.file.string();
  p.config_yaml = config.effectiveYaml();
  p.seeds = {{"explore.seed", static_cast<long>(exploreOptions(config).seed)},
             {"kmc.seed", static_cast<long>(kmc.seed)}};
  {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    p.date = text;
  }

  std::vector<std::string> missing;
  // kmc.json only counts when it was computed from this config (same hash,
  // same upstream outputs): numbers from another run would be mislabelled.
  if (const auto json = upToDateStageJson(config, "kmc")) {
    inputs.kmc = report::KmcSummary::fromJson(*json);
    inputs.temperatures = inputs.kmc->temperatures;
  } else {
    missing.push_back(std::filesystem::exists(config.output / "kmc.json")
                          ? "kmc.json is out of date for this config (run `glassland kmc`)"
                          : "kmc.json (run `glassland kmc`): no diffusion tables or Arrhenius plots");
  }
  if (!upToDateStageJson(config, "graph")) {
    missing.push_back(
        "graph.json is missing or out of date (run `glassland graph`); the report rebuilds the "
        "basin graph from the store");
  }

  std::optional<landscape::EventStore> store;
  const auto path = storePath(config);
  if (std::filesystem::exists(path)) {
    landscape::OpenOptions open;
    open.read_only = true;
    store.emplace(landscape::EventStore::openExisting(path.string(), open));
    inputs.store = &*store;
    inputs.transitions = report::transitionRecords(*store);
    // As KMC: stored prefactors count only with kmc.prefactor: vineyard.
    if (!kmc.vineyard) {
      for (auto& t : inputs.transitions) t.prefactor_fwd = t.prefactor_rev = std::nan("");
    }
    inputs.minima = store->minima();
    p.counts = {{"searches", store->numSearches()},
                {"minima (states)", store->numMinima()},
                {"transitions", store->numTransitions()}};
    inputs.free_surface = report::hasFreeSurface(store->root().cell);
  } else {
    missing.push_back("the landscape store " + path.string() +
                      " (run `glassland explore`): no barrier statistics, graph or structures");
  }
  inputs.missing = missing;

  const report::ReportResult result = report::writeReport(inputs, options);
  for (const auto& w : result.warnings) fmt::print(stderr, "glassland: warning: {}\n", w);

  nlohmann::json out = result.numbers;
  out["files"] = result.files;
  out["missing"] = missing;
  writeStageJson(config, "report", out);

  if (!args.quiet) {
    fmt::print("report: {} files in {}\n", result.files.size(), (config.output / "report").string());
    for (const auto& m : missing) fmt::print("report: missing {}\n", m);
  }
}

}  // namespace glassland::app
