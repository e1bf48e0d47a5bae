#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "fixtures.hpp"
#include "glassland/landscape/basin_graph.hpp"
#include "glassland/landscape/event_store.hpp"
#include "glassland/landscape/graph_summary.hpp"

using namespace glassland;
using namespace glassland::landscape;
using glassland::landscape::testing::gridHeader;
using glassland::landscape::testing::TempDir;

namespace {

// A hand-made landscape with known answers (energies in arbitrary units):
//   minima 1..5 connected; 6-7 a second component; 8 alone.
//   1-2 through saddles 1.0 (t10) and 1.8 (t17, parallel), 2-3 at 2.0, 1-3 at 3.0,
//   3-4 at 1.5, 4-5 at 1.2, 1-5 at 2.5, 6-7 at 2.4.
BasinGraph handMade() {
  std::vector<MinimumSummary> minima;
  const std::vector<std::pair<long, double>> e = {{1, 0.0}, {2, 0.5}, {3, -0.2}, {4, 1.0},
                                                  {5, 0.3}, {6, 2.0}, {7, 2.2},  {8, 5.0}};
  for (auto [id, energy] : e) minima.push_back({id, energy, "", 0});
  auto energyOf = [&](long id) {
    for (auto [i, en] : e) {
      if (i == id) return en;
    }
    return 0.0;
  };
  std::vector<TransitionSummary> transitions;
  const std::vector<std::tuple<long, long, long, double, long>> t = {
      {10, 1, 2, 1.0, 0}, {11, 2, 3, 2.0, 1},  {12, 1, 3, 3.0, 0}, {13, 3, 4, 1.5, 1},
      {14, 4, 5, 1.2, 0}, {15, 1, 5, 2.5, -1}, {16, 6, 7, 2.4, 1}, {17, 1, 2, 1.8, 0}};
  for (auto [id, from, to, saddle, atom] : t) {
    TransitionSummary s;
    s.id = id;
    s.from_min = from;
    s.to_min = to;
    s.saddle_energy = saddle;
    s.e_fwd = saddle - energyOf(from);
    s.e_rev = saddle - energyOf(to);
    s.max_displacement_atom = atom;
    s.max_displacement = 0.1 * static_cast<double>(id);
    s.times_found = id - 9;
    transitions.push_back(s);
  }
  // Atom 0 is type 0 ("A"), atom 1 type 1 ("B").
  return BasinGraph::fromRecords(minima, transitions, {0, 1}, {"A", "B"});
}

std::vector<std::vector<MinimumId>> members(const std::vector<Superbasin>& basins) {
  std::vector<std::vector<MinimumId>> out;
  for (const auto& b : basins) out.push_back(b.minima);
  return out;
}

}  // namespace

TEST_CASE("graph: components of the hand-made graph") {
  const BasinGraph g = handMade();
  CHECK(g.numMinima() == 8);
  CHECK(g.numTransitions() == 8);
  const Components c = g.components();
  CHECK(c.count == 3);
  CHECK(c.of.at(1) == c.of.at(5));
  CHECK(c.of.at(3) == c.of.at(4));
  CHECK(c.of.at(6) == c.of.at(7));
  CHECK(c.of.at(1) != c.of.at(6));
  CHECK(c.of.at(8) != c.of.at(6));
  CHECK(c.of.at(8) != c.of.at(1));
  CHECK(c.sizes[static_cast<std::size_t>(c.of.at(1))] == 5);
  CHECK(c.sizes[static_cast<std::size_t>(c.of.at(8))] == 1);
}

TEST_CASE("graph: minimax (lowest highest-saddle) paths") {
  const BasinGraph g = handMade();
  // 1 -> 4: via 2, 3 the highest saddle is 2.0; via 5 it is 2.5; via 1-3 it is 3.0.
  const MinimaxPath p = g.minimaxPath(1, 4);
  REQUIRE(p.found);
  CHECK(p.minima == std::vector<MinimumId>{1, 2, 3, 4});
  CHECK(p.transitions == std::vector<TransitionId>{10, 11, 13});  // t10, not the parallel t17
  CHECK(p.highest_saddle == 2.0);
  CHECK(p.barrier_from_start == 2.0);
  // 1 -> 5: the direct saddle 2.5 loses to the detour whose highest saddle is 2.0.
  const MinimaxPath q = g.minimaxPath(5, 1);
  REQUIRE(q.found);
  CHECK(q.minima == std::vector<MinimumId>{5, 4, 3, 2, 1});
  CHECK(q.highest_saddle == 2.0);
  CHECK(q.barrier_from_start == doctest::Approx(1.7));
  CHECK_FALSE(g.minimaxPath(1, 6).found);
  CHECK(g.minimaxPath(7, 6).transitions == std::vector<TransitionId>{16});
  CHECK(g.minimaxPath(3, 3).minima == std::vector<MinimumId>{3});
  CHECK_THROWS_AS(g.minimaxPath(1, 99), glassland::Error);
}

TEST_CASE("graph: superbasins at a barrier threshold") {
  const BasinGraph g = handMade();
  // max(E_fwd, E_rev) per edge: t10 1.0, t14 0.9, t16 0.4, others >= 1.5.
  CHECK(members(g.superbasins(1.0)) ==
        std::vector<std::vector<MinimumId>>{{3}, {1}, {4, 5}, {2}, {6, 7}, {8}});
  const auto basins = g.superbasins(1.01);
  CHECK(members(basins) == std::vector<std::vector<MinimumId>>{{3}, {1, 2}, {4, 5}, {6, 7}, {8}});
  CHECK(basins[2].lowest == 5);
  CHECK(basins[2].lowest_energy == 0.3);
  CHECK(g.superbasins(0.1).size() == 8);
  CHECK(g.superbasins(100.0).size() == 3);  // = components
}

TEST_CASE("graph: disconnectivity tree") {
  const BasinGraph g = handMade();
  const DisconnectivityTree tree = g.disconnectivity(std::vector<double>{0.0, 1.0, 2.0, 3.0, 5.0});
  std::vector<std::vector<std::vector<MinimumId>>> by_level(5);
  for (const auto& node : tree.nodes) by_level[static_cast<std::size_t>(node.level)].push_back(node.minima);
  using L = std::vector<std::vector<MinimumId>>;
  CHECK(by_level[0] == L{{3}, {1}});
  CHECK(by_level[1] == L{{3}, {1, 2}, {5}, {4}});
  CHECK(by_level[2] == L{{1, 2, 3, 4, 5}, {6}});
  CHECK(by_level[3] == L{{1, 2, 3, 4, 5}, {6, 7}});
  CHECK(by_level[4] == L{{1, 2, 3, 4, 5}, {6, 7}, {8}});
  // Parents: level-0 {1} lies in level-1 {1,2}; level-1 {4} in level-2 {1..5}.
  REQUIRE(tree.nodes.size() == 2 + 4 + 2 + 2 + 3);
  CHECK(tree.nodes[1].minima == std::vector<MinimumId>{1});
  CHECK(tree.nodes[static_cast<std::size_t>(tree.nodes[1].parent)].minima == std::vector<MinimumId>{1, 2});
  CHECK(tree.nodes[5].minima == std::vector<MinimumId>{4});
  CHECK(tree.nodes[static_cast<std::size_t>(tree.nodes[5].parent)].lowest == 3);
  CHECK(tree.nodes[static_cast<std::size_t>(tree.nodes[5].parent)].min_energy == -0.2);
  for (const auto& node : tree.nodes) CHECK((node.parent == -1) == (node.level == 4));
  // The automatic grid ends above every saddle: its top level is the components.
  const DisconnectivityTree automatic = g.disconnectivity(6);
  CHECK(automatic.levels.front() > -0.2);
  CHECK(automatic.levels.back() == 5.0);
  long top = 0;
  for (const auto& node : automatic.nodes) top += node.level == 5;
  CHECK(top == 3);
}

TEST_CASE("graph: GraphML reads back with Boost's reader") {
  const BasinGraph g = handMade();
  std::stringstream buffer;
  g.writeGraphML(buffer);
  // Node ids are the minimum ids (not vertex indices n0, n1, ...).
  for (auto v : boost::make_iterator_range(boost::vertices(g.graph()))) {
    const auto id = g.graph()[v].minimum_id;
    CHECK_MESSAGE(buffer.str().find("<node id=\"" + std::to_string(id) + "\">") != std::string::npos, id);
  }
  CHECK(buffer.str().find("<node id=\"n") == std::string::npos);
  const BasinGraph back = BasinGraph::readGraphML(buffer);
  REQUIRE(back.numMinima() == g.numMinima());
  REQUIRE(back.numTransitions() == g.numTransitions());
  for (auto v : boost::make_iterator_range(boost::vertices(g.graph()))) {
    const auto& a = g.graph()[v];
    CHECK(back.graph()[back.vertex(a.minimum_id)].energy == a.energy);
  }
  std::map<TransitionId, BasinEdge> edges;
  for (auto e : boost::make_iterator_range(boost::edges(back.graph()))) {
    const BasinEdge& b = back.graph()[e];
    // The edge joins the vertices of its own from/to minima.
    const auto ends = std::minmax(back.graph()[boost::source(e, back.graph())].minimum_id,
                                  back.graph()[boost::target(e, back.graph())].minimum_id);
    CHECK(ends == std::minmax(b.from_min, b.to_min));
    edges[b.transition_id] = b;
  }
  for (auto e : boost::make_iterator_range(boost::edges(g.graph()))) {
    const BasinEdge& a = g.graph()[e];
    REQUIRE(edges.count(a.transition_id));
    const BasinEdge& b = edges[a.transition_id];
    CHECK(b.from_min == a.from_min);
    CHECK(b.to_min == a.to_min);
    CHECK(b.saddle_energy == a.saddle_energy);
    CHECK(b.e_fwd == a.e_fwd);  // bit-identical: 17 digits
    CHECK(b.e_rev == a.e_rev);
    CHECK(b.times_found == a.times_found);
    CHECK(b.species == a.species);
    CHECK(b.max_displacement == a.max_displacement);
  }
  std::istringstream garbage("<graphml><graph><node id=");
  CHECK_THROWS_AS(BasinGraph::readGraphML(garbage), InputError);
}

TEST_CASE("graph: GraphML reads back with networkx (python3-networkx)") {
  if (std::system("/usr/bin/python3 -c 'import networkx' > /dev/null 2>&1") != 0) {
    MESSAGE("python3-networkx not importable: skipped");
    return;
  }
  TempDir dir("graphml_nx");
  const BasinGraph g = handMade();
  {
    std::ofstream out(dir.file("g.graphml"));
    g.writeGraphML(out);
  }
  {
    std::ofstream script(dir.file("read.py"));
    script << "import json, sys\n"
              "import networkx as nx\n"
              "g = nx.read_graphml(sys.argv[1])\n"
              "edges = [[d['transition_id'], g.nodes[u]['minimum_id'], g.nodes[v]['minimum_id'],\n"
              "          d['saddle_energy'], d['e_fwd'], d['e_rev'], d['species']]\n"
              "         for u, v, d in g.edges(data=True)]\n"
              "ids_ok = all(n == str(g.nodes[n]['minimum_id']) for n in g.nodes)\n"
              "json.dump({'nodes': g.number_of_nodes(), 'edges': g.number_of_edges(), 'ids_ok': ids_ok,\n"
              "           'components': nx.number_connected_components(g),\n"
              "           'list': sorted(edges)}, open(sys.argv[2], 'w'), indent=0)\n";
  }
  const std::string command =
      "/usr/bin/python3 " + dir.file("read.py") + " " + dir.file("g.graphml") + " " + dir.file("out.json");
  REQUIRE(std::system(command.c_str()) == 0);
  std::ifstream in(dir.file("out.json"));
  const nlohmann::json result = nlohmann::json::parse(in);
  CHECK(result["nodes"] == 8);
  CHECK(result["edges"] == 8);
  CHECK(result["components"] == 3);
  CHECK(result["ids_ok"] == true);  // node ids are the minimum ids
  std::map<TransitionId, BasinEdge> edges;
  for (auto e : boost::make_iterator_range(boost::edges(g.graph())))
    edges[g.graph()[e].transition_id] = g.graph()[e];
  REQUIRE(result["list"].size() == 8);
  for (const auto& row : result["list"]) {
    const BasinEdge& a = edges.at(row[0].get<long>());
    const long u = row[1].get<long>(), v = row[2].get<long>();
    CHECK(std::minmax(u, v) == std::minmax(a.from_min, a.to_min));
    CHECK(row[3].get<double>() == a.saddle_energy);
    CHECK(row[4].get<double>() == a.e_fwd);
    CHECK(row[5].get<double>() == a.e_rev);
    CHECK(row[6].get<std::string>() == a.species);
  }
}

TEST_CASE("graph: DOT export lists every minimum and transition") {
  const BasinGraph g = handMade();
  std::ostringstream out;
  g.writeDot(out);
  const std::string dot = out.str();
  CHECK(dot.find("graph G {") != std::string::npos);
  CHECK(dot.find("8[label=\"8\\n5\"]") != std::string::npos);
  CHECK(dot.find("6--7 [label=\"0.4 / 0.2\", transition=16") != std::string::npos);
  long edges = 0;
  for (std::size_t at = dot.find("--"); at != std::string::npos; at = dot.find("--", at + 2)) ++edges;
  CHECK(edges == 8);
}

TEST_CASE("graph: built from a store, species of the most displaced atom") {
  TempDir dir("graph_store");
  const StoreHeader header = gridHeader(2);  // atom k has type k % 2: A, B, A, B, ...
  const Positions& root = header.root.positions;
  auto store = EventStore::openOrCreate(dir.file("l.db"), header);
  auto with = [&](int atom, double dx, int atom2, double dx2) {
    Positions p = root;
    p(0, atom) += dx;
    p(1, atom2) += dx2;
    return p;
  };
  FoundTransition t;
  t.energy_a = -3.0;
  t.positions_a = root;
  t.saddle_energy = -2.0;
  t.saddle_positions = with(3, 0.3, 2, 0.1);
  t.energy_b = -2.5;
  t.positions_b = with(3, 0.6, 2, 0.2);  // atom 3 (B) moves most
  store.insertSearchResult({0, 1, 3, "artn", "converged", 10, 0.1, {}}, t);
  t.energy_a = -2.5;
  t.positions_a = with(3, 0.6, 2, 0.2);
  t.saddle_energy = -1.0;
  t.saddle_positions = with(3, 0.6, 4, 0.4);
  t.energy_b = -2.8;
  t.positions_b = with(3, 0.6, 4, 0.8);  // atom 2 moves back 0.2, atom 4 (A) moves 0.8
  store.insertSearchResult({1, 2, 4, "artn", "converged", 10, 0.1, {}}, t);
  const BasinGraph g = BasinGraph::fromStore(store);
  CHECK(g.numMinima() == 3);
  CHECK(g.numTransitions() == 2);
  std::map<std::string, int> species;
  for (auto e : boost::make_iterator_range(boost::edges(g.graph()))) ++species[g.graph()[e].species];
  CHECK(species == std::map<std::string, int>{{"A", 1}, {"B", 1}});
  const GraphSummary summary = summarize(g);
  CHECK(summary.components == 1);
  CHECK(summary.by_species.at("B").e_fwd.median == doctest::Approx(1.0));
  CHECK(summary.by_species.at("B").e_rev.median == doctest::Approx(0.5));
  CHECK(summary.by_species.at("A").e_fwd.median == doctest::Approx(1.5));
  CHECK(summary.by_species.at("A").delta_e.median == doctest::Approx(-0.3));
  const nlohmann::json json = graphJson(g);
  CHECK(json["minima"].size() == 3);
  CHECK(json["transitions"].size() == 2);
  CHECK(json["components"]["count"] == 1);
  CHECK(json["statistics"]["by_species"]["A"]["e_fwd"]["count"] == 1);
}

TEST_CASE("graph: summary statistics (numpy's linear quartiles)") {
  // numpy.percentile([1, 2, 3, 4], [25, 50, 75]) = 1.75, 2.5, 3.25
  const SampleStats s = SampleStats::of({4.0, 1.0, 3.0, 2.0});
  CHECK(s.count == 4);
  CHECK(s.mean == 2.5);
  CHECK(s.q1 == 1.75);
  CHECK(s.median == 2.5);
  CHECK(s.q3 == 3.25);
  CHECK(s.min == 1.0);
  CHECK(s.max == 4.0);
  // numpy.percentile([0, 10, 30], [25, 50, 75]) = 5, 10, 20
  const SampleStats t = SampleStats::of({30.0, 0.0, 10.0});
  CHECK(t.q1 == 5.0);
  CHECK(t.median == 10.0);
  CHECK(t.q3 == 20.0);
  CHECK(std::isnan(SampleStats::of({}).median));
  CHECK(toJson(SampleStats::of({}))["median"].is_null());

  const GraphSummary summary = summarize(handMade());
  CHECK(summary.minima == 8);
  CHECK(summary.transitions == 8);
  CHECK(summary.components == 3);
  CHECK(summary.largest_component == 5);
  CHECK(summary.all.transitions == 8);
  CHECK(summary.all.times_found == 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8);
  // Species: atom 0 -> A (t10, t12, t14, t17), atom 1 -> B (t11, t13, t16), none (t15).
  CHECK(summary.by_species.at("A").transitions == 4);
  CHECK(summary.by_species.at("B").transitions == 3);
  CHECK(summary.by_species.at("none").transitions == 1);
  // E_fwd of A: t10 1.0, t12 3.0, t14 0.2, t17 1.8 -> sorted 0.2 1.0 1.8 3.0.
  CHECK(summary.by_species.at("A").e_fwd.median == doctest::Approx(1.4));
  CHECK(summary.by_species.at("A").e_fwd.q1 == doctest::Approx(0.8));
}
