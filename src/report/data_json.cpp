// The JSON of the report: report_data.json (every number of the report) and
// the key numbers that go into report.json.
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "writer.hpp"

namespace glassland::report {

using nlohmann::json;

namespace {

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

/// {name: value} of provenance seeds or counts.
json namedValues(const std::vector<std::pair<std::string, long>>& values) {
  json j = json::object();
  for (const auto& [name, value] : values) j[name] = value;
  return j;
}

}  // namespace

/// report_data.json: every number of the report.
void ReportWriter::writeDataJson() {
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
    data["provenance"] = {
        {"version", p.version},          {"config_file", p.config_file},    {"config", p.config_yaml},
        {"seeds", namedValues(p.seeds)}, {"counts", namedValues(p.counts)}, {"date", p.date}};
  }
  data["plots"] = {{"gnuplot", gnuplot_}, {"drawn", plots_ok_}, {"not_drawn", plots_missing_}};
  writeFile("report_data.json", data.dump(2) + "\n");
}

/// The key numbers for report.json.
nlohmann::json ReportWriter::keyNumbers() const {
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
    const Provenance& p = in_.provenance;
    numbers["provenance"] = {
        {"version", p.version}, {"seeds", namedValues(p.seeds)}, {"counts", namedValues(p.counts)}};
  }
  numbers["plots_drawn"] = plots_ok_;
  numbers["plots_not_drawn"] = plots_missing_;
  return numbers;
}

}  // namespace glassland::report
