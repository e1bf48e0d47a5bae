// The report writer: a self-contained index.html whose tables show the
// numbers of kmc.json, one inline SVG per plot when gnuplot is present, notes
// (not failure) without it, and the CSV files listed in the result.

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "glassland/kmc/graph_provider.hpp"
#include "glassland/kmc/kmc.hpp"
#include "glassland/report/csv.hpp"
#include "glassland/report/plot.hpp"
#include "glassland/report/report.hpp"

using namespace glassland;
using namespace glassland::report;
namespace fs = std::filesystem;

namespace {

std::string readFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Scratch {
  fs::path path;
  explicit Scratch(const std::string& name)
      : path(fs::temp_directory_path() /
             ("glassland_report_test_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Scratch() { fs::remove_all(path); }
};

/// kmc.json as the kmc module writes it, with a zero D at one temperature and
/// a NaN error at another (the report must show both without failing).
nlohmann::json kmcJson() {
  kmc::KmcResults r;
  r.provider = "graph";
  r.species = {"A", "B"};
  r.species_atoms = {800, 200};
  const std::vector<double> temperatures = {0.3, 0.4, 0.5};
  for (std::size_t t = 0; t < temperatures.size(); ++t) {
    kmc::TemperatureResult tr;
    tr.temperature = temperatures[t];
    tr.back_hop_fraction = 0.9 - 0.1 * static_cast<double>(t);
    for (int a = 0; a < 2; ++a) {
      kmc::SpeciesEstimate e;
      const double beta = 1.0 / temperatures[t];
      e.D_rw = (a + 1) * 0.7 * std::exp(-0.6 * beta);
      e.f = 0.3 * std::exp(-0.9 * beta) * (1.0 + 0.01 * static_cast<double>(t));
      e.D = e.D_rw * e.f;
      e.D_err = 0.05 * e.D;
      e.D_rw_err = 0.01 * e.D_rw;
      e.f_err = 0.05 * e.f;
      tr.species.push_back(e);
    }
    r.temperatures.push_back(tr);
  }
  r.temperatures[0].species[1].D = 0.0;  // B never left at the lowest T
  r.temperatures[0].species[1].f = 0.0;
  r.temperatures[1].species[0].D_err = NAN;
  for (int a = 0; a < 2; ++a) {
    std::vector<double> D, De, R, Re, F, Fe;
    for (const auto& tr : r.temperatures) {
      D.push_back(tr.species[a].D);
      De.push_back(tr.species[a].D_err);
      R.push_back(tr.species[a].D_rw);
      Re.push_back(tr.species[a].D_rw_err);
      F.push_back(tr.species[a].f);
      Fe.push_back(tr.species[a].f_err);
    }
    r.arrhenius.push_back({kmc::fitArrheniusSplit(temperatures, D, De, R, Re, F, Fe, 1.0)});
  }
  return kmc::toJson(r);
}

std::vector<TransitionRecord> records() {
  std::vector<TransitionRecord> out;
  // A chain 1 - 2 - 3 - ... with alternating species and a spread of barriers.
  for (long i = 1; i <= 40; ++i) {
    TransitionRecord r;
    r.id = i;
    r.from = i;
    r.to = i + 1;
    r.e_fwd = 0.3 + 0.02 * static_cast<double>(i % 17);
    r.e_rev = 0.2 + 0.03 * static_cast<double>(i % 11);
    r.saddle_energy = -100.0 + r.e_fwd;
    r.species = i % 3 ? "A" : "B";
    r.max_displacement = 0.5;
    r.max_displacement_atom = i;
    r.depth = 0.25 * static_cast<double>(i % 12);
    out.push_back(r);
  }
  return out;
}

ReportInputs inputs(const fs::path& output, const nlohmann::json& kmc_json) {
  ReportInputs in;
  in.output = output;
  in.units = Units::lj();
  in.kmc = KmcSummary::fromJson(kmc_json);
  in.temperatures = in.kmc->temperatures;
  in.transitions = records();
  for (long i = 1; i <= 41; ++i) in.minima.push_back({i, -100.0 + 0.01 * static_cast<double>(i), "", 0});
  in.free_surface = true;
  return in;
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("KmcSummary reads kmc.json; nulls become NaN") {
  const auto json = kmcJson();
  const auto k = KmcSummary::fromJson(json);
  REQUIRE(k.species.size() == 2);
  CHECK(k.species[0].name == "A");
  CHECK(k.temperatures == std::vector<double>{0.3, 0.4, 0.5});
  CHECK(k.species[1].points[0].D == 0.0);
  CHECK(std::isnan(k.species[0].points[1].D_err));
  CHECK(k.species[0].has_fit);
  CHECK(k.species[0].D.E == json["arrhenius"]["A"]["E_D"].get<double>());
  CHECK(k.back_hop_fraction.at(2) == doctest::Approx(0.7));
  auto broken = json;
  broken.erase("temperatures");
  CHECK_THROWS_AS(KmcSummary::fromJson(broken), Error);
}

TEST_CASE("report: self-contained HTML whose tables equal kmc.json, one SVG per plot") {
  Scratch dir("html");
  const auto json = kmcJson();
  ReportOptions options;
  options.histogram_bins = 12;
  const auto result = writeReport(inputs(dir.path, json), options);
  for (const auto& f : result.files) CHECK_MESSAGE(fs::exists(dir.path / f), f);
  for (const char* f :
       {"report/index.html", "report/transitions.csv", "report/kmc.csv", "report/arrhenius.csv",
        "report/asymmetry.csv", "report/p_back.csv", "report/report_data.json"}) {
    CHECK_MESSAGE(std::find(result.files.begin(), result.files.end(), f) != result.files.end(), f);
  }
  const std::string page = readFile(dir.path / "report/index.html");

  // Opens offline: no external resource anywhere.
  CHECK_FALSE(std::regex_search(page, std::regex(R"((src|href)\s*=\s*["']?https?:)", std::regex::icase)));
  CHECK(count(page, "<script") == 0);
  CHECK(count(page, "<link") == 0);

  // Every number of the KMC table equals kmc.json exactly (data-value) and as shown (4 digits).
  const std::regex cell(
      R"re(data-quantity="([^"]+)" data-species="([^"]+)" data-temperature="([^"]+)" data-value="([^"]+)">([^<]*)<)re");
  int cells = 0;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), cell); it != std::sregex_iterator(); ++it) {
    const std::string quantity = (*it)[1], species = (*it)[2];
    const double temperature = parseCsvNumber((*it)[3]);
    const double value = parseCsvNumber((*it)[4]);
    const auto& temps = json["temperatures"];
    std::size_t t = 0;
    while (t < temps.size() && temps[t].get<double>() != temperature) ++t;
    REQUIRE(t < temps.size());
    const auto& expected = json["species"][species][quantity][t];
    if (expected.is_null()) {
      CHECK(std::isnan(value));
      CHECK((*it)[5] == "\u2014");
    } else {
      CHECK(value == expected.get<double>());
      CHECK((*it)[5] == fmt::format("{:.4g}", expected.get<double>()));
    }
    ++cells;
  }
  CHECK(cells == 2 * 3 * 7);  // species x temperatures x (D, err, D_rw, err, f, err, back-hop fraction)
  const std::regex ecell(R"re(data-quantity="(E_[^"]+)" data-species="([^"]+)" data-value="([^"]+)">)re");
  int energies = 0;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), ecell); it != std::sregex_iterator(); ++it) {
    const auto& expected = json["arrhenius"][(*it)[2].str()][(*it)[1].str()];
    if (expected.is_null()) {
      CHECK(std::isnan(parseCsvNumber((*it)[3])));
    } else {
      CHECK(parseCsvNumber((*it)[3]) == expected.get<double>());
    }
    ++energies;
  }
  CHECK(energies == 2 * 6);

  const auto data = nlohmann::json::parse(readFile(dir.path / "report/report_data.json"));
  CHECK(data["transitions"] == 40);
  CHECK(data["asymmetry"]["by_depth"].size() == 3);  // depths 0 .. 2.75 in bins of 1
  if (gnuplotAvailable("gnuplot")) {
    // 6 Arrhenius (2 species x D, D_rw, f), 3 histograms, scatter, p_back, 2 depth plots.
    CHECK(data["plots"]["drawn"] == 13);
    CHECK(count(page, "<svg") == 13);
    CHECK(count(page, "class=\"missing\"") == 0);
    CHECK(page.find("epsilon") != std::string::npos);
    CHECK(page.find("<?xml") == std::string::npos);
    CHECK(result.warnings.empty());
    // The plot ids are unique per plot (gnuplot names every canvas alike).
    CHECK(count(page, "id=\"gnuplot_canvas\"") == 0);
    CHECK(count(page, "id=\"hist_e_fwd_gnuplot_canvas\"") == 1);
  } else {
    MESSAGE("gnuplot is not installed: SVG checks skipped");
  }

  // kmc.csv carries the same numbers.
  const auto kmc = parseCsv(readFile(dir.path / "report/kmc.csv"));
  REQUIRE(kmc.rows.size() == 6);
  CHECK(parseCsvNumber(kmc.rows[0][kmc.column("D_rw")]) == json["species"]["A"]["D_rw"][0].get<double>());
}

TEST_CASE("report without gnuplot or KMC results: notes in place of plots, never a failure") {
  Scratch dir("nognuplot");
  ReportInputs in = inputs(dir.path, kmcJson());
  in.kmc.reset();
  in.missing = {"kmc.json"};
  ReportOptions options;
  options.gnuplot = (dir.path / "no-such-gnuplot").string();
  const auto result = writeReport(in, options);
  const std::string page = readFile(dir.path / "report/index.html");
  CHECK(count(page, "<svg") == 0);
  CHECK(count(page, "Plot not drawn: gnuplot") == 7);  // 3 histograms, scatter, p_back, 2 depth plots
  CHECK(page.find("Missing input: kmc.json") != std::string::npos);
  CHECK_FALSE(result.warnings.empty());
  CHECK(result.numbers["plots_drawn"] == 0);
  CHECK(std::find(result.files.begin(), result.files.end(), "report/kmc.csv") == result.files.end());

  // An empty landscape: still a report.
  ReportInputs empty;
  empty.output = dir.path / "empty";
  empty.units = Units::metal();
  const auto r = writeReport(empty, options);
  CHECK(fs::exists(dir.path / "empty/report/index.html"));
  CHECK(r.numbers["transitions"] == 0);
}

TEST_CASE("report: diffusive flags, the MSD plot and energies 'not measured (why)' from a real sweep") {
  // A flicker between two minima: bounded, never diffusive, so no energy can be measured.
  kmc::KmcGraph g;
  g.energies = {0.0, 0.1};
  g.out.resize(2);
  g.atom_species = {0};
  g.species_names = {"A"};
  g.addTransition(0, 1, 0.5, {{0, Eigen::Vector3d(0.5, 0.0, 0.0)}});
  const kmc::StaticGraphProvider provider(g);
  kmc::KmcOptions o;
  o.temperatures = {0.25, 0.3};
  o.prefactor = 1.0;
  o.superbasin = false;
  o.trajectories = 8;
  o.duration = {200.0};
  const auto json = kmc::toJson(kmc::runKmc(provider, o, Units::lj()));
  REQUIRE(json["arrhenius"]["A"]["measured"] == false);

  Scratch dir("msd");
  const auto in = inputs(dir.path, json);
  REQUIRE(in.kmc->msd_lag.size() == 2);
  REQUIRE(in.kmc->species.at(0).msd.size() == 2);
  CHECK(in.kmc->species.at(0).points.at(0).diffusive == 0);
  CHECK_FALSE(in.kmc->species.at(0).not_measured.empty());
  writeReport(in, ReportOptions{});
  const std::string page = readFile(dir.path / "report/index.html");
  CHECK(count(page, "data-quantity=\"diffusive\">no<") == 2);
  CHECK(page.find("not measured (only 0 of 2 temperatures") != std::string::npos);
  CHECK(page.find("Mean-squared displacement") != std::string::npos);
  CHECK(page.find("MSD, species A") != std::string::npos);
  // No number is shown for E_f: the row carries the reason instead.
  CHECK(page.find("data-quantity=\"E_f\"") == std::string::npos);
  const auto csv = parseCsv(readFile(dir.path / "report/kmc.csv"));
  CHECK(csv.rows.at(0)[csv.column("diffusive")] == "false");
}

TEST_CASE("report: D, D_rw and f on separate Arrhenius panels with units; the provenance of the run") {
  Scratch dir("panels");
  const auto json = kmcJson();
  ReportInputs in = inputs(dir.path, json);
  in.provenance.version = "9.8.7";
  in.provenance.config_file = "run/glass.yaml";
  in.provenance.config_yaml = "units: lj\nkmc:\n  seed: 42\n";
  in.provenance.seeds = {{"explore.seed", 17}, {"kmc.seed", 42}};
  in.provenance.counts = {{"searches", 120}, {"minima (states)", 41}};
  in.provenance.date = "2026-01-02T03:04:05Z";
  const auto result = writeReport(in, ReportOptions{});
  const std::string page = readFile(dir.path / "report/index.html");

  // Provenance: version, config file, the effective config, seeds, counts, date.
  CHECK(page.find("id=\"provenance\"") != std::string::npos);
  CHECK(page.find("<td data-key=\"glassland version\">9.8.7</td>") != std::string::npos);
  CHECK(page.find("<td data-key=\"config file\">run/glass.yaml</td>") != std::string::npos);
  CHECK(page.find("<td data-key=\"explore.seed\">17</td>") != std::string::npos);
  CHECK(page.find("<td data-key=\"kmc.seed\">42</td>") != std::string::npos);
  CHECK(page.find("<td data-key=\"searches\">120</td>") != std::string::npos);
  CHECK(page.find("2026-01-02T03:04:05Z") != std::string::npos);
  CHECK(page.find("units: lj\nkmc:\n  seed: 42\n") != std::string::npos);
  const auto data = nlohmann::json::parse(readFile(dir.path / "report/report_data.json"));
  CHECK(data["provenance"]["version"] == "9.8.7");
  CHECK(data["provenance"]["seeds"]["kmc.seed"] == 42);
  CHECK(data["provenance"]["counts"]["minima (states)"] == 41);
  CHECK(data["provenance"]["config"] == in.provenance.config_yaml);
  CHECK(result.numbers["provenance"]["seeds"]["explore.seed"] == 17);
  CHECK_FALSE(result.numbers["provenance"].contains("date"));  // report.json stays reproducible

  if (!gnuplotAvailable("gnuplot")) {
    MESSAGE("gnuplot is not installed: panel checks skipped");
    return;
  }
  // One panel per species and quantity, each with its own axis label and unit.
  for (const char* species : {"0", "1"}) {
    for (const char* q : {"D", "D_rw", "f"}) {
      const std::string id = std::string("arrhenius_") + species + "_" + q + "_gnuplot_canvas";
      CHECK_MESSAGE(count(page, "id=\"" + id + "\"") == 1, id);
    }
  }
  // Units on each axis (gnuplot splits "sigma^2/tau" into tspans around the superscript).
  CHECK(count(page, "/tau, log scale)") == 4);  // D and D_rw of 2 species
  CHECK(count(page, "f (dimensionless, log scale)") == 2);
  CHECK(page.find("ln x   (") == std::string::npos);  // no shared "ln x" axis any more
}
