#pragma once
// Running the glassland program from tests: a scratch directory per test,
// files written into it, and the exit code and stderr of a run.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "glassland/landscape/event_store.hpp"

namespace cli_test {

namespace fs = std::filesystem;

/// A fresh directory under the system temp dir, removed at the end.
struct ScratchDir {
  fs::path path;
  explicit ScratchDir(const std::string& name) {
    path = fs::temp_directory_path() / ("glassland_test_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ScratchDir() { fs::remove_all(path); }
  fs::path write(const std::string& file, const std::string& text) const {
    std::ofstream(path / file) << text;
    return path / file;
  }
};

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

/// Runs `glassland ARGS` in `dir`.
inline RunResult run(const fs::path& dir, const std::string& args) {
  const fs::path log = dir / "run.log";
  const std::string command =
      "cd '" + dir.string() + "' && '" + GLASSLAND_EXE + "' " + args + " > '" + log.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  result.output = text.str();
  return result;
}

inline std::string readFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A config of the fcc LJ vacancy crystal (shifted-force LJ, cheap searches)
/// with the given explore: and further sections appended.
inline std::string vacancyConfig(const std::string& explore, const std::string& more = "") {
  return "units: lj\nstructure: " + std::string(GLASSLAND_TEST_DATA) +
         "/ljvac_sf_initial.data\nspecies: [A]\npotential:\n  type: lj\n"
         "  pairs: {A-A: {epsilon: 1.0, sigma: 1.0, cutoff: 2.5}}\n  shift: force\n"
         "output: out\nminimize: {method: lbfgs, fmax: 1.0e-8}\nexplore: " +
         explore + "\n" + more;
}

/// Atom ids of the 12 neighbours of the vacancy in ljvac_sf_initial.data.
inline const std::string kVacancyNeighbours = "[2, 3, 4, 14, 15, 50, 52, 62, 195, 196, 207, 244]";

/// Searches recorded in the store at `path` so far (0 while it does not exist),
/// read while another process may be writing it.
inline long recordedSearches(const fs::path& path) {
  try {
    glassland::landscape::OpenOptions open;
    open.read_only = true;
    open.verify_integrity = false;
    return glassland::landscape::EventStore::openExisting(path.string(), open).numSearches();
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace cli_test
