// Saddle-search campaign statistics on a glass (a timing and counting program,
// not a Google Benchmark: one campaign is many seconds). Usage:
//   bench_saddle DATA [key=value ...]
// keys: method=artn|dimer, searches=N, threads=T, seed=S, replicate=R (R x R x R
// copies of the box, relaxed again: N = 1000 -> 8000 with R = 2), active_radius,
// push_radius, push_norm, full_relax=0|1, shift=force|energy, first=K (skip
// searches below K, to time a subset), trace=1 (print every outer iteration;
// with threads=1), verbose=1 (one line per search),  yaml='{key: value, ...}' (any key of
// the explore: section, applied first).
// Prints outcome counts, success rate (Converged = first order and connected to
// the start), median force calls (search alone and total) and wall time per search.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <numeric>
#include <string>

#include "glassland/explore/explorer.hpp"
#include "glassland/io/io.hpp"
#include "glassland/optimize/energy_objective.hpp"
#include "glassland/potential/lennard_jones.hpp"

using namespace glassland;

namespace {

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size();
  return m % 2 ? v[m / 2] : 0.5 * (v[m / 2 - 1] + v[m / 2]);
}

Structure replicate(const Structure& s, int r) {
  if (r == 1) return s;
  Structure out = s;
  const Eigen::Vector3d l(s.cell.lx(), s.cell.ly(), s.cell.lz());
  out.cell = Cell::orthorhombic(s.cell.lo(), s.cell.lo() + r * l);
  out.positions.resize(3, static_cast<Eigen::Index>(s.size()) * r * r * r);
  out.types.clear();
  out.ids.clear();
  Eigen::Index c = 0;
  for (int a = 0; a < r; ++a)
    for (int b = 0; b < r; ++b)
      for (int d = 0; d < r; ++d)
        for (int i = 0; i < s.size(); ++i) {
          out.positions.col(c) = s.positions.col(i) + Eigen::Vector3d(a * l(0), b * l(1), d * l(2));
          out.types.push_back(s.types[static_cast<std::size_t>(i)]);
          out.ids.push_back(++c);
        }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_saddle DATA [key=value ...]\n");
    return 2;
  }
  std::map<std::string, std::string> kv;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    const auto eq = a.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "bad argument %s\n", a.c_str());
      return 2;
    }
    kv[a.substr(0, eq)] = a.substr(eq + 1);
  }
  auto get = [&](const std::string& k, const std::string& d) { return kv.count(k) ? kv[k] : d; };

  const LjShift shift = get("shift", "force") == "force" ? LjShift::Force : LjShift::Energy;
  const LennardJones potential(LennardJonesOptions::kobAndersen({"A", "B"}, shift));
  Structure s = replicate(io::readStructure(argv[1], {"A", "B"}), std::stoi(get("replicate", "1")));
  MinimizeOptions mo;
  mo.method = MinimizeMethod::Lbfgs;
  mo.fmax = 1e-8;
  const MinimizeResult m = relax(potential, s, mo);
  std::printf("N = %d, start energy %.10f (per atom %.10f), relax fmax %.2e\n", s.size(), m.value,
              m.value / s.size(), m.fmax);

  // yaml='{...}': any keys of the explore: section (ExploreOptions::fromYaml).
  OptionsReader reader(YAML::Load(get("yaml", "{}")), "explore", "command line");
  ExploreOptions o = ExploreOptions::fromYaml(reader);
  o.search.saddle.method = parseMethod(get("method", "artn"));
  o.searches = std::stol(get("searches", "100"));
  o.threads = std::stoi(get("threads", "1"));
  o.seed = std::stoull(get("seed", "1"));
  o.search.active_radius = std::stod(get("active_radius", std::to_string(o.search.active_radius)));
  o.search.push_radius = std::stod(get("push_radius", std::to_string(o.search.push_radius)));
  o.search.push_norm = std::stod(get("push_norm", std::to_string(o.search.push_norm)));
  o.search.full_relax = get("full_relax", "1") == "1";
  if (get("trace", "0") == "1")
    o.search.saddle.trace = [first = Eigen::VectorXd()](const SaddleTraceStep& t) mutable {
      // Displacement since the first traced point: norm, largest atom, participation ratio.
      if (first.size() != t.x->size()) first = *t.x;
      const Eigen::VectorXd d = *t.x - first;
      double s2 = 0, s4 = 0, big = 0;
      for (Eigen::Index i = 0; i + 2 < d.size(); i += 3) {
        const double a2 = d.segment<3>(i).squaredNorm();
        s2 += a2;
        s4 += a2 * a2;
        big = std::max(big, std::sqrt(a2));
      }
      const double pr = s4 > 0 ? s2 * s2 / (static_cast<double>(d.size() / 3) * s4) : 0.0;
      std::printf(
          "  %-8s it %3d calls %5ld E %10.4f fmax %9.2e lambda %9.3f (%d) |dx| %.3f max %.3f PR %.3f\n",
          t.phase, t.iteration, t.force_calls, t.value, t.fmax, t.eigenvalue, t.mode_iterations,
          std::sqrt(s2), big, pr);
    };
  std::set<long> skip;
  for (long k = 0; k < std::stol(get("first", "0")); ++k) skip.insert(k);
  o.searches += static_cast<long>(skip.size());

  const bool verbose = get("verbose", "0") == "1";
  std::vector<double> calls_search, calls_total, wall;
  // Converged searches: the calls of the pushes before the last, and of the last one's phases.
  std::vector<double> calls_earlier, calls_activation, calls_convergence, calls_refinement, pushes;
  std::vector<double> wall_all;
  // Every push of every search, by how it ended: count and mean calls of each phase.
  struct PushTally {
    long count = 0;
    double activation = 0, convergence = 0, refinement = 0;
  };
  std::map<SearchOutcome, PushTally> by_push_outcome;
  const ExploreSummary sum =
      Explorer(s, m.value, potential, o)
          .run(
              [&](const SearchResult& r) {
                wall_all.push_back(r.wall_seconds);
                for (const PushRecord& p : r.pushes) {
                  PushTally& t = by_push_outcome[p.outcome];
                  ++t.count;
                  t.activation += static_cast<double>(p.activation_force_calls);
                  t.convergence += static_cast<double>(p.convergence_force_calls);
                  t.refinement += static_cast<double>(p.refinement_force_calls);
                }
                const PushRecord last = r.pushes.empty() ? PushRecord{} : r.pushes.back();
                const long earlier = r.saddle_force_calls - last.forceCalls();
                if (verbose)
                  std::printf(
                      "search %ld centre %d %s calls %ld/%ld (pushes %zu: earlier %ld, activation %ld, "
                      "convergence %ld, refinement %ld) barrier %.4f (%s)\n",
                      r.index, r.centre, std::string(outcomeName(r.outcome)).c_str(), r.saddle_force_calls,
                      r.force_calls, r.pushes.size(), earlier, last.activation_force_calls,
                      last.convergence_force_calls, last.refinement_force_calls, r.barrier_forward,
                      r.message.c_str());
                if (r.outcome != SearchOutcome::Converged) return;
                calls_search.push_back(static_cast<double>(r.saddle_force_calls));
                calls_earlier.push_back(static_cast<double>(earlier));
                calls_activation.push_back(static_cast<double>(last.activation_force_calls));
                calls_convergence.push_back(static_cast<double>(last.convergence_force_calls));
                calls_refinement.push_back(static_cast<double>(last.refinement_force_calls));
                pushes.push_back(static_cast<double>(r.pushes.size()));
                calls_total.push_back(static_cast<double>(r.force_calls));
                wall.push_back(r.wall_seconds);
              },
              {}, skip);
  std::printf("method %s, searches %ld, threads %d, active_radius %.2f, full_relax %d\n",
              std::string(methodName(o.search.saddle.method)).c_str(), sum.searches, sum.threads,
              o.search.active_radius, static_cast<int>(o.search.full_relax));
  for (SearchOutcome out : kAllOutcomes)
    std::printf("  %-22s %ld\n", std::string(outcomeName(out)).c_str(), sum.count(out));
  std::printf("success rate %.3f, unique saddles %ld\n", sum.success_rate, sum.unique_saddles);
  std::printf("median force calls per converged search: %.0f to the saddle, %.0f in all\n",
              median(calls_search), median(calls_total));
  std::printf(
      "  of which (medians over converged searches): earlier pushes %.0f, last push: activation %.0f, "
      "convergence %.0f, refinement %.0f; pushes %.0f (mean %.2f)\n",
      median(calls_earlier), median(calls_activation), median(calls_convergence), median(calls_refinement),
      median(pushes),
      pushes.empty() ? 0.0 : std::accumulate(pushes.begin(), pushes.end(), 0.0) / pushes.size());
  std::printf(
      "pushes by outcome (all searches): count, mean force calls of activation / convergence / "
      "refinement, share of all calls\n");
  double all_calls = 0;
  for (const auto& [out, t] : by_push_outcome) all_calls += t.activation + t.convergence + t.refinement;
  for (const auto& [out, t] : by_push_outcome)
    std::printf("  %-22s %5ld  %6.0f / %6.0f / %6.0f  %5.1f %%\n", std::string(outcomeName(out)).c_str(),
                t.count, t.activation / t.count, t.convergence / t.count, t.refinement / t.count,
                100.0 * (t.activation + t.convergence + t.refinement) / all_calls);
  std::printf("median wall per search %.4f s (converged %.4f s); campaign wall %.2f s\n", median(wall_all),
              median(wall), sum.wall_seconds);
  return 0;
}
