// `glassland graph`: the basin graph as a view of the landscape store.

#include <fmt/format.h>

#include "glassland/config/stage_options.hpp"
#include "glassland/core/files.hpp"
#include "glassland/landscape/basin_graph.hpp"
#include "glassland/landscape/event_store.hpp"
#include "glassland/landscape/graph_summary.hpp"
#include "stages.hpp"

namespace glassland::app {

void runGraph(const StageArguments& args) {
  const Config config = Config::load(args.config_file, args.overrides);
  const GraphOptions options = graphOptions(config);
  const auto store = openStore(config, true);
  const auto graph = landscape::BasinGraph::fromStore(store);
  lockOutput(config);

  writeFileAtomically(config.output / "graph.graphml", [&](std::ostream& out) { graph.writeGraphML(out); });
  writeFileAtomically(config.output / "graph.dot", [&](std::ostream& out) { graph.writeDot(out); });

  nlohmann::json out = landscape::graphJson(graph);
  if (graph.numMinima() >= 1) {
    const auto tree = graph.disconnectivity(options.disconnectivity_levels);
    nlohmann::json nodes = nlohmann::json::array();
    for (const auto& node : tree.nodes) {
      nodes.push_back({{"level", node.level},
                       {"minima", node.minima},
                       {"lowest", node.lowest},
                       {"min_energy", node.min_energy},
                       {"parent", node.parent}});
    }
    out["disconnectivity"] = {{"levels", tree.levels}, {"nodes", nodes}};
  }
  out["files"] = {"graph.graphml", "graph.dot"};
  writeStageJson(config, "graph", out);

  if (!args.quiet) {
    const auto summary = landscape::summarize(graph);
    fmt::print(
        "graph: {} minima, {} transitions, {} components (largest {}); E_fwd median {:.4g}, "
        "E_rev median {:.4g}\n",
        summary.minima, summary.transitions, summary.components, summary.largest_component,
        summary.all.e_fwd.median, summary.all.e_rev.median);
  }
}

}  // namespace glassland::app
