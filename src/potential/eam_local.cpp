// The local evaluation of EamPotential (see compute() in eam.hpp): the centre
// set around the active atoms, its densities from scratch or from the cached
// frozen densities, then the pairs that touch an active atom.
#include <algorithm>
#include <cstring>

#include "eam_kernels.hpp"
#include "glassland/core/error.hpp"
#include "glassland/potential/eam.hpp"

namespace glassland {

using eam_detail::kPrefetchAhead;
using eam_detail::pairForceOverR;
using eam_detail::pairPhi;
using eam_detail::prefetchForceKnot;

namespace {

// Roles of atoms in a local evaluation (stored as doubles in Workspace::per_atom_b).
constexpr double kOutside = 0.0;  // not a centre: its density is never needed
constexpr double kFrozen = 1.0;   // centre whose density changes with the active atoms
constexpr double kActive = 2.0;   // active atom (also a centre)

/// Everything the densities that frozen atoms give each other depend on, as a
/// flat array compared bit for bit: a tag, the sizes, the active and centre
/// sets, the cell, the types, and the positions of all atoms but the active
/// ones (those are what moves). Any change, or another potential's data in
/// the workspace, makes the comparison fail and the densities be recomputed.
std::vector<double> frozenKey(const Structure& s, AtomSubset active, std::span<const int> centres) {
  constexpr double kTag = 7.2340516e11;  // marks this layout in Workspace::per_atom_b
  const int n = s.size();
  std::vector<double> key;
  key.reserve(20 + active.size() + centres.size() + 4 * static_cast<std::size_t>(n));
  key.push_back(kTag);
  key.push_back(n);
  key.push_back(static_cast<double>(active.size()));
  key.push_back(static_cast<double>(centres.size()));
  key.insert(key.end(), active.begin(), active.end());
  key.insert(key.end(), centres.begin(), centres.end());
  key.insert(key.end(), s.cell.lo().data(), s.cell.lo().data() + 3);
  key.insert(key.end(), s.cell.h().data(), s.cell.h().data() + 9);
  for (int d = 0; d < 3; ++d) key.push_back(s.cell.periodic(d) ? 1.0 : 0.0);
  key.insert(key.end(), s.types.begin(), s.types.end());
  const std::size_t x0 = key.size();
  key.insert(key.end(), s.positions.data(), s.positions.data() + 3 * static_cast<std::size_t>(n));
  for (int a : active) {
    for (std::size_t d = 0; d < 3; ++d) key[x0 + 3 * static_cast<std::size_t>(a) + d] = 0.0;
  }
  return key;
}

}  // namespace

bool EamPotential::addCachedDensities(const NeighborList& list, const Structure& s, const double* role,
                                      double* rho, const double* rho_frozen,
                                      std::vector<PairGeometry>& pairs) const {
  const double* x = s.positions.data();
  const int* type = s.types.data();
  const std::size_t nr = static_cast<std::size_t>(nr_);
  auto keep_all = [](int) { return false; };
  auto frozen = [role](int j) { return role[j] != kActive; };
  for (int i : list.centres()) rho[i] = role[i] == kActive ? 0.0 : rho_frozen[i];
  const int ncentres = static_cast<int>(list.centres().size());
  for (int k = 0; k < ncentres; ++k) {
    const int i = list.centres()[static_cast<std::size_t>(k)];
    const bool i_active = role[i] == kActive;
    const int n = i_active ? gatherPairs(list, k, x, type, false, keep_all, pairs)
                           : gatherPairs(list, k, x, type, false, frozen, pairs);
    const DensityKnot* table_i = density_.data() + static_cast<std::size_t>(type[i] * num_types_) * nr;
    for (int q = 0; q < n; ++q) {
      const PairGeometry& g = pairs[static_cast<std::size_t>(q)];
      const double role_j = role[g.j];
      if (i_active && role_j == kOutside) return false;
      const double p = g.p;
      const double* c = table_i[g.knot].c;
      rho[i] += ((c[0] * p + c[1]) * p + c[2]) * p + c[3];
      if (role_j != kOutside) rho[g.j] += ((c[4] * p + c[5]) * p + c[6]) * p + c[7];
    }
  }
  return true;
}

bool EamPotential::addDensities(const NeighborList& list, const Structure& s, const double* role, double* rho,
                                double* rho_frozen, std::vector<PairGeometry>& pairs) const {
  const double* x = s.positions.data();
  const int* type = s.types.data();
  const std::size_t nr = static_cast<std::size_t>(nr_);
  auto keep_all = [](int) { return false; };
  for (int i : list.centres()) {
    rho[i] = 0.0;
    rho_frozen[i] = 0.0;
  }
  const int ncentres = static_cast<int>(list.centres().size());
  for (int k = 0; k < ncentres; ++k) {
    const int i = list.centres()[static_cast<std::size_t>(k)];
    const bool i_active = role[i] == kActive;
    const int n = gatherPairs(list, k, x, type, false, keep_all, pairs);
    const DensityKnot* table_i = density_.data() + static_cast<std::size_t>(type[i] * num_types_) * nr;
    for (int q = 0; q < n; ++q) {
      if (q + kPrefetchAhead < n)
        __builtin_prefetch(table_i + pairs[static_cast<std::size_t>(q + kPrefetchAhead)].knot);
      const PairGeometry& g = pairs[static_cast<std::size_t>(q)];
      const double role_j = role[g.j];
      if (i_active && role_j == kOutside) return false;  // an active atom reached an atom outside S
      const double p = g.p;
      const double* c = table_i[g.knot].c;
      const double into_i = ((c[0] * p + c[1]) * p + c[2]) * p + c[3];
      rho[i] += into_i;
      if (role_j != kActive) rho_frozen[i] += into_i;
      if (role_j != kOutside) {
        const double into_j = ((c[4] * p + c[5]) * p + c[6]) * p + c[7];
        rho[g.j] += into_j;
        if (!i_active) rho_frozen[g.j] += into_j;
      }
    }
  }
  return true;
}

void EamPotential::localDensities(const Structure& s, Workspace& ws, AtomSubset active,
                                  std::vector<PairGeometry>& pairs) const {
  const int natoms = s.size();
  NeighborList& list = ws.neighbors;
  const NeighborSettings settings{cutoff_, skin_, false};
  const std::size_t n2 = 2 * static_cast<std::size_t>(natoms);
  double* rho = ws.per_atom_a.data();
  double* rho_frozen = rho + natoms;

  // The centre set S must hold every atom within the cutoff of an active atom.
  // Reuse the previous centres while they still do (the list then needs no
  // rebuild); otherwise take the atoms within cutoff + skin, which stays
  // enough until some atom moves by half the skin.
  std::vector<int> centres(list.centres().begin(), list.centres().end());
  const bool reusable = list.builds() > 0 && static_cast<int>(centres.size()) < natoms &&
                        std::includes(centres.begin(), centres.end(), active.begin(), active.end());
  if (!reusable) centres = atomsWithin(s.cell, s.positions, active, cutoff_ + skin_);

  for (int attempt = 0;; ++attempt) {
    list.update(s.cell, s.positions, settings, centres);
    double* role = ws.per_atom_b.data() + natoms;
    std::fill(role, role + natoms, kOutside);
    for (int i : list.centres()) role[i] = kFrozen;
    for (int a : active) role[a] = kActive;

    // While the frozen atoms stay exactly where they were (a saddle search
    // moves only its active atoms), the density a frozen centre receives from
    // frozen atoms is the one cached by an earlier call: only pairs touching
    // an active atom need evaluating.
    const std::vector<double> key = frozenKey(s, active, list.centres());
    const bool cached = attempt == 0 && ws.per_atom_b.size() == n2 + key.size() &&
                        std::memcmp(ws.per_atom_b.data() + n2, key.data(), key.size() * sizeof(double)) == 0;
    bool closed;
    if (cached) {
      closed = addCachedDensities(list, s, role, rho, rho_frozen, pairs);
    } else {
      closed = addDensities(list, s, role, rho, rho_frozen, pairs);
      if (closed) {
        ws.per_atom_b.resize(n2 + key.size());
        std::copy(key.begin(), key.end(), ws.per_atom_b.begin() + static_cast<std::ptrdiff_t>(n2));
      } else {
        ws.per_atom_b.resize(n2);  // the partial frozen densities must not be reused
      }
    }
    if (closed) return;
    if (attempt > 0) throw Error("eam: internal error: the local centre set does not cover the cutoff");
    centres = atomsWithin(s.cell, s.positions, active, cutoff_ + skin_);
  }
}

template <bool kForces>
double EamPotential::addLocalPairs(const Structure& s, const NeighborList& list, const double* fp,
                                   const double* role, double* f, double energy,
                                   std::vector<PairGeometry>& pairs) const {
  const double* x = s.positions.data();
  const int* type = s.types.data();
  const std::size_t nr = static_cast<std::size_t>(nr_);
  auto keep_all = [](int) { return false; };
  const std::span<const int> centre_list = list.centres();
  const int ncentres = static_cast<int>(centre_list.size());
  for (int k = 0; k < ncentres; ++k) {
    const int i = centre_list[static_cast<std::size_t>(k)];
    const bool i_active = role[i] == kActive;
    // Pairs of two frozen atoms belong to the constant: skip them before any arithmetic.
    const int n = i_active ? gatherPairs(list, k, x, type, true, keep_all, pairs)
                           : gatherPairs(
                                 list, k, x, type, true, [role](int j) { return role[j] != kActive; }, pairs);
    const double fp_i = fp[i];
    const ForceKnot* table_i = force_.data() + static_cast<std::size_t>(type[i] * num_types_) * nr;
    for (int q = 0; q < n; ++q) {
      prefetchForceKnot(table_i, pairs, q, n);
      const PairGeometry& g = pairs[static_cast<std::size_t>(q)];
      const int j = g.j;
      const double p = g.p;
      const double recip = g.recip;
      const double* c = table_i[g.knot].c;
      const double phi = pairPhi(c, p, recip);
      energy += phi;
      if constexpr (kForces) {
        const double fpair = pairForceOverR(c, p, recip, phi, fp_i, fp[j]);
        if (i_active) {
          f[3 * i] += g.dx * fpair;
          f[3 * i + 1] += g.dy * fpair;
          f[3 * i + 2] += g.dz * fpair;
        }
        if (role[j] == kActive) {
          f[3 * j] -= g.dx * fpair;
          f[3 * j + 1] -= g.dy * fpair;
          f[3 * j + 2] -= g.dz * fpair;
        }
      }
    }
  }
  return energy;
}

template <bool kForces>
double EamPotential::computeLocal(const Structure& s, Positions* forces, Workspace& ws,
                                  AtomSubset active) const {
  const int natoms = s.size();
  // per_atom_a = [rho (N) | rho from frozen neighbours (N)],
  // per_atom_b = [F' (N) | role (N) | key of the cached frozen densities].
  const std::size_t n2 = 2 * static_cast<std::size_t>(natoms);
  ws.per_atom_a.resize(n2);
  if (ws.per_atom_b.size() < n2) ws.per_atom_b.resize(n2);
  std::vector<PairGeometry> pairs;
  localDensities(s, ws, active, pairs);

  const double* rho = ws.per_atom_a.data();
  const double* rho_frozen = rho + natoms;
  double* fp = ws.per_atom_b.data();
  const double* role = fp + natoms;
  const int* type = s.types.data();
  double energy = 0.0;
  for (int i : ws.neighbors.centres()) {
    energy += embed(type[i], rho[i], fp[i]);
    if (role[i] != kActive) {
      double unused;
      energy -= embed(type[i], rho_frozen[i], unused);
    }
  }
  if constexpr (kForces) forces->setZero(3, natoms);
  double* f = kForces ? forces->data() : nullptr;
  return addLocalPairs<kForces>(s, ws.neighbors, fp, role, f, energy, pairs);
}

template double EamPotential::computeLocal<true>(const Structure&, Positions*, Workspace&, AtomSubset) const;
template double EamPotential::computeLocal<false>(const Structure&, Positions*, Workspace&, AtomSubset) const;

}  // namespace glassland
