#include "glassland/report/kmc_summary.hpp"

#include <limits>
#include <nlohmann/json.hpp>

#include "glassland/core/error.hpp"
#include "glassland/kmc/kmc_json.hpp"

namespace glassland::report {

namespace {

namespace key = kmc::kmc_json;

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

/// The values of species `s` (at `where`) at temperature index t.
KmcPoint readPoint(const nlohmann::json& s, std::size_t t, const std::string& where) {
  KmcPoint p;
  p.D = seriesValue(s, key::kD, t, where);
  p.D_err = seriesValue(s, key::kDErr, t, where);
  p.D_rw = seriesValue(s, key::kDRw, t, where);
  p.D_rw_err = seriesValue(s, key::kDRwErr, t, where);
  p.f = seriesValue(s, key::kF, t, where);
  p.f_err = seriesValue(s, key::kFErr, t, where);
  if (s.contains(key::kDiffusive) && s.at(key::kDiffusive).is_array() && t < s.at(key::kDiffusive).size()) {
    const auto& flag = s.at(key::kDiffusive)[t];
    if (!flag.is_boolean()) {
      throw Error("kmc.json: '" + where + key::kDiffusive + "' is not an array of booleans");
    }
    p.diffusive = flag.get<bool>() ? 1 : 0;
    if (s.contains(key::kDiffusiveReason) && t < s.at(key::kDiffusiveReason).size() &&
        s.at(key::kDiffusiveReason)[t].is_string()) {
      p.diffusive_reason = s.at(key::kDiffusiveReason)[t].get<std::string>();
    }
  }
  return p;
}

/// arrhenius.<name> (`fit`) into `out`: the three fits and the verdict.
void readArrhenius(const nlohmann::json& fit, const std::string& name, KmcSpecies& out) {
  const std::string at = "arrhenius." + name + ".";
  auto entry = [&](const std::string& suffix) {
    auto value = [&](const std::string& k) { return number(member(fit, k, at), at + k); };
    ArrheniusEntry e;
    e.E = value(key::energyKey(suffix));
    e.E_err = value(key::energyErrKey(suffix));
    e.prefactor = value(key::prefactorKey(suffix));
    e.prefactor_err = value(key::prefactorErrKey(suffix));
    const std::string chi2 = key::chi2PerDofKey(suffix);
    e.chi2_per_dof =
        fit.contains(chi2) ? number(fit.at(chi2), at + chi2) : std::numeric_limits<double>::quiet_NaN();
    return e;
  };
  out.has_fit = true;
  out.D = entry(key::kFitD);
  out.rw = entry(key::kFitRw);
  out.f = entry(key::kFitF);
  if (fit.contains(key::kMeasured) && fit.at(key::kMeasured).is_boolean() &&
      !fit.at(key::kMeasured).get<bool>()) {
    out.not_measured = fit.value(key::kReason, std::string("no reason given"));
    if (out.not_measured.empty()) out.not_measured = "no reason given";
  }
  if (fit.contains(key::kExcludedTemperatures) && fit.at(key::kExcludedTemperatures).is_array()) {
    for (const auto& t : fit.at(key::kExcludedTemperatures)) {
      out.excluded_temperatures.push_back(number(t, at + key::kExcludedTemperatures));
    }
  }
}

}  // namespace

KmcSummary KmcSummary::fromJson(const nlohmann::json& json) {
  KmcSummary summary;
  summary.provider = json.value(key::kProvider, "");
  const auto& temperatures = member(json, key::kTemperatures, "");
  if (!temperatures.is_array())
    throw Error("kmc.json: '" + std::string(key::kTemperatures) + "' is not an array");
  for (const auto& t : temperatures) summary.temperatures.push_back(number(t, key::kTemperatures));
  // A number array (nulls as NaN), or empty when absent.
  auto numbers = [](const nlohmann::json& array, const std::string& what) {
    std::vector<double> out;
    if (!array.is_array()) return out;
    for (const auto& v : array) out.push_back(number(v, what));
    return out;
  };
  if (json.contains(key::kTRun)) summary.t_run = numbers(json.at(key::kTRun), key::kTRun);
  if (json.contains(key::kMsdLag) && json.at(key::kMsdLag).is_array()) {
    for (const auto& lags : json.at(key::kMsdLag)) summary.msd_lag.push_back(numbers(lags, key::kMsdLag));
  }
  const auto& species = member(json, key::kSpecies, "");
  const nlohmann::json empty = nlohmann::json::object();
  const auto& arrhenius = json.contains(key::kArrhenius) ? json.at(key::kArrhenius) : empty;
  bool first = true;
  for (const auto& [name, s] : species.items()) {
    const std::string where = "species." + name + ".";
    KmcSpecies out;
    out.name = name;
    for (std::size_t t = 0; t < summary.temperatures.size(); ++t) {
      out.points.push_back(readPoint(s, t, where));
      // The back-hop fraction is per temperature (the same in every species' arrays).
      if (first) summary.back_hop_fraction.push_back(seriesValue(s, key::kBackHopFraction, t, where));
    }
    first = false;
    if (s.contains(key::kMsd) && s.at(key::kMsd).is_array()) {
      for (const auto& curve : s.at(key::kMsd)) out.msd.push_back(numbers(curve, where + key::kMsd));
    }
    if (arrhenius.is_object() && arrhenius.contains(name)) readArrhenius(arrhenius.at(name), name, out);
    summary.species.push_back(std::move(out));
  }
  return summary;
}

}  // namespace glassland::report
