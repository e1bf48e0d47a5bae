// The barrier sections of index.html: asymmetry of forward and reverse
// barriers, back-hop probability, statistics by depth below a free surface.
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "writer.hpp"

namespace glassland::report {

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

  const std::vector<std::string>& colours = seriesColours();
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

}  // namespace glassland::report
