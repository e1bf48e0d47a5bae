#pragma once
/// \file
/// The `report:` config section: what `glassland report` writes and how.

#include <string>

#include "glassland/core/options.hpp"

namespace glassland::report {

/// Options of the report stage (config section `report:`).
struct ReportOptions {
  /// Frames written to saddles.xyz (the transitions of lowest forward barrier)
  /// and to minima.xyz (the minima of lowest energy); 0 writes none.
  int max_frames = 50;
  /// Bins of the barrier and p_back histograms (the energy bin width is
  /// rounded up to 1, 2, 2.5 or 5 times a power of ten, so the count may grow by one).
  int histogram_bins = 30;
  /// Width of the depth bins for slab cells (length units), measured from the
  /// nearer free surface.
  double depth_bin = 1.0;
  /// The gnuplot executable (name on PATH or a path). When it cannot be run,
  /// the report is still written, with a note in place of each plot.
  std::string gnuplot = "gnuplot";

  /// Reads `max_frames`, `histogram_bins`, `depth_bin`, `gnuplot`; rejects
  /// unknown keys and out-of-range values (InputError at the key's line).
  static ReportOptions fromYaml(OptionsReader& reader);
};

}  // namespace glassland::report
