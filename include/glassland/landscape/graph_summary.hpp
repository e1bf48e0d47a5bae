#pragma once
/// \file
/// Summary statistics of the basin graph's barriers, per species of the most
/// displaced atom, and the JSON the app writes as OUTPUT/graph.json.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "glassland/landscape/basin_graph.hpp"

namespace glassland::landscape {

/// Count, mean and order statistics of a sample (energy units). Quartiles
/// interpolate linearly between order statistics (numpy's default,
/// Hyndman & Fan type 7). All NaN when count == 0.
struct SampleStats {
  long count = 0;
  double mean = 0.0, min = 0.0, q1 = 0.0, median = 0.0, q3 = 0.0, max = 0.0;

  /// Statistics of `values` (sorted in place).
  static SampleStats of(std::vector<double> values);
};

/// Barrier statistics of one group of transitions. Each transition counts
/// once, in its stored orientation (forward = the direction the search found
/// it, from the minimum it started in); delta_e = E_to - E_from = e_fwd - e_rev.
struct BarrierStats {
  long transitions = 0;
  long times_found = 0;  ///< sum over the group
  SampleStats e_fwd, e_rev, delta_e, abs_delta_e;
};

/// Graph-wide summary.
struct GraphSummary {
  long minima = 0;
  long transitions = 0;
  int components = 0;
  long largest_component = 0;
  BarrierStats all;
  std::map<std::string, BarrierStats> by_species;  ///< key: species of the most displaced atom
};

/// Computes the summary of `graph`.
GraphSummary summarize(const BasinGraph& graph);

/// {"count","mean","min","q1","median","q3","max"}.
nlohmann::json toJson(const SampleStats& stats);
nlohmann::json toJson(const BarrierStats& stats);
nlohmann::json toJson(const GraphSummary& summary);

/// The content of graph.json: "minima" [{id, energy, component}], "transitions"
/// [{id, from, to, saddle_energy, e_fwd, e_rev, delta_e, times_found, species,
/// max_displacement}], "components" {count, sizes}, "statistics" (toJson(summarize)).
nlohmann::json graphJson(const BasinGraph& graph);

}  // namespace glassland::landscape
