#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "glassland/config/config.hpp"
#include "glassland/core/error.hpp"

using glassland::Config;
using glassland::InputError;

namespace {

std::filesystem::path writeConfig(const std::string& name, const std::string& text) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("glassland_config_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name) << text;
  return dir / name;
}

const std::string kBase =
    "units: lj\nstructure: glass.data\nspecies: [A, B]\npotential: {type: lj, preset: kob-andersen}\n"
    "output: out\nexplore: {searches: 10, seed: 3}\n";

}  // namespace

TEST_CASE("config: relative paths resolve against the config file's directory") {
  const auto file = writeConfig("a.yaml", kBase);
  const Config config = Config::load(file);
  CHECK(config.structure == file.parent_path() / "glass.data");
  CHECK(config.output == file.parent_path() / "out");
  CHECK(config.species == std::vector<std::string>{"A", "B"});
}

TEST_CASE("config: --set overrides sections and top-level keys") {
  const auto file = writeConfig("b.yaml", kBase);
  const Config config =
      Config::load(file, {"explore.searches=25", "output=/tmp/x", "kmc.temperatures=[0.5, 0.6]"});
  CHECK(config.root["explore"]["searches"].as<int>() == 25);
  CHECK(config.root["explore"]["seed"].as<int>() == 3);
  CHECK(config.output == "/tmp/x");
  CHECK(config.root["kmc"]["temperatures"].size() == 2);
  CHECK_THROWS_AS(Config::load(file, {"explore.searches"}), InputError);
  CHECK_THROWS_AS(Config::load(file, {"explore..seed=1"}), InputError);
  CHECK_THROWS_WITH_AS(Config::load(file, {"explore.seed.x=1"}),
                       doctest::Contains("'explore.seed' is not a section"), InputError);
  // Nested keys at any depth; missing sections are created; siblings stay.
  const Config nested = Config::load(file, {"explore.artn.climb_mode=false", "explore.artn.basin_step=0.02",
                                            "kmc.adaptive.max_searches=12"});
  CHECK_FALSE(nested.root["explore"]["artn"]["climb_mode"].as<bool>());
  CHECK(nested.root["explore"]["artn"]["basin_step"].as<double>() == 0.02);
  CHECK(nested.root["explore"]["searches"].as<int>() == 10);
  CHECK(nested.root["kmc"]["adaptive"]["max_searches"].as<int>() == 12);
  CHECK(nested.root["units"].as<std::string>() == "lj");
}

TEST_CASE(
    "config: hashes see values, not formatting, and ignore the listed keys without changing the config") {
  const auto a = Config::load(writeConfig("c.yaml", kBase));
  const auto b = Config::load(writeConfig("d.yaml", kBase + "# a comment\n"));
  CHECK(a.hashOf({"potential", "explore"}) == b.hashOf({"potential", "explore"}));
  const auto c = Config::load(writeConfig("e.yaml", kBase), {"explore.searches=99"});
  CHECK(a.hashOf({"explore"}) != c.hashOf({"explore"}));
  CHECK(a.hashOf({"explore"}, {"explore.searches"}) == c.hashOf({"explore"}, {"explore.searches"}));
  // Ignoring a key must not remove it from the config (yaml-cpp nodes share data).
  CHECK(c.root["explore"]["searches"].as<int>() == 99);
  CHECK(c.hashOf({"explore"}) != a.hashOf({"explore"}));
}

TEST_CASE("config: unknown stage keys fail at load with the valid ones listed") {
  const auto file = writeConfig("f.yaml", kBase + "kmc: {temperature: [0.3]}\n");
  CHECK_THROWS_WITH_AS(Config::load(file), doctest::Contains("temperatures"), InputError);
}
