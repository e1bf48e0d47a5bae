// kmc.prefactor: vineyard end to end: the explore stage stores each
// transition's Vineyard prefactors, KMC runs on them, and a store without them
// is refused with a message that says what to do.

#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "glassland/landscape/event_store.hpp"

using cli_test::readFile;
using cli_test::run;
using cli_test::ScratchDir;

namespace {

// The fcc LJ vacancy crystal; local searches (active radius 3: 134 atoms) on
// the 12 neighbours of the vacancy find its hops, all with the same barrier.
const std::string kConfig = cli_test::vacancyConfig(
    "{method: artn, searches: 12, seed: 5, threads: 2, active_radius: 3.0, centres: " +
        cli_test::kVacancyNeighbours + "}",
    "kmc: {temperatures: [1.0], trajectories: 4, steps: 300, seed: 2, superbasin: false}\n");

nlohmann::json kmcJson(const ScratchDir& dir) {
  return nlohmann::json::parse(readFile(dir.path / "out" / "kmc.json"));
}

}  // namespace

TEST_CASE("kmc.prefactor vineyard: the store holds every transition's prefactors and KMC uses them") {
  ScratchDir dir("vineyard_run");
  dir.write("config.yaml", kConfig);
  const auto vy = run(dir.path, "run config.yaml --set kmc.prefactor=vineyard");
  REQUIRE_MESSAGE(vy.exit_code == 0, vy.output);
  CHECK(vy.output.find("Vineyard prefactors of this run") != std::string::npos);
  const auto explore = nlohmann::json::parse(readFile(dir.path / "out" / "explore.json"));
  REQUIRE(explore.contains("vineyard"));
  CHECK(explore["vineyard"]["force_calls_median"].get<double>() > 0);

  glassland::landscape::OpenOptions open;
  open.read_only = true;
  double lo = 1e300, hi = 0;
  {
    const auto store =
        glassland::landscape::EventStore::openExisting((dir.path / "out/landscape.sqlite").string(), open);
    REQUIRE(store.numTransitions() >= 1);
    for (const auto& t : store.transitions()) {
      REQUIRE(t.prefactor_fwd);
      REQUIRE(t.prefactor_rev);
      CHECK(*t.prefactor_fwd > 0.3);  // the vacancy hop: 0.8 / tau with every atom free, ~2 / tau here
      CHECK(*t.prefactor_fwd < 10.0);
      lo = std::min({lo, *t.prefactor_fwd, *t.prefactor_rev});
      hi = std::max({hi, *t.prefactor_fwd, *t.prefactor_rev});
    }
  }
  const double d_rw_vineyard = kmcJson(dir)["species"]["A"]["D_rw"][0].get<double>();

  // The same store with the fixed prefactor 1 / tau: every hop has the same
  // barrier, so the hop rate, hence D_rw, scales by the prefactors: between
  // their smallest and largest value.
  const auto fixed = run(dir.path, "kmc config.yaml --quiet --set kmc.prefactor=1.0");
  REQUIRE_MESSAGE(fixed.exit_code == 0, fixed.output);
  const double d_rw_fixed = kmcJson(dir)["species"]["A"]["D_rw"][0].get<double>();
  MESSAGE("D_rw vineyard / fixed = " << d_rw_vineyard / d_rw_fixed << ", prefactors in [" << lo << ", " << hi
                                     << "]");
  CHECK(d_rw_vineyard / d_rw_fixed > 0.9 * lo);
  CHECK(d_rw_vineyard / d_rw_fixed < 1.1 * hi);
  CHECK(std::abs(d_rw_vineyard / d_rw_fixed - 1) > 0.2);

  // Extending this store without Vineyard prefactors is refused (config hash).
  const auto mixed = run(dir.path, "explore config.yaml --quiet --set explore.searches=14");
  CHECK(mixed.exit_code == 2);
  CHECK(mixed.output.find("config hash") != std::string::npos);
}

TEST_CASE("kmc.prefactor vineyard on a store explored without it: a clear error") {
  ScratchDir dir("vineyard_missing");
  dir.write("config.yaml", kConfig);
  const auto first = run(dir.path, "run config.yaml --quiet");
  REQUIRE_MESSAGE(first.exit_code == 0, first.output);
  const auto vy = run(dir.path, "kmc config.yaml --quiet --set kmc.prefactor=vineyard");
  CHECK(vy.exit_code == 2);
  CHECK(vy.output.find("has no forward Vineyard prefactor") != std::string::npos);
  CHECK(vy.output.find("explore again into a new store") != std::string::npos);
  const auto typo = run(dir.path, "kmc config.yaml --quiet --set kmc.prefactor=vinyard");
  CHECK(typo.exit_code == 2);
  CHECK(typo.output.find("expected a number (1/time) or vineyard") != std::string::npos);
}
