// Rejection-free KMC (Bortz, Kalos & Lebowitz, J. Comput. Phys. 17, 10 (1975);
// Gillespie, J. Comput. Phys. 22, 403 (1976)): in state s with escape rates
// k_i and R = sum_i k_i, event i is chosen with probability k_i / R and the
// clock advances by -ln(u) / R. Rates are harmonic TST, k = nu exp(-E_b / k_B T).
#include "glassland/kmc/kmc.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <string>

#include "dynamic_superbasin.hpp"
#include "glassland/core/error.hpp"
#include "glassland/core/interrupt.hpp"
#include "glassland/kmc/sampling.hpp"
#include "internal.hpp"

namespace glassland::kmc {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kAliasMinEvents = 32;  // below, a scan of the cumulative rates is as fast
}  // namespace

const char* toString(EndReason reason) {
  switch (reason) {
    case EndReason::Completed:
      return "completed";
    case EndReason::TargetMsd:
      return "target-msd";
    case EndReason::StepCap:
      return "step-cap";
    case EndReason::NoEscape:
      return "no-escape";
    case EndReason::ZeroRate:
      return "zero-rate";
  }
  return "unknown";
}

/// Rates of every event of an enumerated, complete provider at one temperature,
/// as cumulative sums per state (plus alias tables for states with many events).
struct Simulation::RateTable {
  std::vector<std::size_t> offset;  // state -> first event; size n + 1
  std::vector<double> rate;         // per event
  std::vector<double> cumulative;   // per event, cumulative within its state
  std::vector<int> alias_index;     // state -> index into aliases, -1 when none
  std::vector<AliasTable> aliases;
};

Simulation::Simulation(const EventProvider& provider, const KmcOptions& options, const Units& units,
                       double temperature)
    : provider_(provider), options_(options) {
  if (!(temperature > 0.0)) throw InputError("kmc: temperatures must be positive");
  beta_ = 1.0 / (units.boltzmann * temperature);
  prefactor_ = options.prefactor > 0.0 ? options.prefactor : units.default_prefactor;
  threshold_ = options.hop_threshold > 0.0 ? options.hop_threshold : units.hop_threshold;
  species_ = provider.atomSpecies();
  nspecies_ = static_cast<int>(provider.speciesNames().size());

  const bool complete = provider.statesAreComplete();
  const bool enumerated = complete && provider.stateCount() >= 0;
  if (enumerated) {
    rates_ = std::make_unique<RateTable>();
    const StateId n = provider.stateCount();
    rates_->offset.assign(static_cast<std::size_t>(n) + 1, 0);
    rates_->alias_index.assign(static_cast<std::size_t>(n), -1);
    for (StateId s = 0; s < n; ++s) {
      const auto list = provider.events(s, nullptr);
      rates_->offset[static_cast<std::size_t>(s) + 1] =
          rates_->offset[static_cast<std::size_t>(s)] + list.size();
      double sum = 0.0;
      const std::size_t first = rates_->rate.size();
      for (const auto& event : list) {
        const double k = rate(event);
        rates_->rate.push_back(k);
        sum += k;
        rates_->cumulative.push_back(sum);
      }
      if (list.size() >= kAliasMinEvents && sum > 0.0) {
        rates_->alias_index[static_cast<std::size_t>(s)] = static_cast<int>(rates_->aliases.size());
        rates_->aliases.emplace_back(std::span<const double>(rates_->rate.data() + first, list.size()));
      }
    }
  }
  const double barrier =
      options.superbasin_barrier > 0.0 ? options.superbasin_barrier : options.superbasin_kt / beta_;
  SuperbasinSettings settings;
  settings.min_rate = prefactor_ * std::exp(-barrier * beta_);
  settings.max_states = options.superbasin_max_states;
  settings.position_tolerance =
      options.superbasin_position_tolerance > 0.0 ? options.superbasin_position_tolerance : 0.1 * threshold_;
  if (options.superbasin && complete && !enumerated) {
    dynamic_ = std::make_unique<DynamicSuperbasinSettings>();
    dynamic_->basin = settings;
    dynamic_->by_barrier = options.superbasin_scheme != "count";
    dynamic_->by_count = options.superbasin_scheme != "barrier";
    dynamic_->count = options.superbasin_count;
  }
  if (options.superbasin && enumerated) {
    HopMeasure measure{&species_, nspecies_, threshold_ * threshold_, options.lateral};
    const RateTable& table = *rates_;
    superbasins_ = buildSuperbasins(
        provider,
        [&table](StateId s, std::size_t k) {
          return table.rate[table.offset[static_cast<std::size_t>(s)] + k];
        },
        measure, settings);
  }
}

Simulation::~Simulation() = default;

std::int64_t Simulation::superbasinCount() const {
  return superbasins_ ? static_cast<std::int64_t>(superbasins_->basins.size()) : 0;
}

double Simulation::rate(const KmcEvent& event) const {
  if (event.rate >= 0.0) return event.rate;
  const double nu = event.prefactor > 0.0 ? event.prefactor : prefactor_;
  return nu * std::exp(-event.barrier * beta_);
}

/// One trajectory: the walker's state (positions relative to the start, the
/// current and previous states, the clock) and its statistics, advanced one
/// plain or superbasin step at a time until the plan says stop.
struct Simulation::Walk {
  Walk(const Simulation& simulation, std::uint64_t trajectory, std::uint64_t temperature_index,
       const RunPlan& run_plan)
      : sim(simulation),
        plan(run_plan),
        rng(trajectoryRng(sim.options_.seed, trajectory, temperature_index)),
        context(sim.provider_.newContext()),
        natoms(sim.provider_.atomCount()),
        ns(sim.nspecies_),
        R(static_cast<std::size_t>(natoms), Eigen::Vector3d::Zero()),
        measure{&sim.species_, ns, sim.threshold_ * sim.threshold_, sim.options_.lateral},
        recorder(plan.duration, plan.msd_samples, natoms),
        // Pilot: the MSD of every species against the target, every few steps
        // (a scan of all atoms, so at most ~8 atoms per step on average).
        target_interval(std::max<std::int64_t>(16, natoms / 8)),
        species_atoms(static_cast<std::size_t>(ns), 0) {
    st.msd.assign(static_cast<std::size_t>(ns), 0.0);
    st.hop_sq.assign(static_cast<std::size_t>(ns), 0.0);
    st.thr_hops.assign(static_cast<std::size_t>(ns), 0.0);
    st.thr_sq.assign(static_cast<std::size_t>(ns), 0.0);
    for (int s : sim.species_) ++species_atoms[static_cast<std::size_t>(s)];
    current = sim.provider_.initialState();
    if (sim.dynamic_) {
      dynamic = std::make_unique<DynamicSuperbasins>(
          sim.provider_, [this](const KmcEvent& e) { return sim.rate(e); }, measure, *sim.dynamic_);
    }
  }

  TrajectoryStats run() {
    st.end = EndReason::StepCap;
    for (std::int64_t step = 0; step < plan.max_steps; ++step) {
      // Ctrl-C: the trajectory stops here; runKmc then throws Interrupted.
      if (interruptRequested()) break;
      if (plan.target_msd > 0.0 && step > 0 && step % target_interval == 0 && reachedTarget()) {
        st.end = EndReason::TargetMsd;
        break;
      }
      const BasinEntry in_basin = basinAt(current);
      const bool stop = in_basin.basin ? superbasinStep(in_basin) : plainStep();
      if (stop) break;
    }
    return finish();
  }

 private:
  /// Rates of non-tabulated providers; most lattice events share one barrier,
  /// so the last exponential is remembered.
  double rateOf(const KmcEvent& event) {
    if (event.rate >= 0.0) return event.rate;
    const double nu = event.prefactor > 0.0 ? event.prefactor : sim.prefactor_;
    if (event.barrier != memo_barrier || nu != memo_nu) {
      memo_barrier = event.barrier;
      memo_nu = nu;
      memo_rate = nu * std::exp(-event.barrier * sim.beta_);
    }
    return memo_rate;
  }

  void applyHop(const KmcEvent& event) {
    for (const auto& d : event.displacements) R[static_cast<std::size_t>(d.atom)] += d.dr;
    measure.add(event, 1.0, st.hop_sq.data(), st.thr_hops.data(), st.thr_sq.data());
  }

  BasinEntry basinAt(StateId state) {
    if (dynamic) return dynamic->at(state);
    const SuperbasinTable* sb = sim.superbasins_.get();
    const int index = sb ? sb->basin_of[static_cast<std::size_t>(state)] : -1;
    if (index < 0) return {};
    return {&sb->basins[static_cast<std::size_t>(index)], sb->local_of[static_cast<std::size_t>(state)]};
  }

  void speciesMsd(std::vector<double>& msd) const {
    msd.assign(static_cast<std::size_t>(ns), 0.0);
    for (int i = 0; i < natoms; ++i) {
      msd[static_cast<std::size_t>(sim.species_[static_cast<std::size_t>(i)])] +=
          measure.squaredNorm(R[static_cast<std::size_t>(i)]);
    }
  }

  bool reachedTarget() {
    speciesMsd(msd_now);
    for (int a = 0; a < ns; ++a) {
      const double na = static_cast<double>(species_atoms[static_cast<std::size_t>(a)]);
      if (na > 0.0 && msd_now[static_cast<std::size_t>(a)] < plan.target_msd * na) return false;
    }
    return true;
  }

  /// Fixed simulated time (issue 11): the run ends at plan.duration, not after
  /// a number of steps. Called with the waiting time of the next event before
  /// it is applied: positions on the MSD grid up to then are the current ones;
  /// an event beyond the end is not applied (the exponential waiting time is
  /// memoryless, so the cut is exact for plain KMC).
  bool endsBefore(double dt) {
    if (st.time + dt < plan.duration) {
      recorder.advanceTo(st.time + dt, R);
      return false;
    }
    recorder.finish(R);
    st.time = plan.duration;
    st.end = EndReason::Completed;
    return true;
  }

  /// Superbasin step (see superbasin.cpp): exact exit event, time with the
  /// exact mean. True when the run ends.
  bool superbasinStep(const BasinEntry& in_basin) {
    const Superbasin& basin = *in_basin.basin;
    const int entry = in_basin.entry;
    const std::size_t nexit = basin.exits.size();
    const std::span<const double> cumulative(
        basin.exit_cumulative.data() + static_cast<std::size_t>(entry) * nexit, nexit);
    const std::size_t x = selectCumulative(cumulative, uniformOpen(rng) * cumulative.back());
    const double dt = -std::log(uniformOpen(rng)) * basin.mean_time[static_cast<std::size_t>(entry)];
    if (endsBefore(dt)) return true;
    const double* expected = basin.expected.data() + static_cast<std::size_t>(entry) *
                                                         static_cast<std::size_t>(superbasinStatCount(ns));
    st.events += expected[0];
    st.back_hops += expected[1];
    for (int a = 0; a < ns; ++a) {
      st.hop_sq[static_cast<std::size_t>(a)] += expected[2 + a];
      st.thr_hops[static_cast<std::size_t>(a)] += expected[2 + ns + a];
      st.thr_sq[static_cast<std::size_t>(a)] += expected[2 + 2 * ns + a];
    }
    if (has_previous) {
      // The hop that entered the basin is undone when the first hop out of the
      // entry state returns to the previous state: probability k(e -> prev) / R_e.
      st.back_hops += basin.returnProbability(entry, previous);
    }
    const auto& exit = basin.exits[x];
    for (const auto& d : basin.position[static_cast<std::size_t>(exit.source_local)])
      R[static_cast<std::size_t>(d.atom)] += d.dr;
    for (const auto& d : basin.position[static_cast<std::size_t>(entry)])
      R[static_cast<std::size_t>(d.atom)] -= d.dr;
    applyHop(*exit.event);
    st.events += 1.0;
    st.time += dt;
    previous = exit.source;
    has_previous = true;
    current = exit.event->target;
    ++st.steps;
    ++st.superbasin_steps;
    // The provider learns the exit hop as it learns a plain one (the adaptive
    // provider recycles the events of the state the walker came from).
    sim.provider_.onHop(exit.source, *exit.event, context.get());
    if (dynamic) dynamic->recordHop(previous, *exit.event);  // last: it may replace the basin
    return false;
  }

  /// The index of the event chosen among `list` (rate-weighted, BKL) and the
  /// total escape rate; total 0 when no event has a positive rate.
  std::pair<std::size_t, double> choose(std::span<const KmcEvent> list) {
    const double u = uniformOpen(rng);
    if (sim.rates_) {
      const auto& table = *sim.rates_;
      const std::size_t first = table.offset[static_cast<std::size_t>(current)];
      const std::span<const double> cumulative(table.cumulative.data() + first, list.size());
      const double total = cumulative.back();
      if (!(total > 0.0)) return {0, 0.0};
      const int alias = table.alias_index[static_cast<std::size_t>(current)];
      return {alias >= 0 ? table.aliases[static_cast<std::size_t>(alias)].sample(u)
                         : selectCumulative(cumulative, u * total),
              total};
    }
    scratch.resize(list.size());
    double total = 0.0;
    for (std::size_t i = 0; i < list.size(); ++i) {
      total += rateOf(list[i]);
      scratch[i] = total;
    }
    if (!(total > 0.0)) return {0, 0.0};
    return {selectCumulative(scratch, u * total), total};
  }

  /// One plain KMC step from `current`. True when the run ends.
  bool plainStep() {
    const auto list = sim.provider_.events(current, context.get());
    if (list.empty()) {
      st.end = EndReason::NoEscape;
      return true;
    }
    const auto [k, total] = choose(list);
    if (!(total > 0.0)) {
      st.end = EndReason::ZeroRate;
      return true;
    }
    const KmcEvent& event = list[k];
    const double dt = -std::log(uniformOpen(rng)) / total;
    if (endsBefore(dt)) return true;
    st.time += dt;
    applyHop(event);
    st.events += 1.0;
    if (has_previous && event.target == previous) st.back_hops += 1.0;
    sim.provider_.onHop(current, event, context.get());
    previous = current;
    has_previous = true;
    current = event.target;
    ++st.steps;
    if (dynamic) dynamic->recordHop(previous, event);
    return false;
  }

  TrajectoryStats finish() {
    st.end_state = current;
    if (dynamic) st.superbasin_solves = dynamic->solves();
    speciesMsd(st.msd);
    if (st.end == EndReason::Completed && recorder.enabled()) {
      st.msd_lag_steps = msdLagSteps(plan.msd_samples);
      st.msd_curve = recorder.speciesMsd(st.msd_lag_steps, sim.species_, ns, sim.options_.lateral);
      const auto mobile =
          recorder.mobile(kFitFirstLag * plan.msd_samples / kMsdSamples, sim.threshold_ * sim.threshold_,
                          sim.species_, ns, sim.options_.lateral);
      st.mobile_atoms = mobile.atoms;
      st.mobile_msd = mobile.msd;
      for (int m : st.msd_lag_steps) {
        st.msd_lag.push_back(plan.duration * static_cast<double>(m) / static_cast<double>(plan.msd_samples));
      }
    }
    return std::move(st);
  }

  const Simulation& sim;
  const RunPlan& plan;
  std::mt19937_64 rng;
  std::unique_ptr<ProviderContext> context;
  const int natoms;
  const int ns;
  std::vector<Eigen::Vector3d> R;  // displacement of every atom from the start
  const HopMeasure measure;
  TrajectoryStats st;
  std::vector<double> scratch;  // cumulative rates of the current state
  double memo_barrier = kNaN, memo_nu = kNaN, memo_rate = 0.0;
  StateId current = 0;
  StateId previous = 0;
  bool has_previous = false;
  std::unique_ptr<DynamicSuperbasins> dynamic;  // on-the-fly superbasins of this trajectory
  MsdRecorder recorder;
  const std::int64_t target_interval;
  std::vector<int> species_atoms;
  std::vector<double> msd_now;
};

TrajectoryStats Simulation::run(std::uint64_t trajectory, std::uint64_t temperature_index,
                                const RunPlan& plan) const {
  return Walk(*this, trajectory, temperature_index, plan).run();
}

}  // namespace glassland::kmc
