#pragma once
// Helpers shared by the io tests: scratch files and checks of InputError messages.

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "glassland/core/error.hpp"
#include "glassland/io/io.hpp"

namespace iotest {

inline const std::string kData = GLASSLAND_TEST_DATA "/io/";
inline const std::string kGlass = GLASSLAND_SOURCE_DIR "/data/ka1000_quenched.data";

/// A scratch directory private to this process (CTest runs test cases as
/// separate processes, possibly in parallel), removed at exit.
inline std::filesystem::path scratch() {
  struct Dir {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("glassland_io_test_" + std::to_string(::getpid()));
    Dir() { std::filesystem::create_directories(path); }
    ~Dir() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static const Dir dir;
  return dir.path;
}

/// Writes `content` to a scratch file called `name` and returns its path.
inline std::string writeFile(const std::string& name, const std::string& content) {
  std::string path = (scratch() / name).string();
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

inline std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Reading `path` must throw InputError whose message names the file, the
/// 1-based `line` (as "file:line:"; 0 = no line) and contains `reason`.
inline void expectInputError(const std::string& path, int line, const std::string& reason,
                             const std::vector<std::string>& species = {},
                             const glassland::io::ReadOptions& options = {}) {
  try {
    glassland::io::readStructure(path, species, options);
    FAIL("no error reading " << path << " (expected: " << reason << ")");
  } catch (const glassland::InputError& e) {
    const std::string msg = e.what();
    INFO("message: " << msg);
    CHECK(e.file() == path);
    CHECK(e.line() == line);
    if (line > 0)
      CHECK(msg.find(path + ":" + std::to_string(line) + ": ") == 0);
    else
      CHECK(msg.find(path + ": ") == 0);
    CHECK(msg.find(reason) != std::string::npos);
  }
}

/// Every field of two structures equal, positions bit for bit (operator== on
/// the matrices compares every double exactly).
inline void checkIdentical(const glassland::Structure& a, const glassland::Structure& b) {
  REQUIRE(a.size() == b.size());
  CHECK(a.cell == b.cell);
  CHECK(a.ids == b.ids);
  CHECK(a.types == b.types);
  CHECK(a.species == b.species);
  CHECK(a.masses == b.masses);
  CHECK((a.positions.array() == b.positions.array()).all());
}

}  // namespace iotest
