// `glassland config [SECTION]` prints every key the config loader accepts
// with its default, as YAML that loads; `--help` lists the stages in pipeline order.

#include <doctest/doctest.h>
#include <unistd.h>

#include <regex>
#include <set>
#include <sstream>

#include "cli_support.hpp"

using cli_test::run;
using cli_test::ScratchDir;

namespace {

/// Keys printed at `indent` (commented out or not) in `text`.
std::set<std::string> keysAt(const std::string& text, int indent) {
  std::set<std::string> keys;
  const std::regex key("^" + std::string(static_cast<std::size_t>(indent), ' ') + "(# )?([a-z_]+):");
  std::istringstream in(text);
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_search(line, m, key)) keys.insert(m[2]);
  }
  return keys;
}

/// The valid keys the loader lists when it meets an unknown key.
std::set<std::string> validKeys(const std::string& message) {
  std::smatch m;
  std::set<std::string> keys;
  if (!std::regex_search(message, m, std::regex(R"(valid keys[^:]*: ([^)]*)\))"))) return keys;
  std::istringstream in(m[1].str());
  std::string key;
  while (std::getline(in, key, ',')) {
    key.erase(0, key.find_first_not_of(' '));
    keys.insert(key);
  }
  return keys;
}

const std::string kStructure = std::string("structure: ") + GLASSLAND_TEST_DATA + "/ljvac_sf_initial.data\n";
const std::string kPotential =
    "potential:\n  type: lj\n  pairs: {A-A: {epsilon: 1.0, sigma: 1.0, cutoff: 2.5}}\n  shift: force\n";

}  // namespace

TEST_CASE("--help lists the stages in pipeline order, then config") {
  ScratchDir dir("help_order");
  const auto help = run(dir.path, "--help");
  REQUIRE(help.exit_code == 0);
  std::size_t last = 0;
  for (const char* stage : {"minimize", "explore", "graph", "kmc", "report", "run", "config"}) {
    const auto at = help.output.find(std::string("\n  ") + stage + " ");
    REQUIRE_MESSAGE(at != std::string::npos, stage << " not in:\n" << help.output);
    CHECK_MESSAGE(at > last, stage << " out of order:\n" << help.output);
    last = at;
  }
}

TEST_CASE("glassland config: the defaults load as a config once structure and potential are filled in") {
  ScratchDir dir("config_defaults");
  const auto printed = run(dir.path, "config");
  REQUIRE_MESSAGE(printed.exit_code == 0, printed.output);
  // The required keys are printed commented out; the rest are live defaults.
  CHECK(printed.output.find("\n# structure:") != std::string::npos);
  CHECK(printed.output.find("\n# potential:") != std::string::npos);
  CHECK(printed.output.find("\nexplore:\n") != std::string::npos);
  CHECK(printed.output.find("\n  searches: 500 ") != std::string::npos);
  CHECK(printed.output.find("\n  temperatures: [0.30, 0.35, 0.40, 0.45] ") != std::string::npos);
  CHECK(printed.output.find("\n    dt: 0.01 ") != std::string::npos);  // minimize.fire, nested
  // Every key has a one-line comment.
  std::istringstream lines(printed.output);
  std::string line;
  const std::regex key_line(R"(^ *(# )?[a-z_]+: *[^ ])");
  int keys = 0;
  while (std::getline(lines, line)) {
    if (!std::regex_search(line, key_line)) continue;
    ++keys;
    CHECK_MESSAGE(line.find(" # ") != std::string::npos, line);
  }
  CHECK(keys > 150);

  std::string config = printed.output;
  const auto species = config.find("\nspecies: []");
  REQUIRE(species != std::string::npos);
  config.replace(species, std::string("\nspecies: []").size(), "\nspecies: [A]");
  dir.write("defaults.yaml", config + kStructure + kPotential);
  // Loading validates every section; a single-point minimisation is cheap.
  const auto loaded = run(dir.path, "minimize defaults.yaml --set minimize.max_iterations=0 -q");
  CHECK_MESSAGE(loaded.exit_code == 0, loaded.output);
}

TEST_CASE("glassland config lists every key the config loader accepts, section by section") {
  ScratchDir dir("config_keys");
  const std::vector<std::string> sections = {"",
                                             "minimize",
                                             "minimize.fire",
                                             "minimize.lbfgs",
                                             "explore",
                                             "explore.artn",
                                             "explore.dimer",
                                             "explore.lanczos",
                                             "explore.dimer_rotation",
                                             "explore.perp_relax",
                                             "explore.relax",
                                             "landscape",
                                             "graph",
                                             "kmc",
                                             "kmc.adaptive",
                                             "report",
                                             "structure",
                                             "potential"};
  for (const std::string& section : sections) {
    CAPTURE(section);
    // A config with an unknown key in `section`: the loader lists the valid ones.
    std::string yaml;
    int depth = 0;
    if (section.empty()) {
      yaml = kStructure + "species: [A]\n" + kPotential + "zzz_unknown: 1\n";
    } else if (section == "structure") {
      yaml = std::string("structure: {file: ") + GLASSLAND_TEST_DATA +
             "/ljvac_sf_initial.data, zzz_unknown: 1}\n" + "species: [A]\n" + kPotential;
      depth = 1;
    } else if (section == "potential") {
      yaml = kStructure + "species: [A]\n" + kPotential + "  zzz_unknown: 1\n";
      depth = 1;
    } else {
      yaml = kStructure + "species: [A]\n" + kPotential;
      std::string indent;
      std::size_t start = 0;
      for (;;) {
        const auto dot = section.find('.', start);
        yaml += indent + section.substr(start, dot - start) + ":\n";
        indent += "  ";
        ++depth;
        if (dot == std::string::npos) break;
        start = dot + 1;
      }
      yaml += indent + "zzz_unknown: 1\n";
    }
    dir.write("unknown.yaml", yaml);
    const auto refused = run(dir.path, "minimize unknown.yaml -q");
    REQUIRE_MESSAGE(refused.exit_code != 0, refused.output);
    const auto valid = validKeys(refused.output);
    REQUIRE_MESSAGE(!valid.empty(), refused.output);

    const auto printed = run(dir.path, "config " + section);
    REQUIRE_MESSAGE(printed.exit_code == 0, printed.output);
    const auto keys = keysAt(printed.output, 2 * depth);
    for (const auto& key : valid)
      CHECK_MESSAGE(keys.count(key) == 1, "'" << key << "' missing:\n" << printed.output);
  }

  const auto unknown = run(dir.path, "config nosuchsection");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.output.find("glassland: error: config: unknown section 'nosuchsection'") !=
        std::string::npos);
  CHECK(unknown.output.find("kmc.adaptive") != std::string::npos);
}
