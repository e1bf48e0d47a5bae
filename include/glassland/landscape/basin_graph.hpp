#pragma once
/// \file
/// The basin graph: minima as vertices, transitions as edges, built from the
/// store (the store is the truth, the graph a view). Edges are UNDIRECTED,
/// one per transition, and keep the orientation of the stored row: E_fwd is
/// the barrier leaving `from_min`, E_rev the barrier leaving `to_min`
/// (use BasinEdge::barrierFrom to get the barrier out of a given end).

#include <boost/graph/adjacency_list.hpp>
#include <iosfwd>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "glassland/landscape/records.hpp"

namespace glassland::landscape {

class EventStore;

/// Species name of atom `atom` (0-based) given per-atom types and species
/// names: "none" for atom -1 (no atom moves), "typeN" for a type without a
/// name, "atomN" for an atom outside `types`.
std::string speciesOf(long atom, const std::vector<int>& types, const std::vector<std::string>& species);

/// Vertex bundle: one minimum.
struct BasinVertex {
  MinimumId minimum_id = 0;
  double energy = 0.0;  ///< energy units
};

/// Edge bundle: one transition, oriented from_min -> to_min.
struct BasinEdge {
  TransitionId transition_id = 0;
  MinimumId from_min = 0, to_min = 0;
  double saddle_energy = 0.0;
  double e_fwd = 0.0;                                  ///< barrier from_min -> to_min
  double e_rev = 0.0;                                  ///< barrier to_min -> from_min
  std::optional<double> prefactor_fwd, prefactor_rev;  ///< 1/time, when computed
  long times_found = 0;
  std::string species;            ///< species of the most displaced atom ("none" when no atom moves)
  double max_displacement = 0.0;  ///< length units

  /// Barrier for leaving minimum `from` along this edge. Precondition: `from` is an end.
  double barrierFrom(MinimumId from) const { return from == from_min ? e_fwd : e_rev; }
  /// The other end of the edge.
  MinimumId other(MinimumId from) const { return from == from_min ? to_min : from_min; }
  /// E(to_min) - E(from_min) = e_fwd - e_rev.
  double deltaE() const { return e_fwd - e_rev; }
};

/// The Boost.Graph type: vertices and edges in vectors / lists, undirected.
using BasinGraphType =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, BasinVertex, BasinEdge>;
using BasinVertexDesc = boost::graph_traits<BasinGraphType>::vertex_descriptor;
using BasinEdgeDesc = boost::graph_traits<BasinGraphType>::edge_descriptor;

/// Connected components of the graph.
struct Components {
  int count = 0;
  std::unordered_map<MinimumId, int> of;  ///< component index of each minimum (0-based)
  std::vector<long> sizes;                ///< minima per component
};

/// The lowest-barrier path: among all paths a -> b, one whose highest saddle
/// is lowest (minimax path).
struct MinimaxPath {
  bool found = false;                                                ///< false when a and b are not connected
  std::vector<MinimumId> minima;                                     ///< a ... b
  std::vector<TransitionId> transitions;                             ///< minima.size() - 1 edges
  double highest_saddle = std::numeric_limits<double>::quiet_NaN();  ///< energy units
  /// highest_saddle - E(a): the effective barrier to reach b from a.
  double barrier_from_start = std::numeric_limits<double>::quiet_NaN();
};

/// A superbasin: minima joined by transitions whose barriers in BOTH
/// directions are below the threshold.
struct Superbasin {
  std::vector<MinimumId> minima;  ///< ascending id
  MinimumId lowest = 0;           ///< the member of lowest energy
  double lowest_energy = 0.0;
};

/// One node of a disconnectivity graph (Becker & Karplus 1997; Wales et al. 1998).
struct DisconnectivityNode {
  int level = 0;                  ///< index into DisconnectivityTree::levels
  std::vector<MinimumId> minima;  ///< members, ascending id
  MinimumId lowest = 0;           ///< member of lowest energy
  double min_energy = 0.0;
  int parent = -1;  ///< node index at level + 1, -1 at the top level
};

/// The superbasin tree over an energy grid: at level E, minima below E fall
/// into groups mutually reachable through saddles below E.
struct DisconnectivityTree {
  std::vector<double> levels;              ///< ascending, energy units
  std::vector<DisconnectivityNode> nodes;  ///< by level, then by min_energy
};

/// Basin graph with lookup by minimum id and the landscape analyses.
class BasinGraph {
 public:
  BasinGraph() = default;
  /// Builds the graph from every minimum and transition in the store. The
  /// species of each edge is that of its most displaced atom in the root structure.
  static BasinGraph fromStore(const EventStore& store);
  /// Builds from records; `types` (per atom) and `species` (per type) name the
  /// most displaced atom's species. Throws glassland::Error for an edge to an unknown minimum.
  static BasinGraph fromRecords(const std::vector<MinimumSummary>& minima,
                                const std::vector<TransitionSummary>& transitions,
                                const std::vector<int>& types, const std::vector<std::string>& species);

  const BasinGraphType& graph() const { return g_; }
  long numMinima() const { return static_cast<long>(boost::num_vertices(g_)); }
  long numTransitions() const { return static_cast<long>(boost::num_edges(g_)); }
  /// Vertex of a minimum; throws glassland::Error if absent.
  BasinVertexDesc vertex(MinimumId id) const;
  bool contains(MinimumId id) const { return index_.count(id) > 0; }

  /// Connected components (boost::connected_components).
  Components components() const;
  /// The minimax path a -> b (Dijkstra with max as the path combine, which is
  /// monotone, so the greedy argument holds). Among parallel edges the lower saddle is used.
  MinimaxPath minimaxPath(MinimumId a, MinimumId b) const;
  /// Superbasins at `threshold` (energy units): the partition of the minima
  /// into groups connected by transitions with max(E_fwd, E_rev) < threshold,
  /// i.e. hops that are fast both ways at a temperature where `threshold` is
  /// the slow/fast divide. Sorted by lowest energy; singletons included.
  std::vector<Superbasin> superbasins(double threshold) const;
  /// Disconnectivity data on the given ascending energy levels.
  DisconnectivityTree disconnectivity(std::vector<double> levels) const;
  /// Disconnectivity data on `num_levels` (>= 2) equally spaced levels from the
  /// lowest minimum energy to just above the highest saddle.
  DisconnectivityTree disconnectivity(int num_levels) const;

  /// GraphML: node id = the minimum id, edge id = "t" + the transition id;
  /// vertex keys minimum_id, energy; edge keys
  /// transition_id, from_min, to_min, saddle_energy, e_fwd, e_rev, times_found,
  /// species, max_displacement. Doubles are written in their shortest exact form (std::to_chars), so they
  /// read back bit-identical.
  void writeGraphML(std::ostream& out) const;
  /// Reads what writeGraphML wrote (boost::read_graphml; any node ids).
  static BasinGraph readGraphML(std::istream& in);
  /// Graphviz DOT: node = minimum id with its energy, edge label E_fwd/E_rev.
  void writeDot(std::ostream& out) const;

 private:
  void addVertex(const BasinVertex& v);
  void addEdge(const BasinEdge& e);

  BasinGraphType g_;
  std::unordered_map<MinimumId, BasinVertexDesc> index_;
};

}  // namespace glassland::landscape
