#include "glassland/landscape/graph_summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace glassland::landscape {

namespace {
// Hyndman & Fan (1996) type 7: h = (n - 1) p, linear between x[floor h] and x[ceil h].
double quantile(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}
}  // namespace

SampleStats SampleStats::of(std::vector<double> values) {
  SampleStats s;
  s.count = static_cast<long>(values.size());
  if (values.empty()) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    s.mean = s.min = s.q1 = s.median = s.q3 = s.max = nan;
    return s;
  }
  std::sort(values.begin(), values.end());
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  s.min = values.front();
  s.max = values.back();
  s.q1 = quantile(values, 0.25);
  s.median = quantile(values, 0.5);
  s.q3 = quantile(values, 0.75);
  return s;
}

namespace {
struct Samples {
  long times_found = 0;
  std::vector<double> fwd, rev, delta, abs_delta;
  void add(const BasinEdge& e) {
    times_found += e.times_found;
    fwd.push_back(e.e_fwd);
    rev.push_back(e.e_rev);
    delta.push_back(e.deltaE());
    abs_delta.push_back(std::abs(e.deltaE()));
  }
  BarrierStats stats() const {
    BarrierStats b;
    b.transitions = static_cast<long>(fwd.size());
    b.times_found = times_found;
    b.e_fwd = SampleStats::of(fwd);
    b.e_rev = SampleStats::of(rev);
    b.delta_e = SampleStats::of(delta);
    b.abs_delta_e = SampleStats::of(abs_delta);
    return b;
  }
};

// JSON has no NaN: write null for an empty sample.
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
}  // namespace

GraphSummary summarize(const BasinGraph& graph) {
  const auto& g = graph.graph();
  GraphSummary summary;
  summary.minima = graph.numMinima();
  summary.transitions = graph.numTransitions();
  const Components components = graph.components();
  summary.components = components.count;
  for (long size : components.sizes) summary.largest_component = std::max(summary.largest_component, size);
  Samples all;
  std::map<std::string, Samples> by_species;
  for (auto e : boost::make_iterator_range(boost::edges(g))) {
    all.add(g[e]);
    by_species[g[e].species].add(g[e]);
  }
  summary.all = all.stats();
  for (const auto& [species, samples] : by_species) summary.by_species[species] = samples.stats();
  return summary;
}

nlohmann::json toJson(const SampleStats& s) {
  return {{"count", s.count},    {"mean", number(s.mean)},     {"min", number(s.min)},
          {"q1", number(s.q1)},  {"median", number(s.median)}, {"q3", number(s.q3)},
          {"max", number(s.max)}};
}

nlohmann::json toJson(const BarrierStats& b) {
  return {{"transitions", b.transitions}, {"times_found", b.times_found},
          {"e_fwd", toJson(b.e_fwd)},     {"e_rev", toJson(b.e_rev)},
          {"delta_e", toJson(b.delta_e)}, {"abs_delta_e", toJson(b.abs_delta_e)}};
}

nlohmann::json toJson(const GraphSummary& s) {
  nlohmann::json species = nlohmann::json::object();
  for (const auto& [name, stats] : s.by_species) species[name] = toJson(stats);
  return {{"minima", s.minima},         {"transitions", s.transitions},
          {"components", s.components}, {"largest_component", s.largest_component},
          {"all", toJson(s.all)},       {"by_species", species}};
}

nlohmann::json graphJson(const BasinGraph& graph) {
  const auto& g = graph.graph();
  const Components components = graph.components();
  nlohmann::json minima = nlohmann::json::array();
  for (auto v : boost::make_iterator_range(boost::vertices(g))) {
    minima.push_back(
        {{"id", g[v].minimum_id}, {"energy", g[v].energy}, {"component", components.of.at(g[v].minimum_id)}});
  }
  nlohmann::json transitions = nlohmann::json::array();
  for (auto e : boost::make_iterator_range(boost::edges(g))) {
    const BasinEdge& b = g[e];
    transitions.push_back(
        {{"id", b.transition_id},
         {"from", b.from_min},
         {"to", b.to_min},
         {"saddle_energy", b.saddle_energy},
         {"e_fwd", b.e_fwd},
         {"e_rev", b.e_rev},
         {"delta_e", b.deltaE()},
         {"prefactor_fwd", b.prefactor_fwd ? nlohmann::json(*b.prefactor_fwd) : nlohmann::json(nullptr)},
         {"prefactor_rev", b.prefactor_rev ? nlohmann::json(*b.prefactor_rev) : nlohmann::json(nullptr)},
         {"times_found", b.times_found},
         {"species", b.species},
         {"max_displacement", b.max_displacement}});
  }
  return {{"minima", minima},
          {"transitions", transitions},
          {"components", {{"count", components.count}, {"sizes", components.sizes}}},
          {"statistics", toJson(summarize(graph))}};
}

}  // namespace glassland::landscape
