#include "glassland/report/asymmetry.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "glassland/core/error.hpp"
#include "glassland/landscape/basin_graph.hpp"
#include "glassland/landscape/event_store.hpp"
#include "glassland/report/report.hpp"

namespace glassland::report {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

std::vector<TransitionRecord> transitionRecords(const std::vector<landscape::TransitionSummary>& transitions,
                                                const std::vector<int>& types,
                                                const std::vector<std::string>& species,
                                                const std::vector<long>& ids) {
  std::vector<TransitionRecord> records;
  records.reserve(transitions.size());
  for (const auto& t : transitions) {
    TransitionRecord r;
    r.id = t.id;
    r.from = t.from_min;
    r.to = t.to_min;
    r.saddle_energy = t.saddle_energy;
    r.e_fwd = t.e_fwd;
    r.e_rev = t.e_rev;
    r.prefactor_fwd = t.prefactor_fwd.value_or(kNaN);
    r.prefactor_rev = t.prefactor_rev.value_or(kNaN);
    r.max_displacement = t.max_displacement;
    r.max_displacement_atom = t.max_displacement_atom;
    const long atom = t.max_displacement_atom;
    if (atom >= 0) {
      r.max_displacement_atom_id =
          ids.empty() ? atom + 1 : (static_cast<std::size_t>(atom) < ids.size() ? ids[atom] : -1);
    }
    r.species = landscape::speciesOf(t.max_displacement_atom, types, species);
    records.push_back(std::move(r));
  }
  return records;
}

std::vector<TransitionRecord> transitionRecords(const landscape::EventStore& store) {
  const Structure& root = store.root();
  auto records = transitionRecords(store.transitions(), root.types, root.species, root.ids);
  if (!hasFreeSurface(root.cell)) return records;
  // Depth in the start minimum's own positions (the surfaces are where its
  // atoms end); positions are read once per distinct start minimum.
  std::map<long, Positions> positions;
  for (auto& r : records) {
    if (r.max_displacement_atom < 0) continue;
    auto it = positions.find(r.from);
    if (it == positions.end()) it = positions.emplace(r.from, store.minimumPositions(r.from)).first;
    r.depth = surfaceDepth(root.cell, it->second, r.max_displacement_atom);
  }
  return records;
}

bool hasFreeSurface(const Cell& cell) { return !cell.periodic(0) || !cell.periodic(1) || !cell.periodic(2); }

double surfaceDepth(const Cell& cell, const Positions& positions, long atom) {
  if (atom < 0 || atom >= positions.cols()) throw Error("surfaceDepth: atom index out of range");
  double depth = kNaN;
  for (int d = 0; d < 3; ++d) {
    if (cell.periodic(d)) continue;
    // The free surfaces are where the atoms end, not the cell faces: a slab's
    // box normally carries vacuum above and below it.
    const double lo = positions.row(d).minCoeff();
    const double hi = positions.row(d).maxCoeff();
    const double x = positions(d, atom);
    const double here = std::min(x - lo, hi - x);
    depth = std::isnan(depth) ? here : std::min(depth, here);
  }
  return depth;
}

long Histogram::total() const {
  long n = 0;
  for (long c : counts) n += c;
  return n;
}

Histogram histogram(const std::vector<double>& values, double lo, double width, int bins) {
  if (bins < 1 || !(width > 0.0)) throw Error("histogram: needs bins >= 1 and width > 0");
  Histogram h;
  h.lo = lo;
  h.width = width;
  h.counts.assign(static_cast<std::size_t>(bins), 0);
  const double hi = lo + bins * width;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    if (v < lo) {
      ++h.underflow;
    } else if (v > hi) {
      ++h.overflow;
    } else {
      const int k = std::min(bins - 1, static_cast<int>(std::floor((v - lo) / width)));
      ++h.counts[static_cast<std::size_t>(k)];
    }
  }
  return h;
}

Histogram niceBins(const std::vector<double>& values, int bins) {
  if (bins < 1) throw Error("niceBins: needs bins >= 1");
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (!(lo <= hi)) {
    lo = 0.0;
    hi = 1.0;
  } else if (hi - lo < 1e-12 * std::max(1.0, std::abs(lo))) {
    lo -= 0.5;
    hi += 0.5;
  }
  // Round the width up to 1, 2, 2.5 or 5 x 10^k so bin edges read well on an axis.
  const double raw = (hi - lo) / bins;
  const double decade = std::pow(10.0, std::floor(std::log10(raw)));
  double width = 10.0 * decade;
  for (double m : {1.0, 2.0, 2.5, 5.0}) {
    if (m * decade >= raw * (1.0 - 1e-12)) {
      width = m * decade;
      break;
    }
  }
  Histogram h;
  h.width = width;
  h.lo = std::floor(lo / width) * width;
  int n = static_cast<int>(std::ceil((hi - h.lo) / width - 1e-9));
  n = std::max(n, 1);
  h.counts.assign(static_cast<std::size_t>(n), 0);
  return h;
}

std::vector<std::vector<double>> backHopProbabilities(const std::vector<TransitionRecord>& records,
                                                      const AsymmetryOptions& options) {
  // Exits of each minimum: (barrier leaving it, prefactor, minimum reached).
  struct Exit {
    double barrier, prefactor;
    long target;
  };
  auto nu = [&](double p) { return std::isfinite(p) && p > 0.0 ? p : options.prefactor; };
  std::unordered_map<long, std::vector<Exit>> exits;
  for (const auto& r : records) {
    exits[r.from].push_back({r.e_fwd, nu(r.prefactor_fwd), r.to});
    exits[r.to].push_back({r.e_rev, nu(r.prefactor_rev), r.from});
  }
  std::vector<std::vector<double>> p(options.temperatures.size(), std::vector<double>(records.size(), kNaN));
  for (std::size_t t = 0; t < options.temperatures.size(); ++t) {
    const double temperature = options.temperatures[t];
    if (!(temperature > 0.0)) throw Error("backHopProbabilities: temperatures must be positive");
    const double beta = 1.0 / (options.boltzmann * temperature);
    for (std::size_t r = 0; r < records.size(); ++r) {
      const auto& rec = records[r];
      const auto& out = exits.at(rec.to);
      // Rates relative to the fastest exit of j: k_m / k_ref = (nu_m / nu_ref)
      // exp(-beta (E_m - E_ref)), every term <= a modest bound, no underflow of the sum.
      double ref = std::numeric_limits<double>::infinity();
      for (const auto& e : out) ref = std::min(ref, e.barrier - std::log(e.prefactor) / beta);
      double back = 0.0, total = 0.0;
      for (const auto& e : out) {
        const double k = std::exp(-beta * (e.barrier - std::log(e.prefactor) / beta - ref));
        total += k;
        if (e.target == rec.from) back += k;
      }
      p[t][r] = back / total;
    }
  }
  return p;
}

namespace {

/// Statistics of the records at `members` (indices into the record list).
GroupStats groupStats(const std::string& name, const std::string& kind,
                      const std::vector<std::size_t>& members, const std::vector<TransitionRecord>& records,
                      const AsymmetryReport& report, const Histogram& fwd_bins, const Histogram& rev_bins,
                      const Histogram& delta_bins, int bins) {
  GroupStats g;
  g.name = name;
  g.kind = kind;
  g.transitions = static_cast<long>(members.size());
  std::vector<double> fwd, rev, delta;
  for (std::size_t i : members) {
    fwd.push_back(records[i].e_fwd);
    rev.push_back(records[i].e_rev);
    delta.push_back(records[i].deltaE());
    if (report.only_reverse[i]) ++g.only_reverse;
  }
  g.e_fwd = landscape::SampleStats::of(fwd);
  g.e_rev = landscape::SampleStats::of(rev);
  g.delta_e = landscape::SampleStats::of(delta);
  g.h_fwd = histogram(fwd, fwd_bins.lo, fwd_bins.width, fwd_bins.bins());
  g.h_rev = histogram(rev, rev_bins.lo, rev_bins.width, rev_bins.bins());
  g.h_delta = histogram(delta, delta_bins.lo, delta_bins.width, delta_bins.bins());
  for (std::size_t t = 0; t < report.temperatures.size(); ++t) {
    PBackStats s;
    s.temperature = report.temperatures[t];
    std::vector<double> values;
    for (std::size_t i : members) {
      values.push_back(report.p_back[t][i]);
      if (report.p_back[t][i] > 0.5) ++s.above_half;
    }
    s.stats = landscape::SampleStats::of(values);
    s.histogram = histogram(values, 0.0, 1.0 / bins, bins);
    g.p_back.push_back(std::move(s));
  }
  return g;
}

}  // namespace

AsymmetryReport analyzeAsymmetry(const std::vector<TransitionRecord>& records,
                                 const AsymmetryOptions& options) {
  if (options.histogram_bins < 1) throw Error("analyzeAsymmetry: histogram_bins must be >= 1");
  if (!(options.depth_bin > 0.0)) throw Error("analyzeAsymmetry: depth_bin must be > 0");
  if (!(options.prefactor > 0.0)) throw Error("analyzeAsymmetry: prefactor must be > 0");
  AsymmetryReport report;
  report.temperatures = options.temperatures;
  report.p_back = backHopProbabilities(records, options);

  // Ends whose every known exit returns to one single minimum: p_back = 1 is
  // then a statement about how little of the landscape around j is known.
  std::unordered_map<long, std::set<long>> targets;
  for (const auto& r : records) {
    targets[r.from].insert(r.to);
    targets[r.to].insert(r.from);
  }
  report.only_reverse.resize(records.size());
  std::set<long> ends, ends_only;
  for (std::size_t i = 0; i < records.size(); ++i) {
    report.only_reverse[i] = targets.at(records[i].to).size() == 1;
    ends.insert(records[i].to);
    if (report.only_reverse[i]) ends_only.insert(records[i].to);
  }
  report.end_minima = static_cast<long>(ends.size());
  report.end_minima_only_reverse = static_cast<long>(ends_only.size());

  // Common bins for every group, so the species and depth histograms overlay.
  std::vector<double> fwd, rev, delta;
  for (const auto& r : records) {
    fwd.push_back(r.e_fwd);
    rev.push_back(r.e_rev);
    delta.push_back(r.deltaE());
  }
  const int bins = options.histogram_bins;
  std::vector<double> barriers = fwd;
  barriers.insert(barriers.end(), rev.begin(), rev.end());
  const Histogram barrier_bins = niceBins(barriers, bins);  // E_fwd and E_rev share bins: they are compared
  const Histogram delta_bins = niceBins(delta, bins);

  auto make = [&](const std::string& name, const std::string& kind, const std::vector<std::size_t>& members) {
    return groupStats(name, kind, members, records, report, barrier_bins, barrier_bins, delta_bins, bins);
  };
  std::vector<std::size_t> everyone(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) everyone[i] = i;
  report.all = make("all", "all", everyone);

  std::map<std::string, std::vector<std::size_t>> by_species;
  std::map<long, std::vector<std::size_t>> by_depth;
  for (std::size_t i = 0; i < records.size(); ++i) {
    by_species[records[i].species].push_back(i);
    if (std::isfinite(records[i].depth)) {
      by_depth[static_cast<long>(std::floor(records[i].depth / options.depth_bin))].push_back(i);
    }
  }
  for (const auto& [name, members] : by_species) report.by_species.push_back(make(name, "species", members));
  for (const auto& [bin, members] : by_depth) {
    const double lo = bin * options.depth_bin, hi = (bin + 1) * options.depth_bin;
    char name[64];
    std::snprintf(name, sizeof name, "depth [%g, %g)", lo, hi);
    GroupStats g = make(name, "depth", members);
    g.depth_lo = lo;
    g.depth_hi = hi;
    report.by_depth.push_back(std::move(g));
  }
  return report;
}

}  // namespace glassland::report
