#pragma once
// Running the glassland program from tests: a scratch directory per test,
// files written into it, and the exit code and stderr of a run.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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

}  // namespace cli_test
