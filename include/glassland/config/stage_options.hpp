#pragma once
/// \file
/// Each stage's section of the config, read by the options struct of the
/// module that owns the stage.

#include "glassland/config/config.hpp"
#include "glassland/explore/explorer.hpp"
#include "glassland/kmc/kmc.hpp"
#include "glassland/landscape/records.hpp"
#include "glassland/optimize/minimize.hpp"
#include "glassland/report/options.hpp"

namespace glassland {

/// `minimize:` (method, fmax, max_iterations, ...).
MinimizeOptions minimizeOptions(const Config& config);
/// `explore:` (method, searches, seed, centres, threads, store, ...).
ExploreOptions exploreOptions(const Config& config);
/// `landscape:` when two minima or saddles are the same (tolerances of the store).
landscape::IdentityOptions identityOptions(const Config& config);

/// `graph:` what the graph stage exports.
struct GraphOptions {
  int disconnectivity_levels = 20;  ///< energy levels of the disconnectivity data
  static GraphOptions fromYaml(OptionsReader& section);
};
GraphOptions graphOptions(const Config& config);

/// `kmc:` (temperatures, prefactor, trajectories, steps, seed, provider, ...).
kmc::KmcOptions kmcOptions(const Config& config);

/// `report:` (max_frames, histogram_bins, depth_bin, gnuplot).
report::ReportOptions reportOptions(const Config& config);

/// Reads every stage section once so that a typo anywhere fails at load time,
/// before any work is done. Throws InputError.
void validateStageOptions(const Config& config);

}  // namespace glassland
