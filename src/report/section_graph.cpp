// The disconnectivity graph of index.html, drawn from the tree of the store's
// basin graph (data_files.cpp builds it with landscape.graphml).
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "writer.hpp"

namespace glassland::report {

std::string ReportWriter::disconnectivitySection() {
  if (!tree_ || tree_->nodes.empty()) return "";
  const auto& tree = *tree_;
  const auto& nodes = tree.nodes;
  // Leaves left to right by a depth-first walk from the top level (children in
  // order of their lowest energy); a node sits above the middle of its children.
  std::vector<std::vector<std::size_t>> children(nodes.size());
  std::vector<std::size_t> tops;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].parent >= 0)
      children[static_cast<std::size_t>(nodes[i].parent)].push_back(i);
    else
      tops.push_back(i);
  }
  auto by_energy = [&](std::size_t a, std::size_t b) { return nodes[a].min_energy < nodes[b].min_energy; };
  std::sort(tops.begin(), tops.end(), by_energy);
  for (auto& c : children) std::sort(c.begin(), c.end(), by_energy);
  std::vector<double> x(nodes.size(), 0.0);
  double next = 0.0;
  std::function<void(std::size_t)> place = [&](std::size_t n) {
    if (children[n].empty()) {
      x[n] = next++;
      return;
    }
    for (std::size_t c : children[n]) place(c);
    x[n] = 0.5 * (x[children[n].front()] + x[children[n].back()]);
  };
  for (std::size_t t : tops) place(t);
  const double e0 = nodes[tops.front()].min_energy;
  auto level = [&](int k) { return tree.levels[static_cast<std::size_t>(k)] - e0; };
  PlotSeries lines;
  lines.with = "vectors nohead lw 1.2 lc rgb '#1f3b73'";
  lines.using_columns = "1:2:3:4";
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    const double top = nodes[n].parent >= 0 ? level(nodes[n].level + 1) : level(nodes[n].level);
    // A leaf starts at its lowest minimum; every node rises to its parent's level.
    const double bottom = children[n].empty() ? nodes[n].min_energy - e0 : level(nodes[n].level);
    lines.rows.push_back({x[n], bottom, 0.0, top - bottom});
    if (nodes[n].parent >= 0) {
      const double xp = x[static_cast<std::size_t>(nodes[n].parent)];
      lines.rows.push_back({x[n], top, xp - x[n], 0.0});
    }
  }
  PlotSpec spec;
  spec.id = "disconnectivity";
  spec.title = "Disconnectivity graph of the store's minima";
  spec.xlabel = "minima (ordered by the tree)";
  spec.ylabel = "E - E_{min} (" + unit_e_ + ")";
  spec.settings = {"unset xtics", "unset key", "set offsets graph 0.02, graph 0.02, graph 0.02, 0"};
  spec.series.push_back(lines);
  std::string out =
      "<section id=\"disconnectivity\"><h2>Disconnectivity graph</h2>\n<p>At each of " +
      std::to_string(tree.levels.size()) +
      " energy levels (graph.disconnectivity_levels) the minima below it fall into groups joined by saddles "
      "below it; a line ends at the level where its group merges with another, and a leaf starts at its "
      "group's lowest minimum. Energies relative to the lowest minimum, in " +
      escapeXml(unit_e_) + ". The data: graph.json (disconnectivity).</p>\n<div class=\"grid\">\n";
  return out + plot(spec) + "</div>\n</section>\n";
}

}  // namespace glassland::report
