#include "glassland/report/report.hpp"

#include <fmt/format.h>

#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <sstream>

#include "glassland/core/error.hpp"
#include "glassland/core/files.hpp"
#include "glassland/io/extxyz.hpp"
#include "glassland/landscape/basin_graph.hpp"
#include "glassland/report/csv.hpp"
#include "glassland/report/plot.hpp"

namespace glassland::report {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<TransitionRecord> transitionRecords(const landscape::EventStore& store) {
  const Structure& root = store.root();
  auto records = transitionRecords(store.transitions(), root.types, root.species, root.ids);
  if (!hasFreeSurface(root.cell)) return records;
  // Depth in the start minimum's own positions (the surfaces are where its
  // atoms end); positions are read once per distinct start minimum.
  std::map<long, Positions> positions;
  for (auto& r : records) {
    if (r.max_displacement_atom < 0) continue;
    auto it = positions.find(r.from);
    if (it == positions.end()) it = positions.emplace(r.from, store.minimumPositions(r.from)).first;
    r.depth = surfaceDepth(root.cell, it->second, r.max_displacement_atom);
  }
  return records;
}

std::string temperatureUnit(const Units& units) {
  return units.name == "metal" ? "K" : units.energy + "/k_B";
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A number as shown in the tables: 4 significant digits, an em dash for a
/// missing (non-finite) value.
std::string shown(double v) { return std::isfinite(v) ? fmt::format("{:.4g}", v) : "\u2014"; }

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json toJson(const Histogram& h) {
  return {{"lo", h.lo},
          {"width", h.width},
          {"counts", h.counts},
          {"underflow", h.underflow},
          {"overflow", h.overflow}};
}

json statsJson(const landscape::SampleStats& s) {
  return {{"count", s.count},        {"mean", num(s.mean)}, {"min", num(s.min)}, {"q1", num(s.q1)},
          {"median", num(s.median)}, {"q3", num(s.q3)},     {"max", num(s.max)}};
}

json toJson(const GroupStats& g) {
  json p = json::array();
  for (const auto& s : g.p_back) {
    p.push_back({{"temperature", s.temperature},
                 {"stats", statsJson(s.stats)},
                 {"histogram", toJson(s.histogram)},
                 {"above_half", s.above_half}});
  }
  json j = {{"name", g.name},
            {"kind", g.kind},
            {"transitions", g.transitions},
            {"only_reverse", g.only_reverse},
            {"e_fwd", statsJson(g.e_fwd)},
            {"e_rev", statsJson(g.e_rev)},
            {"delta_e", statsJson(g.delta_e)},
            {"histogram_e_fwd", toJson(g.h_fwd)},
            {"histogram_e_rev", toJson(g.h_rev)},
            {"histogram_delta_e", toJson(g.h_delta)},
            {"p_back", p}};
  if (g.kind == "depth") {
    j["depth_lo"] = g.depth_lo;
    j["depth_hi"] = g.depth_hi;
  }
  return j;
}

json toJson(const KmcSummary& k) {
  json species = json::object();
  for (const auto& s : k.species) {
    json points = json::array();
    for (const auto& p : s.points) {
      points.push_back({{"D", num(p.D)},
                        {"D_err", num(p.D_err)},
                        {"D_rw", num(p.D_rw)},
                        {"D_rw_err", num(p.D_rw_err)},
                        {"f", num(p.f)},
                        {"f_err", num(p.f_err)}});
    }
    json entry = {{"points", points}};
    if (s.has_fit) {
      auto fit = [](const ArrheniusEntry& e) {
        return json{{"E", num(e.E)},
                    {"E_err", num(e.E_err)},
                    {"prefactor", num(e.prefactor)},
                    {"prefactor_err", num(e.prefactor_err)}};
      };
      entry["arrhenius"] = {{"D", fit(s.D)}, {"rw", fit(s.rw)}, {"f", fit(s.f)}};
    }
    species[s.name] = entry;
  }
  json bhf = json::array();
  for (double v : k.back_hop_fraction) bhf.push_back(num(v));
  return {{"provider", k.provider},
          {"temperatures", k.temperatures},
          {"back_hop_fraction", bhf},
          {"species", species}};
}

/// Rows (centre, count) of a histogram, for `histeps` / `boxes`.
std::vector<std::vector<double>> histogramRows(const Histogram& h) {
  std::vector<std::vector<double>> rows;
  for (int k = 0; k < h.bins(); ++k) rows.push_back({h.centre(k), static_cast<double>(h.counts[k])});
  return rows;
}

/// Collects the pieces of index.html and the list of files.
class ReportWriter {
 public:
  ReportWriter(const ReportInputs& inputs, const ReportOptions& options)
      : in_(inputs), options_(options), dir_(inputs.output / "report") {}

  ReportResult write();

 private:
  void writeFile(const std::string& name, const std::string& content) {
    writeFileAtomically(dir_ / name, content);
    result_.files.push_back("report/" + name);
  }
  /// A plot as inline SVG, or a note saying why it is missing.
  std::string plot(PlotSpec spec);
  void writeCsvFiles();
  void writeStructures();
  std::string kmcSection();
  std::string arrheniusSection();
  std::string msdSection();
  std::string asymmetrySection();
  std::string pBackSection();
  std::string depthSection();
  std::string provenanceSection() const;
  std::string disconnectivitySection();

  const ReportInputs& in_;
  const ReportOptions& options_;
  fs::path dir_;
  fs::path scratch_;
  bool gnuplot_ = false;
  int plots_ok_ = 0, plots_missing_ = 0;
  AsymmetryReport asym_;
  std::optional<landscape::DisconnectivityTree> tree_;  ///< of the store's basin graph
  ReportResult result_;
  std::vector<std::string> notes_;
  std::string unit_e_, unit_l_, unit_t_, unit_temp_, unit_d_gp_, unit_d_html_;
};

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

void ReportWriter::writeCsvFiles() {
  writeFile("transitions.csv", toCsv(transitionsTable(in_.transitions)));

  CsvTable p;
  p.header = {"id", "from", "to", "temperature", "p_back", "only_reverse"};
  for (std::size_t t = 0; t < asym_.temperatures.size(); ++t) {
    for (std::size_t r = 0; r < in_.transitions.size(); ++r) {
      const auto& rec = in_.transitions[r];
      p.rows.push_back({std::to_string(rec.id), std::to_string(rec.from), std::to_string(rec.to),
                        csvNumber(asym_.temperatures[t]), csvNumber(asym_.p_back[t][r]),
                        asym_.only_reverse[r] ? "1" : "0"});
    }
  }
  writeFile("p_back.csv", toCsv(p));

  // One row per group, quantity and (for p_back) temperature.
  CsvTable a;
  a.header = {"group", "kind", "quantity", "temperature", "count", "mean",
              "min",   "q1",   "median",   "q3",          "max"};
  auto add = [&](const GroupStats& g, const std::string& quantity, double temperature,
                 const landscape::SampleStats& s) {
    a.rows.push_back({g.name, g.kind, quantity, csvNumber(temperature), std::to_string(s.count),
                      csvNumber(s.mean), csvNumber(s.min), csvNumber(s.q1), csvNumber(s.median),
                      csvNumber(s.q3), csvNumber(s.max)});
  };
  std::vector<const GroupStats*> groups = {&asym_.all};
  for (const auto& g : asym_.by_species) groups.push_back(&g);
  for (const auto& g : asym_.by_depth) groups.push_back(&g);
  for (const GroupStats* g : groups) {
    add(*g, "e_fwd", kNaN, g->e_fwd);
    add(*g, "e_rev", kNaN, g->e_rev);
    add(*g, "delta_e", kNaN, g->delta_e);
    for (const auto& s : g->p_back) add(*g, "p_back", s.temperature, s.stats);
  }
  writeFile("asymmetry.csv", toCsv(a));

  if (!in_.kmc) return;
  const auto& k = *in_.kmc;
  CsvTable kmc;
  kmc.header = {"species", "temperature",       "D",        "D_err", "D_rw", "D_rw_err", "f",
                "f_err",   "back_hop_fraction", "diffusive"};
  for (const auto& s : k.species) {
    for (std::size_t t = 0; t < k.temperatures.size(); ++t) {
      const auto& q = s.points[t];
      kmc.rows.push_back({s.name, csvNumber(k.temperatures[t]), csvNumber(q.D), csvNumber(q.D_err),
                          csvNumber(q.D_rw), csvNumber(q.D_rw_err), csvNumber(q.f), csvNumber(q.f_err),
                          csvNumber(t < k.back_hop_fraction.size() ? k.back_hop_fraction[t] : kNaN),
                          q.diffusive < 0 ? ""
                          : q.diffusive   ? "true"
                                          : "false"});
    }
  }
  writeFile("kmc.csv", toCsv(kmc));
  CsvTable arr;
  arr.header = {"species",       "quantity",     "E",           "E_err", "prefactor",
                "prefactor_err", "chi2_per_dof", "not_measured"};
  for (const auto& s : k.species) {
    if (!s.has_fit) continue;
    for (const auto& [name, e] : {std::pair{"D", s.D}, std::pair{"D_rw", s.rw}, std::pair{"f", s.f}}) {
      arr.rows.push_back({s.name, name, csvNumber(e.E), csvNumber(e.E_err), csvNumber(e.prefactor),
                          csvNumber(e.prefactor_err), csvNumber(e.chi2_per_dof), s.not_measured});
    }
  }
  writeFile("arrhenius.csv", toCsv(arr));
}

void ReportWriter::writeStructures() {
  const auto& store = *in_.store;
  const Structure& root = store.root();
  // Not graph.graphml: the graph stage's file is the store after explore, this
  // one the store at report time (with the states KMC searched). One name per kind.
  const auto graph = landscape::BasinGraph::fromStore(store);
  writeFileAtomically(dir_ / "landscape.graphml", [&](std::ostream& out) { graph.writeGraphML(out); });
  if (graph.numMinima() >= 1) tree_ = graph.disconnectivity(std::max(2, in_.disconnectivity_levels));
  result_.files.push_back("report/landscape.graphml");
  if (options_.max_frames <= 0) return;

  // Displacement columns for OVITO: disp:R:3 (vector) and dispmag:R:1, under
  // minimum image so that an atom crossing a periodic face moves a short way.
  auto columns = [&](const Positions& to, const Positions& from) {
    Eigen::MatrixXd d(3, to.cols()), m(1, to.cols());
    for (Eigen::Index i = 0; i < to.cols(); ++i) {
      const Eigen::Vector3d v = root.cell.minimumImage(to.col(i) - from.col(i));
      d.col(i) = v;
      m(0, i) = v.norm();
    }
    return std::vector<io::AtomColumn>{{"disp", d}, {"dispmag", m}};
  };

  // The transitions of lowest forward barrier: the events KMC runs most often.
  std::vector<std::size_t> order(in_.transitions.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return in_.transitions[a].e_fwd < in_.transitions[b].e_fwd;
  });
  order.resize(std::min(order.size(), static_cast<std::size_t>(options_.max_frames)));
  std::string saddles;
  for (std::size_t i : order) {
    const auto& r = in_.transitions[i];
    Structure s = root;
    s.positions = store.saddlePositions(r.id);
    const Positions a = store.minimumPositions(r.from);
    saddles += io::extxyzFrame(s, columns(s.positions, a),
                               {{"transition_id", std::to_string(r.id)},
                                {"from_min", std::to_string(r.from)},
                                {"to_min", std::to_string(r.to)},
                                {"saddle_energy", csvNumber(r.saddle_energy)},
                                {"e_fwd", csvNumber(r.e_fwd)},
                                {"e_rev", csvNumber(r.e_rev)},
                                {"species", r.species},
                                {"max_displacement_atom", std::to_string(r.max_displacement_atom_id)}});
  }
  if (!saddles.empty()) writeFile("saddles.xyz", saddles);

  auto minima = in_.minima;
  std::stable_sort(minima.begin(), minima.end(),
                   [](const auto& a, const auto& b) { return a.energy < b.energy; });
  minima.resize(std::min(minima.size(), static_cast<std::size_t>(options_.max_frames)));
  std::string frames;
  for (const auto& m : minima) {
    Structure s = root;
    s.positions = store.minimumPositions(m.id);
    frames += io::extxyzFrame(s, columns(s.positions, root.positions),
                              {{"minimum_id", std::to_string(m.id)}, {"energy", csvNumber(m.energy)}});
  }
  if (!frames.empty()) writeFile("minima.xyz", frames);
}

std::string ReportWriter::kmcSection() {
  std::string out = "<section id=\"kmc\"><h2>Diffusion from kinetic Monte Carlo</h2>\n";
  if (!in_.kmc) {
    return out +
           "<p class=\"note\">No KMC results (OUTPUT/kmc.json is missing or out of date): run "
           "<code>glassland kmc</code>.</p></section>\n";
  }
  const auto& k = *in_.kmc;
  out += "<p>Provider: <code>" + escapeXml(k.provider) +
         "</code>. D: tracer diffusivity; D<sub>rw</sub>: random-walk "
         "diffusivity of the same hops; f = D / D<sub>rw</sub>: correlation factor (definitions: "
         "docs/science.md &sect;1 of glassland). D and "
         "D<sub>rw</sub> in " +
         unit_d_html_ + ", T in " + escapeXml(unit_temp_) + ". &plusmn;: standard errors.</p>\n";
  out +=
      "<table class=\"data\" "
      "id=\"kmc-table\"><thead><tr><th>species</th><th>T</th><th>D</th><th>&plusmn;</th>"
      "<th>D<sub>rw</sub></th><th>&plusmn;</th><th>f</th><th>&plusmn;</th><th>back-hop fraction</th>"
      "<th>diffusive</th></tr></thead><tbody>\n";
  auto cell = [](const std::string& quantity, const std::string& species, double temperature, double v) {
    return "<td class=\"num\" data-quantity=\"" + quantity + "\" data-species=\"" + escapeXml(species) +
           "\" data-temperature=\"" + csvNumber(temperature) + "\" data-value=\"" + csvNumber(v) + "\">" +
           shown(v) + "</td>";
  };
  bool all_zero = true;
  std::string not_diffusive;
  for (const auto& s : k.species) {
    for (std::size_t t = 0; t < k.temperatures.size(); ++t) {
      const auto& p = s.points[t];
      const double T = k.temperatures[t];
      if (p.D > 0.0) all_zero = false;
      out += "<tr><td>" + escapeXml(s.name) + "</td><td class=\"num\">" + shown(T) + "</td>" +
             cell("D", s.name, T, p.D) + cell("D_err", s.name, T, p.D_err) + cell("D_rw", s.name, T, p.D_rw) +
             cell("D_rw_err", s.name, T, p.D_rw_err) + cell("f", s.name, T, p.f) +
             cell("f_err", s.name, T, p.f_err) +
             cell("back_hop_fraction", s.name, T,
                  t < k.back_hop_fraction.size() ? k.back_hop_fraction[t] : kNaN) +
             "<td data-quantity=\"diffusive\">" +
             (p.diffusive < 0 ? "?"
              : p.diffusive   ? "yes"
                              : "no") +
             "</td></tr>\n";
      if (p.diffusive == 0) {
        not_diffusive += "<li>" + escapeXml(s.name) + ", T = " + shown(T) + ": " +
                         escapeXml(p.diffusive_reason) + "</li>\n";
      }
    }
  }
  out += "</tbody></table>\n";
  out +=
      "<p>Diffusive: the regime is shown when MSD(lag), averaged over all time origins of independent "
      "trajectories of equal simulated time t<sub>run</sub>, is linear over the decade of lag "
      "[t<sub>run</sub>/20, "
      "t<sub>run</sub>/2] (the slopes of its two halves agree within 3&sigma;), D, its slope / 6 there, is "
      "more than 3&sigma; above zero, and the atoms that move have gone farther than one hop by lag "
      "t<sub>run</sub>/20 (so a flicker between minima cannot pass). Only diffusive temperatures enter the "
      "Arrhenius fits.</p>\n";
  if (!not_diffusive.empty()) {
    out +=
        "<p class=\"note\">Not diffusive (D and f there are finite-time values, not transport "
        "coefficients):</p><ul class=\"note\">\n" +
        not_diffusive + "</ul>\n";
  }
  if (all_zero) {
    out +=
        "<p class=\"note\">D is zero (or missing) at every temperature: no atom was carried away from its "
        "start "
        "over the simulated time. On a basin graph explored only around the root minimum every trajectory "
        "returns to it, so long-range diffusion cannot appear; explore further (or use the adaptive "
        "provider) "
        "for a finite D. ln D and E<sub>D</sub>, E<sub>f</sub> are then undefined.</p>\n";
  }

  out += msdSection();
  out +=
      "<h3>Arrhenius energies</h3><p>E<sub>x</sub> = &minus;k<sub>B</sub> d ln x / d(1/T) from a weighted "
      "fit "
      "over the diffusive temperatures, in " +
      escapeXml(unit_e_) +
      "; E<sub>D</sub> = E<sub>rw</sub> + E<sub>f</sub>. &chi;<sup>2</sup>/dof of each fit against the "
      "errors of its points; above 1 the errors are multiplied by &radic;(&chi;<sup>2</sup>/dof).</p>\n";
  out +=
      "<table class=\"data\" id=\"arrhenius-table\"><thead><tr><th>species</th><th>E<sub>D</sub></th>"
      "<th>&plusmn;</th><th>E<sub>rw</sub></th><th>&plusmn;</th><th>E<sub>f</sub></th><th>&plusmn;</th>"
      "<th>&chi;<sup>2</sup>/dof (f)</th></tr></thead><tbody>\n";
  auto ecell = [](const std::string& quantity, const std::string& species, double v) {
    return "<td class=\"num\" data-quantity=\"" + quantity + "\" data-species=\"" + escapeXml(species) +
           "\" data-value=\"" + csvNumber(v) + "\">" + shown(v) + "</td>";
  };
  for (const auto& s : k.species) {
    if (!s.has_fit) {
      out += "<tr><td>" + escapeXml(s.name) +
             "</td><td colspan=\"7\">no fit (fewer than two temperatures)</td></tr>\n";
      continue;
    }
    if (!s.not_measured.empty()) {
      // Never a number that is not one (issue 11).
      out += "<tr><td>" + escapeXml(s.name) + "</td><td colspan=\"7\" data-quantity=\"not_measured\">" +
             "E<sub>D</sub>, E<sub>rw</sub>, E<sub>f</sub> not measured (" + escapeXml(s.not_measured) +
             ")</td></tr>\n";
      continue;
    }
    out += "<tr><td>" + escapeXml(s.name) + "</td>" + ecell("E_D", s.name, s.D.E) +
           ecell("E_D_err", s.name, s.D.E_err) + ecell("E_rw", s.name, s.rw.E) +
           ecell("E_rw_err", s.name, s.rw.E_err) + ecell("E_f", s.name, s.f.E) +
           ecell("E_f_err", s.name, s.f.E_err) + ecell("chi2_per_dof_f", s.name, s.f.chi2_per_dof) +
           "</tr>\n";
  }
  out += "</tbody></table>\n" + arrheniusSection() + "</section>\n";
  return out;
}

std::string ReportWriter::msdSection() {
  const auto& k = *in_.kmc;
  bool any = false;
  for (const auto& s : k.species) {
    for (const auto& c : s.msd) any = any || !c.empty();
  }
  if (!any || k.msd_lag.empty()) return "";
  std::string out =
      "<h3>Mean-squared displacement</h3><p>MSD(lag) per atom, averaged over all time origins of the "
      "trajectories and over the trajectories (kmc.json: msd, msd_lag). D is the slope / 6 of the straight "
      "line through the decade marked by the dashed verticals of each colour ([t<sub>run</sub>/20, "
      "t<sub>run</sub>/2]); diffusion is a slope of 1 on these logarithmic axes, bounded motion a "
      "plateau.</p>"
      "<div class=\"grid\">\n";
  const std::vector<std::string> colours = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  for (const auto& s : k.species) {
    PlotSpec spec;
    spec.id = "msd_" + std::to_string(&s - k.species.data());
    spec.title = "MSD, species " + s.name;
    spec.xlabel = "lag (" + unit_t_ + ")";
    spec.ylabel = "MSD (" + unit_l_ + "^2)";
    spec.settings = {"set logscale xy", "set format x '%g'", "set format y '%g'"};
    for (std::size_t t = 0; t < k.temperatures.size() && t < s.msd.size() && t < k.msd_lag.size(); ++t) {
      const auto& lag = k.msd_lag[t];
      const auto& msd = s.msd[t];
      PlotSeries curve;
      const std::string colour = colours[t % colours.size()];
      curve.with = "linespoints pt 7 ps 0.6 lw 1.5 lc rgb '" + colour + "'";
      const bool diffusive = t < s.points.size() && s.points[t].diffusive == 1;
      curve.title = "T = " + shown(k.temperatures[t]) + (diffusive ? " (diffusive)" : " (not diffusive)");
      for (std::size_t l = 0; l < lag.size() && l < msd.size(); ++l) {
        if (lag[l] > 0.0 && msd[l] > 0.0 && std::isfinite(msd[l])) curve.rows.push_back({lag[l], msd[l]});
      }
      if (curve.rows.empty()) continue;
      double low = std::numeric_limits<double>::infinity(), high = 0.0;
      for (const auto& row : curve.rows) low = std::min(low, row[1]), high = std::max(high, row[1]);
      spec.series.push_back(curve);
      if (t < k.t_run.size() && k.t_run[t] > 0.0) {
        for (double x : {k.t_run[t] / 20.0, k.t_run[t] / 2.0}) {
          PlotSeries edge;
          edge.with = "lines dt 2 lw 1 lc rgb '" + colour + "'";
          edge.rows = {{x, low}, {x, high}};
          spec.series.push_back(edge);
        }
      }
    }
    if (!spec.series.empty()) out += plot(spec);
  }
  return out + "</div>\n";
}

std::string ReportWriter::arrheniusSection() {
  const auto& k = *in_.kmc;
  const double kb = in_.units.boltzmann;
  std::string out =
      "<h3>Arrhenius plots</h3><p>One panel per quantity (D and D<sub>rw</sub> in " + unit_d_html_ +
      ", f dimensionless), each on its own logarithmic axis against 1/T; filled points are diffusive "
      "temperatures (fitted), open points are not (not fitted); dashed lines are the fits.</p>"
      "<div class=\"grid\">\n";
  std::string skipped;
  struct Quantity {
    std::string key;    // for ids and notes
    std::string label;  // gnuplot enhanced text
    std::string unit;   // axis unit
    const ArrheniusEntry KmcSpecies::*fit;
    double KmcPoint::*value;
    double KmcPoint::*error;
    std::string colour;
  };
  const std::vector<Quantity> quantities = {
      {"D", "D", unit_d_gp_, &KmcSpecies::D, &KmcPoint::D, &KmcPoint::D_err, "#1f77b4"},
      {"D_rw", "D_{rw}", unit_d_gp_, &KmcSpecies::rw, &KmcPoint::D_rw, &KmcPoint::D_rw_err, "#d62728"},
      {"f", "f", "dimensionless", &KmcSpecies::f, &KmcPoint::f, &KmcPoint::f_err, "#2ca02c"}};
  double xmin = std::numeric_limits<double>::infinity(), xmax = -xmin;
  for (double T : k.temperatures) {
    if (T > 0) {
      xmin = std::min(xmin, 1.0 / T);
      xmax = std::max(xmax, 1.0 / T);
    }
  }
  for (const auto& s : k.species) {
    for (const auto& q : quantities) {
      PlotSpec spec;
      spec.id = "arrhenius_" + std::to_string(&s - k.species.data()) + "_" + q.key;
      spec.title = "Arrhenius plot of " + q.label + ", species " + gnuplotLiteral(s.name);
      spec.xlabel = "1/T (" + (in_.units.name == "metal" ? std::string("1/K") : "k_B/" + unit_e_) + ")";
      spec.ylabel = q.label + " (" + q.unit + ", log scale)";
      // Offsets keep the end points off the frame.
      spec.settings = {"set logscale y", "set format x '%g'", "set format y '%g'",
                       "set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05"};
      spec.height = 380;
      PlotSeries points;
      points.with = "yerrorbars pt 7 ps 0.8 lc rgb '" + q.colour + "'";
      points.using_columns = "1:2:3";
      PlotSeries open;
      open.with = "yerrorbars pt 6 ps 0.8 lc rgb '" + q.colour + "'";
      open.using_columns = "1:2:3";
      open.title = q.label + " (not diffusive, not fitted)";
      int dropped = 0;
      for (std::size_t t = 0; t < k.temperatures.size(); ++t) {
        const double v = s.points[t].*(q.value), e = s.points[t].*(q.error);
        if (!(v > 0.0) || !std::isfinite(v) || !(k.temperatures[t] > 0)) {
          ++dropped;
          continue;
        }
        // Error bars of a value on a log axis: v +- e, clipped above zero.
        const double err = std::isfinite(e) ? std::min(e, 0.999 * v) : 0.0;
        (s.points[t].diffusive == 0 ? open.rows : points.rows).push_back({1.0 / k.temperatures[t], v, err});
      }
      if (dropped) {
        skipped += fmt::format("{}{} of species {}: {} of {}", skipped.empty() ? "" : "; ", q.key, s.name,
                               dropped, k.temperatures.size());
      }
      const ArrheniusEntry& fit = s.*(q.fit);
      const bool has_fit = s.has_fit && s.not_measured.empty() && std::isfinite(fit.E) &&
                           fit.prefactor > 0.0 && !points.rows.empty();
      points.title = q.label + " (diffusive)";
      spec.series.push_back(points);
      if (!open.rows.empty()) spec.series.push_back(open);
      if (has_fit && xmax >= xmin) {
        // x = x0 exp(-E / (k_B T)): a straight line in 1/T on the log axis.
        PlotSeries line;
        const std::string sub = q.key == "D_rw" ? "rw" : q.key;
        line.title = fmt::format("fit: E_{{{}}} = {:.4g} ± {:.2g} {}", sub, fit.E, fit.E_err, unit_e_);
        line.with = "lines lw 2 dt 2 lc rgb '" + q.colour + "'";
        const double pad = 0.05 * (xmax - xmin);
        for (double x : {xmin - pad, xmax + pad})
          line.rows.push_back({x, fit.prefactor * std::exp(-fit.E * x / kb)});
        spec.series.push_back(line);
      }
      out += plot(spec);
    }
  }
  out += "</div>\n";
  if (!skipped.empty()) {
    out +=
        "<p class=\"note\">Values that are zero, negative or missing cannot be shown on the logarithmic "
        "scale and are left out of the plots: " +
        escapeXml(skipped) + ".</p>\n";
  }
  return out;
}

std::string ReportWriter::asymmetrySection() {
  std::string out = "<section id=\"asymmetry\"><h2>Barrier asymmetry</h2>\n";
  if (in_.transitions.empty()) {
    return out + "<p class=\"note\">No transitions" +
           std::string(in_.store ? " in the landscape store"
                                 : ": the landscape store is missing (run "
                                   "<code>glassland explore</code>)") +
           ".</p></section>\n";
  }
  out +=
      "<p>Each transition i &rarr; j in the orientation of the store (i: the minimum its search started in): "
      "E<sub>fwd</sub> = E<sub>s</sub> &minus; E<sub>i</sub>, E<sub>rev</sub> = E<sub>s</sub> &minus; "
      "E<sub>j</sub>, &Delta;E = E<sub>fwd</sub> &minus; E<sub>rev</sub> = E<sub>j</sub> &minus; "
      "E<sub>i</sub>, "
      "in " +
      escapeXml(unit_e_) + ". Groups by the species of the most displaced atom. " +
      std::to_string(in_.transitions.size()) + " transitions between " + std::to_string(in_.minima.size()) +
      " minima.</p>\n";
  out +=
      "<table class=\"data\" id=\"asymmetry-table\"><thead><tr><th>group</th><th>transitions</th>"
      "<th>E<sub>fwd</sub> median</th><th>E<sub>fwd</sub> mean</th><th>E<sub>rev</sub> median</th>"
      "<th>E<sub>rev</sub> mean</th><th>&Delta;E median</th><th>&Delta;E mean</th><th>only reverse known</th>"
      "</tr></thead><tbody>\n";
  auto row = [&](const GroupStats& g) {
    return "<tr><td>" + escapeXml(g.name) + "</td><td class=\"num\">" + std::to_string(g.transitions) +
           "</td><td class=\"num\">" + shown(g.e_fwd.median) + "</td><td class=\"num\">" +
           shown(g.e_fwd.mean) + "</td><td class=\"num\">" + shown(g.e_rev.median) +
           "</td><td class=\"num\">" + shown(g.e_rev.mean) + "</td><td class=\"num\">" +
           shown(g.delta_e.median) + "</td><td class=\"num\">" + shown(g.delta_e.mean) +
           "</td><td class=\"num\">" + std::to_string(g.only_reverse) + "</td></tr>\n";
  };
  out += row(asym_.all);
  for (const auto& g : asym_.by_species) out += row(g);
  out += "</tbody></table>\n<div class=\"grid\">\n";

  const std::vector<std::string> colours = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  auto histogramPlot = [&](const std::string& id, const std::string& symbol, const std::string& what,
                           Histogram GroupStats::*member) {
    PlotSpec spec;
    spec.id = id;
    spec.title = "Distribution of " + what;
    spec.xlabel = symbol + " (" + unit_e_ + ")";
    spec.ylabel = "transitions per bin";
    spec.settings = {"set style fill transparent solid 0.35 noborder", "set yrange [0:*]"};
    PlotSeries all;
    all.title = asym_.by_species.size() > 1 ? "all" : "all (" + gnuplotLiteral(asym_.all.name) + ")";
    all.with = "boxes lc rgb '#888888'";
    all.rows = histogramRows(asym_.all.*member);
    spec.series.push_back(all);
    if (asym_.by_species.size() > 1) {
      for (std::size_t i = 0; i < asym_.by_species.size(); ++i) {
        PlotSeries s;
        s.title = "species " + gnuplotLiteral(asym_.by_species[i].name);
        s.with = "histeps lw 2 lc rgb '" + colours[i % colours.size()] + "'";
        s.rows = histogramRows(asym_.by_species[i].*member);
        spec.series.push_back(s);
      }
    }
    return plot(spec);
  };
  out += histogramPlot("hist_e_fwd", "E_{fwd}", "forward barriers E_{fwd}", &GroupStats::h_fwd);
  out += histogramPlot("hist_e_rev", "E_{rev}", "reverse barriers E_{rev}", &GroupStats::h_rev);
  out += histogramPlot("hist_delta_e", "ΔE = E_{fwd} − E_{rev}", "asymmetry ΔE = E_{fwd} − E_{rev}",
                       &GroupStats::h_delta);

  PlotSpec scatter;
  scatter.id = "scatter_fwd_rev";
  scatter.title = "Reverse against forward barrier";
  scatter.xlabel = "E_{fwd} (" + unit_e_ + ")";
  scatter.ylabel = "E_{rev} (" + unit_e_ + ")";
  scatter.settings = {"set size ratio -1"};
  std::map<std::string, std::size_t> colour_of;
  for (std::size_t i = 0; i < asym_.by_species.size(); ++i) colour_of[asym_.by_species[i].name] = i;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  std::vector<PlotSeries> by_species(asym_.by_species.size());
  for (std::size_t i = 0; i < asym_.by_species.size(); ++i) {
    by_species[i].title = "species " + gnuplotLiteral(asym_.by_species[i].name);
    by_species[i].with = "points pt 7 ps 0.6 lc rgb '" + colours[i % colours.size()] + "'";
  }
  for (const auto& r : in_.transitions) {
    by_species[colour_of.at(r.species)].rows.push_back({r.e_fwd, r.e_rev});
    lo = std::min({lo, r.e_fwd, r.e_rev});
    hi = std::max({hi, r.e_fwd, r.e_rev});
  }
  for (auto& s : by_species) scatter.series.push_back(std::move(s));
  PlotSeries diagonal;
  diagonal.title = "E_{rev} = E_{fwd}";
  diagonal.with = "lines dt 2 lc rgb '#555555'";
  diagonal.rows = {{lo, lo}, {hi, hi}};
  scatter.series.push_back(diagonal);
  out += plot(scatter);
  out += "</div>\n</section>\n";
  return out;
}

std::string ReportWriter::pBackSection() {
  std::string out = "<section id=\"p-back\"><h2>Back-hop probability</h2>\n";
  if (in_.transitions.empty() || asym_.temperatures.empty()) {
    return out + "<p class=\"note\">No " +
           std::string(in_.transitions.empty() ? "transitions" : "temperatures") +
           ": p<sub>back</sub> needs both.</p></section>\n";
  }
  const double fraction =
      static_cast<double>(asym_.all.only_reverse) / static_cast<double>(asym_.all.transitions);
  out +=
      "<p>After a hop i &rarr; j, p<sub>back</sub>(T) = k(j&rarr;i) / &Sigma;<sub>m&isin;out(j)</sub> "
      "k<sub>m</sub>, with harmonic transition-state rates k = &nu; exp(&minus;E / k<sub>B</sub>T), &nu; = " +
      shown(in_.prefactor) + " / " + escapeXml(unit_t_) +
      " unless the store holds a prefactor; out(j) are the "
      "transitions known at j.</p>\n";
  out += fmt::format(
      "<p class=\"note\">For {} of {} transitions ({:.1f}%; {} of {} distinct end minima j) every "
      "known exit of j leads back to i, so p<sub>back</sub> = 1 by construction: their end "
      "minima were only reached, never explored. These values measure what is known of the "
      "landscape, not the physics.</p>\n",
      asym_.all.only_reverse, asym_.all.transitions, 100.0 * fraction, asym_.end_minima_only_reverse,
      asym_.end_minima);
  out +=
      "<table class=\"data\" id=\"p-back-table\"><thead><tr><th>group</th><th>T</th><th>mean</th>"
      "<th>median</th><th>p<sub>back</sub> &gt; 1/2</th><th>transitions</th></tr></thead><tbody>\n";
  auto rows = [&](const GroupStats& g) {
    for (const auto& s : g.p_back) {
      out += "<tr><td>" + escapeXml(g.name) + "</td><td class=\"num\">" + shown(s.temperature) +
             "</td><td class=\"num\">" + shown(s.stats.mean) + "</td><td class=\"num\">" +
             shown(s.stats.median) + "</td><td class=\"num\">" + std::to_string(s.above_half) +
             "</td><td class=\"num\">" + std::to_string(g.transitions) + "</td></tr>\n";
    }
  };
  rows(asym_.all);
  for (const auto& g : asym_.by_species) rows(g);
  out += "</tbody></table>\n<div class=\"grid\">\n";

  PlotSpec spec;
  spec.id = "p_back";
  spec.title = "Distribution of p_{back}(T), all transitions";
  spec.xlabel = "p_{back} (probability, dimensionless)";
  spec.ylabel = "transitions per bin";
  spec.settings = {"set xrange [0:1]", "set yrange [0:*]"};
  const std::vector<std::string> colours = {"#313695", "#4575b4", "#74add1", "#f46d43", "#d73027", "#a50026"};
  for (std::size_t t = 0; t < asym_.all.p_back.size(); ++t) {
    PlotSeries s;
    s.title = "T = " + shown(asym_.all.p_back[t].temperature) + " " + unit_temp_;
    s.with = "histeps lw 2 lc rgb '" + colours[t % colours.size()] + "'";
    s.rows = histogramRows(asym_.all.p_back[t].histogram);
    spec.series.push_back(s);
  }
  out += plot(spec);
  out += "</div>\n</section>\n";
  return out;
}

std::string ReportWriter::depthSection() {
  if (!in_.free_surface) return "";
  std::string out = "<section id=\"depth\"><h2>By depth below the surface</h2>\n";
  if (asym_.by_depth.empty()) {
    return out +
           "<p class=\"note\">The cell has a free surface but no transition has a most displaced atom.</p>"
           "</section>\n";
  }
  out +=
      "<p>Depth of the most displaced atom below the nearer free surface (the outermost atom layer of the "
      "start "
      "minimum along each non-periodic direction), in bins of " +
      shown(options_.depth_bin) + " " + escapeXml(unit_l_) + ".</p>\n";
  out +=
      "<table class=\"data\" id=\"depth-table\"><thead><tr><th>depth</th><th>transitions</th>"
      "<th>E<sub>fwd</sub> median</th><th>E<sub>rev</sub> median</th><th>&Delta;E mean</th>";
  for (double T : asym_.temperatures) out += "<th>mean p<sub>back</sub>, T = " + shown(T) + "</th>";
  out += "</tr></thead><tbody>\n";
  for (const auto& g : asym_.by_depth) {
    out += "<tr><td>" + escapeXml(g.name) + "</td><td class=\"num\">" + std::to_string(g.transitions) +
           "</td><td class=\"num\">" + shown(g.e_fwd.median) + "</td><td class=\"num\">" +
           shown(g.e_rev.median) + "</td><td class=\"num\">" + shown(g.delta_e.mean) + "</td>";
    for (const auto& s : g.p_back) out += "<td class=\"num\">" + shown(s.stats.mean) + "</td>";
    out += "</tr>\n";
  }
  out += "</tbody></table>\n<div class=\"grid\">\n";

  PlotSpec barriers;
  barriers.id = "depth_barriers";
  barriers.title = "Barriers against depth (median, quartiles as bars)";
  barriers.xlabel = "depth below the surface (" + unit_l_ + ")";
  barriers.ylabel = "energy (" + unit_e_ + ")";
  barriers.settings = {"set key below horizontal box"};
  auto series = [&](const std::string& title, landscape::SampleStats GroupStats::*member, double shift,
                    const std::string& colour) {
    PlotSeries s;
    s.title = title;
    s.with = "yerrorbars pt 7 ps 0.8 lc rgb '" + colour + "'";
    s.using_columns = "1:2:3:4";
    for (const auto& g : asym_.by_depth) {
      const auto& st = g.*member;
      s.rows.push_back(
          {0.5 * (g.depth_lo + g.depth_hi) + shift * options_.depth_bin, st.median, st.q1, st.q3});
    }
    return s;
  };
  barriers.series.push_back(series("E_{fwd}", &GroupStats::e_fwd, -0.1, "#1f77b4"));
  barriers.series.push_back(series("E_{rev}", &GroupStats::e_rev, 0.0, "#d62728"));
  barriers.series.push_back(series("ΔE", &GroupStats::delta_e, 0.1, "#2ca02c"));
  out += plot(barriers);

  PlotSpec pb;
  pb.id = "depth_p_back";
  pb.title = "Mean back-hop probability against depth";
  pb.xlabel = "depth below the surface (" + unit_l_ + ")";
  pb.ylabel = "mean p_{back} (dimensionless)";
  pb.settings = {"set yrange [0:1.05]"};
  for (std::size_t t = 0; t < asym_.temperatures.size(); ++t) {
    PlotSeries s;
    s.title = "T = " + shown(asym_.temperatures[t]) + " " + unit_temp_;
    s.with = "linespoints pt 7 lw 2";
    for (const auto& g : asym_.by_depth)
      s.rows.push_back({0.5 * (g.depth_lo + g.depth_hi), g.p_back[t].stats.mean});
    pb.series.push_back(s);
  }
  out += plot(pb);
  out += "</div>\n</section>\n";
  return out;
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

std::string ReportWriter::disconnectivitySection() {
  if (!tree_ || tree_->nodes.empty()) return "";
  const auto& tree = *tree_;
  const auto& nodes = tree.nodes;
  // Leaves left to right by a depth-first walk from the top level (children in
  // order of their lowest energy); a node sits above the middle of its children.
  std::vector<std::vector<std::size_t>> children(nodes.size());
  std::vector<std::size_t> tops;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].parent >= 0)
      children[static_cast<std::size_t>(nodes[i].parent)].push_back(i);
    else
      tops.push_back(i);
  }
  auto by_energy = [&](std::size_t a, std::size_t b) { return nodes[a].min_energy < nodes[b].min_energy; };
  std::sort(tops.begin(), tops.end(), by_energy);
  for (auto& c : children) std::sort(c.begin(), c.end(), by_energy);
  std::vector<double> x(nodes.size(), 0.0);
  double next = 0.0;
  std::function<void(std::size_t)> place = [&](std::size_t n) {
    if (children[n].empty()) {
      x[n] = next++;
      return;
    }
    for (std::size_t c : children[n]) place(c);
    x[n] = 0.5 * (x[children[n].front()] + x[children[n].back()]);
  };
  for (std::size_t t : tops) place(t);
  const double e0 = nodes[tops.front()].min_energy;
  auto level = [&](int k) { return tree.levels[static_cast<std::size_t>(k)] - e0; };
  PlotSeries lines;
  lines.with = "vectors nohead lw 1.2 lc rgb '#1f3b73'";
  lines.using_columns = "1:2:3:4";
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    const double top = nodes[n].parent >= 0 ? level(nodes[n].level + 1) : level(nodes[n].level);
    // A leaf starts at its lowest minimum; every node rises to its parent's level.
    const double bottom = children[n].empty() ? nodes[n].min_energy - e0 : level(nodes[n].level);
    lines.rows.push_back({x[n], bottom, 0.0, top - bottom});
    if (nodes[n].parent >= 0) {
      const double xp = x[static_cast<std::size_t>(nodes[n].parent)];
      lines.rows.push_back({x[n], top, xp - x[n], 0.0});
    }
  }
  PlotSpec spec;
  spec.id = "disconnectivity";
  spec.title = "Disconnectivity graph of the store's minima";
  spec.xlabel = "minima (ordered by the tree)";
  spec.ylabel = "E - E_{min} (" + unit_e_ + ")";
  spec.settings = {"unset xtics", "unset key", "set offsets graph 0.02, graph 0.02, graph 0.02, 0"};
  spec.series.push_back(lines);
  std::string out =
      "<section id=\"disconnectivity\"><h2>Disconnectivity graph</h2>\n<p>At each of " +
      std::to_string(tree.levels.size()) +
      " energy levels (graph.disconnectivity_levels) the minima below it fall into groups joined by saddles "
      "below it; a line ends at the level where its group merges with another, and a leaf starts at its "
      "group's lowest minimum. Energies relative to the lowest minimum, in " +
      escapeXml(unit_e_) + ". The data: graph.json (disconnectivity).</p>\n<div class=\"grid\">\n";
  return out + plot(spec) + "</div>\n</section>\n";
}

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

  std::string head = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" +
                     escapeXml(in_.title) + "</title>\n<style>" + kStyle + "</style></head>\n<body>\n<h1>" +
                     escapeXml(in_.title) + "</h1>\n";
  head += "<p class=\"meta\">Units: " + escapeXml(in_.units.name) + " (energy " + escapeXml(unit_e_) +
          ", length " + escapeXml(unit_l_) + ", time " + escapeXml(unit_t_) + ", temperature " +
          escapeXml(unit_temp_) + "). " + std::to_string(in_.minima.size()) + " minima, " +
          std::to_string(in_.transitions.size()) + " transitions.</p>\n";
  for (const auto& m : in_.missing) head += "<p class=\"note\">Missing input: " + escapeXml(m) + "</p>\n";
  head += provenanceSection();

  // report_data.json and the list of files come last so they list everything.
  json data;
  data["units"] = {{"name", in_.units.name}, {"energy", unit_e_},         {"length", unit_l_},
                   {"time", unit_t_},        {"temperature", unit_temp_}, {"boltzmann", in_.units.boltzmann}};
  data["temperatures"] = asym_.temperatures;
  data["prefactor"] = in_.prefactor;
  data["minima"] = in_.minima.size();
  data["transitions"] = in_.transitions.size();
  data["end_minima"] = asym_.end_minima;
  data["end_minima_only_reverse"] = asym_.end_minima_only_reverse;
  json groups = json::array();
  for (const auto& g : asym_.by_species) groups.push_back(toJson(g));
  json depths = json::array();
  for (const auto& g : asym_.by_depth) depths.push_back(toJson(g));
  data["asymmetry"] = {{"all", toJson(asym_.all)}, {"by_species", groups}, {"by_depth", depths}};
  if (in_.kmc) data["kmc"] = toJson(*in_.kmc);
  data["missing"] = in_.missing;
  if (!in_.provenance.version.empty()) {
    const Provenance& p = in_.provenance;
    json seeds = json::object(), counts = json::object();
    for (const auto& [name, value] : p.seeds) seeds[name] = value;
    for (const auto& [name, value] : p.counts) counts[name] = value;
    data["provenance"] = {{"version", p.version},    {"config_file", p.config_file},
                          {"config", p.config_yaml}, {"seeds", seeds},
                          {"counts", counts},        {"date", p.date}};
  }
  data["plots"] = {{"gnuplot", gnuplot_}, {"drawn", plots_ok_}, {"not_drawn", plots_missing_}};
  writeFile("report_data.json", data.dump(2) + "\n");

  result_.files.push_back("report/index.html");
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
  writeFileAtomically(dir_ / "index.html", head + body + files + "</body></html>\n");

  // Key numbers for report.json.
  json numbers;
  numbers["minima"] = in_.minima.size();
  numbers["transitions"] = in_.transitions.size();
  numbers["e_fwd_median"] = num(asym_.all.e_fwd.median);
  numbers["e_rev_median"] = num(asym_.all.e_rev.median);
  numbers["delta_e_mean"] = num(asym_.all.delta_e.mean);
  numbers["only_reverse"] = asym_.all.only_reverse;
  json p_back = json::array();
  for (const auto& s : asym_.all.p_back)
    p_back.push_back({{"temperature", s.temperature}, {"mean", num(s.stats.mean)}});
  numbers["p_back"] = p_back;
  if (in_.kmc) {
    json e = json::object();
    for (const auto& s : in_.kmc->species) {
      if (s.has_fit) {
        e[s.name] = {{"E_D", num(s.D.E)},
                     {"E_rw", num(s.rw.E)},
                     {"E_f", num(s.f.E)},
                     {"measured", s.not_measured.empty()},
                     {"reason", s.not_measured}};
      }
    }
    numbers["arrhenius"] = e;
  }
  if (!in_.provenance.version.empty()) {
    // No date here: report.json, like every stage JSON, is reproducible.
    json seeds = json::object(), counts = json::object();
    for (const auto& [name, value] : in_.provenance.seeds) seeds[name] = value;
    for (const auto& [name, value] : in_.provenance.counts) counts[name] = value;
    numbers["provenance"] = {{"version", in_.provenance.version}, {"seeds", seeds}, {"counts", counts}};
  }
  numbers["plots_drawn"] = plots_ok_;
  numbers["plots_not_drawn"] = plots_missing_;
  result_.numbers = numbers;
  return result_;
}

}  // namespace

ReportResult writeReport(const ReportInputs& inputs, const ReportOptions& options) {
  ReportWriter writer(inputs, options);
  return writer.write();
}

}  // namespace glassland::report
