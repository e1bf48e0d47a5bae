#pragma once
// Internal to the potential module: the pair gathering and the table
// arithmetic shared by the full (eam.cpp) and the local (eam_local.cpp) EAM
// evaluations.

#include <cmath>
#include <vector>

#include "glassland/potential/eam.hpp"

namespace glassland::eam_detail {

/// How many pairs ahead the table records are prefetched: the knots of a
/// pair are effectively random (r is random), so each pair would otherwise
/// wait on a cache miss into the multi-megabyte tables.
constexpr int kPrefetchAhead = 10;

/// Prefetches both cache lines of the force-table record of the pair
/// kPrefetchAhead after q, while pair q is computed.
template <typename Knot, typename Pair>
inline void prefetchForceKnot(const Knot* table_i, const std::vector<Pair>& pairs, int q, int n) {
  if (q + kPrefetchAhead >= n) return;
  const char* ahead =
      reinterpret_cast<const char*>(table_i + pairs[static_cast<std::size_t>(q + kPrefetchAhead)].knot);
  __builtin_prefetch(ahead);
  __builtin_prefetch(ahead + 64);
}

/// phi(r) of a pair from its force-table record: the cubic z2 = r phi of
/// LAMMPS' PairEAM, divided by r (recip = 1/r).
inline double pairPhi(const double* c, double p, double recip) {
  return (((c[9] * p + c[10]) * p + c[11]) * p + c[12]) * recip;
}

/// dE/dr_ij divided by r_ij, from the pair's force-table record, its phi and
/// the embedding derivatives F'(rho_i), F'(rho_j) (PairEAM::compute):
/// dE/dr_ij = F'(rho_i) rho'_{j->i} + F'(rho_j) rho'_{i->j} + phi', with
/// z2 = r*phi, phi' = (z2' - phi)/r.
inline double pairForceOverR(const double* c, double p, double recip, double phi, double fp_i, double fp_j) {
  const double drho_into_i = (c[0] * p + c[1]) * p + c[2];
  const double drho_into_j = (c[3] * p + c[4]) * p + c[5];
  const double z2p = (c[6] * p + c[7]) * p + c[8];
  const double phip = z2p * recip - phi * recip;
  return (fp_i * drho_into_i + fp_j * drho_into_j + phip) * recip;
}

}  // namespace glassland::eam_detail

namespace glassland {

template <class Skip>
int EamPotential::gatherPairs(const NeighborList& list, int k, const double* x, const int* type,
                              bool with_recip, Skip skip, std::vector<PairGeometry>& pairs) const {
  // Gathering first keeps the square roots and index arithmetic out of the
  // loop that waits on table loads, and lets that loop prefetch.
  const auto neighbors = list.neighbors(k);
  if (pairs.size() < neighbors.size()) pairs.resize(neighbors.size());
  const auto& shifts = list.imageShifts();
  const int i = list.centres()[static_cast<std::size_t>(k)];
  const double xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2];
  int n = 0;
  for (const NeighborEntry& e : neighbors) {
    const int j = e.j;
    if (skip(j)) continue;
    const double* shift = shifts[static_cast<std::size_t>(e.image)].data();
    const double dx = x[3 * j] + shift[0] - xi;
    const double dy = x[3 * j + 1] + shift[1] - yi;
    const double dz = x[3 * j + 2] + shift[2] - zi;
    const double rsq = dx * dx + dy * dy + dz * dz;
    if (rsq < cutoff_sq_) pairs[static_cast<std::size_t>(n++)] = PairGeometry{dx, dy, dz, rsq, 0.0, 0, j};
  }
  const std::size_t nr = static_cast<std::size_t>(nr_);
  const int nr_last = nr_ - 1;
  for (int q = 0; q < n; ++q) {
    PairGeometry& g = pairs[static_cast<std::size_t>(q)];
    const double r = std::sqrt(g.p);
    // PairEAM::compute's table lookup: p = r/dr + 1, m = min(int(p), nr-1), p = min(p - m, 1).
    double p = r * inverse_dr_ + 1.0;
    int m = static_cast<int>(p);
    m = m < nr_last ? m : nr_last;
    p -= m;
    g.p = p < 1.0 ? p : 1.0;
    if (with_recip) g.recip = 1.0 / r;
    g.knot = static_cast<std::size_t>(type[g.j]) * nr + static_cast<std::size_t>(m - 1);
  }
  return n;
}

}  // namespace glassland
