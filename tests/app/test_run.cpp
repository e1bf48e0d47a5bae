// `glassland run` end to end (issue 6): the whole pipeline on a tiny system,
// stage skipping, and an interrupted run that finishes with the same results
// as an uninterrupted one.

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_support.hpp"
#include "glassland/landscape/event_store.hpp"

using cli_test::readFile;
using cli_test::recordedSearches;
using cli_test::run;
using cli_test::ScratchDir;
using glassland::landscape::EventStore;

namespace {

// The centres are the 12 neighbours of the vacancy, so the searches find its hops.
const std::string kConfig = cli_test::vacancyConfig(
    "{method: artn, searches: 60, seed: 5, threads: 1, centres: " + cli_test::kVacancyNeighbours + "}",
    "kmc: {temperatures: [0.8, 1.0, 1.2], trajectories: 4, steps: 400, seed: 2}\n");

nlohmann::json stageJson(const ScratchDir& dir, const std::string& stage) {
  return nlohmann::json::parse(readFile(dir.path / "out" / (stage + ".json")));
}

/// The numbers of a stage's JSON without the fields that may differ between
/// runs (the `timing` object: timings, threads, searches done by this run).
nlohmann::json numbers(nlohmann::json json) {
  json.erase("timing");
  return json;
}

}  // namespace

TEST_CASE("run: the pipeline, then a rerun that skips every stage") {
  ScratchDir dir("run_pipeline");
  dir.write("config.yaml", kConfig);
  const auto first = run(dir.path, "run config.yaml --quiet");
  REQUIRE_MESSAGE(first.exit_code == 0, first.output);
  for (const char* stage : {"minimize", "explore", "graph", "kmc"}) {
    CHECK(std::filesystem::exists(dir.path / "out" / (std::string(stage) + ".json")));
  }
  const auto explore = stageJson(dir, "explore");
  CHECK(explore["searches"] == 60);
  CHECK(explore["unique_saddles"].get<long>() >= 1);
  const auto kmc = stageJson(dir, "kmc");
  CHECK(kmc["temperatures"].size() == 3);

  const auto again = run(dir.path, "run config.yaml");
  REQUIRE_MESSAGE(again.exit_code == 0, again.output);
  for (const char* stage : {"minimize", "explore", "graph", "kmc"}) {
    CHECK(again.output.find(std::string(stage) + ": up to date, skipped") != std::string::npos);
  }
  // The summary table ends the run: D, D_rw, f per species and T, and the Arrhenius split.
  CHECK(again.output.find("summary (lj units") != std::string::npos);
  CHECK(again.output.find("E_rw") != std::string::npos);
  CHECK(stageJson(dir, "kmc") == kmc);

  // A changed kmc section reruns kmc only.
  const auto changed = run(dir.path, "run config.yaml --set kmc.steps=200");
  REQUIRE(changed.exit_code == 0);
  CHECK(changed.output.find("explore: up to date, skipped") != std::string::npos);
  CHECK(changed.output.find("kmc: up to date, skipped") == std::string::npos);
}

TEST_CASE("run: killed during explore, rerun finishes with the results of an uninterrupted run") {
  ScratchDir reference("run_reference");
  reference.write("config.yaml", kConfig);
  REQUIRE(run(reference.path, "run config.yaml --quiet").exit_code == 0);

  ScratchDir dir("run_killed");
  dir.write("config.yaml", kConfig);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    if (chdir(dir.path.c_str()) != 0) _exit(127);
    execl(GLASSLAND_EXE, GLASSLAND_EXE, "run", "config.yaml", "--quiet", static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto store = dir.path / "out/landscape.sqlite";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline && recordedSearches(store) < 15) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  const long recorded = recordedSearches(store);
  MESSAGE("killed with " << recorded << " of 60 searches recorded");
  CHECK(recorded < 60);
  CHECK_FALSE(std::filesystem::exists(dir.path / "out/kmc.json"));

  const auto rerun = run(dir.path, "run config.yaml");
  REQUIRE_MESSAGE(rerun.exit_code == 0, rerun.output);
  CHECK(rerun.output.find("minimize: up to date, skipped") != std::string::npos);
  for (const char* stage : {"minimize", "explore", "graph", "kmc"}) {
    CAPTURE(stage);
    CHECK(numbers(stageJson(dir, stage)) == numbers(stageJson(reference, stage)));
  }
  CHECK(EventStore::openExisting(store.string()).canonicalDump() ==
        EventStore::openExisting((reference.path / "out/landscape.sqlite").string()).canonicalDump());
}
