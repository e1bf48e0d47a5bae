// kmc.json: the results of a temperature sweep in the layout of kmc_json.hpp.
#include "glassland/kmc/kmc_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "glassland/kmc/kmc.hpp"

namespace glassland::kmc {

namespace {

using nlohmann::json;

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

/// The top-level arrays over temperatures.
void putTemperatureArrays(const KmcResults& results, json& j) {
  json temps = json::array(), ended = json::array(), messages = json::array(), superbasins = json::array();
  json t_run = json::array(), source = json::array(), pilot = json::array(), used = json::array(),
       capped = json::array(), lags = json::array();
  for (const auto& tr : results.temperatures) {
    temps.push_back(tr.temperature);
    ended.push_back(tr.ended_early);
    messages.push_back(tr.end_message);
    superbasins.push_back(tr.superbasins);
    t_run.push_back(num(tr.t_run));
    source.push_back(tr.t_run_source);
    pilot.push_back(tr.pilot_steps);
    used.push_back(tr.used);
    capped.push_back(tr.capped);
    json l = json::array();
    for (double v : tr.msd_lag) l.push_back(num(v));
    lags.push_back(l);
  }
  j[kmc_json::kTemperatures] = temps;
  j[kmc_json::kTRun] = t_run;
  j[kmc_json::kTRunSource] = source;
  j[kmc_json::kPilotSteps] = pilot;
  j[kmc_json::kTrajectoriesUsed] = used;
  j[kmc_json::kCapped] = capped;
  j[kmc_json::kEndedEarly] = ended;
  j[kmc_json::kEndMessages] = messages;
  j[kmc_json::kSuperbasins] = superbasins;
  j[kmc_json::kMsdLag] = lags;
  j[kmc_json::kMsdFitWindow] = {static_cast<double>(kFitFirstLag) / kMsdSamples,
                                static_cast<double>(kFitLastLag) / kMsdSamples};
}

/// species.<name> of species index a: its arrays over temperatures.
json speciesJson(const KmcResults& results, std::size_t a) {
  namespace key = kmc_json;
  json s;
  s[key::kAtoms] = results.species_atoms[a];
  auto series = [&](const char* name, auto getter) {
    json arr = json::array();
    for (const auto& tr : results.temperatures) arr.push_back(getter(tr, tr.species[a]));
    s[name] = arr;
  };
  using TR = TemperatureResult;
  using SE = SpeciesEstimate;
  series(key::kD, [&](const TR&, const SE& e) { return num(e.D); });
  series(key::kDErr, [&](const TR&, const SE& e) { return num(e.D_err); });
  series(key::kDRw, [&](const TR&, const SE& e) { return num(e.D_rw); });
  series(key::kDRwErr, [&](const TR&, const SE& e) { return num(e.D_rw_err); });
  series(key::kDRwLambda, [&](const TR&, const SE& e) { return num(e.D_rw_lambda); });
  series(key::kDRwLambdaErr, [&](const TR&, const SE& e) { return num(e.D_rw_lambda_err); });
  series(key::kF, [&](const TR&, const SE& e) { return num(e.f); });
  series(key::kFErr, [&](const TR&, const SE& e) { return num(e.f_err); });
  series(key::kDiffusive, [&](const TR&, const SE& e) { return json(e.diffusive); });
  series(key::kDiffusiveReason, [&](const TR&, const SE& e) { return json(e.diffusive_reason); });
  series(key::kDEarly, [&](const TR&, const SE& e) { return num(e.D_early); });
  series(key::kDEarlyErr, [&](const TR&, const SE& e) { return num(e.D_early_err); });
  series(key::kDLate, [&](const TR&, const SE& e) { return num(e.D_late); });
  series(key::kDLateErr, [&](const TR&, const SE& e) { return num(e.D_late_err); });
  series(key::kLinearitySigma, [&](const TR&, const SE& e) { return num(e.linearity_sigma); });
  series(key::kMobileMsd, [&](const TR&, const SE& e) { return num(e.mobile_msd); });
  series(key::kHopRate, [&](const TR&, const SE& e) { return num(e.hop_rate); });
  series(key::kMeanSqHopLength, [&](const TR&, const SE& e) { return num(e.mean_sq_hop_length); });
  series(key::kHops, [&](const TR&, const SE& e) { return num(e.hops); });
  series(key::kBackHopFraction, [&](const TR& t, const SE&) { return num(t.back_hop_fraction); });
  series(key::kBackHopFractionErr, [&](const TR& t, const SE&) { return num(t.back_hop_fraction_err); });
  series(key::kSimulatedTime, [&](const TR& t, const SE&) { return num(t.simulated_time); });
  series(key::kSteps, [&](const TR& t, const SE&) { return json(t.steps); });
  series(key::kSuperbasinSteps, [&](const TR& t, const SE&) { return json(t.superbasin_steps); });
  series(key::kEvents, [&](const TR& t, const SE&) { return num(t.events); });
  auto curve = [&](const std::vector<double>& v) {
    json arr = json::array();
    for (double x : v) arr.push_back(num(x));
    return arr;
  };
  series(key::kMsd, [&](const TR&, const SE& e) { return curve(e.msd); });
  series(key::kMsdErr, [&](const TR&, const SE& e) { return curve(e.msd_err); });
  return s;
}

/// arrhenius.<name>: the three fits, the verdict and the temperatures used.
json arrheniusJson(const SpeciesArrhenius& arrhenius) {
  namespace key = kmc_json;
  const auto& sp = arrhenius.split;
  json fit;
  auto put = [&](const std::string& suffix, const ArrheniusFit& x) {
    fit[key::energyKey(suffix)] = num(x.energy);
    fit[key::energyErrKey(suffix)] = num(x.energy_err);
    fit[key::prefactorKey(suffix)] = num(x.prefactor);
    fit[key::prefactorErrKey(suffix)] = num(x.prefactor_err);
    fit[key::chi2PerDofKey(suffix)] = num(x.chi2_per_dof);
    fit[key::errorScaleKey(suffix)] = num(x.error_scale);
  };
  put(key::kFitD, sp.D);
  put(key::kFitRw, sp.D_rw);
  put(key::kFitF, sp.f);
  fit[key::kMeasured] = sp.not_measured.empty();
  fit[key::kReason] = sp.not_measured;
  fit[key::kFittedTemperatures] = sp.fitted_temperatures;
  fit[key::kExcludedTemperatures] = sp.excluded_temperatures;
  fit[key::kExcludedReasons] = sp.excluded_reasons;
  std::string joined;
  for (const auto& r : sp.excluded_reasons) joined += (joined.empty() ? "" : " | ") + r;
  fit[key::kExcludedReason] = joined;
  return fit;
}

}  // namespace

nlohmann::json toJson(const KmcResults& results) {
  json j;
  j[kmc_json::kProvider] = results.provider;
  putTemperatureArrays(results, j);
  json species = json::object();
  for (std::size_t a = 0; a < results.species.size(); ++a)
    species[results.species[a]] = speciesJson(results, a);
  j[kmc_json::kSpecies] = species;
  json arrhenius = json::object();
  for (std::size_t a = 0; a < results.arrhenius.size(); ++a)
    arrhenius[results.species[a]] = arrheniusJson(results.arrhenius[a]);
  j[kmc_json::kArrhenius] = arrhenius;
  return j;
}

}  // namespace glassland::kmc
