// The KMC section of index.html: D, D_rw, f per species and temperature, MSD
// curves, Arrhenius energies and plots.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "glassland/report/csv.hpp"
#include "writer.hpp"

namespace glassland::report {

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
  // One statement each: the plots are drawn (and their warnings recorded) in page order.
  out += kmcTable();
  out += msdSection();
  out += arrheniusTable();
  out += arrheniusSection();
  return out + "</section>\n";
}

/// D, D_rw, f per species and temperature, and the notes on temperatures that
/// are not diffusive and on a D that is zero everywhere.
std::string ReportWriter::kmcTable() const {
  const auto& k = *in_.kmc;
  std::string out =
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
  return out;
}

/// E_D, E_rw, E_f per species, or why there is no number.
std::string ReportWriter::arrheniusTable() const {
  const auto& k = *in_.kmc;
  std::string out =
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
  return out + "</tbody></table>\n";
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
  const std::vector<std::string>& colours = seriesColours();
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

}  // namespace glassland::report
