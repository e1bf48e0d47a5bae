// What the program does around bad input that is not a single message (issue
// 16): one process per output directory, Ctrl-C, the store's WAL files, and
// stages that refuse to start from a failed minimisation.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
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

namespace fs = std::filesystem;

pid_t spawn(const fs::path& dir, const std::vector<std::string>& args, const fs::path& log) {
  const pid_t child = fork();
  if (child == 0) {
    if (chdir(dir.c_str()) != 0) _exit(127);
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(GLASSLAND_EXE));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(GLASSLAND_EXE, argv.data());
    _exit(127);
  }
  return child;
}

int waitExit(pid_t child) {
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("a second process on the same output directory is refused while the first holds it") {
  ScratchDir dir("lock_held");
  dir.write("config.yaml", cli_test::vacancyConfig("{method: artn, searches: 2, seed: 1, threads: 1}"));
  fs::create_directories(dir.path / "out");
  // Stand in for a running glassland: hold the lock the program takes.
  const int fd = ::open((dir.path / "out/.lock").c_str(), O_RDWR | O_CREAT, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
  for (const char* stage : {"explore", "kmc", "run", "minimize"}) {
    CAPTURE(stage);
    const auto refused = run(dir.path, std::string(stage) + " config.yaml --quiet");
    CAPTURE(refused.output);
    CHECK(refused.exit_code == 2);
    CHECK(refused.output.rfind("glassland: error:", 0) == 0);
    CHECK(refused.output.find("another glassland process") != std::string::npos);
  }
  CHECK_FALSE(fs::exists(dir.path / "out/landscape.sqlite"));
  ::close(fd);  // released: the same command now runs
  const auto ok = run(dir.path, "explore config.yaml --quiet");
  CHECK_MESSAGE(ok.exit_code == 0, ok.output);
}

TEST_CASE("two explore processes started together on one output never store the root twice") {
  ScratchDir reference("lock_reference");
  const std::string config = cli_test::vacancyConfig("{method: artn, searches: 4, seed: 1, threads: 1}");
  reference.write("config.yaml", config);
  REQUIRE(run(reference.path, "explore config.yaml --quiet").exit_code == 0);
  const long minima =
      EventStore::openExisting((reference.path / "out/landscape.sqlite").string()).numMinima();

  ScratchDir dir("lock_race");
  dir.write("config.yaml", config);
  const pid_t a = spawn(dir.path, {"explore", "config.yaml", "--quiet"}, dir.path / "a.log");
  const pid_t b = spawn(dir.path, {"explore", "config.yaml", "--quiet"}, dir.path / "b.log");
  const int ea = waitExit(a), eb = waitExit(b);
  const std::string la = readFile(dir.path / "a.log"), lb = readFile(dir.path / "b.log");
  CAPTURE(la);
  CAPTURE(lb);
  // Each either ran (0) or was refused (2, naming the other process); one ran.
  for (auto [code, log] : {std::pair{ea, la}, std::pair{eb, lb}}) {
    CHECK((code == 0 || code == 2));
    if (code == 2) CHECK(log.find("another glassland process") != std::string::npos);
  }
  CHECK((ea == 0 || eb == 0));
  // Whatever the interleaving, the store equals a single run's: one root minimum.
  const auto store = EventStore::openExisting((dir.path / "out/landscape.sqlite").string());
  CHECK(store.numMinima() == minima);
  CHECK(store.numSearches() == 4);
}

TEST_CASE("Ctrl-C stops explore between searches with exit 130, and the rerun resumes") {
  ScratchDir dir("interrupt");
  dir.write("config.yaml", cli_test::vacancyConfig("{method: artn, searches: 200, seed: 3, threads: 1}"));
  REQUIRE(run(dir.path, "minimize config.yaml --quiet").exit_code == 0);
  const auto store = dir.path / "out/landscape.sqlite";
  const pid_t child = spawn(dir.path, {"explore", "config.yaml", "--quiet"}, dir.path / "explore.log");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline && recordedSearches(store) < 2)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  kill(child, SIGINT);
  const int code = waitExit(child);
  const std::string log = readFile(dir.path / "explore.log");
  CAPTURE(log);
  CHECK(code == 130);
  CHECK(log.find("glassland: interrupted; rerun the same command to resume") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path / "out/explore.json"));  // no output for an interrupted run
  const long stored = recordedSearches(store);
  CHECK(stored >= 2);
  CHECK(stored < 200);
  // The stored searches stay and count: the rerun (fewer searches) resumes from them.
  const auto resumed =
      run(dir.path, "explore config.yaml --set explore.searches=" + std::to_string(stored + 1));
  CHECK_MESSAGE(resumed.exit_code == 0, resumed.output);
  CHECK(resumed.output.find("resuming") != std::string::npos);
}

TEST_CASE("SIGTERM stops kmc between steps without writing its output") {
  ScratchDir dir("sigterm");
  // Lattice-vacancy KMC with a simulated time it would take hours to reach.
  dir.write("config.yaml", cli_test::vacancyConfig("{searches: 2}",
                                                   "kmc: {provider: {type: lattice-vacancy, cells: 4}, "
                                                   "temperatures: [1.0], trajectories: 2, threads: 1, "
                                                   "duration: 1.0e15, max_steps: 1000000000000}\n"));
  const pid_t child = spawn(dir.path, {"kmc", "config.yaml", "--quiet"}, dir.path / "kmc.log");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  kill(child, SIGTERM);
  const int code = waitExit(child);
  const std::string log = readFile(dir.path / "kmc.log");
  CAPTURE(log);
  CHECK(code == 130);
  CHECK(log.find("glassland: interrupted; rerun the same command to resume") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path / "out/kmc.json"));
}

TEST_CASE("a clean explore leaves no SQLite -wal or -shm file") {
  ScratchDir dir("wal");
  dir.write("config.yaml", cli_test::vacancyConfig("{method: artn, searches: 2, seed: 1, threads: 1}"));
  const auto result = run(dir.path, "explore config.yaml --quiet");
  REQUIRE_MESSAGE(result.exit_code == 0, result.output);
  CHECK(fs::exists(dir.path / "out/landscape.sqlite"));
  CHECK_FALSE(fs::exists(dir.path / "out/landscape.sqlite-wal"));
  CHECK_FALSE(fs::exists(dir.path / "out/landscape.sqlite-shm"));
  const auto graph = run(dir.path, "graph config.yaml --quiet");
  REQUIRE_MESSAGE(graph.exit_code == 0, graph.output);
  CHECK_FALSE(fs::exists(dir.path / "out/landscape.sqlite-wal"));
  CHECK_FALSE(fs::exists(dir.path / "out/landscape.sqlite-shm"));
}

TEST_CASE("explore refuses to start from a minimisation that did not converge") {
  ScratchDir dir("unconverged");
  dir.write("config.yaml", cli_test::vacancyConfig("{method: artn, searches: 2, seed: 1, threads: 1}") + "");
  const auto minimize =
      run(dir.path, "minimize config.yaml --quiet --set minimize.max_iterations=1 --set minimize.fmax=1e-20");
  CAPTURE(minimize.output);
  CHECK(minimize.exit_code == 2);
  CHECK(minimize.output.find("did not converge") != std::string::npos);
  const auto json = nlohmann::json::parse(readFile(dir.path / "out/minimize.json"));
  CHECK(json["converged"] == false);
  const auto explore =
      run(dir.path, "explore config.yaml --quiet --set minimize.max_iterations=1 --set minimize.fmax=1e-20");
  CAPTURE(explore.output);
  CHECK(explore.exit_code == 2);
  CHECK(explore.output.rfind("glassland: error:", 0) == 0);
  CHECK(explore.output.find("did not converge") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path / "out/landscape.sqlite"));
}

TEST_CASE("a structure with a non-finite energy stops minimize and explore with a clear error") {
  ScratchDir dir("nonfinite");
  // Two atoms on the same spot (the distance check switched off): infinite LJ energy.
  std::string data = readFile(std::string(GLASSLAND_TEST_DATA) + "/ljvac_sf_initial.data");
  const auto at = data.find("\n3 1 ");
  REQUIRE(at != std::string::npos);
  data.replace(at, data.find('\n', at + 1) - at,
               "\n3 1 0.7751325210674856 0.7751325210674858 6.231994944976802 0 0 -1");
  dir.write("overlap.data", data);
  dir.write("config.yaml",
            "units: lj\nstructure: {file: overlap.data, min_distance: 0}\nspecies: [A]\n"
            "potential: {type: lj, pairs: {A-A: {epsilon: 1, sigma: 1, cutoff: 2.5}}, shift: force}\n"
            "explore: {searches: 2}\n");
  for (const char* stage : {"minimize", "explore"}) {
    CAPTURE(stage);
    const auto result = run(dir.path, std::string(stage) + " config.yaml --quiet");
    CAPTURE(result.output);
    CHECK(result.exit_code == 2);
    CHECK(result.output.rfind("glassland: error:", 0) == 0);
    CHECK(result.output.find("not finite") != std::string::npos);
    CHECK(result.output.find("json.exception") == std::string::npos);
    CHECK_FALSE(fs::exists(dir.path / "out/minimize.json"));
  }
}

TEST_CASE("help and version still exit 0, and a misspelt stage suggests the closest") {
  ScratchDir dir("cli_words");
  CHECK(run(dir.path, "--help").exit_code == 0);
  CHECK(run(dir.path, "--version").exit_code == 0);
  CHECK(run(dir.path, "minimize --help").exit_code == 0);
  const auto typo = run(dir.path, "minimise c.yaml");
  CHECK(typo.exit_code == 2);
  CHECK(typo.output.find("'minimise' is not a stage; did you mean 'minimize'?") != std::string::npos);
}
