#include "glassland/potential/eam.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "glassland/core/error.hpp"
#include "glassland/potential/funcfl.hpp"

namespace glassland {

namespace {

// Roles of atoms in a local evaluation (stored as doubles in Workspace::per_atom_b).
constexpr double kOutside = 0.0;  // not a centre: its density is never needed
constexpr double kFrozen = 1.0;   // centre whose density changes with the active atoms
constexpr double kActive = 2.0;   // active atom (also a centre)

}  // namespace

EamOptions EamOptions::fromYaml(OptionsReader& section, SetflFile::Style style) {
  EamOptions options;
  const YAML::Node file = section.child("file");
  if (style == SetflFile::Style::Funcfl && file && file.IsMap()) {
    OptionsReader per_species = section.section("file");
    for (const auto& entry : file) {
      const std::string name = entry.first.Scalar();
      std::string path;
      per_species.require(name, path);
      if (path.empty()) per_species.failAt(name, "the funcfl file name is empty");
      options.species_files[name] = path;
    }
    if (options.species_files.empty()) section.failAt("file", "names no funcfl file");
  } else {
    section.require("file", options.file);
    if (options.file.empty()) section.failAt("file", "the potential file name is empty");
  }
  section.get("skin", options.skin);
  if (!(options.skin >= 0.0)) section.failAt("skin", "must be >= 0 (Angstrom)");
  return options;
}

EamPotential::EamPotential(const SetflFile& file, const std::vector<std::string>& species, double skin)
    : name_(file.style == SetflFile::Style::Alloy            ? "eam/alloy"
            : file.style == SetflFile::Style::FinnisSinclair ? "eam/fs"
                                                             : "eam"),
      cutoff_(file.cutoff),
      cutoff_sq_(file.cutoff * file.cutoff),
      skin_(skin),
      num_types_(static_cast<int>(species.size())),
      nr_(file.nr),
      inverse_dr_(1.0 / file.dr),
      rho_max_(file.rho_max) {
  if (species.empty()) throw InputError(file.path, 4, "no species given to map onto the file's elements");
  std::vector<int> element(species.size());
  for (std::size_t t = 0; t < species.size(); ++t) {
    element[t] = file.elementIndex(species[t]);
    if (element[t] < 0) {
      std::string names;
      for (const auto& e : file.elements) names += (names.empty() ? "" : ", ") + e;
      throw InputError(file.path, 4,
                       "species '" + species[t] + "' (type " + std::to_string(t + 1) +
                           ") is not an element of this EAM file (it has: " + names + ")");
    }
    masses_.push_back(file.masses[static_cast<std::size_t>(element[t])]);
  }

  // Splines of the file's functions, as PairEAM::array2spline builds them.
  const int n = file.numElements();
  std::vector<EamSpline> density_splines;
  for (const auto& table : file.density) density_splines.emplace_back(table, file.dr);
  std::vector<EamSpline> r_phi_splines;
  for (const auto& table : file.r_phi) r_phi_splines.emplace_back(table, file.dr);
  for (int t = 0; t < num_types_; ++t) {
    embedding_.emplace_back(file.embedding[static_cast<std::size_t>(element[static_cast<std::size_t>(t)])],
                            file.drho);
  }

  // Interleave, per ordered type pair (t_i, t_j), the three functions a pair
  // needs, so one pair evaluation reads one knot record (one or two cache
  // lines) instead of three scattered tables.
  const auto nr = static_cast<std::size_t>(nr_);
  const auto num_pairs = static_cast<std::size_t>(num_types_ * num_types_);
  density_.resize(num_pairs * nr);
  force_.resize(num_pairs * nr);
  for (int ti = 0; ti < num_types_; ++ti) {
    for (int tj = 0; tj < num_types_; ++tj) {
      const int ei = element[static_cast<std::size_t>(ti)];
      const int ej = element[static_cast<std::size_t>(tj)];
      const EamSpline& into_i = density_splines[static_cast<std::size_t>(ej * n + ei)];
      const EamSpline& into_j = density_splines[static_cast<std::size_t>(ei * n + ej)];
      const int hi = std::max(ei, ej);
      const int lo = std::min(ei, ej);
      const EamSpline& z2 = r_phi_splines[static_cast<std::size_t>(hi * (hi + 1) / 2 + lo)];
      const std::size_t base = static_cast<std::size_t>(ti * num_types_ + tj) * nr;
      for (std::size_t k = 0; k < nr; ++k) {
        const auto& a = into_i.knot(static_cast<int>(k));
        const auto& b = into_j.knot(static_cast<int>(k));
        const auto& z = z2.knot(static_cast<int>(k));
        DensityKnot& d = density_[base + k];
        ForceKnot& f = force_[base + k];
        for (int c = 0; c < 4; ++c) {
          d.c[c] = a[static_cast<std::size_t>(3 + c)];
          d.c[4 + c] = b[static_cast<std::size_t>(3 + c)];
          f.c[9 + c] = z[static_cast<std::size_t>(3 + c)];
        }
        for (int c = 0; c < 3; ++c) {
          f.c[c] = a[static_cast<std::size_t>(c)];
          f.c[3 + c] = b[static_cast<std::size_t>(c)];
          f.c[6 + c] = z[static_cast<std::size_t>(c)];
        }
        f.c[13] = f.c[14] = f.c[15] = 0.0;
      }
    }
  }
}

double EamPotential::embed(int type, double rho, double& derivative) const {
  // PairEAM::compute: F and F' from the spline; past rhomax (two atoms pressed
  // together) the table ends, and LAMMPS continues F linearly with the slope
  // of the clamped spline so that energy stays consistent with the force.
  const EamSpline& spline = embedding_[static_cast<std::size_t>(type)];
  double p;
  const auto& c = spline.knot(spline.locate(rho, p));
  derivative = (c[0] * p + c[1]) * p + c[2];
  double value = ((c[3] * p + c[4]) * p + c[5]) * p + c[6];
  if (rho > rho_max_) value += derivative * (rho - rho_max_);
  return value;
}

void EamPotential::checkTypes(const Structure& s) const {
  if (s.numTypes() > num_types_ ||
      std::any_of(s.types.begin(), s.types.end(), [this](int t) { return t < 0 || t >= num_types_; })) {
    throw Error(name_ + ": the structure has atom types the potential was not built for (" +
                std::to_string(num_types_) + " species)");
  }
}

double EamPotential::compute(const Structure& s, Positions* forces, Workspace& ws, AtomSubset active) const {
  checkTypes(s);
  if (!active.empty() && (active.front() < 0 || active.back() >= s.size() ||
                          std::adjacent_find(active.begin(), active.end(),
                                             [](int a, int b) { return a >= b; }) != active.end())) {
    throw Error(name_ + ": the active subset must hold sorted, distinct atom indices below " +
                std::to_string(s.size()));
  }
  const bool local = !active.empty() && static_cast<int>(active.size()) < s.size();
  if (local) {
    return forces != nullptr ? computeLocal<true>(s, forces, ws, active)
                             : computeLocal<false>(s, forces, ws, active);
  }
  return forces != nullptr ? computeAll<true>(s, forces, ws) : computeAll<false>(s, forces, ws);
}

namespace {

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

template <bool kForces>
double EamPotential::computeAll(const Structure& s, Positions* forces, Workspace& ws) const {
  const int natoms = s.size();
  NeighborList& list = ws.neighbors;
  list.update(s.cell, s.positions, NeighborSettings{cutoff_, skin_, false});

  ws.per_atom_a.assign(static_cast<std::size_t>(natoms), 0.0);
  ws.per_atom_b.resize(static_cast<std::size_t>(natoms));
  double* rho = ws.per_atom_a.data();
  double* fp = ws.per_atom_b.data();
  const double* x = s.positions.data();
  const int* type = s.types.data();
  const std::span<const int> centres = list.centres();
  const std::size_t nr = static_cast<std::size_t>(nr_);
  const int ncentres = static_cast<int>(centres.size());

  std::vector<PairGeometry> pairs;
  auto keep_all = [](int) { return false; };
  // Density pass (half list: each pair feeds both densities).
  for (int k = 0; k < ncentres; ++k) {
    const int i = centres[static_cast<std::size_t>(k)];
    const int n = gatherPairs(list, k, x, type, false, keep_all, pairs);
    const DensityKnot* table_i = density_.data() + static_cast<std::size_t>(type[i] * num_types_) * nr;
    double rho_i = 0.0;
    for (int q = 0; q < n; ++q) {
      if (q + kPrefetchAhead < n)
        __builtin_prefetch(table_i + pairs[static_cast<std::size_t>(q + kPrefetchAhead)].knot);
      const PairGeometry& g = pairs[static_cast<std::size_t>(q)];
      const double p = g.p;
      const double* c = table_i[g.knot].c;
      rho_i += ((c[0] * p + c[1]) * p + c[2]) * p + c[3];
      rho[g.j] += ((c[4] * p + c[5]) * p + c[6]) * p + c[7];
    }
    rho[i] += rho_i;
  }

  double energy = 0.0;
  for (int i = 0; i < natoms; ++i) energy += embed(type[i], rho[i], fp[i]);

  if constexpr (kForces) forces->setZero(3, natoms);
  double* f = kForces ? forces->data() : nullptr;
  double pair_energy = 0.0;
  for (int k = 0; k < ncentres; ++k) {
    const int i = centres[static_cast<std::size_t>(k)];
    const int n = gatherPairs(list, k, x, type, true, keep_all, pairs);
    const double fp_i = fp[i];
    const ForceKnot* table_i = force_.data() + static_cast<std::size_t>(type[i] * num_types_) * nr;
    double fxi = 0.0, fyi = 0.0, fzi = 0.0;
    for (int q = 0; q < n; ++q) {
      prefetchForceKnot(table_i, pairs, q, n);
      const PairGeometry& g = pairs[static_cast<std::size_t>(q)];
      const double p = g.p;
      const double recip = g.recip;
      const double* c = table_i[g.knot].c;
      // z2 = r*phi; phi' = (z2' - phi)/r (PairEAM::compute).
      const double phi = pairPhi(c, p, recip);
      pair_energy += phi;
      if constexpr (kForces) {
        const int j = g.j;
        const double drho_into_i = (c[0] * p + c[1]) * p + c[2];
        const double drho_into_j = (c[3] * p + c[4]) * p + c[5];
        const double z2p = (c[6] * p + c[7]) * p + c[8];
        const double phip = z2p * recip - phi * recip;
        // dE/dr_ij = F'(rho_i) rho'_{j->i} + F'(rho_j) rho'_{i->j} + phi'
        const double fpair = (fp_i * drho_into_i + fp[j] * drho_into_j + phip) * recip;
        fxi += g.dx * fpair;
        fyi += g.dy * fpair;
        fzi += g.dz * fpair;
        f[3 * j] -= g.dx * fpair;
        f[3 * j + 1] -= g.dy * fpair;
        f[3 * j + 2] -= g.dz * fpair;
      }
    }
    if constexpr (kForces) {
      f[3 * i] += fxi;
      f[3 * i + 1] += fyi;
      f[3 * i + 2] += fzi;
    }
  }
  return energy + pair_energy;
}

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
        const double drho_into_i = (c[0] * p + c[1]) * p + c[2];
        const double drho_into_j = (c[3] * p + c[4]) * p + c[5];
        const double z2p = (c[6] * p + c[7]) * p + c[8];
        const double phip = z2p * recip - phi * recip;
        const double fpair = (fp_i * drho_into_i + fp[j] * drho_into_j + phip) * recip;
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

std::unique_ptr<EamPotential> loadEam(const std::string& file, SetflFile::Style style,
                                      const std::vector<std::string>& species, double skin) {
  SetflFile tables;
  try {
    tables = readSetfl(file, style);
  } catch (const InputError& e) {
    // eam/alloy and eam/fs files differ only in the number of density tables,
    // so the wrong style fails somewhere in the numbers with a puzzling
    // message ("cannot read 'hcp' as a finite number"): name the right style
    // when the file reads in it.
    const bool alloy = style == SetflFile::Style::Alloy;
    try {
      (void)readSetfl(file, alloy ? SetflFile::Style::FinnisSinclair : SetflFile::Style::Alloy);
    } catch (const InputError&) {
      throw e;
    }
    // what() is "FILE:LINE: message"; keep the message, add the hint.
    const std::string located =
        e.line() > 0 ? e.file() + ":" + std::to_string(e.line()) + ": " : e.file() + ": ";
    std::string message = e.what();
    if (!e.file().empty() && message.rfind(located, 0) == 0) message.erase(0, located.size());
    throw InputError(
        e.file(), e.line(),
        message + (alloy ? "; the file reads as an eam/fs file (one density table per element pair): use "
                           "'type: eam/fs'"
                         : "; the file reads as an eam/alloy file (one density table per element): use "
                           "'type: eam/alloy'"));
  }
  return std::make_unique<EamPotential>(tables, species, skin);
}

namespace {

/// `file` resolved against the config's folder; InputError at `key` when it is not a file.
std::string potentialFile(const OptionsReader& section, std::string_view key, const std::string& file,
                          const std::string& config_dir) {
  std::filesystem::path path(file);
  if (path.is_relative() && !config_dir.empty()) path = std::filesystem::path(config_dir) / path;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    section.failAt(key, "cannot open EAM potential file '" + path.string() + "'");
  }
  return path.string();
}

/// `type: eam`: the funcfl file of each species (one file for all, or a
/// mapping species -> file), converted as LAMMPS `pair_style eam` does.
SetflFile funcflTables(OptionsReader& section, const EamOptions& options,
                       const std::vector<std::string>& species, const std::string& config_dir) {
  for (const auto& [name, file] : options.species_files) {
    if (std::find(species.begin(), species.end(), name) == species.end()) {
      std::string names;
      for (const auto& s : species) names += (names.empty() ? "" : ", ") + s;
      section.failAt("file", "'" + name + "' is not one of the config's species (" + names + ")");
    }
  }
  std::vector<FuncflFile> files;
  for (const std::string& name : species) {
    std::string file = options.file;
    if (!options.species_files.empty()) {
      const auto it = options.species_files.find(name);
      if (it == options.species_files.end())
        section.failAt("file", "names no funcfl file for species '" + name + "'");
      file = it->second;
    }
    const std::string path = potentialFile(section, "file", file, config_dir);
    const auto read =
        std::find_if(files.begin(), files.end(), [&](const FuncflFile& f) { return f.path == path; });
    files.push_back(read != files.end() ? *read : readFuncfl(path));
  }
  return funcflToSetfl(files, species);
}

}  // namespace

std::unique_ptr<Potential> makeEam(OptionsReader& section, const std::vector<std::string>& species,
                                   const Units& units, const std::string& config_dir,
                                   SetflFile::Style style) {
  section.allow({"type"});
  const EamOptions options = EamOptions::fromYaml(section, style);
  section.finish();
  const bool funcfl = style == SetflFile::Style::Funcfl;
  if (units.name != "metal") {
    section.fail(std::string("EAM ") + (funcfl ? "funcfl" : "setfl") +
                 " files are in metal units (eV, Angstrom): set 'units: metal' (found '" + units.name + "')");
  }
  if (funcfl) {
    if (species.empty()) section.fail("type 'eam' needs the config's species");
    return std::make_unique<EamPotential>(funcflTables(section, options, species, config_dir), species,
                                          options.skin);
  }
  return loadEam(potentialFile(section, "file", options.file, config_dir), style, species, options.skin);
}

}  // namespace glassland
