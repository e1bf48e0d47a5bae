#include "glassland/landscape/basin_graph.hpp"

#include <algorithm>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#include <charconv>
#include <cmath>
#include <numeric>
#include <ostream>

#include "glassland/core/error.hpp"
#include "glassland/core/text.hpp"
#include "glassland/landscape/event_store.hpp"

namespace glassland::landscape {

namespace {

// Union-find with path halving and union by size.
class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n), size_(n, 1) {
    std::iota(parent_.begin(), parent_.end(), 0);
  }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
  }

 private:
  std::vector<std::size_t> parent_;
  std::vector<std::size_t> size_;
};

}  // namespace

std::string speciesOf(long atom, const std::vector<int>& types, const std::vector<std::string>& species) {
  if (atom < 0) return "none";
  if (static_cast<std::size_t>(atom) >= types.size()) return "atom" + std::to_string(atom);
  const int t = types[static_cast<std::size_t>(atom)];
  if (t >= 0 && static_cast<std::size_t>(t) < species.size()) return species[static_cast<std::size_t>(t)];
  return "type" + std::to_string(t + 1);
}

void BasinGraph::addVertex(const BasinVertex& v) {
  if (index_.count(v.minimum_id))
    throw Error("basin graph: minimum " + std::to_string(v.minimum_id) + " twice");
  index_.emplace(v.minimum_id, boost::add_vertex(v, g_));
}

void BasinGraph::addEdge(const BasinEdge& e) { boost::add_edge(vertex(e.from_min), vertex(e.to_min), e, g_); }

BasinVertexDesc BasinGraph::vertex(MinimumId id) const {
  const auto it = index_.find(id);
  if (it == index_.end()) throw Error("basin graph: no minimum with id " + std::to_string(id));
  return it->second;
}

BasinGraph BasinGraph::fromRecords(const std::vector<MinimumSummary>& minima,
                                   const std::vector<TransitionSummary>& transitions,
                                   const std::vector<int>& types, const std::vector<std::string>& species) {
  BasinGraph graph;
  graph.index_.reserve(minima.size());
  for (const auto& m : minima) graph.addVertex({m.id, m.energy});
  for (const auto& t : transitions) {
    BasinEdge e;
    e.transition_id = t.id;
    e.from_min = t.from_min;
    e.to_min = t.to_min;
    e.saddle_energy = t.saddle_energy;
    e.e_fwd = t.e_fwd;
    e.e_rev = t.e_rev;
    e.prefactor_fwd = t.prefactor_fwd;
    e.prefactor_rev = t.prefactor_rev;
    e.times_found = t.times_found;
    e.species = speciesOf(t.max_displacement_atom, types, species);
    e.max_displacement = t.max_displacement;
    graph.addEdge(e);
  }
  return graph;
}

BasinGraph BasinGraph::fromStore(const EventStore& store) {
  return fromRecords(store.minima(), store.transitions(), store.root().types, store.root().species);
}

Components BasinGraph::components() const {
  Components out;
  std::vector<int> component(boost::num_vertices(g_));
  out.count = component.empty() ? 0 : boost::connected_components(g_, component.data());
  out.sizes.assign(static_cast<std::size_t>(out.count), 0);
  for (auto v : boost::make_iterator_range(boost::vertices(g_))) {
    out.of[g_[v].minimum_id] = component[v];
    ++out.sizes[static_cast<std::size_t>(component[v])];
  }
  return out;
}

MinimaxPath BasinGraph::minimaxPath(MinimumId a, MinimumId b) const {
  const BasinVertexDesc source = vertex(a), target = vertex(b);
  MinimaxPath path;
  if (a == b) {
    path.found = true;
    path.minima = {a};
    path.highest_saddle = g_[source].energy;
    path.barrier_from_start = 0.0;
    return path;
  }
  // Bottleneck (minimax) shortest path: the "length" of a path is its highest
  // saddle energy. max(d, w) >= d, so Dijkstra's label-setting argument holds
  // with combine = max and zero = -inf (negative saddle energies are fine).
  const double inf = std::numeric_limits<double>::infinity();
  const std::size_t n = boost::num_vertices(g_);
  std::vector<double> distance(n, inf);
  std::vector<BasinVertexDesc> predecessor(n);
  boost::dijkstra_shortest_paths(
      g_, source,
      boost::predecessor_map(
          boost::make_iterator_property_map(predecessor.begin(), boost::get(boost::vertex_index, g_)))
          .distance_map(
              boost::make_iterator_property_map(distance.begin(), boost::get(boost::vertex_index, g_)))
          .weight_map(boost::get(&BasinEdge::saddle_energy, g_))
          .distance_compare(std::less<double>())
          .distance_combine([](double d, double w) { return std::max(d, w); })
          .distance_inf(inf)
          .distance_zero(-inf));
  if (distance[target] == inf) return path;
  path.found = true;
  path.highest_saddle = distance[target];
  path.barrier_from_start = distance[target] - g_[source].energy;
  std::vector<BasinVertexDesc> vertices{target};
  while (vertices.back() != source) vertices.push_back(predecessor[vertices.back()]);
  std::reverse(vertices.begin(), vertices.end());
  for (std::size_t k = 0; k < vertices.size(); ++k) {
    path.minima.push_back(g_[vertices[k]].minimum_id);
    if (k == 0) continue;
    // The predecessor map keeps vertices only: among parallel edges take the lowest saddle.
    double best = inf;
    TransitionId best_id = 0;
    for (auto e : boost::make_iterator_range(boost::out_edges(vertices[k - 1], g_))) {
      if (boost::target(e, g_) == vertices[k] && g_[e].saddle_energy < best) {
        best = g_[e].saddle_energy;
        best_id = g_[e].transition_id;
      }
    }
    path.transitions.push_back(best_id);
  }
  return path;
}

std::vector<Superbasin> BasinGraph::superbasins(double threshold) const {
  const std::size_t n = boost::num_vertices(g_);
  DisjointSets sets(n);
  for (auto e : boost::make_iterator_range(boost::edges(g_))) {
    if (std::max(g_[e].e_fwd, g_[e].e_rev) < threshold)
      sets.unite(boost::source(e, g_), boost::target(e, g_));
  }
  std::unordered_map<std::size_t, std::size_t> group_of_root;
  std::vector<Superbasin> out;
  for (auto v : boost::make_iterator_range(boost::vertices(g_))) {
    const std::size_t root = sets.find(v);
    auto [it, inserted] = group_of_root.emplace(root, out.size());
    if (inserted) out.push_back({{}, g_[v].minimum_id, g_[v].energy});
    Superbasin& s = out[it->second];
    s.minima.push_back(g_[v].minimum_id);
    if (g_[v].energy < s.lowest_energy || (g_[v].energy == s.lowest_energy && g_[v].minimum_id < s.lowest)) {
      s.lowest = g_[v].minimum_id;
      s.lowest_energy = g_[v].energy;
    }
  }
  for (auto& s : out) std::sort(s.minima.begin(), s.minima.end());
  std::sort(out.begin(), out.end(), [](const Superbasin& x, const Superbasin& y) {
    return x.lowest_energy != y.lowest_energy ? x.lowest_energy < y.lowest_energy : x.lowest < y.lowest;
  });
  return out;
}

DisconnectivityTree BasinGraph::disconnectivity(std::vector<double> levels) const {
  if (!std::is_sorted(levels.begin(), levels.end())) throw Error("disconnectivity: levels must be ascending");
  // Becker & Karplus, J. Chem. Phys. 106, 1495 (1997): at level E the minima
  // with energy <= E split into sets mutually reachable via saddles <= E.
  // An edge can join two minima only once the level passes its saddle and both
  // ends, hence the key max(saddle, E_i, E_j) (robust to a saddle stored
  // marginally below an end).
  const std::size_t n = boost::num_vertices(g_);
  std::vector<BasinVertexDesc> by_energy(n);
  std::iota(by_energy.begin(), by_energy.end(), 0);
  std::sort(by_energy.begin(), by_energy.end(), [&](auto x, auto y) {
    return g_[x].energy != g_[y].energy ? g_[x].energy < g_[y].energy : g_[x].minimum_id < g_[y].minimum_id;
  });
  struct Join {
    double key;
    BasinVertexDesc a, b;
  };
  std::vector<Join> joins;
  for (auto e : boost::make_iterator_range(boost::edges(g_))) {
    const auto a = boost::source(e, g_), b = boost::target(e, g_);
    joins.push_back({std::max({g_[e].saddle_energy, g_[a].energy, g_[b].energy}), a, b});
  }
  std::sort(joins.begin(), joins.end(), [](const Join& x, const Join& y) { return x.key < y.key; });

  DisconnectivityTree tree;
  tree.levels = std::move(levels);
  DisjointSets sets(n);
  std::vector<int> node_of(n, -1);
  std::size_t next_join = 0, prev_begin = 0, prev_end = 0;
  for (std::size_t level = 0; level < tree.levels.size(); ++level) {
    const double e_level = tree.levels[level];
    while (next_join < joins.size() && joins[next_join].key <= e_level) {
      sets.unite(joins[next_join].a, joins[next_join].b);
      ++next_join;
    }
    const std::size_t begin = tree.nodes.size();
    std::unordered_map<std::size_t, int> node_of_root;
    for (auto v : by_energy) {
      if (g_[v].energy > e_level) break;
      auto [it, inserted] = node_of_root.emplace(sets.find(v), static_cast<int>(tree.nodes.size()));
      if (inserted) {
        // Minima are visited in ascending energy, so the first member is the lowest.
        tree.nodes.push_back({static_cast<int>(level), {}, g_[v].minimum_id, g_[v].energy, -1});
      }
      tree.nodes[static_cast<std::size_t>(it->second)].minima.push_back(g_[v].minimum_id);
      node_of[v] = it->second;
    }
    for (std::size_t k = begin; k < tree.nodes.size(); ++k) {
      std::sort(tree.nodes[k].minima.begin(), tree.nodes[k].minima.end());
    }
    for (std::size_t k = prev_begin; k < prev_end; ++k) {
      tree.nodes[k].parent = node_of[vertex(tree.nodes[k].lowest)];
    }
    prev_begin = begin;
    prev_end = tree.nodes.size();
  }
  return tree;
}

DisconnectivityTree BasinGraph::disconnectivity(int num_levels) const {
  if (num_levels < 2) throw Error("disconnectivity: at least 2 levels");
  if (boost::num_vertices(g_) == 0) return {};
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (auto v : boost::make_iterator_range(boost::vertices(g_))) {
    lo = std::min(lo, g_[v].energy);
    hi = std::max(hi, g_[v].energy);
  }
  for (auto e : boost::make_iterator_range(boost::edges(g_))) hi = std::max(hi, g_[e].saddle_energy);
  std::vector<double> levels(static_cast<std::size_t>(num_levels));
  // Level k = lo + (hi - lo)(k + 1) / n: the first level already holds the
  // lowest minimum, the last one every minimum and every saddle.
  for (int k = 0; k < num_levels; ++k)
    levels[static_cast<std::size_t>(k)] = lo + (hi - lo) * (k + 1) / num_levels;
  levels.back() = hi;
  return disconnectivity(std::move(levels));
}

namespace {

// Boost's stock dynamic property map prints doubles through an ostringstream
// with the default 6 digits, which loses barriers. This adaptor prints the
// shortest representation that reads back bit-identical (std::to_chars) and
// still declares the value type double, so GraphML says attr.type="double".
template <class PropertyMap>
class RoundTripDoubleMap : public boost::dynamic_property_map {
 public:
  using key_type = typename boost::property_traits<PropertyMap>::key_type;
  explicit RoundTripDoubleMap(PropertyMap map) : map_(map) {}
  boost::any get(const boost::any& key) override { return boost::get(map_, boost::any_cast<key_type>(key)); }
  std::string get_string(const boost::any& key) override {
    char buffer[64];
    const double v = boost::get(map_, boost::any_cast<key_type>(key));
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
    return std::string(buffer, end);
  }
  void put(const boost::any& key, const boost::any& value) override {
    double v = 0.0;
    if (value.type() == typeid(double)) {
      v = boost::any_cast<double>(value);
    } else {
      const auto text = boost::any_cast<std::string>(value);
      if (std::from_chars(text.data(), text.data() + text.size(), v).ec != std::errc()) {
        throw InputError("GraphML: '" + text + "' is not a number");
      }
    }
    boost::put(map_, boost::any_cast<key_type>(key), v);
  }
  const std::type_info& key() const override { return typeid(key_type); }
  const std::type_info& value() const override { return typeid(double); }

 private:
  PropertyMap map_;
};

template <class Graph, class PropertyMap>
void addDouble(boost::dynamic_properties& dp, const std::string& name, PropertyMap map) {
  dp.insert(name, boost::shared_ptr<boost::dynamic_property_map>(new RoundTripDoubleMap<PropertyMap>(map)));
}

template <class Graph>
boost::dynamic_properties graphProperties(Graph& g) {
  boost::dynamic_properties dp(boost::ignore_other_properties);
  dp.property("minimum_id", boost::get(&BasinVertex::minimum_id, g));
  addDouble<Graph>(dp, "energy", boost::get(&BasinVertex::energy, g));
  dp.property("transition_id", boost::get(&BasinEdge::transition_id, g));
  dp.property("from_min", boost::get(&BasinEdge::from_min, g));
  dp.property("to_min", boost::get(&BasinEdge::to_min, g));
  addDouble<Graph>(dp, "saddle_energy", boost::get(&BasinEdge::saddle_energy, g));
  addDouble<Graph>(dp, "e_fwd", boost::get(&BasinEdge::e_fwd, g));
  addDouble<Graph>(dp, "e_rev", boost::get(&BasinEdge::e_rev, g));
  dp.property("times_found", boost::get(&BasinEdge::times_found, g));
  dp.property("species", boost::get(&BasinEdge::species, g));
  addDouble<Graph>(dp, "max_displacement", boost::get(&BasinEdge::max_displacement, g));
  return dp;
}
}  // namespace

namespace {
std::string shortest(double v) {
  char buffer[64];
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, v);
  return std::string(buffer, r.ptr);
}
}  // namespace

void BasinGraph::writeGraphML(std::ostream& out) const {
  // Written by hand rather than with boost::write_graphml, whose node ids are
  // vertex indices (n0, n1, ...): here a node's id is its minimum id and an
  // edge's id its transition id, so ids in the file mean the same as in the
  // store, graph.json and the CSV files.
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
         "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  const std::pair<const char*, const char*> node_keys[] = {{"minimum_id", "long"}, {"energy", "double"}};
  const std::pair<const char*, const char*> edge_keys[] = {
      {"transition_id", "long"},   {"from_min", "long"},  {"to_min", "long"},
      {"saddle_energy", "double"}, {"e_fwd", "double"},   {"e_rev", "double"},
      {"times_found", "long"},     {"species", "string"}, {"max_displacement", "double"}};
  for (const auto& [name, type] : node_keys) {
    out << "  <key id=\"" << name << "\" for=\"node\" attr.name=\"" << name << "\" attr.type=\"" << type
        << "\" />\n";
  }
  for (const auto& [name, type] : edge_keys) {
    out << "  <key id=\"" << name << "\" for=\"edge\" attr.name=\"" << name << "\" attr.type=\"" << type
        << "\" />\n";
  }
  out << "  <graph id=\"G\" edgedefault=\"undirected\">\n";
  for (auto v : boost::make_iterator_range(boost::vertices(g_))) {
    const BasinVertex& m = g_[v];
    out << "    <node id=\"" << m.minimum_id << "\">\n"
        << "      <data key=\"minimum_id\">" << m.minimum_id << "</data>\n"
        << "      <data key=\"energy\">" << shortest(m.energy) << "</data>\n"
        << "    </node>\n";
  }
  for (auto e : boost::make_iterator_range(boost::edges(g_))) {
    const BasinEdge& t = g_[e];
    out << "    <edge id=\"t" << t.transition_id << "\" source=\"" << g_[boost::source(e, g_)].minimum_id
        << "\" target=\"" << g_[boost::target(e, g_)].minimum_id << "\">\n"
        << "      <data key=\"transition_id\">" << t.transition_id << "</data>\n"
        << "      <data key=\"from_min\">" << t.from_min << "</data>\n"
        << "      <data key=\"to_min\">" << t.to_min << "</data>\n"
        << "      <data key=\"saddle_energy\">" << shortest(t.saddle_energy) << "</data>\n"
        << "      <data key=\"e_fwd\">" << shortest(t.e_fwd) << "</data>\n"
        << "      <data key=\"e_rev\">" << shortest(t.e_rev) << "</data>\n"
        << "      <data key=\"times_found\">" << t.times_found << "</data>\n"
        << "      <data key=\"species\">" << escapeXml(t.species) << "</data>\n"
        << "      <data key=\"max_displacement\">" << shortest(t.max_displacement) << "</data>\n"
        << "    </edge>\n";
  }
  out << "  </graph>\n</graphml>\n";
}

BasinGraph BasinGraph::readGraphML(std::istream& in) {
  BasinGraph graph;
  auto dp = graphProperties(graph.g_);
  try {
    boost::read_graphml(in, graph.g_, dp);
  } catch (const std::exception& e) {
    throw InputError(std::string("cannot read GraphML: ") + e.what());
  }
  for (auto v : boost::make_iterator_range(boost::vertices(graph.g_))) {
    if (!graph.index_.emplace(graph.g_[v].minimum_id, v).second) {
      throw InputError("GraphML: minimum_id " + std::to_string(graph.g_[v].minimum_id) + " appears twice");
    }
  }
  return graph;
}

void BasinGraph::writeDot(std::ostream& out) const {
  auto vertex_writer = [this](std::ostream& os, BasinVertexDesc v) {
    os << "[label=\"" << g_[v].minimum_id << "\\n" << g_[v].energy << "\"]";
  };
  auto edge_writer = [this](std::ostream& os, BasinEdgeDesc e) {
    const BasinEdge& b = g_[e];
    // Edge label "E_fwd / E_rev" with E_fwd leaving from_min.
    os << "[label=\"" << b.e_fwd << " / " << b.e_rev << "\", transition=" << b.transition_id
       << ", from_min=" << b.from_min << ", species=\"" << b.species << "\"]";
  };
  boost::write_graphviz(out, g_, vertex_writer, edge_writer, boost::default_writer(),
                        boost::get(&BasinVertex::minimum_id, g_));
}

}  // namespace glassland::landscape
