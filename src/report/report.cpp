// The report's orchestration: OUTPUT/report/ in order (data files, then the
// sections of index.html, then report_data.json and index.html with the list of
// every file), and report.json's numbers. The parts are in the files named in
// writer.hpp.
#include "glassland/report/report.hpp"

#include <unistd.h>
#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>

#include "glassland/core/files.hpp"
#include "writer.hpp"

namespace glassland::report {

namespace fs = std::filesystem;

namespace {

const char* kStyle = R"(
body { font-family: Helvetica, Arial, sans-serif; margin: 1.5em auto; max-width: 1300px; color: #222; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #ccc; padding-bottom: 0.2em; margin-top: 1.6em; }
table.data { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; }
table.data th, table.data td { border: 1px solid #ccc; padding: 0.25em 0.6em; }
table.data th { background: #f0f0f0; }
table.data tbody tr:nth-child(even) { background: #fafafa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.grid { display: flex; flex-wrap: wrap; gap: 1em; }
figure { margin: 0; flex: 1 1 600px; max-width: 640px; }
figure svg.plot { width: 100%; height: auto; border: 1px solid #e0e0e0; }
figure.missing { border: 1px dashed #c00; padding: 1em; background: #fff8f8; }
figcaption { font-size: 0.9em; color: #555; }
.note { background: #fffbe6; border-left: 4px solid #e0b000; padding: 0.4em 0.8em; }
.meta { color: #555; }
ul.files { columns: 2; }
)";

}  // namespace

std::string temperatureUnit(const Units& units) {
  return units.name == "metal" ? "K" : units.energy + "/k_B";
}

std::string ReportWriter::plot(PlotSpec spec) {
  std::string caption = "<figcaption>" + escapeXml(spec.title) + "</figcaption>";
  if (!gnuplot_) {
    ++plots_missing_;
    return "<figure class=\"missing\"><p class=\"note\">Plot not drawn: gnuplot (" +
           escapeXml(options_.gnuplot) +
           ") is not available. Install it (Debian: <code>apt-get install gnuplot-nox</code>) and rerun "
           "<code>glassland report</code>; the numbers are in the tables and CSV files.</p>" +
           caption + "</figure>\n";
  }
  const PlotResult r = renderPlot(spec, options_.gnuplot, scratch_);
  if (!r.ok) {
    ++plots_missing_;
    if (r.message != "no data to plot") result_.warnings.push_back("plot " + spec.id + ": " + r.message);
    return "<figure class=\"missing\"><p class=\"note\">Plot not drawn: " + escapeXml(r.message) + ".</p>" +
           caption + "</figure>\n";
  }
  ++plots_ok_;
  return "<figure>" + r.svg + "</figure>\n";
}

std::string ReportWriter::provenanceSection() const {
  const Provenance& p = in_.provenance;
  if (p.version.empty()) return "";
  std::string out =
      "<section id=\"provenance\"><h2>How this report was made</h2>\n"
      "<table class=\"data\" id=\"provenance-table\"><tbody>\n";
  auto row = [&](const std::string& key, const std::string& value) {
    out += "<tr><th>" + escapeXml(key) + "</th><td data-key=\"" + escapeXml(key) + "\">" + escapeXml(value) +
           "</td></tr>\n";
  };
  row("glassland version", p.version);
  row("config file", p.config_file);
  row("written (UTC)", p.date);
  for (const auto& [name, value] : p.seeds) row(name, std::to_string(value));
  for (const auto& [name, value] : p.counts) row(name, std::to_string(value));
  out += "</tbody></table>\n";
  if (!p.config_yaml.empty()) {
    out +=
        "<details open><summary>Effective config (after <code>--set</code> overrides; also "
        "OUTPUT/config.yaml)</summary><pre id=\"effective-config\">" +
        escapeXml(p.config_yaml) + "</pre></details>\n";
  }
  return out + "</section>\n";
}

void ReportWriter::writeFile(const std::string& name, const std::string& content) {
  writeFileAtomically(dir_ / name, content);
  result_.files.push_back("report/" + name);
}

/// The top of index.html: title, units, missing inputs, provenance.
std::string ReportWriter::indexHead() const {
  std::string head = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" +
                     escapeXml(in_.title) + "</title>\n<style>" + kStyle + "</style></head>\n<body>\n<h1>" +
                     escapeXml(in_.title) + "</h1>\n";
  head += "<p class=\"meta\">Units: " + escapeXml(in_.units.name) + " (energy " + escapeXml(unit_e_) +
          ", length " + escapeXml(unit_l_) + ", time " + escapeXml(unit_t_) + ", temperature " +
          escapeXml(unit_temp_) + "). " + std::to_string(in_.minima.size()) + " minima, " +
          std::to_string(in_.transitions.size()) + " transitions.</p>\n";
  for (const auto& m : in_.missing) head += "<p class=\"note\">Missing input: " + escapeXml(m) + "</p>\n";
  head += provenanceSection();
  return head;
}

/// The list of every file in OUTPUT/report/, index.html included.
std::string ReportWriter::filesSection() const {
  std::string files = "<section id=\"files\"><h2>Files</h2><ul class=\"files\">\n";
  for (const auto& f : result_.files) {
    const std::string name = f.substr(std::string("report/").size());
    files += "<li><a href=\"" + escapeXml(name) + "\">" + escapeXml(name) + "</a></li>\n";
  }
  files +=
      "</ul><p>saddles.xyz and minima.xyz: extended XYZ for OVITO and ASE (<code>ase.io.read(path, "
      "index=':')</code>), with per-atom columns disp (saddle minus start minimum, or minimum minus root) "
      "and "
      "dispmag, in " +
      escapeXml(unit_l_) +
      "; <code>species</code> holds element symbols (ASE accepts no other names), <code>type_name</code> the "
      "species names. max_displacement_atom (here and in transitions.csv) is the atom's id in the structure "
      "file. landscape.graphml: the basin graph of the store at report time (node id = minimum id).</p>"
      "</section>\n";
  return files;
}

ReportResult ReportWriter::write() {
  fs::create_directories(dir_);
  unit_e_ = in_.units.energy;
  unit_l_ = in_.units.length;
  unit_t_ = in_.units.time;
  unit_temp_ = temperatureUnit(in_.units);
  unit_d_gp_ = unit_l_ + "^2/" + unit_t_;
  unit_d_html_ = escapeXml(unit_l_) + "<sup>2</sup>/" + escapeXml(unit_t_);

  AsymmetryOptions a;
  a.temperatures = in_.temperatures;
  a.boltzmann = in_.units.boltzmann;
  a.prefactor = in_.prefactor;
  a.histogram_bins = options_.histogram_bins;
  a.depth_bin = options_.depth_bin;
  asym_ = analyzeAsymmetry(in_.transitions, a);

  writeCsvFiles();
  if (in_.store) writeStructures();

  gnuplot_ = gnuplotAvailable(options_.gnuplot);
  if (!gnuplot_) {
    result_.warnings.push_back("gnuplot ('" + options_.gnuplot +
                               "') is not available: the report has notes in place of its plots "
                               "(Debian: apt-get install gnuplot-nox)");
  }
  // Scratch space for gnuplot's data and scripts, removed afterwards.
  scratch_ = fs::temp_directory_path() / ("glassland_report_" + std::to_string(::getpid()) + "_" +
                                          std::to_string(reinterpret_cast<std::uintptr_t>(this)));

  std::string body;
  body += kmcSection();
  body += asymmetrySection();
  body += disconnectivitySection();
  body += pBackSection();
  body += depthSection();
  std::error_code ec;
  fs::remove_all(scratch_, ec);

  // report_data.json and the list of files come last so they list everything.
  writeDataJson();
  result_.files.push_back("report/index.html");
  writeFileAtomically(dir_ / "index.html", indexHead() + body + filesSection() + "</body></html>\n");
  result_.numbers = keyNumbers();
  return result_;
}

ReportResult writeReport(const ReportInputs& inputs, const ReportOptions& options) {
  ReportWriter writer(inputs, options);
  return writer.write();
}

}  // namespace glassland::report
