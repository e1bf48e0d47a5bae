#pragma once
/// \file
/// Rejection-free kinetic Monte Carlo (Bortz-Kalos-Lebowitz 1975; Gillespie
/// 1976) over an EventProvider, with superbasin acceleration by absorbing
/// Markov chains (Novotny 1995; the "mcamc" of EON), unwrapped per-atom
/// displacements, and the estimators of docs/science.md §1 per species:
///   D    = slope of MSD(lag) / 6 over the lags [t_run / 20, t_run / 2], the MSD
///          averaged over all time origins of a regular grid (msd.hpp)
///   D_rw = sum_hops sum_{i in a} |dr_i|^2 / (6 N_a t_run)     (random walk)
///   D_rw_lambda = Gamma <lambda^2> / 6, counting only atom moves longer than
///          the hop threshold (Gamma = such moves per atom per time)
///   f    = D / D_rw,   back-hop fraction = hops undone by the next hop.
/// In `lateral` mode (slabs) only x and y count and 6 becomes 4.
///
/// Trajectory length (issue 11, part 4): every trajectory of a temperature runs
/// for the same simulated time t_run, never a fixed number of steps, so the
/// stopping rule cannot bias the estimates. t_run is `kmc.duration` when given;
/// otherwise a pilot trajectory (its own RNG stream, not used in the estimates)
/// runs until the MSD of every species reaches `kmc.target_msd` or until
/// `kmc.steps` steps, and its simulated time becomes t_run. Trajectories that
/// hit `kmc.max_steps` (or a state without escape) before t_run are counted and
/// left out of the estimates, never mixed in.
///
/// Diffusive regime: per temperature and species, `diffusive` is true when at
/// least two trajectories reached t_run, MSD(lag) is linear over the decade
/// [t_run / 20, t_run / 2] (the slopes of its two halves agree within 3 sigma),
/// D > 3 sigma(D), and the atoms that move have gone farther than one hop by
/// lag t_run / 20 (their MSD there exceeds <lambda^2>, so a flicker between
/// minima cannot pass; msd.hpp); otherwise `diffusive_reason` says which test failed.
/// Arrhenius fits use only diffusive temperatures.
///
/// Superbasins (on by default; providers whose states are complete): for
/// enumerated providers (graph) states joined both ways by events faster than
/// nu exp(-superbasin_barrier / k_B T) form a basin, tabulated once per
/// temperature; for complete providers that are not enumerated (adaptive) each
/// trajectory joins states on the fly (`superbasin_scheme`: that barrier
/// criterion on the hops it takes, and/or `superbasin_count` round trips
/// between two states, as EON's transition counting; dynamic_superbasin.cpp)
/// and solves a basin again when a member's event list changes. A basin is
/// left in one step with the exact exit-event probabilities and a time
/// drawn from an exponential with the exact mean exit time (the true exit-time
/// law is phase-type; long-time D, D_rw and f depend only on its mean). Hop sums
/// inside the basin (D_rw, thresholded hops, back hops, hop count) are added as
/// their exact expectations from the absorbing chain; atom displacements are
/// exact: position(exit source) - position(entry) + exit event (superbasin.cpp).
/// Inside a basin the atoms sit at the entry state's positions until the exit
/// (a bounded error, absorbed by the offset of the MSD fit).
///
/// Errors: each trajectory has its own RNG stream (an independent replica; with
/// the adaptive provider the trajectories share the catalogue they grow, so
/// they are independent given that catalogue only). Errors are standard errors
/// of the mean over trajectories; f and the back-hop fraction are ratios of
/// means with jackknife errors. One trajectory gives no error (NaN) and cannot
/// be shown diffusive.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "glassland/core/options.hpp"
#include "glassland/core/units.hpp"
#include "glassland/kmc/adaptive_options.hpp"
#include "glassland/kmc/arrhenius.hpp"
#include "glassland/kmc/event_provider.hpp"
#include "glassland/kmc/lattice_provider.hpp"
#include "glassland/kmc/msd.hpp"

namespace glassland::kmc {

/// The `kmc:` config section.
struct KmcOptions {
  std::vector<double> temperatures{0.30, 0.35, 0.40, 0.45};  ///< temperatures (k_B T in energy units / k_B)
  double prefactor = 0.0;  ///< attempt frequency nu (1/time); <= 0: Units::default_prefactor
  /// `prefactor: vineyard`: every transition's own harmonic-TST prefactors
  /// (Vineyard 1957), computed by the searches (explore stage, adaptive
  /// provider) and stored in the store's prefactor columns; a transition
  /// without them is an error. `prefactor` stays 0 (the units' default nu
  /// then only sets the superbasin rate threshold).
  bool vineyard = false;
  int trajectories = 64;  ///< independent trajectories (replicas) per temperature
  /// Simulated time t_run of every trajectory (time units): empty = set by a
  /// pilot trajectory; one value = every temperature; else one per temperature.
  std::vector<double> duration;
  /// The pilot runs until the MSD of every species (per atom, length^2) reaches
  /// this; <= 0: 100 hop_threshold^2 (ten hop thresholds, far beyond a cage or a
  /// flicker between neighbouring minima). Not used with `duration`.
  double target_msd = 0.0;
  /// Step budget of the pilot (a superbasin exit is one step): t_run is its time
  /// after this many steps if it has not reached target_msd before.
  std::int64_t steps = 100000;
  /// Cap on the steps of every trajectory; one that reaches it before t_run is
  /// left out of the estimates and counted in `capped`. <= 0: 4 * steps.
  std::int64_t max_steps = 0;
  /// Run seed; trajectory j of the temperature of rank t (0 = the highest) uses (seed, j, t).
  std::uint64_t seed = 1;
  std::string provider = "graph";  ///< graph | adaptive | lattice-vacancy
  LatticeVacancyOptions lattice;   ///< settings when provider is lattice-vacancy
  AdaptiveOptions adaptive;        ///< `adaptive:` sub-section: settings when provider is adaptive
  bool superbasin = true;          ///< absorbing-Markov-chain superbasins on/off
  /// Two states join a superbasin when the events between them are faster, both
  /// ways, than nu exp(-superbasin_barrier / k_B T); <= 0: use superbasin_kt * k_B T.
  double superbasin_barrier = 0.0;
  double superbasin_kt = 3.0;       ///< barrier threshold in units of k_B T when superbasin_barrier <= 0
  int superbasin_max_states = 200;  ///< larger low-barrier clusters run as plain KMC (on the fly: not joined)
  /// How on-the-fly superbasins (complete providers without enumerated states:
  /// adaptive) join two states: "barrier" (a hop between states whose events are
  /// faster than the superbasin_barrier threshold both ways), "count" (the pair
  /// traversed superbasin_count times each way), or "both" (either).
  /// Enumerated providers always use the barrier criterion, tabulated once.
  std::string superbasin_scheme = "both";
  int superbasin_count = 10;  ///< round trips between two states that join them ("count" scheme)
  /// Superbasins whose internal paths disagree on an atom's position by more
  /// than this (length units) run as plain KMC; <= 0: 0.1 * hop threshold.
  double superbasin_position_tolerance = 0.0;
  double hop_threshold = 0.0;  ///< atom move counted as a hop (length); <= 0: Units::hop_threshold
  bool lateral = false;        ///< slabs: x, y components only and 4t instead of 6t
  int threads = 0;             ///< OpenMP threads; 0 = the OpenMP default

  /// Reads `kmc:`; `prefactor` is a number (1/time) or `vineyard`; `provider` is a scalar (graph, adaptive,
  /// lattice-vacancy) or a mapping with `type` and the lattice keys; `adaptive:` is a mapping of
  /// AdaptiveOptions keys (min_searches, max_searches, confidence, window_kt,
  /// temperature, random_centres, centre_radius, moved_threshold, threads);
  /// `duration` is a number or a list with one value per temperature, and
  /// excludes `target_msd`. Rejects unknown keys and bad values.
  static KmcOptions fromYaml(OptionsReader& reader);
};

/// Why a trajectory stopped.
enum class EndReason {
  Completed,  ///< reached its simulated time t_run
  TargetMsd,  ///< (pilot) the MSD of every species reached target_msd
  StepCap,    ///< took its maximum number of steps first
  NoEscape,   ///< reached a state without escape events
  ZeroRate,   ///< every escape rate underflowed to zero at this temperature
};
/// Text of an EndReason ("completed", "target-msd", "step-cap", "no-escape", "zero-rate").
const char* toString(EndReason reason);

/// Raw sums of one trajectory (per species vectors are indexed like speciesNames()).
/// Inside superbasins the hop sums are expectations from the absorbing chain.
struct TrajectoryStats {
  double time = 0.0;                   ///< simulated time
  std::int64_t steps = 0;              ///< KMC steps taken (superbasin exits count one)
  std::int64_t superbasin_steps = 0;   ///< of which superbasin exits
  std::int64_t superbasin_solves = 0;  ///< absorbing chains solved on the fly (new, joined, re-solved)
  double events = 0.0;                 ///< hops (events) executed, including expected ones in superbasins
  double back_hops = 0.0;              ///< hops undone by the next hop
  std::vector<double> msd;             ///< sum_{i in a} |R_i|^2
  std::vector<double> hop_sq;          ///< sum_hops sum_{i in a} |dr_i|^2
  std::vector<double> thr_hops;        ///< number of atom moves longer than the hop threshold
  std::vector<double> thr_sq;          ///< sum of their squared lengths
  /// MSD over all time origins of the grid (msd.hpp): [species * lags + l] = sum
  /// over the atoms of the species, at the lag times msd_lag (empty for a pilot).
  std::vector<double> msd_curve;
  std::vector<double> msd_lag;       ///< lag times of msd_curve
  std::vector<int> msd_lag_steps;    ///< the same in grid steps (msdLagSteps)
  std::vector<double> mobile_atoms;  ///< atoms found beyond the hop threshold from their start
  std::vector<double> mobile_msd;    ///< sum of their MSD at lag t_run / 20
  EndReason end = EndReason::Completed;
  StateId end_state = 0;  ///< state where the trajectory stopped
};

/// Estimates for one species at one temperature.
struct SpeciesEstimate {
  double D = 0.0, D_err = 0.0;                      ///< tracer diffusivity (length^2/time)
  double D_rw = 0.0, D_rw_err = 0.0;                ///< random-walk diffusivity, all hops
  double D_rw_lambda = 0.0, D_rw_lambda_err = 0.0;  ///< Gamma <lambda^2> / 6, thresholded hops
  double f = 0.0, f_err = 0.0;                      ///< D / D_rw (ratio of means, jackknife error)
  /// Slopes / 6 of MSD(lag) over the two halves of the fit window, [t_run / 20,
  /// t_run / 6.3] and [t_run / 6.3, t_run / 2]; equal for a linear MSD.
  double D_early = 0.0, D_early_err = 0.0;
  double D_late = 0.0, D_late_err = 0.0;
  double linearity_sigma = 0.0;  ///< (D_early - D_late) / sigma(D_early - D_late)
  /// MSD per mobile atom at lag t_run / 20 (msd.hpp), to compare with mean_sq_hop_length.
  double mobile_msd = 0.0;
  /// Diffusive regime shown: >= 2 trajectories, |linearity_sigma| <= 3, D > 3 D_err
  /// and mobile_msd > mean_sq_hop_length (msd.hpp says why each).
  bool diffusive = false;
  std::string diffusive_reason;      ///< why not (empty when diffusive)
  std::vector<double> msd, msd_err;  ///< per-atom MSD at the lags of TemperatureResult::msd_lag
  double hop_rate = 0.0;             ///< Gamma: thresholded hops per atom per time
  double mean_sq_hop_length = 0.0;   ///< <lambda^2> of thresholded hops (length^2)
  double hops = 0.0;                 ///< thresholded atom hops, summed over trajectories
};

/// Everything measured at one temperature.
struct TemperatureResult {
  double temperature = 0.0;
  std::vector<SpeciesEstimate> species;
  double simulated_time = 0.0;        ///< summed over trajectories
  std::int64_t steps = 0;             ///< summed over trajectories
  std::int64_t superbasin_steps = 0;  ///< summed over trajectories
  double events = 0.0;                ///< hops (events), summed over trajectories
  double back_hop_fraction = 0.0, back_hop_fraction_err = 0.0;
  int trajectories = 0;          ///< trajectories run (the pilot not included)
  int used = 0;                  ///< of which reached t_run and enter the estimates
  int ended_early = 0;           ///< stopped before t_run (trajectories - used)
  int capped = 0;                ///< of which because they hit max_steps
  std::string end_message;       ///< why (first such trajectory), empty when none
  double t_run = 0.0;            ///< simulated time of every trajectory
  std::string t_run_source;      ///< how t_run was set (duration, or what stopped the pilot)
  std::int64_t pilot_steps = 0;  ///< steps of the pilot (0 with kmc.duration)
  std::vector<double> msd_lag;   ///< lag times of SpeciesEstimate::msd
  std::int64_t superbasins = 0;  ///< superbasins tabulated, plus chains solved on the fly (summed)
};

/// Arrhenius fits of one species.
struct SpeciesArrhenius {
  ArrheniusSplit split;  ///< ln D, ln D_rw, ln f against 1/T with common weights
};

/// Result of a temperature sweep.
struct KmcResults {
  std::string provider;              ///< EventProvider::name()
  std::vector<std::string> species;  ///< species names
  std::vector<int> species_atoms;    ///< N_a per species
  std::vector<TemperatureResult> temperatures;
  std::vector<SpeciesArrhenius> arrhenius;  ///< per species (empty with fewer than 2 temperatures)
  double boltzmann = 1.0;                   ///< k_B used (energy per temperature unit)
};

/// kmc.json, in the layout documented (and with the key names defined) in
/// glassland/kmc/kmc_json.hpp; src/kmc/kmc_json.cpp.
nlohmann::json toJson(const KmcResults& results);

/// Combines trajectory sums into per-species estimates and the diffusive
/// verdict. `species_atoms` is N_a. Only trajectories with end == Completed are
/// used; they all share one t_run (and one lag grid). `hop_threshold` (length,
/// resolved) is the hop scale when no hop of a species exceeds it.
std::vector<SpeciesEstimate> estimate(const std::vector<TrajectoryStats>& trajectories,
                                      const std::vector<int>& species_atoms, bool lateral,
                                      double hop_threshold);

/// How long one trajectory runs.
struct RunPlan {
  double duration = 0.0;          ///< stop at this simulated time; infinity for a pilot
  double target_msd = 0.0;        ///< pilot: stop when every species' MSD per atom reaches this (<= 0: never)
  std::int64_t max_steps = 0;     ///< stop after this many steps
  int msd_samples = kMsdSamples;  ///< MSD time-grid intervals over duration (ignored for a pilot)
};

/// RNG stream of the pilot trajectory of a temperature: (seed, kPilotStream, t);
/// trajectory j uses (seed, j, t).
inline constexpr std::uint64_t kPilotStream = ~std::uint64_t{0};

struct SuperbasinTable;            // defined in src/kmc
struct DynamicSuperbasinSettings;  // defined in src/kmc

/// KMC at one temperature over one provider: tabulates rates (enumerated
/// providers) and superbasins once, then runs trajectories; run() is const and
/// thread-safe, so one Simulation serves all trajectories of a temperature.
class Simulation {
 public:
  /// `options` as read from the config (defaults resolved against `units` here).
  Simulation(const EventProvider& provider, const KmcOptions& options, const Units& units,
             double temperature);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  /// Runs trajectory `trajectory` (RNG from (seed, trajectory, temperature_index))
  /// as `plan` says.
  TrajectoryStats run(std::uint64_t trajectory, std::uint64_t temperature_index, const RunPlan& plan) const;
  /// Number of superbasins tabulated (0 when off, not applicable, or on the fly).
  std::int64_t superbasinCount() const;
  /// Rate (1/time) of an event at this temperature.
  double rate(const KmcEvent& event) const;

 private:
  struct RateTable;
  struct Walk;  // one trajectory (kmc.cpp)
  const EventProvider& provider_;
  KmcOptions options_;
  double beta_ = 0.0;       // 1 / (k_B T)
  double prefactor_ = 0.0;  // resolved
  double threshold_ = 0.0;  // resolved hop threshold
  std::vector<int> species_;
  int nspecies_ = 0;
  std::unique_ptr<RateTable> rates_;
  std::unique_ptr<SuperbasinTable> superbasins_;
  std::unique_ptr<DynamicSuperbasinSettings> dynamic_;  // set: on-the-fly superbasins per trajectory
};

/// Progress of a sweep: trajectories finished so far out of the total.
struct KmcProgress {
  int temperature_index = 0;
  int trajectories_done = 0;    ///< at this temperature
  int trajectories_total = 0;   ///< per temperature
  std::int64_t total_done = 0;  ///< over the whole sweep
  std::int64_t total = 0;
};
/// Called from one thread at a time, after each finished trajectory.
using KmcProgressCallback = std::function<void(const KmcProgress&)>;

/// Trajectories a sweep runs per temperature: `trajectories`, plus the pilot
/// unless `duration` is given.
int trajectoriesPerTemperature(const KmcOptions& options);

/// Positions of `temperatures` from the highest to the lowest (ties keep their
/// order): the order in which runKmc runs them, and the rank that keys their
/// trajectories' RNG streams, so that the order of the list does not matter.
std::vector<std::size_t> highestFirst(const std::vector<double>& temperatures);

/// The `glassland kmc` stage: every temperature of `options` (highest first, see
/// highestFirst; results in the order of the list), a pilot (unless
/// `duration` is given) and `trajectories` trajectories each (OpenMP, or one
/// after another when the provider's
/// parallelTrajectories() is false; results independent of the thread count), the
/// estimators and the Arrhenius fits. Throws InputError for empty temperature
/// lists, non-positive temperatures, or providers without atoms.
KmcResults runKmc(const EventProvider& provider, const KmcOptions& options, const Units& units,
                  const KmcProgressCallback& progress = {});

}  // namespace glassland::kmc
