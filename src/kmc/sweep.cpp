// Temperature sweep and estimators with errors over trajectories (the options are read in
// kmc_options.cpp, the JSON written in kmc_json.cpp).
#include <omp.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <string>

#include "glassland/core/error.hpp"
#include "glassland/core/interrupt.hpp"
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

/// Thresholds of the diffusive test (documented in kmc.hpp and docs/configuration.md).
// Both at 3 sigma: a sweep has ~8 (temperature, species) points, and a 2-sigma
// linearity test would call a truly diffusive point non-linear in 1 sweep of 3.
constexpr double kLinearitySigma = 3.0;  // the two half-decade slopes agree within this many sigma
constexpr double kDiffusiveSigma = 3.0;  // D above zero by more than this many sigma

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

}  // namespace

std::vector<SpeciesEstimate> estimate(const std::vector<TrajectoryStats>& trajectories,
                                      const std::vector<int>& species_atoms, bool lateral,
                                      double hop_threshold) {
  const double dims2 = lateral ? 4.0 : 6.0;
  std::vector<const TrajectoryStats*> used;
  for (const auto& t : trajectories) {
    if (t.end == EndReason::Completed && t.time > 0.0 && !t.msd_lag.empty()) used.push_back(&t);
  }
  std::vector<SpeciesEstimate> out(species_atoms.size());
  for (std::size_t a = 0; a < species_atoms.size(); ++a) {
    auto& e = out[a];
    const double na = species_atoms[a];
    if (!(na > 0.0) || used.empty()) {
      e.D = e.D_err = e.D_rw = e.D_rw_err = e.D_rw_lambda = e.D_rw_lambda_err = e.f = e.f_err = kNaN;
      e.D_early = e.D_early_err = e.D_late = e.D_late_err = e.linearity_sigma = kNaN;
      e.hop_rate = e.mean_sq_hop_length = e.mobile_msd = kNaN;
      e.diffusive_reason = used.empty() ? "no trajectory reached t_run" : "no atoms of this species";
      continue;
    }
    const std::vector<int>& lags = used.front()->msd_lag_steps;
    const std::vector<double>& lag_time = used.front()->msd_lag;
    const std::size_t nl = lags.size();
    std::vector<double> D, early, late, gap, Drw, Dlam;
    std::vector<std::vector<double>> curves(nl);
    double thr_hops = 0.0, thr_sq = 0.0, time = 0.0, mobile_atoms = 0.0, mobile_msd = 0.0;
    for (const TrajectoryStats* t : used) {
      mobile_atoms += t->mobile_atoms[a];
      mobile_msd += t->mobile_msd[a];
      // Per-atom MSD of this species at every lag, then the window slopes.
      std::vector<double> msd(nl);
      for (std::size_t l = 0; l < nl; ++l) {
        msd[l] = t->msd_curve[a * nl + l] / na;
        curves[l].push_back(msd[l]);
      }
      D.push_back(windowSlope(lags, lag_time, msd.data(), kFitFirstLag, kFitLastLag) / dims2);
      early.push_back(windowSlope(lags, lag_time, msd.data(), kFitFirstLag, kFitSplitLag) / dims2);
      late.push_back(windowSlope(lags, lag_time, msd.data(), kFitSplitLag, kFitLastLag) / dims2);
      gap.push_back(early.back() - late.back());
      const double norm = 1.0 / (dims2 * na * t->time);
      Drw.push_back(t->hop_sq[a] * norm);
      Dlam.push_back(t->thr_sq[a] * norm);
      thr_hops += t->thr_hops[a];
      thr_sq += t->thr_sq[a];
      time += t->time;
    }
    // The window fit is linear in the MSD data with the same lags for every
    // trajectory, so the mean of the per-trajectory slopes is the slope of the
    // mean MSD, and their spread is its error (correlations between lags included).
    const auto d = meanAndError(D), rw = meanAndError(Drw), lam = meanAndError(Dlam);
    e.D = d.mean, e.D_err = d.err;
    e.D_rw = rw.mean, e.D_rw_err = rw.err;
    e.D_rw_lambda = lam.mean, e.D_rw_lambda_err = lam.err;
    const auto f = ratioJackknife(D, Drw);
    e.f = f.mean, e.f_err = f.err;
    const auto de = meanAndError(early), dl = meanAndError(late), dg = meanAndError(gap);
    e.D_early = de.mean, e.D_early_err = de.err;
    e.D_late = dl.mean, e.D_late_err = dl.err;
    e.linearity_sigma = dg.err > 0.0 ? dg.mean / dg.err : (dg.mean == 0.0 ? 0.0 : kNaN);
    for (std::size_t l = 0; l < nl; ++l) {
      const auto c = meanAndError(curves[l]);
      e.msd.push_back(c.mean);
      e.msd_err.push_back(c.err);
    }
    e.hops = thr_hops;
    e.hop_rate = time > 0.0 ? thr_hops / (na * time) : kNaN;
    e.mean_sq_hop_length = thr_hops > 0.0 ? thr_sq / thr_hops : kNaN;
    e.mobile_msd = mobile_atoms > 0.0 ? mobile_msd / mobile_atoms : kNaN;

    // The diffusive regime, shown (issue 11): linear MSD over a decade of lag,
    // D more than 3 sigma above zero (errors from >= 2 replicas), and motion
    // beyond single hops by the start of the window (msd.hpp says why each).
    std::string why;
    auto add = [&why](const std::string& reason) { why += (why.empty() ? "" : "; ") + reason; };
    // One hop's squared length: <lambda^2> of the hops beyond the threshold, or
    // the threshold itself when every hop of the species is shorter.
    const double hop_sq =
        std::isfinite(e.mean_sq_hop_length) ? e.mean_sq_hop_length : hop_threshold * hop_threshold;
    if (used.size() < 2) {
      add("one trajectory reached t_run: no error bar, so diffusion cannot be shown");
    } else {
      if (!(std::abs(e.linearity_sigma) <= kLinearitySigma)) {
        add("MSD not linear over lags [t_run/20, t_run/2]: slope/" + number(dims2) + " " + number(e.D_early) +
            " +- " + number(e.D_early_err) + " over the first half-decade, " + number(e.D_late) + " +- " +
            number(e.D_late_err) + " over the second (" + number(std::abs(e.linearity_sigma)) +
            " sigma apart)");
      }
      if (!(mobile_atoms > 0.0)) {
        add("no atom moved farther than the hop threshold from its start");
      } else if (!(e.mobile_msd > hop_sq)) {
        add("the atoms that moved went " + number(e.mobile_msd) +
            " (MSD) within t_run/20, not beyond one hop (" + "<lambda^2> = " + number(hop_sq) +
            "): single hops, bounded or not, still dominate the window; run longer");
      }
      if (!(e.D > kDiffusiveSigma * e.D_err)) {
        add("D = " + number(e.D) + " +- " + number(e.D_err) +
            " is not 3 sigma above zero (the MSD does not grow over the window: bounded motion, or too short "
            "a run)");
      }
    }
    e.diffusive = why.empty();
    e.diffusive_reason = why;
  }
  return out;
}

int trajectoriesPerTemperature(const KmcOptions& options) {
  return options.trajectories + (options.duration.empty() ? 1 : 0);
}

namespace {

/// Sets tr.t_run (and where it came from): kmc.duration, or the simulated
/// time of a pilot trajectory. Returns how the pilot ended (Completed when
/// there was none).
template <typename Report>
EndReason setRunTime(TemperatureResult& tr, const Simulation& simulation, const KmcOptions& options,
                     std::size_t ti, std::size_t rank, double target_msd, Report& report) {
  if (!options.duration.empty()) {
    tr.t_run = options.duration.size() == 1 ? options.duration[0] : options.duration[ti];
    tr.t_run_source = "kmc.duration";
    return EndReason::Completed;
  }
  // The pilot runs until the target MSD (or its step budget). It has its own
  // RNG stream and is stopped by a rule that looks at its own MSD, so it is
  // not used in the estimates.
  const RunPlan pilot_plan{std::numeric_limits<double>::infinity(), target_msd, options.steps, 0};
  const TrajectoryStats pilot = simulation.run(kPilotStream, rank, pilot_plan);
  report();
  tr.t_run = pilot.time;
  tr.pilot_steps = pilot.steps;
  switch (pilot.end) {
    case EndReason::TargetMsd:
      tr.t_run_source = "pilot reached target_msd " + number(target_msd) + " after " +
                        std::to_string(pilot.steps) + " steps";
      break;
    case EndReason::StepCap:
      tr.t_run_source = "pilot took kmc.steps = " + std::to_string(pilot.steps) +
                        " steps before reaching target_msd " + number(target_msd);
      break;
    default:
      tr.t_run_source =
          std::string("pilot stopped early (") + toString(pilot.end) + ") after " +
          std::to_string(pilot.steps) + " steps in state " + std::to_string(pilot.end_state) +
          (pilot.end == EndReason::NoEscape ? ": the state has no known escape event"
                                            : ": every escape rate underflows at this temperature");
  }
  return pilot.end;
}

/// Totals over the trajectories of one temperature, the count of those that
/// ended early (and why the first did), and the back-hop fraction.
void summarizeTrajectories(TemperatureResult& tr, const std::vector<TrajectoryStats>& stats) {
  std::vector<double> back, events;
  for (const auto& s : stats) {
    tr.simulated_time += s.time;
    tr.steps += s.steps;
    tr.superbasin_steps += s.superbasin_steps;
    tr.superbasins += s.superbasin_solves;
    tr.events += s.events;
    if (s.end == EndReason::Completed) {
      ++tr.used;
      back.push_back(s.back_hops);
      events.push_back(s.events);
      if (tr.msd_lag.empty()) tr.msd_lag = s.msd_lag;
      continue;
    }
    if (s.end == EndReason::StepCap) ++tr.capped;
    if (tr.ended_early == 0 && tr.end_message.empty()) {
      tr.end_message = std::string(toString(s.end)) + ": trajectory stopped in state " +
                       std::to_string(s.end_state) + " after " + std::to_string(s.steps) + " steps at time " +
                       number(s.time) + " < t_run = " + number(tr.t_run) +
                       (s.end == EndReason::NoEscape   ? " (the state has no known escape event)"
                        : s.end == EndReason::ZeroRate ? " (every escape rate underflows at this temperature)"
                                                       : " (kmc.max_steps; raise it)") +
                       "; such trajectories are left out of the estimates";
    }
    ++tr.ended_early;
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
}

/// Arrhenius split per species over the temperatures (diffusive points only).
void fitArrhenius(KmcResults& results) {
  for (std::size_t a = 0; a < results.species.size(); ++a) {
    std::vector<double> T, D, De, R, Re, F, Fe;
    std::vector<std::string> not_diffusive;
    for (const auto& tr : results.temperatures) {
      const auto& e = tr.species[a];
      T.push_back(tr.temperature);
      D.push_back(e.D), De.push_back(e.D_err);
      R.push_back(e.D_rw), Re.push_back(e.D_rw_err);
      F.push_back(e.f), Fe.push_back(e.f_err);
      not_diffusive.push_back(e.diffusive ? std::string() : e.diffusive_reason);
    }
    results.arrhenius.push_back(
        {fitArrheniusSplit(T, D, De, R, Re, F, Fe, results.boltzmann, not_diffusive)});
  }
}

}  // namespace

std::vector<std::size_t> highestFirst(const std::vector<double>& temperatures) {
  std::vector<std::size_t> order(temperatures.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return temperatures[a] > temperatures[b]; });
  return order;
}

KmcResults runKmc(const EventProvider& provider, const KmcOptions& options, const Units& units,
                  const KmcProgressCallback& progress) {
  if (options.temperatures.empty()) throw InputError("kmc: no temperatures given");
  if (provider.atomCount() <= 0) throw InputError("kmc: the event provider tracks no atoms");
  if (options.trajectories < 1) throw InputError("kmc: needs at least 1 trajectory");
  if (!options.duration.empty() && options.duration.size() != 1 &&
      options.duration.size() != options.temperatures.size()) {
    throw InputError("kmc: duration needs one time or one per temperature");
  }
  KmcResults results;
  results.provider = provider.name();
  results.species = provider.speciesNames();
  results.boltzmann = units.boltzmann;
  results.species_atoms.assign(results.species.size(), 0);
  for (int s : provider.atomSpecies()) ++results.species_atoms[static_cast<std::size_t>(s)];

  const int ntraj = options.trajectories;
  const int per_temperature = trajectoriesPerTemperature(options);
  const int nthreads = !provider.parallelTrajectories() ? 1
                       : options.threads > 0            ? options.threads
                                                        : omp_get_max_threads();
  const std::int64_t total =
      static_cast<std::int64_t>(per_temperature) * static_cast<std::int64_t>(options.temperatures.size());
  const double threshold = options.hop_threshold > 0.0 ? options.hop_threshold : units.hop_threshold;
  const double target_msd = options.target_msd > 0.0 ? options.target_msd : 100.0 * threshold * threshold;
  const std::int64_t max_steps = options.max_steps > 0 ? options.max_steps : 4 * options.steps;
  std::int64_t total_done = 0;
  // No temperature-order bias (issue 11, part 5): the temperatures run from the
  // highest down whatever their order in the list, and the RNG streams of a
  // temperature are keyed by its rank in that order, so a list and its reverse
  // give identical results. With the adaptive provider the catalogue then grows
  // as a function of the set of temperatures, not of their order; and since each
  // state is searched to the same stopping rule whichever temperature enters it
  // (window set by the highest temperature), a state's events do not depend on
  // which temperature reached it first.
  const std::vector<std::size_t> order = highestFirst(options.temperatures);
  results.temperatures.resize(options.temperatures.size());
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    const std::size_t ti = order[rank];  // position in the list: where the result goes
    const double temperature = options.temperatures[ti];
    const Simulation simulation(provider, options, units, temperature);
    int done = 0;
    auto report = [&]() {
      ++done;
      ++total_done;
      if (progress) progress(KmcProgress{static_cast<int>(rank), done, per_temperature, total_done, total});
    };

    TemperatureResult tr;
    tr.temperature = temperature;
    tr.trajectories = ntraj;
    tr.superbasins = simulation.superbasinCount();
    const EndReason pilot_end = setRunTime(tr, simulation, options, ti, rank, target_msd, report);

    std::vector<TrajectoryStats> stats(static_cast<std::size_t>(ntraj));
    if (tr.t_run > 0.0) {
      const RunPlan plan{tr.t_run, 0.0, max_steps, kMsdSamples};
      // Each trajectory owns its RNG stream and its output slot, so the results do
      // not depend on the number of threads or on scheduling.
      // With one thread the region is not created at all, so a provider may run
      // its own parallel regions (the adaptive provider's searches).
#pragma omp parallel for schedule(dynamic, 1) num_threads(nthreads) if (nthreads > 1)
      for (int j = 0; j < ntraj; ++j) {
        if (interruptRequested()) continue;  // thrown below, outside the parallel region
        stats[static_cast<std::size_t>(j)] = simulation.run(static_cast<std::uint64_t>(j), rank, plan);
#pragma omp critical(glassland_kmc_progress)
        report();
      }
    } else {
      for (auto& s : stats) s.end = pilot_end == EndReason::Completed ? EndReason::ZeroRate : pilot_end;
      tr.end_message = "t_run = 0: " + tr.t_run_source + "; no trajectory was run";
      for (int j = 0; j < ntraj; ++j) report();
    }

    throwIfInterrupted();
    tr.species = estimate(stats, results.species_atoms, options.lateral, threshold);
    summarizeTrajectories(tr, stats);
    results.temperatures[ti] = std::move(tr);
  }

  if (options.temperatures.size() >= 2) fitArrhenius(results);
  return results;
}

}  // namespace glassland::kmc
