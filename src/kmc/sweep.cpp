// Temperature sweep, estimators with errors over trajectories, options and JSON.
#include <omp.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "glassland/core/error.hpp"
#include "glassland/kmc/kmc.hpp"

namespace glassland::kmc {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct MeanError {
  double mean = kNaN, err = kNaN;
};

MeanError meanAndError(const std::vector<double>& x) {
  MeanError r;
  const auto n = static_cast<double>(x.size());
  if (x.empty()) return r;
  double sum = 0.0;
  for (double v : x) sum += v;
  r.mean = sum / n;
  if (x.size() < 2) return r;
  double ss = 0.0;
  for (double v : x) ss += (v - r.mean) * (v - r.mean);
  r.err = std::sqrt(ss / (n - 1.0) / n);  // standard error of the mean
  return r;
}

// Ratio of sums sum(num) / sum(den) with its delete-one jackknife error (Efron
// 1982): the ratio of means is biased at O(1/n) and its spread mixes the two
// fluctuations, which the jackknife captures without an explicit covariance.
MeanError ratioJackknife(const std::vector<double>& num, const std::vector<double>& den) {
  MeanError r;
  const std::size_t n = num.size();
  double sn = 0.0, sd = 0.0;
  for (std::size_t j = 0; j < n; ++j) sn += num[j], sd += den[j];
  if (n == 0 || !(sd != 0.0)) return r;
  r.mean = sn / sd;
  if (n < 2) return r;
  std::vector<double> loo(n);
  double mean_loo = 0.0;
  for (std::size_t j = 0; j < n; ++j) {
    loo[j] = (sn - num[j]) / (sd - den[j]);
    mean_loo += loo[j];
  }
  mean_loo /= static_cast<double>(n);
  double ss = 0.0;
  for (double v : loo) ss += (v - mean_loo) * (v - mean_loo);
  r.err = std::sqrt(ss * (static_cast<double>(n) - 1.0) / static_cast<double>(n));
  return r;
}

}  // namespace

std::vector<SpeciesEstimate> estimate(const std::vector<TrajectoryStats>& trajectories,
                                      const std::vector<int>& species_atoms, bool lateral) {
  const double dims2 = lateral ? 4.0 : 6.0;
  std::vector<SpeciesEstimate> out(species_atoms.size());
  for (std::size_t a = 0; a < species_atoms.size(); ++a) {
    const double na = species_atoms[a];
    std::vector<double> D, Drw, Dlam, Dslope, Drw_slope;
    double thr_hops = 0.0, thr_sq = 0.0, time = 0.0;
    for (const auto& t : trajectories) {
      if (!(t.time > 0.0) || !(na > 0.0)) continue;  // no time elapsed: nothing to estimate
      const double norm = 1.0 / (dims2 * na * t.time);
      D.push_back(t.msd[a] * norm);
      Drw.push_back(t.hop_sq[a] * norm);
      Dlam.push_back(t.thr_sq[a] * norm);
      if (t.time > t.time_start) {
        const double late = 1.0 / (dims2 * na * (t.time - t.time_start));
        Dslope.push_back((t.msd[a] - t.msd_start[a]) * late);
        Drw_slope.push_back((t.hop_sq[a] - t.hop_sq_start[a]) * late);
      }
      thr_hops += t.thr_hops[a];
      thr_sq += t.thr_sq[a];
      time += t.time;
    }
    auto& e = out[a];
    const auto d = meanAndError(D), rw = meanAndError(Drw), lam = meanAndError(Dlam);
    e.D = d.mean, e.D_err = d.err;
    e.D_rw = rw.mean, e.D_rw_err = rw.err;
    e.D_rw_lambda = lam.mean, e.D_rw_lambda_err = lam.err;
    const auto f = ratioJackknife(D, Drw);
    e.f = f.mean, e.f_err = f.err;
    const auto ds = meanAndError(Dslope);
    e.D_slope = ds.mean, e.D_slope_err = ds.err;
    const auto fs = ratioJackknife(Dslope, Drw_slope);
    e.f_slope = fs.mean, e.f_slope_err = fs.err;
    e.hops = thr_hops;
    e.hop_rate = time > 0.0 ? thr_hops / (na * time) : kNaN;
    e.mean_sq_hop_length = thr_hops > 0.0 ? thr_sq / thr_hops : kNaN;
  }
  return out;
}

KmcOptions KmcOptions::fromYaml(OptionsReader& reader) {
  KmcOptions o;
  reader.get("temperatures", o.temperatures);
  // `prefactor` is a number or the word `vineyard` (harmonic TST per transition).
  const YAML::Node prefactor = reader.child("prefactor");
  if (prefactor && prefactor.IsScalar() && prefactor.Scalar() == "vineyard") {
    o.vineyard = true;
  } else if (prefactor) {
    double value = 0.0;
    try {
      value = prefactor.as<double>();
    } catch (const YAML::Exception&) {
      reader.failAt("prefactor",
                    "expected a number (1/time) or vineyard, got '" +
                        (prefactor.IsScalar() ? prefactor.Scalar() : std::string("a non-scalar")) + "'");
    }
    o.prefactor = value;
  }
  reader.get("trajectories", o.trajectories).get("steps", o.steps).get("seed", o.seed);
  reader.get("superbasin", o.superbasin).get("superbasin_barrier", o.superbasin_barrier);
  reader.get("superbasin_kt", o.superbasin_kt).get("superbasin_max_states", o.superbasin_max_states);
  reader.get("superbasin_position_tolerance", o.superbasin_position_tolerance);
  reader.get("hop_threshold", o.hop_threshold).get("lateral", o.lateral).get("threads", o.threads);
  reader.get("slope_start", o.slope_start);
  if (reader.has("adaptive")) {
    OptionsReader sub = reader.section("adaptive");
    o.adaptive = AdaptiveOptions::fromYaml(sub);
  }
  YAML::Node provider = reader.child("provider");
  if (provider) {
    if (provider.IsScalar()) {
      reader.get("provider", o.provider);
      if (o.provider == "lattice-vacancy") {
        OptionsReader empty(YAML::Node(), reader.sectionName() + ".provider", reader.file());
        o.lattice = LatticeVacancyOptions::fromYaml(empty);
      }
    } else if (provider.IsMap()) {
      OptionsReader sub = reader.section("provider");
      sub.require("type", o.provider);
      if (o.provider != "lattice-vacancy") {
        sub.failAt("type", "only provider type lattice-vacancy takes settings (got '" + o.provider + "')");
      }
      o.lattice = LatticeVacancyOptions::fromYaml(sub);
    } else {
      reader.failAt("provider", "expected graph, adaptive, or {type: lattice-vacancy, ...}");
    }
    if (o.provider != "graph" && o.provider != "adaptive" && o.provider != "lattice-vacancy") {
      reader.failAt("provider", "unknown provider '" + o.provider + "' (expected one of: graph, adaptive, lattice-vacancy)");
    }
  }
  reader.finish();
  if (o.temperatures.empty()) reader.failAt("temperatures", "needs at least one temperature");
  for (double t : o.temperatures) {
    if (!(t > 0.0)) reader.failAt("temperatures", "temperatures must be positive");
  }
  if (o.prefactor < 0.0) reader.failAt("prefactor", "must be positive (or omitted for the units' default)");
  if (o.vineyard && o.provider == "lattice-vacancy")
    reader.failAt("prefactor", "vineyard needs the saddle searches of provider graph or adaptive; the "
                               "lattice-vacancy provider takes its prefactor from provider.prefactor");
  if (o.trajectories < 1) reader.failAt("trajectories", "needs at least 1 trajectory");
  if (o.steps < 1) reader.failAt("steps", "needs at least 1 step");
  if (o.superbasin_max_states < 2) reader.failAt("superbasin_max_states", "must be at least 2");
  if (!(o.superbasin_kt > 0.0)) reader.failAt("superbasin_kt", "must be positive");
  if (!(o.slope_start > 0.0 && o.slope_start < 1.0)) reader.failAt("slope_start", "must lie in (0, 1)");
  if (o.threads < 0) reader.failAt("threads", "must be >= 0 (0 = OpenMP default)");
  return o;
}

KmcResults runKmc(const EventProvider& provider, const KmcOptions& options, const Units& units,
                  const KmcProgressCallback& progress) {
  if (options.temperatures.empty()) throw InputError("kmc: no temperatures given");
  if (provider.atomCount() <= 0) throw InputError("kmc: the event provider tracks no atoms");
  if (options.trajectories < 1) throw InputError("kmc: needs at least 1 trajectory");
  KmcResults results;
  results.provider = provider.name();
  results.species = provider.speciesNames();
  results.boltzmann = units.boltzmann;
  results.species_atoms.assign(results.species.size(), 0);
  for (int s : provider.atomSpecies()) ++results.species_atoms[static_cast<std::size_t>(s)];

  const int ntraj = options.trajectories;
  const int nthreads =
      !provider.parallelTrajectories() ? 1 : options.threads > 0 ? options.threads : omp_get_max_threads();
  const std::int64_t total = static_cast<std::int64_t>(ntraj) * static_cast<std::int64_t>(options.temperatures.size());
  std::int64_t total_done = 0;
  for (std::size_t ti = 0; ti < options.temperatures.size(); ++ti) {
    const double temperature = options.temperatures[ti];
    const Simulation simulation(provider, options, units, temperature);
    std::vector<TrajectoryStats> stats(static_cast<std::size_t>(ntraj));
    int done = 0;
    // Each trajectory owns its RNG stream and its output slot, so the results do
    // not depend on the number of threads or on scheduling.
    // With one thread the region is not created at all, so a provider may run
    // its own parallel regions (the adaptive provider's searches).
#pragma omp parallel for schedule(dynamic, 1) num_threads(nthreads) if (nthreads > 1)
    for (int j = 0; j < ntraj; ++j) {
      stats[static_cast<std::size_t>(j)] = simulation.run(static_cast<std::uint64_t>(j), ti);
      if (progress) {
#pragma omp critical(glassland_kmc_progress)
        {
          ++done;
          ++total_done;
          progress(KmcProgress{static_cast<int>(ti), done, ntraj, total_done, total});
        }
      }
    }

    TemperatureResult tr;
    tr.temperature = temperature;
    tr.trajectories = ntraj;
    tr.superbasins = simulation.superbasinCount();
    tr.species = estimate(stats, results.species_atoms, options.lateral);
    std::vector<double> back, events;
    for (const auto& s : stats) {
      tr.simulated_time += s.time;
      tr.steps += s.steps;
      tr.superbasin_steps += s.superbasin_steps;
      tr.events += s.events;
      back.push_back(s.back_hops);
      events.push_back(s.events);
      if (s.end != EndReason::Completed) {
        if (tr.ended_early == 0) {
          tr.end_message = std::string(toString(s.end)) + ": trajectory stopped in state " +
                           std::to_string(s.end_state) + " after " + std::to_string(s.steps) + " steps" +
                           (s.end == EndReason::NoEscape ? " (the state has no known escape event)"
                                                         : " (every escape rate underflows at this temperature)");
        }
        ++tr.ended_early;
      }
    }
    // Back-hop fraction = back hops / hops; the last hop of a trajectory has no
    // successor, an O(1/steps) difference that is ignored.
    std::vector<double> num, den;
    for (std::size_t j = 0; j < back.size(); ++j) {
      if (events[j] > 0.0) num.push_back(back[j]), den.push_back(events[j]);
    }
    const auto bf = ratioJackknife(num, den);
    tr.back_hop_fraction = bf.mean;
    tr.back_hop_fraction_err = bf.err;
    results.temperatures.push_back(std::move(tr));
  }

  if (options.temperatures.size() >= 2) {
    for (std::size_t a = 0; a < results.species.size(); ++a) {
      std::vector<double> T, D, De, R, Re, F, Fe;
      for (const auto& tr : results.temperatures) {
        const auto& e = tr.species[a];
        T.push_back(tr.temperature);
        D.push_back(e.D), De.push_back(e.D_err);
        R.push_back(e.D_rw), Re.push_back(e.D_rw_err);
        F.push_back(e.f), Fe.push_back(e.f_err);
      }
      results.arrhenius.push_back({fitArrheniusSplit(T, D, De, R, Re, F, Fe, units.boltzmann)});
    }
  }
  return results;
}

nlohmann::json toJson(const KmcResults& results) {
  using nlohmann::json;
  auto num = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  json j;
  j["provider"] = results.provider;
  json temps = json::array(), ended = json::array(), messages = json::array(), superbasins = json::array();
  for (const auto& tr : results.temperatures) {
    temps.push_back(tr.temperature);
    ended.push_back(tr.ended_early);
    messages.push_back(tr.end_message);
    superbasins.push_back(tr.superbasins);
  }
  j["temperatures"] = temps;
  j["ended_early"] = ended;
  j["end_messages"] = messages;
  j["superbasins"] = superbasins;
  json species = json::object();
  for (std::size_t a = 0; a < results.species.size(); ++a) {
    json s;
    s["atoms"] = results.species_atoms[a];
    auto series = [&](const char* key, auto getter) {
      json arr = json::array();
      for (const auto& tr : results.temperatures) arr.push_back(getter(tr, tr.species[a]));
      s[key] = arr;
    };
    using TR = TemperatureResult;
    using SE = SpeciesEstimate;
    series("D", [&](const TR&, const SE& e) { return num(e.D); });
    series("D_err", [&](const TR&, const SE& e) { return num(e.D_err); });
    series("D_rw", [&](const TR&, const SE& e) { return num(e.D_rw); });
    series("D_rw_err", [&](const TR&, const SE& e) { return num(e.D_rw_err); });
    series("D_rw_lambda", [&](const TR&, const SE& e) { return num(e.D_rw_lambda); });
    series("D_rw_lambda_err", [&](const TR&, const SE& e) { return num(e.D_rw_lambda_err); });
    series("f", [&](const TR&, const SE& e) { return num(e.f); });
    series("f_err", [&](const TR&, const SE& e) { return num(e.f_err); });
    series("D_slope", [&](const TR&, const SE& e) { return num(e.D_slope); });
    series("D_slope_err", [&](const TR&, const SE& e) { return num(e.D_slope_err); });
    series("f_slope", [&](const TR&, const SE& e) { return num(e.f_slope); });
    series("f_slope_err", [&](const TR&, const SE& e) { return num(e.f_slope_err); });
    series("hop_rate", [&](const TR&, const SE& e) { return num(e.hop_rate); });
    series("mean_sq_hop_length", [&](const TR&, const SE& e) { return num(e.mean_sq_hop_length); });
    series("hops", [&](const TR&, const SE& e) { return num(e.hops); });
    series("back_hop_fraction", [&](const TR& t, const SE&) { return num(t.back_hop_fraction); });
    series("back_hop_fraction_err", [&](const TR& t, const SE&) { return num(t.back_hop_fraction_err); });
    series("simulated_time", [&](const TR& t, const SE&) { return num(t.simulated_time); });
    series("steps", [&](const TR& t, const SE&) { return json(t.steps); });
    series("superbasin_steps", [&](const TR& t, const SE&) { return json(t.superbasin_steps); });
    series("events", [&](const TR& t, const SE&) { return num(t.events); });
    species[results.species[a]] = s;
  }
  j["species"] = species;
  json arrhenius = json::object();
  for (std::size_t a = 0; a < results.arrhenius.size(); ++a) {
    const auto& sp = results.arrhenius[a].split;
    json fit;
    auto put = [&](const std::string& suffix, const ArrheniusFit& x) {
      fit["E_" + suffix] = num(x.energy);
      fit["E_" + suffix + "_err"] = num(x.energy_err);
      fit["prefactor_" + suffix] = num(x.prefactor);
      fit["prefactor_" + suffix + "_err"] = num(x.prefactor_err);
      fit["chi2_per_dof_" + suffix] = num(x.chi2_per_dof);
    };
    put("D", sp.D);
    put("rw", sp.D_rw);
    put("f", sp.f);
    if (!sp.excluded_temperatures.empty()) {
      fit["excluded_temperatures"] = sp.excluded_temperatures;
      fit["excluded_reason"] =
          "f < 1e-10: no net motion to rounding (every trajectory returned to its start)";
    }
    arrhenius[results.species[a]] = fit;
  }
  j["arrhenius"] = arrhenius;
  return j;
}

}  // namespace glassland::kmc
