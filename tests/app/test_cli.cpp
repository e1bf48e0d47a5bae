// The glassland program end to end: the minimize stage on the bundled glass,
// and bad input of every kind ending in a clear message and a non-zero exit
// with nothing half-written.

#include <doctest/doctest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"

using cli_test::readFile;
using cli_test::run;
using cli_test::ScratchDir;

namespace {

const std::string kData = std::string(GLASSLAND_TEST_DATA);

std::string kaConfig(const std::string& structure, const std::string& extra = "") {
  return "units: lj\nstructure: " + structure +
         "\nspecies: [A, B]\npotential:\n  type: lj\n  preset: kob-andersen\n  shift: energy\noutput: out\n" +
         extra;
}

/// The data file with line `line` (1-based) replaced by `text` (or removed when empty).
std::string editedKaData(int line, const std::string& text) {
  std::istringstream in(readFile(kData + "/ka1000_quenched.data"));
  std::string out, l;
  for (int n = 1; std::getline(in, l); ++n) {
    if (n == line) {
      if (!text.empty()) out += text + "\n";
    } else {
      out += l + "\n";
    }
  }
  return out;
}

struct BadCase {
  std::string name;
  std::string config;               // config.yaml text
  std::string data_name;            // extra file to write (may be empty)
  std::string data;                 // its text
  std::string args;                 // extra command-line arguments
  std::vector<std::string> expect;  // substrings of the error message
};

}  // namespace

TEST_CASE("minimize: the bundled glass relaxes to the LAMMPS inherent-structure energy") {
  ScratchDir dir("minimize");
  dir.write("config.yaml",
            kaConfig(kData + "/ka1000_quenched.data", "minimize: {method: fire, fmax: 1.0e-8}\n"));
  const auto result = run(dir.path, "minimize config.yaml --quiet");
  REQUIRE_MESSAGE(result.exit_code == 0, result.output);
  const auto json = nlohmann::json::parse(readFile(dir.path / "out/minimize.json"));
  CHECK(json["natoms"] == 1000);
  CHECK(json["fmax"].get<double>() < 1e-8);
  // LAMMPS FIRE + CG inherent structure: -7.6320394905 per atom (tests/data/lammps/README.md, in.ka_glass). A
  // different nearby minimum is allowed; the issue asks for 1e-3.
  const double e = json["energy_per_atom"].get<double>();
  MESSAGE("energy per atom " << e << ", LAMMPS -7.6320394905, difference " << e + 7.6320394905);
  CHECK(std::abs(e - (-7.6320394905)) < 1e-3);
  for (const char* key : {"energy", "iterations", "force_calls", "timing", "config_hash"}) {
    CHECK(json.contains(key));
  }
  CHECK(std::filesystem::exists(dir.path / "out/minimized.data"));
  CHECK(std::filesystem::exists(dir.path / "out/config.yaml"));
}

TEST_CASE("minimize: max_iterations 0 is a single-point evaluation equal to LAMMPS") {
  ScratchDir dir("single_point");
  dir.write("config.yaml", kaConfig(kData + "/ka1000_quenched.data", "minimize: {max_iterations: 0}\n"));
  const auto result = run(dir.path, "minimize config.yaml --quiet");
  REQUIRE_MESSAGE(result.exit_code == 0, result.output);
  const auto json = nlohmann::json::parse(readFile(dir.path / "out/minimize.json"));
  CHECK(json["energy"].get<double>() == doctest::Approx(-7481.5220215493973).epsilon(1e-12));
  CHECK(json["iterations"] == 0);
}

TEST_CASE("--set overrides a section key and a top-level key") {
  ScratchDir dir("override");
  dir.write("config.yaml", kaConfig(kData + "/ka1000_quenched.data"));
  const auto result =
      run(dir.path, "minimize config.yaml --quiet --set minimize.max_iterations=0 --set output=elsewhere");
  REQUIRE_MESSAGE(result.exit_code == 0, result.output);
  const auto json = nlohmann::json::parse(readFile(dir.path / "elsewhere/minimize.json"));
  CHECK(json["iterations"] == 0);
}

TEST_CASE("bad input: a clear message, a non-zero exit, nothing written") {
  const std::string good = kData + "/ka1000_quenched.data";
  const std::string eam_file = kData + "/eam_alloy/CuNi.eam.alloy";
  // Line numbers in ka1000_quenched.data: header lines 1-16, atoms from line 17 (id 228, then 805).
  const std::vector<BadCase> cases = {
      {"truncated data file",
       kaConfig("bad.data"),
       "bad.data",
       readFile(good).substr(0, 20000),
       "",
       {"bad.data:", "expected 5 columns"}},
      {"wrong atom count",
       kaConfig("bad.data"),
       "bad.data",
       editedKaData(3, "1001 atoms"),
       "",
       {"bad.data:", "1001"}},
      {"unknown type",
       kaConfig("bad.data"),
       "bad.data",
       editedKaData(17, "228 3 1.0386696975043002 0.24774758695941804 0.5447490634499385 0 0 1"),
       "",
       {"bad.data:17", "type"}},
      {"NaN coordinate",
       kaConfig("bad.data"),
       "bad.data",
       editedKaData(17, "228 1 nan 0.24774758695941804 0.5447490634499385 0 0 1"),
       "",
       {"bad.data:17"}},
      {"two atoms at the same place",
       kaConfig("bad.data"),
       "bad.data",
       editedKaData(18, "805 1 1.0386696975043002 0.24774758695941804 0.5447490634499385 0 0 1"),
       "",
       {"bad.data", "228", "805"}},
      {"missing structure file", kaConfig("nowhere.data"), "", "", "", {"nowhere.data"}},
      {"missing potential file",
       "units: metal\nstructure: " + good +
           "\nspecies: [Cu, Ni]\npotential: {type: eam/alloy, file: nope.eam.alloy}\n",
       "",
       "",
       "",
       {"nope.eam.alloy"}},
      {"EAM in lj units",
       "units: lj\nstructure: " + good +
           "\nspecies: [Cu, Ni]\npotential: {type: eam/alloy, file: " + eam_file + "}\n",
       "",
       "",
       "",
       {"metal"}},
      {"species not in the EAM file",
       "units: metal\nstructure: " + good +
           "\nspecies: [Cu, Xx]\npotential: {type: eam/alloy, file: " + eam_file + "}\n",
       "",
       "",
       "",
       {"Xx"}},
      {"wrong units",
       "units: real\n" + kaConfig(good).substr(kaConfig(good).find('\n') + 1),
       "",
       "",
       "",
       {"config.yaml:1", "real", "lj, metal"}},
      {"unknown top-level key",
       kaConfig(good, "minimise: {fmax: 1e-6}\n"),
       "",
       "",
       "",
       {"config.yaml:9", "minimise", "minimize"}},
      {"unknown stage key",
       kaConfig(good, "minimize: {fmxa: 1e-6}\n"),
       "",
       "",
       "",
       {"minimize.fmxa", "fmax"}},
      {"unknown potential type",
       "units: lj\nstructure: " + good + "\nspecies: [A, B]\npotential: {type: morse}\n",
       "",
       "",
       "",
       {"morse", "lj, eam/alloy"}},
      {"unknown minimize method", kaConfig(good, "minimize: {method: cg}\n"), "", "", "", {"cg", "fire"}},
      {"a number that is not one",
       kaConfig(good, "minimize:\n  fmax: lots\n"),
       "",
       "",
       "",
       {"config.yaml:10", "fmax", "number"}},
      {"negative fmax", kaConfig(good, "minimize: {fmax: -1}\n"), "", "", "", {"fmax"}},
      {"missing pair in the LJ table",
       "units: lj\nstructure: " + good +
           "\nspecies: [A, B]\npotential:\n  type: lj\n  pairs: {A-A: {epsilon: 1, sigma: 1, cutoff: 2.5}}\n",
       "",
       "",
       "",
       {"A-B"}},
      {"too few species names",
       "units: lj\nstructure: " + good + "\nspecies: [A]\npotential: {type: lj, preset: kob-andersen}\n",
       "",
       "",
       "",
       {"2 atom types"}},
      {"malformed YAML", "units: lj\nstructure: [unclosed\n", "", "", "", {"config.yaml", "YAML"}},
      {"missing potential section", "units: lj\nstructure: " + good + "\n", "", "", "", {"potential"}},
      {"malformed --set", kaConfig(good), "", "", "--set minimize.fmax", {"--set", "key=value"}},
      {"missing config file", "", "", "", "--set output=x", {"not found"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    ScratchDir dir("bad");
    std::string config_name = "config.yaml";
    if (c.config.empty()) {
      config_name = "absent.yaml";
    } else {
      dir.write(config_name, c.config);
    }
    if (!c.data_name.empty()) dir.write(c.data_name, c.data);
    const auto result = run(dir.path, "minimize " + config_name + " --quiet " + c.args);
    CAPTURE(result.output);
    CHECK(result.exit_code != 0);
    CHECK(result.output.find("glassland: error:") != std::string::npos);
    for (const auto& expected : c.expect) CHECK(result.output.find(expected) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path / "out" / "minimize.json"));
  }
}
