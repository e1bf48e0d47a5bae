// `glassland run` with kmc.provider adaptive (issue 5): the kmc stage runs
// saddle searches from the states it enters, writes them into the landscape
// store in each minimum's own range of search indices, and reports what it did.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "glassland/landscape/event_store.hpp"

using cli_test::readFile;
using cli_test::run;
using cli_test::ScratchDir;

namespace {

// The fcc LJ vacancy crystal, root searches on the 12 neighbours of the vacancy.
const std::string kAdaptiveConfig = cli_test::vacancyConfig(
    "{method: artn, searches: 60, seed: 5, threads: 2,\n          centres: " + cli_test::kVacancyNeighbours +
        "}",
    "kmc:\n  temperatures: [1.0, 1.2]\n  trajectories: 2\n  steps: 4\n  seed: 2\n  provider: adaptive\n"
    "  adaptive: {min_searches: 6, max_searches: 12, centre_radius: 1.3, random_centres: 0.0}\n");

}  // namespace

TEST_CASE("run with kmc.provider adaptive: searches from entered states go into the store") {
  ScratchDir dir("run_adaptive");
  dir.write("config.yaml", kAdaptiveConfig);
  const auto first = run(dir.path, "run config.yaml");
  REQUIRE_MESSAGE(first.exit_code == 0, first.output);
  CHECK(first.output.find("kmc: explored state") != std::string::npos);
  const auto kmc = nlohmann::json::parse(readFile(dir.path / "out/kmc.json"));
  CHECK(kmc["provider"] == "adaptive");
  const auto& adaptive = kmc.at("adaptive");
  CHECK(adaptive["states_explored"].get<long>() >= 1);
  CHECK(adaptive["searches_stored"].get<long>() >= 6);

  glassland::landscape::OpenOptions open;
  open.read_only = true;
  const auto store =
      glassland::landscape::EventStore::openExisting((dir.path / "out/landscape.sqlite").string(), open);
  long explore_rows = 0, adaptive_rows = 0;
  for (const auto& s : store.searches()) (s.index < 1'000'000 ? explore_rows : adaptive_rows) += 1;
  CHECK(explore_rows == 60);
  CHECK(adaptive_rows == adaptive["searches_stored"].get<long>());
  CHECK(store.numSearches() == adaptive["store_searches"].get<long>());

  // The explore stage's summary counts only its own searches.
  const auto explore = nlohmann::json::parse(readFile(dir.path / "out/explore.json"));
  CHECK(explore["searches"] == 60);

  // A bad key of the adaptive section names itself.
  const auto bad = run(dir.path, "kmc config.yaml --set kmc.adaptive.bogus=1");
  CHECK(bad.exit_code != 0);
  CHECK(bad.output.find("kmc.adaptive.bogus") != std::string::npos);
}
