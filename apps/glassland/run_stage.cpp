// `glassland run`: every stage in order. A stage whose OUTPUT/<stage>.json is
// up to date (same config sections, same upstream output) is skipped, so an
// interrupted run resumes where it stopped: explore itself resumes from the
// landscape store.

#include <fmt/format.h>

#include "glassland/config/stage_options.hpp"
#include "stages.hpp"

namespace glassland::app {

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
}

}  // namespace glassland::app
