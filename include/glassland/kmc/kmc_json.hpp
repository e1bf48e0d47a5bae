#pragma once
/// \file
/// The layout of OUTPUT/kmc.json, written once: every key name is a constant
/// here, used by the writer (kmc::toJson, src/kmc/kmc_json.cpp) and by its
/// readers (report::KmcSummary::fromJson, src/report/kmc_summary.cpp; the
/// summary table of `glassland run`, apps/glassland/run_stage.cpp), so that
/// they cannot drift apart.
///
/// {"provider", "temperatures": [...], "t_run": [...], "t_run_source": [...],
/// "pilot_steps": [...], "trajectories_used": [...], "capped": [...],
/// "ended_early": [...], "end_messages": [...], "superbasins": [...],
/// "msd_lag": [[lag times] per temperature], "msd_fit_window": [1/20, 1/2] (of t_run),
/// "species": {name: {"atoms", "D", "D_err", "D_rw", "D_rw_err", "D_rw_lambda",
/// "D_rw_lambda_err", "f", "f_err", "diffusive" (booleans), "diffusive_reason"
/// (strings, empty when diffusive), "D_early", "D_early_err", "D_late", "D_late_err",
/// "linearity_sigma", "mobile_msd", "hop_rate", "mean_sq_hop_length", "hops", "back_hop_fraction",
/// "back_hop_fraction_err", "simulated_time", "steps", "superbasin_steps", "events"
/// (arrays over temperatures), "msd", "msd_err" ([per-atom MSD at msd_lag] per temperature)}},
/// "arrhenius": {name: {"E_D", "E_D_err", "E_rw", "E_rw_err", "E_f", "E_f_err",
/// "prefactor_D", "prefactor_D_err", "prefactor_rw", "prefactor_rw_err",
/// "prefactor_f", "prefactor_f_err", "chi2_per_dof_D", "chi2_per_dof_rw",
/// "chi2_per_dof_f", "error_scale_D", "error_scale_rw", "error_scale_f",
/// "measured" (bool), "reason" (why not measured, "" when measured),
/// "fitted_temperatures", "excluded_temperatures", "excluded_reasons" (one per
/// excluded temperature), "excluded_reason" (the same joined)}}} (no "arrhenius"
/// entries with one temperature). Energies in energy units, prefactors in the
/// units of the quantity; NaN -> null.
///
/// The keys are character arrays, so they go wherever a string literal went.

#include <string>

namespace glassland::kmc::kmc_json {

// Top level.
inline constexpr char kProvider[] = "provider";
inline constexpr char kTemperatures[] = "temperatures";
inline constexpr char kSpecies[] = "species";
inline constexpr char kArrhenius[] = "arrhenius";

// Top level, one entry per temperature.
inline constexpr char kTRun[] = "t_run";
inline constexpr char kTRunSource[] = "t_run_source";
inline constexpr char kPilotSteps[] = "pilot_steps";
inline constexpr char kTrajectoriesUsed[] = "trajectories_used";
inline constexpr char kCapped[] = "capped";
inline constexpr char kEndedEarly[] = "ended_early";
inline constexpr char kEndMessages[] = "end_messages";
inline constexpr char kSuperbasins[] = "superbasins";
inline constexpr char kMsdLag[] = "msd_lag";
inline constexpr char kMsdFitWindow[] = "msd_fit_window";

// species.<name>: "atoms", then arrays over temperatures.
inline constexpr char kAtoms[] = "atoms";
inline constexpr char kD[] = "D";
inline constexpr char kDErr[] = "D_err";
inline constexpr char kDRw[] = "D_rw";
inline constexpr char kDRwErr[] = "D_rw_err";
inline constexpr char kDRwLambda[] = "D_rw_lambda";
inline constexpr char kDRwLambdaErr[] = "D_rw_lambda_err";
inline constexpr char kF[] = "f";
inline constexpr char kFErr[] = "f_err";
inline constexpr char kDiffusive[] = "diffusive";
inline constexpr char kDiffusiveReason[] = "diffusive_reason";
inline constexpr char kDEarly[] = "D_early";
inline constexpr char kDEarlyErr[] = "D_early_err";
inline constexpr char kDLate[] = "D_late";
inline constexpr char kDLateErr[] = "D_late_err";
inline constexpr char kLinearitySigma[] = "linearity_sigma";
inline constexpr char kMobileMsd[] = "mobile_msd";
inline constexpr char kHopRate[] = "hop_rate";
inline constexpr char kMeanSqHopLength[] = "mean_sq_hop_length";
inline constexpr char kHops[] = "hops";
inline constexpr char kBackHopFraction[] = "back_hop_fraction";
inline constexpr char kBackHopFractionErr[] = "back_hop_fraction_err";
inline constexpr char kSimulatedTime[] = "simulated_time";
inline constexpr char kSteps[] = "steps";
inline constexpr char kSuperbasinSteps[] = "superbasin_steps";
inline constexpr char kEvents[] = "events";
inline constexpr char kMsd[] = "msd";
inline constexpr char kMsdErr[] = "msd_err";

// arrhenius.<name>: one fit per quantity, named by these suffixes.
inline constexpr char kFitD[] = "D";
inline constexpr char kFitRw[] = "rw";
inline constexpr char kFitF[] = "f";
inline std::string energyKey(const std::string& fit) { return "E_" + fit; }
inline std::string energyErrKey(const std::string& fit) { return "E_" + fit + "_err"; }
inline std::string prefactorKey(const std::string& fit) { return "prefactor_" + fit; }
inline std::string prefactorErrKey(const std::string& fit) { return "prefactor_" + fit + "_err"; }
inline std::string chi2PerDofKey(const std::string& fit) { return "chi2_per_dof_" + fit; }
inline std::string errorScaleKey(const std::string& fit) { return "error_scale_" + fit; }

// arrhenius.<name>: the verdict and which temperatures entered the fits.
inline constexpr char kMeasured[] = "measured";
inline constexpr char kReason[] = "reason";
inline constexpr char kFittedTemperatures[] = "fitted_temperatures";
inline constexpr char kExcludedTemperatures[] = "excluded_temperatures";
inline constexpr char kExcludedReasons[] = "excluded_reasons";
inline constexpr char kExcludedReason[] = "excluded_reason";

}  // namespace glassland::kmc::kmc_json
