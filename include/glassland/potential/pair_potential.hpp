#pragma once
/// \file
/// The shared loop of pair potentials: a half Verlet list, Newton's third law,
/// and a per-type-pair coefficient table. A pair potential supplies a small
/// *interaction* struct (HOOMD's evaluator idea); the loop is a template over it,
/// so the inner loop has no virtual call and no std::function.
///
/// An interaction `I` provides
///   - `using Coeff = ...;` with a member `double cutsq` (squared cutoff),
///   - `static double energy(double r2, const Coeff& c)`,
///   - `static double energyForce(double r2, const Coeff& c, double& fpair)`
///     returning the pair energy and setting `fpair = -(dE/dr) / r`, so the force
///     on atom i is `fpair * (x_i - x_j)` (LAMMPS's convention).

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "glassland/core/error.hpp"
#include "glassland/core/structure.hpp"
#include "glassland/neighbor/neighbor_list.hpp"
#include "glassland/potential/potential.hpp"

namespace glassland::pair_detail {

/// Scratch for the pairs of one centre that lie inside their cutoff.
struct PairBuffer {
  std::vector<double> dx, dy, dz, r2;
  std::vector<int> j, t;
  void reserve(std::size_t n) {
    for (auto* v : {&dx, &dy, &dz, &r2}) v->resize(n);
    j.resize(n);
    t.resize(n);
  }
};

/// Sum over the half list of `nl`; forces (3 x N, zeroed by the caller) are
/// accumulated when `f` is non-null. `kShifts` = false skips adding image shifts
/// (valid when every listed pair uses the zero shift).
///
/// Two passes per centre: the first computes every listed pair vector and keeps
/// those inside the cutoff without a branch (the list holds pairs out to
/// cutoff + skin, and whether one is inside is a coin toss the branch predictor
/// loses); the second evaluates the interaction on the kept pairs only.
template <class I, bool kForces, bool kShifts>
double halfListSum(const Structure& s, double* f, const NeighborList& nl, const typename I::Coeff* table,
                   int ntypes, PairBuffer& buf) {
  const double* x = s.positions.data();
  const int* type = s.types.data();
  const Eigen::Vector3d* shifts = nl.imageShifts().data();
  const std::span<const int> centres = nl.centres();
  double* bdx = buf.dx.data();
  double* bdy = buf.dy.data();
  double* bdz = buf.dz.data();
  double* br2 = buf.r2.data();
  int* bj = buf.j.data();
  int* bt = buf.t.data();
  double energy = 0.0;
  for (std::size_t k = 0; k < centres.size(); ++k) {
    const int i = centres[k];
    const double xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2];
    const typename I::Coeff* row = table + static_cast<std::ptrdiff_t>(type[i]) * ntypes;
    int m = 0;
    for (const NeighborEntry& e : nl.neighbors(static_cast<int>(k))) {
      const int j = e.j;
      double dx = xi - x[3 * j];
      double dy = yi - x[3 * j + 1];
      double dz = zi - x[3 * j + 2];
      if constexpr (kShifts) {
        const Eigen::Vector3d& sh = shifts[e.image];
        dx -= sh[0];
        dy -= sh[1];
        dz -= sh[2];
      }
      const double r2 = dx * dx + dy * dy + dz * dz;
      const int tj = type[j];
      bdx[m] = dx;
      bdy[m] = dy;
      bdz[m] = dz;
      br2[m] = r2;
      bj[m] = j;
      bt[m] = tj;
      m += static_cast<int>(r2 < row[tj].cutsq);
    }
    double fxi = 0.0, fyi = 0.0, fzi = 0.0;
    for (int q = 0; q < m; ++q) {
      const typename I::Coeff& c = row[bt[q]];
      if constexpr (kForces) {
        double fpair;
        energy += I::energyForce(br2[q], c, fpair);
        const int j = bj[q];
        const double fx = bdx[q] * fpair, fy = bdy[q] * fpair, fz = bdz[q] * fpair;
        fxi += fx;
        fyi += fy;
        fzi += fz;
        f[3 * j] -= fx;
        f[3 * j + 1] -= fy;
        f[3 * j + 2] -= fz;
      } else {
        energy += I::energy(br2[q], c);
      }
    }
    if constexpr (kForces) {
      f[3 * i] += fxi;
      f[3 * i + 1] += fyi;
      f[3 * i + 2] += fzi;
    }
  }
  return energy;
}

}  // namespace glassland::pair_detail

namespace glassland {

/// Energy (and forces) of a pair potential with interaction `I`, following the
/// Potential::compute contract: with a non-empty `active` subset, the sum runs
/// over pairs with at least one active atom (a half list restricted to those
/// centres), so energy differences are exact while frozen atoms stay put, forces
/// on active atoms are exact and all other forces are zero.
///
/// `table` holds ntypes x ntypes coefficients (row-major, symmetric).
/// `settings` gives the largest cutoff and the skin (`settings.full` must be
/// false); `pair_cutoffs` (ntypes x ntypes, or empty) the per-type-pair cutoffs,
/// so the list holds each pair only within its own cutoff + skin.
/// Throws Error when the structure has a type index outside the table.
template <class I>
double pairCompute(const Structure& s, Positions* forces, Workspace& ws, AtomSubset active,
                   const std::vector<typename I::Coeff>& table, int ntypes, const NeighborSettings& settings,
                   std::span<const double> pair_cutoffs = {}) {
  const int n = s.size();
  if (static_cast<int>(s.types.size()) != n) {
    throw Error("pair potential: the structure has " + std::to_string(s.types.size()) + " types for " +
                std::to_string(n) + " atoms");
  }
  if (ws.neighbors.update(s.cell, s.positions, settings, active, s.types, pair_cutoffs)) {
    // Types are checked once per rebuild, not on every call.
    for (int t : s.types) {
      if (t < 0 || t >= ntypes) {
        throw Error("pair potential: atom type index " + std::to_string(t) + " but the potential knows " +
                    std::to_string(ntypes) + " species");
      }
    }
  }
  const NeighborList& nl = ws.neighbors;
  std::size_t most = 0;
  for (std::size_t k = 0; k < nl.centres().size(); ++k)
    most = std::max(most, nl.neighbors(static_cast<int>(k)).size());
  pair_detail::PairBuffer buf;
  buf.reserve(most);
  const bool shifts = !nl.onlyZeroShifts();
  const typename I::Coeff* coeff = table.data();
  if (!forces) {
    return shifts ? pair_detail::halfListSum<I, false, true>(s, nullptr, nl, coeff, ntypes, buf)
                  : pair_detail::halfListSum<I, false, false>(s, nullptr, nl, coeff, ntypes, buf);
  }
  forces->resize(3, n);
  forces->setZero();
  double* f = forces->data();
  const double energy = shifts ? pair_detail::halfListSum<I, true, true>(s, f, nl, coeff, ntypes, buf)
                               : pair_detail::halfListSum<I, true, false>(s, f, nl, coeff, ntypes, buf);
  if (!active.empty()) {
    // Newton's third law also pushed on frozen neighbours; their forces must
    // read zero. Only listed neighbours were touched, so clearing them (and
    // restoring the active atoms) keeps the cost with the subset.
    Positions kept(3, static_cast<Eigen::Index>(active.size()));
    for (std::size_t k = 0; k < active.size(); ++k)
      kept.col(static_cast<Eigen::Index>(k)) = forces->col(active[k]);
    for (std::size_t k = 0; k < nl.centres().size(); ++k) {
      for (const NeighborEntry& e : nl.neighbors(static_cast<int>(k))) forces->col(e.j).setZero();
    }
    for (std::size_t k = 0; k < active.size(); ++k)
      forces->col(active[k]) = kept.col(static_cast<Eigen::Index>(k));
  }
  return energy;
}

}  // namespace glassland
