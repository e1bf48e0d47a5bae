// Superbasins by absorbing Markov chains.
//
// A superbasin B is a set of states joined by fast events in both directions
// (the flicker the paper studies). On entering B at state e, KMC leaves B in
// one step: the exit event (s -> x, x outside B) is drawn with its exact
// absorption probability, and the time is drawn from an exponential with the
// exact mean exit time (Novotny, Phys. Rev. Lett. 74, 1 (1995); EON's mcamc).
// With A = diag(R) - K_internal (R_s total escape rate of s, K_internal the
// rates between states of B), the expected number of visits to s starting at
// e is N_es = (A^-1)_es R_s, so
//   mean exit time        tau_e = sum_s (A^-1)_es,
//   P(exit via event x)   = (A^-1)_{e,src(x)} k_x,
//   expected hop sums     = sum_s (A^-1)_es sum_{k internal of s} k_k m_k,
// where m_k is what hop k adds to an estimator (DESIGN.md s.6). All are one
// solve A Y = B with several right-hand sides.
//
// The solve uses Grassmann-Taksar-Heyman elimination (Grassmann, Taksar &
// Heyman, Oper. Res. 33, 1107 (1985)): every pivot is recomputed as the sum of
// the remaining out-flow of its row (to later states and out of B) instead of
// by subtraction, so no cancellation occurs even when exits are 10^15 times
// slower than the flicker inside B.
//
// Displacements stay exact because an atom's position is a function of the
// state: positions inside B are accumulated along a spanning tree of internal
// events and every other internal event is checked against them; the exit
// moves each atom by position(source) - position(entry) + (exit event's move).
// A B whose internal paths disagree (e.g. a closed ring with net displacement)
// or that contains a self-loop is not used.
//
// solveSuperbasin does one basin for both users: buildSuperbasins below (the
// table of an enumerated provider, once per temperature) and the on-the-fly
// superbasins of dynamic_superbasin.cpp (adaptive provider, per trajectory).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <unordered_map>

#include "internal.hpp"

namespace glassland::kmc {

namespace {

struct UnionFind {
  std::vector<StateId> parent;
  explicit UnionFind(StateId n) : parent(static_cast<std::size_t>(n)) {
    std::iota(parent.begin(), parent.end(), 0);
  }
  StateId find(StateId x) {
    while (parent[static_cast<std::size_t>(x)] != x) {
      parent[static_cast<std::size_t>(x)] =
          parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(x)])];
      x = parent[static_cast<std::size_t>(x)];
    }
    return x;
  }
  void unite(StateId a, StateId b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[static_cast<std::size_t>(std::max(a, b))] = std::min(a, b);
  }
};

using DenseDisplacement = std::unordered_map<int, Eigen::Vector3d>;

/// Displacement of every state of the basin from its local state 0, along a
/// BFS tree of its internal events; false when some internal event disagrees
/// with them by more than `tol` (the positions would not be a function of the
/// state) or is a self-loop.
bool positionsAlongBasin(const Superbasin& basin, double tol, std::vector<DenseDisplacement>& position) {
  const auto& events = basin.events;
  const int n = static_cast<int>(basin.states.size());
  auto localOf = [&](StateId s) { return basin.localOf(s); };
  position.assign(static_cast<std::size_t>(n), {});
  std::vector<char> seen(static_cast<std::size_t>(n), 0);
  std::queue<int> queue;
  queue.push(0);
  seen[0] = 1;
  while (!queue.empty()) {
    const int l = queue.front();
    queue.pop();
    for (const auto& event : events[static_cast<std::size_t>(l)]) {
      const int t = localOf(event.target);
      if (t < 0 || seen[static_cast<std::size_t>(t)]) continue;
      seen[static_cast<std::size_t>(t)] = 1;
      auto p = position[static_cast<std::size_t>(l)];
      for (const auto& d : event.displacements) {
        auto [it, inserted] = p.try_emplace(d.atom, Eigen::Vector3d::Zero());
        it->second += d.dr;
      }
      position[static_cast<std::size_t>(t)] = std::move(p);
      queue.push(t);
    }
  }
  for (int l = 0; l < n; ++l) {
    for (const auto& event : events[static_cast<std::size_t>(l)]) {
      const int t = localOf(event.target);
      if (t < 0) continue;
      if (t == l) return false;  // self-loop
      DenseDisplacement mismatch = position[static_cast<std::size_t>(l)];
      for (const auto& d : event.displacements) {
        auto [it, inserted] = mismatch.try_emplace(d.atom, Eigen::Vector3d::Zero());
        it->second += d.dr;
      }
      for (const auto& [atom, dr] : position[static_cast<std::size_t>(t)]) {
        auto [it, inserted] = mismatch.try_emplace(atom, Eigen::Vector3d::Zero());
        it->second -= dr;
      }
      for (const auto& [atom, dr] : mismatch) {
        if (dr.norm() > tol) return false;
      }
    }
  }
  return true;
}

/// Solves A y = b for A = diag(out + sum_t a(s,t)) - a, the generator of the
/// walk inside the basin with absorption at its exits, by the GTH elimination
/// (Grassmann, Taksar & Heyman 1985: no subtractions, so rates spanning many
/// orders of magnitude keep their accuracy). a, out and b are overwritten.
/// False when a set of states cannot leave.
bool solveGth(Eigen::MatrixXd& a, Eigen::VectorXd& out, Eigen::MatrixXd& b, Eigen::MatrixXd& y) {
  const int n = static_cast<int>(a.rows());
  const Eigen::Index ncol = b.cols();
  Eigen::VectorXd pivot(n);
  for (int p = 0; p < n; ++p) {
    double d = out(p);
    for (int t = p + 1; t < n; ++t) d += a(p, t);
    if (!(d > 0.0)) return false;  // the remaining states cannot leave
    pivot(p) = d;
    for (int i = p + 1; i < n; ++i) {
      const double aip = a(i, p);
      if (aip == 0.0) continue;
      const double factor = aip / d;
      for (int t = p + 1; t < n; ++t) {
        if (t != i) a(i, t) += factor * a(p, t);
      }
      out(i) += factor * out(p);
      b.row(i) += factor * b.row(p);
      a(i, p) = 0.0;
    }
  }
  y.resize(n, ncol);
  for (int p = n - 1; p >= 0; --p) {
    Eigen::RowVectorXd row = b.row(p);
    for (int t = p + 1; t < n; ++t) row += a(p, t) * y.row(t);
    y.row(p) = row / pivot(p);
  }
  return true;
}

}  // namespace

int Superbasin::localOf(StateId state) const {
  const auto it = std::lower_bound(states.begin(), states.end(), state);
  return it != states.end() && *it == state ? static_cast<int>(it - states.begin()) : -1;
}

double Superbasin::returnProbability(int local, StateId state) const {
  const auto& list = events[static_cast<std::size_t>(local)];
  const auto& rate = rates[static_cast<std::size_t>(local)];
  double back = 0.0;
  for (std::size_t k = 0; k < list.size(); ++k) {
    if (list[k].target == state) back += rate[k];
  }
  return back / total[static_cast<std::size_t>(local)];
}

bool solveSuperbasin(std::vector<StateId> states_in, std::vector<std::span<const KmcEvent>> events_in,
                     std::vector<std::vector<double>> rates_in, const HopMeasure& measure,
                     const SuperbasinSettings& settings, Superbasin& basin) {
  basin.states = std::move(states_in);
  basin.events = std::move(events_in);
  basin.rates = std::move(rates_in);
  const auto& states = basin.states;
  const auto& events = basin.events;
  const auto& rates = basin.rates;
  const int n = static_cast<int>(states.size());
  const int nstats = superbasinStatCount(measure.nspecies);
  auto localOf = [&](StateId s) { return basin.localOf(s); };
  basin.total.assign(static_cast<std::size_t>(n), 0.0);
  auto& total = basin.total;
  for (int l = 0; l < n; ++l) {
    for (double r : rates[static_cast<std::size_t>(l)]) total[static_cast<std::size_t>(l)] += r;
    if (!(total[static_cast<std::size_t>(l)] > 0.0) || !std::isfinite(total[static_cast<std::size_t>(l)]))
      return false;
  }

  std::vector<DenseDisplacement> position;
  if (!positionsAlongBasin(basin, settings.position_tolerance, position)) return false;

  // Right-hand sides: column 0 time, 1..nstats expected sums, then one per exit.
  basin.exits.clear();
  for (int l = 0; l < n; ++l) {
    const auto& list = events[static_cast<std::size_t>(l)];
    for (std::size_t k = 0; k < list.size(); ++k) {
      if (localOf(list[k].target) < 0)
        basin.exits.push_back({l, states[static_cast<std::size_t>(l)], &list[k]});
    }
  }
  const int nexit = static_cast<int>(basin.exits.size());
  if (nexit == 0) return false;  // a closed set: the walker never leaves
  const int ncol = 1 + nstats + nexit;
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(n, n);  // a(s, t): internal rate s -> t (off-diagonal)
  Eigen::VectorXd out = Eigen::VectorXd::Zero(n);   // rate of leaving B from s
  Eigen::MatrixXd b = Eigen::MatrixXd::Zero(n, ncol);
  const int ns = measure.nspecies;
  for (int l = 0; l < n; ++l) {
    const auto& list = events[static_cast<std::size_t>(l)];
    b(l, 0) = 1.0;
    for (std::size_t k = 0; k < list.size(); ++k) {
      const double r = rates[static_cast<std::size_t>(l)][k];
      const int t = localOf(list[k].target);
      if (t < 0) {
        out(l) += r;
        continue;
      }
      a(l, t) += r;
      b(l, 1) += r;  // one event
      // Back hop: the hop l -> t is undone when the next hop out of t returns to l.
      double back = 0.0;
      const auto& from_t = events[static_cast<std::size_t>(t)];
      for (std::size_t q = 0; q < from_t.size(); ++q) {
        if (from_t[q].target == states[static_cast<std::size_t>(l)])
          back += rates[static_cast<std::size_t>(t)][q];
      }
      b(l, 2) += r * back / total[static_cast<std::size_t>(t)];
      std::vector<double> sums(static_cast<std::size_t>(3 * ns), 0.0);
      measure.add(list[k], r, sums.data(), sums.data() + ns, sums.data() + 2 * ns);
      for (int m = 0; m < 3 * ns; ++m) b(l, 3 + m) += sums[static_cast<std::size_t>(m)];
    }
  }
  for (int x = 0; x < nexit; ++x) {
    const auto& exit = basin.exits[static_cast<std::size_t>(x)];
    const auto& list = events[static_cast<std::size_t>(exit.source_local)];
    const auto k = static_cast<std::size_t>(exit.event - list.data());
    b(exit.source_local, 1 + nstats + x) = rates[static_cast<std::size_t>(exit.source_local)][k];
  }

  Eigen::MatrixXd y;
  if (!solveGth(a, out, b, y)) return false;

  basin.mean_time.resize(static_cast<std::size_t>(n));
  basin.expected.assign(static_cast<std::size_t>(n) * static_cast<std::size_t>(nstats), 0.0);
  basin.exit_cumulative.resize(static_cast<std::size_t>(n) * static_cast<std::size_t>(nexit));
  for (int e = 0; e < n; ++e) {
    basin.mean_time[static_cast<std::size_t>(e)] = y(e, 0);
    for (int m = 0; m < nstats; ++m) basin.expected[static_cast<std::size_t>(e * nstats + m)] = y(e, 1 + m);
    double cumulative = 0.0;
    for (int x = 0; x < nexit; ++x) {
      cumulative += y(e, 1 + nstats + x);
      basin.exit_cumulative[static_cast<std::size_t>(e) * static_cast<std::size_t>(nexit) +
                            static_cast<std::size_t>(x)] = cumulative;
    }
  }
  basin.position.resize(static_cast<std::size_t>(n));
  for (int l = 0; l < n; ++l) {
    auto& sparse = basin.position[static_cast<std::size_t>(l)];
    for (const auto& [atom, dr] : position[static_cast<std::size_t>(l)]) {
      if (dr.squaredNorm() > 0.0) sparse.push_back({atom, dr});
    }
    std::sort(sparse.begin(), sparse.end(), [](const auto& u, const auto& v) { return u.atom < v.atom; });
  }
  return true;
}

std::unique_ptr<SuperbasinTable> buildSuperbasins(const EventProvider& provider, const RateOf& rate,
                                                  const HopMeasure& measure,
                                                  const SuperbasinSettings& settings) {
  const StateId n = provider.stateCount();
  auto table = std::make_unique<SuperbasinTable>();
  table->nstats = superbasinStatCount(measure.nspecies);
  table->basin_of.assign(static_cast<std::size_t>(n), -1);
  table->local_of.assign(static_cast<std::size_t>(n), -1);

  // Join s and t when an event s -> t and an event t -> s are both fast.
  UnionFind sets(n);
  for (StateId s = 0; s < n; ++s) {
    const auto list = provider.events(s, nullptr);
    for (std::size_t k = 0; k < list.size(); ++k) {
      const StateId t = list[k].target;
      if (t == s || rate(s, k) < settings.min_rate) continue;
      const auto back = provider.events(t, nullptr);
      for (std::size_t q = 0; q < back.size(); ++q) {
        if (back[q].target == s && rate(t, q) >= settings.min_rate) {
          sets.unite(s, t);
          break;
        }
      }
    }
  }
  std::unordered_map<StateId, std::vector<StateId>> members;
  for (StateId s = 0; s < n; ++s) members[sets.find(s)].push_back(s);  // each list sorted
  // Deterministic order: by smallest member (the root).
  std::vector<StateId> roots;
  for (const auto& [root, list] : members) {
    if (list.size() >= 2 && static_cast<int>(list.size()) <= settings.max_states) roots.push_back(root);
  }
  std::sort(roots.begin(), roots.end());
  for (StateId root : roots) {
    const auto& states = members[root];
    std::vector<std::span<const KmcEvent>> lists;
    std::vector<std::vector<double>> rates;
    for (StateId s : states) {
      lists.push_back(provider.events(s, nullptr));
      rates.emplace_back(lists.back().size());
      for (std::size_t k = 0; k < lists.back().size(); ++k) rates.back()[k] = rate(s, k);
    }
    Superbasin basin;
    if (!solveSuperbasin(states, std::move(lists), std::move(rates), measure, settings, basin)) continue;
    for (std::size_t l = 0; l < states.size(); ++l)
      table->local_of[static_cast<std::size_t>(states[l])] = static_cast<int>(l);
    const int index = static_cast<int>(table->basins.size());
    for (StateId s : states) table->basin_of[static_cast<std::size_t>(s)] = index;
    table->basins.push_back(std::move(basin));
  }
  return table;
}

}  // namespace glassland::kmc
