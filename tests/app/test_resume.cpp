// Crash safety of `glassland explore` (issue 4): a run killed with SIGKILL in
// the middle loses no completed search, counts none twice, and after a rerun
// the store equals that of an uninterrupted run with the same seed.

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "cli_support.hpp"
#include "glassland/landscape/event_store.hpp"

using cli_test::recordedSearches;
using cli_test::run;
using cli_test::ScratchDir;
using glassland::landscape::EventStore;

namespace {

const std::string kConfig = cli_test::vacancyConfig("{method: artn, searches: 80, seed: 3, threads: 1}");

}  // namespace

TEST_CASE("explore killed with SIGKILL resumes to the same store as an uninterrupted run") {
  ScratchDir reference("explore_reference");
  reference.write("config.yaml", kConfig);
  const auto full = run(reference.path, "explore config.yaml --quiet");
  REQUIRE_MESSAGE(full.exit_code == 0, full.output);
  const auto reference_store = reference.path / "out/landscape.sqlite";

  ScratchDir dir("explore_killed");
  dir.write("config.yaml", kConfig);
  // Minimise first so the kill lands inside the searches.
  REQUIRE(run(dir.path, "minimize config.yaml --quiet").exit_code == 0);
  const auto store = dir.path / "out/landscape.sqlite";

  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    if (chdir(dir.path.c_str()) != 0) _exit(127);
    execl(GLASSLAND_EXE, GLASSLAND_EXE, "explore", "config.yaml", "--quiet", static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill once a good part, but not all, of the searches are recorded.
  long seen = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    seen = recordedSearches(store);
    if (seen >= 20) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  const long after_kill = recordedSearches(store);
  MESSAGE("killed with " << after_kill << " of 80 searches recorded");
  CHECK(after_kill >= 20);
  CHECK(after_kill < 80);

  // The interrupted store opens (integrity check on) and holds each completed search once.
  {
    const auto interrupted = EventStore::openExisting(store.string());
    const auto done = interrupted.completedSearches();
    CHECK(static_cast<long>(done.size()) == interrupted.numSearches());
  }

  const auto resumed = run(dir.path, "explore config.yaml");
  REQUIRE_MESSAGE(resumed.exit_code == 0, resumed.output);
  CHECK(resumed.output.find("resuming") != std::string::npos);

  const auto a = EventStore::openExisting(store.string());
  const auto b = EventStore::openExisting(reference_store.string());
  CHECK(a.numSearches() == 80);
  CHECK(a.numMinima() == b.numMinima());
  CHECK(a.numTransitions() == b.numTransitions());
  CHECK(a.canonicalDump() == b.canonicalDump());
}

TEST_CASE("explore refuses a store written with another potential") {
  ScratchDir dir("explore_refuse");
  dir.write("config.yaml", kConfig);
  REQUIRE(run(dir.path, "explore config.yaml --quiet --set explore.searches=2").exit_code == 0);
  const auto other =
      run(dir.path, "explore config.yaml --quiet --set explore.searches=2 --set potential.shift=energy");
  CHECK(other.exit_code != 0);
  CHECK(other.output.find("landscape.sqlite") != std::string::npos);
}

TEST_CASE("a truncated store is a clear error") {
  ScratchDir dir("explore_truncated");
  dir.write("config.yaml", kConfig);
  REQUIRE(run(dir.path, "explore config.yaml --quiet --set explore.searches=4").exit_code == 0);
  const auto path = dir.path / "out/landscape.sqlite";
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
  const auto result = run(dir.path, "graph config.yaml --quiet");
  CHECK(result.exit_code != 0);
  CHECK(result.output.find("glassland: error:") != std::string::npos);
  CHECK(result.output.find("landscape.sqlite") != std::string::npos);
}
