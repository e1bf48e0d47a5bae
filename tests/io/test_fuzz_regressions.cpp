// Every input a fuzzer found to crash a reader (fuzz/regressions/<target>/,
// one file per finding, fixed since) is read again: a result or an
// InputError is fine, anything else (another exception, a sanitizer report in
// scripts/sanitize.sh's build) fails.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "glassland/config/config.hpp"
#include "glassland/core/error.hpp"
#include "glassland/io/extxyz.hpp"
#include "glassland/io/lammps_data.hpp"
#include "glassland/io/lammps_dump.hpp"

namespace fs = std::filesystem;
using namespace glassland;

namespace {

const fs::path kRegressions = fs::path(GLASSLAND_SOURCE_DIR) / "fuzz" / "regressions";

/// Runs `read` on every file of fuzz/regressions/`target`; returns how many.
template <class Read>
int replay(const std::string& target, Read read) {
  int count = 0;
  const fs::path dir = kRegressions / target;
  if (!fs::is_directory(dir)) return 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string path = entry.path().string();
    INFO("input: " << path);
    try {
      read(path);
    } catch (const InputError&) {
      // bad input, reported as such
    }
    ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("fuzz regressions: the structure readers end every found input with a result or an InputError") {
  io::ReadOptions last;
  last.frame = -1;
  const int n = replay("lammps_data", [&](const std::string& p) { io::readLammpsData(p); }) +
                replay("lammps_dump",
                       [&](const std::string& p) {
                         io::readLammpsDump(p, {"A", "B"}, last);
                       }) +
                replay("extxyz", [&](const std::string& p) { io::readExtxyz(p); });
  MESSAGE(n << " structure inputs replayed");
}

TEST_CASE("fuzz regressions: the config loader ends every found input with a result or an InputError") {
  const int n = replay("config", [](const std::string& p) { (void)Config::load(p); });
  MESSAGE(n << " configs replayed");
}
