#pragma once
/// \file
/// Rejection-free kinetic Monte Carlo (Bortz-Kalos-Lebowitz 1975; Gillespie
/// 1976) over an EventProvider, with superbasin acceleration by absorbing
/// Markov chains (Novotny 1995; the "mcamc" of EON), unwrapped per-atom
/// displacements, and the estimators of DESIGN.md s.1 per species:
///   D    = sum_{i in a} |R_i(t)|^2 / (6 N_a t)                (tracer)
///   D_rw = sum_hops sum_{i in a} |dr_i|^2 / (6 N_a t)         (random walk)
///   D_rw_lambda = Gamma <lambda^2> / 6, counting only atom moves longer than
///          the hop threshold (Gamma = such moves per atom per time)
///   f    = D / D_rw,   back-hop fraction = hops undone by the next hop.
/// D from one time origin carries an O(1/t) bias from the bounded part of the
/// motion (the first and last correlated hops of each atom, or the position
/// inside a basin); D_slope = [MSD(t) - MSD(t1)] / (6 N_a (t - t1)), with t1 the
/// time after the fraction `slope_start` of the steps, removes it (the offset
/// cancels), and f_slope = D_slope / D_rw over the same interval.
/// In `lateral` mode (slabs) only x and y count and 6 becomes 4.
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
/// A temperature sweep runs many independent trajectories per temperature
/// (OpenMP); errors are standard errors of the mean over trajectories, f and
/// the back-hop fraction are ratios of means with jackknife errors.

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

namespace glassland::kmc {

/// The `kmc:` config section.
struct KmcOptions {
  std::vector<double> temperatures{0.30, 0.35, 0.40, 0.45};  ///< temperatures (k_B T in energy units / k_B)
  double prefactor = 0.0;          ///< attempt frequency nu (1/time); <= 0: Units::default_prefactor
  /// `prefactor: vineyard`: every transition's own harmonic-TST prefactors
  /// (Vineyard 1957), computed by the searches (explore stage, adaptive
  /// provider) and stored in the store's prefactor columns; a transition
  /// without them is an error. `prefactor` stays 0 (the units' default nu
  /// then only sets the superbasin rate threshold).
  bool vineyard = false;
  int trajectories = 64;           ///< independent trajectories per temperature
  std::int64_t steps = 100000;     ///< KMC steps per trajectory (a superbasin exit is one step)
  std::uint64_t seed = 1;          ///< run seed; trajectory j at temperature index t uses (seed, j, t)
  std::string provider = "graph";  ///< graph | adaptive | lattice-vacancy
  LatticeVacancyOptions lattice;   ///< settings when provider is lattice-vacancy
  AdaptiveOptions adaptive;        ///< `adaptive:` sub-section: settings when provider is adaptive
  bool superbasin = true;          ///< absorbing-Markov-chain superbasins on/off
  /// Two states join a superbasin when the events between them are faster, both
  /// ways, than nu exp(-superbasin_barrier / k_B T); <= 0: use superbasin_kt * k_B T.
  double superbasin_barrier = 0.0;
  double superbasin_kt = 3.0;      ///< barrier threshold in units of k_B T when superbasin_barrier <= 0
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
  double hop_threshold = 0.0;      ///< atom move counted as a hop (length); <= 0: Units::hop_threshold
  bool lateral = false;            ///< slabs: x, y components only and 4t instead of 6t
  double slope_start = 0.25;       ///< fraction of the steps at which D_slope's first MSD point is taken, in (0, 1)
  int threads = 0;                 ///< OpenMP threads; 0 = the OpenMP default

  /// Reads `kmc:`; `prefactor` is a number (1/time) or `vineyard`; `provider` is a scalar (graph, adaptive,
  /// lattice-vacancy) or a mapping with `type` and the lattice keys; `adaptive:` is a mapping of
  /// AdaptiveOptions keys (min_searches, max_searches, confidence, window_kt,
  /// temperature, random_centres, centre_radius, moved_threshold, threads).
  /// Rejects unknown keys and bad values.
  static KmcOptions fromYaml(OptionsReader& reader);
};

/// Why a trajectory stopped.
enum class EndReason {
  Completed,  ///< ran all its steps
  NoEscape,   ///< reached a state without escape events
  ZeroRate,   ///< every escape rate underflowed to zero at this temperature
};
/// Text of an EndReason ("completed", "no-escape", "zero-rate").
const char* toString(EndReason reason);

/// Raw sums of one trajectory (per species vectors are indexed like speciesNames()).
/// Inside superbasins the hop sums are expectations from the absorbing chain.
struct TrajectoryStats {
  double time = 0.0;                  ///< simulated time
  std::int64_t steps = 0;             ///< KMC steps taken (superbasin exits count one)
  std::int64_t superbasin_steps = 0;  ///< of which superbasin exits
  std::int64_t superbasin_solves = 0;  ///< absorbing chains solved on the fly (new, joined, re-solved)
  double events = 0.0;                ///< hops (events) executed, including expected ones in superbasins
  double back_hops = 0.0;             ///< hops undone by the next hop
  std::vector<double> msd;            ///< sum_{i in a} |R_i|^2
  std::vector<double> hop_sq;         ///< sum_hops sum_{i in a} |dr_i|^2
  std::vector<double> thr_hops;       ///< number of atom moves longer than the hop threshold
  std::vector<double> thr_sq;         ///< sum of their squared lengths
  double time_start = 0.0;            ///< time at step slope_start * steps (t1 of D_slope)
  std::vector<double> msd_start;      ///< msd at t1
  std::vector<double> hop_sq_start;   ///< hop_sq at t1
  EndReason end = EndReason::Completed;
  StateId end_state = 0;              ///< state where the trajectory stopped
};

/// Estimates for one species at one temperature.
struct SpeciesEstimate {
  double D = 0.0, D_err = 0.0;                    ///< tracer diffusivity (length^2/time)
  double D_rw = 0.0, D_rw_err = 0.0;              ///< random-walk diffusivity, all hops
  double D_rw_lambda = 0.0, D_rw_lambda_err = 0.0;  ///< Gamma <lambda^2> / 6, thresholded hops
  double f = 0.0, f_err = 0.0;                    ///< D / D_rw (ratio of means, jackknife error)
  double D_slope = 0.0, D_slope_err = 0.0;        ///< [MSD(t) - MSD(t1)] / (6 N_a (t - t1))
  double f_slope = 0.0, f_slope_err = 0.0;        ///< D_slope / D_rw over (t1, t)
  double hop_rate = 0.0;                          ///< Gamma: thresholded hops per atom per time
  double mean_sq_hop_length = 0.0;                ///< <lambda^2> of thresholded hops (length^2)
  double hops = 0.0;                              ///< thresholded atom hops, summed over trajectories
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
  int trajectories = 0;
  int ended_early = 0;                ///< trajectories that stopped before their steps
  std::string end_message;            ///< why (first such trajectory), empty when none
  std::int64_t superbasins = 0;       ///< superbasins tabulated, plus chains solved on the fly (summed)
};

/// Arrhenius fits of one species.
struct SpeciesArrhenius {
  ArrheniusSplit split;  ///< ln D, ln D_rw, ln f against 1/T with common weights
};

/// Result of a temperature sweep.
struct KmcResults {
  std::string provider;                      ///< EventProvider::name()
  std::vector<std::string> species;          ///< species names
  std::vector<int> species_atoms;            ///< N_a per species
  std::vector<TemperatureResult> temperatures;
  std::vector<SpeciesArrhenius> arrhenius;   ///< per species (empty with fewer than 2 temperatures)
  double boltzmann = 1.0;                    ///< k_B used (energy per temperature unit)
};

/// The documented kmc.json layout (docs: include/glassland/kmc/kmc.hpp):
/// {"provider", "temperatures": [...], "species": {name: {"D", "D_err", "D_rw",
/// "D_rw_err", "D_rw_lambda", "D_rw_lambda_err", "f", "f_err", "D_slope", "D_slope_err",
/// "f_slope", "f_slope_err", "hop_rate",
/// "mean_sq_hop_length", "hops", "back_hop_fraction", "back_hop_fraction_err",
/// "simulated_time", "steps", "superbasin_steps", "events"} (arrays over temperatures)},
/// "arrhenius": {name: {"E_D", "E_D_err", "E_rw", "E_rw_err", "E_f", "E_f_err",
/// "prefactor_D", "prefactor_D_err", "prefactor_rw", "prefactor_rw_err",
/// "prefactor_f", "prefactor_f_err"}}, "ended_early": [...], "end_messages": [...]}.
/// Energies in energy units, prefactors in the units of the quantity; NaN -> null.
nlohmann::json toJson(const KmcResults& results);

/// Combines trajectory sums into per-species estimates. `species_atoms` is N_a.
std::vector<SpeciesEstimate> estimate(const std::vector<TrajectoryStats>& trajectories,
                                      const std::vector<int>& species_atoms, bool lateral);

struct SuperbasinTable;            // defined in src/kmc
struct DynamicSuperbasinSettings;  // defined in src/kmc

/// KMC at one temperature over one provider: tabulates rates (enumerated
/// providers) and superbasins once, then runs trajectories; run() is const and
/// thread-safe, so one Simulation serves all trajectories of a temperature.
class Simulation {
 public:
  /// `options` as read from the config (defaults resolved against `units` here).
  Simulation(const EventProvider& provider, const KmcOptions& options, const Units& units, double temperature);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  /// Runs trajectory `trajectory` (RNG from (seed, trajectory, temperature_index)).
  TrajectoryStats run(std::uint64_t trajectory, std::uint64_t temperature_index) const;
  /// Number of superbasins tabulated (0 when off, not applicable, or on the fly).
  std::int64_t superbasinCount() const;
  /// Rate (1/time) of an event at this temperature.
  double rate(const KmcEvent& event) const;

 private:
  struct RateTable;
  const EventProvider& provider_;
  KmcOptions options_;
  double beta_ = 0.0;        // 1 / (k_B T)
  double prefactor_ = 0.0;   // resolved
  double threshold_ = 0.0;   // resolved hop threshold
  std::vector<int> species_;
  int nspecies_ = 0;
  std::unique_ptr<RateTable> rates_;
  std::unique_ptr<SuperbasinTable> superbasins_;
  std::unique_ptr<DynamicSuperbasinSettings> dynamic_;  // set: on-the-fly superbasins per trajectory
};

/// Progress of a sweep: trajectories finished so far out of the total.
struct KmcProgress {
  int temperature_index = 0;
  int trajectories_done = 0;     ///< at this temperature
  int trajectories_total = 0;    ///< per temperature
  std::int64_t total_done = 0;   ///< over the whole sweep
  std::int64_t total = 0;
};
/// Called from one thread at a time, after each finished trajectory.
using KmcProgressCallback = std::function<void(const KmcProgress&)>;

/// The `glassland kmc` stage: every temperature of `options`, `trajectories`
/// trajectories each (OpenMP, or one after another when the provider's
/// parallelTrajectories() is false; results independent of the thread count), the
/// estimators and the Arrhenius fits. Throws InputError for empty temperature
/// lists, non-positive temperatures, or providers without atoms.
KmcResults runKmc(const EventProvider& provider, const KmcOptions& options, const Units& units,
                  const KmcProgressCallback& progress = {});

}  // namespace glassland::kmc
