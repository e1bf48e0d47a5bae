// `glassland run` end to end on a tiny system (the fcc LJ vacancy crystal;
// the centres are the vacancy's nearest neighbours, so that local searches find hops):
// minimize, explore, graph, kmc and report; report.json lists every file it
// wrote, the HTML table shows kmc.json's numbers, and a second run skips
// every stage; `glassland report` alone writes what it can without kmc.json.

#include <doctest/doctest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "ase_reader.hpp"
#include "cli_support.hpp"
#include "glassland/io/io.hpp"
#include "glassland/landscape/event_store.hpp"
#include "glassland/report/csv.hpp"

using cli_test::readFile;
using cli_test::run;
using cli_test::ScratchDir;

namespace {

const std::string kConfig = cli_test::vacancyConfig(
    "{method: artn, searches: 12, seed: 3, threads: 1, centres: [2, 4, 3, 50, 52, 195],\n"
    "          active_radius: 3.0}",
    "kmc: {temperatures: [0.3, 0.4], trajectories: 4, steps: 200}\n"
    "report: {max_frames: 3, histogram_bins: 10}\n");

}  // namespace

TEST_CASE("glassland run: the whole pipeline on the LJ vacancy crystal ends in the report") {
  ScratchDir dir("report_run");
  dir.write("config.yaml", kConfig);
  const auto first = run(dir.path, "run config.yaml --quiet");
  REQUIRE_MESSAGE(first.exit_code == 0, first.output);

  const auto out = dir.path / "out";
  const auto report = nlohmann::json::parse(readFile(out / "report.json"));
  CHECK(report["stage"] == "report");
  CHECK(report["missing"].empty());
  std::set<std::string> files;
  for (const auto& f : report["files"]) {
    files.insert(f.get<std::string>());
    CHECK_MESSAGE(std::filesystem::exists(out / f.get<std::string>()), f);
  }
  for (const char* f : {"report/index.html", "report/transitions.csv", "report/kmc.csv",
                        "report/arrhenius.csv", "report/asymmetry.csv", "report/report_data.json",
                        "report/landscape.graphml", "report/saddles.xyz", "report/minima.xyz"}) {
    CHECK_MESSAGE(files.count(f) == 1, f);
  }
  // Every file in report/ is listed.
  for (const auto& entry : std::filesystem::directory_iterator(out / "report")) {
    CHECK_MESSAGE(files.count("report/" + entry.path().filename().string()) == 1, entry.path());
  }

  // The transitions in the CSV are those of graph.json.
  const auto graph = nlohmann::json::parse(readFile(out / "graph.json"));
  const auto table = glassland::report::parseCsv(readFile(out / "report/transitions.csv"));
  CHECK(table.rows.size() == graph["transitions"].size());
  CHECK(report["transitions"] == graph["transitions"].size());

  // saddles.xyz: at most max_frames frames with the displacement columns.
  const std::string saddles = readFile(out / "report/saddles.xyz");
  CHECK(saddles.find("disp:R:3:dispmag:R:1") != std::string::npos);
  const std::regex frame_header("transition_id=");
  const auto frames = std::distance(std::sregex_iterator(saddles.begin(), saddles.end(), frame_header),
                                    std::sregex_iterator());
  CHECK(frames >= 1);
  CHECK(frames <= 3);

  // ASE reads every structure file of the run (species A is no element) with
  // the store's positions and cell, frame by frame.
  {
    glassland::landscape::OpenOptions ro;
    ro.read_only = true;
    const auto store =
        glassland::landscape::EventStore::openExisting((out / "landscape.sqlite").string(), ro);
    const auto& root = store.root();
    for (const auto& [file, key] :
         {std::pair{"saddles.xyz", "transition_id"}, std::pair{"minima.xyz", "minimum_id"}}) {
      CAPTURE(file);
      const auto path = out / "report" / file;
      const std::string text = readFile(path);
      std::vector<long> ids;
      const std::regex id_re(std::string(" ") + key + "=(\\d+)");
      for (auto it = std::sregex_iterator(text.begin(), text.end(), id_re); it != std::sregex_iterator();
           ++it) {
        ids.push_back(std::stol((*it)[1]));
      }
      const auto ase = asetest::read(path.string(), "", dir.path);
      REQUIRE(ase.size() == ids.size());
      REQUIRE(!ase.empty());
      for (std::size_t k = 0; k < ase.size(); ++k) {
        const auto expected = std::string(file) == "saddles.xyz" ? store.saddlePositions(ids[k])
                                                                 : store.minimumPositions(ids[k]);
        CHECK(ase[k].positions == expected);
        CHECK(ase[k].cell == root.cell.h());
        REQUIRE(ase[k].type_names.size() == static_cast<std::size_t>(root.size()));
        CHECK(ase[k].type_names[0] == "A");
        CHECK(ase[k].symbols[0] == "H");
      }
      // glassland reads its own frames back too.
      const auto back = glassland::io::readStructure(path.string(), {"A"});
      CHECK(back.size() == root.size());
    }
    const auto data =
        asetest::read((out / "minimized.data").string(), "format='lammps-data', style='atomic'", dir.path);
    REQUIRE(data.size() == 1);
    const auto minimized = glassland::io::readStructure((out / "minimized.data").string(), {"A"});
    CHECK((data[0].positions - minimized.positions).cwiseAbs().maxCoeff() <= 1e-13);
    CHECK((data[0].cell - minimized.cell.h()).cwiseAbs().maxCoeff() <= 1e-13);
  }

  // The HTML table shows kmc.json's D_rw exactly.
  const auto kmc = nlohmann::json::parse(readFile(out / "kmc.json"));
  const std::string page = readFile(out / "report/index.html");
  const std::string d_rw = glassland::report::csvNumber(kmc["species"]["A"]["D_rw"][0].get<double>());
  CHECK(page.find("data-quantity=\"D_rw\" data-species=\"A\" data-temperature=\"0.3\" data-value=\"" + d_rw +
                  "\"") != std::string::npos);

  // The disconnectivity graph of the store is drawn (a note without gnuplot).
  CHECK(page.find("<section id=\"disconnectivity\">") != std::string::npos);
  if (std::system("gnuplot --version > /dev/null 2>&1") == 0) {
    CHECK(page.find("id=\"disconnectivity_gnuplot_canvas\"") != std::string::npos);
  }
  // How the report was made.
  CHECK(page.find("<td data-key=\"explore.seed\">3</td>") != std::string::npos);
  CHECK(report["provenance"]["counts"]["searches"].get<long>() >= 12);

  // A second run redoes nothing, the report included.
  const auto second = run(dir.path, "run config.yaml");
  REQUIRE_MESSAGE(second.exit_code == 0, second.output);
  CHECK_MESSAGE(second.output.find("report: up to date, skipped") != std::string::npos, second.output);
  // A changed report section reruns the report alone.
  const auto changed = run(dir.path, "run config.yaml --set report.histogram_bins=5");
  REQUIRE(changed.exit_code == 0);
  CHECK(changed.output.find("kmc: up to date, skipped") != std::string::npos);
  CHECK(changed.output.find("report: up to date, skipped") == std::string::npos);
  CHECK(changed.output.find(" files in ") != std::string::npos);
}

TEST_CASE("glassland report without kmc.json writes what it can and says what is missing") {
  ScratchDir dir("report_partial");
  dir.write("config.yaml", kConfig);
  REQUIRE(run(dir.path, "explore config.yaml --quiet").exit_code == 0);
  const auto result = run(dir.path, "report config.yaml");
  REQUIRE_MESSAGE(result.exit_code == 0, result.output);
  CHECK(result.output.find("missing") != std::string::npos);
  const auto report = nlohmann::json::parse(readFile(dir.path / "out/report.json"));
  CHECK(report["missing"].size() == 2);  // kmc.json and graph.json
  CHECK(std::filesystem::exists(dir.path / "out/report/index.html"));
  CHECK(std::filesystem::exists(dir.path / "out/report/transitions.csv"));
  CHECK_FALSE(std::filesystem::exists(dir.path / "out/report/kmc.csv"));

  // Unknown keys in report: are rejected at load.
  std::string bad_config = kConfig;
  bad_config.replace(bad_config.find("max_frames"), 10, "max_frame");
  dir.write("bad.yaml", bad_config);
  const auto bad = run(dir.path, "report bad.yaml");
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("max_frame") != std::string::npos);
}
