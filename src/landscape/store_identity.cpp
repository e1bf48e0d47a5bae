#include "store_identity.hpp"

#include <vector>

#include "glassland/core/error.hpp"

namespace glassland::landscape {

IdentityOptions IdentityOptions::fromYaml(OptionsReader& reader) {
  IdentityOptions o;
  reader.get("energy_tolerance", o.energy_tolerance)
      .get("distance_tolerance", o.distance_tolerance)
      .get("delta_tolerance", o.delta_tolerance);
  reader.finish();
  try {
    o.validate();
  } catch (const InputError& e) {
    reader.fail(e.what());
  }
  return o;
}

void IdentityOptions::validate() const {
  if (!(energy_tolerance > 0.0)) throw InputError("landscape.energy_tolerance must be > 0");
  if (!(distance_tolerance > 0.0)) throw InputError("landscape.distance_tolerance must be > 0");
  if (!(delta_tolerance >= 0.0) || !(delta_tolerance < 0.1 * distance_tolerance)) {
    // Atoms within delta_tolerance of the root are stored as the root, so two
    // structures compared after storage may differ by up to 2 delta_tolerance
    // more than before: keep that far below the identity tolerance.
    throw InputError("landscape.delta_tolerance must be >= 0 and below distance_tolerance / 10");
  }
}

namespace {

// Calls f(atom, position in a, position in b) for every atom in either
// delta; atoms in neither are at the root in both and contribute nothing.
template <class F>
void mergeDeltas(const Positions& root, const SparseVectors& a, const SparseVectors& b, F&& f) {
  std::size_t i = 0, j = 0;
  while (i < a.atoms.size() || j < b.atoms.size()) {
    const auto ai = i < a.atoms.size() ? a.atoms[i] : UINT32_MAX;
    const auto bj = j < b.atoms.size() ? b.atoms[j] : UINT32_MAX;
    if (ai == bj) {
      f(ai, a.vectors.col(static_cast<Eigen::Index>(i)), b.vectors.col(static_cast<Eigen::Index>(j)));
      ++i, ++j;
    } else if (ai < bj) {
      f(ai, a.vectors.col(static_cast<Eigen::Index>(i)), root.col(ai));
      ++i;
    } else {
      f(bj, root.col(bj), b.vectors.col(static_cast<Eigen::Index>(j)));
      ++j;
    }
  }
}

}  // namespace

void StoreIdentity::checkShape(const Positions& p, const char* what) const {
  if (p.cols() != numAtoms()) {
    throw Error(path + ": " + what + " has " + std::to_string(p.cols()) + " atoms, the store's root has " +
                std::to_string(numAtoms()));
  }
  // A NaN coordinate would compare as "within tolerance" of anything.
  if (!p.allFinite()) throw Error(path + ": " + what + " has a non-finite coordinate");
}

// Atoms farther than delta_tolerance from their root position, stored as
// the periodic image nearest the root (so stored positions minus root
// positions are true displacements).
SparseVectors StoreIdentity::deltaFromRoot(const Positions& p) const {
  const Cell& cell = root.cell;
  const Positions& r = root.positions;
  SparseVectors out;
  std::vector<Eigen::Vector3d> values;
  for (int i = 0; i < numAtoms(); ++i) {
    const Eigen::Vector3d d = cell.minimumImage(p.col(i) - r.col(i));
    if (d.norm() > options.delta_tolerance) {
      out.atoms.push_back(static_cast<std::uint32_t>(i));
      values.push_back(r.col(i) + d);
    }
  }
  out.vectors.resize(3, static_cast<Eigen::Index>(values.size()));
  for (std::size_t k = 0; k < values.size(); ++k) out.vectors.col(static_cast<Eigen::Index>(k)) = values[k];
  return out;
}

std::string StoreIdentity::fingerprint(const SparseVectors& delta) const {
  std::string out;
  for (int k = 0; k < delta.size(); ++k) {
    const auto i = delta.atoms[static_cast<std::size_t>(k)];
    if ((delta.vectors.col(k) - root.positions.col(i)).norm() > options.distance_tolerance) {
      out += (out.empty() ? "" : ",") + std::to_string(i);
    }
  }
  return out;
}

bool StoreIdentity::sameStructure(const SparseVectors& a, const SparseVectors& b) const {
  const Cell& cell = root.cell;
  const double tol2 = options.distance_tolerance * options.distance_tolerance;
  bool same = true;
  mergeDeltas(root.positions, a, b, [&](std::uint32_t, const auto& pa, const auto& pb) {
    if (same && cell.minimumImage(pb - pa).squaredNorm() > tol2) same = false;
  });
  return same;
}

Positions StoreIdentity::expand(const SparseVectors& delta) const {
  Positions p = root.positions;
  for (int k = 0; k < delta.size(); ++k)
    p.col(delta.atoms[static_cast<std::size_t>(k)]) = delta.vectors.col(k);
  return p;
}

StoreIdentity::Displacement StoreIdentity::displacement(const SparseVectors& a,
                                                        const SparseVectors& b) const {
  const Cell& cell = root.cell;
  Displacement out;
  std::vector<Eigen::Vector3d> values;
  mergeDeltas(root.positions, a, b, [&](std::uint32_t atom, const auto& pa, const auto& pb) {
    const Eigen::Vector3d d = cell.minimumImage(pb - pa);
    const double n = d.norm();
    if (n > options.delta_tolerance) {
      out.vectors.atoms.push_back(atom);
      values.push_back(d);
    }
    if (n > out.max) {
      out.max = n;
      out.max_atom = atom;
    }
  });
  out.vectors.vectors.resize(3, static_cast<Eigen::Index>(values.size()));
  for (std::size_t k = 0; k < values.size(); ++k)
    out.vectors.vectors.col(static_cast<Eigen::Index>(k)) = values[k];
  return out;
}

}  // namespace glassland::landscape
