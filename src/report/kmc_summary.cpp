#include "glassland/report/kmc_summary.hpp"

#include <limits>
#include <nlohmann/json.hpp>

#include "glassland/core/error.hpp"

namespace glassland::report {

namespace {

/// A JSON number, or NaN for null (kmc.json writes non-finite values as null).
double number(const nlohmann::json& value, const std::string& what) {
  if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (!value.is_number()) throw Error("kmc.json: '" + what + "' is not a number");
  return value.get<double>();
}

const nlohmann::json& member(const nlohmann::json& object, const std::string& key, const std::string& where) {
  if (!object.is_object() || !object.contains(key)) throw Error("kmc.json: missing '" + where + key + "'");
  return object.at(key);
}

/// Element t of the array under `key` (NaN when the array is shorter).
double seriesValue(const nlohmann::json& species, const std::string& key, std::size_t t,
                   const std::string& where) {
  if (!species.contains(key)) return std::numeric_limits<double>::quiet_NaN();
  const auto& array = species.at(key);
  if (!array.is_array()) throw Error("kmc.json: '" + where + key + "' is not an array");
  if (t >= array.size()) return std::numeric_limits<double>::quiet_NaN();
  return number(array[t], where + key);
}

}  // namespace

KmcSummary KmcSummary::fromJson(const nlohmann::json& json) {
  KmcSummary summary;
  summary.provider = json.value("provider", "");
  const auto& temperatures = member(json, "temperatures", "");
  if (!temperatures.is_array()) throw Error("kmc.json: 'temperatures' is not an array");
  for (const auto& t : temperatures) summary.temperatures.push_back(number(t, "temperatures"));
  // A number array (nulls as NaN), or empty when absent.
  auto numbers = [](const nlohmann::json& array, const std::string& what) {
    std::vector<double> out;
    if (!array.is_array()) return out;
    for (const auto& v : array) out.push_back(number(v, what));
    return out;
  };
  if (json.contains("t_run")) summary.t_run = numbers(json.at("t_run"), "t_run");
  if (json.contains("msd_lag") && json.at("msd_lag").is_array()) {
    for (const auto& lags : json.at("msd_lag")) summary.msd_lag.push_back(numbers(lags, "msd_lag"));
  }
  const auto& species = member(json, "species", "");
  const nlohmann::json empty = nlohmann::json::object();
  const auto& arrhenius = json.contains("arrhenius") ? json.at("arrhenius") : empty;
  bool first = true;
  for (const auto& [name, s] : species.items()) {
    const std::string where = "species." + name + ".";
    KmcSpecies out;
    out.name = name;
    for (std::size_t t = 0; t < summary.temperatures.size(); ++t) {
      KmcPoint p;
      p.D = seriesValue(s, "D", t, where);
      p.D_err = seriesValue(s, "D_err", t, where);
      p.D_rw = seriesValue(s, "D_rw", t, where);
      p.D_rw_err = seriesValue(s, "D_rw_err", t, where);
      p.f = seriesValue(s, "f", t, where);
      p.f_err = seriesValue(s, "f_err", t, where);
      if (s.contains("diffusive") && s.at("diffusive").is_array() && t < s.at("diffusive").size()) {
        const auto& flag = s.at("diffusive")[t];
        if (!flag.is_boolean()) throw Error("kmc.json: '" + where + "diffusive' is not an array of booleans");
        p.diffusive = flag.get<bool>() ? 1 : 0;
        if (s.contains("diffusive_reason") && t < s.at("diffusive_reason").size() &&
            s.at("diffusive_reason")[t].is_string()) {
          p.diffusive_reason = s.at("diffusive_reason")[t].get<std::string>();
        }
      }
      out.points.push_back(p);
      // The back-hop fraction is per temperature (the same in every species' arrays).
      if (first) summary.back_hop_fraction.push_back(seriesValue(s, "back_hop_fraction", t, where));
    }
    first = false;
    if (s.contains("msd") && s.at("msd").is_array()) {
      for (const auto& curve : s.at("msd")) out.msd.push_back(numbers(curve, where + "msd"));
    }
    if (arrhenius.is_object() && arrhenius.contains(name)) {
      const auto& fit = arrhenius.at(name);
      const std::string at = "arrhenius." + name + ".";
      auto entry = [&](const std::string& suffix) {
        ArrheniusEntry e;
        e.E = number(member(fit, "E_" + suffix, at), at + "E_" + suffix);
        e.E_err = number(member(fit, "E_" + suffix + "_err", at), at + "E_" + suffix + "_err");
        e.prefactor = number(member(fit, "prefactor_" + suffix, at), at + "prefactor_" + suffix);
        e.prefactor_err =
            number(member(fit, "prefactor_" + suffix + "_err", at), at + "prefactor_" + suffix + "_err");
        e.chi2_per_dof = fit.contains("chi2_per_dof_" + suffix)
                             ? number(fit.at("chi2_per_dof_" + suffix), at + "chi2_per_dof_" + suffix)
                             : std::numeric_limits<double>::quiet_NaN();
        return e;
      };
      out.has_fit = true;
      out.D = entry("D");
      out.rw = entry("rw");
      out.f = entry("f");
      if (fit.contains("measured") && fit.at("measured").is_boolean() && !fit.at("measured").get<bool>()) {
        out.not_measured = fit.value("reason", std::string("no reason given"));
        if (out.not_measured.empty()) out.not_measured = "no reason given";
      }
      if (fit.contains("excluded_temperatures") && fit.at("excluded_temperatures").is_array()) {
        for (const auto& t : fit.at("excluded_temperatures")) {
          out.excluded_temperatures.push_back(number(t, at + "excluded_temperatures"));
        }
      }
    }
    summary.species.push_back(std::move(out));
  }
  return summary;
}

}  // namespace glassland::report
