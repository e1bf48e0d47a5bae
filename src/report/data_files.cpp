// The data files of OUTPUT/report/: CSV tables, landscape.graphml, and the
// saddles and minima as extended XYZ.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "glassland/core/files.hpp"
#include "glassland/io/extxyz.hpp"
#include "glassland/report/csv.hpp"
#include "writer.hpp"

namespace glassland::report {

void ReportWriter::writeCsvFiles() {
  writeFile("transitions.csv", toCsv(transitionsTable(in_.transitions)));

  CsvTable p;
  p.header = {"id", "from", "to", "temperature", "p_back", "only_reverse"};
  for (std::size_t t = 0; t < asym_.temperatures.size(); ++t) {
    for (std::size_t r = 0; r < in_.transitions.size(); ++r) {
      const auto& rec = in_.transitions[r];
      p.rows.push_back({std::to_string(rec.id), std::to_string(rec.from), std::to_string(rec.to),
                        csvNumber(asym_.temperatures[t]), csvNumber(asym_.p_back[t][r]),
                        asym_.only_reverse[r] ? "1" : "0"});
    }
  }
  writeFile("p_back.csv", toCsv(p));

  // One row per group, quantity and (for p_back) temperature.
  CsvTable a;
  a.header = {"group", "kind", "quantity", "temperature", "count", "mean",
              "min",   "q1",   "median",   "q3",          "max"};
  auto add = [&](const GroupStats& g, const std::string& quantity, double temperature,
                 const landscape::SampleStats& s) {
    a.rows.push_back({g.name, g.kind, quantity, csvNumber(temperature), std::to_string(s.count),
                      csvNumber(s.mean), csvNumber(s.min), csvNumber(s.q1), csvNumber(s.median),
                      csvNumber(s.q3), csvNumber(s.max)});
  };
  std::vector<const GroupStats*> groups = {&asym_.all};
  for (const auto& g : asym_.by_species) groups.push_back(&g);
  for (const auto& g : asym_.by_depth) groups.push_back(&g);
  for (const GroupStats* g : groups) {
    add(*g, "e_fwd", kNaN, g->e_fwd);
    add(*g, "e_rev", kNaN, g->e_rev);
    add(*g, "delta_e", kNaN, g->delta_e);
    for (const auto& s : g->p_back) add(*g, "p_back", s.temperature, s.stats);
  }
  writeFile("asymmetry.csv", toCsv(a));

  writeKmcCsvFiles();
}

/// kmc.csv and arrhenius.csv, when there are KMC results.
void ReportWriter::writeKmcCsvFiles() {
  if (!in_.kmc) return;
  const auto& k = *in_.kmc;
  CsvTable kmc;
  kmc.header = {"species", "temperature",       "D",        "D_err", "D_rw", "D_rw_err", "f",
                "f_err",   "back_hop_fraction", "diffusive"};
  for (const auto& s : k.species) {
    for (std::size_t t = 0; t < k.temperatures.size(); ++t) {
      const auto& q = s.points[t];
      kmc.rows.push_back({s.name, csvNumber(k.temperatures[t]), csvNumber(q.D), csvNumber(q.D_err),
                          csvNumber(q.D_rw), csvNumber(q.D_rw_err), csvNumber(q.f), csvNumber(q.f_err),
                          csvNumber(t < k.back_hop_fraction.size() ? k.back_hop_fraction[t] : kNaN),
                          q.diffusive < 0 ? ""
                          : q.diffusive   ? "true"
                                          : "false"});
    }
  }
  writeFile("kmc.csv", toCsv(kmc));
  CsvTable arr;
  arr.header = {"species",       "quantity",     "E",           "E_err", "prefactor",
                "prefactor_err", "chi2_per_dof", "not_measured"};
  for (const auto& s : k.species) {
    if (!s.has_fit) continue;
    for (const auto& [name, e] : {std::pair{"D", s.D}, std::pair{"D_rw", s.rw}, std::pair{"f", s.f}}) {
      arr.rows.push_back({s.name, name, csvNumber(e.E), csvNumber(e.E_err), csvNumber(e.prefactor),
                          csvNumber(e.prefactor_err), csvNumber(e.chi2_per_dof), s.not_measured});
    }
  }
  writeFile("arrhenius.csv", toCsv(arr));
}

void ReportWriter::writeStructures() {
  const auto& store = *in_.store;
  const Structure& root = store.root();
  // Not graph.graphml: the graph stage's file is the store after explore, this
  // one the store at report time (with the states KMC searched). One name per kind.
  const auto graph = landscape::BasinGraph::fromStore(store);
  writeFileAtomically(dir_ / "landscape.graphml", [&](std::ostream& out) { graph.writeGraphML(out); });
  if (graph.numMinima() >= 1) tree_ = graph.disconnectivity(std::max(2, in_.disconnectivity_levels));
  result_.files.push_back("report/landscape.graphml");
  if (options_.max_frames <= 0) return;

  // Displacement columns for OVITO: disp:R:3 (vector) and dispmag:R:1, under
  // minimum image so that an atom crossing a periodic face moves a short way.
  auto columns = [&](const Positions& to, const Positions& from) {
    Eigen::MatrixXd d(3, to.cols()), m(1, to.cols());
    for (Eigen::Index i = 0; i < to.cols(); ++i) {
      const Eigen::Vector3d v = root.cell.minimumImage(to.col(i) - from.col(i));
      d.col(i) = v;
      m(0, i) = v.norm();
    }
    return std::vector<io::AtomColumn>{{"disp", d}, {"dispmag", m}};
  };

  // The transitions of lowest forward barrier: the events KMC runs most often.
  std::vector<std::size_t> order(in_.transitions.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return in_.transitions[a].e_fwd < in_.transitions[b].e_fwd;
  });
  order.resize(std::min(order.size(), static_cast<std::size_t>(options_.max_frames)));
  std::string saddles;
  for (std::size_t i : order) {
    const auto& r = in_.transitions[i];
    Structure s = root;
    s.positions = store.saddlePositions(r.id);
    const Positions a = store.minimumPositions(r.from);
    saddles += io::extxyzFrame(s, columns(s.positions, a),
                               {{"transition_id", std::to_string(r.id)},
                                {"from_min", std::to_string(r.from)},
                                {"to_min", std::to_string(r.to)},
                                {"saddle_energy", csvNumber(r.saddle_energy)},
                                {"e_fwd", csvNumber(r.e_fwd)},
                                {"e_rev", csvNumber(r.e_rev)},
                                {"species", r.species},
                                {"max_displacement_atom", std::to_string(r.max_displacement_atom_id)}});
  }
  if (!saddles.empty()) writeFile("saddles.xyz", saddles);

  auto minima = in_.minima;
  std::stable_sort(minima.begin(), minima.end(),
                   [](const auto& a, const auto& b) { return a.energy < b.energy; });
  minima.resize(std::min(minima.size(), static_cast<std::size_t>(options_.max_frames)));
  std::string frames;
  for (const auto& m : minima) {
    Structure s = root;
    s.positions = store.minimumPositions(m.id);
    frames += io::extxyzFrame(s, columns(s.positions, root.positions),
                              {{"minimum_id", std::to_string(m.id)}, {"energy", csvNumber(m.energy)}});
  }
  if (!frames.empty()) writeFile("minima.xyz", frames);
}

}  // namespace glassland::report
