#include "glassland/report/options.hpp"

namespace glassland::report {

ReportOptions ReportOptions::fromYaml(OptionsReader& reader) {
  ReportOptions options;
  reader.get("max_frames", options.max_frames);
  reader.get("histogram_bins", options.histogram_bins);
  reader.get("depth_bin", options.depth_bin);
  reader.get("gnuplot", options.gnuplot);
  if (options.max_frames < 0) reader.failAt("max_frames", "must be >= 0");
  if (options.histogram_bins < 1 || options.histogram_bins > 1000) {
    reader.failAt("histogram_bins", "must be between 1 and 1000");
  }
  if (!(options.depth_bin > 0.0)) reader.failAt("depth_bin", "must be > 0 (length units)");
  if (options.gnuplot.empty()) reader.failAt("gnuplot", "must name the gnuplot executable");
  reader.finish();
  return options;
}

}  // namespace glassland::report
